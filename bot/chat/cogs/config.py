"""/config show | language | private | autoanswer: server settings, for members with Manage Server.

Registered with default_member_permissions=manage_guild (Discord hides it from others) and checked
again here at each use, since a server can override who sees a command. Only where the server added
the bot (a guild install): a user install cannot configure a server.
"""
from __future__ import annotations

import logging
from typing import Literal

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.chat import render
from bot.chat.answering import Answerer
from bot.chat.config import GuildConfig, ServerConfig
from bot.chat.strings import t

log = logging.getLogger(__name__)


def show_text(config: ServerConfig, lang: str) -> str:
    def mark(name: str) -> str:
        return "" if name in config.changed else t("config_default", lang)

    language = t("config_lang_auto", lang) if config.language == "auto" else config.language
    private = t("config_yes" if config.private else "config_no", lang)
    channel = f"<#{config.autoanswer_channel}>" if config.autoanswer_channel else t("config_off", lang)
    return t("config_show", lang, language=language + mark("language"), private=private + mark("private"),
             autoanswer=channel + mark("autoanswer_channel"))


class Config(commands.Cog):
    config = app_commands.Group(
        name=_("config"),
        description=_("Server settings for this bot (Manage Server only)."),
        default_permissions=discord.Permissions(manage_guild=True),
        allowed_contexts=app_commands.AppCommandContext(guild=True),
        allowed_installs=app_commands.AppInstallationType(guild=True),
    )

    def __init__(self, bot: commands.Bot, answerer: Answerer, guild_config: GuildConfig) -> None:
        self.bot = bot
        self.answerer = answerer
        self.guild_config = guild_config

    async def _allowed(self, interaction: discord.Interaction) -> str | None:
        """The reply language if the user may use /config here; else refuses (ephemeral) and None."""
        config = await self.answerer.server_config(interaction)
        lang = self.answerer.ui_lang(interaction, config)
        if interaction.guild_id is None or not interaction.is_guild_integration():
            await self._notice(interaction, t("config_guild_only", lang), "error")
            return None
        perms = interaction.permissions
        if not (perms.manage_guild or perms.administrator):
            log.info("user %s tried /config without Manage Server", interaction.user.id)
            await self._notice(interaction, t("config_admin_only", lang), "error")
            return None
        return lang

    async def _notice(self, interaction: discord.Interaction, text: str, colour: str = "info") -> None:
        await self.answerer.deliver(interaction, render.render_notice(text, colour=colour), ephemeral=True)

    async def _saved(self, interaction: discord.Interaction, config: ServerConfig, lang: str, extra: str = "") -> None:
        lang = self.answerer.ui_lang(interaction, config)  # a language change answers in the new language
        text = t("config_saved", lang) + (" " + extra if extra else "")
        if not self.guild_config.persistent:
            text += "\n" + t("config_not_persistent", lang)
        await self._notice(interaction, text + "\n\n" + show_text(config, lang), "answered")

    @config.command(name=_("show"), description=_("Show this server's settings."))
    async def show(self, interaction: discord.Interaction) -> None:
        lang = await self._allowed(interaction)
        if lang is None:
            return
        config = await self.guild_config.get(interaction.guild_id)
        await self._notice(interaction, show_text(config, lang))

    @config.command(name=_("language"), description=_("The language of the bot's own texts here (answers follow the question)."))
    @app_commands.rename(value=_("value"))
    @app_commands.describe(value=_("auto, ko or en"))
    async def language(self, interaction: discord.Interaction, value: Literal["auto", "ko", "en"]) -> None:
        lang = await self._allowed(interaction)
        if lang is None:
            return
        assert interaction.guild_id is not None
        config = await self.guild_config.set(interaction.guild_id, "language", value)
        await self._saved(interaction, config, lang)

    @config.command(name=_("private"), description=_("Whether /ask answers are private by default here."))
    @app_commands.rename(value=_("value"))
    @app_commands.describe(value=_("True: only the asker sees answers unless they choose otherwise."))
    async def private(self, interaction: discord.Interaction, value: bool) -> None:
        lang = await self._allowed(interaction)
        if lang is None:
            return
        assert interaction.guild_id is not None
        config = await self.guild_config.set(interaction.guild_id, "private", value)
        await self._saved(interaction, config, lang)

    @config.command(name=_("autoanswer"),
                    description=_("Answer confident questions in a help or forum channel (leave empty to turn off)."))
    @app_commands.rename(channel=_("channel"))
    @app_commands.describe(channel=_("The help channel (text or forum); empty turns auto-answers off."))
    async def autoanswer(self, interaction: discord.Interaction,
                         channel: discord.TextChannel | discord.ForumChannel | None = None) -> None:
        lang = await self._allowed(interaction)
        if lang is None:
            return
        assert interaction.guild_id is not None
        if channel is not None and channel.type not in (discord.ChannelType.text, discord.ChannelType.forum,
                                                        discord.ChannelType.news):
            await self._notice(interaction, t("config_bad_channel", lang), "error")
            return
        config = await self.guild_config.set(interaction.guild_id, "autoanswer_channel",
                                             channel.id if channel is not None else None)
        if channel is None:
            await self._saved(interaction, config, lang, t("config_autoanswer_off", lang))
            return
        settings = self.bot.settings  # type: ignore[attr-defined]
        extra = t("config_autoanswer_on", lang, channel=channel.id,
                  percent=round(settings.autoanswer_min_confidence * 100))
        if settings.message_content_intent == "off":
            extra += "\n" + t("config_intent_off", lang)
        elif not self.bot.intents.message_content:
            extra += "\n" + t("config_needs_intent", lang)
        await self._saved(interaction, config, lang, extra)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Config(bot, bot.answerer, bot.guild_config))  # type: ignore[attr-defined]
