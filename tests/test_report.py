"""The curation report (bot/report.py) over a real store filled with realistic traffic."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.report import (
    QUESTION_COLUMNS, build_report, display_width, fit, group_questions, jamo, match_key, printable, same_question,
)
from bot.store import DAY, Store, UnansweredRow

T0 = 1_763_000_000.0  # 2025-11-13 UTC

# A tiny stand-in knowledge base: intent id -> example questions (test data, in the shipped style).
INTENT_EXAMPLES = {
    "paper_count": [
        "카카오는 논문을 몇 건 냈어?", "네이버 AI 논문 수 알려줘", "카카오브레인이 발표한 논문은 몇 건인가요?",
        "How many papers did Kakao publish?", "Kakao Brain paper count",
    ],
    "model_release": ["KoGPT는 언제 공개됐어?", "minDALL-E 언제 나왔어", "When was KoGPT released?",
                      "when did kakao brain release minDALL-E"],
    "hyperclova_params": ["하이퍼클로바 파라미터 수는?", "how many parameters does HyperCLOVA have"],
    "research_centers": ["네이버 공동연구센터 어디랑 만들었어?", "which universities did naver open AI centers with"],
}
_EXAMPLE_KEYS = {(intent, ex): jamo(match_key(ex)) for intent, exs in INTENT_EXAMPLES.items() for ex in exs}


def nearest(question: str) -> tuple[str | None, float]:
    """Nearest intent by the best-matching example (token_set_ratio on jamo), None below 0.6."""
    best = process.extractOne(jamo(match_key(question)), _EXAMPLE_KEYS, scorer=fuzz.token_set_ratio)
    if best is None:
        return None, 0.0
    score = best[1] / 100
    return (best[2][0], score) if score >= 0.6 else (None, score)


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# Unanswered traffic: (question, lang, status, intent the engine was torn on), repeated as asked.
TRAFFIC = [
    # 5 × one Korean question: typo (삼송), spacing (몇편), punctuation, another ending (냈니)
    ("삼성은 논문 몇 편 냈어?", "ko", "unknown", None),
    ("삼성은 논문 몇 편 냈어?", "ko", "unknown", None),
    ("삼송은 논문 몇편 냈어", "ko", "unknown", None),
    ("삼성 논문 몇 편 냈어??", "ko", "unknown", None),
    ("삼성은 논문 몇 편 냈니", "ko", "unknown", None),
    # 4 × its English counterpart: case, typos, another tense
    ("how many papers did samsung publish", "en", "unknown", None),
    ("How many papers did Samsung publish?", "en", "unknown", None),
    ("how many paper did samsng publish", "en", "unknown", None),
    ("how many papers has samsung published", "en", "unknown", None),
    # 3 × a Korean/English mix about a model release (ambiguous between two intents)
    ("KoGPT 깃허브 공개 언제야?", "ko", "ambiguous", "model_release"),
    ("KoGPT 깃헙 공개 언제야", "ko", "ambiguous", "model_release"),
    ("kogpt 깃허브 공개 언제야?", "ko", "ambiguous", "model_release"),
    # 2 × spacing variants
    ("LG AI연구원 논문 수는?", "ko", "unknown", None),
    ("LG AI 연구원 논문수는", "ko", "unknown", None),
    # singletons that look alike but are other questions
    ("카카오는 논문 몇 편 냈어?", "ko", "ambiguous", "paper_count"),
    ("2020년 카카오 논문 수", "ko", "unknown", None),
    ("bts members", "en", "unknown", None),
]

VOTES = [
    # (question, intent, lang, ups, downs)
    ("네이버는 카카오보다 논문을 얼마나 더 냈어?", "paper_compare", "ko", 1, 4),
    ("How big is HyperCLOVA?", "hyperclova_params", "en", 5, 2),
    ("how big is hyperclova", "hyperclova_params", "en", 0, 1),
    ("KoGPT는 언제 공개됐어?", "model_release", "ko", 6, 0),
    ("카카오 논문 몇 편", "paper_count", "ko", 2, 2),
]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "postgresql"])
def filled(request, tmp_path: Path, clock: Clock):
    """The traffic below in a real store, on each backend (`report` reads either)."""
    target = request.getfixturevalue("pg_url") if request.param == "postgresql" else tmp_path / "data" / "factbot.db"
    store = Store(target, clock=clock)
    for i, (question, lang, status, intent) in enumerate(TRAFFIC):
        clock.now = T0 + i * 60
        store.log_question(question=question, lang=lang, status=status, intent=intent, confidence=0.4,
                           guild_id=1234)
    n = 0
    for question, intent, lang, ups, downs in VOTES:
        for v in [1] * ups + [-1] * downs:
            n += 1
            assert store.log_feedback(answer_id=f"msg-{n}", voter_key=f"voter-{n}", question=question,
                                      intent=intent, confidence=0.85, lang=lang, guild_id=1234, vote=v)
    clock.now = T0 + DAY
    store.flush()
    yield store
    store.close()


def rows(*questions: str) -> list[UnansweredRow]:
    return [UnansweredRow(T0 + i, q, "ko", "unknown", None, 0.3, None) for i, q in enumerate(questions)]


def sections(report: str) -> tuple[str, str]:
    head, _, votes = report.partition("Answers with the most 👎")
    return head, votes


def group_blocks(report: str) -> list[list[str]]:
    """The numbered groups of the first section, each as its lines."""
    blocks: list[list[str]] = []
    for line in sections(report)[0].splitlines():
        if re.match(r"^\s*\d+\. ", line):
            blocks.append([line])
        elif blocks and line.startswith("   "):
            blocks[-1].append(line)
    return blocks


# --------------------------------------------------------------------------- grouping


def test_three_variants_form_one_group() -> None:
    groups = group_questions(rows("When was KoGPT released?", "when was kogtp relased", "when was kogpt released"))
    assert len(groups) == 1
    assert groups[0].count == 3
    # the seed is the most frequent normalised phrasing (2 of 3); its most recent raw form labels it
    assert groups[0].label == "when was kogpt released"


def test_label_is_the_most_frequent_phrasing() -> None:
    groups = group_questions(rows("삼송은 논문 몇편 냈어", "삼성은 논문 몇 편 냈어?", "삼성은 논문 몇 편 냈어?"))
    assert [(g.label, g.count) for g in groups] == [("삼성은 논문 몇 편 냈어?", 3)]
    assert groups[0].examples() == ["삼송은 논문 몇편 냈어"]


@pytest.mark.parametrize(
    "a, b",
    [
        ("LG AI연구원 논문 수는?", "LG AI 연구원 논문수는"),  # spacing
        ("네이버 주가 얼마야", "네이버 주가 얼마에요"),  # ending
        ("삼성은 논문 몇 편 냈어", "삼성은 논문 몇 편 냈니"),  # final-predicate ending
        ("삼성은 논문 몇 편 냈어", "삼송은 논문 몇 편 냈어"),  # typo (one jamo)
        ("how many papers did samsung publish", "How many paper did Samsng publish?"),  # typos, case
        ("카카오브레인 직원 수", "카카오 브레인 직원 수"),  # spacing inside a name
    ],
)
def test_same_question_variants(a: str, b: str) -> None:
    assert same_question(match_key(a), match_key(b))
    assert len(group_questions(rows(a, b))) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        ("삼성은 논문 몇 편 냈어?", "카카오는 논문 몇 편 냈어?"),  # another company, same template
        ("how many papers did samsung publish", "how many papers did kakao publish"),
        ("2020년 카카오 논문 수", "2021년 카카오 논문 수"),  # another year
        ("bts", "bts members"),  # token_set_ratio is 100 for a subset
        ("카카오 논문 수", "카카오브레인 논문 수"),  # parent vs subsidiary
        ("삼성 주가 올랐어", "삼성 주가 내렸어"),  # another predicate
    ],
)
def test_different_questions_stay_apart(a: str, b: str) -> None:
    assert not same_question(match_key(a), match_key(b))
    assert len(group_questions(rows(a, b))) == 2


def test_groups_do_not_chain() -> None:
    # b is close to a and c is close to b, but c is not close enough to a: the seed decides.
    a, b, c = "hyperclova params", "hyperclowa params", "hiperklowa params"
    assert same_question(match_key(a), match_key(b)) and same_question(match_key(b), match_key(c))
    assert not same_question(match_key(a), match_key(c))
    groups = group_questions(rows(a, a, b, c))
    assert [(g.label, g.count) for g in groups] == [(a, 3), (c, 1)]


# --------------------------------------------------------------------------- the report


def test_report_groups_counts_and_order(filled: Store) -> None:
    report = build_report(filled, nearest, since_days=30)
    blocks = group_blocks(report)
    labels = [re.sub(r"^\s*\d+\. ", "", b[0]) for b in blocks]
    counts = [int(re.search(r"asked (\d+)×", b[1]).group(1)) for b in blocks]
    assert labels[:4] == ["삼성은 논문 몇 편 냈어?", "How many papers did Samsung publish?",
                          "kogpt 깃허브 공개 언제야?", "LG AI 연구원 논문수는"]
    assert counts == sorted(counts, reverse=True)
    assert counts[:4] == [5, 4, 3, 2]
    assert sum(counts) == len(TRAFFIC)
    assert len(blocks) == 4 + 3  # the three look-alike singletons stay on their own
    assert "Unanswered questions: 17 (unknown 13, ambiguous 4) in 7 groups" in report

    first = "\n".join(blocks[0])
    assert "ko 5 · unknown 5" in first
    for variant in ("삼송은 논문 몇편 냈어", "삼성 논문 몇 편 냈어??", "삼성은 논문 몇 편 냈니"):
        assert f"also: {variant}" in first
    kogpt = "\n".join(blocks[2])
    assert "ambiguous 3" in kogpt and "nearest intent: model_release (score" in kogpt


def test_report_add_line_pastes_into_the_intent(filled: Store) -> None:
    report = build_report(filled, nearest, since_days=None)
    for block in group_blocks(report):
        label = re.sub(r"^\s*\d+\. ", "", block[0])
        intent, score = nearest(label)
        text = "\n".join(block)
        if intent is None:
            assert f"nearest intent: none (best score {score:.2f})" in text
            assert "add to intent" not in text
            continue
        weak = ", weak: maybe a new intent" if score < 0.5 else ""
        assert f"nearest intent: {intent} (score {score:.2f}{weak})" in text
        add = [line for line in block if "add to intent" in line]
        assert len(add) == 1
        m = re.fullmatch(r"\s+add to intent (\S+), examples\.(ko|en):  (- .*)", add[0])
        assert m, add[0]
        assert m.group(1) == intent
        # The pasted part is a YAML list item holding exactly the question.
        assert yaml.safe_load(m.group(3)) == [label]
    assert "add to intent paper_count, examples.ko:  - \"삼성은 논문 몇 편 냈어?\"" in report


def test_weak_nearest_intent_is_flagged(filled: Store) -> None:
    report = build_report(filled, lambda q: ("service_share", 0.28), since_days=None)
    assert "nearest intent: service_share (score 0.28, weak: maybe a new intent)" in report
    report = build_report(filled, lambda q: ("paper_count", 0.5), since_days=None)
    assert "nearest intent: paper_count (score 0.50)\n" in report


def test_report_votes_most_disliked_first(filled: Store) -> None:
    _, votes = sections(build_report(filled, nearest, since_days=30))
    table = [line for line in votes.splitlines()[1:] if line.strip()]
    assert table[0].split() == ["intent", "👎", "👍", "question"]
    parsed = [line.split(None, 3) for line in table[1:]]
    assert [(p[0], int(p[1]), int(p[2]), p[3]) for p in parsed] == [
        ("paper_compare", 4, 1, "네이버는 카카오보다 논문을 얼마나 더 냈어?"),
        ("hyperclova_params", 3, 5, "How big is HyperCLOVA?"),  # two phrasings counted together
        ("paper_count", 2, 2, "카카오 논문 몇 편"),
    ]  # model_release has no 👎 and is not listed
    assert "3 of 4 voted questions (👍 14, 👎 9 in all)" in votes


def test_vote_table_columns_line_up_with_korean(tmp_path: Path) -> None:
    with Store(tmp_path / "f.db") as s:
        for i, (question, intent) in enumerate([
            ("하이퍼클로바는 GPT-3보다 얼마나 커?", "hyperclova_vs_gpt3"),
            ("x", "a"),
            ("카카오 " * 40, "paper_count"),  # long: cut to fit
        ]):
            s.log_feedback(answer_id=str(i), voter_key="v", question=question, intent=intent, confidence=0.9,
                           lang="ko", guild_id=None, vote=-1)
        s.flush()
        _, votes = sections(build_report(s, nearest, since_days=None))
    lines = [line for line in votes.splitlines()[1:] if line.strip()]
    assert len(lines) == 4
    questions = ["question"] + [line.split(None, 3)[3] for line in lines[1:]]
    starts = [display_width(line[: line.index(q)]) for line, q in zip(lines, questions)]
    assert len(set(starts)) == 1, starts  # every question starts in the same terminal column
    assert all(display_width(q) <= QUESTION_COLUMNS for q in questions)
    assert questions[1].endswith("…") or questions[2].endswith("…") or questions[3].endswith("…")
    assert "하이퍼클로바는 GPT-3보다 얼마나 커?" in questions


def test_since_and_limit(filled: Store, clock: Clock) -> None:
    clock.now = T0 + 40 * DAY
    filled.log_question(question="하이퍼클로바 학습 데이터는 몇 년치?", lang="ko", status="unknown", intent=None,
                        confidence=0.2, guild_id=None)
    filled.flush()
    recent = build_report(filled, nearest, since_days=7)
    assert [re.sub(r"^\s*\d+\. ", "", b[0]) for b in group_blocks(recent)] == ["하이퍼클로바 학습 데이터는 몇 년치?"]
    assert "last 7 days" in recent
    assert "Answers with the most 👎: 0 of 0" in recent and "(none)" in recent

    everything = build_report(filled, nearest, since_days=None, limit=2)
    assert len(group_blocks(everything)) == 2
    assert "in 8 groups, top 2 shown" in everything
    _, votes = sections(everything)
    assert len([line for line in votes.splitlines()[2:] if line.strip()]) == 2


def test_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "f.db") as s:
        report = build_report(s, nearest, since_days=30)
    assert "Unanswered questions: 0 (unknown 0, ambiguous 0) in 0 groups\n  (none)" in report
    assert report.rstrip().endswith("(none)")


def test_hostile_text_stays_on_one_line(tmp_path: Path) -> None:
    nasty = "카카오\u202e 논문\n몇 편\u200b?\x1b[31m" + "e\u0301\u0302\u0303\u0304" * 3
    with Store(tmp_path / "f.db") as s:
        for _ in range(2):
            s.log_question(question=nasty, lang="ko", status="unknown", intent=None, confidence=0.1, guild_id=None)
        s.log_feedback(answer_id="1", voter_key="v", question=nasty, intent="paper_count", confidence=0.9,
                       lang="ko", guild_id=None, vote=-1)
        s.flush()
        report = build_report(s, nearest, since_days=None)
    assert "\u202e" not in report and "\u200b" not in report and "\x1b" not in report
    blocks = group_blocks(report)
    assert len(blocks) == 1 and "asked 2×" in blocks[0][1]
    assert blocks[0][0].startswith("1. 카카오 논문 몇 편?")
    assert max(len(re.findall("[\u0300-\u036f]", line)) for line in report.splitlines()) <= 2 * 3


def test_a_failing_nearest_does_not_sink_the_report(filled: Store) -> None:
    def broken(question: str) -> tuple[str | None, float]:
        raise RuntimeError("index not loaded")

    report = build_report(filled, broken, since_days=None)
    assert report.count("nearest intent: unavailable (RuntimeError: index not loaded)") == len(group_blocks(report))
    assert "paper_compare" in sections(report)[1]


# --------------------------------------------------------------------------- text helpers


def test_display_width_and_fit() -> None:
    assert display_width("카카오") == 6
    assert display_width("KoGPT 공개") == 10
    assert display_width("👎") == 2
    assert display_width("e\u0301") == 1
    assert fit("카카오브레인 논문", 7) == "카카오…"  # "…" is one column
    assert display_width(fit("카카오브레인 논문", 7)) <= 7
    assert fit("abc", 6, pad=True) == "abc   "
    assert display_width(fit("카카오", 9, pad=True)) == 9
    assert fit("short", 10) == "short"


def test_printable() -> None:
    assert printable("a\nb\t c\u202e\u200bd") == "a b cd"
    assert printable("x" + "\u0301" * 50) == "x\u0301\u0301"


# --------------------------------------------------------------------------- issue 11, item 1


@pytest.mark.asyncio
async def test_report_with_default_settings_finds_what_the_bot_stored(tmp_path: Path) -> None:
    """The bot run against the local Discord stores an unanswerable question under the default
    DATA_DIR; `report` run afterwards in the same directory with default settings shows it (it
    used to look for factbot.db while the bot wrote factbot.sqlite3)."""
    import os
    import subprocess
    import sys

    from fakediscord import FakeDiscord
    from fakediscord.harness import ROOT, BotProcess

    question = "what is the weather in Seoul tomorrow"
    unset = ("DATA_DIR", "DATABASE_URL")
    fake = await FakeDiscord().start()
    try:
        bot = BotProcess(fake, log_path=tmp_path / "bot.log", cwd=tmp_path)
        for name in unset:
            bot.env.pop(name, None)
        bot.start()
        try:
            await fake.wait_connected(timeout=60)
            rec = await (await fake.ask(question, user=fake.make_user())).wait(30)
            assert rec.reply["embeds"], rec.reply
        finally:
            assert await bot.stop(timeout=30) == 0, bot.log()
    finally:
        await fake.stop()
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "bot", "report"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Unanswered questions: 1 " in done.stdout and question in done.stdout, done.stdout


# --------------------------------------------------------------------------- issue 11, item 8


def _bench():
    import importlib.util

    spec = importlib.util.spec_from_file_location("report_grouping", Path(__file__).resolve().parent.parent
                                                  / "benchmarks" / "report_grouping.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_grouping_scores_a_near_linear_number_of_candidates_and_agrees_with_the_exhaustive_scan() -> None:
    """Grouping used to score every remaining key for every seed (n²/2: 20,000 distinct questions
    took 268 s). Now only keys sharing a block are scored; the groups are those of the exhaustive
    scan (benchmarks/report_grouping.py --exhaustive prints the agreement at larger sizes)."""
    bench = _bench()
    rows = bench.generate(2000)
    keys = len({match_key(r.question) for r in rows})
    stats: dict[str, int] = {}
    groups = group_questions(rows, stats=stats)
    assert stats["compared"] <= 40 * keys < keys * (keys - 1) // 2
    new = {frozenset(match_key(p) for p in g.phrasings) for g in groups}
    old = bench.exhaustive(rows)
    assert len(set(old) & new) >= 0.99 * len(old)
    assert sum(g.count for g in groups) == len(rows)
