"""Overload: /ask at a fixed rate through the local Discord to `python -m bot run`, and what came back.

    .venv/bin/python benchmarks/overload.py --rate 500 --seconds 8 [--rate 750 ...]

For each rate: start the local Discord (tests/fakediscord) and the bot in a child process, send
rate x seconds /ask interactions evenly spread (one user each, so the cooldown is not what limits),
wait for them to settle, and print: acknowledged within Discord's 3 s deadline (%), answered in full,
deferred, shed with a "busy" reply, lost (no acknowledgement accepted), the reply-latency p50/p99 of
the acknowledgements, tracebacks and log lines in the bot's log.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fakediscord import FakeDiscord  # noqa: E402
from fakediscord.harness import BotProcess  # noqa: E402

QUESTIONS = [
    "how many papers did kakao publish",
    "하이퍼클로바 파라미터 몇 개야",
    "카카오는 논문을 얼마나 냈지",
    "When and where was KoGPT released?",
    "what is the weather in Seoul",
    "네이버는 논문을 몇 편 발표했어?",
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * len(values)) - 1))]


def is_busy(rec) -> bool:
    try:
        body = rec.reply
    except AssertionError:
        return False
    text = " ".join((e.get("description") or "") for e in body.get("embeds") or []) + (body.get("content") or "")
    return "busy" in text.lower() or "바쁩니다" in text


async def one_rate(rate: float, seconds: float, tmp: Path, settle: float) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    fake = await FakeDiscord().start()
    bot = BotProcess(fake, env={"LOG_LEVEL": "INFO", "DATA_DIR": str(tmp / "data")}, log_path=tmp / "bot.log", cwd=tmp)
    try:
        bot.start()
        await fake.wait_connected(timeout=60)
        warm = await (await fake.ask(QUESTIONS[0], user=fake.make_user())).wait(30)
        assert warm.callbacks, "the bot did not answer the warm-up question"
        fake.record_bodies = False
        total = int(rate * seconds)
        users = [fake.make_user(f"load{i}") for i in range(total)]
        recs = []
        start = time.monotonic()
        for i in range(total):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            recs.append(await fake.ask(QUESTIONS[i % len(QUESTIONS)], user=users[i]))
        span = time.monotonic() - start
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline and not all(r.done.is_set() or r.rejected for r in recs):
            await asyncio.sleep(0.1)
    finally:
        await bot.stop()
        await fake.stop()
    acked = [r for r in recs if r.callbacks]
    ack_lat = []
    for r in acked:
        # the first accepted callback arrived before done_at for a type-4 reply; for a deferral we only know
        # it was accepted, which the local Discord allows only within 3 s of dispatch
        ack_lat.append((r.done_at - r.sent_at) * 1000 if (r.done_at and not r.deferred) else None)
    log = bot.log()
    busy = sum(1 for r in acked if is_busy(r))
    deferred = sum(1 for r in acked if r.deferred)
    answered = sum(1 for r in acked if r.done.is_set() and not is_busy(r))
    lat = [x for x in ack_lat if x is not None]
    return {
        "rate": rate,
        "sent": total,
        "send_span_s": round(span, 2),
        "acked_within_3s_pct": round(100 * len(acked) / total, 2),
        "answered": answered,
        "deferred": deferred,
        "shed_busy": busy,
        "lost": total - len(acked),
        "rejected_late": sum(1 for r in recs if r.rejected),
        "immediate_reply_p50_ms": round(statistics.median(lat), 1) if lat else None,
        "immediate_reply_p99_ms": round(pct(lat, 99), 1) if lat else None,
        "tracebacks": log.count("Traceback"),
        "log_lines": log.count("\n"),
    }


async def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, action="append", help="interactions per second (repeatable)")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--settle", type=float, default=30.0, help="seconds to wait for the last replies")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        for i, rate in enumerate(args.rate or [300.0]):
            out = await one_rate(rate, args.seconds, Path(d) / str(i), args.settle)
            print(" ".join(f"{k}={v}" for k, v in out.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
