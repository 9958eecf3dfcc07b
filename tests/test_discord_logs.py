"""DEBUG logs of `python -m bot run` hold no interaction tokens, no message content, no ids (issue 11
item 14); secrets and the database stay out of git."""
from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest
import pytest_asyncio

from fakediscord import FakeDiscord
from fakediscord.harness import BotProcess

ROOT = Path(__file__).resolve().parents[1]
MARK = "zebracornquux"


@pytest_asyncio.fixture(loop_scope="function")
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.stop()


@pytest.mark.asyncio(loop_scope="function")
async def test_debug_log_has_no_tokens_content_or_ids(fake, tmp_path):
    bot = BotProcess(fake, env={"DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "DEBUG"},
                     log_path=tmp_path / "bot.log", cwd=tmp_path)
    bot.start()
    user = fake.make_user(f"user{MARK}")
    try:
        await fake.wait_connected(timeout=60)
        rec = await (await fake.ask(f"how many papers did kakao publish {MARK}", user=user)).wait(30)
        assert "40" in rec.reply["embeds"][0]["description"]
        up = [c for row in rec.reply["components"] for c in row["components"]][0]
        await (await fake.click(rec.original, up["custom_id"], user=user)).wait(30)
        dm = fake.user_message(f"what is the weather {MARK}", author=user, dm=True)
        await fake.post_user_message(dm)
        await fake.wait_reply_to(dm, timeout=30)
        mention = fake.user_message(f"<@{fake.bot_user['id']}> kakao papers {MARK}", author=user, mention_bot=True)
        await fake.post_user_message(mention)
        await fake.wait_reply_to(mention, timeout=30)
    finally:
        await bot.stop()
    log = bot.log()
    assert "DEBUG" in log and "discord." in log  # the level really was DEBUG, discord.py did log
    secrets = {
        "bot token": fake.token,
        "interaction token": rec.token,
        "message content": MARK,
        "interaction id": rec.id,
        "user id": user["id"],
        "message id": dm["id"],
        "mention message id": mention["id"],
        "dm channel id": dm["channel_id"],
        "guild id": fake.guild_id,
    }
    leaked = {name: value for name, value in secrets.items() if value in log}
    assert not leaked, {name: [ln[:300] for ln in log.splitlines() if v in ln][:3] for name, v in leaked.items()}
    assert "<token>" in log and "<redacted>" in log and "<id>" in log  # redacted, not just absent
    assert "Traceback" not in log


def test_redaction_filter_at_every_level():
    from bot.chat.logfilter import RedactFilter

    f = RedactFilter()
    payload = {"t": "INTERACTION_CREATE", "d": {"id": "123456789012345678", "token": "aW50ZXJhY3Rpb24", "data": {
        "options": [{"name": "question", "value": "secret question"}]}, "member": {"user": {"id": "223456789012345678"}}}}
    for level in (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR):
        record = logging.LogRecord("discord.gateway", level, __file__, 1, "event: %s %s", (payload, "/webhooks/1/abc.def-gh/messages/@original"), None)
        assert f.filter(record)
        text = record.getMessage()
        assert "aW50ZXJhY3Rpb24" not in text and "secret question" not in text and "123456789012345678" not in text
        assert "abc.def-gh" not in text and "223456789012345678" not in text
        assert "INTERACTION_CREATE" in text  # what happened is kept


@pytest.mark.parametrize("path, ignored", [(".env", True), (".env.local", True), (".env.production", True),
                                           (".env.example", False), ("data.sqlite3", True), ("x/factbot.sqlite3", True)])
def test_gitignore(path, ignored):
    out = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT)
    if out.returncode == 128:
        pytest.skip("not a git checkout")
    assert (out.returncode == 0) == ignored, path
