"""A fact's own statements (ko and en) as examples of the intents that answer with it (issue 10,
item 2): the lexicon setting `statements_as_examples`, off unless a base turns it on
(docs/examples-curve.md has the measurements behind the default)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.engine import Engine

BASE = {
    "sources.yaml": """
sources:
  - id: leaflet
    publisher: Maple Street Library
    title: Welcome to the Maple Street Library
    published: 2024-03-01
    language: en
""",
    "entities.yaml": """
entities:
  - id: library
    kind: place
    name: {ko: 메이플 도서관, en: Maple Library}
    aliases: [도서관, the library]
""",
    "facts.yaml": """
facts:
  - id: library-opened
    subject: library
    attribute: opened
    value: {date: "1998-05"}
    statement:
      ko: 메이플 도서관은 1998년 5월에 문을 열었습니다.
      en: The Maple Library opened in May 1998.
    source: leaflet
    quote: The library first opened its doors in May 1998.
  - id: library-hours
    subject: library
    attribute: opening_hours
    value:
      text: {ko: "평일 오전 9시~오후 8시, 토요일 오전 10시~오후 5시", en: "weekdays 9am-8pm, Saturdays 10am-5pm"}
    statement:
      ko: 도서관은 평일 오전 9시부터 오후 8시까지, 토요일은 오전 10시부터 오후 5시까지 엽니다.
      en: The library is open 9am to 8pm on weekdays and 10am to 5pm on Saturdays.
    source: leaflet
    quote: "Opening hours: weekdays 9am-8pm, Saturdays 10am-5pm."
""",
    # one example per language: neither says "weekdays" or "Saturdays", the hours' statement does
    "intents.yaml": """
intents:
  - id: opened
    title: {ko: "도서관은 언제 생겼나요?", en: "When did the library open?"}
    attributes: [opened]
    examples:
      ko: [도서관 언제 개관했어?]
      en: [when did the library open]
  - id: opening_hours
    title: {ko: "운영 시간이 어떻게 되나요?", en: "What are the opening hours?"}
    attributes: [opening_hours]
    examples:
      ko: [운영 시간 알려줘]
      en: [what are the opening hours]
""",
}


def _base(tmp_path: Path, setting: bool | None) -> Path:
    root = tmp_path / "knowledge"
    root.mkdir()
    for name, text in BASE.items():
        (root / name).write_text(text, encoding="utf-8")
    if setting is not None:
        (root / "lexicon.yaml").write_text(f"lexicon:\n  statements_as_examples: {str(setting).lower()}\n",
                                           encoding="utf-8")
    return root


# answered from the hours' statement ("on Saturdays", "평일 ... 오후 8시까지"), not from the examples
STATEMENT_WORDED = ["open on saturdays?", "평일 몇 시까지 해?"]


@pytest.mark.parametrize("setting", [None, False])
def test_off_by_default_the_examples_alone_do_not_answer(tmp_path, setting):
    engine = Engine.load(_base(tmp_path, setting))
    assert engine.kb.lexicon.statements_as_examples is setting
    for q in STATEMENT_WORDED:
        # the index, which holds only the curator's examples, scores them below the answer line
        top = engine.matcher.analyse(q).candidates
        assert not top or top[0].score < engine.thresholds.answer, q


def test_off_by_default_a_question_its_facts_say_is_still_answered(tmp_path):
    """Without the setting a paraphrase of the hours' statement scores low on the examples, but the
    hours' facts say its words ("open", "saturdays"): it is answered from them, and a question
    about something they don't say is not."""
    engine = Engine.load(_base(tmp_path, None))
    r = engine.ask("open on saturdays?")
    assert (r.status, r.intent, r.facts) == ("answered", "opening_hours", ("library-hours",))
    assert r.confidence < engine.thresholds.answer
    for q in ("open on holidays?", "is there parking on saturdays?", "what does the library hold"):
        assert engine.ask(q).status != "answered", q


def test_statements_count_as_examples_of_the_intents_that_answer(tmp_path):
    engine = Engine.load(_base(tmp_path, True))
    for q in STATEMENT_WORDED:
        r = engine.ask(q)
        assert (r.status, r.intent, r.facts) == ("answered", "opening_hours", ("library-hours",)), q
    # ... without answering what the statements don't say
    assert engine.ask("what does the library hold").status != "answered"
    assert engine.ask("when did the library open").facts == ("library-opened",)


def test_statements_are_not_checked_as_the_curators_examples(tmp_path):
    engine = Engine.load(_base(tmp_path, True))
    statements = {t for f in engine.kb.facts.values() for t in (f.statement.ko, f.statement.en)}
    assert not statements & {q for _, _, q in engine.matcher.example_of}
    assert engine.check_examples() == []
    assert engine.matcher.index.size > len(engine.matcher.example_of)  # they are in the index
