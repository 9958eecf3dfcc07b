"""Load: 1,000 /ask interactions over 10 s through the local Discord to `python -m bot run`.

Every interaction must get its reply (none lost, none past Discord's 3 s deadline) and the bot's RSS
may grow less than 10% between the end of the first 200 replies and the end of the last 200.
Figures are printed (run with -s to see them).
"""
from __future__ import annotations

import asyncio
import statistics
import time

import pytest
import pytest_asyncio

from bot.core.engine import Engine
from fakediscord import FakeDiscord
from fakediscord.harness import BotProcess

TOTAL = 1000
SECONDS = 10.0


@pytest_asyncio.fixture(loop_scope="function")
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.stop()


def questions() -> list[str]:
    engine = Engine.load()
    qs = engine.complete("", "en", limit=25) + engine.complete("", "ko", limit=25)
    qs += ["what is the weather in Seoul", "오늘 점심 뭐 먹지", "kakao", "논문", "@everyone hi", "x" * 400]
    return qs


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * len(values)) - 1))
    return values[k]


async def run_load(fake: FakeDiscord, bot: BotProcess, total: int = TOTAL, seconds: float = SECONDS) -> dict:
    qs = questions()
    users = [fake.make_user(f"load{i}") for i in range(total)]  # one user each: no cooldown in the way
    recs = []
    rss: dict[str, int] = {}
    done_count = 0

    def on_done(_):
        nonlocal done_count
        done_count += 1
        if done_count == 200:
            rss["first_200"] = bot.rss_kib()

    start = time.monotonic()
    waits = []
    for i in range(total):
        delay = start + i * seconds / total - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        rec = await fake.ask(qs[i % len(qs)], user=users[i])
        recs.append(rec)
        task = asyncio.ensure_future(rec.wait(30))
        task.add_done_callback(on_done)
        waits.append(task)
    send_span = time.monotonic() - start
    results = await asyncio.gather(*waits, return_exceptions=True)
    rss["last_200"] = bot.rss_kib()
    delivered = [r for r in recs if r.done.is_set() and r.callbacks and not r.rejected]
    latencies = [r.latency * 1000 for r in delivered]
    lost = total - len(delivered)
    return {
        "sent": total,
        "send_span_s": round(send_span, 2),
        "replies": len(delivered),
        "lost": lost,
        "late_or_rejected": sum(1 for r in recs if r.rejected),
        "deferred": sum(1 for r in delivered if r.deferred),
        "timeouts": sum(1 for x in results if isinstance(x, BaseException)),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "rss_first_200_kib": rss.get("first_200"),
        "rss_last_200_kib": rss["last_200"],
        "rss_growth_pct": round((rss["last_200"] - rss["first_200"]) / rss["first_200"] * 100, 2)
        if rss.get("first_200") else None,
    }


@pytest.mark.asyncio(loop_scope="function")
async def test_1000_asks_over_10_seconds(fake, tmp_path):
    bot = BotProcess(fake, env={"DATA_DIR": str(tmp_path / "data")}, log_path=tmp_path / "bot.log", cwd=tmp_path)
    bot.start()
    try:
        await fake.wait_connected(timeout=30)
        fake.record_bodies = False
        figures = await run_load(fake, bot)
    finally:
        await bot.stop()
    print("\nload figures:", figures)
    assert figures["lost"] == 0, figures
    assert figures["replies"] == TOTAL
    assert figures["rss_growth_pct"] < 10, figures
    assert "Traceback" not in bot.log()
