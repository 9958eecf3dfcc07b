"""What a question asks for and what the facts that would answer it give: the asks (who, where,
why, a count, money, a day ...) and the ways a reading gives each (`given_by`), the detail of a thing
named the reading must say, and the time its facts are of. A reading whose facts don't give what is
asked is declined with what they do say, never answered with the neighbouring fact.

Part of the Engine (mixed in); the decision (decide.py) asks it."""
from __future__ import annotations

import re

from . import counting, duration
from .answer import Resolution
from .knowledge import Fact, Intent
from .lang import general_data
from .matcher import Analysis
from .messages import attach_josa
from .periods import detect_periods
from .result import Result
from .rules import Reading, _QUANTITY_TEXT_RE
from .text import normalize


def _gives_quantity(f: Fact) -> bool:
    """A figure, or a quantity in words ("학회별 두 자리 수", "double-digit")."""
    text = f"{f.value.text.ko} {f.value.text.en}" if f.value.text else ""
    return f.value.number is not None or bool(_QUANTITY_TEXT_RE.search(text))


def states_length(f: Fact) -> bool:
    """A length of time in the statement's words ("약 32년", "3일 안에", "about 32 years")."""
    return bool(_DURATION_WORDS_RE.search(f"{f.statement.ko} {f.statement.en}"))


def gives_duration(f: Fact) -> bool:
    """A length of time in the statement's words, or a span of years (1418~1450년)."""
    return states_length(f) or bool(duration.SPAN_RE.search(f"{f.statement.ko} {f.statement.en}"))


# a date in a statement's words ("12월 18일(금)부터", "on 18 December", "2027년"): the fact gives when
_DATE_WORDS_RE = re.compile(r"\d{1,2}월\s*\d{1,2}일|\d{4}년|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
                            r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2}\b", re.IGNORECASE)
# a length of time in a statement's words ("약 32년", "2년 5개월", "about 32 years"), never a year (1418년)
_DURATION_WORDS_RE = re.compile(r"(?<![\d,.])\d{1,3}\s*(?:년|개월|달|주일?|일간|시간|분)(?:\s*(?:동안|간|만))?(?!\d)"
                                r"|\b\d{1,3}\s*(?:years?|months?|weeks?|days?|hours?|minutes?)\b", re.IGNORECASE)
_YEAR_WORDS_RE = re.compile(r"\d{4}년|\b(?:1[0-9]|20)\d{2}\b")
# a case past a bound ("2시간을 넘기면", "more than 2 hours") and a bound a statement says up to ("2시간까지",
# "for up to 2 hours"); units read alike in both languages
_PAST_RE = re.compile(r"(\d+)\s*(시간|분|일|개월|년|명|km)\s*(?:을|를|이|가)?\s*(?:넘기면|넘으면|넘어가면|넘길|넘는|넘어서|초과하면|초과|지나면)"
                      r"|\b(?:more than|over|past|beyond|longer than|after)\s+(\d+)\s*(hours?|minutes?|days?|months?|years?|people|km)\b",
                      re.IGNORECASE)
_UP_TO_RE = re.compile(r"(\d+)\s*(시간|분|일|개월|년|명|km)\s*(?:까지|이내|동안)"
                       r"|\b(?:up to|for up to|within|the first|for)\s+(\d+)\s*(hours?|minutes?|days?|months?|years?|people|km)\b",
                       re.IGNORECASE)
_UNITS = {"hour": "시간", "minute": "분", "day": "일", "month": "개월", "year": "년", "people": "명"}
_EN_UNITS = {"시간": "hours", "분": "minutes", "일": "days", "개월": "months", "년": "years", "명": "people", "km": "km"}
_MONEY_RE = re.compile(r"\d[\d,.]*\s*(?:만\s*|천\s*|억\s*)?원|\d[\d,.]*\s*(?:won|dollars?|usd|euros?|yen)\b|[$€£¥]\s?\d"
                       # (free is a price: "무료 셔틀버스" answers "셔틀 요금 있나요?")
                       r"|무료|공짜|\bfree\b|free of charge|no charge|\bno fee\b",
                       re.IGNORECASE)
_WEEKDAY_RE = re.compile(r"[월화수목금토일]요일|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b", re.IGNORECASE)
def _kind_words(kind: str) -> set[str]:
    return set(kind.casefold().replace("-", "_").split("_"))


_AGENT_KINDS = frozenset(str(k).casefold() for k in general_data().get("agent_kinds", ()))
_PLACE_KINDS = frozenset(str(k).casefold() for k in general_data().get("place_kinds", ()))
_REASONS = re.compile("|".join(
    rf"\b{re.escape(str(w))}\b" if str(w).isascii() else re.escape(str(w))
    for w in sorted(general_data().get("reasons", ()), key=lambda w: -len(str(w)))) or r"(?!)")

# how a fact gives what an ask asks for, by the ask's `given_by`
_FACT_GIVES = {
    "number": lambda f: f.value.number is not None and not f.value.approx,
    "quantity": _gives_quantity,
    "period": lambda f: bool(f.period or f.value.date or _DATE_WORDS_RE.search(f"{f.statement.ko} {f.statement.en}")),
    "duration": gives_duration,
    "year": lambda f: bool(re.match(r"\d{4}", f.value.date or f.period or "") or _YEAR_WORDS_RE.search(f"{f.statement.ko} {f.statement.en}")),
    "month": lambda f: len(f.value.date or "") >= 7 or bool(re.fullmatch(r"\d{4}-\d{2}", f.period or "")),
    "day": lambda f: len(f.value.date or "") >= 10,
    "weekday": lambda f: bool(_WEEKDAY_RE.search(f"{f.statement.ko} {f.statement.en}")),
    "money": lambda f: bool(_MONEY_RE.search(f"{f.statement.ko} {f.statement.en}")),
}


class Given:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    _agents_known: bool | None = None  # (does the base have kinds that act? read once)

    def _withheld(self, a: Analysis, base: dict, lang: str, lead: Reading) -> Result | None:
        """The decline of a reading with facts that don't answer what is asked: a kind of value they
        don't give, a detail of a thing named they don't say, or a year they are not of."""
        top, intent, res = lead
        unmet = self._unmet_ask(a, intent, res)
        if unmet is not None:
            # the question asks for something the answering facts don't give (the reporter's name,
            # a cost, the month of a yearly plan): say so, and what they do say
            return self._decline_ask(a, base, lang, intent, res, unmet, top.score)
        if not res.facts:
            return None
        head = self._unread_head(a, intent, res)
        if head is not None:
            # the question names what it asks about, and neither the intent's examples nor its facts
            # say it ("세종대왕의 어머니는 누구야?" is not who Sejong was): say so, and what they do say
            return self._decline_ask(a, base, lang, intent, res, head, top.score)
        past = self._past_bound(a, res)
        if past is not None:
            # "주차 2시간을 넘기면 요금이 얼마예요?": the facts say what holds up to 2 hours, not past them
            n, unit = past
            what = f"{n}{unit}[이/가] 넘는 경우" if lang == "ko" else f"what happens past {n} {_EN_UNITS.get(unit, unit)}"
            return self._decline_ask(a, base, lang, intent, res, attach_josa(what) if lang == "ko" else what, top.score)
        other = self._other_time(a, res)
        if other is not None:
            # "작년 북토크 진행자 누구였어?": the facts are of the source's own time, and none says
            # that year: nothing for it, and what the source does say
            missing = Resolution("missing", groups=res.groups, missing=[(res.facts[0].subject, other)])
            return self._decline_missing(a, base, lang, intent, missing, top.score)
        return None

    def _unmet_ask(self, a: Analysis, intent: Intent, res: Resolution) -> str | None:
        """The first thing the question asks for that neither the intent's examples nor its facts give."""
        for name in a.asks:
            if not any(self._gives(how, name, a, intent, res) for how in self.kb.lexicon.asks[name].given_by):
                return name
        if not a.counted or not res.facts or "count" not in self.kb.lexicon.asks:
            return None
        forms = [counting.count_forms(self.matcher, c) for c in a.counted]
        # (a counted word the base has never seen, even as a typo, is left to the other checks)
        known = self.matcher.index.token_known
        said = self._words_of_facts()
        counted = [fs for fs in forms if any(counting.is_counter(w) or known(w) or w in said for w in fs)]
        if counted and not any(counting.counts(self.kb, f, fs) for fs in counted for f in res.facts):
            return "count"  # "회수 차량은 몇 대?": the facts count something else, or nothing
        return None

    def _words_of_facts(self) -> frozenset[str]:
        """Every word the base's facts' statements say (a counted word they say is one the base knows:
        lockers), not the names of what they are about (a name is counted by the facts' units)."""
        words = self.__dict__.get("_fact_words")
        if words is None:
            texts = (t for f in self.kb.facts.values() for t in (f.statement.ko, f.statement.en))
            words = self.__dict__["_fact_words"] = frozenset(
                w for text in texts for w in normalize(text).split() if not w.isdigit())
        return words

    def _gives(self, how: str, ask: str, a: Analysis, intent: Intent, res: Resolution) -> bool:
        """Does the reading give what an ask asks for, in the way `how` (an ask's `given_by`)?"""
        if how == "examples":
            return ask in self.matcher.intent_asks.get(intent.id, ())
        if how == "comparison":
            return len(res.groups) >= 2
        if how in ("entity", "place", "agent"):  # the facts name someone the question didn't ("who put KoGPT on
            # GitHub?"); a place answers "where", never "who" (the statue's square is no sculptor)
            named = set(a.entities())
            gives = {"place": self._is_place, "agent": self._is_agent}.get(how, lambda e: not self._is_place(e))
            return any(gives(e) for f in res.facts for e in f.entities - named)
        if how == "role":  # (what a person or a body named is or does: facts about it)
            named = set(a.entities())
            return any(f.subject in named and self._is_agent(f.subject) for f in res.facts)
        if how == "reason":
            return any(_REASONS.search(f"{f.statement.ko} {f.statement.en}".casefold()) for f in res.facts)
        return any(_FACT_GIVES[how](f) for f in res.facts)

    def _past_bound(self, a: Analysis, res: Resolution) -> tuple[str, str] | None:
        """The case a question asks past a bound its facts only say up to ("2시간을 넘기면" against "2시간까지
        무료", "more than 2 hours" against "free for up to 2 hours"), named for the decline."""
        m = _PAST_RE.search(a.text)
        if m is None or not res.facts:
            return None
        n, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        unit = _UNITS.get(unit.casefold().rstrip("s"), unit)
        for f in res.facts:
            for b in _UP_TO_RE.finditer(f"{f.statement.ko} {f.statement.en}"):
                bn, bu = (b.group(1), b.group(2)) if b.group(1) else (b.group(3), b.group(4))
                if bn == n and _UNITS.get(bu.casefold().rstrip("s"), bu) == unit:
                    return n, unit
        return None

    def _other_time(self, a: Analysis, res: Resolution) -> str | None:
        """The year a question asks about, when it is not the source's own and the answering facts
        are undated, none of them saying that year (지난해(2025년), last year)."""
        ref = self.matcher.reference_year
        dated = self.matcher.month_years  # (a month the base's facts date in that year is of the base's time)
        periods = [p for p in a.periods if not (len(p) == 7 and int(p[:4]) in dated.get(int(p[5:7]), ()))]
        years = sorted({p[:4] for p in periods if p[:4] != str(ref)})
        if not years or len(years) < len({p[:4] for p in periods}) or any(f.period or f.value.date for f in res.facts):
            return None
        said = {p[:4] for f in res.facts for text in (f.statement.ko, f.statement.en)
                for p in detect_periods(normalize(text), ref, self.matcher.reference_month)}
        return None if said & set(years) else years[0]

    def _unread_head(self, a: Analysis, intent: Intent, res: Resolution) -> str | None:
        """The word naming what the question asks about, when the reading's examples and facts don't say it."""
        said = set().union(*(self.matcher.says(f) for f in res.facts))
        index = self.matcher.index
        return self.matcher.unread_head(a.words, a.mentions, lambda t: t in said or index.uses(intent.id, t))

    def _is_place(self, entity_id: str) -> bool:
        """Is the entity of a kind that is a place (general `place_kinds`, on the words of the kind name)?"""
        return bool(_kind_words(self.kb.entities[entity_id].kind) & _PLACE_KINDS)

    def _is_agent(self, entity_id: str) -> bool:
        """Is the entity of a kind that acts (general `agent_kinds`)? In a base none of whose kinds is
        one, any entity that is not a place."""
        if self._agents_known is None:
            self._agents_known = any(_kind_words(e.kind) & _AGENT_KINDS for e in self.kb.entities.values())
        if not self._agents_known:
            return not self._is_place(entity_id)
        return bool(_kind_words(self.kb.entities[entity_id].kind) & _AGENT_KINDS)
