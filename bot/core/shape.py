"""The shape of a question, read from its words before any reading: the parts of a message (two
questions in one, a scene set before the question), the operation it asks (a sum, a difference), and
whether it asks two things at once. The results are fields of the Query (matcher.Analysis); later
stages read those, not the text."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .periods import _MONTH_NAMES

# Two questions joined in one: "X and Y?", "X하고 Y는?", "X, 그리고 Y", "각각"
_MULTI_RE = re.compile(
    r"\band\b|\bplus\b|\bas well as\b|그리고|및|각각|고,|\?.+\?|,\s*(what|how|when|which|who|몇|언제|어디)"
    r"|몇.+몇|언제.+몇|몇.+언제"
)

# "added up": 합치면, 합계, combined, in total (a sum of the figures the answer gives)
_TOTAL_RE = re.compile(r"합치|합친|합쳐|합계|합산|총합|더하면|더한|\b(?:combined|in total|altogether|sum|add up|added up|together)\b")

# "how far apart": 차이, 몇 %p, difference, gap
_DIFFERENCE_RE = re.compile(
    r"차이|차는|%p|퍼센트포인트|포인트|얼마나? 더(?:\s|$)|몇 ?[가-힣]{0,2} 더(?:\s|$)"
    # a change asked by how much it is ("몇 석 늘었어?", "몇 분 줄었어?", "얼마 아껴요?", "몇 건 증가")
    r"|(?:몇|얼마)\S*\s+(?:\S+\s+)?(?:늘었|늘어났|늘어|늘린|줄었|줄어들|줄어|줄인|증가|감소|단축|아껴|아낄|아끼|절약|싸|저렴"
    r"|오르|올라|오른|인상|내려|내리|인하|비싸)"
    r"|보다 (?:몇|얼마)"
    r"|\b(?:difference|gap|how much more|how much higher|points"
    r"|how many (?:more|fewer|less)|how much (?:bigger|larger|higher|lower|less|cheaper|faster|shorter|longer|smaller|further)"
    r"|by how (?:much|many)|how much (?:do|does|did|would|will|can) (?:i|you|we|they|he|she|one|people|a \w+|an \w+) sav\w*"
    r"|how (?:much|many) (?:\w+ ){0,3}(?:increase|decrease|grow|grew|rise|rose|drop|fell|fall|shrink|shrank)\w*)\b")

_RIDER_RE = re.compile(r"\band (?:by )?how (?:much|many)\b|\band (?:what(?: is|s)? )?(?:the )?(?:gap|difference)\b"
                       r"|\band (?:its|their) (?:affiliates|subsidiaries|units|teams)\b"
                       r"|\band by what\b|그리고 (?:몇|얼마)")
_PAIR_RE = re.compile(r"<e>(?:\s*(?:and|or|vs|versus|랑|이랑|와|과|하고|및|,)\s*<e>)+")

# Where one question ends and another begins: "?" with more after it, ", and when/what ...",
# "그리고", and a Korean clause ending in -고 followed by a comma or space (냈고, 어디고; not 하고,
# nor 말고/빼고, which set a name aside; but the verb 하고 on its own: "언제 하고 재료비는 얼마야?").
_CLAUSE_RE = re.compile(
    r"\?\s+(?=\S)|[;,]\s*(?:and\s+|but\s+|also\s+)?(?=(?:what|when|where|which|who|how|why|is|was|did|does|and)\b)"
    r"|\s+and\s+(?=(?:what|when|where|which|who|how|why|is|was|did|does)\b)|\s*그리고\s*|(?<=[가-힣])(?<![하말빼])고[,\s]\s*|(?<=\s하)고[,\s]\s*"
    r"|,\s*(?=(?:몇|언제|어디|누구|무엇|뭐|얼마|어느|그리고))",
    re.IGNORECASE,
)


# Where a statement or a preamble ends and the question proper begins: a sentence end, "..., so",
# "..., but", and Korean connective endings that set up a contrast or a background (했는데, 했잖아요,
# 하던데, 했지만, 인데요).
_SENTENCE_RE = re.compile(
    r"(?<=[.!?])\s+(?=\S)|,\s*(?:so|but|and so)\s+"
    r"|(?<=[가-힣])(?:는데|은데|던데|잖아요|잖아|지만|는데요|은데요|던데요|데요)[,.]?\s+"
    r"|(?:(?<=[가-힣])|(?<=[가-힣]\s))(?:거면|거라면|것이면|이라면)[,.]?\s+",  # "하이퍼클로바가 네이버 거면, 민달리는?"
    re.IGNORECASE,
)
_QUESTION_RE = re.compile(
    r"\?|\b(?:what|which|who|whom|whose|when|where|why|how|tell me|is|are|was|were|did|does|do|can)\b"
    r"|몇|언제|어디|누구|누가|뭐|무엇|무슨|어느|어떤|어떻게|얼마|알려|맞아|맞음|인가|나요|냐|니\b",
    re.IGNORECASE,
)


_CONFIRM_RE = re.compile(
    r"(?:맞나요|맞아요|맞아|맞음|맞죠|맞지|맞냐|맞는지|ㄹㅇ|진짜|정말|사실이야|그래|그런가요|그래요|right|true|really|correct|"
    r"is that (?:true|right|correct)|am i right|or not)\W*",
    re.IGNORECASE,
)


def question_sentence(text: str) -> str | None:
    """The question proper of a longer message that first sets the scene ("Kakao Brain had 2 CVPR
    papers. What about Kakao Enterprise?", "네이버는 하이퍼클로바를 냈는데, 카카오브레인은?"): the last
    sentence that asks something, or None when the message is one sentence."""
    parts = [p.strip(" ,;") for p in _SENTENCE_RE.split(text) if p and p.strip(" ,;")]
    if len(parts) < 2:
        return None
    if len(parts) >= 2 and _CONFIRM_RE.fullmatch(parts[-1]):
        parts = parts[:-1]  # "... 우승했다던데 ㄹㅇ?", "... right?": the tag asks nothing of its own
        if len(parts) < 2:
            return None
    for part in reversed(parts):
        if _QUESTION_RE.search(part):
            return part if part != parts[0] else None
    return None


_ABOUT_ME_RE = re.compile(r"^(?:i['’]?m|i am|im|we['’]?re|we are|my \w+(?: \w+)? is|i have|i live|i work|i study)\b(?!.*\?)",
                          re.IGNORECASE)


def states_about_asker(clause: str) -> bool:
    """A clause that only says who asks ("i'm 68", "my son is 12", "we are a group of 10"): the scene
    of the question after it, not a question."""
    m = _ABOUT_ME_RE.match(clause.strip())
    return m is not None and not _QUESTION_RE.search(clause.strip()[m.end():])


def split_clauses(text: str) -> list[str]:
    parts = [q.strip(" ,;") for p in _CLAUSE_RE.split(text) for q in _two_phrases(p)]
    return [p for p in parts if len(p) >= 4]


# a second count of another thing ("자음 몇 개, 모음 몇 개?" without the comma: 자음 몇개 모음 몇개야)
# (the second thing bare, before its 몇: "몇 개 학회에 몇 건" is one question about the conferences)
_SECOND_COUNT_RE = re.compile(r"(?<=몇[개명건자곳권])\s+(?=\S*[^\s에의을를은는이가]\s*몇)|(?<=몇 [개명건자곳권])\s+(?=\S*[^\s에의을를은는이가]\s*몇)")
# endings of a Korean modifier (된, 한, 지정된, 받은, 있던): "공휴일 된 해랑 국경일로 지정된 해" is two things asked
_MODIFIER_ENDS = frozenset("된한던은는진린운인든")


def _two_phrases(clause: str) -> list[str]:
    """A clause asking for two things each described by its own modifier ("공휴일이 된 해랑 국경일로
    지정된 해 알려줘"), or two counts ("자음 몇개 모음 몇개"): its two questions."""
    pieces = _SECOND_COUNT_RE.split(clause)
    if len(pieces) > 1:
        return pieces
    words = clause.split()
    for i in range(1, len(words) - 1):
        w = words[i]
        stem = w[:-2] if w.endswith("이랑") else w[:-1] if w.endswith(("랑", "와", "과")) else ""
        if stem and words[i - 1][-1] in _MODIFIER_ENDS and any(x[-1] in _MODIFIER_ENDS for x in words[i + 1:]):
            return [" ".join([*words[:i], stem]), " ".join(words[i + 1:])]
    return [clause]




# an amount asked for a quantity of time or distance the question states ("40분 타면 얼마?", "how many
# points if i ride 5 km"): a rate of the facts applied to it
_RATE_QTY_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(분|시간|km|minutes?|mins?|hours?|hrs?|kilomet(?:er|re)s?)(?![a-z])", re.IGNORECASE)
_RATE_ASK_RE = re.compile(r"얼마|요금|비용|포인트|몇 점|how much|how many points|\bcost|\bfee|\bcharge|\bpay\b", re.IGNORECASE)


def stated_quantity(words: Sequence[str], names: Sequence[tuple[int, int]] = ()) -> tuple[str, str] | None:
    """The time or distance a question states, outside the names it reads (`names`: word spans;
    "2시간권" names a ticket): ("40", "분"), ("5", "km"), or None."""
    inside = {i for start, end in names for i in range(start, end)}
    m = _RATE_QTY_RE.search(" ".join(w for i, w in enumerate(words) if i not in inside))
    return (m.group(1), m.group(2)) if m is not None else None


def operation(words: Sequence[str], names: Sequence[tuple[int, int]] = ()) -> str:
    """What the question does with the figures it reads: "sum" (합치면, in total), "difference"
    (차이, how much more), "rate" (an amount for the time or distance it states outside the names it
    reads, `names`: 40분 타면 얼마?), else "lookup"."""
    said = " ".join(words)
    if _TOTAL_RE.search(said):
        return "sum"
    if stated_quantity(words, names) is not None and _RATE_ASK_RE.search(said):
        return "rate"  # (before a difference: "how many points if i ride 5 km" is no %p)
    if _DIFFERENCE_RE.search(said):
        return "difference"
    return "lookup"


def asks_two(words: Sequence[str], spans: Sequence[tuple[int, int]]) -> bool:
    """Two questions in one ("X, and when Y?"), not one question about two things ("Naver and
    Kakao"): `spans` are the word positions of the names, read as one."""
    ws = list(words)
    for start, end in sorted(spans, key=lambda s: -s[0]):
        ws[start:end] = ["<e>"]
    joined = _PAIR_RE.sub("<e>", re.sub(r"\b(?:the|a|an)\s+(?=<e>)", "", " ".join(ws)))  # (the 10 km and the 5 km)
    joined = _RIDER_RE.sub(" ", joined)  # "..., and by how much?" asks about the same thing
    return bool(_MULTI_RE.search(joined))


# words after a figure that make it a date or a time of day ("12월 20일에", "오후 6시", "6 p.m.")
_DATE_WORDS = frozenset(("p", "pm", "am", "a", "o", "oclock", "시", "분", "월", "일", "요일"))
_DATE_STARTS = ("월에", "월부터", "월까지", "일에", "일부터", "일까지", "일은", "일이", "시에", "시부터", "시까지", "시간")


def is_date_word(word: str) -> bool:
    """Does `word`, after a figure, make it a date or a time of day rather than a count?"""
    return word in _DATE_WORDS or word.startswith(_DATE_STARTS)


def states_date(words: Sequence[str]) -> bool:
    """Does the question state a date or a time of day ("12월 20일", "오후 6시", "6 p.m.")?"""
    return any(w.isdigit() and is_date_word(nxt) for w, nxt in zip(words, words[1:]))


# month names and their short forms ("dec", "sept"), from the period reader's names
_MONTHS = {**{n: i for i, name in enumerate(_MONTH_NAMES, start=1) for n in (name, name[:3])}, "sept": 9}


def stated_days(words: Sequence[str]) -> tuple[str, ...]:
    """The days of the year a question states, as "MM-DD": "12월 20일", "December 20", "20 Dec"."""
    out = []
    for i in range(len(words) - 1):
        w = words[i]
        if i + 3 < len(words) and w.isdigit() and words[i + 1].startswith("월") and words[i + 2].isdigit() \
                and words[i + 3].startswith("일"):
            out.append((int(w), int(words[i + 2])))
        elif w in _MONTHS and words[i + 1].isdigit():
            out.append((_MONTHS[w], int(words[i + 1])))
        elif w.isdigit() and words[i + 1] in _MONTHS:
            out.append((_MONTHS[words[i + 1]], int(w)))
    return tuple(f"{m:02d}-{d:02d}" for m, d in dict.fromkeys(out) if 1 <= m <= 12 and 1 <= d <= 31)


# The two things a "how long between" question sets against each other, in the order it names them:
# "A부터 B까지", "A하고 B하기까지", "A와 B 사이", "A 몇 년 만에 B", "between A and B", "from A to B",
# "how long after A was B". Tried in this order; a pattern's sides must both hold words.
_SIDES_RES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^(?P<a>.+?)부터\s+(?P<b>.+?)까지",
    r"^(?P<a>.+?[가-힣](?:고|다가|된 뒤|한 뒤|된 후|한 후|하고 나서))\s+(?P<b>.+?)(?:기까지|때까지|데까지|까지)",
    r"^(?P<a>.+?)\s+(?:몇\s?년|몇\s?달|몇\s?개월|며칠)\s?만에\s+(?P<b>.+)",
    r"^(?P<a>.+?)(?:와|과|랑|이랑|하고)\s+(?P<b>.+?)(?:은|는|를|을|의|이|가)?\s+(?:사이|간격|차이)",
    r"^(?P<a>.+?)에서\s+(?P<b>.+?)까지",
    r"\bbetween\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*(?:[?.!]|$)",
    r"\bseparate\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*(?:[?.!]|$)",
    r"\bfrom\s+(?P<a>.+?)\s+(?:to|until|till)\s+(?P<b>.+?)\s*(?:[?.!]|$)",
    r"\bafter\s+(?P<a>.+?\s(?:was|were)\s+\w+)\s+(?:was|were|is|are|did|do|does)\s+(?P<b>.+?)\s*(?:[?.!]|$)",
    r"\bafter\s+(?P<a>.+?)\s+(?:was|were|is|are|did|do|does)\s+(?P<b>.+?)\s*(?:[?.!]|$)",
))


def sides(text: str) -> tuple[str, str] | None:
    """The two events a question measures the time between ("조선어연구회가 생기고 조선어학회로 이름을
    바꾸기까지" -> the founding, the renaming), or None."""
    for pattern in _SIDES_RES:
        m = pattern.search(text.strip())
        if m and len(m.group("a").strip()) >= 2 and len(m.group("b").strip()) >= 2:
            return m.group("a").strip(" ,"), m.group("b").strip(" ,")
    return None


_TIME_COUNT_RE = re.compile(r"몇\s?(?:년|해|달|개월|주|일)|며칠|얼마나\s?(?:걸렸|걸려|걸린|지났|오래)|얼마\s?만에"
                            r"|\bhow (?:long|many (?:years|months|weeks|days|decades))\b|간격",
                            re.IGNORECASE)


def counts_time(text: str) -> bool:
    """Does the question count years, months or days ("몇 년", "며칠", "how many days", "간격")?"""
    return bool(_TIME_COUNT_RE.search(text))


def measures_gap(text: str) -> bool:
    """Does the question ask how much time lies between two events it names ("1949년부터 공휴일에서 빠진
    해까지는 몇 년이야?", "창립과 개칭은 몇 년 간격?")?"""
    return counts_time(text) and sides(text) is not None
