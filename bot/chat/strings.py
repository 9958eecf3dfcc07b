"""Discord-only wording, in English and Korean: command localisations and the adapter's own replies.

All sentences a user reads, the adapter's own replies included (cooldown, feedback, reload), live in
`bot.core.messages`; this module keeps the slash-command localisations and the locale mapping.
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



def lang_of(locale: Locale | str | None) -> str:
    """'ko' for a Korean Discord locale, else 'en'."""
    value = getattr(locale, "value", locale) or ""
    return "ko" if str(value).lower().startswith("ko") else "en"


def t(key: str, lang: str, **kw: object) -> str:
    """The adapter's replies come from the one module of user-facing text, `bot.core.messages`."""
    return messages.t(key, lang, **kw)
