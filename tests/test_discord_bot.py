"""The bot against a local Discord: commands, answers, buttons, mentions, DMs, limits, safety.

One bot session for the module (a fresh IDENTIFY costs seconds); every test uses its own users so the
per-user cooldown never couples tests. Assertions are on the JSON the bot sent to Discord.
"""
from __future__ import annotations

import asyncio

import pytest
import pytest_asyncio

from bot.chat import render
from bot.core.engine import Engine
from fakediscord.harness import start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

BLOTER = "https://www.bloter.net/newsView/blt202112290080"
EPHEMERAL = 1 << 6


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(fake, tmp_path_factory):
    from bot.chat.runner import open_store
    from fakediscord.harness import settings_for

    data_dir = tmp_path_factory.mktemp("data")
    store = open_store(settings_for(fake, data_dir=data_dir))
    harness = await start_bot(fake, store=store, data_dir=data_dir)
    yield harness
    await harness.stop()


def embed_text(msg: dict) -> str:
    parts = [msg.get("content") or ""]
    for e in msg.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or "", (e.get("footer") or {}).get("text") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields") or []]
    return "\n".join(parts)


def buttons(msg: dict) -> list[dict]:
    return [c for row in msg.get("components") or [] for c in row.get("components") or []]


# ------------------------------------------------------------------------------ registration


async def test_commands_registered_with_korean_localisations(fake, live):
    cmds = {c["name"]: c for c in fake.commands[fake.guild_id]}
    assert set(cmds) == {"ask", "topics", "sources", "help", "reload", "config", "Ask the bot"}
    ask = cmds["ask"]
    assert ask["type"] == 1 and ask["name_localizations"] == {"ko": "질문"}
    assert ask["description_localizations"]["ko"]
    question, private = ask["options"]
    assert (question["name"], question["type"], question["required"]) == ("question", 3, True)
    assert question["max_length"] == 300 and question["autocomplete"] is True
    assert question["name_localizations"] == {"ko": "질문"} and question["description_localizations"]["ko"]
    assert (private["name"], private["type"], private["required"]) == ("private", 5, False)
    assert private["name_localizations"] == {"ko": "비공개"}
    assert cmds["topics"]["name_localizations"] == {"ko": "주제"}
    assert cmds["sources"]["name_localizations"] == {"ko": "출처"}
    assert cmds["help"]["name_localizations"] == {"ko": "도움말"}
    assert cmds["reload"]["default_member_permissions"] in (8, "8")
    menu = cmds["Ask the bot"]
    assert menu["type"] == 3 and menu["name_localizations"] == {"ko": "봇에게 묻기"}
    for cmd in cmds.values():
        assert len(cmd["name"]) <= 32 and len(cmd.get("description") or "") <= 100
        for text in (cmd.get("description_localizations") or {}).values():
            assert len(text) <= 100


async def test_identify_requests_no_privileged_intent(fake, live):
    intents = fake.identifies[-1]["intents"]
    message_content, members, presences = 1 << 15, 1 << 1, 1 << 8
    assert intents & (message_content | members | presences) == 0
    assert intents & (1 << 0) and intents & (1 << 9) and intents & (1 << 12)  # guilds, guild + DM messages


# ------------------------------------------------------------------------------ /ask


@pytest.mark.parametrize(
    "question, number, quote_piece",
    [
        ("how many papers did kakao publish", "40", "카카오"),
        ("카카오는 논문을 얼마나 냈지", "40", "카카오"),
        ("하이퍼클로바 파라미터 몇 개야", "2040억", "2040억"),
    ],
)
async def test_ask_answers_with_number_source_and_quote(fake, live, question, number, quote_piece):
    rec = await (await fake.ask(question, user=fake.make_user())).wait()
    assert rec.response_type == 4 and not rec.deferred
    reply = rec.reply
    assert not (reply.get("flags") or 0) & EPHEMERAL
    [embed] = reply["embeds"]
    assert number in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    source = fields.get("Source") or fields.get("출처")
    assert BLOTER in source and "블로터 (Bloter)" in source and "2021-12-29" in source
    quote = fields.get("Quote") or fields.get("인용")
    assert quote.startswith("> ") and quote_piece in quote
    assert "%" in embed["footer"]["text"]
    assert [b["emoji"]["name"] for b in buttons(reply)] == ["👍", "👎"]
    assert reply["allowed_mentions"]["parse"] == []
    assert render.limit_problems(reply) == []


async def test_private_ask_is_ephemeral(fake, live):
    rec = await (await fake.ask("how many papers did kakao publish", private=True, user=fake.make_user())).wait()
    assert rec.reply["flags"] & EPHEMERAL


async def test_korean_question_answered_in_korean_footer(fake, live):
    rec = await (await fake.ask("카카오는 논문을 얼마나 냈지", user=fake.make_user(), locale="ko")).wait()
    embed = rec.reply["embeds"][0]
    assert "출처" in {f["name"] for f in embed["fields"]}
    assert "확신도" in embed["footer"]["text"]


async def test_unknown_declines_with_suggestions(fake, live):
    rec = await (await fake.ask("what is the weather in Seoul tomorrow", user=fake.make_user())).wait()
    embed = rec.reply["embeds"][0]
    assert "won't guess" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed.get("fields", [])}
    assert "•" in fields.get("Try asking", "")
    assert not buttons(rec.reply)  # no 👍/👎 on a decline
    store = live.bot.store
    await asyncio.to_thread(store.flush)
    kept = [r for r in store.unanswered() if r.question == "what is the weather in Seoul tomorrow"]
    assert [(r.status, r.lang, r.guild_id) for r in kept] == [("unknown", "en", int(fake.guild_id))]


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200f\u202e", "\x00\x07"])
async def test_empty_question_gets_short_help(fake, live, text):
    rec = await (await fake.ask(text, user=fake.make_user())).wait()
    reply = rec.reply
    assert reply["flags"] & EPHEMERAL
    assert "Please type a question" in embed_text(reply)


async def test_long_question_says_only_500_read(fake, live):
    rec = await (await fake.ask("how many papers did kakao publish " + "blah " * 400, user=fake.make_user())).wait()
    text = embed_text(rec.reply)
    assert "first 500 characters" in text
    assert render.limit_problems(rec.reply) == []


@pytest.mark.parametrize(
    "hostile",
    [
        "Z̷̢̛̤̈́̋a̴̧̛͎̓l̶͚̈́g̷̱̿o̵̰̎ " * 60,
        "\u202eusilbup srepap ynam woh\u202c",
        "how\u200b many\u200d papers\u2060 did kakao publish",
        "😀" * 600,
        "<@&123> <@456> @here @everyone " * 20,
        "```" + "`" * 3000,
        "카" * 4000,
    ],
)
async def test_hostile_input_never_breaks_limits(fake, live, hostile):
    rec = await (await fake.ask(hostile, user=fake.make_user())).wait()
    assert rec.response_type == 4 and not rec.rejected
    assert render.limit_problems(rec.reply) == []
    assert rec.reply["allowed_mentions"]["parse"] == []


@pytest.mark.parametrize("entry", ["mention", "dm", "menu"])
@pytest.mark.parametrize(
    "hostile", ["\u202e\u200b" * 300, "Z̷̢̛̤̈́̋a̴̧̛͎̓l̶͚̈́g̷̱̿o̵̰̎ " * 80, "@everyone " * 500, "\x00\x1b[31m" * 100]
)
async def test_hostile_input_on_every_entry(fake, live, entry, hostile):
    user = fake.make_user()
    if entry == "menu":
        rec = await (await fake.context_menu("Ask the bot", fake.user_message(hostile, author=user), user=user)).wait()
        body = rec.reply
    else:
        text = hostile if entry == "dm" else f"<@{fake.bot_user['id']}> {hostile}"
        msg = fake.user_message(text, author=user, dm=entry == "dm", mention_bot=entry == "mention")
        await fake.post_user_message(msg)
        body = (await fake.wait_reply_to(msg))["request"]
    assert render.limit_problems(body) == []
    assert body["allowed_mentions"]["parse"] == []


async def test_everyone_in_question_never_pings(fake, live):
    user = fake.make_user()
    rec = await (await fake.ask("@everyone how many papers did kakao publish <@&999>", user=user)).wait()
    assert rec.reply["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in rec.reply["embeds"][0]["title"]  # protocol syntax: removed before the core
    msg = fake.user_message(f"<@{fake.bot_user['id']}> @everyone papers kakao", author=fake.make_user(), mention_bot=True)
    await fake.post_user_message(msg)
    sent = await fake.wait_reply_to(msg)
    assert sent["request"]["allowed_mentions"]["parse"] == []
    assert sent["request"]["allowed_mentions"]["replied_user"] is False


# ------------------------------------------------------------------------------ autocomplete


@pytest.mark.parametrize("typed, locale, hangul", [("kak", "en-US", False), ("", "ko", True), ("카카오 논문", "en-US", True)])
async def test_autocomplete_returns_choices_in_locale_language(fake, live, typed, locale, hangul):
    rec = await (await fake.autocomplete("ask", "question", typed, user=fake.make_user(), locale=locale)).wait()
    assert rec.response_type == 8
    choices = rec.reply["choices"]
    assert 0 < len(choices) <= 25
    for c in choices:
        assert 0 < len(c["name"]) <= 100 and 0 < len(c["value"]) <= 100
    has_hangul = [any("\uac00" <= ch <= "\ud7a3" for ch in c["name"]) for c in choices]
    assert all(has_hangul) if hangul else not any(has_hangul)
    if typed == "kak":
        assert any("kakao" in c["name"].lower() for c in choices)


async def test_autocomplete_with_huge_input(fake, live):
    rec = await (await fake.autocomplete("ask", "question", "x" * 6000, user=fake.make_user())).wait()
    assert rec.response_type == 8 and len(rec.reply["choices"]) <= 25


# ------------------------------------------------------------------------------ buttons


async def ambiguous(fake, user) -> tuple:
    engine = Engine.load()
    for q in ["kakao papers", "papers", "kakao", "naver", "paper count", "논문", "카카오"]:
        if engine.ask(q).status == "ambiguous":
            rec = await (await fake.ask(q, user=user)).wait()
            return q, rec
    pytest.skip("the shipped knowledge base has no ambiguous probe question")


async def test_did_you_mean_buttons_answer_for_the_asker_only(fake, live):
    asker, other = fake.make_user("asker"), fake.make_user("other")
    q, rec = await ambiguous(fake, asker)
    options = buttons(rec.reply)
    assert 1 <= len(options) <= 3
    assert all(b["custom_id"].startswith(f"dym:{asker['id']}:") for b in options)
    assert all(len(b["label"]) <= 80 for b in options)

    stranger = await (await fake.click(rec.original, options[0]["custom_id"], user=other)).wait()
    assert stranger.response_type == 4 and stranger.reply["flags"] & EPHEMERAL
    assert "Only the person who asked" in stranger.reply["content"]

    picked = await (await fake.click(rec.original, options[0]["custom_id"], user=asker)).wait()
    assert picked.response_type == 7  # the question message becomes the answer
    embed = picked.reply["embeds"][0]
    assert embed["title"] == options[0]["label"]
    assert any(f["name"] in ("Source", "출처") and BLOTER in f["value"] for f in embed["fields"])
    assert [b["emoji"]["name"] for b in buttons(picked.reply)] == ["👍", "👎"]


async def test_feedback_acknowledged_once_per_user(fake, live):
    asker, voter = fake.make_user(), fake.make_user()
    rec = await (await fake.ask("how many papers did kakao publish", user=asker)).wait()
    up, down = buttons(rec.reply)
    first = await (await fake.click(rec.original, up["custom_id"], user=voter)).wait()
    assert first.reply["flags"] & EPHEMERAL and "Thanks" in first.reply["content"]
    again = await (await fake.click(rec.original, down["custom_id"], user=voter)).wait()
    assert again.reply["flags"] & EPHEMERAL and "already" in again.reply["content"]
    mine = await (await fake.click(rec.original, down["custom_id"], user=asker)).wait()
    assert "Thanks" in mine.reply["content"]
    store = live.bot.store
    assert store is not None
    await asyncio.to_thread(store.flush)
    [row] = [r for r in store.feedback_summary() if r.question == "how many papers did kakao publish"]
    assert (row.intent, row.up, row.down) == ("paper_count", 1, 1)


# ------------------------------------------------------------------------------ other entries


async def test_guild_mention_is_answered_as_a_reply(fake, live):
    msg = fake.user_message(f"<@{fake.bot_user['id']}> how many papers did kakao publish?",
                            author=fake.make_user(), mention_bot=True)
    await fake.post_user_message(msg)
    sent = await fake.wait_reply_to(msg)
    body = sent["request"]
    assert "40" in body["embeds"][0]["description"]
    assert body["message_reference"]["message_id"] in (msg["id"], int(msg["id"]))
    assert render.limit_problems(body) == []


async def test_guild_message_without_mention_is_ignored(fake, live):
    msg = fake.user_message("how many papers did kakao publish?", author=fake.make_user())
    await fake.post_user_message(msg)
    probe = fake.user_message(f"<@{fake.bot_user['id']}> papers", author=fake.make_user(), mention_bot=True)
    await fake.post_user_message(probe)
    await fake.wait_reply_to(probe)  # events are handled in order: the first one had its chance
    assert fake.replies_to(msg) == []


async def test_dm_is_a_question(fake, live):
    msg = fake.user_message("하이퍼클로바 파라미터 몇 개야", author=fake.make_user(), dm=True)
    await fake.post_user_message(msg)
    sent = await fake.wait_reply_to(msg)
    assert "2040억" in sent["request"]["embeds"][0]["description"]
    assert sent["message"]["channel_id"] == msg["channel_id"]


async def test_mention_without_question_gets_short_help(fake, live):
    msg = fake.user_message(f"<@{fake.bot_user['id']}>", author=fake.make_user(), mention_bot=True)
    await fake.post_user_message(msg)
    sent = await fake.wait_reply_to(msg)
    assert "Please type a question" in embed_text(sent["request"])


async def test_context_menu_answers_the_message_text(fake, live):
    target = fake.user_message("카카오는 논문을 얼마나 냈지", author=fake.make_user())
    rec = await (await fake.context_menu("Ask the bot", target, user=fake.make_user())).wait()
    assert "40" in rec.reply["embeds"][0]["description"]
    empty = fake.user_message("", author=fake.make_user())
    rec = await (await fake.context_menu("Ask the bot", empty, user=fake.make_user())).wait()
    assert rec.reply["flags"] & EPHEMERAL and "no text" in embed_text(rec.reply)


async def test_slash_in_dm(fake, live):
    rec = await (await fake.ask("how many papers did kakao publish", user=fake.make_user(), dm=True)).wait()
    assert "40" in rec.reply["embeds"][0]["description"]


# ------------------------------------------------------------------------------ info commands


@pytest.mark.parametrize("locale", ["en-US", "ko"])
@pytest.mark.parametrize("name", ["topics", "sources", "help"])
async def test_info_commands_fit_discord_limits(fake, live, name, locale):
    rec = await (await fake.slash(name, user=fake.make_user(), locale=locale)).wait()
    reply = rec.reply
    assert render.limit_problems(reply) == []
    text = embed_text(reply)
    if name == "sources":
        assert BLOTER in text and "블로터 (Bloter)" in text and "2021-12-29" in text
    if name == "topics":
        assert ("Kakao" in text) if locale == "en-US" else ("카카오" in text)
    if name == "help":
        assert ("Ask about" in text and "/ask" in text) if locale == "en-US" else ("물어보세요" in text and "/질문" in text)


# ------------------------------------------------------------------------------ cooldown


async def test_cooldown_after_five_questions(fake, live):
    user = fake.make_user()
    recs = [await (await fake.ask(f"how many papers did kakao publish {i}", user=user)).wait() for i in range(6)]
    assert all("40" in r.reply["embeds"][0]["description"] for r in recs[:5])
    last = recs[5].reply
    assert last["flags"] & EPHEMERAL
    assert "wait" in embed_text(last) and "seconds" in embed_text(last)
    # someone else is not affected
    other = await (await fake.ask("how many papers did kakao publish", user=fake.make_user())).wait()
    assert "40" in other.reply["embeds"][0]["description"]


async def test_every_message_the_bot_sent_allows_no_mentions(fake, live):
    sent = fake.bot_messages()
    assert len(sent) > 20
    for body in sent:
        assert body.get("allowed_mentions", {}).get("parse") == [], body
        assert render.limit_problems({"content": "x", **body} if not body.get("embeds") else body) == []


async def test_config_autoanswer_without_the_intent_says_it_starts_after_a_restart(fake, live):
    """This bot started with no server using auto-answers, so it has no message content intent: the
    admin is told the answers begin after the next restart (the intent is requested at start)."""
    admin = fake.make_user("admin")
    perms = str(2248473465835073 | (1 << 5))
    rec = await (await fake.slash("config", {"channel": fake.channel(fake.help_channel_id)}, user=admin,
                                  subcommand="autoanswer", permissions=perms)).wait(20)
    try:
        assert rec.ephemeral and "next restart" in embed_text(rec.reply)
        assert fake.identifies[-1]["intents"] & (1 << 15) == 0
        helped = await fake.post_user_message(fake.user_message("하이퍼클로바 파라미터 몇 개야?", author=admin,
                                                                channel_id=fake.help_channel_id))
        ping = await fake.post_user_message(fake.user_message(f"<@{fake.bot_user['id']}> 카카오 논문 몇 편?",
                                                              author=fake.make_user(), mention_bot=True))
        await fake.wait_reply_to(ping, timeout=20)
        assert fake.replies_to(helped) == []  # its content never arrived (Discord blanks it without the intent)
    finally:
        live.bot.store.set_guild_setting(int(fake.guild_id), "autoanswer_channel", None)
