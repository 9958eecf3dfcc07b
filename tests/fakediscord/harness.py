"""Run the real bot against the local Discord: in this process (`BotUnderTest`) or as
`python -m bot run` in a child process (`BotProcess`)."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord

from .server import FakeDiscord

ROOT = Path(__file__).resolve().parents[2]


class SlowEngine:
    """The real engine, slowed down (as a much larger knowledge base or a busy host would be)."""

    def __init__(self, engine, delay: float) -> None:
        self._engine, self._delay = engine, delay

    def ask(self, question, context=None):
        time.sleep(self._delay)
        return self._engine.ask(question, context=context)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def settings_for(fake: FakeDiscord, **overrides: Any):
    from bot.settings import Settings

    values: dict[str, Any] = dict(
        discord_token=fake.token,
        discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url,
        discord_guild_id=int(fake.guild_id),
        guild_ready_timeout=0.1,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@dataclass
class BotUnderTest:
    fake: FakeDiscord
    bot: Any
    task: asyncio.Task
    saved: tuple[str, Any]

    @property
    def engines(self):
        return self.bot.engines

    async def stop(self) -> None:
        await self.bot.close()
        try:
            await asyncio.wait_for(self.task, 10)
        except (asyncio.CancelledError, Exception):
            pass
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self.saved


async def start_bot(fake: FakeDiscord, *, engine: Any = None, store: Any = None, shards: int = 1,
                    **overrides: Any) -> BotUnderTest:
    """Log the real bot (real Engine unless given) in to `fake`, and wait until it is ready."""
    from bot.chat.client import apply_endpoints, create_bot
    from bot.chat.engines import EngineRef
    from bot.core.engine import Engine

    settings = settings_for(fake, **overrides)
    saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    apply_endpoints(settings)
    if engine is None:
        engine = await asyncio.to_thread(Engine.load, settings.knowledge_dir)
    bot = create_bot(settings, EngineRef(engine, settings.knowledge_dir, Engine.load), store)
    task = asyncio.create_task(bot.start(fake.token), name="bot-under-test")
    try:
        await fake.wait_connected(shards=shards, timeout=30)
        await asyncio.wait_for(bot.wait_until_ready(), 30)
    except BaseException:
        if task.done() and task.exception():
            raise task.exception()  # type: ignore[misc]
        raise
    return BotUnderTest(fake, bot, task, saved)


class BotProcess:
    """`python -m bot run` (or another module) in a child process, pointed at `fake`."""

    def __init__(self, fake: FakeDiscord, *, env: dict[str, str] | None = None, args: list[str] | None = None,
                 module: str = "bot", log_path: Path | None = None, cwd: Path | None = None) -> None:
        self.fake = fake
        self.env = {**os.environ, **fake.env(), "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1", **(env or {})}
        self.env["PYTHONPATH"] = str(ROOT)
        self.args = args if args is not None else (["run"] if module == "bot" else [])
        self.module = module
        self.log_path = log_path
        self.cwd = cwd or ROOT
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self) -> "BotProcess":
        out = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module, *self.args], cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def rss_kib(self) -> int:
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    async def stop(self, timeout: float = 10.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while self.proc.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
        return self.proc.wait()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""
