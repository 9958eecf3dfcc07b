"""The bot: a `commands.Bot` (or `AutoShardedBot` for SHARD_COUNT) assembled in `setup_hook`."""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.chat.answering import Answerer
from bot.chat.config import GuildConfig
from bot.chat.engines import EngineRef
from bot.chat.followups import Followups
from bot.chat.limits import Cooldown
from bot.chat.tree import FactTree, KoreanTranslator
from bot.chat.views import NO_MENTIONS, FeedbackButton, SuggestionButton
from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.chat.cogs.ask", "bot.chat.cogs.info", "bot.chat.cogs.admin", "bot.chat.cogs.config")


def apply_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE / DISCORD_GATEWAY_URL (a proxy, or the local test Discord)."""
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def intents(*, message_content: bool = False) -> discord.Intents:
    """Guilds, guild messages and DMs; message content comes with mentions and DMs without any
    privileged intent. `message_content` (privileged) only when a server configured auto-answers."""
    it = discord.Intents.none()
    it.guilds = True
    it.guild_messages = True
    it.dm_messages = True
    it.message_content = message_content
    return it


def wants_message_content(settings: Settings, config: GuildConfig) -> bool:
    """MESSAGE_CONTENT_INTENT=auto: requested only when some server turned auto-answers on."""
    return settings.message_content_intent == "auto" and config.any_autoanswer()


class _FactBotMixin:
    """Everything the bot adds to discord.py, shared by the plain and the sharded bot."""

    def __init__(self, *, settings: Settings, engines: EngineRef, store: Any | None, **options: Any) -> None:
        self.settings = settings
        self.engines = engines
        self.store = store
        self.guild_config = GuildConfig(store, settings)
        self.answerer = Answerer(
            engines,
            store,
            Cooldown(settings.cooldown_rate, settings.cooldown_seconds),
            defer_after=settings.defer_after_seconds,
            followups=Followups(settings.followup_seconds, settings.followup_max),
            config=self.guild_config,
        )
        message_content = wants_message_content(settings, self.guild_config)
        if message_content:
            log.info("a server uses auto-answers: requesting the message content intent (privileged)")
        if settings.shard_count is not None:
            options.setdefault("shard_count", settings.shard_count)
            if settings.shard_ids is not None:
                options.setdefault("shard_ids", settings.shard_ids)
        super().__init__(  # type: ignore[call-arg]
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(message_content=message_content),
            tree_cls=FactTree,
            allowed_mentions=NO_MENTIONS,
            max_messages=None,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            guild_ready_timeout=settings.guild_ready_timeout,
            **options,
        )

    async def setup_hook(self) -> None:
        await self.tree.set_translator(KoreanTranslator())  # type: ignore[attr-defined]
        self.add_dynamic_items(FeedbackButton, SuggestionButton)  # type: ignore[attr-defined]
        for ext in EXTENSIONS:
            await self.load_extension(ext)  # type: ignore[attr-defined]
        await self.sync_commands(force=self.settings.sync_commands)
        await self.engines.ready()  # loaded during login and sync; before the gateway delivers questions

    async def tree_hash(self, guild: discord.abc.Snowflake | None) -> str:
        """SHA-256 of the command payload a sync would send (names, options, localisations)."""
        tree = self.tree  # type: ignore[attr-defined]
        translator = tree.translator
        payload = []
        for cmd in tree.get_commands(guild=guild):
            payload.append(await cmd.get_translated_payload(tree, translator) if translator else cmd.to_dict(tree))
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Register the commands with Discord if they changed since the last sync (or if `force`).

        The hash of what was last registered is kept in DATA_DIR, one file per application and scope
        (global, or the DISCORD_GUILD_ID guild). Returns whether a sync was made.
        """
        guild_id = self.settings.discord_guild_id
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)  # type: ignore[attr-defined]
        scope = f"guild-{guild_id}" if guild_id else "global"
        digest = await self.tree_hash(guild)
        marker = Path(self.settings.data_dir) / f"commands-{self.application_id}-{scope}.sha256"  # type: ignore[attr-defined]
        try:
            last = marker.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            last = ""
        if not force and last == digest:
            log.info("%s commands unchanged since the last sync; not syncing (SYNC_COMMANDS=1 forces it)", scope)
            return False
        synced = await self.tree.sync(guild=guild)  # type: ignore[attr-defined]
        if guild is not None:
            log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            log.info("synced %d global commands (they can take a while to appear)", len(synced))
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            tmp = marker.with_suffix(".tmp")
            tmp.write_text(digest + "\n", encoding="ascii")
            tmp.replace(marker)
        except OSError as exc:
            log.warning("could not record the command hash in %s (%s); the next start syncs again", marker, exc)
        return True

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: questions in mentions and DMs are handled by the Ask cog's listener."""

    async def on_ready(self) -> None:
        user = self.user  # type: ignore[attr-defined]
        log.info("ready as %s (%s) in %d guild(s)", user, getattr(user, "id", "?"), len(self.guilds))  # type: ignore[attr-defined]

    async def close(self) -> None:
        await super().close()  # type: ignore[misc]
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                log.exception("closing the store failed")


class FactBot(_FactBotMixin, commands.Bot):
    pass


class ShardedFactBot(_FactBotMixin, commands.AutoShardedBot):
    pass


def create_bot(settings: Settings, engines: EngineRef, store: Any | None = None, **options: Any) -> commands.Bot:
    cls = ShardedFactBot if settings.shard_count is not None else FactBot
    return cls(settings=settings, engines=engines, store=store, **options)
