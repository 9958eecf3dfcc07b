"""Asking the engine and delivering the reply, shared by every Discord entry point.

One flow for slash commands, the context menu, buttons, mentions and DMs: check the input, apply the
per-user cooldown, ask the engine off the event loop (deferring the interaction if that takes longer
than `defer_after`), render, send with no mentions allowed, and log unanswered questions to the store
without waiting for it.
"""
from __future__ import annotations

import asyncio
import logging
import math
import re
import secrets
import time
from collections import Counter, OrderedDict
from typing import Any, Awaitable

import discord

from bot.chat import render
from bot.chat.config import GuildConfig, ServerConfig
from bot.chat.engines import EngineRef
from bot.chat.followups import Followups, Key
from bot.chat.limits import Cooldown
from bot.chat.mentions import scrub
from bot.chat.overload import DEFER, EXPIRED, SHED, Admission
from bot.chat.render import Reply
from bot.chat.strings import lang_of, t
from bot.chat.views import NO_MENTIONS, message_kwargs, view_for
from bot.core import messages
from bot.core.result import Context, Result
from bot.core.text import clean_input, detect_lang

log = logging.getLogger(__name__)

MAX_REMEMBERED_VOTES = 100_000  # only used when the store is unavailable
COOLDOWN_REACTION = "⏳"  # on a message over the cooldown once its window's notice was sent


class Answerer:
    def __init__(self, engines: EngineRef, store: Any | None, cooldown: Cooldown, *, defer_after: float = 1.5,
                 admission: Admission | None = None, followups: Followups | None = None,
                 config: GuildConfig | None = None) -> None:
        self.engines = engines
        self.store = store
        self.cooldown = cooldown
        self.defer_after = defer_after
        self.admission = admission or Admission()
        self.followups = followups or Followups(600.0, 10_000)
        self.config = config
        self.auto_stats: Counter[str] = Counter()  # auto-answers: answered, unsure, limited
        self._votes: OrderedDict[str, None] = OrderedDict()  # fallback de-duplication without a store
        self._warned: dict[int, float] = {}

    # ------------------------------------------------------------------ core calls
    async def ask_engine(self, question: str, context: Context | None) -> Result:
        engine = self.engines.current  # read once: a reload cannot swap it under this question
        async with self.admission.slot():  # a few engine calls at a time: the event loop keeps the GIL too
            if context is None:
                return await asyncio.to_thread(engine.ask, question)
            return await asyncio.to_thread(engine.ask, question, context=context)

    async def compute(self, question: str, *, asker_id: int, guild_id: int | None,
                      place: Key | None = None) -> tuple[Result, Reply]:
        """Answer `question`, read with the follow-up context of `place` (channel, user) if any."""
        result = await self.ask_engine(question, self.followups.get(place))
        self.followups.put(place, result.context)
        reply = render.render_result(result, asker_id=asker_id, answer_id=secrets.token_hex(6))
        if self.store is not None and result.status != "answered":
            self.store.log_question(
                question=result.question,
                lang=result.lang,
                status=result.status,
                intent=result.intent,
                confidence=result.confidence,
                guild_id=guild_id,
            )
        return result, reply

    def short_help(self, lang: str) -> Reply:
        """For an empty question: one line and an example."""
        examples = self.engines.current.complete("", lang, limit=1)
        text = messages.t("empty", lang, example=examples[0] if examples else "…")
        return render.render_notice(text)

    def full_help(self, lang: str) -> Reply:
        engine = self.engines.current
        examples = [q for _, qs in engine.topics(lang)[:5] for q in qs[:1]]
        text = f"{messages.t('help', lang, src=engine.source_noun(lang))}\n\n{t('help_discord', lang)}"
        return render.render_help(text, examples, lang)

    def busy_reply(self, lang: str) -> Reply:
        return render.render_notice(t("busy", lang), colour="unknown")

    def cooldown_reply(self, retry_after: float, lang: str) -> Reply:
        """How long to wait, and when that is as a Discord timestamp (shown in the reader's time zone)."""
        at = math.ceil(time.time() + retry_after)
        return render.render_notice(t("cooldown", lang, seconds=Cooldown.seconds(retry_after), at=at), colour="unknown")

    @staticmethod
    def is_empty(text: str) -> bool:
        return not clean_input(text or "")[0]

    # ------------------------------------------------------------------ interactions
    async def respond(
        self,
        interaction: discord.Interaction,
        work: Awaitable[Reply],
        *,
        ephemeral: bool = False,
        edit: bool = False,
    ) -> None:
        """Send what `work` produces; if it is not ready within `defer_after`, defer first.

        `edit=True` replaces the message a component sits on (a "did you mean" click).
        """
        if interaction.response.is_done():  # deferred already (the admission saw a queue)
            await self.deliver(interaction, await work, ephemeral=ephemeral, edit=edit)
            return
        task = asyncio.ensure_future(work)
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.defer_after)
        except asyncio.TimeoutError:
            if edit:
                await interaction.response.defer()
            else:
                await interaction.response.defer(thinking=True, ephemeral=ephemeral)
            log.debug("interaction %s deferred after %.1fs", interaction.id, self.defer_after)
            reply = await task
        await self.deliver(interaction, reply, ephemeral=ephemeral, edit=edit)

    async def deliver(self, interaction: discord.Interaction, reply: Reply, *, ephemeral: bool = False,
                      edit: bool = False) -> None:
        kwargs = message_kwargs(reply, with_view=False)
        view = view_for(reply)
        if interaction.response.is_done():
            # deferred: the deferred message (or the clicked one) becomes the answer
            await interaction.edit_original_response(view=view, **kwargs)
        elif edit:
            await interaction.response.edit_message(view=view, **kwargs)
        else:
            if view is not None:
                kwargs["view"] = view
            await interaction.response.send_message(ephemeral=ephemeral, **kwargs)

    # ------------------------------------------------------------------ where an interaction comes from
    @staticmethod
    def bot_absent(interaction: discord.Interaction) -> bool:
        """Used through a user install where the bot is not a member: a server that did not add it, or
        a group DM. Answers there are ephemeral unless the user asks otherwise."""
        if interaction.guild_id is not None:
            return not interaction.is_guild_integration()
        return bool(interaction.context.private_channel)

    async def server_config(self, interaction: discord.Interaction) -> ServerConfig | None:
        """The server's /config, read now; None outside a server that added the bot."""
        if self.config is None or interaction.guild_id is None or not interaction.is_guild_integration():
            return None
        return await self.config.get(interaction.guild_id)

    @staticmethod
    def ui_lang(interaction: discord.Interaction, config: ServerConfig | None) -> str:
        """The language of the bot's own texts: the server's /config language, else the user's locale."""
        if config is not None and config.language in ("ko", "en"):
            return config.language
        return lang_of(interaction.locale)

    async def interaction_lang(self, interaction: discord.Interaction) -> str:
        return self.ui_lang(interaction, await self.server_config(interaction))

    @staticmethod
    def place_of(interaction: discord.Interaction) -> Key | None:
        channel_id = interaction.channel_id
        return (channel_id, interaction.user.id) if channel_id is not None else None

    async def ask_interaction(self, interaction: discord.Interaction, question: str, *,
                              ephemeral: bool | None = None, edit: bool = False) -> None:
        """`ephemeral=None`: the default of the place (ephemeral where the bot is not a member, else
        the server's /config private)."""
        config = await self.server_config(interaction)
        if ephemeral is None:
            ephemeral = self.bot_absent(interaction) or bool(config and config.private)
        question = scrub(question)
        if self.is_empty(question):
            await self.deliver(interaction, self.short_help(self.ui_lang(interaction, config)), ephemeral=True)
            return
        lang = detect_lang(question)
        retry = self.cooldown.hit(interaction.user.id)
        if retry:
            await self.deliver(interaction, self.cooldown_reply(retry, lang), ephemeral=True)
            return

        async def work() -> Reply:
            return (await self.compute(question, asker_id=interaction.user.id, guild_id=interaction.guild_id,
                                       place=self.place_of(interaction)))[1]

        # acknowledge first: decide from the queue before any work, while the 3 s deadline still holds
        outcome = self.admission.decide(interaction.created_at.timestamp())
        try:
            if outcome == EXPIRED:
                return  # Discord would refuse any response now; counted and logged once per second
            if outcome == SHED:
                await self.deliver(interaction, self.busy_reply(lang), ephemeral=True)
                return
            if outcome == DEFER:
                if edit:
                    await interaction.response.defer()
                else:
                    await interaction.response.defer(thinking=True, ephemeral=ephemeral)
            await self.respond(interaction, work(), ephemeral=ephemeral, edit=edit)
        except discord.NotFound as exc:
            if exc.code != 10062:  # 10062: unknown interaction, the deadline passed while we worked
                raise
            self.admission.note(EXPIRED)

    async def pick_suggestion(self, interaction: discord.Interaction, asker_id: int, question: str) -> None:
        if interaction.user.id != asker_id:
            lang = lang_of(interaction.locale)
            await interaction.response.send_message(
                t("dym_only_asker", lang), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        question = question.rstrip("…").strip()
        ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
        await self.ask_interaction(interaction, question, ephemeral=ephemeral, edit=True)

    async def vote(self, interaction: discord.Interaction, match: re.Match[str]) -> None:
        lang = match["lang"]  # acknowledge in the language the question was asked in
        answer_id = match["aid"]
        voter_key = f"{interaction.user.id}:{answer_id}"
        message = interaction.message
        question = ""
        if message is not None and message.embeds:
            question = render.unescape_markdown(message.embeds[0].title or "")
        first = await self._record_vote(
            answer_id=answer_id,
            voter_key=voter_key,
            question=question,
            intent=match["intent"] or None,
            confidence=int(match["conf"]) / 100,
            lang=match["lang"],
            guild_id=interaction.guild_id,
            vote=1 if match["vote"] == "u" else -1,
        )
        await interaction.response.send_message(
            t("vote_thanks" if first else "vote_again", lang), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    async def _record_vote(self, **row: Any) -> bool:
        if self.store is not None:
            return await asyncio.to_thread(lambda: self.store.log_feedback(**row))
        key = row["voter_key"]
        if key in self._votes:
            return False
        self._votes[key] = None
        if len(self._votes) > MAX_REMEMBERED_VOTES:
            self._votes.popitem(last=False)
        return True

    # ------------------------------------------------------------------ messages (mentions, DMs)
    async def ask_message(self, message: discord.Message, question: str) -> None:
        question = scrub(question)
        lang = detect_lang(question)
        if self.is_empty(question):
            await self._reply(message, self.short_help(lang))
            return
        retry = self.cooldown.hit(message.author.id)
        if retry:
            # within Discord's limits: one short reply per window (saying when), then a reaction each time
            now = asyncio.get_running_loop().time()
            if now - self._warned.get(message.author.id, -1e9) >= self.cooldown.per:
                self._warned[message.author.id] = now
                if len(self._warned) > 10_000:
                    self._warned = {u: w for u, w in self._warned.items() if now - w < self.cooldown.per}
                await self._reply(message, self.cooldown_reply(retry, lang))
            else:
                await message.add_reaction(COOLDOWN_REACTION)
            return
        guild_id = message.guild.id if message.guild else None
        _, reply = await self.compute(question, asker_id=message.author.id, guild_id=guild_id,
                                      place=(message.channel.id, message.author.id))
        await self._reply(message, reply)

    async def auto_answer(self, message: discord.Message, *, min_confidence: float, channel_limit: Cooldown,
                          channel_id: int) -> bool:
        """A message in a configured help channel: reply only with a confident answer, within the
        channel's rate limit. Nothing is logged for a message the bot does not answer (it was not
        addressed to the bot). Returns whether it replied."""
        question = scrub(message.content or "")
        if self.is_empty(question):
            return False
        place = (message.channel.id, message.author.id)
        result = await self.ask_engine(question, self.followups.get(place))
        if result.status != "answered" or result.confidence < min_confidence:
            log.debug("auto-answer: not confident enough (%s, %.2f)", result.status, result.confidence)
            self.auto_stats["unsure"] += 1
            return False
        if channel_limit.hit(channel_id):
            log.info("auto-answer: channel rate limit reached; message %s not answered", message.id)
            self.auto_stats["limited"] += 1
            return False
        self.followups.put(place, result.context)
        reply = render.render_result(result, asker_id=message.author.id, answer_id=secrets.token_hex(6))
        reply = Reply(content=t("autoanswer_human", result.lang), embeds=reply.embeds, buttons=reply.buttons)
        await self._reply(message, reply)
        self.auto_stats["answered"] += 1
        return True

    async def _reply(self, message: discord.Message, reply: Reply) -> None:
        await message.reply(mention_author=False, **message_kwargs(reply))


