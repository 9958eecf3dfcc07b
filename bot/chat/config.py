"""Server settings (/config): kept in the store, read at each interaction, defaults from the environment.

Without a store (it could not be opened) the settings live in this process's memory and are lost at
restart; the /config reply says so. When the store cannot be read (the database is unreachable; its
reads give up quickly, see Store._read) a server keeps the settings last read for it, else the defaults.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = ("auto", "ko", "en")
MESSAGE_CACHE_SECONDS = 5.0  # guild messages (not interactions) may use settings this old
MAX_REMEMBERED = 50_000  # servers whose last-read settings are kept for an outage


@dataclass(frozen=True, slots=True)
class ServerConfig:
    language: str  # auto | ko | en
    private: bool
    autoanswer_channel: int | None
    changed: frozenset[str] = frozenset()  # which of them the server set (the rest are defaults)


class GuildConfig:
    def __init__(self, store: Any | None, settings: Any) -> None:
        self.store = store
        self.settings = settings
        self._memory: dict[int, dict[str, Any]] = {}
        self._cache: dict[int, tuple[float, ServerConfig]] = {}
        self._last: dict[int, dict[str, Any]] = {}  # the row last read from the store, per server
        self._last_lock = threading.Lock()  # _row runs on worker threads
        self._unavailable = False

    @property
    def persistent(self) -> bool:
        return self.store is not None

    def _row(self, guild_id: int) -> dict[str, Any]:
        if self.store is None:
            return dict(self._memory.get(guild_id, {}))
        try:
            row = self.store.guild_settings(guild_id)
        except Exception as exc:  # a database outage must not stop answers: use what was last read
            if not self._unavailable:  # once per outage, not once per interaction
                log.warning("server settings unavailable (%s); using the last ones read (else the defaults) "
                            "until the store is back", exc)
            self._unavailable = True
            with self._last_lock:
                return dict(self._last.get(guild_id, {}))
        if self._unavailable:
            log.info("server settings readable again")
        self._unavailable = False
        with self._last_lock:
            self._last.pop(guild_id, None)
            self._last[guild_id] = row  # most recent last: the oldest is dropped first
            if len(self._last) > MAX_REMEMBERED:
                del self._last[next(iter(self._last))]
        return dict(row)

    def _config(self, row: dict[str, Any]) -> ServerConfig:
        s = self.settings
        return ServerConfig(
            language=row.get("language", s.default_language),
            private=row.get("private", s.default_private),
            autoanswer_channel=row.get("autoanswer_channel"),
            changed=frozenset(row),
        )

    async def get(self, guild_id: int | None) -> ServerConfig:
        """Read now (every interaction): another process may have changed it."""
        if guild_id is None:
            return self._config({})
        row = await asyncio.to_thread(self._row, guild_id)
        config = self._config(row)
        self._cache[guild_id] = (time.monotonic(), config)
        return config

    async def get_for_message(self, guild_id: int) -> ServerConfig:
        """For the guild-message path, which sees every message: a read at most every few seconds."""
        hit = self._cache.get(guild_id)
        if hit is not None and time.monotonic() - hit[0] < MESSAGE_CACHE_SECONDS:
            return hit[1]
        if len(self._cache) > 50_000:
            self._cache.clear()
        return await self.get(guild_id)

    async def set(self, guild_id: int, name: str, value: Any) -> ServerConfig:
        if self.store is None:
            row = self._memory.setdefault(guild_id, {})
            if value is None:
                row.pop(name, None)
            else:
                row[name] = value
        else:
            await asyncio.to_thread(self.store.set_guild_setting, guild_id, name, value)
        return await self.get(guild_id)

    def any_autoanswer(self) -> bool:
        """Whether some server turned auto-answers on (decides the message content intent at start)."""
        if self.store is None:
            return any(r.get("autoanswer_channel") for r in self._memory.values())
        try:
            return bool(self.store.autoanswer_channels())
        except Exception as exc:
            log.warning("cannot read which servers use auto-answers (%s); not requesting message content", exc)
            return False
