"""Text normalisation for Korean and English questions.

Pure functions, no state: cleaning hostile input, language detection, normalisation (NFKC, casefold,
punctuation/emoji, full-width forms), Korean particle/ending stripping with a protect list, and jamo
decomposition for typo-tolerant comparison.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable

MAX_QUESTION_CHARS = 500

_HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Bidi controls, zero-width characters, BOM, soft hyphen, word joiner, variation selectors, tags.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_RE = re.compile(r"\s+")
# A word character run, keeping decimals (37.5) and percentages (40%) together.
_TOKEN_RE = re.compile(
    r"\d+(?:[.,]\d+)*%?|[\uac00-\ud7a3\u3131-\u318e]+|[^\W\d_\uac00-\ud7a3\u3131-\u318e]+"
)


def _strip_invisible(text: str) -> str:
    """Remove format (Cf), surrogate, private-use and unassigned characters and Hangul fillers:
    zero-width spaces and joiners, bidi overrides, BOM, tags, interlinear annotation marks..."""
    text = _INVISIBLE_RE.sub("", text)
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in _DROP_CATEGORIES)


_DROP_CATEGORIES = frozenset({"Cf", "Cs", "Co", "Cn"})


def detect_lang(text: str) -> str:
    """'ko' if the text holds any Hangul, else 'en'."""
    return "ko" if _HANGUL_RE.search(text) else "en"


def _strip_combining_floods(text: str, keep: int = 2) -> str:
    """Drop combining marks (Mn, Mc, Me: accents, enclosing circles) beyond `keep` in a row (Zalgo
    text); Hangul syllables are composed by NFC first, so they are not marks."""
    out: list[str] = []
    run = 0
    for ch in text:
        if unicodedata.category(ch)[0] == "M":
            run += 1
            if run > keep:
                continue
        else:
            run = 0
        out.append(ch)
    return "".join(out)


def clean_input(text: str, limit: int = MAX_QUESTION_CHARS) -> tuple[str, bool]:
    """Make untrusted input safe to process and show.

    Returns (cleaned text, truncated?). Removes control, zero-width and bidi-override characters,
    caps combining-mark runs, collapses whitespace and keeps the first `limit` characters.
    """
    if not isinstance(text, str):
        text = str(text)
    text = _CONTROL_RE.sub(" ", text)
    text = _strip_invisible(text)
    text = unicodedata.normalize("NFC", text)
    text = _strip_combining_floods(text)
    text = _SPACE_RE.sub(" ", text).strip()
    if len(text) > limit:
        return text[:limit].rstrip(), True
    return text, False


def normalize(text: str) -> str:
    """NFKC + casefold; punctuation, symbols and emoji become spaces; whitespace collapsed.

    Full-width forms (ＫＡＫＡＯ, ４０) fold to ASCII through NFKC. Hyphens split words
    (GPT-3 -> "gpt 3"); entity aliases are normalised the same way and compared without spaces.
    """
    text = _strip_invisible(text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _POSSESSIVE_RE.sub("", text)  # kakao's -> kakao
    return " ".join(_TOKEN_RE.findall(text))


_POSSESSIVE_RE = re.compile(r"(?<=[a-z0-9])['’]s\b")


def words(text: str) -> list[str]:
    """Normalised surface tokens (no particle stripping)."""
    return normalize(text).split()


def is_hangul_word(token: str) -> bool:
    return bool(token) and all("\uac00" <= ch <= "\ud7a3" for ch in token)


# Particles (josa), copulas and common sentence endings, longest first when matched. Stripping is
# deliberately conservative: a word listed in `protect` (entity aliases, vocabulary) is never cut.
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            # particles
            "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께", "께서", "한테", "한테서",
            "로", "으로", "와", "과", "랑", "이랑", "하고", "도", "만", "까지", "부터", "보다", "처럼",
            "이나", "나", "이란", "란", "에는", "에서는", "으로는", "로는", "와는", "과는", "이라는",
            "라는", "에서도", "에도", "으로도", "로도", "만큼", "마다", "이며", "며", "이고", "밖에",
            "에서의", "과의", "와의", "로서", "으로서", "로써", "으로써", "이라고", "라고", "이든", "든",
            "조차", "마저", "뿐", "께서는", "에게서", "이면", "라면", "이라면", "인", "엔",
            "이었다", "였다", "이었다며", "였다며", "이라며", "라며", "이었대", "였대",
            # 하다/되다 after a noun (확장하면 -> 확장, 공개된다고 -> 공개)
            "하면", "되면", "한다고", "된다고", "했다고", "됐다고", "하게", "되게", "한다는", "된다는", "한다는게",
            "된다는게", "한다는건", "된다는건", "한다던", "된다던", "하기로", "하려고", "하려는", "했다던데", "했다며",
            "했다는데", "했다던", "했다고",
            # copulas and endings on nouns
            "이야", "야", "이에요", "예요", "에요", "이었어", "였어", "이었나", "였나", "였지", "이었지",
            "인가요", "인가", "인지", "입니까", "입니다", "이다", "다", "인데", "이죠", "죠", "이지",
            "임", "이냐", "냐", "이니", "니", "이래", "래", "이었음", "였음", "이었어요", "였어요",
            "이었나요", "였나요", "일까", "일까요", "이야?", "인거야", "인거", "인건",
            # verb/adjective endings (the stem stays: 냈어 -> 냈, 올렸음 -> 올렸)
            "어", "아", "어요", "아요", "나요", "가요", "까요", "지요", "지", "음", "요", "습니까",
            "습니다", "ㅂ니다", "니까", "는지", "은지", "을까", "을까요", "나", "냐고", "대", "대요",
            "던", "던가", "던가요", "었어", "았어", "었나", "았나", "었지", "았지", "었음", "았음",
            "었어요", "았어요", "었나요", "았나요", "었니", "았니", "었냐", "았냐", "어줘", "아줘",
            "줘", "주세요", "줄래", "줄래요", "려줘", "려주세요", "해줘", "해주세요", "했어", "했나",
            "했지", "했음", "했나요", "했어요", "했니", "했냐", "했대", "한", "할", "하는", "했던",
            "된", "되는", "됐어", "됐나", "됐음", "됐나요", "되었나요", "인지요",
            # chat spellings of 됐 (됫, 됬) and the bare past stem after a noun (포함됐 -> 포함)
            "됐", "됫", "됬", "됫어", "됬어", "됫나", "됬나", "됫음", "됬음", "됫나요", "됬나요", "됐지", "됫지",
        }
        ,
        key=len,
        reverse=True,
    )
)
# Common nouns that end in a syllable that is also a particle or ending (결과 is not 결 + 과).
COMMON_NOUNS = frozenset(
    "결과 성과 챌린지 이미지 정도 속도 연도 년도 차이 사이 길이 하노이 헬스케어 소프트웨어 하드웨어 "
    "미디어 아이디어 분야 평가 국가 전문가 페이지 메시지 지도 제도 나이 거리 시기 주기 크기 얼마 "
    "기업가 투자 교수 대표 가치 비디오 오디오 라디오 시나리오 영어 한국어 언어 단어 자연어 외국어 "
    "카카오 라인 파파고 뉴립스".split()
)
_ONE_CHAR_NEEDS_LONG_STEM = frozenset("이가도나야요어아지음다래대니한할된든던며인엔")


def _past_stem(stem: str) -> bool:
    """A one-syllable verb stem in the past tense (냈, 했, 됐, 올렸's 렸): final consonant ㅆ."""
    ch = stem[-1]
    return "가" <= ch <= "힣" and (ord(ch) - 0xAC00) % 28 == 20


def strip_particle(token: str, protect: frozenset[str] | set[str] = frozenset()) -> str:
    """Strip one Korean particle or ending from a Hangul word: 카카오는 -> 카카오, 냈나요 -> 냈.

    Words in `protect` (entity aliases and known vocabulary) are kept whole; the stem must keep at
    least one syllable (two for ambiguous one-syllable endings such as 이/가/도).
    """
    if token in protect:
        return token
    return _strip_cached(token)


_SUFFIX_SET = frozenset(_SUFFIXES)
_BY_LAST: dict[str, tuple[str, ...]] = {}
for _suf in _SUFFIXES:  # longest first within each last syllable
    _BY_LAST[_suf[-1]] = (*_BY_LAST.get(_suf[-1], ()), _suf)


@lru_cache(maxsize=65536)
def _strip_cached(token: str) -> str:
    if not is_hangul_word(token) or token in COMMON_NOUNS:
        return token
    for n in range(len(token) - 1, 1, -1):  # 성과는 -> 성과 (not 성 + 과는)
        if token[:n] in COMMON_NOUNS and token[n:] in _SUFFIX_SET:
            return token[:n]
    for suf in _BY_LAST.get(token[-1], ()):
        if len(suf) >= len(token) or not token.endswith(suf):
            continue
        stem = token[: -len(suf)]
        if len(suf) == 1 and suf in _ONE_CHAR_NEEDS_LONG_STEM and len(stem) < 2 and not _past_stem(stem):
            continue
        return stem
    return token


def stem_tokens(tokens: Iterable[str], protect: frozenset[str] | set[str] = frozenset()) -> list[str]:
    return [strip_particle(t, protect) for t in tokens]


def jamo(text: str) -> str:
    """Decompose Hangul syllables into jamo (카캌오 -> ᄏ ᅡ ᄏ ᅡ ᆿ ᄋ ᅩ) for typo-tolerant distances."""
    return unicodedata.normalize("NFD", text)


def has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


BARE_PARTICLES = frozenset("은 는 이 가 을 를 의 에 에서 로 으로 와 과 도 만 랑 이랑 에는 에게 한테 하고 보다".split())


def tokenize(text: str, protect: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Normalised, particle-stripped tokens: the unit the intent index scores on.

    A particle standing alone (after a Latin word: "data는" -> "data", "는") is dropped.
    """
    return [t for t in stem_tokens(words(text), protect) if t not in BARE_PARTICLES]


# Korean syllables that end verb forms (했/였/렸 and chat spellings 햇/엿/렷, 다, 지, 데, 음 ...).
_VERBAL_LAST = frozenset("다지데요음임거게고며면서니냐래대던든져죠함됨햇엿렷됫왓갓냇켓셧쓰듯듯까나야여")
_EN_VERBAL = ("ing", "ed", "ly", "ize", "ise")


def looks_verbal(tok: str) -> bool:
    """Does the token look like a verb form by its ending (했다, 냈대, 나왔더라; booking, released)?"""
    if is_hangul_word(tok):
        last = tok[-1]
        if last in _VERBAL_LAST or (ord(last) - 0xAC00) % 28 in (19, 20):  # final ㅅ/ㅆ
            return True
        # a past tense inside the word: 나왔더라, 냈었는데, 됐다던 (nouns hardly ever hold a ㅆ)
        return any((ord(ch) - 0xAC00) % 28 in (19, 20) for ch in tok[:-1])  # (and chat's 햇어, 냇대)
    return tok.endswith(_EN_VERBAL) and len(tok) > 4
