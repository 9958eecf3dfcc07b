"""How long between two events a question names ("조선어연구회가 생기고 조선어학회로 이름을 바꾸기까지 몇
년?", "how many days after the deadline are the winners announced?"): each side of the question is read
on its own, as the event it names, and the gap between the two dated facts is measured.

Part of the Engine (mixed in). Each side picks, among the facts of its best readings about what it
names (or else what the question names), the dated fact saying most of its words; a side that says
nothing of any fact, or two sides reading as one fact, leave the question to the other readings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import duration, messages
from .builtin import BUILT_IN
from .knowledge import Fact
from .matcher import _ASKING_WORDS, Analysis
from .result import Result
from .text import is_hangul_word, strip_particle
from .answer import resolve
from .index import _en_stem
from .rules import DURATION_READINGS, DURATION_SHARE, EVENT_ANSWERED, EVENT_OTHER_NAME, EVENT_VERBATIM

_DAYS_RE = re.compile(r"며칠|몇\s?일|\bdays?\b", re.IGNORECASE)


class Gaps:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _gap_by_sides(self, a: Analysis, base: dict, lang: str, found: tuple[str, str]) -> Result | None:
        """The gap between the events the question's two sides (`found`, by shape.sides) name."""
        named = [m.surface for m in a.mentions]
        facts: list[Fact] = []
        intent = None
        for side in found:
            picked = self._event_fact(side, named, facts)
            if picked is None:
                return None
            facts.append(picked[0])
            intent = intent or picked[1]
        first, second = sorted(facts, key=duration.start)
        if duration.when(first) == duration.when(second) and duration.day(first) == duration.day(second):
            return None  # (one date: no gap to measure)
        line = self._gap_line(a, first, second, lang)
        answer = self._from_facts(base, lang, intent, 1.0, [first, second])
        return replace(answer, answer=f"{line}\n{answer.answer}")

    def _gap_line(self, a: Analysis, first: Fact, second: Fact, lang: str) -> str:
        """"N years, from A to B." in the unit asked, else the finest the two dates give."""
        amount, unit = duration.gap(first, second, months="how_many_months" in a.asks or "month" in a.asks,
                                    days=bool(_DAYS_RE.search(a.text)))
        years, months = amount if isinstance(amount, tuple) else (amount, 0)
        if unit == "days":  # (the days themselves: "2026년 3월 11일에서 4월 4일까지", not two months)
            start, end = (messages.period_name(duration.day(f).isoformat(), lang) for f in (first, second))
        else:
            start, end = self._when_name(first, lang), self._when_name(second, lang)
        return self._t(f"gap_{unit}", lang, n=years, m=months, start=start, end=end)

    def _spanned(self, a: Analysis, cands: list, base: dict, lang: str) -> Result | None:
        """The leading reading answered, its span computed first, when one of its facts spans two years."""
        if not cands or not self.kb.intents[cands[0].intent].attributes:
            return None
        res = resolve(self.kb, self.kb.intents[cands[0].intent], a, self.matcher.says)
        spans = [(f, line) for f in (res.facts if res.kind == "ok" else []) for line in self._span_line(f, lang)]
        if len(spans) != 1 or cands[0].score < self.thresholds.answer * DURATION_SHARE:
            return None
        fact, line = spans[0]
        answer = self._from_facts(base, lang, cands[0].intent, cands[0].score, [fact])
        return replace(answer, answer=f"{line}\n{answer.answer}")

    def _span_line(self, fact: Fact, lang: str) -> list[str]:
        """"1418년에서 1450년까지 32년입니다." for a fact whose statement spans two years (1418~1450년)."""
        m = duration.SPAN_RE.search(f"{fact.statement.ko} {fact.statement.en}")
        if m is None or int(m.group(2)) <= int(m.group(1)):
            return []
        start, end = (messages.period_name(m.group(k), lang) for k in (1, 2))
        return [self._t("gap_years", lang, n=int(m.group(2)) - int(m.group(1)), m=0, start=start, end=end)]

    def _event_fact(self, side: str, named: list[str], taken: list[Fact]) -> tuple[Fact, str] | None:
        """The dated fact one side of the question names: among the facts of its best readings about
        what it names (a side naming nothing is about what the question names), the one saying most
        of its words, its own words as written counting more ("조선어학회로": the renaming to it)."""
        sa = self.matcher.analyse(side)
        if not sa.mentions and named:
            sa = self.matcher.analyse(" ".join(dict.fromkeys(named)) + " " + side)
        own = {t for t in sa.tokens if len(t) >= 2 and not t.startswith(("<", "#")) and t not in _ASKING_WORDS}
        side_words = _SideWords(own | {self.matcher.lemma(t) for t in own} | {_en_stem(t) for t in own},
                                [w for w in side.split() if len(w) >= 2],
                                set(sa.entities()))
        best, best_score = None, 0.0
        for c in self._rerank(sa)[:DURATION_READINGS]:
            intent = self.kb.intents[c.intent]
            if not intent.attributes or self.kb.locate("intents", c.intent).file == BUILT_IN:
                continue  # (when a source came out is no event of what it tells)
            res = resolve(self.kb, intent, sa, self.matcher.says)
            answered = res.facts if res.kind == "ok" else []
            sure = c.score >= self.thresholds.answer
            for f in self._dated_facts(intent, answered, sa, side_words.names, taken):
                score = self._event_score(f, side_words, f in answered, sure)
                if score is not None and c.score + score > best_score:
                    best, best_score = (f, c.intent), c.score + score
        return best

    def _dated_facts(self, intent, answered: list[Fact], sa: Analysis, names: set[str], taken: list[Fact]):
        """The dated facts of a reading (those it answers with first) about what a side names, of the
        period it states ("1949년부터": the fact of 1949), not taken by the other side."""
        for f in [*answered, *(f for f in self.kb.facts.values() if f.attribute in intent.attributes)]:
            if f in taken or duration.when(f) is None or (names and not f.entities & names):
                continue
            if not sa.periods or any((f.period or f.value.date or "").startswith(p) for p in sa.periods):
                yield f

    def _event_score(self, f: Fact, side: "_SideWords", answered: bool, sure: bool) -> float | None:
        """How much of a side a fact says; None for a fact saying nothing of it, unless a sure reading
        answers with it."""
        says = self.matcher.says(f)
        said = side.words & (says | {_en_stem(w) for w in says if w.isascii()})  # (stopping ~ stopped)
        if not said and not (answered and sure):
            return None
        texts = f"{f.statement.ko} {f.statement.en}".casefold()
        return (len(said) + EVENT_VERBATIM * sum(_written_in(w, texts) for w in side.written)
                + EVENT_ANSWERED * answered + len(f.entities & side.names) - EVENT_OTHER_NAME * len(f.entities - side.names))


@dataclass(frozen=True)
class _SideWords:
    words: set[str]  # its tokens and their lemmas
    written: list[str]  # its words as written
    names: set[str]  # the entities it names

def _written_in(word: str, texts: str) -> float:
    """1 when a side's word is in a fact's statements as written ("조선어학회로": the renaming to it),
    half when it is without its particle, or its stem is (만들어진 -> 만들었습니다: the first two
    syllables of a longer Korean word)."""
    word = word.casefold().strip("?,.!")
    if word in texts:
        return 1.0
    bare = strip_particle(word)
    if len(bare) >= 2 and bare in texts:
        return 0.5
    return 0.5 if len(word) >= 3 and is_hangul_word(word) and word[:2] in texts else 0.0
