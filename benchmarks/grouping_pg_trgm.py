"""Issue 13 item 3: group similar unanswered questions in PostgreSQL (pg_trgm) or in Python?

    .venv/bin/python benchmarks/grouping_pg_trgm.py [--rows 100000]

Loads N generated questions (benchmarks/report_grouping.py) into a throw-away PostgreSQL through the
store, then times (a) what the report does today: read the rows and group them in Python
(bot.report.group_questions), and (b) the database's part of a pg_trgm grouping: the candidate pairs
of similar normalised questions from a self-join on the `%` operator over a GIN trigram index (the
pairs would still need the report's same_question check, so (b) is a lower bound for doing it in SQL).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pgserver  # noqa: E402
import psycopg  # noqa: E402
import report_grouping  # noqa: E402

from bot import report  # noqa: E402
from bot.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--timeout", type=int, default=300, help="statement_timeout for the pg_trgm join, s")
    args = ap.parse_args()
    rows = report_grouping.generate(args.rows)
    with pgserver.PgServer() as server:
        clock = [rows[0].ts]
        store = Store(server.url, max_queue=len(rows) + 10, clock=lambda: clock[0])
        for r in rows:
            clock[0] = r.ts
            store.log_question(question=r.question, lang=r.lang, status=r.status, intent=None, confidence=0.3,
                               guild_id=None)
        store.flush(timeout=600)
        t = time.perf_counter()
        got = store.unanswered()
        read = time.perf_counter() - t
        t = time.perf_counter()
        groups = report.group_questions(got)
        python = time.perf_counter() - t
        store.close()
        print(f"{len(got)} rows: read from PostgreSQL {read:.2f} s; grouped in Python {python:.2f} s "
              f"-> {len(groups)} groups (total {read + python:.2f} s)")
        with psycopg.connect(server.url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            t = time.perf_counter()
            conn.execute("CREATE TABLE keys AS SELECT DISTINCT qnorm FROM unanswered")
            conn.execute("CREATE INDEX keys_trgm ON keys USING gin (qnorm gin_trgm_ops)")
            conn.execute("ANALYZE keys")
            prep = time.perf_counter() - t
            n = conn.execute("SELECT count(*) FROM keys").fetchone()[0]
            conn.execute(f"SET statement_timeout = '{args.timeout}s'")
            conn.execute("SET pg_trgm.similarity_threshold = 0.6")
            t = time.perf_counter()
            try:
                pairs = conn.execute("SELECT count(*) FROM keys a JOIN keys b ON a.qnorm % b.qnorm"
                                     " AND a.qnorm < b.qnorm").fetchone()[0]
                took = time.perf_counter() - t
                print(f"pg_trgm: {n} distinct keys, index built in {prep:.2f} s; candidate-pair self-join "
                      f"(similarity >= 0.6): {pairs} pairs in {took:.2f} s (before any same_question check)")
            except psycopg.errors.QueryCanceled:
                print(f"pg_trgm: {n} distinct keys, index built in {prep:.2f} s; candidate-pair self-join "
                      f"did not finish within {args.timeout} s")


if __name__ == "__main__":
    main()
