"""Issue 12 through the local Discord: follow-ups per place and user, the user install, /config, and
help-channel auto-answers. One bot for the module; each test uses its own users (per-user cooldown).

Run with `-s` to see the transcripts (what was sent, what the bot replied).
"""
from __future__ import annotations

import time

import pytest
import pytest_asyncio

from fakediscord.harness import settings_for, start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

EPHEMERAL = 1 << 6
MESSAGE_CONTENT = 1 << 15
MANAGE_GUILD = 1 << 5
MEMBER = 2248473465835073  # the fake's default member permissions: no Manage Server, no Administrator
ADMIN = str(MEMBER | MANAGE_GUILD)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(fake, tmp_path_factory):
    from bot.chat.runner import open_store

    data_dir = tmp_path_factory.mktemp("data")
    store = open_store(settings_for(fake, data_dir=data_dir))
    # a server that configured auto-answers earlier (another process, or before a restart)
    store.set_guild_setting(int(fake.guild_id), "autoanswer_channel", int(fake.help_channel_id))
    harness = await start_bot(fake, store=store, data_dir=data_dir)
    yield harness
    await harness.stop()


def text_of(msg: dict) -> str:
    parts = [msg.get("content") or ""]
    for e in msg.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
    return "\n".join(p for p in parts if p)


def answer_of(msg: dict) -> str:
    """The answer sentence (the embed's description), for transcripts."""
    embeds = msg.get("embeds") or []
    return (embeds[0].get("description") or "") if embeds else (msg.get("content") or "")


def buttons(msg: dict) -> list[dict]:
    return [c for row in msg.get("components") or [] for c in row.get("components") or []]


def transcript(title: str, lines: list[tuple[str, str]]) -> None:
    print(f"\n--- {title}")
    for who, said in lines:
        print(f"{who:>5}: {' / '.join(said.splitlines())[:300]}")


async def say(fake, content: str, **kw) -> dict:
    msg = await fake.post_user_message(fake.user_message(content, **kw))
    return (await fake.wait_reply_to(msg, timeout=20))["request"]


async def slash_ask(fake, question: str, **kw):
    return await (await fake.ask(question, **kw)).wait(20)


# ------------------------------------------------------------------------------ (1) follow-ups


async def test_follow_up_in_a_dm(fake, live):
    user = fake.make_user("dm")
    r1 = await say(fake, "카카오 논문 몇 편?", author=user, dm=True)
    r2 = await say(fake, "그럼 네이버는?", author=user, dm=True)
    transcript("follow-up in a DM", [("user", "카카오 논문 몇 편?"), ("bot", answer_of(r1)),
                                     ("user", "그럼 네이버는?"), ("bot", answer_of(r2))])
    assert "40" in answer_of(r1)
    assert "112" in answer_of(r2) and "40건을" not in answer_of(r2)


async def test_follow_up_by_mention_is_per_user(fake, live):
    me, other = fake.make_user("asker"), fake.make_user("bystander")
    bot = f"<@{fake.bot_user['id']}>"
    r1 = await say(fake, f"{bot} how many papers did Kakao Brain publish?", author=me, mention_bot=True)
    r_other = await say(fake, f"{bot} and Kakao Enterprise?", author=other, mention_bot=True)
    r2 = await say(fake, f"{bot} and Kakao Enterprise?", author=me, mention_bot=True)
    transcript("follow-up by mention in a guild channel", [
        ("user", "@factbot how many papers did Kakao Brain publish?"), ("bot", answer_of(r1)),
        ("other", "@factbot and Kakao Enterprise?"), ("bot", answer_of(r_other)),
        ("user", "@factbot and Kakao Enterprise?"), ("bot", answer_of(r2))])
    assert "15" in answer_of(r1)
    assert "25" in answer_of(r2) and "15 AI papers" not in answer_of(r2)
    assert "25" not in answer_of(r_other)  # another user's question is not their context


async def test_follow_up_by_slash_ask(fake, live):
    user = fake.make_user("slash")
    r1 = await slash_ask(fake, "When was HyperCLOVA released?", user=user)
    r2 = await slash_ask(fake, "what about its parameters?", user=user)
    r3 = await slash_ask(fake, "하이퍼클로바 파라미터 몇 개야?", user=user)  # a complete question replaces it
    transcript("follow-up by /ask", [("user", "/ask When was HyperCLOVA released?"), ("bot", answer_of(r1.reply)),
                                    ("user", "/ask what about its parameters?"), ("bot", answer_of(r2.reply)),
                                    ("user", "/ask 하이퍼클로바 파라미터 몇 개야?"), ("bot", answer_of(r3.reply))])
    assert "204 billion" in answer_of(r2.reply)
    assert "2040억" in answer_of(r3.reply)


async def test_follow_up_expires(fake, live):
    followups = live.bot.answerer.followups
    user = fake.make_user("late")
    real = followups.clock
    try:
        r1 = await say(fake, "카카오 논문 몇 편?", author=user, dm=True)
        offset = live.bot.settings.followup_seconds + 1
        followups.clock = lambda: real() + offset  # eleven minutes later
        r2 = await say(fake, "그럼 네이버는?", author=user, dm=True)
    finally:
        followups.clock = real
    transcript("follow-up after the 10 minutes", [("user", "카카오 논문 몇 편?"), ("bot", answer_of(r1)),
                                                ("user", "(11 min later) 그럼 네이버는?"), ("bot", answer_of(r2))])
    assert "112" not in answer_of(r2) and "네이버" in answer_of(r2)


async def test_followups_memory_is_bounded_lru():
    from bot.chat.followups import Followups
    from bot.core.result import Context

    now = [0.0]
    f = Followups(600, 3, clock=lambda: now[0])
    for i in range(3):
        f.put((1, i), Context(f"q{i}", "en"))
    assert f.get((1, 0)).question == "q0"  # used: most recent now
    f.put((1, 3), Context("q3", "en"))
    assert len(f) == 3 and f.get((1, 1)) is None and f.get((1, 0)) is not None
    f.put((1, 0), None)  # a declined question keeps the context
    assert f.get((1, 0)).question == "q0"
    now[0] = 600.0
    assert f.get((1, 0)) is None
    assert Followups(0, 3).get((1, 0)) is None


# ------------------------------------------------------------------------------ (2) user install


async def test_registered_payloads_are_user_installable(fake, live):
    for name in ("ask", "sources", "topics", "help", "Ask the bot"):
        cmd = fake.registered(name)
        assert sorted(cmd["integration_types"]) == [0, 1], name
        assert sorted(cmd["contexts"]) == [0, 1, 2], name
    config = fake.registered("config")
    assert config["integration_types"] == [0] and config["contexts"] == [0]
    assert str(config["default_member_permissions"]) == str(MANAGE_GUILD)
    assert fake.registered("reload")["integration_types"] == [0]


async def test_user_install_interaction_in_a_foreign_server_is_answered_ephemerally(fake, live):
    user = fake.make_user("traveller")
    rec = await slash_ask(fake, "how many papers did kakao publish", user=user, where="user-guild")
    assert rec.payload["authorizing_integration_owners"] == {"1": user["id"]}
    shown = await slash_ask(fake, "하이퍼클로바 파라미터 몇 개야?", user=user, where="user-guild", private=False)
    group = await slash_ask(fake, "카카오 논문 몇 편?", user=user, where="group-dm")
    topics = await (await fake.slash("topics", user=user, where="user-guild")).wait(20)
    transcript("user install, a server that never added the bot", [
        ("user", "/ask how many papers did kakao publish"), ("bot", f"[ephemeral={rec.ephemeral}] " + answer_of(rec.reply)),
        ("user", "/ask 하이퍼클로바 파라미터 몇 개야? private:False"),
        ("bot", f"[ephemeral={shown.ephemeral}] " + answer_of(shown.reply)),
        ("user", "(group DM) /ask 카카오 논문 몇 편?"), ("bot", f"[ephemeral={group.ephemeral}] " + answer_of(group.reply))])
    assert rec.ephemeral and "40" in answer_of(rec.reply)
    assert not shown.ephemeral and "2040억" in answer_of(shown.reply)  # the user asked otherwise
    assert group.ephemeral and "40" in answer_of(group.reply)
    assert topics.ephemeral and topics.reply["embeds"]
    # in the test guild (which added the bot) the same question is public
    home = await slash_ask(fake, "how many papers did kakao publish", user=user)
    assert not home.ephemeral


async def test_user_install_in_a_dm(fake, live):
    user = fake.make_user("dm-slash")
    rec = await slash_ask(fake, "how many papers did kakao publish", user=user, dm=True)
    assert rec.payload["authorizing_integration_owners"] == {"1": user["id"]}
    assert not rec.ephemeral and "40" in answer_of(rec.reply)


# ------------------------------------------------------------------------------ (4) /config


async def config(fake, sub: str, options=None, *, user, permissions=ADMIN):
    return await (await fake.slash("config", options or {}, user=user, subcommand=sub,
                                   permissions=permissions)).wait(20)


async def test_non_admin_config_is_refused(fake, live):
    user = fake.make_user("member")
    before = live.bot.store.guild_settings(int(fake.guild_id))
    shown = await config(fake, "show", user=user, permissions=str(MEMBER))
    changed = await config(fake, "private", {"value": True}, user=user, permissions=str(MEMBER))
    transcript("/config by a member without Manage Server", [("user", "/config private value:True"),
                                                              ("bot", answer_of(changed.reply))])
    for rec in (shown, changed):
        assert rec.ephemeral and "Manage Server" in answer_of(rec.reply)
    assert live.bot.store.guild_settings(int(fake.guild_id)) == before
    # a user install cannot configure a server that never added the bot
    away = await (await fake.slash("config", {}, user=user, subcommand="show", where="user-guild",
                                   permissions=ADMIN)).wait(20)
    assert away.ephemeral and "added the bot" in answer_of(away.reply)


async def test_admin_config_is_kept_in_the_store_and_read_at_each_interaction(fake, live):
    admin, user = fake.make_user("admin"), fake.make_user("member2")
    gid = int(fake.guild_id)
    try:
        shown = await config(fake, "show", user=admin)
        lang = await config(fake, "language", {"value": "ko"}, user=admin)
        assert live.bot.store.guild_settings(gid)["language"] == "ko"
        helped = await (await fake.slash("help", user=user, locale="en-US")).wait(20)
        priv = await config(fake, "private", {"value": True}, user=admin)
        assert live.bot.store.guild_settings(gid)["private"] is True
        hidden = await slash_ask(fake, "how many papers did kakao publish", user=user)
        public = await slash_ask(fake, "how many papers did kakao publish", user=fake.make_user(), private=False)
        # another process (or the database by hand) changes it: the next interaction sees it
        live.bot.store.set_guild_setting(gid, "private", None)
        again = await slash_ask(fake, "how many papers did kakao publish", user=fake.make_user())
    finally:
        live.bot.store.set_guild_setting(gid, "language", None)
        live.bot.store.set_guild_setting(gid, "private", None)
    transcript("/config by an admin", [("admin", "/config show"), ("bot", answer_of(shown.reply)),
                                      ("admin", "/config language value:ko"), ("bot", answer_of(lang.reply)),
                                      ("user", "/help (Discord in English)"), ("bot", answer_of(helped.reply)[:120]),
                                      ("admin", "/config private value:True"), ("bot", answer_of(priv.reply)),
                                      ("user", "/ask how many papers did kakao publish"),
                                      ("bot", f"[ephemeral={hidden.ephemeral}] " + answer_of(hidden.reply))])
    assert "Language: each user's Discord language (default)" in answer_of(shown.reply)
    assert f"<#{fake.help_channel_id}>" in answer_of(shown.reply)
    assert "저장했습니다" in answer_of(lang.reply)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in answer_of(helped.reply))  # the server's language
    assert hidden.ephemeral and not public.ephemeral and not again.ephemeral


# ------------------------------------------------------------------------------ (3) auto-answers


async def test_message_content_intent_requested_because_a_server_uses_auto_answers(fake, live):
    assert fake.identifies[-1]["intents"] & MESSAGE_CONTENT


async def test_auto_answer_in_the_configured_channel_only(fake, live):
    stats = live.bot.answerer.auto_stats
    user = fake.make_user("helpseeker")
    elsewhere_before = stats["elsewhere"]
    general = await fake.post_user_message(fake.user_message("카카오 논문 몇 편?", author=user))
    await fake.wait_until(lambda: stats["elsewhere"] > elsewhere_before, timeout=20)
    helped = await say(fake, "하이퍼클로바 파라미터 몇 개야?", author=user, channel_id=fake.help_channel_id)
    transcript("auto-answer in #help", [("user", "#general: 카카오 논문 몇 편?"), ("bot", "(nothing)"),
                                        ("user", "#help: 하이퍼클로바 파라미터 몇 개야?"),
                                        ("bot", helped.get("content", "") + " / " + answer_of(helped))])
    assert fake.replies_to(general) == []
    assert "2040억" in answer_of(helped)
    assert "사람" in helped["content"]  # how to reach a person
    assert {b.get("emoji", {}).get("name") for b in buttons(helped)} == {"👍", "👎"}
    assert helped["message_reference"]["message_id"]


async def test_no_auto_answer_below_the_threshold(fake, live):
    stats = live.bot.answerer.auto_stats
    user = fake.make_user("vague")
    sent = []
    for question in ("what about naver papers count maybe", "삼성 논문 몇 건?"):
        before = stats["unsure"]
        sent.append(await fake.post_user_message(fake.user_message(question, author=user,
                                                                   channel_id=fake.help_channel_id)))
        await fake.wait_until(lambda: stats["unsure"] > before, timeout=20)
    transcript("no auto-answer below the threshold", [
        ("user", "#help: what about naver papers count maybe  (answered at 69%, below 85%)"), ("bot", "(nothing)"),
        ("user", "#help: 삼성 논문 몇 건?  (declined)"), ("bot", "(nothing)")])
    assert all(fake.replies_to(m) == [] for m in sent)


async def test_auto_answer_on_a_forum_post_and_the_channel_rate_limit(fake, live):
    stats = live.bot.answerer.auto_stats
    admin, user = fake.make_user("forum-admin"), fake.make_user("poster")
    try:
        set_forum = await config(fake, "autoanswer", {"channel": fake.channel(fake.forum_id)}, user=admin)
        assert live.bot.store.guild_settings(int(fake.guild_id))["autoanswer_channel"] == int(fake.forum_id)
        post = await fake.forum_post("카카오 논문 몇 편?", author=user)
        reply = (await fake.wait_reply_to(post, timeout=20))["request"]
        transcript("auto-answer on a forum post", [("admin", f"/config autoanswer channel:#help-forum"),
                                                   ("bot", answer_of(set_forum.reply)),
                                                   ("user", "new forum post: 카카오 논문 몇 편?"),
                                                   ("bot", reply.get("content", "") + " / " + answer_of(reply))])
        assert "40" in answer_of(reply)
        # AUTOANSWER_RATE (3) per AUTOANSWER_SECONDS in one channel: the 4th confident post waits
        limited = stats["limited"]
        for i in range(3):
            await fake.forum_post("하이퍼클로바 파라미터 몇 개야?", author=fake.make_user(f"p{i}"))
        await fake.wait_until(lambda: stats["limited"] > limited, timeout=30)
        assert stats["limited"] == limited + 1
    finally:
        live.bot.store.set_guild_setting(int(fake.guild_id), "autoanswer_channel", int(fake.help_channel_id))
