"""Entity linking: find the knowledge base's entities in a question, with typo tolerance.

A gazetteer over particle-stripped 1-3 word windows. Exact alias matches win; otherwise an edit
distance on jamo (Hangul) or letters (Latin), allowed only by alias length (0/1/2 edits), with
digits required to match and exact-match negatives (카카오톡 is not 카카오).
"""
from __future__ import annotations

import re
from functools import lru_cache

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from .knowledge import KnowledgeBase
from .text import digits, is_hangul_word, jamo, normalize, strip_particle

MAX_WINDOW = 5
# Ordinary English words one edit away from an alias; never read them as an entity.
_FUZZY_BLOCK = frozenset(
    "never nave navy paper later lever cover clever liner lines lane lone kayak cakao "
    "open opener cover clove glove".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str
    kind: str
    start: int  # word index, inclusive
    end: int  # word index, exclusive
    surface: str
    distance: int  # 0 = exact alias


def _edit_budget(key: str) -> int:
    """How many edits an alias of this shape tolerates."""
    if is_hangul_word(key):
        n = len(key)  # syllables
        return 0 if n <= 2 else 1 if n <= 4 else 2
    n = len(key)
    return 0 if n <= 3 else 1 if n <= 7 else 2


def _changes_a_short_alias(alias: str, cand: str) -> bool:
    """A Latin alias of four letters is no word one letter off it (shop is no typo of ship, nor show
    of shop: one letter is a quarter of the word); two letters swapped (gtp3 is gpt3) or a plural s
    (posts) still read as it."""
    return (not is_hangul_word(alias) and len(alias) <= 4 and sorted(alias) != sorted(cand)
            and cand != alias + "s")


def _common_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _alias_key(text: str) -> str:
    """The form an alias is looked up by: normalised, without spaces."""
    return normalize(text).replace(" ", "")


def _alias_tables(kb: KnowledgeBase) -> tuple[dict[str, str | None], dict[str, str]]:
    """(exact, fuzzy): alias key -> entity id, with None for a known non-entity (카카오톡 is not
    카카오); and the jamo of each alias key that tolerates edits -> entity id. The first entity
    to claim a key keeps it, and a non-alias overrides the aliases before it."""
    exact: dict[str, str | None] = {}
    fuzzy: dict[str, str] = {}
    for e in kb.entities.values():
        for alias in (e.name.ko, e.name.en, *e.aliases):
            key = _alias_key(alias)
            if key:
                exact.setdefault(key, e.id)
                if _edit_budget(key) > 0:
                    fuzzy.setdefault(jamo(key), e.id)
        for neg in e.not_aliases:
            key = _alias_key(neg)
            if key:
                exact[key] = None
    return exact, fuzzy


ROMAN_KEY_MIN = 5  # the fewest consonants a romanised name's key needs to be matched by it


@lru_cache(maxsize=8192)
def roman_key(text: str) -> str:
    """The consonants of a romanised Korean name, voiced and voiceless alike: the romanisations of
    one name share it (Park Jeong-hun, Park Jung-hoon -> prkjnghn; Lee Mi-kyung, Lee Mi-gyeong)."""
    s = re.sub(r"[^a-z]", "", text.casefold()).replace("ch", "j").replace("sh", "s")
    s = s.translate(str.maketrans("gbdl", "kptr"))
    s = re.sub(r"[aeiouyw]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


_VOWEL_SPELLINGS = (("eo", "u"), ("oo", "u"), ("ou", "u"), ("ee", "i"), ("yu", "u"), ("ye", "e"))


def _roman_spelling(part: str) -> str:
    """One spelling of a romanised syllable's vowels (jeong and jung, hoon and hun alike)."""
    for a, b in _VOWEL_SPELLINGS:
        part = part.replace(a, b)
    return part


def roman_alike(parts: list[str], alias_parts: tuple[str, ...]) -> bool:
    """Are two romanised names written part by part alike, each part at most one letter apart once
    the vowels are spelt one way ("Park Jeong-hun" and "Park Jung-hoon"; not "Hangul today" and
    "Hangul Day")?"""
    return len(parts) == len(alias_parts) and all(
        OSA.distance(_roman_spelling(p), _roman_spelling(q), score_cutoff=1) <= 1 for p, q in zip(parts, alias_parts))


def _split_roman(words: list[str]) -> list[str]:
    return [p for w in words for p in re.split(r"[^a-z]+", w.casefold()) if p]


def _initial(part: str) -> str:
    """A romanised part's first letter, voiced and voiceless alike (g and k, b and p ...)."""
    return roman_key(part[0] + "a")[:1] or part[0]


def _roman_parts(words: list[str]) -> tuple[str, tuple[str, ...]]:
    """A romanised name's key and the first letter of each of its parts (voiced and voiceless alike)."""
    parts = _split_roman(words)
    firsts = tuple(_initial(p) for p in parts)
    return roman_key("".join(parts)), firsts


def _roman_table(kb: KnowledgeBase) -> dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]] | None]:
    """(romanised key, first letters of its parts) -> entity, for English names written as proper
    names of two parts or more ("Park Jung-hoon", "Namhae Onnuri"; not "the new ship"); a key two
    entities share is no one's."""
    table: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]] | None] = {}
    for e in kb.entities.values():
        alias = e.name.en
        words = alias.split()
        if alias.isascii() and len(re.split(r"[\s-]+", alias)) >= 2 and all(w[:1].isupper() for w in words):
            key = _roman_parts(words)
            if len(key[0]) >= ROMAN_KEY_MIN:
                mine = (e.id, tuple(_split_roman(words)))
                table[key] = mine if key not in table else None
    return table


def _first_words(kb: KnowledgeBase) -> set[str]:
    """First words of every alias and non-alias, as written (카카오 for 카카오 브레인), and each one
    written without spaces."""
    first: set[str] = set()
    for e in kb.entities.values():
        for alias in (e.name.ko, e.name.en, *e.aliases, *e.not_aliases):
            ws = normalize(alias).split()
            if ws:
                first.add(ws[0])
                first.add("".join(ws))
    return first


class Gazetteer:
    def __init__(self, kb: KnowledgeBase):
        # alias key -> entity id (None = a known non-entity); jamo of a typo-tolerant key -> entity id
        self._exact, fuzzy = _alias_tables(kb)
        self._kind = {e.id: e.kind for e in kb.entities.values()}
        self._fuzzy_keys = list(fuzzy)
        self._fuzzy_ids = [fuzzy[k] for k in self._fuzzy_keys]
        # typo-tolerant keys grouped by (first jamo, length) with their position in _fuzzy_keys
        self._fuzzy_groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for idx, key in enumerate(self._fuzzy_keys):
            self._fuzzy_groups.setdefault((key[0], len(key)), []).append((key, idx))
        self._fuzzy_cache: dict[str, tuple[str, int] | None] = {}
        self._max_key = max((len(k) for k in self._exact), default=0) + 2
        self._first = _first_words(kb)
        self._roman = _roman_table(kb)
        self._roman_sizes = frozenset(len(parts) for _, parts in filter(None, self._roman.values()))
        self._roman_firsts = frozenset(firsts[0] for _, firsts in self._roman)
        # Hangul aliases of 2+ syllables, longest first, for glued words (카카오브레인논문).
        self._prefixes = sorted(
            (k for k, v in self._exact.items() if v and is_hangul_word(k) and len(k) >= 2),
            key=len,
            reverse=True,
        )
        self._prefixes_by_first: dict[str, list[str]] = {}
        for p in self._prefixes:  # longest first, grouped by first syllable
            self._prefixes_by_first.setdefault(p[0], []).append(p)
        # (and each Hangul word of a name: 세미나실 of "세미나실 A" is a noun, never 세미 + the particle 나)
        words = {w for ent in kb.entities.values() for name in (ent.name.ko, *ent.aliases) for w in normalize(name).split()}
        self.protect = frozenset(k for k in {*self._exact, *(w for w in words if len(w) >= 2)} if is_hangul_word(k))

    @property
    def aliases(self) -> frozenset[str]:
        return frozenset(self._exact)

    def kind(self, entity_id: str) -> str:
        return self._kind[entity_id]

    def _candidates(self, window: list[str]) -> list[str]:
        joined = "".join(window)
        stripped = "".join(window[:-1]) + strip_particle(window[-1])
        return [joined] if stripped == joined else [joined, stripped]

    def _fuzzy(self, cand: str) -> tuple[str, int] | None:
        try:
            return self._fuzzy_cache[cand]
        except KeyError:
            pass
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        hit = self._fuzzy_cache[cand] = self._fuzzy_uncached(cand)
        return hit

    def _fuzzy_uncached(self, cand: str) -> tuple[str, int] | None:
        if cand in _FUZZY_BLOCK or len(cand) < 3 or not self._fuzzy_keys:
            return None
        budget = _edit_budget(cand)
        if budget == 0:
            return None
        j = jamo(cand)
        # only aliases that start with the same letter (or first jamo: typos rarely hit it) and
        # whose length is within the edit budget can be close enough
        hits = []
        for length in range(len(j) - budget, len(j) + budget + 1):
            for key, idx in self._fuzzy_groups.get((j[0], length), ()):
                dist = OSA.distance(j, key, score_cutoff=budget)
                if dist <= budget:
                    hits.append((dist, key, idx))
        # equally close: the alias that shares the longer start with the word, then the one nearer
        # its length ("sejon" is Sejong, not Sejo)
        hits.sort(key=lambda h: (h[0], -_common_start(j, h[1]), abs(len(h[1]) - len(j)), h[1]))
        for dist, key, idx in hits:
            alias = normalize_key_from_jamo(key)
            if digits(alias) != digits(cand):
                continue
            if dist > _edit_budget(alias) or (dist and _changes_a_short_alias(alias, cand)):
                continue
            if is_hangul_word(alias) != is_hangul_word(cand):
                continue
            return self._fuzzy_ids[idx], int(dist)
        return None

    def link(self, words: list[str], known: Callable[[str], bool] | None = None) -> tuple[list[Mention], list[str]]:
        """Find mentions in normalised words. Returns (mentions, words) where glued words
        (카카오브레인논문) may have been split so the remainder stays a word of its own.

        `known(word)` says whether a word is ordinary vocabulary of the base: such words (논문,
        papers) are never read as a typo of an entity name."""
        words = self._split_glued(words)
        n = len(words)
        taken = [False] * n
        mentions: list[Mention] = []
        # a window can match exactly only if it starts with the first word of some alias
        starts = [w in self._first or strip_particle(w) in self._first for w in words]
        ordinary = [bool(known and not w.isdigit() and known(w)) for w in words]
        exact_word = [w in self._exact or strip_particle(w) in self._exact for w in words]

        def take(i: int, size: int, ent: str | None, dist: int) -> None:
            for k in range(i, i + size):
                taken[k] = True
            if ent is not None:
                mentions.append(Mention(ent, self._kind[ent], i, i + size, " ".join(words[i : i + size]), dist))

        # longest window first; for each size exact aliases first, then typo-tolerant ones
        for size in range(MAX_WINDOW, 0, -1):
            self._link_windows(words, size, taken, (starts, ordinary, exact_word), take)
        mentions.sort(key=lambda m: m.start)
        return mentions, words

    def _link_windows(self, words: list[str], size: int, taken: list[bool],
                      flags: tuple[list[bool], list[bool], list[bool]], take: Callable[[int, int, str | None, int], None]) -> None:
        """The windows of one size: exact aliases, then typos of them, then other romanisations."""
        starts, ordinary, exact_word = flags
        spans = range(0, len(words) - size + 1)
        for i in spans:
            if starts[i] and not any(taken[i : i + size]):
                key = self._exact_key(words[i : i + size])
                if key is not None:
                    take(i, size, self._exact[key], 0)
        for i in spans:
            if not (any(taken[i : i + size]) or any(ordinary[i : i + size])):
                hit = self._fuzzy_window(words[i : i + size], exact_word[i : i + size])
                if hit is not None:
                    take(i, size, hit[0], hit[1])
        for i in spans if self._roman else ():
            if not any(taken[i : i + size]):
                ent = self._romanised(words[i : i + size], ordinary[i : i + size])
                if ent is not None:
                    take(i, size, ent, 2)

    def _exact_key(self, window: list[str]) -> str | None:
        """The window's alias or non-alias key (as written, else its last word's particle stripped)."""
        for cand in self._candidates(window):
            if cand in self._exact:
                return cand
        return None

    def _fuzzy_window(self, window: list[str], exact_words: list[bool]) -> tuple[str, int] | None:
        """(entity id, edits) of the alias the window is a typo of, or None; `exact_words` says
        which of its words are aliases or non-aliases themselves."""
        for cand in self._candidates(window):
            if len(cand) > self._max_key:
                continue  # longer than any alias
            hit = self._fuzzy(cand)
            # "hyperclova vs" is HyperCLOVA and a word, not a two-edit typo of it
            if hit is not None and len(window) > 1 and hit[1] > 1 and any(exact_words):
                hit = None
            if hit is not None:
                return hit
        return None

    def _romanised(self, window: list[str], ordinary: list[bool]) -> str | None:
        """The entity a Latin name of two words or more is another romanisation of ("Park Jeong-hun"
        for "Park Jung-hoon"), when some word of it is no word of the base ("park" may be one)."""
        if len(window) not in self._roman_sizes or all(ordinary):
            return None  # (cheap checks first: this runs for every window of every question)
        joined = "".join(window)
        if not (joined.isascii() and joined.isalpha()) or _initial(window[0]) not in self._roman_firsts:
            return None
        hit = self._roman.get(_roman_parts(window))
        return hit[0] if hit is not None and roman_alike(_split_roman(window), hit[1]) else None

    def _split_glued(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for w in words:
            if is_hangul_word(w) and w not in self._exact and strip_particle(w) not in self._exact:
                for p in self._prefixes_by_first.get(w[0], ()):
                    if w.startswith(p) and len(w) > len(p):
                        rest = w[len(p):]
                        if len(strip_particle(rest)) <= 3:
                            out.extend((p, rest))
                            break
                else:
                    out.append(w)
            else:
                out.append(w)
        return out


def normalize_key_from_jamo(key: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", key)
