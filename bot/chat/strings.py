"""Discord-only wording, in English and Korean: command localisations and the adapter's own replies.

The core's sentences (answers, declines, labels) live in `bot.core.messages`; what only Discord shows
(slash help, feedback, cooldown, reload and error replies, command names) lives here, with the adapter.
"""
from __future__ import annotations

from discord import Locale

from bot.core import messages

# Command, option and context-menu localisations: English text (the locale_str message) -> Korean.
# Discord rules: slash names 1-32 chars, lowercase, no spaces; descriptions 1-100 chars.
COMMAND_KO: dict[str, str] = {
    "ask": "질문",
    "Ask a question about the facts this bot knows (Korean or English).": "봇이 아는 사실에 대해 질문합니다 (한국어 또는 영어).",
    "question": "질문",
    "Your question, e.g. how many papers did Kakao publish?": "질문을 입력하세요. 예: 카카오는 논문을 얼마나 냈어?",
    "private": "비공개",
    "Only you see the answer.": "답변을 나만 봅니다.",
    "topics": "주제",
    "What the bot knows, grouped by topic.": "봇이 아는 내용을 주제별로 보여줍니다.",
    "sources": "출처",
    "The sources behind the answers.": "답변의 근거가 되는 출처 목록입니다.",
    "help": "도움말",
    "How to ask the bot.": "봇에게 질문하는 방법입니다.",
    "reload": "다시불러오기",
    "Reload the knowledge base (bot owner only).": "지식 베이스를 다시 불러옵니다 (봇 소유자 전용).",
    "Ask the bot": "봇에게 묻기",
}

# The adapter's own replies; `{placeholders}` are filled by `t`, Korean particles resolved as in the core.
MESSAGES: dict[str, dict[str, str]] = {
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
        "en": "You're asking quickly! Please wait {seconds} seconds: you can ask again <t:{at}:R>.",
        "ko": "질문이 너무 빠릅니다! {seconds}초 뒤(<t:{at}:T>)에 다시 물어봐 주세요.",
    },
    "busy": {
        "en": "I'm busy answering many questions right now. Please ask again in a moment.",
        "ko": "지금 질문이 많아 바쁩니다. 잠시 뒤 다시 물어봐 주세요.",
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
}


def lang_of(locale: Locale | str | None) -> str:
    """'ko' for a Korean Discord locale, else 'en'."""
    value = getattr(locale, "value", locale) or ""
    return "ko" if str(value).lower().startswith("ko") else "en"


def t(key: str, lang: str, **kw: object) -> str:
    """The adapter's reply `key` in `lang`; any other key is the core's (`bot.core.messages`)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return messages.t(key, lang, **kw)
    text = entry.get(lang) or entry["en"]
    text = text.format(**kw) if kw else text
    return messages.attach_josa(text) if lang == "ko" else text
