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
        "ko": "기사에 그 내용은 나오지 않습니다. 추측해서 답하지 않을게요.",
        "en": "The article doesn't say that, and I won't guess.",
    },
    "unknown_entity": {
        "ko": "기사에는 {what}에 대한 그 정보가 없습니다. 추측해서 답하지 않을게요.",
        "en": "The article doesn't give that for {what}, and I won't guess.",
    },
    "unknown_period": {
        "ko": "기사에는 {what}의 {period} 정보가 없습니다. 기사가 다루는 시기: {known}.",
        "en": "The article gives no {period} figure for {what}; it covers: {known}.",
    },
    "unknown_outside": {
        "ko": "기사는 {what}[을/를] 다루지 않습니다. 추측해서 답하지 않을게요.",
        "en": "The article doesn't cover {what}, and I won't guess.",
    },
    "unknown_ask": {
        "ko": "기사에는 {what}[이/가] 나오지 않습니다. 추측해서 답하지 않을게요.",
        "en": "The article doesn't give {what}, and I won't guess.",
    },
    "known_instead": {
        "ko": "대신 기사에 나온 내용: {known}",
        "en": "What the article does say: {known}",
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
            "기사에 나온 사실에 대해 한국어나 영어로 물어보세요. 답마다 출처와 인용문을 붙이고, "
            "기사에 없는 내용은 없다고 말합니다."
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
    # Discord adapter replies (plain text here; the adapter decides how to send them)
    "topics_title": {"en": "What I know", "ko": "제가 아는 주제"},
    "topics_more": {"en": "…and {n} more topics. Ask me with /ask.", "ko": "…외 {n}개 주제가 더 있습니다. /질문 으로 물어보세요."},
    "sources_title": {"en": "Sources", "ko": "출처"},
    "sources_more": {"en": "…and {n} more sources.", "ko": "…외 출처 {n}개."},
    "help_discord": {
        "en": "Ask with **/ask**, mention me in a channel, send me a DM, or use **Apps → Ask the bot** on any "
              "message. **/topics** lists what I know, **/sources** where it comes from. Add `private: True` to "
              "/ask to see the answer alone. Rate an answer with 👍/👎.",
        "ko": "**/질문** 명령어, 채널에서 저를 멘션, DM, 또는 메시지의 **앱 → 봇에게 묻기**로 물어보세요. "
              "**/주제**는 제가 아는 내용을, **/출처**는 그 출처를 보여 줍니다. /질문 에 `비공개: True`를 더하면 "
              "답을 나만 봅니다. 답이 도움이 되었는지 👍/👎로 알려 주세요.",
    },
    "more_lines": {"en": "…and {n} more.", "ko": "…외 {n}개."},
    "dym_only_asker": {
        "en": "Only the person who asked can pick one of these. Ask your own question with /ask.",
        "ko": "질문한 사람만 선택할 수 있습니다. /질문 으로 직접 물어보세요.",
    },
    "vote_up": {"en": "Helpful", "ko": "도움됨"},
    "vote_down": {"en": "Not helpful", "ko": "도움 안 됨"},
    "vote_thanks": {"en": "Thanks, your feedback was recorded.", "ko": "고맙습니다. 의견이 기록되었습니다."},
    "vote_again": {"en": "You already rated this answer; thanks!", "ko": "이미 이 답변을 평가하셨습니다. 고맙습니다!"},
    "cooldown": {
        "en": "You're asking quickly! Please wait {seconds} seconds and ask again.",
        "ko": "질문이 너무 빠릅니다! {seconds}초 뒤에 다시 물어봐 주세요.",
    },
    "error": {
        "en": "Sorry, something went wrong while answering. It has been logged; please try again in a moment.",
        "ko": "죄송합니다. 답변하는 중에 문제가 생겼습니다. 기록해 두었으니 잠시 뒤 다시 시도해 주세요.",
    },
    "owner_only": {
        "en": "Only the bot owner can reload the knowledge base.",
        "ko": "지식 베이스는 봇 소유자만 다시 불러올 수 있습니다.",
    },
    "reload_ok": {
        "en": "Knowledge base reloaded: {sources} sources, {topics} topics. New questions use it now.",
        "ko": "지식 베이스를 다시 불러왔습니다: 출처 {sources}개, 주제 {topics}개. 새 질문부터 적용됩니다.",
    },
    "reload_failed": {
        "en": "The new knowledge base has {n} problem(s); the old one keeps answering.",
        "ko": "새 지식 베이스에 문제가 {n}개 있어 기존 지식 베이스로 계속 답합니다.",
    },
    "reload_busy": {"en": "A reload is already running; try again shortly.", "ko": "이미 다시 불러오는 중입니다. 잠시 뒤 다시 시도해 주세요."},
    "no_text_message": {
        "en": "That message has no text I can read.",
        "ko": "그 메시지에는 읽을 수 있는 글이 없습니다.",
    },

    "confidence_label": {"ko": "확신도", "en": "confidence"},
}


_JOSA_RE = re.compile(r"\[(이|은|을|과|으로|아|이어)/(가|는|를|와|로|야|여)\]")
# Whether a digit's Korean reading ends in a final consonant (영 일 이 삼 사 오 육 칠 팔 구).
_DIGIT_BATCHIM = dict(zip("0123456789", (True, True, False, True, False, False, True, True, True, False)))


def _has_batchim(word: str) -> bool | None:
    """Does the word end in a final consonant? None when it can't be told."""
    word = word.rstrip(" )]’'\"")
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


def t(key: str, lang: str, **kw: object) -> str:
    """The message `key` in `lang` ('ko' or 'en'), formatted with `kw` (Korean particles resolved)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    text = text.format(**kw) if kw else text
    return attach_josa(text) if lang == "ko" else text
