"""/reload: owner only; a broken knowledge base never replaces a working one; the swap is atomic."""
from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
import pytest_asyncio

from bot.chat import render
from fakediscord.harness import SlowEngine, start_bot

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "how many papers did kakao publish"
ORIGINAL = "Kakao had 40 AI papers accepted"
EDITED = "Kakao had 40 AI papers (edited) accepted"


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


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


async def ask(fake, question=QUESTION, timeout=10.0) -> str:
    rec = await (await fake.ask(question, user=fake.make_user())).wait(timeout)
    return rec.reply["embeds"][0]["description"]


async def reload(fake, user=None):
    rec = await (await fake.slash("reload", user=user or fake.owner)).wait(15)
    assert rec.ephemeral, "reload replies are ephemeral"
    assert render.limit_problems(rec.reply) == []
    return rec


async def test_reload_is_owner_only(fake, live):
    generation = live.engines.generation
    rec = await reload(fake, user=fake.make_user("not-owner"))
    assert "Only the bot owner" in rec.reply["embeds"][0]["description"]
    assert live.engines.generation == generation


async def test_broken_knowledge_keeps_the_old_base_and_lists_problems(fake, live, kb):
    old = live.engines.current
    edit(kb / "facts" / "kakao.yaml", "source: bloter-2021-12-29", "source: blotr-2021-12-29")
    with open(kb / "facts" / "naver.yaml", "a", encoding="utf-8") as f:
        f.write("\n  - id: [broken\n")
    try:
        rec = await reload(fake)
        embed = rec.reply["embeds"][0]
        assert "problem" in embed["title"] and "old one keeps answering" in embed["title"]
        lines = embed["description"].splitlines()
        assert any(ln.startswith("knowledge/facts/kakao.yaml: facts[0].source: unknown source 'blotr") for ln in lines)
        assert any("knowledge/facts/naver.yaml: line" in ln and "invalid YAML" in ln for ln in lines)
        assert live.engines.current is old
        assert ORIGINAL in await ask(fake)  # still answering from the working base
    finally:
        shutil.rmtree(kb)
        shutil.copytree(ROOT / "knowledge", kb)


async def test_good_reload_swaps_and_in_flight_questions_finish_on_their_base(fake, live, kb):
    edit(kb / "facts" / "kakao.yaml", ORIGINAL, EDITED)
    old = live.engines.current
    live.engines.replace(SlowEngine(old, 2.5))
    in_flight = await fake.ask(QUESTION, user=fake.make_user())
    await asyncio.sleep(0.2)  # the handler has taken its engine and is working
    live.engines.replace(old)
    rec = await reload(fake)
    reloaded_at = time.monotonic()
    assert "reloaded" in rec.reply["embeds"][0]["description"]
    assert live.engines.current is not old

    await in_flight.wait(15)
    assert in_flight.done_at > reloaded_at  # it really was in flight across the swap
    assert ORIGINAL in in_flight.reply["embeds"][0]["description"]
    assert EDITED in await ask(fake)  # new questions use the new base
