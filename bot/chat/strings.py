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
    "config": "설정",
    "Server settings for this bot (Manage Server only).": "이 서버의 봇 설정 (서버 관리 권한 필요).",
    "show": "보기",
    "Show this server's settings.": "이 서버의 설정을 보여줍니다.",
    "language": "언어",
    "The language of the bot's own texts here (answers follow the question).": "이 서버에서 봇 안내문의 언어 (답변은 질문의 언어를 따릅니다).",
    "value": "값",
    "auto, ko or en": "auto, ko 또는 en",
    "Whether /ask answers are private by default here.": "이 서버에서 /질문 답변을 기본으로 비공개로 할지 정합니다.",
    "True: only the asker sees answers unless they choose otherwise.": "True: 질문한 사람만 답을 봅니다 (직접 바꾸지 않는 한).",
    "autoanswer": "자동답변",
    "Answer confident questions in a help or forum channel (leave empty to turn off).": "도움 채널이나 포럼 채널에서 확실한 질문에 답합니다 (비우면 끕니다).",
    "channel": "채널",
    "The help channel (text or forum); empty turns auto-answers off.": "도움 채널 (텍스트 또는 포럼). 비우면 자동 답변을 끕니다.",
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
    "autoanswer_human": {
        "en": "-# Automatic answer from the bot. Not what you needed? Reply here and a person from the server will help, or ask a moderator.",
        "ko": "-# 봇의 자동 답변입니다. 원하던 답이 아니면 여기에 답글을 남겨 주세요. 서버의 사람이 도와드립니다 (또는 운영진에게 문의하세요).",
    },
    "config_admin_only": {
        "en": "Only members with the Manage Server permission can change or see this server's bot settings.",
        "ko": "이 서버의 봇 설정은 서버 관리 권한이 있는 멤버만 보거나 바꿀 수 있습니다.",
    },
    "config_guild_only": {
        "en": "Server settings are available only in a server that added the bot.",
        "ko": "서버 설정은 봇을 추가한 서버에서만 쓸 수 있습니다.",
    },
    "config_show": {
        "en": "**Settings of this server**\nLanguage: {language}\nPrivate answers by default: {private}\nAuto-answers: {autoanswer}",
        "ko": "**이 서버의 설정**\n언어: {language}\n기본 비공개 답변: {private}\n자동 답변: {autoanswer}",
    },
    "config_default": {"en": " (default)", "ko": " (기본값)"},
    "config_off": {"en": "off", "ko": "꺼짐"},
    "config_yes": {"en": "yes", "ko": "예"},
    "config_no": {"en": "no", "ko": "아니요"},
    "config_lang_auto": {"en": "each user's Discord language", "ko": "사용자별 Discord 언어"},
    "config_saved": {"en": "Saved.", "ko": "저장했습니다."},
    "config_not_persistent": {
        "en": "The settings store is unavailable: this lasts until the bot restarts.",
        "ko": "설정 저장소를 쓸 수 없어 봇이 다시 시작할 때까지만 유지됩니다.",
    },
    "config_autoanswer_on": {
        "en": "Auto-answers are on in <#{channel}>: new messages and forum posts there get an answer when I am at least {percent}% sure, as a reply with 👍/👎 and a line on how to reach a person. Never in other channels.",
        "ko": "<#{channel}>에서 자동 답변을 켰습니다. 새 메시지와 포럼 글에 {percent}% 이상 확실할 때만 👍/👎와 사람에게 묻는 방법을 담아 답글로 답합니다. 다른 채널에서는 답하지 않습니다.",
    },
    "config_autoanswer_off": {"en": "Auto-answers are off.", "ko": "자동 답변을 껐습니다."},
    "config_needs_intent": {
        "en": "Reading those messages needs the message content intent, which this bot requests only when a server uses auto-answers: they start after the bot's next restart.",
        "ko": "그 메시지를 읽으려면 메시지 내용 인텐트가 필요하며, 이 봇은 자동 답변을 쓰는 서버가 있을 때만 요청합니다. 봇이 다시 시작된 뒤부터 답합니다.",
    },
    "config_intent_off": {
        "en": "This bot runs with MESSAGE_CONTENT_INTENT=off, so it cannot read those messages; ask its operator.",
        "ko": "이 봇은 MESSAGE_CONTENT_INTENT=off 로 실행 중이라 그 메시지를 읽을 수 없습니다. 봇 운영자에게 문의하세요.",
    },
    "config_bad_channel": {
        "en": "Pick a text or forum channel.",
        "ko": "텍스트 채널이나 포럼 채널을 고르세요.",
    },
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
