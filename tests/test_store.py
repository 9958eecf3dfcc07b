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

from bot.store import DAY, SCHEMA_VERSION, Store, StoreError

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


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock):
    s = Store(tmp_path / "data" / "factbot.db", retention_days=90, clock=clock)
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
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
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
    path = tmp_path / "factbot.db"
    user_id = "804212345678901234"
    with Store(path) as s:
        # Worst case: the adapter passes something containing the user id as voter_key,
        # and the question mentions users, a role and a channel.
        assert vote(s, "answer-1", f"user:{user_id}:alice", -1, question=f"<@{user_id}> <@!{user_id}> 카카오 논문?")
        q(s, f"hey <@{user_id}> and <@&1111111111111111> in <#2222222222222222>, what about naver?")
        s.flush()
        assert s.unanswered()[0].question == "hey @user and @role in #channel, what about naver?"
    text = dump(path)
    assert "answer-1" in text and "@user @user 카카오 논문?" in text  # the dump does hold our rows
    for secret in (user_id, "alice", "1111111111111111", "2222222222222222"):
        assert secret not in text
    raw = path.read_bytes() + (path.with_name(path.name + "-wal").read_bytes()
                               if path.with_name(path.name + "-wal").exists() else b"")
    assert user_id.encode() not in raw


def test_log_question_never_raises_and_returns_after_close(tmp_path: Path) -> None:
    s = Store(tmp_path / "f.db")
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


def test_feedback_once_per_voter_per_answer(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "f.db"
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
    db = sqlite3.connect(path)
    assert db.execute("SELECT answer_id, vote FROM feedback ORDER BY id").fetchall() == [
        ("a1", -1), ("a1", 1), ("a2", 1), ("a1", 1)]
    assert db.execute("SELECT count(*) FROM feedback WHERE voter_hash LIKE '%voter%'").fetchone()[0] == 0
    db.close()


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


def test_retention_at_open(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "f.db"
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


def test_retention_while_running(tmp_path: Path, clock: Clock) -> None:
    with Store(tmp_path / "f.db", retention_days=7, clock=clock, purge_interval=DAY) as s:
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


def test_purge_expired_on_demand(tmp_path: Path, clock: Clock) -> None:
    with Store(tmp_path / "f.db", retention_days=7, clock=clock, purge_interval=1e12) as s:
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
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert db.execute("SELECT qnorm FROM unanswered ORDER BY id").fetchall() == [
        ("삼성은 논문 몇 편 냈어",), ("when was kogpt released",), ("new after migration",)]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"unanswered_ts", "feedback_ts", "feedback_intent_q"} <= indexes
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    with Store(path):
        pass
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
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
