"""Words of the same meaning: an unseen word read as the base's own word for the same thing.

General language (`lang/thesaurus.yaml`, shipped with the package) holds groups of words that can
replace each other in a question without changing what it asks (중단 · 중지 · 멈추 · halt · stop ·
suspend; 이유 · 까닭 · reason · why). A question's word that the knowledge base has never seen is read
as the base's own word of its group ("운항이 멈춘 건 언제" is read with the curator's "운항 중단 언제").

Only unseen words are read this way: words the base knows keep their own meaning, so a base that tells
a fee from a price (two intents, two words) still does; a group none of whose words the base knows
changes nothing. A base's own `synonyms` come first.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from .index import word_unit
from .lang import data_file
from .text import is_hangul_word, normalize

__all__ = ["Thesaurus", "general_groups"]


def _readable(word: str) -> bool:
    """A word a group can read: not one Hangul syllable (수, 비, 차 are too many words at once) nor
    an English word of two letters or fewer."""
    return len(word) >= 2 if is_hangul_word(word) else len(word) >= 3


@lru_cache(maxsize=1)
def general_groups() -> tuple[tuple[str, ...], ...]:
    """The shipped groups, each as its words normalised (YAML booleans and numbers left out); read
    once per process (about 50 ms)."""
    groups = data_file("thesaurus.yaml").get("groups") or []
    out = []
    for g in groups:
        words = tuple(dict.fromkeys(n for n in (normalize(w) for w in g if isinstance(w, str)) if n and _readable(n)))
        if len(words) >= 2:
            out.append(words)
    return tuple(out)


def _forms(word: str) -> set[str]:
    """Keys a word is looked up by: itself, and for a single English word the unit the index reads
    it as (stopped, stops -> stop), so an inflected form of a group word is found."""
    return {word} if " " in word or not word.isascii() else {word, word_unit(word)}


class Thesaurus:
    """Unseen words -> the base's known word of their group."""

    def __init__(self, groups: Iterable[tuple[str, ...]], known: Callable[[str], str | None],
                 reserved: Callable[[str], bool]):
        """`known(word)`: the base's token for a word it knows (by itself or its unit), else None;
        `reserved(word)`: a word that must not be read as another (a name, a stopword, a synonym)."""
        self._of: dict[str, str] = {}
        for group in groups:
            found = [(w, known(w)) for w in group]
            base_words = [t for _, t in found if t is not None]
            if not base_words:
                continue
            for w, t in found:
                target = _same_script(w, base_words)
                if target is None or t is not None or reserved(w):
                    continue
                for key in _forms(w):
                    self._of.setdefault(key, target)

    def __len__(self) -> int:
        return len(self._of)

    def read(self, forms: Iterable[str]) -> str | None:
        """The base's word for the first of a word's forms (as written, without its particle, its
        lemma) that belongs to a group, or None."""
        for f in forms:
            if f:
                hit = self._of.get(f) or (self._of.get(word_unit(f)) if f.isascii() else None)
                if hit is not None:
                    return hit
        return None


def _same_script(word: str, base_words: list[str]) -> str | None:
    """The base's first word of the group in the word's own script; for an English word the base
    has no English word of, its Korean word (the base's Korean examples then meet an English
    question); a Korean word is never read as an English one (지키 "keep safe" is not "follow":
    across scripts a group's senses part, and a Korean base's English words are few)."""
    hangul = is_hangul_word(word)
    same = next((t for t in base_words if is_hangul_word(t) == hangul), None)
    return same if same is not None or hangul else base_words[0]
