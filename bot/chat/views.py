"""discord.py objects for a rendered `Reply`: embeds, and stateless buttons.

The buttons are `DynamicItem`s: everything a click needs is in its custom_id (and the message it
sits on), so they keep working after a restart and the bot keeps no per-message state in memory.
"""
from __future__ import annotations

import re
from typing import Any

import discord
from discord import ui

from bot.chat.render import FEEDBACK_RE, SUGGEST_RE, ButtonSpec, Reply

NO_MENTIONS = discord.AllowedMentions.none()

_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


class FeedbackButton(ui.DynamicItem[ui.Button], template=FEEDBACK_RE):
    """👍/👎 under an answer; custom_id carries answer id, language, confidence and intent."""

    def __init__(self, button: ui.Button, match: re.Match[str] | None = None) -> None:
        super().__init__(button)
        self.match = match or FEEDBACK_RE.fullmatch(button.custom_id or "")

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str]):
        return cls(ui.Button(custom_id=item.custom_id, label=item.label, emoji=item.emoji, style=item.style), match)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.client.answerer.vote(interaction, self.match)  # type: ignore[attr-defined]
        except Exception as exc:
            await interaction.client.tree.on_error(interaction, exc)  # type: ignore[arg-type]


class SuggestionButton(ui.DynamicItem[ui.Button], template=SUGGEST_RE):
    """A "did you mean" choice; only the asker (id in the custom_id) may pick it."""

    def __init__(self, button: ui.Button, match: re.Match[str] | None = None) -> None:
        super().__init__(button)
        self.match = match or SUGGEST_RE.fullmatch(button.custom_id or "")

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: ui.Button, match: re.Match[str]):
        return cls(ui.Button(custom_id=item.custom_id, label=item.label, style=item.style), match)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.client.answerer.pick_suggestion(  # type: ignore[attr-defined]
                interaction, int(self.match["asker"]), self.item.label or ""
            )
        except Exception as exc:
            await interaction.client.tree.on_error(interaction, exc)  # type: ignore[arg-type]


def _button(spec: ButtonSpec) -> ui.DynamicItem:
    button = ui.Button(custom_id=spec.custom_id, label=spec.label, style=_STYLES[spec.style], emoji=spec.emoji)
    if spec.custom_id.startswith("fb:"):
        return FeedbackButton(button)
    return SuggestionButton(button)


def view_for(reply: Reply) -> ui.View | None:
    if not reply.buttons:
        return None
    view = ui.View(timeout=None)
    for spec in reply.buttons:
        view.add_item(_button(spec))
    return view


def message_kwargs(reply: Reply, *, with_view: bool = True) -> dict[str, Any]:
    """Keyword arguments for send_message / followup.send / Messageable.send / edit."""
    kwargs: dict[str, Any] = {
        "embeds": [discord.Embed.from_dict(e) for e in reply.embeds],
        "allowed_mentions": NO_MENTIONS,
    }
    if reply.content:
        kwargs["content"] = reply.content
    if with_view:
        view = view_for(reply)
        if view is not None:
            kwargs["view"] = view
    return kwargs
