"""Shared fixtures. `fake` is a local Discord (REST v10 + gateway on 127.0.0.1), one per test module."""
from __future__ import annotations

import pytest_asyncio

from fakediscord import FakeDiscord


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.stop()


# --------------------------------------------------------------------------- PostgreSQL for the store tests
#
# One throw-away server per session (tests/pgserver.py: initdb + pg_ctl on 127.0.0.1, a free port,
# as an unprivileged user when run as root); each test gets a database of its own. The store tests
# are parametrized over `backend` and the summary prints how many ran per backend; a run where the
# PostgreSQL half did not run (or was skipped) fails instead of passing quietly.

import itertools
import os

import pytest

import pgserver

_BACKEND_COUNTS: dict[str, dict[str, int]] = {}
_db_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    if not pgserver.available():
        pytest.fail("initdb/pg_ctl not found: install PostgreSQL (apt-get install -y postgresql); "
                    "the store tests never skip the PostgreSQL half")
    server = pgserver.PgServer().init().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A URL to a fresh, empty database on the session's PostgreSQL."""
    import psycopg

    name = f"t{os.getpid()}_{next(_db_names)}"
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.url.rsplit("/", 1)[0] + "/" + name


def _backend_of(nodeid: str) -> str | None:
    """The backend a store/report test ran against: its `backend` parameter, else PostgreSQL for
    the PostgreSQL specifics and SQLite for the other store tests (file, WAL, disk full, kill -9);
    'other' for report tests that use no database."""
    if "test_store.py" not in nodeid and "test_report.py" not in nodeid:
        return None
    name = nodeid.split("::")[-1]
    params = name.partition("[")[2]
    for backend in ("postgresql", "sqlite"):
        if backend in params.split("-") or params.rstrip("]") == backend:
            return backend
    if "postgresql" in name:
        return "postgresql"
    return "sqlite" if "test_store.py" in nodeid else "other"


def pytest_runtest_logreport(report):
    backend = _backend_of(report.nodeid)
    if backend is None:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        if "[sqlite" in report.nodeid:
            _BACKEND_COUNTS.setdefault("parametrized-sqlite", {})["ran"] = 1
        counts = _BACKEND_COUNTS.setdefault(backend, {})
        counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    if not _BACKEND_COUNTS:
        return
    parts = []
    for backend in ("sqlite", "postgresql", "other"):
        c = _BACKEND_COUNTS.get(backend, {})
        parts.append(f"{backend}: {sum(c.values())} ran ({', '.join(f'{n} {k}' for k, n in sorted(c.items())) or 'none'})")
    terminalreporter.write_line("store/report tests per backend — " + "; ".join(parts)
                                + " ('other': report tests without a database)")


def pytest_sessionfinish(session, exitstatus):
    pg = _BACKEND_COUNTS.get("postgresql")
    sqlite_ran = "parametrized-sqlite" in _BACKEND_COUNTS
    if sqlite_ran and (not pg or pg.get("skipped")) and session.exitstatus == 0:
        session.exitstatus = 1  # the PostgreSQL half must run wherever the SQLite half does
