"""Issue 13's done-when run: two bot processes (shards 0 and 1 of 2) against the local Discord and one
PostgreSQL take N /ask interactions; PostgreSQL is stopped for a while in the middle.

    .venv/bin/python benchmarks/shards_pg.py [--asks 1000] [--rate 40] [--outage 10]

Prints: replies received, replies later than Discord's 3 s deadline, asks per process, unanswered
questions sent vs stored (each must be stored exactly once), rows asked during the outage that were
written after PostgreSQL came back, and what `python -m bot report` from a third process counts.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import pgserver  # noqa: E402
from fakediscord import FakeDiscord  # noqa: E402
from fakediscord.harness import BotProcess  # noqa: E402

ANSWERABLE = ["how many papers did kakao publish", "하이퍼클로바 파라미터 몇 개야", "When was KoGPT released?"]


def unanswerable(i: int) -> str:
    return f"what is the weather in Seoul for traveller {chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}"


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--asks", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=40.0, help="interactions per second")
    ap.add_argument("--outage", type=float, default=10.0, help="seconds PostgreSQL is stopped (0: none)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="factbot-shards-"))
    server = pgserver.PgServer().init().start()
    # one guild; guild asks go to its shard, DMs to shard 0: pick a guild on shard 1 so both work
    fake = FakeDiscord()
    while (int(fake.guild_id) >> 22) % 2 != 1:
        fake = FakeDiscord()
    await fake.start()
    env = {"LOG_LEVEL": "WARNING", "DATABASE_URL": server.url, "SHARD_COUNT": "2", "DISCORD_GUILD_ID": ""}
    bots = [BotProcess(fake, env={**env, "SHARD_IDS": str(i), "DATA_DIR": str(tmp / f"data{i}")},
                       log_path=tmp / f"bot{i}.log", cwd=tmp) for i in range(2)]
    try:
        for b in bots:
            b.start()
        await fake.wait_connected(shards=2, timeout=90)
        await asyncio.sleep(1.0)
        sent: list[tuple[str, bool, float]] = []  # question, unanswerable?, sent at
        records = []
        outage_at = args.asks / args.rate / 2 - args.outage / 2
        window: list[float] = []
        t0 = time.monotonic()

        async def outage() -> None:
            if args.outage <= 0:
                return
            await asyncio.sleep(max(0.0, outage_at))
            window.append(time.monotonic())
            await asyncio.to_thread(server.stop, "immediate")
            await asyncio.sleep(args.outage)
            await asyncio.to_thread(server.start)
            window.append(time.monotonic())

        outage_task = asyncio.create_task(outage())
        for i in range(args.asks):
            await asyncio.sleep(max(0.0, t0 + i / args.rate - time.monotonic()))
            bad = i % 2 == 0
            question = unanswerable(i) if bad else ANSWERABLE[i % len(ANSWERABLE)]
            dm = i % 4 in (0, 1)  # half DMs (shard 0), half in the guild (shard 1)
            records.append(asyncio.create_task(fake.ask(question, user=fake.make_user(), dm=dm)))
            sent.append((question, bad, time.monotonic()))
        recs = [await r for r in records]
        done = await asyncio.gather(*(r.wait(30) for r in recs), return_exceptions=True)
        await outage_task
        replies = [r for r in done if not isinstance(r, BaseException) and r.callbacks]
        late = [r for r in replies if r.latency > 3.0]
        for b in bots:
            await b.stop(timeout=30)  # SIGTERM: each store flushes what it holds
        import psycopg

        with psycopg.connect(server.url) as conn:
            stored = [r[0] for r in conn.execute("SELECT question FROM unanswered")]
            per_guild = conn.execute("SELECT guild_id IS NULL, count(*) FROM unanswered GROUP BY 1").fetchall()
        expected = [q for q, bad, _ in sent if bad]
        in_window = [q for q, bad, at in sent if bad and window and window[0] <= at <= window[1]]
        env3 = {k: v for k, v in os.environ.items()}
        env3.update({"DATABASE_URL": server.url, "PYTHONPATH": str(ROOT)})
        rep = subprocess.run([sys.executable, "-m", "bot", "report", "--limit", "3"], cwd=tmp, env=env3,
                             capture_output=True, text=True, timeout=300)
        head = re.search(r"Unanswered questions: .*", rep.stdout)
        print(f"interactions sent: {len(sent)} at {args.rate:g}/s; replies: {len(replies)}; "
              f"later than 3 s: {len(late)}; max latency {max(r.latency for r in replies):.3f} s")
        print(f"asks per process (DM -> shard 0, guild -> shard 1): "
              f"{sum(1 for i in range(len(sent)) if i % 4 in (0, 1))} / {sum(1 for i in range(len(sent)) if i % 4 in (2, 3))}")
        print(f"unanswered sent: {len(expected)}; stored rows: {len(stored)}; distinct stored: {len(set(stored))}; "
              f"every one stored exactly once: {sorted(stored) == sorted(expected)}; by origin (dm?, n): {per_guild}")
        if window:
            print(f"PostgreSQL stopped {window[1] - window[0]:.1f} s (from t={window[0] - t0:.1f} s); unanswered asked in "
                  f"that window: {len(in_window)}, stored after it came back: {sum(1 for q in in_window if q in set(stored))}")
        print(f"report (third process, exit {rep.returncode}): {head.group(0) if head else rep.stderr[-500:]}")
        for b in bots:
            errors = [ln for ln in b.log().splitlines() if "ERROR" in ln or "WARNING" in ln]
            print(f"{b.env['SHARD_IDS']}: log lines at WARNING+: {len(errors)}; tracebacks: {b.log().count('Traceback')}")
            for ln in errors[:4]:
                print("    " + ln[:200])
    finally:
        for b in bots:
            await b.stop()
        await fake.stop()
        server.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
