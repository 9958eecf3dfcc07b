"""Arithmetic on the figures a question quotes, each held by a fact; and names the base never heard of."""
from __future__ import annotations

import pytest

from bot.core.engine import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize("question,line", [
    ("네이버 185건이랑 112건은 몇 건 차이야?", "73건"),
    ("네이버 112건에서 클로바 정규 논문 66건을 빼면 나머지는 몇 건?", "46건"),
    ("What's the difference between Naver's 185 number and its 112 number?", "73 papers"),
])
def test_the_difference_of_two_quoted_figures_each_held_by_a_fact(engine, question, line):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert line in r.answer.splitlines()[0], r.answer
    assert len(r.facts) == 2  # both figures' facts cited


def test_a_quoted_figure_no_fact_holds_is_never_subtracted(engine):
    r = engine.ask("네이버 185건이랑 999건은 몇 건 차이야?")
    assert "814" not in r.answer, r.answer


def test_a_ratio_asked_too_keeps_the_comparison_line(engine):
    r = engine.ask("Naver 올해 논문 112건이랑 Kakao 40건, 차이랑 배수 둘 다 알려줘")
    assert r.status == "answered", r.answer
    assert "72" in r.answer and "2.8" in r.answer, r.answer


def test_a_name_in_capitals_the_base_never_heard_of_is_declined(engine):
    r = engine.ask("네이버가 ICLR에 낸 논문은 몇 건이야?")
    assert r.status != "answered", r.answer
    r = engine.ask("네이버가 ICASSP에 낸 논문은 몇 건이야?")  # (a name the facts do say is read as asked)
    assert "ICASSP" in r.answer, r.answer
