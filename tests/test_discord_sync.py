"""Commands are synced only when the command tree changed, or when the owner asks (issue 11 item 4).

discord.py advises against syncing at every start (command writes are rate limited): the bot keeps a
hash of the tree it last registered under DATA_DIR and skips the sync when it is unchanged;
SYNC_COMMANDS=1 (or `run --sync-commands`) forces one.
"""
from __future__ import annotations

import pytest

from fakediscord.harness import start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")


def puts(fake) -> int:
    return sum(1 for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands"))


async def restart(fake, **settings) -> int:
    """Start the bot, stop it, and return how many command syncs it made."""
    before = puts(fake)
    harness = await start_bot(fake, **settings)
    await harness.stop()
    return puts(fake) - before


async def test_sync_only_when_the_tree_changed_or_forced(fake, tmp_path):
    data = tmp_path / "data"
    assert await restart(fake, data_dir=data) == 1  # first start: nothing registered yet
    assert {c["name"] for c in fake.commands[fake.guild_id]} >= {"ask", "help"}
    assert await restart(fake, data_dir=data) == 0  # same tree: no sync
    assert await restart(fake, data_dir=data, sync_commands=True) == 1  # the owner forces one
    [marker] = list(data.glob("commands-*.sha256"))
    marker.write_text("0" * 64 + "\n")  # the tree last registered is not this one
    assert await restart(fake, data_dir=data) == 1
    assert await restart(fake, data_dir=data) == 0
    assert await restart(fake, data_dir=tmp_path / "elsewhere") == 1  # no record: sync


async def test_global_commands_are_hashed_apart_from_guild_ones(fake, tmp_path):
    data = tmp_path / "data"
    assert await restart(fake, data_dir=data, discord_guild_id=None) == 1
    assert {c["name"] for c in fake.commands[None]} >= {"ask", "help"}
    assert await restart(fake, data_dir=data, discord_guild_id=None) == 0
    assert await restart(fake, data_dir=data) == 1  # the guild's commands were never synced from here
