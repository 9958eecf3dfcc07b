"""What a count asks to count, and whether a fact counts it.

"회수 차량은 몇 대 운행하나요?" counts vehicles (대); the facts that answer give the time limit (3시간)
and no count of vehicles, so the count is not given. The counter words that count anything (개, 번)
or ask something else (몇 시, 몇 년, 몇 %) are general language (`counting` in general.yaml).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .knowledge import Fact, KnowledgeBase
from .lang import general_data
from .text import BARE_PARTICLES, is_hangul_word, normalize, strip_particle

_FIGURE = r"(?:\d[\d,.]*|{words})"


@lru_cache(maxsize=1)
def _data() -> tuple[frozenset[str], tuple[str, ...]]:
    d = general_data().get("counting", {})
    return frozenset(normalize(str(w)) for w in d.get("any", ())), tuple(normalize(str(w)) for w in d.get("numbers", ()))


@lru_cache(maxsize=1)
def _same() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in general_data().get("counting", {}).get("same", ()):
        forms = frozenset(normalize(str(w)) for w in group)
        for w in forms:
            out[w] = out.get(w, frozenset()) | forms
    return out


def forms(counter: str, variants: Sequence[str] = ()) -> tuple[str, ...]:
    """The ways a fact may write the thing counted: the word, the counters that count the same
    things (편 and 건), and the base's synonyms of it (`variants`: paper, papers, 논문)."""
    out = {counter, *_same().get(counter, ()), *(_stem(normalize(v)) for v in variants)}
    return tuple(sorted(w for w in out if w))


def _stem(word: str) -> str:
    """The form a counted word is compared by: a Korean word without its particle, an English one
    without a plural s."""
    if is_hangul_word(word):
        return strip_particle(word)
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def counted(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """The things a question counts, each as the words that may name it: the word after 몇 (glued
    몇대 too), or the words of the noun after "how many" ("how many international conferences":
    international or conferences; "how many papers each": papers or each)."""
    out = []
    for i, w in enumerate(words):
        if w == "몇" and i + 1 < len(words):
            thing = _as_group(_korean_counter(words[i + 1]))
        elif w.startswith("몇") and len(w) > 1 and is_hangul_word(w):
            thing = _as_group(_korean_counter(w[1:]))
        elif w == "many" and i > 0 and words[i - 1] == "how":
            thing = _english_counted(words[i + 1 : i + 4])
        else:
            continue
        if thing:
            out.append(thing)
    return tuple(dict.fromkeys(out))


def _korean_counter(word: str) -> str | None:
    """The counter a word after 몇 starts with (건이었는지 -> 건, 대가 -> 대); None for one that
    counts anything or asks something else (개, 월이었더라, 퍼센트엿어)."""
    generic, _ = _data()
    known = sorted({*generic, *_same()}, key=len, reverse=True)
    lead = next((c for c in known if is_hangul_word(c) and word.startswith(c)), None)
    if lead is not None:
        return None if lead in generic else lead
    if not is_hangul_word(word) or word in BARE_PARTICLES:
        return None  # ("몇 %에게" is read as 몇 에게)
    stem = strip_particle(word)
    if len(word) == 2 and word[1] in "이가은는을를도에":
        stem = word[0]  # 몇 대가
    return stem or None


def _as_group(word: str | None) -> tuple[str, ...]:
    return (word,) if word else ()


def _english_counted(after: Sequence[str]) -> tuple[str, ...]:
    """The words of the noun phrase after "how many", up to a verb or a preposition; any of them
    may be the thing counted (no part-of-speech tagger tells which)."""
    generic, _ = _data()
    phrase: list[str] = []
    for w in after:
        if w in generic or not w.replace("-", "").isalpha():
            break
        phrase.extend(dict.fromkeys((w, _stem(w))))
    return tuple(phrase)


def is_counter(word: str) -> bool:
    """A counter word of the general language (명, 곳, 대)."""
    return word in _same()


@lru_cache(maxsize=4096)
def _pattern(counter: str) -> re.Pattern[str]:
    _, numbers = _data()
    figure = _FIGURE.format(words="|".join(sorted(map(re.escape, numbers), key=len, reverse=True)))
    if is_hangul_word(counter):
        return re.compile(rf"{figure}\s*{re.escape(counter)}")
    # "120 safety staff", "7 of the items are scale models", "42 m": the word a few words after the
    # figure, not past a preposition ("112 papers at global conferences" counts papers)
    return re.compile(rf"\b{figure}\s*(?:(?!(?:at|in|on|across|for|from|by|with|to|per|into)\b)[\w-]+\s+){{0,5}}"
                      rf"{re.escape(counter)}", re.IGNORECASE)


def counts(kb: KnowledgeBase, fact: Fact, counters: Sequence[str]) -> bool:
    """Does the fact hold a figure of one of `counters` (the forms of one counted thing): in its
    words, or as its unit?"""
    unit = kb.lexicon.units.get(fact.value.unit or "")
    if fact.value.number is not None and unit is not None:
        named = {_stem(normalize(u)) for u in (unit.ko, unit.en) if u.strip()}
        if any(c == u or (len(u) >= 3 and c.startswith(u)) for c in counters for u in named):
            return True
    texts = [fact.statement.ko, fact.statement.en, fact.quote or ""]
    if fact.value.text:
        texts += [fact.value.text.ko, fact.value.text.en]
    texts = [normalize(t) for t in texts if t]
    return any(_pattern(c).search(t) for c in counters for t in texts)


def count_forms(matcher, words: Sequence[str]) -> tuple[str, ...]:
    """How facts may write one counted thing named by any of `words`: each word, its typo-read or
    synonym token by the matcher and that token's variants ("papres" -> 논문, paper, papers). (Kept
    per matcher: each reading of a question asks again.)"""
    cache = matcher.__dict__.setdefault("_count_forms", {})
    key = tuple(words)
    if key not in cache:
        if len(cache) > _FORMS_KEPT:
            cache.clear()
        cache[key] = _count_forms(matcher, key)
    return cache[key]


_FORMS_KEPT = 4096


def _count_forms(matcher, words: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    index = matcher.index
    for w in words:
        canon = [t for t in matcher.tokens(w)[0] if not t.startswith("<")]
        canon += [n for t in canon if t.isascii() and not index.token_known(t) for n in [index.nearest_token(t)] if n]  # (pepole -> people)
        out.extend(forms(w, [*canon, *(v for c in canon for v in matcher.variants(c))]))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _ordinals() -> frozenset[str]:
    return frozenset(normalize(str(w)) for w in general_data().get("counting", {}).get("ordinal", ()))


def picked(words: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The figures a question names one of several by ("10km 2위 상금" -> (2, 위); "3번 출구")."""
    ordinals = _ordinals()
    out = []
    for w, nxt in zip(words, words[1:]):
        if w.isdigit() and (nxt in ordinals or strip_particle(nxt) in ordinals):
            out.append((w, strip_particle(nxt) if is_hangul_word(nxt) else nxt))
    return tuple(dict.fromkeys(out))


def names_pick(fact: Fact, pick: tuple[str, str]) -> bool:
    """Does the fact's statement name the figure and its counter ("2위에게")? (Not its quote: one
    sentence of the source may give both prizes.)"""
    counters = tuple(_same().get(pick[1], {pick[1]}))  # (2등 is 2위)
    for text in (fact.statement.ko, fact.statement.en):
        words = normalize(text).split()
        if any(w == pick[0] and nxt.startswith(counters) for w, nxt in zip(words, words[1:])):
            return True
    return False
