"""Turn core results into Discord message payloads, within every Discord limit. Pure: no I/O.

Everything here returns plain data (`Reply`: content, embed dicts, button specs) so property tests
can check the limits without a gateway; `bot.chat.views` turns a `Reply` into discord.py objects.
Lengths are counted in UTF-16 code units (what Discord's clients count), never less than `len()`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from bot.chat.strings import t
from bot.core import messages
from bot.core.result import Result

# Discord limits (https://discord.com/developers/docs/resources/message, .../interactions)
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000  # per message, summed over all its embeds
EMBEDS = 10
BUTTON_LABEL = 80
CUSTOM_ID = 100
COMPONENTS = 25  # 5 action rows x 5 buttons
CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100

MAX_SOURCES = 3
MAX_SUGGESTIONS = 5
MAX_DID_YOU_MEAN = 3

COLOURS = {"answered": 0x2ECC71, "ambiguous": 0xF1C40F, "unknown": 0x95A5A6, "info": 0x5865F2, "error": 0xE74C3C}

FEEDBACK_RE = re.compile(r"fb:(?P<vote>[ud]):(?P<aid>[0-9a-f]{12}):(?P<lang>ko|en):(?P<conf>\d{1,3}):(?P<intent>.{0,60})")
_UNSAFE_ID = re.compile(r"[^0-9A-Za-z_.\-]")  # knowledge ids are [a-z0-9_.-]; anything else is dropped
SUGGEST_RE = re.compile(r"dym:(?P<asker>\d{1,20}):(?P<n>\d)")


def dlen(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` (Discord-counted) characters, ending in an ellipsis when cut."""
    if dlen(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > limit - 1:
            break
        out.append(ch)
        used += size
    return "".join(out).rstrip() + "…"


@dataclass(frozen=True, slots=True)
class ButtonSpec:
    custom_id: str
    label: str
    style: str = "secondary"  # primary | secondary | success | danger
    emoji: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to send: content, embed dicts (discord.Embed.from_dict shape) and buttons."""

    content: str | None = None
    embeds: tuple[dict, ...] = ()
    buttons: tuple[ButtonSpec, ...] = ()

    def payload(self) -> dict:
        """The message JSON Discord would receive (for limit checks)."""
        rows = [self.buttons[i : i + 5] for i in range(0, len(self.buttons), 5)]
        return {
            "content": self.content or "",
            "embeds": list(self.embeds),
            "components": [
                {"type": 1, "components": [{"type": 2, "custom_id": b.custom_id, "label": b.label} for b in row]}
                for row in rows
            ],
        }


# ---------------------------------------------------------------------------------------- limits


def embed_size(embed: dict) -> int:
    total = dlen(embed.get("title") or "") + dlen(embed.get("description") or "")
    total += dlen((embed.get("footer") or {}).get("text") or "")
    total += dlen((embed.get("author") or {}).get("name") or "")
    for f in embed.get("fields") or ():
        total += dlen(f.get("name") or "") + dlen(f.get("value") or "")
    return total


def limit_problems(payload: dict) -> list[str]:
    """Every Discord limit `payload` breaks (empty list when it is valid)."""
    problems: list[str] = []
    content = payload.get("content") or ""
    embeds = payload.get("embeds") or []
    if dlen(content) > CONTENT:
        problems.append(f"content {dlen(content)} > {CONTENT}")
    if not content and not embeds:
        problems.append("message is empty")
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds > {EMBEDS}")
    total = 0
    for i, e in enumerate(embeds):
        checks = [
            ("title", e.get("title") or "", TITLE),
            ("description", e.get("description") or "", DESCRIPTION),
            ("footer", (e.get("footer") or {}).get("text") or "", FOOTER),
            ("author", (e.get("author") or {}).get("name") or "", AUTHOR),
        ]
        fields = e.get("fields") or []
        if len(fields) > FIELDS:
            problems.append(f"embed {i}: {len(fields)} fields > {FIELDS}")
        for j, f in enumerate(fields):
            checks.append((f"field {j} name", f.get("name") or "", FIELD_NAME))
            checks.append((f"field {j} value", f.get("value") or "", FIELD_VALUE))
            if not (f.get("name") or "").strip() or not (f.get("value") or "").strip():
                problems.append(f"embed {i}: field {j} has an empty name or value")
        for what, text, limit in checks:
            if dlen(text) > limit:
                problems.append(f"embed {i}: {what} {dlen(text)} > {limit}")
        total += embed_size(e)
    if total > EMBED_TOTAL:
        problems.append(f"embeds total {total} > {EMBED_TOTAL}")
    rows = payload.get("components") or []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows > 5")
    n = 0
    for row in rows:
        items = row.get("components") or []
        n += len(items)
        if len(items) > 5:
            problems.append(f"{len(items)} components in a row > 5")
        for c in items:
            if dlen(c.get("custom_id") or "") > CUSTOM_ID:
                problems.append(f"custom_id {c.get('custom_id')!r} > {CUSTOM_ID}")
            if dlen(c.get("label") or "") > BUTTON_LABEL:
                problems.append(f"button label > {BUTTON_LABEL}")
    if n > COMPONENTS:
        problems.append(f"{n} components > {COMPONENTS}")
    return problems


def _fit(embeds: list[dict]) -> list[dict]:
    """Shrink descriptions, then drop trailing fields, until the message total is within 6000."""
    over = sum(embed_size(e) for e in embeds) - EMBED_TOTAL
    for e in reversed(embeds):
        if over <= 0:
            break
        desc = e.get("description") or ""
        if desc:
            keep = max(dlen(desc) - over, 200)
            new = clip(desc, keep)
            over -= dlen(desc) - dlen(new)
            e["description"] = new
        while over > 0 and e.get("fields"):
            f = e["fields"].pop()
            over -= dlen(f["name"]) + dlen(f["value"])
    return embeds


def _field(name: str, value: str, inline: bool = False) -> dict | None:
    name, value = clip(name.strip(), FIELD_NAME), clip(value.strip(), FIELD_VALUE)
    if not name or not value:
        return None
    return {"name": name, "value": value, "inline": inline}


def _embed(*, title: str | None = None, description: str | None = None, colour: str = "info",
           fields: Iterable[dict | None] = (), footer: str | None = None) -> dict:
    e: dict = {"type": "rich", "color": COLOURS[colour]}
    if title and title.strip():
        e["title"] = clip(title.strip(), TITLE)
    if description and description.strip():
        e["description"] = clip(description.strip(), DESCRIPTION)
    fs = [f for f in fields if f is not None][:FIELDS]
    if fs:
        e["fields"] = fs
    if footer:
        e["footer"] = {"text": clip(footer, FOOTER)}
    return e


# ---------------------------------------------------------------------------------------- answers


def _quote(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return "\n".join("> " + ln for ln in lines)


def _link(title: str, url: str) -> str:
    if not url.startswith(("https://", "http://")):
        return clip(title, 200)
    label = clip(title.replace("[", "(").replace("]", ")"), 200) or url
    return f"[{label}]({url})"


_MARKDOWN_RE = re.compile(r"([\\*_~|`\[\]<])")
_LINE_START_RE = re.compile(r"^(\s*)([#>-])")
_UNESCAPE_RE = re.compile(r"\\([\\*_~|`\[\]<#>-])")


def escape_markdown(text: str) -> str:
    """`text` with Discord markdown escaped: emphasis, spoilers, code, masked links, mentions and
    timestamps (`<`), and headings, quotes and subtext at the start of a line. Shows as typed."""
    text = _MARKDOWN_RE.sub(r"\\\1", text)
    return "\n".join(_LINE_START_RE.sub(r"\1\\\2", line) for line in text.split("\n"))


def unescape_markdown(text: str) -> str:
    """The inverse of `escape_markdown` (the question back from an embed title)."""
    return _UNESCAPE_RE.sub(r"\1", text)


def feedback_id(vote: int, answer_id: str, result: Result) -> str:
    conf = max(0, min(100, round(result.confidence * 100)))
    intent = _UNSAFE_ID.sub("", result.intent or "")[:60]
    return f"fb:{'u' if vote > 0 else 'd'}:{answer_id}:{result.lang}:{conf}:{intent}"


def suggestion_id(asker_id: int, n: int) -> str:
    return f"dym:{asker_id}:{n}"


def render_result(result: Result, *, asker_id: int, answer_id: str) -> Reply:
    """The reply to one question: embed + did-you-mean or feedback buttons."""
    lang = result.lang
    fields: list[dict | None] = []
    buttons: list[ButtonSpec] = []
    if result.status == "answered":
        for src in result.sources[:MAX_SOURCES]:
            meta = " · ".join(x for x in (src.publisher, src.published) if x)
            fields.append(_field(messages.t("source_label", lang), f"{meta}\n{_link(src.title or src.url, src.url)}"))
            if src.quote.strip():
                fields.append(_field(messages.t("quote_label", lang), _quote(src.quote)))
        buttons = [
            ButtonSpec(feedback_id(+1, answer_id, result), t("vote_up", lang), "secondary", "👍"),
            ButtonSpec(feedback_id(-1, answer_id, result), t("vote_down", lang), "secondary", "👎"),
        ]
    elif result.status == "ambiguous":
        seen: set[str] = set()
        for q in result.suggestions:
            label = clip(q.strip(), BUTTON_LABEL)
            if label and label not in seen and len(buttons) < MAX_DID_YOU_MEAN:
                seen.add(label)
                buttons.append(ButtonSpec(suggestion_id(asker_id, len(buttons)), label, "primary"))
    elif result.suggestions:  # unknown
        bullets = "\n".join("• " + clip(q.strip(), 200) for q in result.suggestions[:MAX_SUGGESTIONS] if q.strip())
        fields.append(_field(messages.t("suggestions_label", lang), bullets) if bullets else None)
    footer = None
    if result.intent:
        footer = (
            f"{messages.t('intent_label', lang)}: {result.intent} · "
            f"{messages.t('confidence_label', lang)} {result.confidence:.0%}"
        )
    description = result.answer
    if result.notice:
        description = f"*{result.notice.strip()}*\n\n{description}"
    embed = _embed(
        title=escape_markdown(result.question) if result.question else None,
        description=description,
        colour=result.status,
        fields=fields,
        footer=footer,
    )
    if "description" not in embed and "fields" not in embed and "title" not in embed:
        embed["description"] = "…"
    return Reply(embeds=tuple(_fit([embed])), buttons=tuple(buttons))


def render_notice(text: str, *, colour: str = "info") -> Reply:
    """A one-embed message (help, cooldown, errors, reload results)."""
    return Reply(embeds=(_embed(description=text or "…", colour=colour),))


def render_help(text: str, examples: Sequence[str], lang: str) -> Reply:
    bullets = "\n".join("• " + clip(q, 200) for q in examples[:MAX_SUGGESTIONS])
    fields = [_field(messages.t("suggestions_label", lang), bullets)] if bullets else []
    return Reply(embeds=tuple(_fit([_embed(description=text, colour="info", fields=fields)])))


def render_lines(title: str, lines: Sequence[str], more_key: str, lang: str) -> Reply:
    """A list (errors, sources) in one embed description, ending with "…and N more" when it overflows."""
    out: list[str] = []
    used = 0
    budget = DESCRIPTION - 60
    for i, line in enumerate(lines):
        line = clip(line, 900)
        if used + dlen(line) + 1 > budget:
            out.append(t(more_key, lang, n=len(lines) - i))
            break
        out.append(line)
        used += dlen(line) + 1
    return Reply(embeds=tuple(_fit([_embed(title=title, description="\n".join(out) or "…", colour="info")])))


def render_sources(sources: Sequence[object], lang: str) -> Reply:
    lines = []
    for s in sources:
        published = getattr(s, "published", "")
        date = published.isoformat() if hasattr(published, "isoformat") else str(published or "")
        meta = " · ".join(x for x in (str(getattr(s, "publisher", "") or ""), date) if x)
        lines.append(f"• **{meta}** — {_link(str(getattr(s, 'title', '') or ''), str(getattr(s, 'url', '') or ''))}")
    return render_lines(t("sources_title", lang), lines, "sources_more", lang)


def render_topics(topics: Sequence[tuple[str, Sequence[str]]], lang: str) -> Reply:
    """One field per entity with a few example questions; what does not fit is counted, not cut."""
    fields: list[dict] = []
    used = dlen(t("topics_title", lang))
    budget = EMBED_TOTAL - 200
    shown = 0
    for name, examples in topics:
        value = "\n".join("• " + clip(q, 150) for q in list(examples)[:3]) or "…"
        f = _field(name, value)
        if f is None:
            continue
        size = dlen(f["name"]) + dlen(f["value"])
        if len(fields) >= FIELDS - 1 or used + size > budget:
            break
        fields.append(f)
        used += size
        shown += 1
    rest = len(topics) - shown
    description = t("topics_more", lang, n=rest) if rest > 0 else None
    embed = _embed(title=t("topics_title", lang), description=description, colour="info", fields=fields)
    return Reply(embeds=tuple(_fit([embed])))


def choices(questions: Iterable[str], limit: int = CHOICES) -> list[tuple[str, str]]:
    """Autocomplete choices (name, value): at most 25, each within 100 characters, no duplicates."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for q in questions:
        q = " ".join(str(q).split())
        if not q:
            continue
        name, value = clip(q, CHOICE_NAME), clip(q, CHOICE_VALUE)
        if value in seen:
            continue
        seen.add(value)
        out.append((name, value))
        if len(out) >= min(limit, CHOICES):
            break
    return out
