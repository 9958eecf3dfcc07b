"""Asking: /ask (with autocomplete), the "Ask the bot" message menu, mentions, DMs and help channels.

/ask and the menu are installable by a server and by a user (then usable in any server, DM or group
DM); where the bot is not a member, answers are ephemeral unless the user passes `private: False`.
"""
from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.chat import render
from bot.chat.answering import Answerer
from bot.chat.limits import Cooldown
from bot.chat.mentions import scrub
from bot.chat.strings import lang_of, t
from bot.core.text import detect_lang

log = logging.getLogger(__name__)

MAX_QUESTION = 300  # the slash option's max_length; other entries are cut by the engine at 500


class Ask(commands.Cog):
    def __init__(self, bot: commands.Bot, answerer: Answerer) -> None:
        self.bot = bot
        self.answerer = answerer
        self.menu = app_commands.ContextMenu(name=_("Ask the bot"), callback=self.ask_message)
        self.menu.allowed_contexts = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
        self.menu.allowed_installs = app_commands.AppInstallationType(guild=True, user=True)
        settings = bot.settings  # type: ignore[attr-defined]
        self.channel_limit = Cooldown(settings.autoanswer_rate, settings.autoanswer_seconds)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name=_("ask"), description=_("Ask a question about the facts this bot knows (Korean or English)."))
    @app_commands.rename(question=_("question"), private=_("private"))
    @app_commands.describe(
        question=_("Your question, e.g. how many papers did Kakao publish?"),
        private=_("Only you see the answer."),
    )
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION],
        private: bool | None = None,
    ) -> None:
        await self.answerer.ask_interaction(interaction, question, ephemeral=private)

    @ask.autocomplete("question")
    async def ask_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        current = scrub(current[: MAX_QUESTION * 2])
        lang = detect_lang(current) if detect_lang(current) == "ko" else lang_of(interaction.locale)
        found = self.answerer.engines.current.complete(current[:MAX_QUESTION], lang, limit=render.CHOICES)
        return [app_commands.Choice(name=name, value=value) for name, value in render.choices(found)]

    async def ask_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        text = message.content or ""
        if not text.strip() and message.embeds:
            text = message.embeds[0].description or message.embeds[0].title or ""
        if not text.strip():
            lang = await self.answerer.interaction_lang(interaction)
            await interaction.response.send_message(
                embed=discord.Embed.from_dict(render.render_notice(t("no_text_message", lang)).embeds[0]),
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )
            return
        await self.answerer.ask_interaction(interaction, text)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or self.bot.user is None:
            return
        me = self.bot.user.id
        if message.guild is not None and not any(u.id == me for u in message.mentions):
            await self.maybe_auto_answer(message)
            return
        question = message.content  # Answerer.ask_message scrubs the mention syntax
        try:
            await self.answerer.ask_message(message, question)
        except discord.HTTPException as exc:
            log.warning("could not answer message %s in channel %s: %s", message.id, message.channel.id, exc)
        except Exception:
            log.exception("answering message %s failed", message.id)

    async def maybe_auto_answer(self, message: discord.Message) -> None:
        """A guild message that does not mention the bot: answered only in the server's configured help
        channel (a text channel's messages, or a forum channel's new posts), never elsewhere."""
        config_store = self.answerer.config
        if config_store is None or message.guild is None or not self.bot.intents.message_content:
            return
        channel = message.channel
        parent_id = getattr(channel, "parent_id", None)
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        try:
            config = await config_store.get_for_message(message.guild.id)
            target = config.autoanswer_channel
            if target is None:
                return
            in_channel = channel.id == target and not isinstance(channel, discord.Thread)
            # a forum post: the thread's starter message has the thread's id
            forum_post = isinstance(channel, discord.Thread) and parent_id == target and message.id == channel.id
            if not (in_channel or forum_post):
                self.answerer.auto_stats["elsewhere"] += 1
                return
            settings = self.bot.settings  # type: ignore[attr-defined]
            await self.answerer.auto_answer(message, min_confidence=settings.autoanswer_min_confidence,
                                            channel_limit=self.channel_limit, channel_id=target)
        except discord.HTTPException as exc:
            log.warning("could not auto-answer message %s in channel %s: %s", message.id, message.channel.id, exc)
        except Exception:
            log.exception("auto-answering message %s failed", message.id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Ask(bot, bot.answerer))  # type: ignore[attr-defined]
