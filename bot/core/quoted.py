"""Arithmetic on the figures a question quotes ("네이버 185건이랑 112건은 몇 건 차이야?", "112건에서 66건을
빼면?"): when it asks a difference of two figures it states and a fact of the base holds each of them
(about what it names, if it names anything), the difference is computed first and both facts cited.
A figure no fact holds leaves the question to its readings: the bot never subtracts a figure of its own.

Part of the Engine (mixed in)."""
from __future__ import annotations

import re
from dataclasses import replace

from .answer import format_number
from .knowledge import Fact
from .matcher import Analysis
from .result import Result

_RATIO_WORDS = frozenset(("배", "ratio", "times"))
_TAKE_AWAY_RE = re.compile(r"빼면|뺀|빼고 나면|제외하면|\bminus\b|\bsubtract")


class Quoted:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _quoted_difference(self, a: Analysis, base: dict, lang: str) -> Result | None:
        """The difference of the two figures the question states, each held by a fact."""
        if (a.operation != "difference" and not _TAKE_AWAY_RE.search(a.text)) or _RATIO_WORDS & {*a.words, *a.tokens}:
            return None  # (a ratio asked too is the comparison's own line: "차이랑 배수 둘 다")
        claims = list({c.value: c for c in a.claims if not c.year and not c.percent}.values())
        if len(claims) != 2:
            return None
        values = [c.value for c in claims]
        holders = [self._holder(a, c.value, c.counter) for c in claims]
        if None in holders:
            return None
        (hi, f_hi), (lo, f_lo) = sorted(zip(values, holders), key=lambda p: -p[0])
        unit = f_hi.value.unit if f_hi.value.number == hi else f_lo.value.unit
        line = self._t("difference", lang, diff=format_number(hi - lo, unit, self.kb, lang),
                       hi=format_number(hi, unit, self.kb, lang), lo=format_number(lo, unit, self.kb, lang))
        facts = list(dict.fromkeys([f_hi, f_lo]))
        answer = self._from_facts(base, lang, self._intent_of(facts[0]), 1.0, facts)
        return replace(answer, answer=f"{line}\n{answer.answer}")

    def _holder(self, a: Analysis, value: float, counter: str) -> Fact | None:
        """The one fact holding the figure (as its value, else in its statement's figures), about what
        the question names if it names anything; of the counter it is stated with, when several are."""
        named = set(a.entities())
        close = [f for f in self.kb.facts.values() if not named or f.entities & named
                 or any(set(self.kb.ancestors(e)) & named for e in f.entities)]
        held = [f for f in close if f.value.number == value] or [
            f for f in close if value in _figures(f"{f.statement.ko} {f.statement.en}")]
        if len(held) > 1 and counter:
            held = [f for f in held if counter in self._unit_words(f)] or held
        return held[0] if len(held) == 1 else None

    def _unit_words(self, fact: Fact) -> set[str]:
        """The words the fact's unit is written with (명, people; %)."""
        unit = self.kb.lexicon.units.get(fact.value.unit or "")
        return {unit.ko.strip(), unit.en.strip()} if unit is not None else set()

    def _intent_of(self, fact: Fact) -> str:
        """The first intent that answers with the fact ("" if none)."""
        return next((i.id for i in self.kb.intents.values() if fact.attribute in i.attributes), "")


def _figures(text: str) -> set[float]:
    return {float(m.replace(",", "")) for m in re.findall(r"(?<![\d.])\d[\d,]*(?:\.\d+)?", text)}
