"""Discord's mention syntax, removed before the core sees a question: the one scrubber.

User, role and channel mentions, @everyone/@here, custom emoji, slash-command mentions and timestamps
are protocol syntax, not words of the question. Every entry (slash, context menu, mention, DM,
autocomplete) passes its text through `scrub`, so the question answered, shown and stored is the same.
"""
from __future__ import annotations

import re

# zero-width characters a user may hide inside @everyone to dodge a filter (the core drops them later)
_HIDDEN = "[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*"
_MENTION_RE = re.compile(
    rf"(?<![\w.])@{_HIDDEN}(?:everyone|here)\b"  # @everyone, @here (not an e-mail address)
    r"|<@[!&]?\d+>"  # <@user>, <@!user>, <@&role>
    r"|<#\d+>"  # <#channel>
    r"|<a?:\w+:\d+>"  # <:emoji:id>, <a:animated:id>
    r"|</[\w -]{1,100}:\d+>"  # </command:id>
    r"|<t:-?\d{1,20}(?::[tTdDfFRsS])?>",  # <t:unix:style>
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"[ \t]{2,}")


def scrub(text: str) -> str:
    """`text` without Discord mention syntax; the spaces it leaves are collapsed."""
    if not text:
        return ""
    return _SPACES_RE.sub(" ", _MENTION_RE.sub(" ", text)).strip()
