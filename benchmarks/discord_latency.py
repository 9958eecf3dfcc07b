"""Start-up and reply latency of `python -m bot run` against the local Discord.

    .venv/bin/python benchmarks/discord_latency.py [--runs 3] [--asks 100]

For each run: start the local Discord (tests/fakediscord), launch `python -m bot run` pointed at it,
send one /ask as soon as the bot's gateway session is up and time process start -> answer delivered.
Then (last run) send `--asks` /ask interactions one after another and report the reply latency
(interaction dispatched -> response received by Discord): p50, p90, p99, max.
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
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, min(len(values) - 1, round(p / 100 * len(values)) - 1))]


async def one_run(asks: int, tmp: Path) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    fake = await FakeDiscord().start()
    bot = BotProcess(fake, env={"LOG_LEVEL": "WARNING", "DATA_DIR": str(tmp / "data")}, log_path=tmp / "bot.log",
                     cwd=tmp)
    out: dict = {}
    try:
        bot.start()
        t0 = bot.started_at
        await fake.wait_connected(timeout=60)
        out["session_ready_s"] = time.monotonic() - t0
        first = await (await fake.ask(QUESTIONS[0], user=fake.make_user())).wait(30)
        assert "40" in first.reply["embeds"][0]["description"], first.reply
        out["start_to_first_answer_s"] = first.done_at - t0
        latencies = []
        for i in range(asks):
            rec = await (await fake.ask(QUESTIONS[i % len(QUESTIONS)], user=fake.make_user())).wait(30)
            assert rec.callbacks and not rec.rejected
            latencies.append(rec.latency * 1000)
        if latencies:
            out.update(
                asks=len(latencies),
                p50_ms=statistics.median(latencies),
                p90_ms=pct(latencies, 90),
                p99_ms=pct(latencies, 99),
                max_ms=max(latencies),
            )
    finally:
        await bot.stop()
        await fake.stop()
    return out


async def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="start-up measurements (default 3)")
    ap.add_argument("--asks", type=int, default=100, help="/ask interactions for the latency figure (default 100)")
    args = ap.parse_args(argv)
    starts = []
    last: dict = {}
    with tempfile.TemporaryDirectory() as d:
        for run in range(args.runs):
            last = await one_run(args.asks if run == args.runs - 1 else 0, Path(d) / str(run))
            starts.append(last["start_to_first_answer_s"])
            print(f"run {run + 1}: gateway session ready {last['session_ready_s']:.2f} s, "
                  f"process start -> first /ask answer delivered {last['start_to_first_answer_s']:.2f} s")
    print(f"start -> first answer: median {statistics.median(starts):.2f} s, max {max(starts):.2f} s "
          f"over {len(starts)} run(s)")
    if "p50_ms" in last:
        print(f"{last['asks']} /ask one after another: p50 {last['p50_ms']:.1f} ms, p90 {last['p90_ms']:.1f} ms, "
              f"p99 {last['p99_ms']:.1f} ms, max {last['max_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
