"""A month a question names without its year is of the year the base's facts date it in, nearest
the source's date: a notice of November 2026 about next April means April 2027."""
from pathlib import Path

from bot.core.engine import Engine
from bot.core.periods import detect_periods

BIKE = Path(__file__).resolve().parents[1] / "examples" / "bike" / "knowledge"


def test_a_bare_month_takes_the_year_the_facts_date_it_in():
    years = {4: frozenset({2019, 2027}), 5: frozenset({2021})}
    assert detect_periods("4월에 열어", 2026, 11, years) == ("2027-04",)
    assert detect_periods("opening in april", 2026, 11, years) == ("2027-04",)
    assert detect_periods("5월에 공개", 2021, 12, years) == ("2021-05",)
    assert detect_periods("6월에", 2026, 11, years) == ("2026-06",)  # no fact of June: the source's year
    assert detect_periods("2019년 4월", 2026, 11, years) == ("2019-04",)


def test_a_true_claim_about_next_april_is_not_denied():
    r = Engine.load(BIKE).ask("is the saeteo station opening in april")
    assert r.status == "answered" and not r.answer.startswith("No"), r.answer
    assert "April 2027" in r.answer
