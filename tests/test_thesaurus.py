"""Words of one meaning (bot/core/lang/thesaurus.yaml): a word the base has never seen is read as the
base's own word of its group; a word the base knows keeps its own meaning."""
from __future__ import annotations

import pytest

from bot.core.thesaurus import Thesaurus, general_groups
from kbfiles import NOTE_SOURCES, engine_of

BASE = {
    "sources.yaml": NOTE_SOURCES,
    "entities.yaml": """
entities:
  - id: route
    kind: route
    name: {ko: 섬 항로, en: the island route}
    aliases: [항로, 뱃길, ferry route]
""",
    "facts.yaml": """
facts:
  - id: route-suspended
    subject: route
    attribute: suspended
    value: {date: 2023-11-01}
    statement: {ko: 섬 항로는 2023년 11월 운항 중단됐습니다., en: The island route was suspended in November 2023.}
    source: note
    quote: 2023년 11월 운항 중단
  - id: route-reopened
    subject: route
    attribute: reopened
    value: {date: 2026-04-04}
    statement: {ko: 섬 항로는 2026년 4월 4일 운항을 재개합니다., en: The island route reopens on 4 April 2026.}
    source: note
    quote: 2026년 4월 4일 운항 재개
  - id: route-fare
    subject: route
    attribute: fare
    value: {number: 8000, unit: won}
    statement: {ko: "섬 항로 요금은 8,000원입니다.", en: "The island route's fare is 8,000 won."}
    source: note
    quote: 요금 8,000원
""",
    "intents.yaml": """
intents:
  - id: suspended
    title: {ko: "운항 중단", en: "When the route was suspended"}
    attributes: [suspended]
    slots: [{name: route, kinds: [route]}]
    examples:
      ko: [운항 중단 언제, <route> 운항 중단 언제야]
      en: [when was the route suspended]
  - id: reopened
    title: {ko: "운항 재개", en: "When the route reopens"}
    attributes: [reopened]
    slots: [{name: route, kinds: [route]}]
    examples:
      ko: [운항 재개 언제, <route> 다시 운항 언제]
      en: [when does the route reopen]
  - id: fare
    title: {ko: "요금", en: "The fare"}
    attributes: [fare]
    slots: [{name: route, kinds: [route]}]
    examples:
      ko: [요금 얼마, <route> 요금 얼마야]
      en: [what is the fare]
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_of(tmp_path_factory, BASE)


def test_the_shipped_groups_load_and_no_word_is_in_two_groups():
    groups = general_groups()
    assert len(groups) >= 100
    seen: dict[str, int] = {}
    for i, g in enumerate(groups):
        for w in g:
            assert seen.setdefault(w, i) == i, f"{w!r} is in two groups"


@pytest.mark.parametrize("question", [
    "예전 항로 운항이 멈춘 건 언제였나요?",  # 멈추: never in the base, the base says 중단
    "When did the ferry route halt?",
])
def test_an_unseen_word_of_a_group_is_read_as_the_base_word(engine, question):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert list(r.facts) == ["route-suspended"], r.answer


def test_a_word_the_base_knows_keeps_its_meaning(engine):
    r = engine.ask("운항 재개 언제야?")
    assert list(r.facts) == ["route-reopened"], r.answer


def test_only_unseen_words_are_read_and_only_as_a_known_word():
    known = {"중단": "중단", "요금": "요금", "price": "price"}.get
    t = Thesaurus([("중단", "중지", "멈추", "halt"), ("요금", "가격", "fee", "price"), ("시작", "개시")], known,
                  lambda w: False)
    assert t.read(["멈추"]) == "중단"
    assert t.read(["가격"]) == "요금"
    assert t.read(["fees"]) == "price"  # (an English word by its unit, as the base's English word)
    assert t.read(["halt"]) == "중단"  # (an English word the base has no English word of: its Korean one)
    t = Thesaurus([("지키", "follow")], {"follow": "follow"}.get, lambda w: False)
    assert t.read(["지키"]) is None  # (a Korean word is never read as an English one)
    assert t.read(["중단"]) is None  # a known word is left as it is
    assert t.read(["개시"]) is None  # a group the base knows no word of changes nothing


def test_a_reserved_word_is_never_read_as_another():
    t = Thesaurus([("중단", "중지")], {"중단": "중단"}.get, lambda w: w == "중지")
    assert t.read(["중지"]) is None


def test_an_example_a_synonym_makes_collide_names_the_synonym(tmp_path):
    from bot.core.engine import Engine
    from bot.core.knowledge import KnowledgeError
    from kbfiles import write_base

    # (a curator's synonym reads 재개 as 중단: "운항 재개 언제" becomes the other intent's example)
    files = dict(BASE, **{"lexicon.yaml": "lexicon:\n  synonyms:\n    중단: [재개]\n"})
    with pytest.raises(KnowledgeError) as exc:
        Engine.load(write_base(tmp_path / "knowledge", files))
    hits = [e for e in exc.value.errors if "운항 재개 언제" in e]
    assert hits and all("synonyms read '재개' as '중단'" in e for e in hits), exc.value.errors
