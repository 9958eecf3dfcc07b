"""The command tree: one error path for every interaction, and the Korean translator."""
from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str

from bot.chat import render
from bot.chat.strings import COMMAND_KO, lang_of, t
from bot.chat.views import NO_MENTIONS

log = logging.getLogger(__name__)


class FactTree(app_commands.CommandTree):
    """Replies to any failure ephemerally with a full sentence and logs what was unexpected."""

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]
        lang = lang_of(interaction.locale)
        if isinstance(error, app_commands.CommandInvokeError):
            error = error.original
        name = interaction.command.qualified_name if interaction.command else (interaction.data or {}).get("custom_id")
        log.error("interaction %s (%s) failed", interaction.id, name, exc_info=error)
        if interaction.type is discord.InteractionType.autocomplete:
            return  # nothing can be shown to the user for a failed autocomplete
        reply = render.render_notice(t("error", lang), colour="error")
        embed = discord.Embed.from_dict(reply.embeds[0])
        try:
            if interaction.response.is_done():
                await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell the user about the failure of interaction %s", interaction.id)


class KoreanTranslator(app_commands.Translator):
    """Korean names and descriptions for the commands (Discord shows them to ko-locale users)."""

    async def translate(self, string: locale_str, locale: discord.Locale, context) -> str | None:
        if locale is discord.Locale.korean:
            return COMMAND_KO.get(string.message)
        return None
