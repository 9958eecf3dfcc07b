"""The newest of a series is of the source's own time or before: a later year's figure is a target."""
from bot.core.answer import _of_series
from bot.core.knowledge import Fact


def fact(fid: str, period: str, n: int) -> Fact:
    return Fact.model_validate({"id": fid, "subject": "bikes", "attribute": "bike_count", "period": period,
                                "value": {"number": n, "unit": "bikes"},
                                "statement": {"ko": f"{period}년 자전거 {n}대", "en": f"{n} bikes in {period}"},
                                "source": "s", "quote": "q"})


def test_a_later_years_target_is_not_the_newest_figure():
    series = [fact("b2024", "2024", 1200), fact("b2026", "2026", 1500), fact("b2027", "2027", 2000)]
    assert [f.id for f in _of_series(series, (), None, False, now="2026")] == ["b2026"]
    assert [f.id for f in _of_series(series, (), None, False, now=None)] == ["b2027"]
    assert [f.id for f in _of_series(series[2:], (), None, False, now="2026")] == ["b2027"]  # (only a target: it)
    assert [f.id for f in _of_series(series, (), None, True, now="2026")] == ["b2024"]
