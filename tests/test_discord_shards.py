"""SHARD_COUNT / SHARD_IDS: the bot runs as an AutoShardedBot over the given shards."""
from __future__ import annotations

import pytest

from fakediscord import FakeDiscord
from fakediscord.harness import start_bot


@pytest.mark.asyncio
async def test_two_shards_global_commands_and_each_shard_answers(tmp_path):
    fake = await FakeDiscord().start()
    try:
        # no DISCORD_GUILD_ID: commands are registered globally
        live = await start_bot(fake, shards=2, shard_count=2, data_dir=tmp_path, discord_guild_id=None)
        try:
            assert fake.guild_id not in fake.commands
            assert {c["name"] for c in fake.commands[None]} == {"ask", "topics", "sources", "help", "reload", "config", "Ask the bot"}
            assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
            guild_shard = (int(fake.guild_id) >> 22) % 2
            assert live.bot.get_guild(int(fake.guild_id)).shard_id == guild_shard
            in_guild = await (await fake.ask("how many papers did kakao publish", user=fake.make_user())).wait()
            in_dm = await (await fake.ask("하이퍼클로바 파라미터 몇 개야", user=fake.make_user(), dm=True)).wait()
            assert "40" in in_guild.reply["embeds"][0]["description"]
            assert "2040억" in in_dm.reply["embeds"][0]["description"]
        finally:
            await live.stop()
    finally:
        await fake.stop()


def test_shard_settings_parse_and_validate(monkeypatch):
    from pydantic import ValidationError

    from bot.settings import Settings

    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2, 3")
    s = Settings(_env_file=None)
    assert (s.shard_count, s.shard_ids) == (4, [2, 3])
    monkeypatch.setenv("SHARD_IDS", "[0,1]")
    assert Settings(_env_file=None).shard_ids == [0, 1]
    monkeypatch.setenv("SHARD_IDS", "4")
    with pytest.raises(ValidationError, match="outside"):
        Settings(_env_file=None)
    monkeypatch.delenv("SHARD_COUNT")
    monkeypatch.setenv("SHARD_IDS", "0")
    with pytest.raises(ValidationError, match="SHARD_COUNT"):
        Settings(_env_file=None)
