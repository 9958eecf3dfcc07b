"""Every user-facing sentence of the core, in Korean and English, in one place."""
from __future__ import annotations

import calendar
import re


def period_name(period: str, lang: str) -> str:
    """"2021" -> 2021년 / 2021; "2021-12" -> 2021년 12월 / December 2021; "2021-H1" -> 2021년 상반기 / H1 2021."""
    year, _, part = period.partition("-")
    if not part:
        return f"{year}년" if lang == "ko" else year
    if part in ("H1", "H2"):
        return f"{year}년 {'상' if part == 'H1' else '하'}반기" if lang == "ko" else f"{part} {year}"
    if part.isdigit() and 1 <= int(part) <= 12:
        return f"{year}년 {int(part)}월" if lang == "ko" else f"{calendar.month_name[int(part)]} {year}"
    month, _, day = part.partition("-")
    if month.isdigit() and day.isdigit() and 1 <= int(month) <= 12:  # "2026-04-04" -> 2026년 4월 4일 / 4 April 2026
        return (f"{year}년 {int(month)}월 {int(day)}일" if lang == "ko"
                else f"{int(day)} {calendar.month_name[int(month)]} {year}")
    return period

MESSAGES: dict[str, dict[str, str]] = {
    "empty": {
        "ko": "질문을 입력해 주세요. 예: {example}",
        "en": "Please type a question, for example: {example}",
    },
    "truncated": {
        "ko": "질문이 너무 길어서 앞의 {limit}자만 읽었습니다.",
        "en": "Your question was long, so only its first {limit} characters were read.",
    },
    "no_text": {
        "ko": "읽을 수 있는 글자가 없는 질문입니다. 한국어나 영어로 다시 질문해 주세요.",
        "en": "That question has no readable text. Please ask again in Korean or English.",
    },
    "unknown": {
        "ko": "{src}에 그 내용은 나오지 않습니다. 추측해서 답하지 않을게요.",
        "en": "{Src} doesn't say that, and I won't guess.",
    },
    "unknown_entity": {
        "ko": "{src}에는 {what}에 대한 그 정보가 없습니다. 추측해서 답하지 않을게요.",
        "en": "{Src} doesn't give that for {what}, and I won't guess.",
    },
    "unknown_period": {
        "ko": "{src}에는 {what}의 {period} 정보가 없습니다.",
        "en": "{Src} gives nothing for {what} in {period}.",
    },
    "unknown_outside": {
        "ko": "{src}[은/는] {what}[을/를] 다루지 않습니다. 추측해서 답하지 않을게요.",
        "en": "{Src} doesn't cover {what}, and I won't guess.",
    },
    "unknown_ask": {
        "ko": "{src}에는 {what}[이/가] 나오지 않습니다. 추측해서 답하지 않을게요.",
        "en": "{Src} doesn't give {what}, and I won't guess.",
    },
    "known_instead": {
        "ko": "{src}에 나온 것은: {known}",
        "en": "What {src} does say: {known}",
    },
    "ambiguous": {
        "ko": "어떤 질문인지 확실하지 않아요. 이 중에 있나요?",
        "en": "I'm not sure which of these you mean. Did you mean one of them?",
    },
    "premise_no": {
        "ko": "아니요. {first}",
        "en": "No: {first}",
    },
    "premise_yes": {
        "ko": "네, 맞습니다. {first}",
        "en": "Yes: {first}",
    },
    "gap_years": {
        "ko": "{start}에서 {end}까지 {n}년입니다.",
        "en": "{n} years, from {start} to {end}.",
    },
    "price_after_discount": {
        "ko": "{price}에서 {cut} 할인을 받으면 {each}입니다.",
        "en": "With the {cut} discount, {price} comes to {each}.",
    },
    "rate": {
        "ko": "{qty} 기준 {amount}입니다({base}{step}마다 {each} × {steps}).",
        "en": "For {qty}: {amount} ({base}{each} for each {step} × {steps}).",
    },
    "rate_base": {"ko": "기본 {amount} + ", "en": "{amount} base + "},
    "price_with_extra": {
        "ko": "{price}에 {extra}[을/를] 더하면 {each}입니다.",
        "en": "{price} plus the {extra} extra comes to {each}.",
    },
    "price_after_discount_total": {
        "ko": "{price}에서 {cut} 할인을 받으면 1인 {each}, {n}명이면 모두 {total}입니다.",
        "en": "With the {cut} discount, {price} comes to {each} each: {total} for {n}.",
    },
    "gap_days": {
        "ko": "{start}에서 {end}까지 {n}일입니다.",
        "en": "{n} days, from {start} to {end}.",
    },
    "gap_years_months": {
        "ko": "{start}에서 {end}까지 {n}년 {m}개월입니다.",
        "en": "{n} years and {m} months, from {start} to {end}.",
    },
    "gap_months": {
        "ko": "{start}에서 {end}까지 {n}개월입니다.",
        "en": "{n} months, from {start} to {end}.",
    },
    "premise_fix": {
        "ko": "아니요. {fix} {first}",
        "en": "No: {fix} {first}",
    },
    "premise_owner_wrong": {
        "ko": "{thing}[은/는] {claimed}[이/가] 아니라 {owner}의 것입니다.",
        "en": "{thing} is {owner}'s, not {claimed}'s.",
    },
    "premise_entity_wrong": {
        "ko": "{claimed}[이/가] 아니라 {owner}입니다.",
        "en": "it is {owner}, not {claimed}.",
    },
    "premise_period_wrong": {
        "ko": "{period}[이/가] 아닙니다.",
        "en": "not in {period}.",
    },
    "premise_owner": {
        "ko": "{value}[은/는] {who}의 수치입니다.",
        "en": "{value} is {who}'s figure.",
    },
    "about_entity": {
        "ko": "{names}에 대해 무엇이 궁금한가요? 예를 들면:",
        "en": "What would you like to know about {names}? For example:",
    },
    "need_slot": {
        "ko": "누구(어느 것)에 대한 질문인지 알려 주세요. 예를 들면:",
        "en": "Which one do you mean? For example:",
    },
    "try_asking": {
        "ko": "이런 질문에 답할 수 있어요:",
        "en": "You can ask me things like:",
    },
    # computed answers
    "cmp_more": {
        "ko": "{a_name}[이/가] {a_val}[으로/로] {b_name}({b_val})보다 {diff} 많습니다({ratio}배).",
        "en": "{a_name} ({a_val}) has {diff} more than {b_name} ({b_val}), {ratio} times as many.",
    },
    "cmp_equal": {
        "ko": "{a_name}[과/와] {b_name}[은/는] {a_val}[으로/로] 같습니다.",
        "en": "{a_name} and {b_name} are equal at {a_val}.",
    },
    "relative_meaning": {
        "ko": "{src}의 날짜({date}, {publisher}) 기준으로 '{term}'[은/는] {when}입니다.",
        "en": "Going by the date of {src} ({date}, {publisher}), '{term}' means {when}.",
    },
    "difference": {
        "ko": "두 수치의 차이는 {diff}입니다({hi} - {lo}).",
        "en": "The difference is {diff} ({hi} - {lo}).",
    },
    "sum": {
        "ko": "합치면 {total}입니다({parts}).",
        "en": "Together that makes {total} ({parts}).",
    },
    "cmp_share": {
        "ko": "{part_name}의 {part_val}[은/는] {whole_name} 전체 {whole_val}의 {share}%입니다.",
        "en": "{part_name}'s {part_val} is {share}% of {whole_name}'s {whole_val}.",
    },
    "cmp_growth": {
        "ko": "{name}: {new_period}년 {new_val}, {old_period}년 {old_val} → {diff} {direction}({pct}%).",
        "en": "{name}: {new_val} in {new_period} vs {old_val} in {old_period}, {direction} {diff} ({pct}%).",
    },
    "up": {"ko": "증가", "en": "up"},
    "down": {"ko": "감소", "en": "down"},
    "help": {
        "ko": (
            "{src}에 나온 사실에 대해 한국어나 영어로 물어보세요. 답마다 출처와 인용문을 붙이고, "
            "{src}에 없는 내용은 없다고 말합니다."
        ),
        "en": (
            "Ask about the facts in the knowledge base, in Korean or English. Every answer comes "
            "with its source and a quote; when the source doesn't say, I say so."
        ),
    },
    "source_label": {"ko": "출처", "en": "Source"},
    "quote_label": {"ko": "인용", "en": "Quote"},
    "suggestions_label": {"ko": "이렇게 물어보세요", "en": "Try asking"},
    "intent_label": {"ko": "의도", "en": "intent"},
    "confidence_label": {"ko": "확신도", "en": "confidence"},
}


_JOSA_RE = re.compile(r"\[(이|은|을|과|으로|아|이어)/(가|는|를|와|로|야|여)\]")
# Whether a digit's Korean reading ends in a final consonant (영 일 이 삼 사 오 육 칠 팔 구).
_DIGIT_BATCHIM = dict(zip("0123456789", (True, True, False, True, False, False, True, True, True, False)))


def _has_batchim(word: str) -> bool | None:
    """Does the word end in a final consonant? None when it can't be told."""
    word = word.rstrip(" )]’'\"」』》〉”")  # (청소년 북토크 「여름밤 책수다」 -> 책수다: 가)
    if not word:
        return None
    ch = word[-1]
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch.isdigit():
        return _DIGIT_BATCHIM[ch]
    if ch == "%":
        return False
    if ch.isascii() and ch.isalpha():
        run = len(word) - len(word.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if ch.isupper() and run <= 4:
            # an acronym is read letter by letter: GPT (티) -> 를, CVPR (알), ICML (엘) -> 을
            return ch in "LMNR"
        return ch.lower() not in "aeiouyw"
    return None


def _rieul(word: str) -> bool:
    """Ends in ㄹ (서울로, not 서울으로); digits read 일, 칠, 팔 end in ㄹ too."""
    word = word.rstrip(" )]’'\"")
    ch = word[-1:] or " "
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 == 8
    return ch in "178"


def attach_josa(text: str) -> str:
    """Resolve particle choices such as "카카오[이/가]" -> "카카오가", "40건[은/는]" -> "40건은"."""

    def pick(m: re.Match[str]) -> str:
        before = text[: m.start()]
        batchim = _has_batchim(before)
        first, second = m.group(1), m.group(2)
        if first == "으로":
            return "로" if batchim is False or batchim is None or _rieul(before) else "으로"
        if batchim is None:
            return f"{first}({second})" if first != "이" else "이(가)"
        return first if batchim else second

    out = []
    last = 0
    for m in _JOSA_RE.finditer(text):
        out.append(text[last : m.start()])
        out.append(pick(m))
        last = m.end()
    out.append(text[last:])
    return "".join(out) if out else text


# What the answers call the base's sources when the engine doesn't say ("the article" for a base of
# one news article: the engine passes the name of the base's own source entity).
SOURCE_NOUN = {"ko": "자료", "en": "the source"}


def t(key: str, lang: str, src: str | None = None, **kw: object) -> str:
    """The message `key` in `lang` ('ko' or 'en'), formatted with `kw` (Korean particles resolved);
    `src` is what the sources are called ("기사" / "the article")."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    if "{src}" in text or "{Src}" in text:
        noun = src or SOURCE_NOUN.get(lang, SOURCE_NOUN["en"])
        kw = {**kw, "src": noun, "Src": noun[:1].upper() + noun[1:]}
    text = text.format(**kw) if kw else text
    return attach_josa(text) if lang == "ko" else text
