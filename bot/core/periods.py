"""Periods a question names: years and months, absolute ("2021년 5월", "in May") or relative to the
knowledge base's reference date ("올해", "last year", "이달", "지난달")."""
from __future__ import annotations

import re

# Relative periods, resolved against the knowledge base's reference year (its newest source).
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"재작년|지지난\s?해|the year before last|two years ago"), -2),
    (re.compile(r"작년|지난\s?해|전년|last year|previous year|year before|a year ago|prior year"), -1),
    (re.compile(r"올해|올 해|금년|이번\s?해|this year|current year|올해의|this yr"), 0),
    (re.compile(r"내년|다음\s?해|next year|coming year"), +1),
)
# (a figure with a counter counts something: "2000명", "2,000 visitors", "2040억 개" are no years)
_YEAR_RE = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,])(?!\s*(?:억|만|천|개|건|편|곳|명|원|권|점|석|%|billion|million|thousand"
                      r"|papers?|people|persons|won|books?|seats?|visitors?|participants?|members?|items?|copies|runners?)(?![a-z]))")


_MONTH_NAMES = ("january february march april may june july august september october november december").split()
_MONTH_RE = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])\s?월(?!\s?\d)|\b(?:in|since|during|of|last|this)\s+("
                       + "|".join(_MONTH_NAMES) + r")\b|\b(" + "|".join(m for m in _MONTH_NAMES if m != "may") + r")\b")
_RELATIVE_MONTHS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"이달|이번\s?달|this month"), 0),
    (re.compile(r"지난\s?달|저번\s?달|전달|last month|previous month|a month ago"), -1),
    (re.compile(r"다음\s?달|next month"), +1),
)


def detect_periods(norm: str, reference_year: int, reference_month: int = 12,
                   month_years: dict[int, frozenset[int]] | None = None) -> tuple[str, ...]:
    """Years and months the question names, resolved against the reference date (the newest source):
    올해 -> 2021, last year -> 2020, 이달 -> 2021-12, 지난달 -> 2021-11, "2021년 5월" / "in May" -> 2021-05.
    A month named without its year is of the year, nearest the reference date, that the base's facts
    date that month in (`month_years`: a notice of November 2026 dates its "4월" in 2027, not in the
    2019 of its history), else of the reference year."""
    found: list[str] = []
    for pattern, delta in _PERIOD_PATTERNS:
        if pattern.search(norm):
            found.append(str(reference_year + delta))
    for m in _YEAR_RE.finditer(norm):
        found.append(m.group(1))
    months: list[str] = []
    for pattern, delta in _RELATIVE_MONTHS:
        if pattern.search(norm):
            y, mo = divmod(reference_year * 12 + reference_month - 1 + delta, 12)
            months.append(f"{y}-{mo + 1:02d}")
    for m in _MONTH_RE.finditer(norm):
        number = m.group(1)
        name = m.group(2) or m.group(3)
        mo = int(number) if number else _MONTH_NAMES.index(name) + 1
        dated = (month_years or {}).get(mo, frozenset())
        ref = reference_year * 12 + reference_month
        nearest = min(dated, key=lambda y: (abs(y * 12 + mo - ref), -y)) if dated else reference_year
        year = found[0] if len(found) == 1 else str(nearest)
        months.append(f"{year}-{mo:02d}")
    if months:
        # a month narrows the year it is in ("2021년 5월": 2021-05, not 2021 and 2021-05)
        found = [y for y in found if not any(mo.startswith(y) for mo in months)] + months
    if len(found) == 1 and _AGAINST_RE.search(norm):
        # "작년보다 몇 건 늘었어?", "up from last year?": last year against the reference year
        found.insert(0, str(reference_year))
    return tuple(dict.fromkeys(found))


_AGAINST_RE = re.compile(r"(?:작년|지난\s?해|전년|재작년|20\d\d년?)\s?(?:보다|대비|에 비해|에 비하면|비해|비교|와 비교|이랑 비교|랑 비교)"
                         r"|\b(?:than|from|since|over|versus|vs|compared (?:to|with))\s+(?:last year|the previous year|the year before|20\d\d)\b")
