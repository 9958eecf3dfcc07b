"""What a relative date the source uses means, by the source's own date: every base answers it."""
from datetime import date
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.relative import resolve_term


def test_terms_resolve_against_the_date():
    on = date(2021, 12, 29)
    assert resolve_term("올해", on) == "2021"
    assert resolve_term("지난달", on) == "2021-11"
    assert resolve_term("next year", on) == "2022"
    assert resolve_term("지난 27일", on) == "2021-12-27"
    assert resolve_term("지난 30일", on) == "2021-11-30"
    assert resolve_term("2021년", on) is None  # (not relative)
    assert resolve_term("하이퍼클로바", on) is None


@pytest.mark.parametrize(("question", "expected"), [
    ("기사에 나오는 '올해'는 몇 년을 가리키는 거야?", "2021년"),
    ("이 기사에서 말하는 '내년'은 몇 년도야?", "2022년"),
    ("what does 'last month' mean in the article?", "November 2021"),
])
def test_the_shipped_base_says_what_a_relative_date_means(question, expected):
    r = Engine.load().ask(question)
    assert r.status == "answered" and expected in r.answer and r.sources, r.answer


def test_a_quoted_term_that_is_not_asked_about_is_read_as_usual():
    assert Engine.load().ask("'올해' 언제 논문 냈어?").intent != "source_relative_date"


def test_another_base_resolves_by_its_own_date():
    bike = Engine.load(Path(__file__).resolve().parents[1] / "examples" / "bike" / "knowledge")
    r = bike.ask("안내문에서 말하는 '다음 달'은 몇 월이야?")
    assert r.status == "answered" and "2026년 12월" in r.answer, r.answer
