"""Readings reached from what a question names, when the index has no confident one.

The index ranks intents by their example questions; a curator's base has few, and a paraphrase it
never met ("필사 교실은 어느 세미나실에서 해요?", "What is the tuition for the adult class?") scores
low for every intent. The facts about the thing named still say the question's words (세미나실 A), so
every intent whose facts about it resolve is a reading, scored by how much of the question's own words
its facts say. The one reading that says clearly more than any other, at least REACHED_SHARE of
them, giving what is asked, is read as asked, at the answer line: every later check (what is asked,
the detail named, the premise) still applies.

Part of the Engine (mixed in); the decision (decide.py) asks it."""
from __future__ import annotations

from .answer import resolve
from .index import Candidate, _en_stem
from .lang import general_data
from .matcher import Analysis
from .text import is_hangul_word
from .rules import REACHED_LEAD, REACHED_SHARE

_OTHER_WORDS = frozenset(str(w) for w in general_data().get("other_words", ()))


class Reached:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _reached(self, a: Analysis) -> Candidate | None:
        """The one intent whose facts about what is named say most of the question's own words."""
        named = {m.entity for m in self._subjects(a)}
        content = list(dict.fromkeys(a.content))
        if not named or not content or self._asks_other(a):
            return None
        scored = sorted(((self._reached_share(a, intent, named, content), intent.id)
                         for intent in self._intents_naming(named)), reverse=True)
        if not scored or scored[0][0] < REACHED_SHARE:
            return None
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if scored[0][0] < runner_up + REACHED_LEAD:
            return None
        return Candidate(scored[0][1], self.thresholds.answer)

    def _asked_of(self, a: Analysis) -> Candidate | None:
        """The one intent of the whole base whose facts about what is named give what the question asks
        (when, who, money ...), when the index ranked none of those readings near the top ("Over what
        dates does the festival run?": the festival's one dated reading)."""
        named = {m.entity for m in self._subjects(a) or self._topics(a)}
        if not a.asks or not named or self._asks_other(a):
            return None
        fits = [i for i in self._intents_naming(named) if self._grounds(a, Candidate(i.id, 0.0), named)]
        if len(fits) != 1:
            return None
        res = resolve(self.kb, fits[0], a, self.matcher.says)
        said = _Said(set().union(*(self.matcher.says(f) for f in res.facts)))
        if any(not self._says_word(t, said) for t in (*a.content, *a.unknown) if t in a.unknown or self._is_thing_word(t)):
            return None  # (a thing the question names that these facts don't: 출간, 주차비)
        return Candidate(fits[0].id, self.thresholds.answer)

    def _is_thing_word(self, word: str) -> bool:
        """A Korean noun, or an English word of 4+ letters that is no general word."""
        m = self.matcher
        if is_hangul_word(word):
            return m.segmenter is not None and m.segmenter.is_noun(word) and len(word) >= 2
        return len(word) >= 4 and word.isalpha() and word not in m._common and word not in m.stopwords

    def _intents_naming(self, named: set[str]) -> list:
        """The intents with a fact about one of the named things or a part of one (the engine's
        `_intents_about`), in the base's order: the only ones a reading reached from them can be."""
        parts = {c for c in self.kb.entities for e in named if e in self.kb.ancestors(c)}
        found = {i.id for e in (*named, *parts) for i in self._intents_about.get(e, ())}
        return [i for i in self.kb.intents.values() if i.id in found and i.attributes]

    @staticmethod
    def _asks_other(a: Analysis) -> bool:
        """Does the question ask for a thing other than the one named ("다른 기록유산", "what else")?"""
        return bool(_OTHER_WORDS & set(a.words))

    def _reached_share(self, a: Analysis, intent, named: set[str], content: list[str]) -> float:
        """The share of `content` the intent's facts about what is named say (0 when it has none, or
        they don't give what is asked)."""
        res = resolve(self.kb, intent, a, self.matcher.says)
        if res.kind != "ok" or not res.facts or res.defaulted or not all(f.entities & named for f in res.facts):
            return 0.0
        if self._unmet_ask(a, intent, res) is not None:
            return 0.0
        said = _Said(set().union(*(self.matcher.says(f) for f in res.facts)))
        if not all(self._says_word(u, said) for u in self._unheard_nouns(a)):
            return 0.0  # a thing the base has never heard of, that these facts don't name either
        return sum(self._says_word(t, said) for t in content) / len(content)

    def _says_word(self, word: str, said: "_Said") -> bool:
        """Is the word, its typo's reading, its stem, or a Korean word it begins (세미나 -> 세미나실)
        among the words said?"""
        if word in said.words or self.matcher.index.nearest_token(word) in said.words:
            return True
        if word.isascii():
            return _en_stem(word) in said.stems
        return len(word) >= 2 and any(w.startswith(word) or (len(w) >= 2 and word.startswith(w)) for w in said.korean)


class _Said:
    """The words a reading's facts say, with their English stems and their Korean words, read once."""

    __slots__ = ("words", "stems", "korean")

    def __init__(self, words: set[str]):
        self.words = words
        self.stems = {_en_stem(w) for w in words if w.isascii()}
        self.korean = [w for w in words if not w.isascii()]
