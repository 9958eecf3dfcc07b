"""Follow-ups across messages: Engine.ask(question, context=...) reads "그럼 네이버는?" with the last question."""
from __future__ import annotations

import pytest

from bot.core.engine import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("first", "then", "must", "must_not"),
    [
        ("카카오 논문 몇 편?", "그럼 네이버는?", ["112"], ["40건을"]),
        ("how many papers did Kakao Brain publish?", "and Kakao Enterprise?", ["25"], ["15 AI papers"]),
        ("카카오 올해 논문 몇 건?", "작년은?", ["26"], []),
        ("When was HyperCLOVA released?", "what about its parameters?", ["204 billion"], []),
    ],
)
def test_a_follow_up_is_read_with_the_question_before(engine, first, then, must, must_not):
    r1 = engine.ask(first)
    assert r1.status == "answered" and r1.context is not None
    alone = engine.ask(then)
    assert alone.status != "answered" or not all(m in alone.answer for m in must)  # it needs the context
    r2 = engine.ask(then, context=r1.context)
    assert r2.status == "answered", r2.answer
    assert all(m in r2.answer for m in must) and not any(m in r2.answer for m in must_not), r2.answer
    assert r2.question == then and r2.context is not None


def test_a_complete_question_replaces_the_context(engine):
    r1 = engine.ask("카카오 논문 몇 편?")
    r2 = engine.ask("하이퍼클로바 파라미터 몇 개야?", context=r1.context)
    assert "2040억" in r2.answer and "40건" not in r2.answer
    assert r2.context.question == "하이퍼클로바 파라미터 몇 개야?"


def test_no_context_for_an_unanswered_question(engine):
    assert engine.ask("삼성 논문 몇 건?").context is None


def test_a_follow_up_does_not_say_again_what_the_answer_before_said(engine):
    r1 = engine.ask("When was HyperCLOVA released?")
    r2 = engine.ask("what about its parameters?", context=r1.context)
    assert "204 billion" in r2.answer and "May 2021" not in r2.answer, r2.answer
    assert not set(r1.facts) & set(r2.facts)
