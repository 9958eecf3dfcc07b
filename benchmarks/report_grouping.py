"""Report grouping at scale (issue 11 item 8, issue 13 item 3): time `group_questions` on N generated
unanswered questions, and optionally compare it with the exhaustive (quadratic) scan it replaced.

    python benchmarks/report_grouping.py                      # 5,000 / 20,000 / 100,000 questions
    python benchmarks/report_grouping.py --sizes 3000 --exhaustive   # + agreement with the old scan

Questions: Korean and English templates x synthetic organisation names (so most questions are
distinct), with typos, spacing and punctuation variants and some exact repeats, as real traffic has.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from bot import report  # noqa: E402
from bot.store import UnansweredRow  # noqa: E402

KO = ["{e}은 논문 몇 편 냈어?", "{e} 직원 수는 몇 명이야", "{e}는 언제 설립됐어?", "{e} 본사는 어디야?",
      "{e}의 대표 모델은 뭐야", "{e} 연구원 규모 알려줘", "{e}가 만든 AI 서비스는?", "{e} 매출 얼마야"]
EN = ["how many papers did {e} publish", "when was {e} founded?", "where is {e} headquartered",
      "who is the ceo of {e}", "what models has {e} released?", "how many employees does {e} have",
      "is {e} hiring ai researchers", "what is {e} revenue in {y}"]
SYL = "가나다라마바사아자차카타파하강난달람만반산안잔찬칸탄판한"


def entity(rng: random.Random, ko: bool) -> str:
    if ko:
        return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))
    return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def typo(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.3 and len(text) > 6:
        i = rng.randrange(1, len(text) - 1)
        return text[:i] + text[i + 1:]  # a dropped character
    if r < 0.5:
        return text.replace(" ", "", 1)  # spacing
    if r < 0.7:
        return text.rstrip("?") + "??"
    return text.upper() if r < 0.8 else text


def generate(n: int, seed: int = 1) -> list[UnansweredRow]:
    rng = random.Random(seed)
    out: list[UnansweredRow] = []
    base: list[str] = []
    while len(out) < n:
        r = rng.random()
        if base and r < 0.15:
            q = rng.choice(base)  # exact repeat
        elif base and r < 0.35:
            q = typo(rng, rng.choice(base))  # a variant of something asked before
        else:
            ko = rng.random() < 0.5
            q = rng.choice(KO if ko else EN).format(e=entity(rng, ko), y=rng.randint(2015, 2025))
            base.append(q)
        out.append(UnansweredRow(1.7e9 + len(out), q, "ko" if any("가" <= c <= "힣" for c in q) else "en",
                                 "unknown", None, 0.3, None))
    return out


def exhaustive(rows, cutoff=report.GROUP_CUTOFF):
    """The old algorithm (bot/report.py before issue 11 item 8): every seed against all the rest."""
    by_key: dict[str, list] = {}
    for row in rows:
        key = report.match_key(row.question)
        if key:
            by_key.setdefault(key, []).append(row)
    order = sorted(by_key, key=lambda k: (-len(by_key[k]), -max(r.ts for r in by_key[k]), k))
    remaining = {k: report.jamo(k) for k in order}
    remaining_flat = {k: v.replace(" ", "") for k, v in remaining.items()}
    groups = []
    for seed in order:
        if seed not in remaining:
            continue
        del remaining[seed], remaining_flat[seed]
        members = [seed]
        if remaining:
            hits = process.extract(report.jamo(seed), remaining, scorer=fuzz.token_set_ratio, score_cutoff=cutoff,
                                   limit=None)
            hits += process.extract(report.jamo(seed).replace(" ", ""), remaining_flat, scorer=fuzz.ratio,
                                    score_cutoff=cutoff, limit=None)
            candidates = dict.fromkeys(key for _c, _s, key in hits)
            members += [key for key in candidates if report.same_question(seed, key)]
            for key in members[1:]:
                del remaining[key], remaining_flat[key]
        groups.append(frozenset(members))
    return groups


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000, 100_000])
    ap.add_argument("--exhaustive", action="store_true", help="also run the old quadratic scan and compare")
    args = ap.parse_args()
    for n in args.sizes:
        rows = generate(n)
        report.jamo.cache_clear()
        stats: dict[str, int] = {}
        t, c = time.perf_counter(), time.process_time()
        groups = report.group_questions(rows, stats=stats)
        took, cpu = time.perf_counter() - t, time.process_time() - c
        keys = len({report.match_key(r.question) for r in rows})
        print(f"{n:>7} questions, {keys:>7} distinct keys -> {len(groups):>7} groups in {took:6.2f} s wall, {cpu:6.2f} s CPU "
              f"({stats['compared']:,} candidate keys scored; exhaustive would score ~{keys * (keys - 1) // 2:,})")
        if args.exhaustive:
            report.jamo.cache_clear()
            t = time.perf_counter()
            old = exhaustive(rows)
            old_took = time.perf_counter() - t
            new = {frozenset(report.match_key(p) for p in g.phrasings) for g in groups}
            same = len(set(old) & new)
            print(f"         exhaustive scan: {len(old)} groups in {old_took:.2f} s; identical groups: "
                  f"{same}/{len(old)} ({100 * same / len(old):.2f}%)")


if __name__ == "__main__":
    main()
