"""Feedback, unanswered-question and server-settings store: SQLite under DATA_DIR, or PostgreSQL when DATABASE_URL is set.

Nothing here imports discord. The adapter calls :meth:`Store.log_question` for every
`unknown`/`ambiguous` result and :meth:`Store.log_feedback` for every 👍/👎 click; both return at
once, the rows are committed by a single background writer thread that batches them.

Backends: :func:`store_target` picks one from the settings. ``DATABASE_URL=postgresql://…`` selects
PostgreSQL (driver: psycopg 3, imported only then), so that every process of a sharded bot shares one
store; otherwise ``$DATA_DIR/factbot.sqlite3`` (:data:`STORE_FILE`). One :class:`Store` class serves
both: schema versions, migrations, retention, batching and the outage buffer are shared code, and a
backend (:class:`_SQLite`, :class:`_Postgres`) only supplies what differs in SQL or in opening.

Outages: a batch that cannot be written because the database is unreachable, full or locked is kept
and retried with backoff (the cause is logged once per outage, and once more when it is back); new rows
wait in a bounded queue (``max_queue``) meanwhile, and rows arriving past that bound are dropped,
counted (:meth:`Store.stats`) and logged once per outage. A batch the database refuses for good
(a constraint, a bad value) is dropped, counted and logged.

PostgreSQL down at start: with ``connect_in_background=True`` (what the bot uses; ``report`` does not)
a server that cannot be reached does not stop the store from opening. The writer thread keeps
connecting (and then migrating) with the same backoff, rows wait in the same bounded queue, and reads
raise StoreError at once without touching the network until it is up (the adapter falls back to the
defaults; a vote is not checked against committed ones, the insert still ignores a duplicate). A
database that is reachable but not usable (foreign, newer schema) still raises at start, or disables
the store (rows dropped and counted) if it is only found so in the background.

Reads during an outage (PostgreSQL): the adapter reads on the reply path (server settings at each
interaction, the "already voted" check), so a read never waits long. While the store knows the server
is unreachable (the writer is retrying, or a read failed or timed out less than READ_RETRY seconds
ago) reads raise StoreError at once without the network; otherwise a read runs on the reader thread
and the caller waits at most ``read_timeout`` (STORE_READ_TIMEOUT, 0.5 s) before StoreError (a query
left hanging is aborted). The adapter then uses the settings last read, else the defaults, and checks
a vote only against the votes still queued. SQLite reads are local and stay as they were.

Privacy: no user ids or names are stored. The feedback de-duplication key (``voter_key``, an opaque
string the adapter derives) is stored only as a SHA-256 digest. Question text arrives without Discord
mention syntax: the adapter scrubs every entry before the core sees it (bot/chat/mentions.py).

Durability (SQLite): WAL journal with ``synchronous=FULL``; a row counts as committed once the
writer's transaction has committed (:meth:`Store.flush` waits for that). A process killed with
SIGKILL loses at most the rows still queued in memory, never a committed one, and never corrupts the
file.

Schema versions live in ``PRAGMA user_version`` (SQLite) or the one-row table ``factbot_schema``
(PostgreSQL) and are applied in order from :data:`MIGRATIONS`; each migration and its version bump
commit together (on PostgreSQL under an advisory lock, so processes starting together migrate once).
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import queue
import re
import socket
import sqlite3
import threading
import time
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

log = logging.getLogger(__name__)

__all__ = [
    "FeedbackCount",
    "MIGRATIONS",
    "Row",
    "SCHEMA_VERSION",
    "STORE_FILE",
    "Store",
    "StoreError",
    "StoreStats",
    "UnansweredRow",
    "normalise_question",
    "store_target",
]

#: The SQLite file under DATA_DIR: the bot writes it and `report` reads it (one name, here).
STORE_FILE = "factbot.sqlite3"
KEPT_STATUSES = frozenset({"unknown", "ambiguous"})
MAX_QUESTION_CHARS = 1000  # the engine reads at most 500; keep a little more, never unbounded
DAY = 86_400.0
RETRY_MIN, RETRY_MAX = 0.05, 2.0  # seconds between attempts while the database is unavailable
READ_TIMEOUT = 0.5  # seconds a read on the reply path may wait for PostgreSQL (STORE_READ_TIMEOUT)
READ_RETRY = 2.0  # seconds reads skip the network after one found PostgreSQL unreachable

_SPACE = re.compile(r"\s+")
# Text of only printable ASCII and Hangul syllables (most questions) takes a fast path in
# normalise_question: every other ASCII character there is punctuation or a symbol.
_PLAIN = re.compile(r"[\x20-\x7e\uac00-\ud7a3]*")
_ASCII_PUNCT = re.compile(r"[^0-9a-z\x80-\U0010ffff]+")


class StoreError(Exception):
    """The store cannot be opened or used (unwritable directory, not our database, corrupt file,
    unreachable server).

    The message says which path and what is wrong; the adapter catches it and runs without a store.
    """


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.split(":", 1)[0].lower() in ("postgresql", "postgres")


def store_target(settings: Any) -> str | Path:
    """Where the store lives for these settings: DATABASE_URL if set, else ``DATA_DIR/STORE_FILE``."""
    url = getattr(settings, "database_url", None)
    if url is not None:
        url = url.get_secret_value() if hasattr(url, "get_secret_value") else str(url)
        if url.strip():
            return url.strip()
    return Path(settings.data_dir) / STORE_FILE


def redact(url: str) -> str:
    """A URL fit for logs: the password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def scrub(text: str) -> str:
    """Question text as kept in the database: capped in length. Discord mention syntax is removed by
    the adapter before any question reaches the core or the store (bot/chat/mentions.py, the one
    scrubber)."""
    return text[:MAX_QUESTION_CHARS]


def normalise_question(text: str) -> str:
    """Key used to count repeats of one question: NFKC, casefold, no punctuation/symbols/format
    characters (zero-width, bidi controls), whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if _PLAIN.fullmatch(text):
        return _ASCII_PUNCT.sub(" ", text).strip()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "PSZ" or cat in ("Cc", "Cf"):
            out.append(" ")
        elif cat[0] == "M" and out and out[-1] == " ":
            continue  # combining marks left dangling after a removed character
        else:
            out.append(ch)
    return _SPACE.sub(" ", "".join(out)).strip()




# --------------------------------------------------------------------------- schema / migrations
#
# Written once in SQLite's spelling with `?` placeholders; :meth:`_Backend.sql` translates what
# PostgreSQL spells differently (placeholders, auto-increment keys, float and 64-bit integer types).


def _migrate_v1(db: "_Conn") -> None:
    """v1: the two tables."""
    db.execute(
        """CREATE TABLE unanswered (
               id INTEGER PRIMARY KEY,
               ts REAL NOT NULL,
               question TEXT NOT NULL,
               lang TEXT NOT NULL,
               status TEXT NOT NULL,
               intent TEXT,
               confidence REAL NOT NULL,
               guild_id INTEGER
           )"""
    )
    db.execute(
        """CREATE TABLE feedback (
               id INTEGER PRIMARY KEY,
               ts REAL NOT NULL,
               answer_id TEXT NOT NULL,
               voter_hash TEXT NOT NULL,
               question TEXT NOT NULL,
               intent TEXT,
               confidence REAL NOT NULL,
               lang TEXT NOT NULL,
               guild_id INTEGER,
               vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
               UNIQUE (answer_id, voter_hash)
           )"""
    )


def _migrate_v2(db: "_Conn") -> None:
    """v2: a normalised-question column (for counting repeats in SQL) and time indexes (retention,
    ``since`` queries). Existing rows are back-filled."""
    db.execute("ALTER TABLE unanswered ADD COLUMN qnorm TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE feedback ADD COLUMN qnorm TEXT NOT NULL DEFAULT ''")
    for table in ("unanswered", "feedback"):
        rows = db.execute(f"SELECT id, question FROM {table}")
        db.executemany(
            f"UPDATE {table} SET qnorm = ? WHERE id = ?",
            [(normalise_question(q), i) for i, q in rows],
        )
    db.execute("CREATE INDEX unanswered_ts ON unanswered (ts)")
    db.execute("CREATE INDEX feedback_ts ON feedback (ts)")
    db.execute("CREATE INDEX feedback_intent_q ON feedback (intent, qnorm)")


def _migrate_v3(db: "_Conn") -> None:
    """v3: per-server settings (``/config``): one row per guild, NULL = the default from the
    environment. ``private`` is 0/1; ``autoanswer_channel`` is a channel id or NULL (off)."""
    db.execute(
        """CREATE TABLE guild_settings (
               guild_id BIGINT NOT NULL PRIMARY KEY,
               language TEXT,
               private INTEGER,
               autoanswer_channel BIGINT,
               updated REAL NOT NULL
           )"""
    )


#: Ordered migrations; entry ``i`` brings the schema from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Callable[["_Conn"], None], ...] = (_migrate_v1, _migrate_v2, _migrate_v3)
SCHEMA_VERSION = len(MIGRATIONS)
_OUR_TABLES = {"unanswered", "feedback"}
GUILD_SETTINGS = ("language", "private", "autoanswer_channel")

_INSERT_QUESTIONS = (
    "INSERT INTO unanswered (ts, question, qnorm, lang, status, intent, confidence, guild_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_VOTES = (
    "INSERT INTO feedback (ts, answer_id, voter_hash, question, qnorm, intent, confidence, lang, guild_id, vote)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id, voter_hash) DO NOTHING"
)


# --------------------------------------------------------------------------- backends


class _Conn:
    """A connection plus the backend that translates SQL for it (what migrations are given)."""

    def __init__(self, backend: "_Backend", raw: Any) -> None:
        self.backend = backend
        self.raw = raw

    def execute(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        cur = self.raw.execute(self.backend.sql(sql), params)
        return cur.fetchall() if cur.description is not None else []

    def executemany(self, sql: str, rows: list[tuple]) -> int:
        """Returns the number of rows changed."""
        if not rows:
            return 0
        cur = self.raw.cursor()
        try:
            cur.executemany(self.backend.sql(sql), rows)
            return max(cur.rowcount, 0)
        finally:
            cur.close()

    def begin(self) -> None:
        self.raw.execute(self.backend.begin_sql)

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        """Roll back if a transaction is still open; never raises (a failed rollback must not hide
        the error that caused it: SQLite rolls back by itself on a full disk, a dead server has
        nothing to roll back)."""
        try:
            if self.backend.in_transaction(self.raw):
                self.raw.execute("ROLLBACK")
        except Exception:
            pass

    def close(self) -> None:
        try:
            self.raw.close()
        except Exception:
            pass


class _Backend:
    """What differs between the databases: opening, SQL spelling, schema version, error kinds."""

    name = ""
    begin_sql = "BEGIN"

    def __init__(self, where: str) -> None:
        self.where = where  # for messages (no password)

    def sql(self, text: str) -> str:
        return text

    def connect(self, *, create: bool) -> _Conn:
        raise NotImplementedError

    def in_transaction(self, raw: Any) -> bool:
        raise NotImplementedError

    def get_version(self, db: _Conn) -> int:
        raise NotImplementedError

    def set_version(self, db: _Conn, version: int) -> None:
        raise NotImplementedError

    def tables(self, db: _Conn) -> set[str]:
        raise NotImplementedError

    def lock_schema(self, db: _Conn) -> None:
        """Inside a migration transaction: keep other processes from migrating at the same time."""

    def check(self, db: _Conn) -> None:
        """Refuse a damaged database (raise StoreError)."""

    def transient(self, exc: BaseException) -> bool:
        """Whether a failed write may succeed later (outage, full disk, lock) rather than never."""
        raise NotImplementedError

    def describe(self, exc: BaseException) -> str:
        return " ".join(str(exc).split()) or type(exc).__name__


class _SQLite(_Backend):
    name = "sqlite"
    begin_sql = "BEGIN IMMEDIATE"

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    def connect(self, *, create: bool) -> _Conn:
        path = self.path
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create data directory {path.parent}: {e.strerror or e}") from e
            if path.exists() and not path.is_file():
                raise StoreError(f"{path} exists and is not a file")
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open database {path}: {e} (is {path.parent} writable?)") from e
        try:
            # Reading the schema forces SQLite to parse the header: a foreign file fails here.
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"cannot put {path} in WAL mode (journal_mode is {mode})")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as e:
            db.close()
            msg = str(e)
            if "not a database" in msg or "malformed" in msg or "encrypted" in msg:
                raise StoreError(f"{path} is not a factbot database (SQLite says: {msg}); move it away or set DATA_DIR") from e
            if "readonly" in msg or "unable to open" in msg or "disk I/O" in msg:
                raise StoreError(f"cannot write database {path}: {msg} (is {path.parent} writable?)") from e
            raise StoreError(f"cannot open database {path}: {msg}") from e
        except StoreError:
            db.close()
            raise
        return _Conn(self, db)

    def in_transaction(self, raw: Any) -> bool:
        return raw.in_transaction

    def get_version(self, db: _Conn) -> int:
        return db.execute("PRAGMA user_version")[0][0]

    def set_version(self, db: _Conn, version: int) -> None:
        db.execute(f"PRAGMA user_version = {int(version)}")

    def tables(self, db: _Conn) -> set[str]:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def check(self, db: _Conn) -> None:
        problems = [r[0] for r in db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            detail = "; ".join(" ".join(p.split()) for p in problems)[:300]
            raise StoreError(f"{self.path} is damaged (SQLite quick_check: {detail}); move it away")

    def transient(self, exc: BaseException) -> bool:
        # OperationalError: locked, busy, disk full, I/O error, file size limit; a bare
        # DatabaseError is an I/O-level problem too. Integrity/programming errors are for good.
        return isinstance(exc, (sqlite3.OperationalError, OSError)) or type(exc) is sqlite3.DatabaseError


class _Postgres(_Backend):
    name = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__(redact(url))
        self.url = url
        try:
            import psycopg
        except ImportError as e:
            raise StoreError("DATABASE_URL is a PostgreSQL URL but psycopg is not installed "
                             "(pip install 'factbot[postgres]')") from e
        self.psycopg = psycopg

    def sql(self, text: str) -> str:
        return (text.replace("?", "%s")
                .replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                .replace(" REAL", " DOUBLE PRECISION")
                .replace("guild_id INTEGER", "guild_id BIGINT"))

    def connect(self, *, create: bool) -> _Conn:
        try:
            # keepalives and tcp_user_timeout: a connection whose packets are dropped fails in
            # seconds instead of after the kernel's retransmissions (many minutes)
            raw = self.psycopg.connect(self.url, autocommit=True, connect_timeout=3,
                                       application_name="factbot", keepalives=1, keepalives_idle=10,
                                       keepalives_interval=5, keepalives_count=3, tcp_user_timeout=15_000)
        except self.psycopg.Error as e:
            raise StoreError(f"cannot connect to PostgreSQL at {self.where}: {self.describe(e)}") from e
        return _Conn(self, raw)

    def in_transaction(self, raw: Any) -> bool:
        return raw.info.transaction_status != self.psycopg.pq.TransactionStatus.IDLE

    def abort(self, db: _Conn) -> None:
        """From another thread: make a query blocked on ``db`` fail now (its socket is shut down;
        libpq then reports the connection lost). Never raises."""
        try:
            fd = db.raw.pgconn.socket
            sock = socket.socket(fileno=os.dup(fd))
        except Exception:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.close()

    def get_version(self, db: _Conn) -> int:
        db.execute("CREATE TABLE IF NOT EXISTS factbot_schema (version INTEGER NOT NULL)")
        rows = db.execute("SELECT version FROM factbot_schema")
        return rows[0][0] if rows else 0

    def set_version(self, db: _Conn, version: int) -> None:
        db.execute("DELETE FROM factbot_schema")
        db.execute("INSERT INTO factbot_schema (version) VALUES (?)", (version,))

    def tables(self, db: _Conn) -> set[str]:
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {r[0] for r in rows} - {"factbot_schema"}

    def lock_schema(self, db: _Conn) -> None:
        db.execute("SELECT pg_advisory_xact_lock(7216053)")  # any fixed key: "factbot schema"

    def transient(self, exc: BaseException) -> bool:
        e = self.psycopg.errors
        if isinstance(exc, (self.psycopg.OperationalError, self.psycopg.InterfaceError, OSError)):
            return True  # connection lost or refused, server shutting down, disk full (class 53), ...
        return isinstance(exc, (e.SerializationFailure, e.DeadlockDetected, e.LockNotAvailable))


# --------------------------------------------------------------------------- read-side values



@dataclass(frozen=True, slots=True)
class UnansweredRow:
    """One kept `unknown`/`ambiguous` question."""

    ts: float  # unix seconds
    question: str
    lang: str
    status: str
    intent: str | None
    confidence: float
    guild_id: int | None


Row = UnansweredRow


@dataclass(frozen=True, slots=True)
class FeedbackCount:
    """Votes on the answers given to one question (grouped by intent and normalised question)."""

    intent: str | None
    question: str  # the most frequent phrasing among the grouped votes
    up: int
    down: int
    last_ts: float


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Counters since the store was opened (for logs and tests)."""

    questions_written: int
    votes_written: int
    dropped: int  # rows lost: queue full, store closed, or a failed batch
    purged: int  # rows deleted by retention
    queued: int  # rows waiting for the writer now


# --------------------------------------------------------------------------- writer commands


@dataclass(slots=True)
class _Question:
    ts: float
    question: str
    qnorm: str
    lang: str
    status: str
    intent: str | None
    confidence: float
    guild_id: int | None


@dataclass(slots=True)
class _Vote:
    ts: float
    answer_id: str
    voter_hash: str
    question: str
    qnorm: str
    intent: str | None
    confidence: float
    lang: str
    guild_id: int | None
    vote: int


@dataclass(slots=True)
class _Barrier:
    """Commit everything before me, then (optionally) purge, then signal."""

    done: threading.Event
    purge: bool = False
    purged: int = 0


_STOP = object()


@dataclass(slots=True)
class _ReadJob:
    """One query for the reader thread (PostgreSQL); the caller waits at most ``read_timeout``."""

    sql: str
    params: tuple
    done: threading.Event
    rows: list[tuple] | None = None
    error: BaseException | None = None
    abandoned: bool = False  # the caller stopped waiting: skip it if not started


# --------------------------------------------------------------------------- the store


class Store:
    """The feedback and unanswered-question store (see the module docstring).

    ``target`` is a SQLite file path or a ``postgresql://`` URL (see :func:`store_target`).
    ``clock`` returns unix seconds; tests inject one to exercise retention without sleeping.
    ``purge_interval`` is how often (by ``clock``) the writer re-applies retention while running.
    ``max_queue`` bounds the rows waiting for the database (the outage buffer); ``close_timeout`` is
    how long :meth:`close` keeps trying to write them when the database is unavailable.
    ``read_timeout`` (PostgreSQL) is the longest a read waits for the server before it raises
    StoreError (see :meth:`_read`).
    """

    def __init__(
        self,
        target: Path | str,
        retention_days: int = 90,
        *,
        clock: Callable[[], float] = time.time,
        purge_interval: float = 3600.0,
        max_queue: int = 10_000,
        batch_size: int = 500,
        close_timeout: float = 10.0,
        connect_in_background: bool = False,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        if retention_days < 1:
            raise ValueError(f"retention_days must be >= 1, got {retention_days}")
        if not read_timeout > 0:
            raise ValueError(f"read_timeout must be > 0, got {read_timeout}")
        if is_url(target):
            self._backend: _Backend = _Postgres(str(target))
            self.path: Path | None = None
        else:
            self.path = Path(target)
            self._backend = _SQLite(self.path)
        self.backend = self._backend.name
        self.where = self._backend.where
        self.retention_days = retention_days
        self._clock = clock
        self._purge_interval = purge_interval
        self._batch_size = batch_size
        self._close_timeout = close_timeout
        self._read_timeout = float(read_timeout)
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max_queue)
        self._pending_votes: set[tuple[str, str]] = set()
        self._vote_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._closed = False
        self._stopping = threading.Event()
        self._give_up_at = float("inf")  # monotonic; set by close()
        self._questions_written = 0
        self._votes_written = 0
        self._dropped = 0
        self._purged = 0
        # outage bookkeeping (writer thread, and _put for the drop notice)
        self._down_since: float | None = None
        self._dropped_in_outage = 0
        self._drop_logged = False
        self._reads_down_until = 0.0  # monotonic: until then PostgreSQL reads skip the network
        self._vote_lookup_failing = False

        self._wdb: _Conn | None = None
        self._rdb: _Conn | None = None
        self._ready = threading.Event()  # connected and migrated: reads may use the database
        self._broken: str | None = None  # refused for good after a background start (why)
        self._last_purge = self._clock()
        try:
            self._open()
        except StoreError as e:
            if not (connect_in_background and self._unreachable(e)):
                raise
            self._down_since = time.monotonic()  # the outage notices (_outage, _recovered) start here
            log.warning("store: %s unreachable at start (%s); answers still work, rows wait in memory (up to %d) "
                        "and are written once it is up; connecting in the background",
                        self.where, self._backend.describe(e), max_queue)
        self._writer = threading.Thread(target=self._run, name=f"store-writer:{self.backend}", daemon=True)
        self._writer.start()
        # PostgreSQL reads run on a thread of their own so that a caller can stop waiting for one.
        self._read_jobs: queue.Queue[_ReadJob | object] = queue.Queue()
        self._reader: threading.Thread | None = None
        if self.backend != "sqlite":
            self._reader = threading.Thread(target=self._read_loop, name=f"store-reader:{self.backend}", daemon=True)
            self._reader.start()
        # Flush what is queued if the process exits without close(); weakref so we don't keep it alive.
        ref = weakref.ref(self)
        self._atexit = lambda: (s := ref()) is not None and s.close()
        atexit.register(self._atexit)

    # ----------------------------------------------------------------- opening

    def _open(self) -> None:
        """Connect, migrate and apply retention (at start, or on the writer thread after a background
        start); raises StoreError."""
        wdb = self._backend.connect(create=True)
        try:
            self._migrate(wdb)
            self._purge(wdb)
        except BaseException:
            wdb.close()
            raise
        self._wdb = wdb
        self._last_purge = self._clock()
        self._ready.set()
        log.info("store open: %s %s (schema v%d, retention %d days)", self.backend, self.where, SCHEMA_VERSION,
                 self.retention_days)

    def _unreachable(self, exc: StoreError) -> bool:
        """Whether opening failed because the server could not be reached (may work later), rather
        than because the database is not one we can use (foreign, newer schema, no driver)."""
        cause = exc.__cause__
        return self._backend.name != "sqlite" and cause is not None and self._backend.transient(cause)

    def _open_in_background(self) -> bool:
        """Writer thread, after a background start: retry opening with backoff until it works (True),
        the database refuses us for good or the store is closed and ``close_timeout`` has passed (False)."""
        delay = RETRY_MIN
        while True:
            try:
                self._open()
                return True
            except StoreError as e:
                if not self._unreachable(e):
                    self._broken = str(e)
                    log.error("store disabled: %s; answers still work, rows are dropped from now on", e)
                    return False
            if time.monotonic() >= self._give_up_at:
                return False
            (time.sleep if self._stopping.is_set() else self._stopping.wait)(delay)
            delay = min(delay * 2, RETRY_MAX)

    def _migrate(self, db: _Conn) -> None:
        where, b = self.where, self._backend
        try:
            for _ in range(SCHEMA_VERSION + 1):
                db.begin()
                try:
                    b.lock_schema(db)
                    version = b.get_version(db)
                    tables = b.tables(db)
                    foreign = tables if b.name == "sqlite" else tables & _OUR_TABLES
                    if version == 0 and foreign:
                        raise StoreError(
                            f"{where} is a {b.name} database of something else (tables: "
                            f"{', '.join(sorted(foreign))}); move it away or set "
                            + ("DATA_DIR" if b.name == "sqlite" else "DATABASE_URL")
                        )
                    if version > SCHEMA_VERSION:
                        raise StoreError(
                            f"{where} has schema version {version}, newer than this factbot knows "
                            f"({SCHEMA_VERSION}); upgrade factbot"
                        )
                    if version > 0 and not _OUR_TABLES <= tables:
                        raise StoreError(f"{where} has schema version {version} but not the factbot tables; "
                                         "not our database")
                    if version == SCHEMA_VERSION:
                        db.commit()
                        break
                    MIGRATIONS[version](db)
                    b.set_version(db, version + 1)
                    db.commit()
                except BaseException:
                    db.rollback()
                    raise
                log.info("store %s migrated to schema v%d", where, version + 1)
            b.check(db)
        except StoreError:
            raise
        except Exception as e:
            raise StoreError(f"cannot prepare database {where}: {b.describe(e)}") from e

    # ----------------------------------------------------------------- write side (any thread)

    def log_question(
        self,
        *,
        question: str,
        lang: str,
        status: str,
        intent: str | None,
        confidence: float,
        guild_id: int | None,
    ) -> None:
        """Queue an unanswered question. Keeps only ``unknown``/``ambiguous``; returns at once and
        never raises (problems are logged)."""
        try:
            if status not in KEPT_STATUSES:
                return
            text = scrub(str(question))
            item = _Question(
                ts=self._clock(),
                question=text,
                qnorm=normalise_question(text),
                lang=str(lang),
                status=status,
                intent=intent,
                confidence=float(confidence),
                guild_id=guild_id,
            )
            self._put(item)
        except Exception:  # never reach the reply path
            log.exception("store: could not queue a question")

    def log_feedback(
        self,
        *,
        answer_id: str,
        voter_key: str,
        question: str,
        intent: str | None,
        confidence: float,
        lang: str,
        guild_id: int | None,
        vote: int,
    ) -> bool:
        """Queue a 👍 (+1) or 👎 (-1). Returns False if this ``voter_key`` already voted on
        ``answer_id`` (checked against queued and committed votes), else True.

        Only a SHA-256 digest of ``voter_key`` is stored. When the vote cannot be recorded (store
        closed, queue full) it is logged and dropped, and True is still returned: it is not a
        duplicate. Raises ValueError only for a vote other than +1/-1 (a programming error).
        """
        if vote not in (1, -1):
            raise ValueError(f"vote must be +1 or -1, got {vote!r}")
        answer_id = str(answer_id)
        voter_hash = hashlib.sha256(voter_key.encode("utf-8")).hexdigest()
        key = (answer_id, voter_hash)
        with self._vote_lock:
            # Pending first, then the DB: a vote committed between the two checks is still found.
            # (The DB lookup is bounded by read_timeout, and skipped while the server is unreachable.)
            if key in self._pending_votes or self._committed_vote(key):
                return False
            text = scrub(str(question))
            item = _Vote(
                ts=self._clock(),
                answer_id=answer_id,
                voter_hash=voter_hash,
                question=text,
                qnorm=normalise_question(text),
                intent=intent,
                confidence=float(confidence),
                lang=str(lang),
                guild_id=guild_id,
                vote=vote,
            )
            if self._put(item):
                self._pending_votes.add(key)
        return True

    def _committed_vote(self, key: tuple[str, str]) -> bool:
        """Whether this vote is already in the database. When that can't be read (quickly: see
        :meth:`_read`) the vote is taken as new: the insert still ignores a duplicate, only the
        "already voted" notice is lost. Logged once until a lookup works again."""
        if self._closed:
            return False
        try:
            rows = self._read("SELECT 1 FROM feedback WHERE answer_id = ? AND voter_hash = ?", key)
        except Exception as e:
            if not self._vote_lookup_failing:
                self._vote_lookup_failing = True
                log.warning("store: vote lookup failed (%s); votes are checked only against those still in "
                            "memory until it works again", self._backend.describe(e))
            return False
        self._vote_lookup_failing = False
        return bool(rows)

    def _put(self, item: object) -> bool:
        kind = type(item).__name__.strip("_").lower()
        if self._closed:
            log.warning("store closed; dropping a %s", kind)
            self._count(dropped=1)
            return False
        try:
            self._queue.put_nowait(item)
            return True
        except queue.Full:
            with self._stats_lock:
                self._dropped += 1
                self._dropped_in_outage += 1
                first = not self._drop_logged
                self._drop_logged = True
            if first:  # once per outage; the total is logged when the database is back
                log.warning("store buffer full (%d rows waiting for %s); dropping new rows until it is back",
                            self._queue.maxsize, self.where)
            return False

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every write queued before this call is committed.

        Raises TimeoutError if that takes longer than ``timeout`` seconds. A no-op once closed.
        """
        if self._closed:
            return
        barrier = _Barrier(threading.Event())
        try:
            self._queue.put(barrier, timeout=timeout)
        except queue.Full:
            raise TimeoutError(f"store flush: queue still full after {timeout}s") from None
        if not barrier.done.wait(timeout):
            raise TimeoutError(f"store flush: writes not committed within {timeout}s")

    def purge_expired(self, timeout: float = 30.0) -> int:
        """Apply retention now (on the writer thread, after queued writes); returns rows deleted."""
        if self._closed:
            return 0
        barrier = _Barrier(threading.Event(), purge=True)
        self._queue.put(barrier, timeout=timeout)
        if not barrier.done.wait(timeout):
            raise TimeoutError(f"store purge not done within {timeout}s")
        return barrier.purged

    def close(self) -> None:
        """Commit what is queued, stop the writer, close the database. Idempotent.

        If the database is unavailable, keeps trying for ``close_timeout`` seconds, then drops (and
        counts) what is left."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self._atexit)
        self._give_up_at = time.monotonic() + self._close_timeout
        self._stopping.set()
        self._queue.put(_STOP)
        self._writer.join()
        if self._reader is not None:
            self._read_jobs.put(_STOP)
            with self._read_lock:
                if self._rdb is not None:
                    self._backend.abort(self._rdb)  # a read still blocked on a dead server ends now
            self._reader.join(5.0)  # a connect in progress gives up after its own timeout (3 s)
        with self._read_lock:
            if self._rdb is not None:
                self._rdb.close()
                self._rdb = None
        if self._wdb is not None:
            self._wdb.close()
        log.info("store closed: %s", self.where)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stats(self) -> StoreStats:
        with self._stats_lock:
            return StoreStats(
                questions_written=self._questions_written,
                votes_written=self._votes_written,
                dropped=self._dropped,
                purged=self._purged,
                queued=self._queue.qsize(),
            )

    def _count(self, *, questions: int = 0, votes: int = 0, dropped: int = 0, purged: int = 0) -> None:
        with self._stats_lock:
            self._questions_written += questions
            self._votes_written += votes
            self._dropped += dropped
            self._purged += purged

    # ----------------------------------------------------------------- writer thread

    def _run(self) -> None:
        if not self._ready.is_set():
            if not self._open_in_background():
                self._discard_until_stop()
                return
            self._recovered()
        stop = False
        while not stop:
            try:
                first = self._queue.get(timeout=min(self._purge_interval, 60.0))
            except queue.Empty:
                first = None
            batch: list[object] = [] if first is None else [first]
            while len(batch) < self._batch_size:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # Periodic retention before the batch's barriers are released, so a flush() that
            # returns has seen any purge that was due when its batch was taken.
            if self._clock() - self._last_purge >= self._purge_interval:
                self._purge_safely()
            rows: list[_Question | _Vote] = []
            for item in batch:
                if item is _STOP:
                    stop = True
                elif isinstance(item, _Barrier):
                    self._commit(rows)
                    rows = []
                    if item.purge:
                        item.purged = self._purge_safely()
                    item.done.set()
                else:
                    rows.append(item)  # type: ignore[arg-type]
            self._commit(rows)
        self._drop_leftovers()

    def _discard_until_stop(self) -> None:
        """The database never became usable (refused for good, or closing gave up): release every
        flush and drop (counting) every row until close()."""
        dropped = 0
        while (item := self._queue.get()) is not _STOP:
            if isinstance(item, _Barrier):
                item.done.set()
            else:
                dropped += 1
                self._count(dropped=1)
        if self._broken is None and dropped:
            log.error("store: closing with %s still unavailable; %d rows dropped", self.where, dropped)
        self._drop_leftovers()

    def _drop_leftovers(self) -> None:
        # Anything put after _STOP (a racing caller) is dropped and counted.
        leftover = 0
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, _Barrier):
                item.done.set()
            elif item is not _STOP:
                leftover += 1
        if leftover:
            self._count(dropped=leftover)

    def _writer_conn(self) -> _Conn:
        if self._wdb is None:
            self._wdb = self._backend.connect(create=False)
        return self._wdb

    def _lost_conn(self) -> None:
        if self._wdb is not None and self._backend.name != "sqlite":
            self._wdb.close()
            self._wdb = None  # reconnect on the next attempt

    def _commit(self, rows: list[_Question | _Vote]) -> None:
        """Write one batch: retried while the database is unavailable, dropped (and counted) if it
        refuses the batch for good or the store is closing and ``close_timeout`` has passed."""
        if not rows:
            return
        questions = [(q.ts, q.question, q.qnorm, q.lang, q.status, q.intent, q.confidence, q.guild_id)
                     for q in rows if isinstance(q, _Question)]
        votes = [v for v in rows if isinstance(v, _Vote)]
        vote_rows = [(v.ts, v.answer_id, v.voter_hash, v.question, v.qnorm, v.intent, v.confidence, v.lang,
                      v.guild_id, v.vote) for v in votes]
        delay = RETRY_MIN
        try:
            while True:
                if time.monotonic() >= self._give_up_at and self._down_since is not None:
                    log.error("store: closing with %s still unavailable; %d rows dropped", self.where, len(rows))
                    self._count(dropped=len(rows))
                    return
                db = None
                try:
                    db = self._writer_conn()
                    db.begin()
                    try:
                        db.executemany(_INSERT_QUESTIONS, questions)
                        inserted_votes = db.executemany(_INSERT_VOTES, vote_rows)
                        db.commit()
                    except BaseException:
                        db.rollback()
                        raise
                except Exception as e:
                    cause = e.__cause__ if isinstance(e, StoreError) and e.__cause__ else e
                    if not (isinstance(e, StoreError) or self._backend.transient(cause)):
                        log.error("store: %s refused a batch of %d rows (%s); dropped", self.where, len(rows),
                                  self._backend.describe(e))
                        self._count(dropped=len(rows))
                        return
                    self._outage(e)
                    if db is not None:
                        self._lost_conn()
                    self._stopping.wait(delay) if not self._stopping.is_set() else time.sleep(delay)
                    delay = min(delay * 2, RETRY_MAX)
                    continue
                self._count(questions=len(questions), votes=inserted_votes)
                self._recovered()
                return
        finally:
            if votes:
                with self._vote_lock:
                    self._pending_votes.difference_update((v.answer_id, v.voter_hash) for v in votes)

    def _outage(self, exc: BaseException) -> None:
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.error("store: cannot write to %s: %s; keeping rows in memory (up to %d) and retrying",
                      self.where, self._backend.describe(exc), self._queue.maxsize)

    def _recovered(self) -> None:
        if self._down_since is None:
            return
        took = time.monotonic() - self._down_since
        with self._stats_lock:
            dropped, self._dropped_in_outage, self._drop_logged = self._dropped_in_outage, 0, False
        self._down_since = None
        log.warning("store: %s is writable again after %.1f s; %d rows dropped meanwhile", self.where, took, dropped)

    def _purge_safely(self) -> int:
        try:
            return self._purge(self._writer_conn())
        except Exception as e:
            log.error("store: retention purge failed: %s", self._backend.describe(e))
            self._lost_conn()
            return 0

    def _purge(self, db: _Conn) -> int:
        """Delete rows older than the retention period; returns how many."""
        now = self._clock()
        cutoff = now - self.retention_days * DAY
        try:
            db.begin()
            try:
                n = db.executemany("DELETE FROM unanswered WHERE ts < ?", [(cutoff,)])
                n += db.executemany("DELETE FROM feedback WHERE ts < ?", [(cutoff,)])
                db.commit()
            except BaseException:
                db.rollback()
                raise
        except Exception as e:
            raise StoreError(f"retention purge failed on {self.where}: {self._backend.describe(e)}") from e
        self._last_purge = now
        if n:
            self._count(purged=n)
            log.info("store: retention removed %d rows older than %d days", n, self.retention_days)
        return n

    # ----------------------------------------------------------------- read side

    def _read(self, sql: str, params: tuple, *, bounded: bool = True) -> list[tuple]:
        """One query on the reader connection (raises StoreError when the database can't answer).

        SQLite: on the calling thread, under a lock. PostgreSQL, where reads are on the reply path
        (the "already voted" check, server settings at each interaction) and a server can be far or
        silent, a read never waits long: it raises at once without touching the network while the
        store knows the server is unreachable (not connected yet; the writer is retrying; a read
        failed or timed out less than READ_RETRY seconds ago), and otherwise waits at most
        ``read_timeout`` seconds for the reader thread to run it (a lost connection is reopened once).
        ``bounded=False`` (the reports' reads, which may be long and hold up no reply) waits for it.
        """
        if not self._ready.is_set():  # not connected yet (background start): answer at once, never wait
            raise StoreError(f"store disabled: {self._broken}" if self._broken else
                             f"{self.where} not reachable yet (connecting in the background)")
        if self._closed:
            raise StoreError("store closed")
        if self._reader is None:
            with self._read_lock:
                if self._closed:
                    raise StoreError("store closed")
                if self._rdb is None:
                    self._rdb = self._backend.connect(create=False)
                return self._rdb.execute(sql, params)
        if self._down_since is not None:
            raise StoreError(f"{self.where} unreachable (the writer is retrying); not read")
        if time.monotonic() < self._reads_down_until:
            raise StoreError(f"{self.where} did not answer a read just before; not read")
        job = _ReadJob(sql, params, threading.Event())
        self._read_jobs.put(job)
        if not job.done.wait(self._read_timeout if bounded else None):
            job.abandoned = True
            self._reads_down_until = time.monotonic() + READ_RETRY
            with self._read_lock:
                if self._rdb is not None and not job.done.is_set():
                    self._backend.abort(self._rdb)  # unblock the reader thread; it reconnects later
            raise StoreError(f"{self.where} did not answer a read within {self._read_timeout:g} s")
        if job.error is not None:
            if isinstance(job.error, StoreError) or self._backend.transient(job.error):
                self._reads_down_until = time.monotonic() + READ_RETRY
            raise job.error
        assert job.rows is not None
        return job.rows

    def _read_loop(self) -> None:
        """The reader thread (PostgreSQL): runs each read a caller still waits for, in order."""
        while (job := self._read_jobs.get()) is not _STOP:
            assert isinstance(job, _ReadJob)
            if job.abandoned:
                continue
            try:
                job.rows = self._read_on_connection(job)
            except BaseException as e:
                job.error = e
            job.done.set()
        while True:  # closed: whoever still waits gets an answer
            try:
                job = self._read_jobs.get_nowait()
            except queue.Empty:
                break
            if isinstance(job, _ReadJob):
                job.error = StoreError("store closed")
                job.done.set()
        with self._read_lock:
            if self._rdb is not None:
                self._rdb.close()
                self._rdb = None

    def _read_on_connection(self, job: _ReadJob) -> list[tuple]:
        """Reader thread: run ``job``; a transient failure on an open connection (the server
        restarted, the connection was aborted) is retried once on a new one."""
        for attempt in (0, 1):
            with self._read_lock:
                db = self._rdb
            fresh = db is None
            if db is None:
                db = self._backend.connect(create=False)  # StoreError: not tried a second time
                with self._read_lock:
                    self._rdb = db
            try:
                return db.execute(job.sql, job.params)
            except Exception as e:
                if not self._backend.transient(e):
                    raise
                with self._read_lock:
                    if self._rdb is db:
                        self._rdb = None
                db.close()
                if fresh or attempt or job.abandoned or self._closed:
                    raise
        raise AssertionError("unreachable")

    # ----------------------------------------------------------------- server settings (/config)

    def guild_settings(self, guild_id: int) -> dict[str, Any]:
        """The settings a server changed (``language``, ``private``, ``autoanswer_channel``); a
        setting it never changed (or reset) is absent. Read on every call (shared by all processes).
        Raises StoreError when the database cannot be read."""
        try:
            rows = self._read(
                "SELECT language, private, autoanswer_channel FROM guild_settings WHERE guild_id = ?",
                (int(guild_id),),
            )
        except StoreError:
            raise
        except Exception as e:
            raise StoreError(f"cannot read server settings from {self.where}: {self._backend.describe(e)}") from e
        if not rows:
            return {}
        language, private, channel = rows[0]
        out: dict[str, Any] = {}
        if language is not None:
            out["language"] = str(language)
        if private is not None:
            out["private"] = bool(private)
        if channel is not None:
            out["autoanswer_channel"] = int(channel)
        return out

    def set_guild_setting(self, guild_id: int, name: str, value: Any) -> None:
        """Set (or with None, reset) one server setting; committed when this returns."""
        if name not in GUILD_SETTINGS:
            raise ValueError(f"unknown server setting {name!r}")
        if name == "private" and value is not None:
            value = 1 if value else 0
        elif name == "autoanswer_channel" and value is not None:
            value = int(value)
        elif value is not None:
            value = str(value)
        try:
            self._read(
                f"INSERT INTO guild_settings (guild_id, {name}, updated) VALUES (?, ?, ?)"
                f" ON CONFLICT (guild_id) DO UPDATE SET {name} = excluded.{name}, updated = excluded.updated",
                (int(guild_id), value, self._clock()),
            )
        except StoreError:
            raise
        except Exception as e:
            raise StoreError(f"cannot save a server setting to {self.where}: {self._backend.describe(e)}") from e

    def autoanswer_channels(self) -> dict[int, int]:
        """guild id -> help channel id, for every server that turned auto-answers on."""
        rows = self._read(
            "SELECT guild_id, autoanswer_channel FROM guild_settings WHERE autoanswer_channel IS NOT NULL", ()
        )
        return {int(g): int(c) for g, c in rows}

    def _since(self, since_days: int | float | None) -> float:
        return -1e300 if since_days is None else self._clock() - since_days * DAY

    def unanswered(self, since_days: int | None = None) -> list[UnansweredRow]:
        """Committed unanswered questions, oldest first (``since_days``: only the last N days)."""
        rows = self._read(
            "SELECT ts, question, lang, status, intent, confidence, guild_id FROM unanswered"
            " WHERE ts >= ? ORDER BY ts, id",
            (self._since(since_days),),
            bounded=False,
        )
        return [UnansweredRow(*r) for r in rows]

    def feedback_summary(self, since_days: int | None = None) -> list[FeedbackCount]:
        """Up/down counts per (intent, normalised question), most 👎 first (then fewest 👍)."""
        rows = self._read(
            "SELECT intent, qnorm, question, SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END), COUNT(*), MAX(ts)"
            " FROM feedback WHERE ts >= ? GROUP BY intent, qnorm, question",
            (self._since(since_days),),
            bounded=False,
        )
        groups: dict[tuple[str | None, str], list] = {}
        for intent, qnorm, question, up, down, n, last in rows:
            g = groups.setdefault((intent, qnorm), [0, 0, 0.0, question, 0])
            g[0] += int(up)
            g[1] += int(down)
            g[2] = max(g[2], last)
            if n > g[4] or (n == g[4] and question < g[3]):
                g[3], g[4] = question, n
        out = [FeedbackCount(intent, q, up, down, last) for (intent, _), (up, down, last, q, _) in groups.items()]
        out.sort(key=lambda f: (-f.down, f.up, -f.last_ts, f.intent or "", f.question))
        return out
