"""Our own eval sets scored against the shipped base, held to the core issue's targets:
in-scope answered correctly >= 95%, out-of-scope declined >= 90%, confidently wrong <= 3%.

- questions.jsonl (210): written with the knowledge base, mostly near misses.
- holdout.jsonl (120): written afterwards by someone who had not seen the matcher or the other
  sets, from the article alone. Its first run (83% in scope) showed general weaknesses that were
  then fixed (long messages that set a scene, exclusions, sums, units one by one), so it is no
  longer blind; it stays as a second, differently written regression set.
- blind.jsonl (100), blind3.jsonl (100), blind4 … blind7.jsonl (120 each): written the same way
  later, each run once before anyone looked at its questions (first runs, in-scope / out-of-scope
  declined / confidently wrong: 85.9 / 95.5 / 3.0, 87.2 / 100 / 3.0, 85.3 / 88.0 / 7.5,
  89.5 / 96.0 / 5.8, 89.5 / 84.0 / 8.3, 94.7 / 92.0 / 4.2). Their failures then
  led to more fixes, so they too are regression sets now, held to a floor (90 / 90 / 5).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.evaluation import evaluate, load_rows

SETS = {name: Path(__file__).parent / "eval" / f"{name}.jsonl" for name in ("questions", "holdout")}
LATER = ("blind", "blind3", "blind4", "blind5", "blind6", "blind7")  # the sets written later, held to a floor
KINDS = {"paraphrase", "typo", "colloquial", "compare", "entity_swap", "long", "multi", "oos"}


@pytest.fixture(scope="module")
def engine():
    return Engine.load()


@pytest.mark.parametrize("name", SETS)
def test_eval_set_shape(name):
    rows = load_rows(SETS[name])
    assert len(rows) >= 120
    assert KINDS <= {r["kind"] for r in rows}
    assert {r["lang"] for r in rows} == {"ko", "en", "mixed"}
    assert sum(r["oos"] for r in rows) / len(rows) >= 0.20
    assert len({r["id"] for r in rows}) == len(rows)


def test_own_set_is_large_enough():
    assert len(load_rows(SETS["questions"])) >= 150


def test_sets_do_not_overlap():
    files = [*SETS.values(), *(Path(__file__).parent / "eval" / f"{n}.jsonl" for n in LATER)]
    seen: set[str] = set()
    for p in files:
        questions = {r["question"] for r in load_rows(p)}
        # independent writers do land on the same plain question now and then ("이 기사 쓴 기자
        # 이름이 뭐야?"), but the sets are different sets
        assert len(questions & seen) <= 0.05 * len(questions), (p.name, sorted(questions & seen))
        seen |= questions


@pytest.mark.parametrize("name", LATER)
def test_later_sets_floor(engine, name):
    report = evaluate(load_rows(Path(__file__).parent / "eval" / f"{name}.jsonl"), engine.ask)
    print(report.render(show=10))
    assert report.inscope_rate >= 0.90, report.summary()
    assert report.oos_rate >= 0.90, report.summary()
    assert report.wrong_rate <= 0.05, report.summary()


@pytest.mark.parametrize("name", SETS)
def test_eval_meets_issue_targets(engine, name):
    report = evaluate(load_rows(SETS[name]), engine.ask)
    print(report.render(show=10))
    assert report.inscope_rate >= 0.95, report.summary()
    assert report.oos_rate >= 0.90, report.summary()
    assert report.wrong_rate <= 0.03, report.summary()


# The engine issue's pre-registered sets (written before this session's engine changes, scored once
# per engine; docs/engine-v2-eval.md). After that first run they are regression sets with a floor
# a few points under it, on their own bases: (set, knowledge dir or None, in scope, declined, wrong).
ROOT = Path(__file__).resolve().parents[1]
FIRST_RUN_FLOORS = [
    ("blind_v2.jsonl", None, 0.78, 0.80, 0.11),
    ("second/hangul_blind.jsonl", ROOT / "examples" / "hangul" / "knowledge", 0.70, 0.72, 0.13),
    ("third/marathon_blind.jsonl", ROOT / "examples" / "marathon" / "knowledge", 0.68, 0.82, 0.12),
    ("dev/article_dev.jsonl", None, 0.86, 0.84, 0.08),
    ("dev/hangul_dev.jsonl", ROOT / "examples" / "hangul" / "knowledge", 0.70, 0.82, 0.15),
    ("dev/marathon_dev.jsonl", ROOT / "examples" / "marathon" / "knowledge", 0.72, 0.80, 0.12),
    # the fourth session's pre-registered sets (their first runs: docs/engine-v2-eval.md)
    ("v3/article_v3.jsonl", None, 0.85, 0.94, 0.05),
    ("v3/hangul_v3.jsonl", ROOT / "examples" / "hangul" / "knowledge", 0.72, 0.86, 0.10),
    ("fourth/lighthouse_blind.jsonl", ROOT / "examples" / "lighthouse" / "knowledge", 0.72, 0.85, 0.08),
    # the fifth session's pre-registered sets (first runs 83.5/97.8/2.5, 76.5/84.2/10.0, 58.5/91.7/7.7)
    ("v5/article_v5.jsonl", None, 0.81, 0.95, 0.04),
    ("v5/hangul_v5.jsonl", ROOT / "examples" / "hangul" / "knowledge", 0.73, 0.81, 0.12),
    ("v5/library_blind.jsonl", ROOT / "examples" / "library" / "knowledge", 0.60, 0.88, 0.10),
    # the sixth session's pre-registered sets (first runs, start -> end: docs/engine-v2-eval.md) and its
    # tuning set on the curator-built ferry base
    ("v6/article_v6.jsonl", None, 0.76, 0.84, 0.08),
    ("v6/hangul_v6.jsonl", ROOT / "examples" / "hangul" / "knowledge", 0.67, 0.85, 0.11),
    ("v6/library_v6.jsonl", ROOT / "examples" / "library" / "knowledge", 0.60, 0.79, 0.12),
    # (ferry_blind: two of its out-of-scope questions are answered with a neighbouring fact since the
    # seventh session's thesaurus connects their words, 출발 -> 출항 and final -> last; 86.1 / 9.2)
    ("v6/ferry_blind.jsonl", ROOT / "examples" / "ferry" / "knowledge", 0.64, 0.84, 0.10),
    ("v7/article_v7.jsonl", None, 0.78, 0.97, 0.06),
    ("v7/ferry_v7.jsonl", ROOT / "examples" / "ferry" / "knowledge", 0.64, 0.91, 0.12),
    ("v7/library_v7.jsonl", ROOT / "examples" / "library" / "knowledge", 0.60, 0.77, 0.13),
    ("v8/article_v8.jsonl", None, 0.79, 0.85, 0.10),
    ("v8/hangul_v8.jsonl", ROOT / "examples" / "hangul" / "knowledge", 0.67, 0.91, 0.10),
    ("v8/ferry_v8.jsonl", ROOT / "examples" / "ferry" / "knowledge", 0.64, 0.85, 0.12),
    ("dev/ferry_dev.jsonl", ROOT / "examples" / "ferry" / "knowledge", 0.74, 0.88, 0.05),
    # the seventh session's pre-registered sets (first runs, start -> end: 87.2/88.2/7.5 -> same,
    # 68.6/82.4/10.8 -> 70.9/82.4/10.8, and on the curator-built festival base 62.8/88.9/8.5 -> 64.9/88.9/8.5)
    ("v9/article_v9.jsonl", None, 0.85, 0.85, 0.09),
    ("v9/library_v9.jsonl", ROOT / "examples" / "library" / "knowledge", 0.68, 0.80, 0.12),
    ("v9/festival_blind.jsonl", ROOT / "examples" / "festival" / "knowledge", 0.62, 0.86, 0.10),
    # the eighth session's pre-registered sets (first runs, start -> end: 85.3/93.2/5.0 -> same; on the
    # curator-built bike base 63.8/83.3/10.8 -> 66.0/83.3/9.2)
    ("v10/article_v10.jsonl", None, 0.83, 0.90, 0.06),
    ("v10/bike_blind.jsonl", ROOT / "examples" / "bike" / "knowledge", 0.63, 0.80, 0.11),
    # (written at the session's end on the festival notice: 58.4/90.3/10.8 at the start, 59.6/90.3/10.8 at the end)
    ("v10/festival_v10.jsonl", ROOT / "examples" / "festival" / "knowledge", 0.56, 0.86, 0.12),
]


@pytest.mark.parametrize(("name", "kb", "inscope", "declined", "wrong"), FIRST_RUN_FLOORS,
                         ids=[n for n, *_ in FIRST_RUN_FLOORS])
def test_engine_issue_sets_floor(name, kb, inscope, declined, wrong):
    engine = Engine.load(kb) if kb else Engine.load()
    report = evaluate(load_rows(Path(__file__).parent / "eval" / name), engine.ask)
    print(report.render(show=10))
    assert report.inscope_rate >= inscope, report.summary()
    assert report.oos_rate >= declined, report.summary()
    assert report.wrong_rate <= wrong, report.summary()
