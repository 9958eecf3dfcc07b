"""What a question claims, and whether the facts that answer it agree.

"네이버가 40건 냈다던데 맞아?" claims 40 for Naver; the facts say 112, and 40 is Kakao's figure.
`claims` reads the figures a question states (digits with a scale word: 2040억, 204 billion);
`judge` compares them with the numbers of the facts that answer, and says where a wrong figure
belongs. The engine then opens the answer with the correction or the confirmation.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Literal

from .knowledge import Fact, KnowledgeBase
from .lang import general_data
from .shape import is_date_word, stated_days
from .periods import _MONTH_NAMES
from .text import is_hangul_word, normalize

_NUMBER_RE = re.compile(r"^\d+(?:[.,]\d+)*%?$")
_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
_YEAR_WORDS = ("년", "년도", "년에", "년엔", "년의", "년은", "년부터", "년까지")
_MONTHS = frozenset([*_MONTH_NAMES, *(m[:3] for m in _MONTH_NAMES), "sept"])
# scale words that may follow a figure ("2040억", "204 billion", "204b")
_SCALES = {"억": 1e8, "만": 1e4, "천": 1e3, "조": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9,
           "million": 1e6, "mn": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "trillion": 1e12}
# how close a claimed figure must be to a fact's to agree with it (an "about" fact: 10%)
EXACT_TOLERANCE = 1e-9
APPROX_TOLERANCE = 0.10


@dataclass(frozen=True, slots=True)
class Claim:
    value: float
    percent: bool
    year: bool = False  # "1446년에": a year the question states (any century)
    counter: str = ""  # the Korean counter after it ("만 7세부터" -> 세, "제1호" -> 호), to find its kind in a text


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: Literal["yes", "no"]
    claimed: tuple[Claim, ...]
    owners: tuple[tuple[Claim, Fact], ...] = ()  # where a wrong figure belongs


@lru_cache(maxsize=None)
def _cues(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(c).split()) for c in _premise_data().get(key, ()))


@lru_cache(maxsize=None)
def _cue_tables(key: str) -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(one-word cues, Korean one-word cues that may end a longer word, cues of several words)."""
    cues = _cues(key)
    single = frozenset(c[0] for c in cues if len(c) == 1)
    endings = tuple(c[0] for c in cues if len(c) == 1 and len(c[0]) >= 2 and not c[0].isascii())
    return single, endings, tuple(c for c in cues if len(c) > 1)


def _premise_data() -> dict:
    return general_data().get("premise", {})


def _has_cue(words: tuple[str, ...], key: str) -> bool:
    single, endings, phrases = _cue_tables(key)
    # a Korean cue may end a longer word (냈다던데 ends in 다던데)
    if any(w in single or (endings and not w.isascii() and w.endswith(endings)) for w in words):
        return True
    if not phrases:
        return False
    by_first, korean = _phrase_firsts(key)
    for i, first in enumerate(words):
        # (a phrase starts at a word equal to its first word, or ending in a Korean one)
        for cue in (*by_first.get(first, ()), *(korean if not first.isascii() else ())):
            n = len(cue)
            if i + n <= len(words) and all(w == c or (len(c) >= 2 and not c.isascii() and w.endswith(c))
                                           for w, c in zip(words[i : i + n], cue)):
                return True
    return False


@lru_cache(maxsize=None)
def _phrase_firsts(key: str) -> tuple[dict[str, tuple[tuple[str, ...], ...]], tuple[tuple[str, ...], ...]]:
    """The key's phrases by their first word, and those whose first word is Korean (which may end a
    longer word)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for cue in _cue_tables(key)[2]:
        by_first.setdefault(cue[0], []).append(cue)
    korean = tuple(c for c in _cue_tables(key)[2] if not c[0].isascii())
    return {k: tuple(v) for k, v in by_first.items()}, korean


def checks_claim(words: tuple[str, ...]) -> bool:
    """Does the question ask whether what it says is so ("맞아?", "is it true", "I heard")?"""
    if not words:
        return False
    starts_yes_no = any(words[0] == c[0] for c in _cues("yes_no_start"))
    # "네이버 논문 112건이야?": a figure, then a copula asking whether it is so
    copula = any(_NUMBER_RE.match(w) and i + 1 < len(words) and words[i + 1].endswith(_endings())
                 for i, w in enumerate(words))
    tagged = _has_cue(words, "tags") and not any(w in _wh() for w in words)
    return starts_yes_no or copula or tagged or _has_cue(words, "confirm") or _has_cue(words, "hearsay")


@lru_cache(maxsize=1)
def _wh() -> frozenset[str]:
    return frozenset(normalize(w) for w in _premise_data().get("wh", ()))


@lru_cache(maxsize=None)
def _endings() -> tuple[str, ...]:
    return tuple(_premise_data().get("claim_endings", ()))


def _counts(word: str, counters: frozenset[str]) -> bool:
    """A scale or counter word after a figure (억, billion, 건, papers)."""
    return bool(word) and (word in _SCALES or word in counters or any(word.startswith(c) for c in counters if not c.isascii()))


_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 1e4, "억": 1e8, "조": 1e12}


def _korean_amount(words: tuple[str, ...], i: int) -> tuple[float, int] | None:
    """A figure written with Korean place words over several words ("1 만 5 천원" -> 15000,
    "2 천 5 백만" -> 25,000,000): (value, index after it), or None when only one place word follows
    (the single-word reading below handles "2040 억")."""
    total, section, j, parts = 0.0, 0.0, i, 0
    while j + 1 < len(words) and _NUMBER_RE.match(words[j]) and not words[j].endswith("%"):
        n = float(words[j].replace(",", ""))
        places = words[j + 1]
        k, small = 0, 1.0
        while k < len(places) and places[k] in _SMALL:
            small *= _SMALL[places[k]]
            k += 1
        big = 1.0
        while k < len(places) and places[k] in _BIG:
            big *= _BIG[places[k]]
            k += 1
        if k == 0:
            break
        section += n * small
        if big > 1:
            total += section * big
            section = 0.0
        j, parts = j + 2, parts + 1
    if parts < 2:
        return None
    return total + section, j


_BARE_PLACE_RE = re.compile(r"^(천만|백만|만|천|억)(원|$)")


def _bare_amount(words: tuple[str, ...], i: int) -> float | None:
    """A sum of money written with a place word alone ("만원이라던데", "천 원"): one of it. Not 만 of an
    age ("만 65세"), nor a word after a figure ("1 만원" is read with its figure)."""
    m = _BARE_PLACE_RE.match(words[i])
    if m is None or (i > 0 and _NUMBER_RE.match(words[i - 1])):
        return None
    if not m.group(2) and not (i + 1 < len(words) and words[i + 1].startswith("원")):
        return None
    value = 1.0
    for ch in m.group(1):
        value *= _SMALL.get(ch, 1.0) * _BIG.get(ch, 1.0)
    return value


def _claim_at(w: str, nxt: str, counters: frozenset[str]) -> Claim | None:
    """The claim a figure `w` makes, read with the word after it; None for a date or a time."""
    if is_date_word(nxt):
        return None  # "12월 20일", "오후 6시", "6 p.m.": a date or a time of day, not a figure
    if nxt in _YEAR_WORDS or nxt in ("year", "ad", "ce"):
        return Claim(float(w.replace(",", "")), False, year=True) if w.isdigit() else None  # "1446년에"
    if _YEAR_RE.match(w) and not _counts(nxt, counters):
        return None  # a year is a period, not a claim (unless counted: "2040억 개")
    percent = w.endswith("%") or nxt in ("%", "퍼센트", "percent", "프로")
    value = float(w.rstrip("%").replace(",", ""))
    scale = next((v for k, v in _SCALES.items() if nxt == k or (not nxt.isascii() and nxt.startswith(k))), 1.0)
    counter = nxt[0] if scale == 1.0 and is_hangul_word(nxt) and not percent else ""
    return Claim(value * scale, percent, counter=counter)


def claims(words: tuple[str, ...], skip: set[int] = frozenset(),
           counters: frozenset[str] = frozenset()) -> tuple[Claim, ...]:
    """Figures the question states, outside entity names (`skip`: word positions) and years;
    `counters` are the base's unit words (건, papers), which make a 4-digit figure a count."""
    out: list[Claim] = []
    after = -1  # the end of the last figure read over several words
    for i, w in enumerate(words):
        if i < after or i in skip:
            continue
        bare = _bare_amount(words, i)
        if bare is not None:
            out.append(Claim(bare, False))
            continue
        if not _NUMBER_RE.match(w):
            continue
        amount = _korean_amount(words, i)
        if amount is not None:
            out.append(Claim(amount[0], False))
            after = amount[1]
            continue
        if i > 0 and words[i - 1].rstrip(".") in _MONTHS:
            continue  # "December 15", "on Dec. 15th": a day, not a figure
        claim = _claim_at(w, words[i + 1] if i + 1 < len(words) else "", counters)
        if claim is not None:
            out.append(claim)
    return tuple(dict.fromkeys(out))


def _agrees(claim: Claim, fact: Fact, kb: KnowledgeBase) -> bool:
    n = fact.value.number
    if n is None:
        return False
    unit = kb.lexicon.units.get(fact.value.unit or "")
    if claim.percent and not (unit is not None and unit.en.strip() == "%"):
        return False
    tol = APPROX_TOLERANCE if fact.value.approx else EXACT_TOLERANCE
    return abs(claim.value - n) <= tol * max(abs(n), 1.0)


def judge(kb: KnowledgeBase, stated: tuple[Claim, ...], answer: list[Fact], asks_check: bool) -> Verdict | None:
    """Confirm or correct the figures a question states against the facts that answer it.

    Only figures of the kind the answer holds are judged (a claimed paper count against paper
    counts); a figure that matches is confirmed when the question asks whether it is so.
    """
    numeric = [f for f in answer if f.value.number is not None]
    stated = tuple(c for c in stated if not c.year)
    if not stated or not asks_check:
        return None
    if not numeric:
        return _judge_in_words(stated, answer)
    agreeing = [c for c in stated if any(_agrees(c, f, kb) for f in numeric)]
    wrong = [c for c in stated if c not in agreeing]
    if wrong and not agreeing:
        units = {f.value.unit for f in numeric}
        owners = [(c, o) for c in wrong if (o := _owner_of(kb, c, units, answer)) is not None]
        return Verdict("no", tuple(wrong), tuple(owners))
    if agreeing and not wrong:
        return Verdict("yes", tuple(agreeing))
    return None


def _judge_in_words(stated: tuple[Claim, ...], answer: list[Fact]) -> Verdict | None:
    """Facts whose figures are in their words only ("만 10세 이상이면", "국보 제70호"): a claimed
    figure with its counter ("7세", "제1호") against the figures with that counter in their statements."""
    counted = [c for c in stated if c.counter]
    if not counted:
        return None
    said = {c: {float(n.replace(",", "")) for f in answer for text in (f.statement.ko, f.statement.en)
                for n in re.findall(rf"(\d[\d,]*(?:\.\d+)?)\s*{re.escape(c.counter)}", text)}
            for c in counted}
    if not all(said.values()):
        return None  # (the facts give no figure of that kind: nothing to judge)
    agreeing = tuple(c for c in counted if c.value in said[c])
    if agreeing and len(agreeing) == len(counted):
        return Verdict("yes", agreeing)
    if not agreeing:
        return Verdict("no", tuple(counted))
    return None


def _owner_of(kb: KnowledgeBase, claim: Claim, units: set, answer: list[Fact]) -> Fact | None:
    """The fact, of the same unit as the answer's and not among them, whose figure is the claimed one."""
    said = {f.id for f in answer}
    return next((f for f in kb.facts.values()
                 if f.value.unit in units and f.id not in said and _agrees(claim, f, kb)), None)


def contradicts_periods(periods: tuple[str, ...], answer: list[Fact], stated: tuple[Claim, ...] = ()) -> bool:
    """The periods a question states ("1446년에 만들었잖아?") fit none of the dated facts that
    answer it (created in 1443)."""
    periods = (*periods, *(f"{int(c.value):04d}" for c in stated if c.year))
    dated = [f for f in answer if f.period or f.value.date]
    return bool(periods) and bool(dated) and not any(f.within(p) for f in dated for p in periods)


def contradicts_days(days: tuple[str, ...], answer: list[Fact]) -> bool:
    """The days a question states ("12월 20일에 열린다던데") are none of the full dates of the facts
    that answer it (19 December)."""
    said = {d[5:10] for f in answer if len(d := f.value.date or "") >= 10}
    if not said:  # (a day in the facts' words: "12월 10일 오후 6시까지")
        said = {day for f in answer for day in stated_days(normalize(f.statement.ko).split())}
    return bool(days) and bool(said) and not said & set(days)
