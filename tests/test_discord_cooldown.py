"""Over the cooldown, every question is told so, within Discord's limits (issue 11 item 3).

A DM or mention over the limit gets one short reply per window that says when the user may ask
again, and every further one a ⏳ reaction (never silence); /ask says it every time, ephemerally.
"""
from __future__ import annotations

import re
import time

import pytest
import pytest_asyncio

from fakediscord.harness import start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")
RATE, PER = 3, 30.0


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(fake, tmp_path_factory):
    harness = await start_bot(fake, data_dir=tmp_path_factory.mktemp("data"), cooldown_rate=RATE, cooldown_seconds=PER)
    yield harness
    await harness.stop()


def text_of(body: dict) -> str:
    return "\n".join([body.get("content") or ""] + [e.get("description") or "" for e in body.get("embeds") or []])


def says_when(text: str) -> bool:
    """'... wait N seconds ...' and a Discord timestamp <t:unix:R> within the window."""
    m = re.search(r"<t:(\d+):R>", text)
    return bool(re.search(r"\d+ seconds", text)) and m is not None and 0 < int(m[1]) - time.time() <= PER + 2


@pytest.mark.parametrize("where", ["dm", "mention"])
async def test_every_message_over_the_cooldown_is_told(fake, live, where):
    user = fake.make_user()
    prefix = "" if where == "dm" else f"<@{fake.bot_user['id']}> "
    msgs = []
    for i in range(RATE + 4):
        msg = fake.user_message(f"{prefix}how many papers did kakao publish {i}", author=user, dm=where == "dm",
                                mention_bot=where == "mention")
        await fake.post_user_message(msg)
        msgs.append(msg)

    def told(msg: dict) -> bool:
        return bool(fake.replies_to(msg)) or any(r["message_id"] == msg["id"] for r in fake.reactions)

    await fake.wait_until(lambda: all(told(m) for m in msgs), timeout=30)
    answered = [fake.replies_to(m)[0]["request"] for m in msgs[:RATE]]
    assert all("40" in text_of(b) for b in answered)
    over = msgs[RATE:]
    notice = fake.replies_to(over[0])
    assert notice and says_when(text_of(notice[0]["request"])), notice
    for m in over[1:]:  # one reply per window, then a reaction on each message
        assert not fake.replies_to(m)
        assert [r["emoji"] for r in fake.reactions if r["message_id"] == m["id"]] == ["⏳"]


async def test_slash_over_the_cooldown_says_when_every_time(fake, live):
    user = fake.make_user()
    recs = [await (await fake.ask(f"how many papers did kakao publish {i}", user=user)).wait() for i in range(RATE + 3)]
    assert all("40" in text_of(r.reply) for r in recs[:RATE])
    for r in recs[RATE:]:
        assert r.reply["flags"] & (1 << 6) and says_when(text_of(r.reply)), r.reply
