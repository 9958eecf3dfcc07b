"""Issue 11 item 7, through the local Discord: /reload refuses a base that drops more than half of
the intents or facts (a truncated file, a half-finished copy) unless `force:True`; an empty base is
refused outright."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_asyncio

from bot.chat import render
from bot.kbtools import new_base
from fakediscord.harness import start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "knowledge"
    shutil.copytree(ROOT / "knowledge", path)
    return path


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def live(fake, kb, tmp_path_factory):
    harness = await start_bot(fake, knowledge_dir=kb, data_dir=tmp_path_factory.mktemp("data"))
    yield harness
    await harness.stop()


async def reload(fake, **options):
    rec = await (await fake.slash("reload", options or None, user=fake.owner)).wait(15)
    assert render.limit_problems(rec.reply) == []
    return rec.reply["embeds"][0]


def replace_with(kb: Path, make) -> None:
    shutil.rmtree(kb)
    make(kb)


async def test_empty_base_is_never_swapped_in(fake, live, kb):
    old = live.engines.current
    replace_with(kb, lambda p: (p.mkdir(), (p / "empty.yaml").write_text("", encoding="utf-8")))
    embed = await reload(fake, force=True)
    assert "no intents" in embed["description"], embed
    assert live.engines.current is old
    replace_with(kb, lambda p: shutil.copytree(ROOT / "knowledge", p))


async def test_a_base_with_far_fewer_intents_needs_force(fake, live, kb):
    old = live.engines.current
    replace_with(kb, new_base)  # valid, but 4 intents instead of 26
    embed = await reload(fake)
    assert "more than half would be dropped" in embed["description"], embed
    assert live.engines.current is old
    embed = await reload(fake, force=True)
    assert "reloaded" in embed["description"], embed
    assert live.engines.current is not old and len(live.engines.current.kb.own("intents")) == 4
