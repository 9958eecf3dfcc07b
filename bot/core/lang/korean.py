"""Korean written without spaces, split into words with a morphological analyser.

"하이퍼클로바언제공개했어" is one whitespace token; the rest of the pipeline (entity linking, particle
stripping, the intent index) reads words. `Segmenter.split` cuts such a token at the base's own
names first (an analyser splits unknown compounds: 카카오엔터프라이즈 -> 카카오/엔터/프라이즈), then
lets python-mecab-ko (bundled dictionary: 0.01 s to load, ~0.06 ms a call) split the rest into
morphemes, and groups them back into words: a content morpheme (noun, verb, adverb, determiner)
starts a word, particles, endings and suffixes stay on it (논문몇편임 -> 논문 / 몇 / 편임). Without
the analyser (a platform with no wheel) words are left as they are.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import lru_cache

log = logging.getLogger(__name__)

# A token shorter than this is split only into words the pipeline knows (논문몇건 -> 논문 몇 건; a
# misspelt 네이보가 stays whole for the fuzzy entity linker); from this length on, into any words.
MIN_RUN_CHARS = 5
MIN_SPLIT_CHARS = 3
# Tags of morphemes that attach to the word before them (particles, endings, suffixes, copula).
_ATTACHING = ("J", "E", "XS", "VCP", "VCN", "VX")


@lru_cache(maxsize=1)
def _analyser():
    try:
        import mecab  # python-mecab-ko

        return mecab.MeCab()
    except Exception as exc:  # noqa: BLE001 (no wheel for this platform, dictionary missing...)
        log.warning("Korean analyser unavailable (%s): text written without spaces is read as is", exc)
        return None


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    analyser = _analyser()
    if analyser is None:
        return word
    try:
        first = analyser.parse(word)[0]
    except Exception:  # noqa: BLE001 (the analyser must never take a question down)
        return word
    pos, expression = first.feature.pos or "", first.feature.expression
    if pos.startswith(("VV", "VA")):
        return expression.split("/", 1)[0] if expression else first.surface
    if pos.startswith(("NNG", "NNP")):
        return first.surface  # 공개했 -> 공개
    return word


@lru_cache(maxsize=65536)
def _pos(word: str) -> tuple[tuple[str, str], ...] | None:
    """The analyser's (surface, tag) morphemes of a word; None without an analyser or when it fails."""
    analyser = _analyser()
    if analyser is None:
        return None
    try:
        return tuple(analyser.pos(word))
    except Exception:  # noqa: BLE001 (the analyser must never take a question down)
        log.exception("Korean analyser failed on a %d-character word", len(word))
        return None


def _hangul(token: str) -> bool:
    return bool(token) and all("\uac00" <= ch <= "\ud7a3" for ch in token)


def _group(morphemes: Iterable[tuple[str, str]]) -> list[str] | None:
    """Morphemes -> words; None when the analyser did not know a piece (a misspelt name)."""
    words: list[str] = []
    last = ""
    for surface, tag in morphemes:
        if tag == "UNKNOWN":
            return None
        if words and tag.startswith(_ATTACHING):
            words[-1] += surface
        else:
            words.append(surface)
        last = tag
    if last == "XPN" and len(words) >= 2:
        # a prefix with nothing after it is a suffix the analyser misread (참가비 -> 참가 + 비): one word
        words[-2:] = [words[-2] + words[-1]]
    return words


class Segmenter:
    """Splits runs of Korean words written together, keeping the base's names whole.

    `names` are the base's words that must stay one piece (entity aliases, protected words, without
    spaces); `known(word)` says whether the pipeline already reads a token as it is.
    """

    def __init__(self, names: Iterable[str], known: Callable[[str], bool]):
        self._names = sorted({n for n in names if _hangul(n) and len(n) >= 2}, key=lambda n: (-len(n), n))
        self._known = known
        self._cache: dict[str, tuple[str, ...]] = {}

    def split_all(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        for t in tokens:
            out.extend(self.split(t))
        return out

    def split(self, token: str) -> tuple[str, ...]:
        hit = self._cache.get(token)
        if hit is None:
            hit = self._split(token)
            if len(self._cache) < 65536:
                self._cache[token] = hit
        return hit

    def _split(self, token: str) -> tuple[str, ...]:
        if len(token) < MIN_SPLIT_CHARS or not _hangul(token) or self._known(token):
            return (token,)
        pieces = self._at_names(token)
        words: list[str] = []
        for piece, is_name in pieces:
            if is_name or (len(piece) >= 2 and self._known(piece) and not (words and self._attaches(piece))):
                words.append(piece)  # (a name, or a word the base knows as it stands: 참가비, never 참 + 가비)
                continue
            grouped = self._analyse(piece)
            if grouped is None:
                return (token,)
            if words and grouped and grouped[0] and self._attaches(grouped[0]):
                words[-1] += grouped.pop(0)  # 민달리 + 는 ...
            words.extend(grouped)
        if len(words) < 2 or (len(token) < MIN_RUN_CHARS and not all(self._known(w) for w in words)):
            return (token,)
        return tuple(words)

    def _at_names(self, token: str) -> list[tuple[str, bool]]:
        """The token cut at the names it holds, leftmost first, longest at a place: [(piece, is_name)]."""
        best: tuple[int, int, str] | None = None  # (start, -length, name)
        for name in self._names:
            if len(name) >= len(token):
                continue
            at = token.find(name)
            if at >= 0 and (best is None or (at, -len(name), name) < best):
                best = (at, -len(name), name)
        if best is None:
            return [(token, False)]
        at, _, name = best
        before, after = token[:at], token[at + len(name):]
        return [*(self._at_names(before) if before else []), (name, True), *(self._at_names(after) if after else [])]

    @staticmethod
    def _analyse(piece: str) -> list[str] | None:
        morphemes = _pos(piece)
        return None if morphemes is None else _group(morphemes)

    def stem(self, word: str) -> str:
        """The word without the particles and endings the analyser finds after its last content
        morpheme (냈다던데 -> 냈, 공개했다던데 -> 공개); the word itself when there are none."""
        if not _hangul(word) or len(word) < 2:
            return word
        morphemes = _pos(word) or ()
        keep = [i for i, (_, tag) in enumerate(morphemes) if not tag.startswith(_ATTACHING) and tag != "UNKNOWN"]
        if keep and all(tag != "UNKNOWN" for _, tag in morphemes):
            return "".join(s for s, _ in morphemes[: keep[-1] + 1]) or word
        return word

    @staticmethod
    def lemma(word: str) -> str:
        """The dictionary form of a verb or adjective (빠진, 빠졌 -> 빠지; 됐어 -> 되), the noun of a
        noun made a verb (공개했 -> 공개); the word itself otherwise."""
        return _lemma(word) if _hangul(word) and len(word) >= 2 else word

    @staticmethod
    def is_noun(word: str) -> bool:
        """The analyser reads the word as one noun (or a run of nouns)."""
        morphemes = _pos(word) if _hangul(word) else None
        return bool(morphemes) and all(tag.startswith(("NNG", "NNP")) for _, tag in morphemes)

    @staticmethod
    def _attaches(word: str) -> bool:
        """A word that is only a particle or ending (는, 이랑): it belongs to the name before it."""
        morphemes = _pos(word)
        return bool(morphemes) and all(tag.startswith(_ATTACHING) for _, tag in morphemes)
