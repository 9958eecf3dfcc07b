"""Discord protocol syntax stays in the adapter (issue 11 items 5 and 6).

Item 5: Discord's strings and mention syntax live in bot/chat, not in the core; one scrubber removes
mention syntax before the core sees a question, on every entry, so the question answered, shown and
stored is the same text. Item 6: the question echoed in the embed title has Discord markdown escaped,
so it cannot restyle the reply or fake an answer.
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import pytest_asyncio

from fakediscord.harness import start_bot

ASYNC = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[1]
MENTION_SYNTAX = re.compile(r"<@[!&]?\d+>|<#\d+>|<a?:\w+:\d+>|</[\w -]+:\d+>|<t:-?\d+(?::\w)?>|@(?:everyone|here)", re.I)
MARKDOWN = set("\\*_~|`[]<")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(fake, tmp_path_factory):
    from bot.chat.runner import open_store
    from fakediscord.harness import settings_for

    data_dir = tmp_path_factory.mktemp("data")
    store = open_store(settings_for(fake, data_dir=data_dir))
    harness = await start_bot(fake, store=store, data_dir=data_dir)
    yield harness
    await harness.stop()


def unescaped(title: str) -> list[str]:
    """Markdown characters in `title` that Discord would interpret (not preceded by a backslash)."""
    out, i = [], 0
    while i < len(title):
        ch = title[i]
        if ch == "\\" and i + 1 < len(title):
            i += 2
            continue
        if ch in MARKDOWN:
            out.append(ch)
        i += 1
    stripped = title.lstrip()
    if stripped[:1] in ("#", ">", "-"):
        out.append("line start " + stripped[:1])
    return out


# ------------------------------------------------------------------------------ item 5


def test_core_has_no_discord_syntax_or_strings():
    text = (ROOT / "bot/core/text.py").read_text(encoding="utf-8")
    assert "<@" not in text and "everyone" not in text
    from bot.core import messages

    discord_only = {"help_discord", "vote_up", "vote_down", "vote_thanks", "vote_again", "cooldown", "owner_only",
                    "reload_ok", "reload_failed", "reload_busy", "dym_only_asker", "no_text_message", "topics_title",
                    "topics_more", "sources_title", "sources_more", "more_lines", "error"}
    assert discord_only.isdisjoint(messages.MESSAGES)
    for entry in messages.MESSAGES.values():
        for sentence in entry.values():
            assert "/ask" not in sentence and "/질문" not in sentence and "👍" not in sentence, sentence
    from bot.chat import strings

    assert all(strings.t(k, lang) for k in discord_only - {"cooldown", "reload_ok", "reload_failed", "topics_more",
                                                          "sources_more", "more_lines"} for lang in ("en", "ko"))


def test_one_scrubber():
    from bot.chat.mentions import scrub

    assert scrub("<@42> how many <@!42>papers") == "how many papers"
    assert scrub("hey <@&1111111111111111> in <#2222222222222222>, @everyone @\u200bhere <:kakao:123> "
                 "<a:x:1> </ask:12> <t:0:R> what?") == "hey in , what?"
    assert scrub("mail me at a@here.com") == "mail me at a@here.com"
    for module in ("bot/chat/answering.py", "bot/chat/cogs/ask.py", "bot/core/text.py"):
        assert "<@" not in (ROOT / module).read_text(encoding="utf-8"), module


@ASYNC
@pytest.mark.parametrize("entry", ["slash", "mention", "dm", "menu"])
async def test_mentions_removed_before_the_core_on_every_entry(fake, live, entry):
    user = fake.make_user()
    noise = "<@&999> <#123> @everyone <:kakao:456> <@789>"
    question = f"{noise} how many papers did kakao publish {entry}"
    if entry == "slash":
        body = (await (await fake.ask(question, user=user)).wait()).reply
    elif entry == "menu":
        body = (await (await fake.context_menu("Ask the bot", fake.user_message(question, author=user),
                                               user=user)).wait()).reply
    else:
        text = question if entry == "dm" else f"<@{fake.bot_user['id']}> {question}"
        msg = fake.user_message(text, author=user, dm=entry == "dm", mention_bot=entry == "mention")
        await fake.post_user_message(msg)
        body = (await fake.wait_reply_to(msg))["request"]
    [embed] = body["embeds"]
    assert "40" in embed["description"]
    assert embed["title"] == f"how many papers did kakao publish {entry}"
    assert not MENTION_SYNTAX.search(embed["title"])


@ASYNC
async def test_stored_question_is_the_question_shown(fake, live):
    rec = await (await fake.ask("<@123456789012345678> @here what is the weather in Busan today",
                                user=fake.make_user())).wait()
    title = rec.reply["embeds"][0]["title"]
    assert title == "what is the weather in Busan today"
    store = live.bot.store
    await asyncio.to_thread(store.flush)
    kept = [r.question for r in store.unanswered() if "Busan" in r.question]
    assert kept == [title]


# ------------------------------------------------------------------------------ item 6


@ASYNC
@pytest.mark.parametrize(
    "question",
    [
        "[how many papers did kakao publish](https://evil.example/answer) ||40||",
        "# The answer is 12 papers",
        "> quoted: kakao published 12 papers",
        "-# small print kakao papers",
        "```kakao papers``` `x` **bold** __under__ ~~strike~~ *it* _it_",
        "<t:0:R> \\*kakao\\* papers",
    ],
)
async def test_question_echo_escapes_markdown(fake, live, question):
    rec = await (await fake.ask(question, user=fake.make_user())).wait()
    title = rec.reply["embeds"][0]["title"]
    assert unescaped(title) == [], title
    # what is escaped still reads as the question
    assert re.sub(r"\\(.)", r"\1", title).replace(" ", "") in question.replace(" ", "").replace("<t:0:R>", ""), title


def test_escape_round_trip():
    from bot.chat.render import escape_markdown, unescape_markdown

    for text in ["[a](b) ||c|| `d` **e** _f_ ~g~ \\h <i>", "# heading", "> quote", "-# sub", "plain 40%"]:
        assert unescape_markdown(escape_markdown(text)) == text
    assert escape_markdown("plain question?") == "plain question?"


@ASYNC
async def test_vote_stores_the_question_unescaped(fake, live):
    asker = fake.make_user()
    rec = await (await fake.ask("how many papers did kakao publish *now*", user=asker)).wait()
    up = [c for row in rec.reply["components"] for c in row["components"]][0]
    await (await fake.click(rec.original, up["custom_id"], user=fake.make_user())).wait()
    store = live.bot.store
    await asyncio.to_thread(store.flush)
    assert [r.question for r in store.feedback_summary() if "now" in r.question] == [
        "how many papers did kakao publish *now*"]
