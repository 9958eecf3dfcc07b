"""Replies through the local Discord while PostgreSQL stops answering (issue 13: a database outage never
delays a reply). The bot's store goes through a relay (tests/netproxy.py) to the session's PostgreSQL;
the relay then swallows every packet, as a database host that drops them would."""
from __future__ import annotations

import asyncio
import time

import pytest

from fakediscord.harness import settings_for, start_bot
from netproxy import TcpProxy

pytestmark = pytest.mark.asyncio(loop_scope="module")

QUESTION = "how many papers did kakao publish"


def buttons(msg: dict) -> list[dict]:
    return [c for row in msg.get("components") or [] for c in row.get("components") or []]


async def test_replies_are_not_delayed_when_postgresql_stops_answering(fake, pg_server, pg_url, tmp_path):
    from bot.chat.runner import open_store

    proxy = TcpProxy(pg_server.port)
    store = open_store(settings_for(fake, data_dir=tmp_path, database_url=proxy.url(pg_url)))
    assert store is not None and store.backend == "postgresql"
    store.set_guild_setting(int(fake.guild_id), "private", True)  # this server's answers are private
    harness = await start_bot(fake, store=store, data_dir=tmp_path)
    try:
        voted = await (await fake.ask(QUESTION, user=fake.make_user(), private=False)).wait()
        up, down = buttons(voted.reply)
        voter, voter2 = fake.make_user(), fake.make_user()
        assert "Thanks" in (await (await fake.click(voted.original, up["custom_id"], user=voter)).wait()).reply["content"]
        await asyncio.to_thread(store.flush)
        assert (await (await fake.ask(QUESTION, user=fake.make_user())).wait()).ephemeral  # read from the database

        proxy.blackhole()  # from here on, the database host answers nothing

        async def timely(rec_coro, timeout: float = 10.0):
            t = time.monotonic()
            rec = await (await rec_coro).wait(timeout)
            took = time.monotonic() - t
            assert took < 1.0 and rec.response_type in (4, 7), (took, rec.response_type)  # answered, not deferred
            return rec

        answered = await timely(fake.ask(QUESTION, user=fake.make_user()))
        assert answered.ephemeral  # the server's setting as last read
        assert "papers" in str(answered.reply).lower()
        declined = await timely(fake.ask("what is the weather in Seoul tomorrow", user=fake.make_user()))
        assert "won't guess" in str(declined.reply) and declined.ephemeral
        # votes: the committed one can't be checked now (taken as new; the insert ignores it), the
        # ones still in memory are
        again = await timely(fake.click(voted.original, down["custom_id"], user=voter))
        assert "Thanks" in again.reply["content"]
        first = await timely(fake.click(voted.original, up["custom_id"], user=voter2))
        assert "Thanks" in first.reply["content"]
        repeat = await timely(fake.click(voted.original, down["custom_id"], user=voter2))
        assert "already" in repeat.reply["content"]
        for _ in range(3):  # and it stays so for every interaction in the outage
            assert (await timely(fake.ask(QUESTION, user=fake.make_user()))).ephemeral

        proxy.restore()
        await asyncio.to_thread(store.flush, 30)
        deadline = time.monotonic() + 30
        while True:
            rec = await timely(fake.click(voted.original, up["custom_id"], user=voter2))
            if "already" in rec.reply["content"]:  # read from the database again
                break
            assert time.monotonic() < deadline
            await asyncio.sleep(0.2)
        summary = {r.question: r for r in store.feedback_summary()}
        assert (summary[QUESTION].up, summary[QUESTION].down) == (2, 0)  # voter's repeat 👎 not counted
        assert "what is the weather in Seoul tomorrow" in [r.question for r in store.unanswered()]
    finally:
        proxy.restore()
        await harness.stop()
        store.close()
        proxy.close()
