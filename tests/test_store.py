"""The feedback and unanswered-question store (bot/store.py)."""
from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from bot.store import DAY, SCHEMA_VERSION, Store, StoreError, is_url

REPO = Path(__file__).resolve().parent.parent
T0 = 1_700_000_000.0  # 2023-11-14, a fixed "now" for the injected clock


class Clock:
    """A settable clock (unix seconds) injected into the store instead of time.time."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance_days(self, days: float) -> None:
        self.now += days * DAY


def q(store: Store, question: str, *, lang: str = "ko", status: str = "unknown", intent: str | None = None,
      confidence: float = 0.3, guild_id: int | None = 42) -> None:
    store.log_question(question=question, lang=lang, status=status, intent=intent, confidence=confidence,
                       guild_id=guild_id)


def vote(store: Store, answer_id: str, voter_key: str, v: int, *, question: str = "카카오 논문 몇 편?",
         intent: str | None = "kakao-papers", lang: str = "ko") -> bool:
    return store.log_feedback(answer_id=answer_id, voter_key=voter_key, question=question, intent=intent,
                              confidence=0.8, lang=lang, guild_id=42, vote=v)


def dump(path: Path) -> str:
    """Every row of every table, as SQL text."""
    db = sqlite3.connect(path)
    try:
        return "\n".join(db.iterdump())
    finally:
        db.close()


def raw(target: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Run SQL on the store's database behind its back (`?` placeholders on both backends)."""
    if is_url(target):
        import psycopg

        with psycopg.connect(str(target), autocommit=True) as conn:
            cur = conn.execute(sql.replace("?", "%s"), params or None)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
    db = sqlite3.connect(target, isolation_level=None)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def set_version(target: Path | str, version: int) -> None:
    if is_url(target):
        raw(target, "UPDATE factbot_schema SET version = ?", (version,))
    else:
        raw(target, f"PRAGMA user_version = {version}")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def target(backend: str, tmp_path: Path, request) -> Path | str:
    """Where a store under test lives: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_url")
    return tmp_path / "data" / "factbot.db"


@pytest.fixture
def store(target: Path | str, clock: Clock):
    s = Store(target, retention_days=90, clock=clock)
    yield s
    s.close()


# --------------------------------------------------------------------------- basics


def test_creates_data_dir_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "data" / "factbot.db"
    with Store(path):
        pass
    assert path.is_file()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    db.close()


def test_keeps_only_unknown_and_ambiguous(store: Store, clock: Clock) -> None:
    q(store, "카카오브레인 직원 수는?", status="unknown", intent=None, confidence=0.21)
    q(store, "네이버 논문", lang="ko", status="ambiguous", intent="naver-papers", confidence=0.55, guild_id=None)
    q(store, "how many papers did kakao publish", lang="en", status="answered", intent="kakao-papers",
      confidence=0.97)
    store.flush()
    rows = store.unanswered()
    assert [(r.question, r.lang, r.status, r.intent, r.confidence, r.guild_id, r.ts) for r in rows] == [
        ("카카오브레인 직원 수는?", "ko", "unknown", None, 0.21, 42, T0),
        ("네이버 논문", "ko", "ambiguous", "naver-papers", 0.55, None, T0),
    ]
    assert store.stats().questions_written == 2


def test_no_user_ids_or_names_stored(tmp_path: Path) -> None:
    """Mention syntax never reaches the store (the adapter's scrubber, bot/chat/mentions.py, runs on
    every entry: tests/test_discord_protocol.py); what the store must do itself is keep voter keys
    only as digests and the question as given."""
    path = tmp_path / "factbot.db"
    user_id = "804212345678901234"
    with Store(path) as s:
        # Worst case: the adapter passes something containing the user id as voter_key.
        assert vote(s, "answer-1", f"user:{user_id}:alice", -1, question="카카오 논문?")
        q(s, "what about naver?")
        s.flush()
        assert s.unanswered()[0].question == "what about naver?"
    text = dump(path)
    assert "answer-1" in text and "카카오 논문?" in text  # the dump does hold our rows
    for secret in (user_id, "alice"):
        assert secret not in text
    raw = path.read_bytes() + (path.with_name(path.name + "-wal").read_bytes()
                               if path.with_name(path.name + "-wal").exists() else b"")
    assert user_id.encode() not in raw


def test_log_question_never_raises_and_returns_after_close(target) -> None:
    s = Store(target)
    s.close()
    q(s, "닫힌 뒤의 질문")  # must not raise
    assert vote(s, "a", "v", 1) is True  # not a duplicate; dropped and counted
    assert s.stats().dropped == 2
    s.close()  # idempotent
    s.flush()  # no-op once closed


def test_bad_input_is_swallowed_by_log_question(store: Store) -> None:
    store.log_question(question="ok", lang="ko", status="unknown", intent=None,
                       confidence="not a number", guild_id=None)  # type: ignore[arg-type]
    q(store, "x" * 5000)
    store.flush()
    rows = store.unanswered()
    assert len(rows) == 1 and len(rows[0].question) == 1000


# --------------------------------------------------------------------------- feedback


def test_feedback_once_per_voter_per_answer(target, clock: Clock) -> None:
    path = target
    with Store(path, clock=clock) as s:
        assert vote(s, "a1", "voter-A", -1) is True
        assert vote(s, "a1", "voter-A", 1) is False  # still queued: caught in memory
        s.flush()
        assert vote(s, "a1", "voter-A", -1) is False  # committed: caught in the database
        assert vote(s, "a1", "voter-B", 1) is True
        assert vote(s, "a2", "voter-A", 1) is True
        s.flush()
        assert s.stats().votes_written == 3
    with Store(path, clock=clock) as s:  # and after a restart
        assert vote(s, "a1", "voter-A", 1) is False
        assert vote(s, "a1", "voter-C", 1) is True
    assert raw(path, "SELECT answer_id, vote FROM feedback ORDER BY id") == [
        ("a1", -1), ("a1", 1), ("a2", 1), ("a1", 1)]
    assert raw(path, "SELECT count(*) FROM feedback WHERE voter_hash LIKE '%voter%'")[0][0] == 0


def test_vote_must_be_plus_or_minus_one(store: Store) -> None:
    with pytest.raises(ValueError):
        vote(store, "a1", "v", 0)
    with pytest.raises(ValueError):
        vote(store, "a1", "v", 2)


def test_feedback_summary_groups_and_orders(store: Store) -> None:
    n = 0
    def votes(question: str, intent: str, up: int, down: int) -> None:
        nonlocal n
        for _ in range(up):
            n += 1
            assert vote(store, f"ans{n}", "v", 1, question=question, intent=intent)
        for _ in range(down):
            n += 1
            assert vote(store, f"ans{n}", "v", -1, question=question, intent=intent)

    votes("네이버는 카카오보다 논문을 얼마나 더 냈어?", "naver-vs-kakao", up=1, down=3)
    votes("네이버는 카카오보다 논문을 얼마나 더 냈어", "naver-vs-kakao", up=0, down=1)  # same, no "?"
    votes("How big is HyperCLOVA?", "hyperclova-params", up=4, down=1)
    votes("how big is hyperclova", "hyperclova-params", up=0, down=1)
    votes("KoGPT는 언제 나왔어?", "kogpt-release", up=2, down=0)
    votes("네이버는 카카오보다 논문을 얼마나 더 냈어?", "naver-papers", up=0, down=1)  # other intent
    store.flush()
    got = [(f.intent, f.question, f.up, f.down) for f in store.feedback_summary()]
    assert got == [
        ("naver-vs-kakao", "네이버는 카카오보다 논문을 얼마나 더 냈어?", 1, 4),
        ("hyperclova-params", "How big is HyperCLOVA?", 4, 2),
        ("naver-papers", "네이버는 카카오보다 논문을 얼마나 더 냈어?", 0, 1),
        ("kogpt-release", "KoGPT는 언제 나왔어?", 2, 0),
    ]


# --------------------------------------------------------------------------- concurrency


def test_many_threads_logging_at_once(store: Store) -> None:
    threads, per_thread, voters = 16, 300, 4
    accepted = [0] * threads
    start = threading.Barrier(threads)

    def worker(t: int) -> None:
        start.wait()
        for i in range(per_thread):
            q(store, f"질문 {t}-{i}", status="unknown" if i % 2 else "ambiguous")
            # Every thread votes on the same answers with the same few voters: races on the
            # once-per-voter check. Exactly one of the competing calls may win each (answer, voter).
            if vote(store, f"answer-{i}", f"voter-{(t + i) % voters}", 1 if t % 2 else -1):
                accepted[t] += 1

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    store.flush()
    assert len(store.unanswered()) == threads * per_thread
    assert {r.question for r in store.unanswered()} == {f"질문 {t}-{i}" for t in range(threads) for i in range(per_thread)}
    assert sum(accepted) == per_thread * voters
    summary = store.feedback_summary()
    assert sum(f.up + f.down for f in summary) == per_thread * voters
    stats = store.stats()
    assert (stats.questions_written, stats.votes_written, stats.dropped) == (threads * per_thread, per_thread * voters, 0)


def test_writes_do_not_wait_for_a_locked_database(tmp_path: Path) -> None:
    """Another connection holds the write lock: log calls still return, the queue overflows into
    counted drops (never a block), flush times out, and everything queued lands once it is free."""
    path = tmp_path / "f.db"
    s = Store(path, max_queue=50)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        for i in range(500):
            q(s, f"q{i}")
        with pytest.raises(TimeoutError):
            s.flush(timeout=0.2)
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    s.flush(timeout=30)
    stats = s.stats()
    assert stats.dropped > 0
    assert stats.questions_written + stats.dropped == 500
    assert len(s.unanswered()) == stats.questions_written
    s.close()


# --------------------------------------------------------------------------- retention and time


def test_retention_at_open(target, clock: Clock) -> None:
    path = target
    with Store(path, retention_days=30, clock=clock) as s:
        q(s, "오래된 질문")
        vote(s, "old-answer", "v", -1)
        clock.advance_days(20)
        q(s, "최근 질문")
        vote(s, "new-answer", "v", 1)
    clock.advance_days(15)  # the first rows are now 35 days old, the second 15
    with Store(path, retention_days=30, clock=clock) as s:
        assert [r.question for r in s.unanswered()] == ["최근 질문"]
        assert [(f.up, f.down) for f in s.feedback_summary()] == [(1, 0)]
        assert s.stats().purged == 2
        assert vote(s, "old-answer", "v", 1) is True  # its old vote is gone with it


def test_retention_while_running(target, clock: Clock) -> None:
    with Store(target, retention_days=7, clock=clock, purge_interval=DAY) as s:
        q(s, "day 0")
        s.flush()
        clock.advance_days(3)
        q(s, "day 3")
        s.flush()
        assert [r.question for r in s.unanswered()] == ["day 0", "day 3"]
        clock.advance_days(5)  # day 8: "day 0" is past 7 days, and a purge interval has passed
        q(s, "day 8")
        s.flush()  # the writer applies retention when it takes this batch
        assert [r.question for r in s.unanswered()] == ["day 3", "day 8"]
        clock.advance_days(6)  # day 14: "day 3" expires; the next batch the writer takes purges it
        s.flush()
        assert [r.question for r in s.unanswered()] == ["day 8"]
        assert s.stats().purged == 2


def test_purge_expired_on_demand(target, clock: Clock) -> None:
    with Store(target, retention_days=7, clock=clock, purge_interval=1e12) as s:
        q(s, "day 0")
        vote(s, "a", "v", 1)
        clock.advance_days(4)
        q(s, "day 4")
        clock.advance_days(4)
        s.flush()
        assert len(s.unanswered()) == 2  # periodic purge is not due yet
        assert s.purge_expired() == 2  # the question and the vote from day 0
        assert [r.question for r in s.unanswered()] == ["day 4"]
        assert s.feedback_summary() == []


def test_since_days_filters_reads(store: Store, clock: Clock) -> None:
    q(store, "10일 전")
    vote(store, "a-old", "v", -1)
    clock.advance_days(7)
    q(store, "3일 전")
    clock.advance_days(3)
    q(store, "오늘")
    vote(store, "a-new", "v", 1)
    store.flush()
    assert [r.question for r in store.unanswered(5)] == ["3일 전", "오늘"]
    assert [r.question for r in store.unanswered(1)] == ["오늘"]
    assert len(store.unanswered()) == 3
    assert [(f.up, f.down) for f in store.feedback_summary(5)] == [(1, 0)]
    assert len(store.feedback_summary()) == 1 and store.feedback_summary()[0].down == 1


# --------------------------------------------------------------------------- migrations

V1_SCHEMA = """
CREATE TABLE unanswered (
    id INTEGER PRIMARY KEY, ts REAL NOT NULL, question TEXT NOT NULL, lang TEXT NOT NULL,
    status TEXT NOT NULL, intent TEXT, confidence REAL NOT NULL, guild_id INTEGER);
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY, ts REAL NOT NULL, answer_id TEXT NOT NULL, voter_hash TEXT NOT NULL,
    question TEXT NOT NULL, intent TEXT, confidence REAL NOT NULL, lang TEXT NOT NULL, guild_id INTEGER,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), UNIQUE (answer_id, voter_hash));
PRAGMA user_version = 1;
"""


def test_migrates_a_v1_file(tmp_path: Path, clock: Clock) -> None:
    """A database written by the first release (schema v1, no normalised column, no indexes)."""
    path = tmp_path / "factbot.db"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.executemany(
        "INSERT INTO unanswered (ts, question, lang, status, intent, confidence, guild_id) VALUES (?,?,?,?,?,?,?)",
        [(T0, "삼성은 논문 몇 편 냈어?", "ko", "unknown", None, 0.2, 1),
         (T0 + 1, "When was KoGPT released?", "en", "ambiguous", "kogpt-release", 0.5, None)],
    )
    old.executemany(
        "INSERT INTO feedback (ts, answer_id, voter_hash, question, intent, confidence, lang, guild_id, vote)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        [(T0, "a1", "h1", "How big is HyperCLOVA?", "hc", 0.9, "en", 1, -1),
         (T0, "a2", "h2", "how big is hyperclova", "hc", 0.9, "en", 1, -1)],
    )
    old.commit()
    old.close()

    with Store(path, clock=clock) as s:
        assert [(r.question, r.status, r.intent) for r in s.unanswered()] == [
            ("삼성은 논문 몇 편 냈어?", "unknown", None), ("When was KoGPT released?", "ambiguous", "kogpt-release")]
        # v2 back-filled the normalised question, so the two phrasings count as one.
        assert [(f.intent, f.up, f.down) for f in s.feedback_summary()] == [("hc", 0, 2)]
        q(s, "new after migration")
        s.flush()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert db.execute("SELECT qnorm FROM unanswered ORDER BY id").fetchall() == [
        ("삼성은 논문 몇 편 냈어",), ("when was kogpt released",), ("new after migration",)]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"unanswered_ts", "feedback_ts", "feedback_intent_q"} <= indexes
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_refuses_a_newer_schema(target) -> None:
    path = target
    with Store(path):
        pass
    set_version(path, 99)
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


# --------------------------------------------------------------------------- bad places and files


def test_data_dir_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot create data directory .*data"):
        Store(blocker / "factbot.db")


def test_path_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "factbot.db").mkdir()
    with pytest.raises(StoreError, match="not a file"):
        Store(tmp_path / "factbot.db")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_data_dir(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="writable"):
            Store(ro / "factbot.db")
        with pytest.raises(StoreError, match="cannot create data directory"):
            Store(ro / "sub" / "factbot.db")
    finally:
        ro.chmod(0o700)


def test_malformed_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    junk = b"this is a text file someone put here\n" * 200
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="not a factbot database"):
        Store(path)
    assert path.read_bytes() == junk


def test_foreign_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    db.execute("INSERT INTO invoices (total) VALUES (12.5)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="something else.*invoices"):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT total FROM invoices").fetchall() == [(12.5,)]
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    db.close()


def test_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "factbot.db"
    with Store(path) as s:
        for i in range(2000):
            q(s, f"질문 번호 {i} " + "가" * 50)
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 8 * page_size
    for page in range(2, len(data) // page_size):  # scribble over every page but the first
        start = page * page_size
        data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="is damaged"):
        Store(path)


# --------------------------------------------------------------------------- kill -9

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from bot.store import Store

    store = Store(Path(sys.argv[1]))
    i = 0
    while True:
        for _ in range(40):
            store.log_question(question=f"q {i}", lang="en", status="unknown", intent=None,
                               confidence=0.1, guild_id=7)
            store.log_feedback(answer_id=f"a {i}", voter_key="voter", question=f"q {i}", intent="x",
                               confidence=0.5, lang="en", guild_id=7, vote=-1 if i % 3 else 1)
            i += 1
        store.flush(timeout=60)
        print(i, flush=True)  # every row below i is committed
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after_reports", [1, 6, 30])
def test_kill_9_mid_write_keeps_every_committed_row(tmp_path: Path, kill_after_reports: int) -> None:
    path = tmp_path / "data" / "factbot.db"
    script = tmp_path / "writer.py"
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)
    committed = 0
    try:
        for _ in range(kill_after_reports):
            # A guard against a hung child, not a timing assertion.
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, "writer child printed nothing for 60 s"
            line = proc.stdout.readline()
            assert line, f"writer child died: {proc.stderr.read()}"
            committed = int(line)
        # The child is still logging and committing: kill it mid-stream.
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert committed >= 40 * kill_after_reports

    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    questions = {r[0] for r in db.execute("SELECT question FROM unanswered")}
    answers = {r[0] for r in db.execute("SELECT answer_id FROM feedback")}
    db.close()
    missing_q = [i for i in range(committed) if f"q {i}" not in questions]
    missing_a = [i for i in range(committed) if f"a {i}" not in answers]
    assert missing_q == [] and missing_a == []
    # Rows after the last report may or may not have made it; batches commit in order, so what is
    # there is exactly a prefix of what was logged.
    assert questions == {f"q {i}" for i in range(len(questions))}

    # And the store itself opens it, keeps the rows, and takes new writes.
    with Store(path) as s:
        assert len(s.unanswered()) == len(questions) >= committed
        assert vote(s, "a 0", "voter", 1) is False  # the dead process's vote still counts
        q(s, "after the crash")
        s.flush()
        assert s.unanswered()[-1].question == "after the crash"


# --------------------------------------------------------------------------- PostgreSQL specifics


def test_postgresql_writes_do_not_wait_for_a_locked_table(pg_url: str) -> None:
    """Another session holds an exclusive lock on the table: as with SQLite's write lock, log calls
    return, the queue overflows into counted drops, and what was queued lands once it is free."""
    import psycopg

    s = Store(pg_url, max_queue=50)
    blocker = psycopg.connect(pg_url)
    blocker.execute("LOCK TABLE unanswered IN ACCESS EXCLUSIVE MODE")
    try:
        for i in range(500):
            q(s, f"q{i}")
        with pytest.raises(TimeoutError):
            s.flush(timeout=0.2)
    finally:
        blocker.rollback()
        blocker.close()
    s.flush(timeout=30)
    stats = s.stats()
    assert stats.dropped > 0
    assert stats.questions_written + stats.dropped == 500
    assert len(s.unanswered()) == stats.questions_written
    s.close()


def test_postgresql_keeps_no_user_ids(pg_url: str) -> None:
    user_id = "804212345678901234"
    with Store(pg_url) as s:
        assert vote(s, "answer-1", f"user:{user_id}:alice", -1, question="카카오 논문?")
        q(s, "hey, what about naver?")
        s.flush()
    text = repr(raw(pg_url, "SELECT * FROM unanswered")) + repr(raw(pg_url, "SELECT * FROM feedback"))
    assert "answer-1" in text and "카카오 논문?" in text and "hey, what about naver?" in text
    for secret in (user_id, "alice"):
        assert secret not in text


def test_postgresql_schema_version_and_a_v1_database_migrated(pg_url: str, clock: Clock) -> None:
    raw(pg_url, "CREATE TABLE factbot_schema (version INTEGER NOT NULL)")
    raw(pg_url, "INSERT INTO factbot_schema VALUES (1)")
    raw(pg_url, """CREATE TABLE unanswered (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        ts DOUBLE PRECISION NOT NULL, question TEXT NOT NULL, lang TEXT NOT NULL, status TEXT NOT NULL,
        intent TEXT, confidence DOUBLE PRECISION NOT NULL, guild_id BIGINT)""")
    raw(pg_url, """CREATE TABLE feedback (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        ts DOUBLE PRECISION NOT NULL, answer_id TEXT NOT NULL, voter_hash TEXT NOT NULL, question TEXT NOT NULL,
        intent TEXT, confidence DOUBLE PRECISION NOT NULL, lang TEXT NOT NULL, guild_id BIGINT,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), UNIQUE (answer_id, voter_hash))""")
    raw(pg_url, "INSERT INTO unanswered (ts, question, lang, status, intent, confidence, guild_id)"
                " VALUES (?, ?, 'ko', 'unknown', NULL, 0.2, ?)", (T0, "삼성은 논문 몇 편 냈어?", 2**40))
    raw(pg_url, "INSERT INTO feedback (ts, answer_id, voter_hash, question, intent, confidence, lang, guild_id, vote)"
                " VALUES (?, 'a1', 'h1', ?, 'hc', 0.9, 'en', 1, -1),"
                " (?, 'a2', 'h2', 'how big is hyperclova', 'hc', 0.9, 'en', 1, -1)", (T0, "How big is HyperCLOVA?", T0))
    with Store(pg_url, clock=clock) as s:
        assert [(r.question, r.guild_id) for r in s.unanswered()] == [("삼성은 논문 몇 편 냈어?", 2**40)]
        assert [(f.intent, f.up, f.down) for f in s.feedback_summary()] == [("hc", 0, 2)]
    assert raw(pg_url, "SELECT version FROM factbot_schema") == [(SCHEMA_VERSION,)]
    assert raw(pg_url, "SELECT qnorm FROM unanswered") == [("삼성은 논문 몇 편 냈어",)]
    indexes = {r[0] for r in raw(pg_url, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")}
    assert {"unanswered_ts", "feedback_ts", "feedback_intent_q"} <= indexes


def test_postgresql_foreign_tables(pg_url: str) -> None:
    """A shared database may hold other tables (left alone); an `unanswered` table that is not ours
    is refused."""
    raw(pg_url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    raw(pg_url, "INSERT INTO invoices VALUES (1, 12.5)")
    with Store(pg_url):
        pass
    assert raw(pg_url, "SELECT total FROM invoices") == [(12.5,)]
    raw(pg_url, "DROP TABLE feedback, unanswered, factbot_schema")
    raw(pg_url, "CREATE TABLE unanswered (x INTEGER)")
    with pytest.raises(StoreError, match="something else.*unanswered"):
        Store(pg_url)


def test_postgresql_processes_starting_together_migrate_once(pg_url: str) -> None:
    stores: list[Store] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        start.wait()
        try:
            stores.append(Store(pg_url))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    pool = [threading.Thread(target=open_one) for _ in range(4)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    try:
        assert errors == [] and len(stores) == 4
        assert raw(pg_url, "SELECT version FROM factbot_schema") == [(SCHEMA_VERSION,)]
        # and they share one store: a vote through one is a duplicate through the others
        assert vote(stores[0], "a1", "v", 1) is True
        stores[0].flush()
        assert all(vote(s, "a1", "v", -1) is False for s in stores[1:])
        for i, s in enumerate(stores):
            q(s, f"from process {i}")
            s.flush()
        assert sorted(r.question for r in stores[3].unanswered()) == [f"from process {i}" for i in range(4)]
    finally:
        for s in stores:
            s.close()


def test_postgresql_outage_rows_wait_and_are_written_when_it_is_back(tmp_path: Path, caplog) -> None:
    """PostgreSQL stopped mid-run: log calls still return at once, rows wait in the bounded buffer,
    rows past the bound are counted and logged once, and the buffered rows are written (with the
    times they were asked at) when the server is back."""
    import pgserver

    caplog.set_level("INFO", logger="bot.store")
    with pgserver.PgServer() as server:
        clock = Clock()
        s = Store(server.url, max_queue=100, batch_size=20, clock=clock)
        try:
            for i in range(10):
                q(s, f"before {i}")
            s.flush()
            server.stop()
            for i in range(300):
                clock.now += 1
                q(s, f"during {i}")
            with pytest.raises(TimeoutError):
                s.flush(timeout=0.5)
            stats = s.stats()
            assert stats.questions_written == 10 and stats.dropped > 0
            server.start()
            s.flush(timeout=60)
            stats = s.stats()
            assert stats.questions_written + stats.dropped == 310
            assert stats.questions_written >= 10 + 100  # at least the whole buffer made it
            rows = s.unanswered()
            assert len(rows) == stats.questions_written
            during = [r for r in rows if r.question.startswith("during")]
            index = [int(r.question.split()[1]) for r in during]
            assert index == sorted(set(index))  # in the order asked, each once
            assert index[:50] == list(range(50))  # the first ones asked in the outage all waited and made it
            assert [r.ts for r in during] == [T0 + i + 1 for i in index]  # with the time they were asked
        finally:
            s.close()
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.store"]
    assert len([m for m in messages if "cannot write to" in m]) == 1
    assert len([m for m in messages if "buffer full" in m]) == 1
    back = [m for m in messages if "writable again" in m]
    assert len(back) == 1 and f"{stats.dropped} rows dropped" in back[0]
    assert not [r for r in caplog.records if r.exc_info]  # no tracebacks


def test_postgresql_down_at_start_rows_wait_and_are_written_once_when_it_is_up(caplog) -> None:
    """PostgreSQL not running when the store opens (connect_in_background, as the bot opens it): the
    store opens anyway, log calls return at once and rows wait in the bounded buffer (rows past the
    bound counted and logged once), reads answer at once without the database (no "already voted",
    settings unavailable), and when the server comes up the writer connects, migrates and writes the
    buffered rows exactly once."""
    import time

    import pgserver

    caplog.set_level("INFO", logger="bot.store")
    server = pgserver.PgServer().init()  # initialised, not started
    try:
        clock = Clock()
        t = time.perf_counter()
        s = Store(server.url, max_queue=50, batch_size=10, clock=clock, connect_in_background=True)
        try:
            assert vote(s, "a1", "voter-1", 1)
            assert not vote(s, "a1", "voter-1", -1)  # still waiting in memory: a duplicate
            for i in range(80):
                clock.now += 1
                q(s, f"down {i}")
            with pytest.raises(StoreError):
                s.guild_settings(42)  # callers fall back to the defaults
            with pytest.raises(StoreError):
                s.unanswered()
            assert time.perf_counter() - t < 2.0  # nothing waited for the database
            with pytest.raises(TimeoutError):
                s.flush(timeout=0.3)
            stats = s.stats()
            assert (stats.questions_written, stats.votes_written, stats.dropped) == (0, 0, 31)  # 1 vote + 49 fit

            server.start()
            s.flush(timeout=60)
            stats = s.stats()
            assert (stats.questions_written, stats.votes_written, stats.dropped) == (49, 1, 31)
            rows = raw(server.url, "SELECT question, ts FROM unanswered ORDER BY id")
            assert rows == [(f"down {i}", T0 + i + 1) for i in range(49)]  # each once, in order, asked-at times
            assert raw(server.url, "SELECT answer_id, vote FROM feedback") == [("a1", 1)]
            assert raw(server.url, "SELECT version FROM factbot_schema") == [(SCHEMA_VERSION,)]
            assert not vote(s, "a1", "voter-1", 1)  # now found in the database
            assert s.guild_settings(42) == {}
            s.set_guild_setting(42, "language", "en")
            assert s.guild_settings(42) == {"language": "en"}
            q(s, "after")
            s.flush(timeout=10)
            assert [r.question for r in s.unanswered()][-2:] == ["down 48", "after"]
        finally:
            s.close()
        assert len(raw(server.url, "SELECT 1 FROM unanswered")) == 50
    finally:
        server.cleanup()
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.store"]
    assert len([m for m in messages if "unreachable at start" in m]) == 1
    assert len([m for m in messages if "buffer full" in m]) == 1
    back = [m for m in messages if "writable again" in m]
    assert len(back) == 1 and "31 rows dropped" in back[0]
    assert not [m for m in messages if "cannot write to" in m or "disabled" in m]
    assert not [r for r in caplog.records if r.exc_info]  # no tracebacks


def test_postgresql_down_at_start_closing_gives_up_after_close_timeout() -> None:
    """Closed before PostgreSQL ever came up: close() returns after close_timeout, rows counted as dropped."""
    import time

    import pgserver

    server = pgserver.PgServer()  # never initialised: nothing listens on its port
    s = Store(server.url, close_timeout=0.5, connect_in_background=True)
    for i in range(5):
        q(s, f"never {i}")
    t = time.monotonic()
    s.close()
    assert time.monotonic() - t < 5
    assert s.stats().dropped == 5


def test_postgresql_unreachable_at_start_still_raises_without_background_connect() -> None:
    """`report` and other short-lived callers open the store without connect_in_background: an
    unreachable server is an error at once."""
    import pgserver

    with pytest.raises(StoreError, match="cannot connect"):
        Store(pgserver.PgServer().url)


# --------------------------------------------------------------------------- disk full (issue 11, item 13)

DISK_FULL_CHILD = textwrap.dedent(
    """
    import json, logging, os, resource, signal, sys, time
    from pathlib import Path
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    from bot.store import Store

    path = Path(sys.argv[1])
    store = Store(path, max_queue=50, batch_size=10)
    store.log_question(question="before", lang="en", status="unknown", intent=None, confidence=0.1, guild_id=1)
    store.flush()
    # The file-size limit makes every write past it fail as on a full disk (EFBIG; SIGXFSZ ignored).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    used = max(path.stat().st_size, Path(str(path) + "-wal").stat().st_size)
    resource.setrlimit(resource.RLIMIT_FSIZE, (used + 8192, resource.RLIM_INFINITY))
    slowest = 0.0
    for i in range(300):
        t = time.perf_counter()
        store.log_question(question=f"full {i} " + "x" * 900, lang="en", status="unknown", intent=None,
                           confidence=0.1, guild_id=1)
        slowest = max(slowest, time.perf_counter() - t)
    try:
        store.flush(timeout=1)
        flushed_while_full = True
    except TimeoutError:
        flushed_while_full = False
    full = store.stats()
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))  # space freed
    store.flush(timeout=60)
    after = store.stats()
    store.close()
    print(json.dumps({"flushed_while_full": flushed_while_full, "full_written": full.questions_written,
                      "full_dropped": full.dropped, "written": after.questions_written, "dropped": after.dropped,
                      "slowest_log_call_s": slowest}))
    """
)


def test_disk_full_logs_the_cause_once_counts_drops_and_keeps_going(tmp_path: Path) -> None:
    import json

    path = tmp_path / "data" / "factbot.sqlite3"
    script = tmp_path / "child.py"
    script.write_text(DISK_FULL_CHILD)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    err = done.stderr
    assert "Traceback" not in err and "cannot rollback" not in err, err
    cause = [ln for ln in err.splitlines() if "cannot write to" in ln]
    assert len(cause) == 1, err  # the cause, once
    assert "full" in cause[0] or "too large" in cause[0] or "I/O" in cause[0], cause
    assert not result["flushed_while_full"] and result["full_written"] == 1
    assert result["full_dropped"] > 0  # past the bound: counted ...
    assert len([ln for ln in err.splitlines() if "buffer full" in ln]) == 1  # ... and logged once
    # once there is room again, the buffered rows are written; every row is written or counted
    assert result["written"] + result["dropped"] == 301 and result["written"] >= 1 + 50
    assert len([ln for ln in err.splitlines() if "writable again" in ln and f"{result['dropped']} rows dropped" in ln]) == 1
    assert raw(path, "SELECT count(*) FROM unanswered") == [(result["written"],)]
    print("slowest log_question call while the disk was full:", result["slowest_log_call_s"], "s")


# --------------------------------------------------------------------------- server settings (v3)


def test_guild_settings_set_read_reset(target, clock: Clock) -> None:
    """/config rows: absent until set, one setting changed at a time, None resets it; both backends."""
    with Store(target, clock=clock) as s:
        assert s.guild_settings(111) == {} and s.autoanswer_channels() == {}
        s.set_guild_setting(111, "language", "ko")
        s.set_guild_setting(111, "private", True)
        s.set_guild_setting(111, "autoanswer_channel", 2**62 + 5)  # a 64-bit channel id
        s.set_guild_setting(222, "private", False)
        assert s.guild_settings(111) == {"language": "ko", "private": True, "autoanswer_channel": 2**62 + 5}
        assert s.guild_settings(222) == {"private": False}
        s.set_guild_setting(111, "language", None)
        assert s.guild_settings(111) == {"private": True, "autoanswer_channel": 2**62 + 5}
        assert s.autoanswer_channels() == {111: 2**62 + 5}
        with pytest.raises(ValueError):
            s.set_guild_setting(111, "owner; DROP TABLE feedback", 1)
    with Store(target, clock=clock) as s:  # kept across restarts
        assert s.guild_settings(111)["autoanswer_channel"] == 2**62 + 5


def test_v2_database_migrates_to_v3_keeping_rows(target, clock: Clock) -> None:
    with Store(target, clock=clock) as s:
        q(s, "삼성 논문 몇 건?")
        s.flush()
    raw(target, "DROP TABLE guild_settings")
    set_version(target, 2)
    with Store(target, clock=clock) as s:
        assert [r.question for r in s.unanswered()] == ["삼성 논문 몇 건?"]
        s.set_guild_setting(1, "language", "en")
        assert s.guild_settings(1) == {"language": "en"}
    if is_url(target):
        assert raw(target, "SELECT version FROM factbot_schema") == [(SCHEMA_VERSION,)]
    else:
        assert raw(target, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


# --------------------------------------------------------------------------- reads during an outage (issue 13)


def _timed(call, limit: float = 5.0) -> tuple[float, object]:
    """Run ``call`` on a thread; (seconds it took, its result or the exception it raised). A call still
    running after ``limit`` seconds counts as taking that long (the old code could wait forever)."""
    import time

    out: list[object] = []

    def run() -> None:
        try:
            out.append(call())
        except Exception as e:
            out.append(e)

    t = time.perf_counter()
    th = threading.Thread(target=run, daemon=True)
    th.start()
    th.join(limit)
    return time.perf_counter() - t, (out[0] if out else TimeoutError("still waiting"))


def test_postgresql_reads_on_the_reply_path_are_bounded_when_packets_are_dropped(pg_server, pg_url) -> None:
    """The database host starts dropping packets after the store is up (a relay that stops answering):
    the first read that goes to the network gives up within the read timeout (0.5 s by default, where
    a reconnect used to wait 3 s, and a query on the open connection for ever), the next ones fail at
    once without the network, votes fall back to the votes held in memory, and everything works again
    once the network is back."""
    import time

    from netproxy import TcpProxy

    proxy = TcpProxy(pg_server.port)
    s = Store(proxy.url(pg_url), connect_in_background=True, close_timeout=2)
    try:
        s.set_guild_setting(42, "language", "en")
        assert vote(s, "a1", "voter-1", 1)
        s.flush()
        assert s.guild_settings(42) == {"language": "en"}  # the reader is connected

        proxy.blackhole()
        took, got = _timed(lambda: s.guild_settings(42))
        assert isinstance(got, StoreError) and took < 1.0, (took, got)
        took, got = _timed(lambda: [s.guild_settings(42) if i % 2 else vote(s, f"b{i}", "voter-2", 1)
                                    for i in range(20)])
        assert isinstance(got, StoreError) and took < 0.2, (took, got)  # no network: no wait at all
        for call in (lambda: vote(s, "a1", "voter-1", -1),  # committed: can't be checked, taken as new
                     lambda: vote(s, "a2", "voter-1", 1),
                     lambda: vote(s, "a2", "voter-1", -1),  # pending in memory: found
                     lambda: s.unanswered(),
                     lambda: s.autoanswer_channels()):
            took, _ = _timed(call)
            assert took < 1.0
        assert vote(s, "a3", "voter-1", 1) and not vote(s, "a3", "voter-1", 1)

        proxy.restore()
        deadline = time.monotonic() + 30
        while True:  # reads try the network again a little later
            try:
                assert s.guild_settings(42) == {"language": "en"}
                break
            except StoreError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        s.flush(timeout=30)
        assert not vote(s, "a2", "voter-1", 1)  # written, found in the database
        assert sorted(raw(pg_url, "SELECT answer_id, vote FROM feedback WHERE voter_hash IN"
                                  " (SELECT voter_hash FROM feedback WHERE answer_id = 'a1')")) == \
            [("a1", 1), ("a2", 1), ("a3", 1)]  # the duplicate 👎 on a1 was ignored by the insert
    finally:
        proxy.restore()
        s.close()
        proxy.close()


def test_postgresql_reads_skip_the_network_once_the_writer_saw_the_outage(caplog) -> None:
    """PostgreSQL stops after the store is up and the writer has found out: reads raise StoreError
    at once (well under the read timeout, so without trying the network, which here drops packets
    too), and the read timeout is a setting."""
    import time

    import pgserver
    from netproxy import TcpProxy

    caplog.set_level("INFO", logger="bot.store")
    with pgserver.PgServer() as server:
        proxy = TcpProxy(server.port)
        s = Store(proxy.url(server.url), connect_in_background=True, close_timeout=1)
        try:
            assert s.guild_settings(7) == {}
            server.stop()
            q(s, "asked while it is down")
            deadline = time.monotonic() + 10
            while not any("cannot write to" in r.getMessage() for r in caplog.records):
                assert time.monotonic() < deadline
                time.sleep(0.02)
            proxy.blackhole()
            for call in (lambda: s.guild_settings(7), lambda: vote(s, "a1", "v", 1), lambda: s.unanswered()):
                took, _ = _timed(call)
                assert took < 0.2, took
        finally:
            proxy.restore()
            s.close()
            proxy.close()


def test_postgresql_read_timeout_is_the_store_read_timeout_setting(pg_server, pg_url, monkeypatch, tmp_path) -> None:
    """STORE_READ_TIMEOUT reaches the store the bot opens: a read on a silent network gives up then."""
    import time

    from bot.chat.runner import open_store
    from bot.settings import Settings
    from netproxy import TcpProxy

    assert Settings(_env_file=None).store_read_timeout == 0.5
    proxy = TcpProxy(pg_server.port)
    monkeypatch.setenv("STORE_READ_TIMEOUT", "0.2")
    monkeypatch.setenv("DATABASE_URL", proxy.url(pg_url))
    s = open_store(Settings(_env_file=None, data_dir=tmp_path))
    try:
        assert s is not None and s.backend == "postgresql"
        assert s.guild_settings(1) == {}
        proxy.blackhole()
        t = time.perf_counter()
        with pytest.raises(StoreError, match="within 0.2 s"):
            s.guild_settings(1)
        assert time.perf_counter() - t < 0.45
    finally:
        proxy.restore()
        s.close()
        proxy.close()
