"""/reload (owner only): rebuild the knowledge base; a broken one never replaces a working one."""
from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.chat import render
from bot.chat.answering import Answerer
from bot.chat.engines import EngineRef
from bot.chat.strings import lang_of, t

log = logging.getLogger(__name__)


def reload_reply(outcome, lang: str) -> render.Reply:
    if outcome.busy:
        return render.render_notice(t("reload_busy", lang), colour="unknown")
    if not outcome.ok:
        return render.render_lines(t("reload_failed", lang, n=len(outcome.errors)), outcome.errors, "more_lines", lang)
    engine = outcome.engine
    return render.render_notice(
        t("reload_ok", lang, sources=len(engine.sources), topics=len(engine.topics(lang))), colour="answered"
    )


class Admin(commands.Cog):
    def __init__(self, bot: commands.Bot, engines: EngineRef, answerer: Answerer) -> None:
        self.bot = bot
        self.engines = engines
        self.answerer = answerer

    @app_commands.command(name=_("reload"), description=_("Reload the knowledge base (bot owner only)."))
    @app_commands.default_permissions(administrator=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.describe(force=_("Swap it in even if it drops more than half of the intents or facts."))
    @app_commands.allowed_installs(guilds=True, users=False)
    async def reload(self, interaction: discord.Interaction, force: bool = False) -> None:
        lang = lang_of(interaction.locale)
        if not await self.bot.is_owner(interaction.user):
            log.info("user %s tried /reload and is not the owner", interaction.user.id)
            await self.answerer.deliver(interaction, render.render_notice(t("owner_only", lang), colour="error"), ephemeral=True)
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        outcome = await self.engines.reload(force=force)
        await self.answerer.deliver(interaction, reload_reply(outcome, lang), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Admin(bot, bot.engines, bot.answerer))  # type: ignore[attr-defined]
