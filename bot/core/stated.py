"""Figures a fact's statement states beside its value ("좌석이 120석에서 200석으로 늘었고", "1만 2천 원
(4월 한 달은 9천 원)", "1시간 40분보다 줄어 1시간 5분"), and the difference a question asks between
two of them: the answer's own words hold both figures, so "몇 석 늘었어?" is answered with 80석, not
with the fact alone.

A statement's figures are read from its Korean text (the statement a curator writes in both
languages says the same figures; Korean counters follow the figure and name its unit). Years,
months and days are never figures here; hours and minutes are read as minutes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .knowledge import Fact, KnowledgeBase
from .lang import general_data
from . import messages

_SCALE = {"억": 10**8, "만": 10**4, "천": 10**3}
_NUM = r"\d[\d,]*(?:\.\d+)?"
# a Korean figure: "3만 2천", "186억", "12,000", "4.5"; then what follows it
_FIGURE_RE = re.compile(rf"(?<![\d.,])((?:{_NUM}\s*[억만천]\s*)*(?:{_NUM})?)\s*(?=\S)")
_HOURS_MINUTES_RE = re.compile(r"(?<![\d.,])(\d{1,2})\s*시간\s*(\d{1,2})\s*분")


@lru_cache(maxsize=1)
def _counter_names() -> dict[str, str]:
    """Korean counters of general language and their English words (명 -> people)."""
    return {str(k): str(v) for k, v in (general_data().get("counter_words") or {}).items()}


def _value(text: str) -> float | None:
    """"3만 2천" -> 32000, "12,000" -> 12000, "186억" -> 18600000000."""
    total, rest = 0.0, text.replace(" ", "")
    for m in re.finditer(rf"({_NUM})([억만천])", rest):
        total += float(m.group(1).replace(",", "")) * _SCALE[m.group(2)]
    tail = re.sub(rf"{_NUM}[억만천]", "", rest)
    if tail:
        try:
            total += float(tail.replace(",", ""))
        except ValueError:
            return None
    return total if (total or tail) else None


def _counter(after: str, counters: Sequence[str]) -> str | None:
    """The counter a figure is followed by ("석에서" -> 석, "년치" -> 년), the longest known one."""
    for c in counters:
        if after.startswith(c):
            return c
    return None


def figures(text: str, counters: Sequence[str]) -> list[tuple[float, str]]:
    """The (value, counter) figures a Korean statement states, in order, once each; no dates."""
    out: list[tuple[float, str]] = []
    text = _HOURS_MINUTES_RE.sub(lambda m: f"{int(m.group(1)) * 60 + int(m.group(2))}분", text)
    for m in _FIGURE_RE.finditer(text):
        raw = m.group(1).strip()
        if not raw or not raw[0].isdigit():
            continue
        after = text[m.end():]
        if after.startswith(("월", "일", "시", "요일")) or (after.startswith("년") and len(raw) == 4):
            continue  # a date or a time of day ("2025년", "4일"), never a figure; "50년치" is one
        c = _counter(after, counters)
        v = _value(raw)
        if c is None or v is None:
            continue
        if (v, c) not in out:
            out.append((v, c))
    return out


def _counters(kb: KnowledgeBase) -> tuple[str, ...]:
    units = [u.ko for u in kb.lexicon.units.values() if u.ko and not u.ko[0].isdigit()]
    return tuple(sorted({*units, *_counter_names()}, key=len, reverse=True))


def _say(kb: KnowledgeBase, n: float, counter: str, lang: str) -> str:
    body = f"{n:,.2f}".rstrip("0").rstrip(".")
    unit = next((u for u in kb.lexicon.units.values() if u.ko == counter), None)
    if lang == "ko":
        return f"{body}{counter}" if counter != "분" or n < 60 else _minutes_ko(n)
    word = unit.en if unit is not None and unit.en else _counter_names().get(counter, "")
    if counter == "분" and n >= 60:
        return _minutes_en(n)
    return f"{body}{word}" if word == "%" else f"{body} {word}".rstrip()


def _minutes_ko(n: float) -> str:
    h, m = divmod(int(n), 60)
    return f"{h}시간 {m}분" if m else f"{h}시간"


def _minutes_en(n: float) -> str:
    h, m = divmod(int(n), 60)
    return f"{h} hour{'s' if h != 1 else ''} {m} minutes" if m else f"{h} hour{'s' if h != 1 else ''}"


def stated_pair(kb: KnowledgeBase, facts: Iterable[Fact]) -> tuple[float, float, str] | None:
    """The two figures of one counter the answering facts' statements state, when exactly one
    counter has exactly two figures (larger first); else None."""
    counters = _counters(kb)
    by: dict[str, list[float]] = {}
    for f in facts:
        for v, c in figures(f.statement.ko, counters):
            vals = by.setdefault(c, [])
            if v not in vals:
                vals.append(v)
    pairs = [(c, vs) for c, vs in by.items() if len(vs) == 2]
    if len(pairs) != 1 or any(len(vs) > 2 for vs in by.values()):
        return None
    c, (x, y) = pairs[0]
    hi, lo = max(x, y), min(x, y)
    return hi, lo, c


def stated_difference(kb: KnowledgeBase, facts: Sequence[Fact], lang: str, sum_: bool = False) -> list[str]:
    """"몇 석 늘었어?", "how much do I save?": the difference (or the sum) of the two figures the
    answer's statements state in one counter, as the answer's first line."""
    pair = stated_pair(kb, facts)
    if pair is None:
        return []
    hi, lo, c = pair
    if sum_:
        return [messages.t("sum", lang, total=_say(kb, hi + lo, c, lang),
                           parts=f"{_say(kb, hi, c, lang)} + {_say(kb, lo, c, lang)}")]
    diff = f"{hi - lo:g}%p" if c == "%" and lang == "ko" else (
        f"{hi - lo:g} percentage points" if c == "%" else _say(kb, hi - lo, c, lang))
    return [messages.t("difference", lang, diff=diff, hi=_say(kb, hi, c, lang), lo=_say(kb, lo, c, lang))]


# a rate a statement gives: "5분마다 200원", "10분마다 300원이 더", "1km마다 ... 포인트 10점"; and a
# base it may start from: "기본 20분에 1,000원"
_RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(분|시간|km)\s*(?:마다|당)\D{0,16}?([\d,]+)\s*(원|점)")
_BASE_RE = re.compile(r"기본\s*(\d+)\s*(분|시간|km)\s*(?:에|까지|은|는)?\s*([\d,]+)\s*(원|점)")
_QTY_UNITS = {"분": ("분", 1.0), "시간": ("분", 60.0), "km": ("km", 1.0), "minute": ("분", 1.0), "min": ("분", 1.0),
              "hour": ("분", 60.0), "hr": ("분", 60.0), "kilometer": ("km", 1.0), "kilometre": ("km", 1.0)}
_AMOUNT_WORDS = {"원": ("원", " won"), "점": ("점", " points")}


def _qty(number: str, unit: str) -> tuple[float, str]:
    key = unit.casefold().rstrip("s")
    base, factor = _QTY_UNITS.get(key, _QTY_UNITS.get(unit, (unit, 1.0)))
    return float(number) * factor, base


def rated_line(quantity: tuple[str, str] | None, facts: Sequence[Fact], lang: str) -> list[str]:
    """"전기자전거를 40분 타면 요금이 얼마예요?", "how many points if i ride 5 km": the amount a rate in
    the answering facts gives for the quantity the question states (`quantity`, as shape reads it:
    ("40", "분")), per started step after the base the statement starts from, as the answer's first line."""
    if quantity is None:
        return []
    asked, unit = _qty(*quantity)
    for f in facts:
        r = _RATE_RE.search(f.statement.ko)
        if r is None:
            continue
        step, step_unit = _qty(r.group(1), r.group(2))
        if step_unit != unit or step <= 0:
            continue
        each, word = float(r.group(3).replace(",", "")), r.group(4)
        b = _BASE_RE.search(f.statement.ko)
        start, start_amount = (_qty(b.group(1), b.group(2))[0], float(b.group(3).replace(",", ""))) \
            if b is not None and _qty(b.group(1), b.group(2))[1] == unit and b.group(4) == word else (0.0, 0.0)
        steps = max(0, -(-(asked - start) // step)) if asked > start else 0
        ko, en = _AMOUNT_WORDS.get(word, (word, ""))
        suffix = ko if lang == "ko" else en
        money = lambda n: f"{n:,.0f}{suffix}"  # noqa: E731
        base = messages.t("rate_base", lang, amount=money(start_amount)) if start else ""
        return [messages.t("rate", lang, qty="".join(quantity), amount=money(start_amount + steps * each), base=base,
                           step=f"{step:g}{unit}" if lang == "ko" else f"{step:g} {'minutes' if unit == '분' else unit}",
                           each=money(each), steps=f"{steps:g}")]
    return []
