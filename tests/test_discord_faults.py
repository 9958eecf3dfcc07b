"""Discord faults: dropped gateway connections, RECONNECT, INVALID_SESSION, REST 429/500, and a
reply that would miss the 3-second interaction deadline. Nothing may be lost."""
from __future__ import annotations

import time

import pytest
import pytest_asyncio

from fakediscord.harness import SlowEngine, start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

QUESTION = "how many papers did kakao publish"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(fake, tmp_path_factory):
    harness = await start_bot(fake, data_dir=tmp_path_factory.mktemp("data"))
    yield harness
    await harness.stop()


async def answered(fake, question=QUESTION, timeout=10.0):
    rec = await (await fake.ask(question, user=fake.make_user())).wait(timeout)
    assert "40" in rec.reply["embeds"][0]["description"], rec.reply
    return rec


@pytest.mark.parametrize("code", [4000, 1006])
async def test_gateway_close_resumes_and_answers(fake, live, code):
    identifies, resumes = len(fake.identifies), len(fake.resumes)
    session_id = fake.live_sessions()[0].id
    await fake.close_gateway(code)
    await fake.wait_until(lambda: len(fake.resumes) > resumes and fake.live_sessions(), timeout=15)
    assert fake.resumes[-1]["session_id"] == session_id
    assert len(fake.identifies) == identifies  # resumed, not re-identified
    await answered(fake)


async def test_events_sent_while_disconnected_are_replayed_and_answered(fake, live):
    resumes = len(fake.resumes)
    await fake.close_gateway(1006)
    # the bot is offline: these are buffered and must arrive through RESUME
    pending = [await fake.ask(QUESTION, user=fake.make_user()) for _ in range(3)]
    await fake.wait_until(lambda: len(fake.resumes) > resumes, timeout=15)
    for rec in pending:
        await rec.wait(10)
        assert "40" in rec.reply["embeds"][0]["description"]


async def test_op7_reconnect_resumes(fake, live):
    resumes = len(fake.resumes)
    await fake.request_reconnect()
    await fake.wait_until(lambda: len(fake.resumes) > resumes and fake.live_sessions(), timeout=15)
    await answered(fake)


async def test_op9_invalid_session_reidentifies(fake, live):
    identifies = len(fake.identifies)
    old = fake.live_sessions()[0].id
    await fake.invalidate_session(resumable=False)
    # discord.py waits ~5 s before a fresh IDENTIFY (Discord's identify rate limit)
    await fake.wait_until(lambda: len(fake.identifies) > identifies and fake.live_sessions(), timeout=20)
    assert fake.live_sessions()[0].id != old
    await answered(fake)


async def test_429_on_interaction_callback_is_retried_and_delivered(fake, live):
    fault = fake.fail("POST", r"^/interactions/\d+/[^/]+/callback$", 429, retry_after=0.4)
    started = time.monotonic()
    rec = await answered(fake)
    assert fault.hits == 1
    attempts = [r for r in fake.requests if r.path == f"/interactions/{rec.id}/{rec.token}/callback"]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.35  # waited retry_after
    assert time.monotonic() - started < 3


async def test_500_on_interaction_callback_is_retried_and_delivered(fake, live):
    fault = fake.fail("POST", r"^/interactions/\d+/[^/]+/callback$", 500)
    rec = await answered(fake)
    assert fault.hits == 1
    attempts = [r.status for r in fake.requests if r.path == f"/interactions/{rec.id}/{rec.token}/callback"]
    assert attempts == [500, 200]


@pytest.mark.parametrize("status", [429, 500])
async def test_faults_on_channel_replies_are_retried(fake, live, status):
    fault = fake.fail("POST", r"^/channels/\d+/messages$", status, retry_after=0.3)
    msg = fake.user_message(f"<@{fake.bot_user['id']}> {QUESTION}", author=fake.make_user(), mention_bot=True)
    await fake.post_user_message(msg)
    sent = await fake.wait_reply_to(msg, timeout=10)
    assert fault.hits == 1 and "40" in sent["request"]["embeds"][0]["description"]


async def test_slow_answer_is_deferred_then_followed_up(fake, live):
    real = live.engines.current
    live.engines.replace(SlowEngine(real, 3.5))  # longer than Discord's 3 s deadline
    try:
        rec = await (await fake.ask(QUESTION, user=fake.make_user(), private=True)).wait(15)
    finally:
        live.engines.replace(real)
    assert rec.response_type == 5  # deferred ("thinking") in time
    first = [r for r in fake.requests if r.path == f"/interactions/{rec.id}/{rec.token}/callback"][0]
    assert first.at - rec.sent_at < 2.5
    assert rec.callbacks[0]["data"]["flags"] & (1 << 6)  # the private answer stays private
    assert rec.edits and "40" in rec.reply["embeds"][0]["description"]
    assert rec.reply["allowed_mentions"]["parse"] == []
    assert not rec.rejected
    assert rec.latency >= 3.5


async def test_fast_answer_is_not_deferred(fake, live):
    rec = await answered(fake)
    assert rec.response_type == 4 and rec.latency < 1.5


async def test_unexpected_error_gets_an_ephemeral_sentence_and_is_logged(fake, live, caplog):
    class Broken:
        def __getattr__(self, name):
            return getattr(real, name)

        def ask(self, question):
            raise RuntimeError("boom")

    real = live.engines.current
    live.engines.replace(Broken())
    try:
        with caplog.at_level("ERROR", logger="bot.chat.tree"):
            rec = await (await fake.ask(QUESTION, user=fake.make_user())).wait()
    finally:
        live.engines.replace(real)
    assert rec.reply["flags"] & (1 << 6)
    text = rec.reply["embeds"][0]["description"]
    assert text.startswith("Sorry, something went wrong") and text.endswith(".")
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)
    await answered(fake)  # and the bot carries on
