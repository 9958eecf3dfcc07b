"""What a relative date of the source means ("기사에 나오는 '올해'는 몇 년이야?", "'지난달'이라고 한 건 몇
월?", "what year does 'next year' refer to in the article?"): the term the question quotes, resolved
against the date of the source, as the base's own periods are (periods.py).

Part of the Engine (mixed in): every base has sources with a date, so every base answers these.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from . import messages
from .periods import detect_periods
from .result import Result, SourceRef
from .text import normalize

# a quoted term: '올해', “last month”, 「지난 27일」
_QUOTED_RE = re.compile(r"['‘’\"“”「」『』]([^'‘’\"“”「」『』]{1,16})['‘’\"“”「」『』]")
# ... and a question asking what it stands for
_MEANS_RE = re.compile(r"가리키|가르키|말하는|말한|말하|뜻하|뜻이|의미|몇 ?년|몇 ?월|며칠|언제|\brefer|\bmean|\bstand for\b"
                       r"|\b(?:which|what) (?:year|month|day|date)\b", re.IGNORECASE)
# ... right after the quote: the term is what the question is about ("'올해'는", "'지난달'이라고 한 건", "'next year' refer")
_TOPIC_RE = re.compile(r"\s*(?:은|는|이란|이라는|이라고|라고|란|이|가|\s*(?:refers?|means?|stands?|is|was|in)\b)", re.IGNORECASE)
# a day relative to the source's date: "지난 27일" (the last 27th before it), "오는 5일" (the next)
_DAY_RE = re.compile(r"^(지난|오는|이번)\s*(\d{1,2})\s*일$|^(?:last|this|next)\s+(\d{1,2})(?:st|nd|rd|th)?$", re.IGNORECASE)


def _relative_day(term: str, on: date) -> str | None:
    m = _DAY_RE.match(term.strip())
    if m is None:
        return None
    day = int(m.group(2) or m.group(3))
    back = (m.group(1) or term.split()[0].casefold()) in ("지난", "last")
    d = on
    for _ in range(62):  # (the nearest such day before the date, or after it)
        d = d - timedelta(days=1) if back else d + timedelta(days=1)
        if d.day == day:
            return d.isoformat()
    return None


def resolve_term(term: str, on: date) -> str | None:
    """The period a relative term stands for on a date ('올해' -> "2021", '지난달' -> "2021-11",
    '지난 27일' -> "2021-12-27"); None for a term that is not relative (an absolute "2021년")."""
    day = _relative_day(term, on)
    if day is not None:
        return day
    norm = normalize(term)
    here = detect_periods(norm, on.year, on.month)
    later = detect_periods(norm, on.year + 3, (on.month % 12) + 1)
    return here[0] if len(here) == 1 and here != later else None


class Relative:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _relative_meaning(self, text: str, base: dict, lang: str) -> Result | None:
        """The answer to a question about what a quoted relative date of the source means, if it is one."""
        if not self.kb.sources or not _MEANS_RE.search(text):
            return None
        src = max(self.kb.sources.values(), key=lambda s: s.published)
        for m in _QUOTED_RE.finditer(text):
            if not _TOPIC_RE.match(text[m.end():]):
                continue  # ("'올해' 언제 논문 냈어?" quotes the term but asks no meaning of it)
            term = m.group(1).strip()
            when = resolve_term(term, src.published)
            if when is None:
                continue
            answer = self._t("relative_meaning", lang, term=term, when=messages.period_name(when, lang),
                             publisher=src.publisher, date=messages.period_name(src.published.isoformat(), lang))
            ref = SourceRef(src.id, src.publisher, src.title, src.url or "", src.published.isoformat(), src.title[:200])
            return Result(**base, status="answered", intent="source_relative_date", confidence=1.0,
                          answer=answer, sources=(ref,))
        return None
