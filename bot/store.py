"""Feedback and unanswered-question store: SQLite under DATA_DIR, written off the reply path.

Nothing here imports discord. The adapter calls :meth:`Store.log_question` for every
`unknown`/`ambiguous` result and :meth:`Store.log_feedback` for every 👍/👎 click; both return at
once, the rows are committed by a single background writer thread that batches them.

Privacy: no user ids or names are stored. The feedback de-duplication key (``voter_key``, an opaque
string the adapter derives) is stored only as a SHA-256 digest, and Discord mention syntax
(``<@123>``, ``<@!123>``, ``<@&123>``, ``<#123>``) is scrubbed from question text before it is kept.

Durability: WAL journal with ``synchronous=FULL``; a row counts as committed once the writer's
transaction has committed (:meth:`Store.flush` waits for that). A process killed with SIGKILL loses
at most the rows still queued in memory, never a committed one, and never corrupts the file.

Schema versions live in ``PRAGMA user_version`` and are applied in order from :data:`MIGRATIONS`;
each migration and its version bump commit together.
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import queue
import re
import sqlite3
import threading
import time
import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = [
    "FeedbackCount",
    "MIGRATIONS",
    "Row",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "StoreStats",
    "UnansweredRow",
    "normalise_question",
]

KEPT_STATUSES = frozenset({"unknown", "ambiguous"})
MAX_QUESTION_CHARS = 1000  # the engine reads at most 500; keep a little more, never unbounded
DAY = 86_400.0

_MENTIONS = (
    (re.compile(r"<@!?\d+>"), "@user"),
    (re.compile(r"<@&\d+>"), "@role"),
    (re.compile(r"<#\d+>"), "#channel"),
)
_SPACE = re.compile(r"\s+")


class StoreError(Exception):
    """The store cannot be opened or used (unwritable directory, not our database, corrupt file).

    The message says which path and what is wrong; the adapter catches it and runs without a store.
    """


def scrub(text: str) -> str:
    """Remove Discord mention ids from text and cap its length (what is kept in the database)."""
    for pattern, repl in _MENTIONS:
        text = pattern.sub(repl, text)
    return text[:MAX_QUESTION_CHARS]


def normalise_question(text: str) -> str:
    """Key used to count repeats of one question: NFKC, casefold, no punctuation/symbols/format
    characters (zero-width, bidi controls), whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
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


def _migrate_v1(db: sqlite3.Connection) -> None:
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


def _migrate_v2(db: sqlite3.Connection) -> None:
    """v2: a normalised-question column (for counting repeats in SQL) and time indexes (retention,
    ``since`` queries). Existing rows are back-filled."""
    db.execute("ALTER TABLE unanswered ADD COLUMN qnorm TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE feedback ADD COLUMN qnorm TEXT NOT NULL DEFAULT ''")
    for table in ("unanswered", "feedback"):
        rows = db.execute(f"SELECT id, question FROM {table}").fetchall()
        db.executemany(
            f"UPDATE {table} SET qnorm = ? WHERE id = ?",
            [(normalise_question(q), i) for i, q in rows],
        )
    db.execute("CREATE INDEX unanswered_ts ON unanswered (ts)")
    db.execute("CREATE INDEX feedback_ts ON feedback (ts)")
    db.execute("CREATE INDEX feedback_intent_q ON feedback (intent, qnorm)")


#: Ordered migrations; entry ``i`` brings the schema from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_v1, _migrate_v2)
SCHEMA_VERSION = len(MIGRATIONS)
_OUR_TABLES = {"unanswered", "feedback"}


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


# --------------------------------------------------------------------------- the store


class Store:
    """The feedback and unanswered-question store (see the module docstring).

    ``clock`` returns unix seconds; tests inject one to exercise retention without sleeping.
    ``purge_interval`` is how often (by ``clock``) the writer re-applies retention while running.
    """

    def __init__(
        self,
        path: Path,
        retention_days: int = 90,
        *,
        clock: Callable[[], float] = time.time,
        purge_interval: float = 3600.0,
        max_queue: int = 10_000,
        batch_size: int = 500,
    ) -> None:
        if retention_days < 1:
            raise ValueError(f"retention_days must be >= 1, got {retention_days}")
        self.path = Path(path)
        self.retention_days = retention_days
        self._clock = clock
        self._purge_interval = purge_interval
        self._batch_size = batch_size
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max_queue)
        self._pending_votes: set[tuple[str, str]] = set()
        self._vote_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._stats_lock = threading.Lock()
        self._closed = False
        self._questions_written = 0
        self._votes_written = 0
        self._dropped = 0
        self._purged = 0

        self._wdb = self._open(create=True)
        try:
            self._migrate(self._wdb)
            self._purge(self._wdb)
            self._last_purge = self._clock()
            self._rdb = self._open(create=False)
        except BaseException:
            self._wdb.close()
            raise
        self._writer = threading.Thread(target=self._run, name=f"store-writer:{self.path.name}", daemon=True)
        self._writer.start()
        # Flush what is queued if the process exits without close(); weakref so we don't keep it alive.
        ref = weakref.ref(self)
        self._atexit = lambda: (s := ref()) is not None and s.close()
        atexit.register(self._atexit)
        log.info("store open: %s (schema v%d, retention %d days)", self.path, SCHEMA_VERSION, retention_days)

    # ----------------------------------------------------------------- opening

    def _open(self, *, create: bool) -> sqlite3.Connection:
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
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        path = self.path
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if version == 0 and tables:
                raise StoreError(
                    f"{path} is a SQLite database of something else (tables: {', '.join(sorted(tables))}); "
                    "move it away or set DATA_DIR"
                )
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} has schema version {version}, newer than this factbot knows ({SCHEMA_VERSION}); "
                    "upgrade factbot"
                )
            if version > 0 and not _OUR_TABLES <= tables:
                raise StoreError(f"{path} has user_version {version} but not the factbot tables; not our database")
            if version > 0:
                problems = [r[0] for r in db.execute("PRAGMA quick_check(3)")]
                if problems != ["ok"]:
                    detail = "; ".join(" ".join(p.split()) for p in problems)[:300]
                    raise StoreError(f"{path} is damaged (SQLite quick_check: {detail}); move it away")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                db.execute("BEGIN IMMEDIATE")
                try:
                    MIGRATIONS[target - 1](db)
                    db.execute(f"PRAGMA user_version = {target}")
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                log.info("store %s migrated to schema v%d", path, target)
        except StoreError:
            raise
        except sqlite3.Error as e:
            raise StoreError(f"cannot prepare database {path}: {e}") from e

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
        if self._closed:
            return False
        try:
            with self._read_lock:
                row = self._rdb.execute(
                    "SELECT 1 FROM feedback WHERE answer_id = ? AND voter_hash = ?", key
                ).fetchone()
            return row is not None
        except sqlite3.Error:
            log.exception("store: vote lookup failed; treating as a new vote")
            return False

    def _put(self, item: object) -> bool:
        if self._closed:
            log.warning("store closed; dropping a %s", type(item).__name__.strip("_").lower())
            self._count(dropped=1)
            return False
        try:
            self._queue.put_nowait(item)
            return True
        except queue.Full:
            log.warning("store queue full (%d); dropping a %s", self._queue.maxsize, type(item).__name__.strip("_").lower())
            self._count(dropped=1)
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
        """Commit what is queued, stop the writer, close the database. Idempotent."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self._atexit)
        self._queue.put(_STOP)
        self._writer.join()
        with self._read_lock:
            self._rdb.close()
        self._wdb.close()
        log.info("store closed: %s", self.path)

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

    def _commit(self, rows: list[_Question | _Vote]) -> None:
        if not rows:
            return
        questions = [r for r in rows if isinstance(r, _Question)]
        votes = [r for r in rows if isinstance(r, _Vote)]
        db = self._wdb
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT INTO unanswered (ts, question, qnorm, lang, status, intent, confidence, guild_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(q.ts, q.question, q.qnorm, q.lang, q.status, q.intent, q.confidence, q.guild_id) for q in questions],
                )
                before = db.total_changes
                db.executemany(
                    "INSERT OR IGNORE INTO feedback (ts, answer_id, voter_hash, question, qnorm, intent, confidence,"
                    " lang, guild_id, vote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (v.ts, v.answer_id, v.voter_hash, v.question, v.qnorm, v.intent, v.confidence, v.lang, v.guild_id, v.vote)
                        for v in votes
                    ],
                )
                inserted_votes = db.total_changes - before
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except Exception:
            log.exception("store: a batch of %d rows could not be written; dropped", len(rows))
            self._count(dropped=len(rows))
        else:
            self._count(questions=len(questions), votes=inserted_votes)
        finally:
            if votes:
                with self._vote_lock:
                    self._pending_votes.difference_update((v.answer_id, v.voter_hash) for v in votes)

    def _purge_safely(self) -> int:
        try:
            return self._purge(self._wdb)
        except Exception:
            log.exception("store: retention purge failed")
            return 0

    def _purge(self, db: sqlite3.Connection) -> int:
        """Delete rows older than the retention period; returns how many."""
        now = self._clock()
        cutoff = now - self.retention_days * DAY
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                n = db.execute("DELETE FROM unanswered WHERE ts < ?", (cutoff,)).rowcount
                n += db.execute("DELETE FROM feedback WHERE ts < ?", (cutoff,)).rowcount
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise StoreError(f"retention purge failed on {self.path}: {e}") from e
        self._last_purge = now
        if n:
            self._count(purged=n)
            log.info("store: retention removed %d rows older than %d days", n, self.retention_days)
        return n

    # ----------------------------------------------------------------- read side

    def _since(self, since_days: int | float | None) -> float:
        return float("-inf") if since_days is None else self._clock() - since_days * DAY

    def unanswered(self, since_days: int | None = None) -> list[UnansweredRow]:
        """Committed unanswered questions, oldest first (``since_days``: only the last N days)."""
        with self._read_lock:
            rows = self._rdb.execute(
                "SELECT ts, question, lang, status, intent, confidence, guild_id FROM unanswered"
                " WHERE ts >= ? ORDER BY ts, id",
                (self._since(since_days),),
            ).fetchall()
        return [UnansweredRow(*r) for r in rows]

    def feedback_summary(self, since_days: int | None = None) -> list[FeedbackCount]:
        """Up/down counts per (intent, normalised question), most 👎 first (then fewest 👍)."""
        with self._read_lock:
            rows = self._rdb.execute(
                "SELECT intent, qnorm, question, SUM(vote > 0), SUM(vote < 0), COUNT(*), MAX(ts)"
                " FROM feedback WHERE ts >= ? GROUP BY intent, qnorm, question",
                (self._since(since_days),),
            ).fetchall()
        groups: dict[tuple[str | None, str], list] = {}
        for intent, qnorm, question, up, down, n, last in rows:
            g = groups.setdefault((intent, qnorm), [0, 0, 0.0, question, 0])
            g[0] += up
            g[1] += down
            g[2] = max(g[2], last)
            if n > g[4] or (n == g[4] and question < g[3]):
                g[3], g[4] = question, n
        out = [FeedbackCount(intent, q, up, down, last) for (intent, _), (up, down, last, q, _) in groups.items()]
        out.sort(key=lambda f: (-f.down, f.up, -f.last_ts, f.intent or "", f.question))
        return out
