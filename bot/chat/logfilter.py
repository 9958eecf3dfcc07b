"""A logging filter that keeps Discord secrets and users' data out of the logs, at every level.

discord.py logs whole gateway events and REST bodies at DEBUG (message content, interaction tokens in
webhook URLs, user names, snowflake ids). `RedactFilter` rewrites each record before any handler sees
it: string values under content-bearing keys become "<redacted>", interaction/webhook tokens in URLs
become "<token>", snowflake ids become "<id>", and given secrets (the bot token) are removed.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Iterable

# keys whose string values are (or echo) what a user wrote, or name a person
TEXT_KEYS = frozenset({
    "content", "value", "title", "description", "text", "label", "placeholder", "custom_id", "token",
    "username", "global_name", "nick", "display_name", "avatar", "banner", "email", "query", "url", "proxy_url",
})
_KEY_ALT = "|".join(sorted(TEXT_KEYS))
# 'key': 'string' / "key": "string" in a repr or JSON text (escapes inside the string honoured)
_PAIR_RE = re.compile(rf"""(?P<k>(?P<q1>["'])(?:{_KEY_ALT})(?P=q1)\s*:\s*)(?P<q>["'])(?:\\.|(?!(?P=q)).)*(?P=q)""", re.S)
_URL_TOKEN_RE = re.compile(r"(/(?:interactions|webhooks)/(?:\d+|<id>)/)[^/\s'\"?]+")
_SNOWFLAKE_RE = re.compile(r"(?<![\w.])\d{15,22}(?![\w.])")
REDACTED, TOKEN, ID = "<redacted>", "<token>", "<id>"


def _redact_obj(value: Any, depth: int = 0) -> Any:
    if depth > 40:
        return REDACTED
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            key = str(k)
            if key in TEXT_KEYS and isinstance(v, str):
                out[k] = REDACTED
            elif (key == "id" or key.endswith("_id")) and isinstance(v, (str, int)):
                out[k] = ID
            else:
                out[k] = _redact_obj(v, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return type(value)(_redact_obj(v, depth + 1) for v in value)
    return value


class RedactFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 8]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        text = _PAIR_RE.sub(lambda m: f"{m['k']}{m['q']}{REDACTED}{m['q']}", text)
        text = _URL_TOKEN_RE.sub(rf"\1{TOKEN}", text)
        return _SNOWFLAKE_RE.sub(ID, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            args = record.args
            if isinstance(args, dict):
                args = _redact_obj(args)
            elif args:
                args = tuple(_redact_obj(a) for a in args)
            record.msg = self.redact(str(record.msg) % args if args else str(record.msg))
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = self.redact(record.exc_text)
        except Exception:  # a log line must never break the bot; drop what could not be checked
            record.msg, record.args = f"{record.name}: log record withheld (could not be redacted)", None
        return True


def install(handler: logging.Handler | None = None, secrets: Iterable[str] = ()) -> RedactFilter:
    """Put one filter on `handler` (catches every logger) and on every discord.py logger known now."""
    f = RedactFilter(secrets)
    if handler is not None:
        handler.addFilter(f)
    names = [n for n in logging.root.manager.loggerDict if n == "discord" or n.startswith("discord.")]
    for name in names + ["discord", "discord.http", "discord.gateway", "discord.client", "discord.state",
                         "discord.webhook.async_", "discord.app_commands.tree", "discord.ext.commands.bot"]:
        logger = logging.getLogger(name)
        if not any(isinstance(x, RedactFilter) for x in logger.filters):
            logger.addFilter(f)
    return f
