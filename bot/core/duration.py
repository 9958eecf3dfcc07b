"""How long between two things the source dates: "한글을 만든 해부터 반포한 해까지 몇 년 걸렸어?",
"how many months passed between HyperCLOVA's unveiling and KoGPT's release?".

The two facts come from the readings the question has (each event usually matches an intent of its
own); this module only dates them and measures the gap.
"""
from __future__ import annotations

import re
from datetime import date

from .knowledge import Fact

_DATE_RE = re.compile(r"^(\d{3,4})(?:-(\d{2}))?")
SPAN_RE = re.compile(r"\b(\d{4})\s*[~–-]\s*(\d{4})\b")  # a span of years a statement gives ("1418~1450년")


def when(fact: Fact) -> tuple[int, int | None] | None:
    """(year, month or None) of a fact: its value's date, else its period."""
    m = _DATE_RE.match(fact.value.date or fact.period or "")
    if not m:
        return None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def pair(facts: list[Fact]) -> tuple[Fact, Fact] | None:
    """The first two facts, in reading order, dated differently; earlier first."""
    dated = [(f, when(f)) for f in facts]
    dated = [(f, w) for f, w in dated if w is not None]
    for i, (f, w) in enumerate(dated):
        for g, v in dated[i + 1 :]:
            if v[0] != w[0] or (v[1] and w[1] and v[1] != w[1]):
                return (f, g) if (w[0], w[1] or 0) <= (v[0], v[1] or 0) else (g, f)
    return None


SHORT_DAYS = 62  # a gap this short between two days is told in days ("24 days", never "0 years")
SHORT_MONTHS = 24  # ... and one this short between two months in months ("17 months")


def gap(first: Fact, second: Fact, months: bool = False, days: bool = False) -> tuple[object, str]:
    """(amount, unit) between two dated facts: in days or months when asked and both dates have
    them; otherwise in the finest unit both dates have, by how long it is: days under SHORT_DAYS,
    months under SHORT_MONTHS, years and months ((2, 5), "years_months") when it is not whole years,
    else years. Never a rounded year for a gap the dates give to the month."""
    (y1, m1), (y2, m2) = when(first), when(second)  # type: ignore[misc]
    d1, d2 = day(first), day(second)
    if d1 and d2 and (days or (not months and (d2 - d1).days < SHORT_DAYS)):
        return (d2 - d1).days, "days"
    if not (m1 and m2):
        return y2 - y1, "years"
    total = (y2 * 12 + m2) - (y1 * 12 + m1)
    if months or total < SHORT_MONTHS:
        return total, "months"
    return (total // 12, total % 12) if total % 12 else total // 12, "years_months" if total % 12 else "years"


def start(fact: Fact) -> date:
    """When a dated fact begins, for ordering: its day, else the first of its month or year."""
    year, month = when(fact)  # type: ignore[misc]
    return day(fact) or date(year, month or 1, 1)


def day(fact: Fact) -> date | None:
    """The day a fact gives (its value's date, or period, in full), if it gives one."""
    text = fact.value.date or fact.period or ""
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None
