"""/topics, /sources and /help: what the bot knows and how to ask, in the user's language."""
from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.chat import render
from bot.chat.answering import Answerer


class Info(commands.Cog):
    def __init__(self, answerer: Answerer) -> None:
        self.answerer = answerer

    @app_commands.command(name=_("topics"), description=_("What the bot knows, grouped by topic."))
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def topics(self, interaction: discord.Interaction) -> None:
        lang = await self.answerer.interaction_lang(interaction)
        reply = render.render_topics(self.answerer.engines.current.topics(lang), lang)
        await self.answerer.deliver(interaction, reply, ephemeral=True)

    @app_commands.command(name=_("sources"), description=_("The sources behind the answers."))
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def sources(self, interaction: discord.Interaction) -> None:
        lang = await self.answerer.interaction_lang(interaction)
        reply = render.render_sources(self.answerer.engines.current.sources, lang)
        await self.answerer.deliver(interaction, reply, ephemeral=True)

    @app_commands.command(name=_("help"), description=_("How to ask the bot."))
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def help(self, interaction: discord.Interaction) -> None:
        await self.answerer.deliver(interaction, self.answerer.full_help(await self.answerer.interaction_lang(interaction)), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Info(bot.answerer))  # type: ignore[attr-defined]
