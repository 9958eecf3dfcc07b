"""Property tests over the whole path: clean/normalise -> match -> answer -> render (issue 5, point 2).

Hypothesis feeds hostile and realistic input through the real engine (the shipped knowledge base) and
the pure Discord renderer, and checks what a public server must never see: an exception, an invalid
status, an over-long question, an empty answer, a result that does not survive JSON, a confidence
outside [0, 1], an unsourced or over-long quote, a message Discord would reject (checked here
independently of `render.limit_problems`, and with it), a ping, or invisible/bidi characters that
survive cleaning.

Every property is derandomised (same inputs on every run, no example database), so CI is
reproducible. Each test body bumps a module counter; the last test in the file asserts that at least
10,000 generated inputs ran and prints the figure (pytest runs the tests of a file in order).

Bugs these properties found are kept as minimal regression tests at the end of the file.
"""
from __future__ import annotations

import json
import logging
import math
import re
import time
import unicodedata
from collections import Counter

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat import render
from bot.chat.views import message_kwargs
from bot.core.engine import Engine
from bot.core.result import Result
from bot.core.text import _INVISIBLE_RE as INVISIBLE_RE  # the characters normalize() drops
from bot.core.text import MAX_QUESTION_CHARS, clean_input, detect_lang, normalize, tokenize

# ---------------------------------------------------------------------------------------------- set-up

ENGINE = Engine.load()  # ~0.5-1 s; module level, because hypothesis rejects function-scoped fixtures
KB = ENGINE.kb

RUN: Counter[str] = Counter()  # generated inputs actually run, per property
MIN_GENERATED = 10_000
_STARTED: list[float] = []  # when the first generated input ran (collection of other files excluded)


def tally(name: str) -> None:
    if not _STARTED:
        _STARTED.append(time.perf_counter())
    RUN[name] += 1


class _Errors(logging.Handler):
    """`Engine.ask` swallows exceptions (logs and declines); a property must still see them."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


ENGINE_ERRORS = _Errors()
logging.getLogger("bot.core.engine").addHandler(ENGINE_ERRORS)


def prop(n: int):
    """Reproducible settings for a property that runs `n` generated inputs."""
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ---------------------------------------------------------------------------------------------- strategies

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u3164", "\uffa0", "\u115f"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
CONTROLS = ["\x00", "\x07", "\x08", "\x1b", "\x7f", "\x85", "\x9b", "\x0b", "\x0c"]
SPACES = [" ", "\t", "\n", "\r", "\u00a0", "\u2028", "\u2029", "\u3000", "\u2003", "\u1680"]
MENTIONS = ["@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "<#789>", "@\u200beveryone", "@ everyone",
            "<:kakao:1234567890>", "<t:0:R>", "</ask:1>", "||spoiler||", "```", "**", "> ", "# ",
            "[click](https://evil.example)", "https://discord.gg/x", "\\@everyone"]
EMOJI = ["😀", "👍🏽", "👨\u200d👩\u200d👧", "🇰🇷", "❤️", "🤖", "1️⃣", "🏳️\u200d🌈", "\U0001f9d1\u200d\U0001f4bb"]
# marks the cleaner caps (canonical combining class != 0) and Zalgo favourites it does not (class 0)
CAPPED_MARKS = [chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))]
CLASS0_MARKS = ["\u0488", "\u0489", "\u20dd", "\u20de", "\u20df", "\u20e0", "\u20e2", "\u20e3", "\u20e4"]
SPECIALS = ZERO_WIDTH + BIDI + CONTROLS + SPACES

any_char = st.characters(exclude_categories=("Cs",))  # every category, control characters included
hangul_char = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # syllables
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),  # conjoining jamo
    st.characters(min_codepoint=0x3131, max_codepoint=0x318E),  # compatibility jamo
    st.characters(min_codepoint=0xFFA0, max_codepoint=0xFFDC),  # half-width jamo
    st.characters(min_codepoint=0xA960, max_codepoint=0xA97C),  # jamo extended-A
    st.characters(min_codepoint=0xD7B0, max_codepoint=0xD7FB),  # jamo extended-B
    st.characters(min_codepoint=0x3200, max_codepoint=0x321E),  # parenthesised Hangul
    st.characters(min_codepoint=0x3260, max_codepoint=0x327E),  # circled Hangul
    st.sampled_from(list("은는이가을를의에도만요?!., ")),  # particles, punctuation, spaces
)
# one-character specials go into the alphabets (hypothesis draws such a text as one string, fast);
# multi-character ones (mentions, emoji sequences, particles) are spliced in afterwards
special_char = st.sampled_from(SPECIALS + CAPPED_MARKS[:8] + CLASS0_MARKS + ["😀", "🤖", "\ufe0f"])
MULTI = MENTIONS + EMOJI + ["에서", "으로", "했어", "인가요", "몇 개", "\r\n"]
_SPLICES = st.lists(st.tuples(st.integers(0, 2**16), st.sampled_from(MULTI)), max_size=3)


def _spliced(base: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def splice(args: tuple[str, list[tuple[int, str]]]) -> str:
        text, pieces = args
        for pos, piece in pieces:
            i = pos % (len(text) + 1)
            text = text[:i] + piece + text[i:]
        return text

    return st.tuples(base, _SPLICES).map(splice)


arbitrary_text = _spliced(st.text(st.one_of(any_char, any_char, any_char, special_char), max_size=300))
hangul_text = _spliced(st.text(st.one_of(hangul_char, hangul_char, hangul_char, special_char), max_size=120))
whitespace_only = st.text(st.sampled_from(SPACES + ZERO_WIDTH + BIDI + CONTROLS), max_size=60)

# real question fragments from the shipped knowledge base
FRAGMENTS = sorted(
    {q for it in KB.intents.values() for _, q in it.examples.all()}
    | {n for e in KB.entities.values() for n in (e.name.ko, e.name.en, *e.aliases)}
    | {q for lang in ("ko", "en") for q in ENGINE.complete("", lang, limit=10_000)}
)
SEPARATORS = [" ", " and ", "하고 ", ", ", "? ", "\n", " 그리고 ", " 및 ", "", " vs "]


# Strategies are built once here: building them inside a composite on every draw is what makes
# generation slow, not the engine.
_RAW_POS = st.integers(0, 2**16)
_INSERTABLE = st.one_of(any_char, hangul_char, special_char, st.sampled_from(MULTI))
_LATIN_OR_HANGUL = st.one_of(st.characters(min_codepoint=0x61, max_codepoint=0x7A), hangul_char)
_SYLLABLE_STEP = st.integers(-28, 28)
_ZW, _ZW_N = st.sampled_from(ZERO_WIDTH), st.integers(1, 50)
_BIDI_OPEN, _BIDI_CLOSE = st.sampled_from(BIDI), st.sampled_from(["\u202c", "\u2069", ""])
_MARKS, _MARKS_N = st.lists(st.sampled_from(CAPPED_MARKS + CLASS0_MARKS), min_size=1, max_size=8), st.integers(5, 300)
_MENTION = st.sampled_from(MENTIONS)
_EMOJIS = st.lists(st.sampled_from(EMOJI), min_size=1, max_size=20)
_FORM = st.sampled_from(["NFD", "NFKD"])
_CASE = st.sampled_from([str.upper, str.swapcase, str.title])
_CONTROL_RUN = st.lists(st.sampled_from(CONTROLS + SPACES), min_size=1, max_size=30)
_SEPARATOR = st.sampled_from(SEPARATORS)
_REPEAT = st.integers(2, 5000)


def _pos(draw, text: str, end: bool = True) -> int:
    """A position in `text` (0..len, or 0..len-1 with end=False)."""
    return draw(_RAW_POS) % (len(text) + (1 if end else 0))


def _insert(draw, text: str, piece: str) -> str:
    i = _pos(draw, text)
    return text[:i] + piece + text[i:]


def _m_insert_char(draw, text):
    return _insert(draw, text, draw(_INSERTABLE))


def _m_delete(draw, text):
    if not text:
        return text
    i = _pos(draw, text, end=False)
    return text[:i] + text[i + 1:]


def _m_swap(draw, text):  # typo: two neighbours swapped
    if len(text) < 2:
        return text
    i = _pos(draw, text[1:], end=False)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _m_replace(draw, text):  # typo: one character replaced (often by a Hangul neighbour)
    if not text:
        return text
    i = _pos(draw, text, end=False)
    ch = text[i]
    if "\uac00" <= ch <= "\ud7a3":
        new = chr(0xAC00 + (ord(ch) - 0xAC00 + draw(_SYLLABLE_STEP)) % 11172)
    else:
        new = draw(_LATIN_OR_HANGUL)
    return text[:i] + new + text[i + 1:]


def _m_zero_width(draw, text):
    return _insert(draw, text, draw(_ZW) * draw(_ZW_N))


def _m_bidi(draw, text):
    i, j = sorted((_pos(draw, text), _pos(draw, text)))
    return text[:i] + draw(_BIDI_OPEN) + text[i:j] + draw(_BIDI_CLOSE) + text[j:]


def _m_zalgo(draw, text):  # a flood of combining marks after one character
    marks, n = "".join(draw(_MARKS)), draw(_MARKS_N)
    return _insert(draw, text, (marks * n)[:n])


def _m_mention(draw, text):
    return _insert(draw, text, draw(_MENTION))


def _m_emoji(draw, text):
    return _insert(draw, text, "".join(draw(_EMOJIS)))


def _m_decompose(draw, text):  # Hangul as conjoining jamo / compatibility forms
    return unicodedata.normalize(draw(_FORM), text)


def _m_fullwidth(draw, text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _m_case(draw, text):
    return draw(_CASE)(text)


def _m_controls(draw, text):
    return _insert(draw, text, "".join(draw(_CONTROL_RUN)))


def _m_long(draw, text):  # very long input, up to 5,000 characters
    unit = (text or "x") + draw(_SEPARATOR)
    return (unit * (2 + draw(_REPEAT) // len(unit)))[:5000]


# small edits are drawn more often than the expensive very-long input (hostile() makes those too)
MUTATIONS = [_m_insert_char, _m_delete, _m_swap, _m_replace] * 3 + [
    _m_zero_width, _m_bidi, _m_zalgo, _m_mention, _m_emoji, _m_decompose, _m_fullwidth, _m_case, _m_controls, _m_long]
HOSTILE_MUTATIONS = [_m_mention, _m_zalgo, _m_bidi, _m_zero_width, _m_emoji, _m_controls, _m_long]
_MUTATION, _HOSTILE_MUTATION = st.sampled_from(MUTATIONS), st.sampled_from(HOSTILE_MUTATIONS)
_PARTS = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3)
_N_MUTATIONS = {n: st.integers(0, n) for n in range(6)}
_HOSTILE_CORE = st.one_of(st.just(""), st.sampled_from(FRAGMENTS), hangul_text, whitespace_only)
_N_HOSTILE = st.integers(1, 4)


@st.composite
def kb_questions(draw, max_mutations: int = 5):
    """Real questions from the knowledge base (examples, entity names, suggestion titles), joined and
    mutated: typos, insertions, deletions, zero-width, bidi, Zalgo, mentions, emoji, full-width, long."""
    text = draw(_SEPARATOR).join(draw(_PARTS))
    for _ in range(draw(_N_MUTATIONS[max_mutations])):
        text = draw(_MUTATION)(draw, text)
    return text[:5000]


@st.composite
def hostile(draw):
    """Mentions, Zalgo, bidi overrides, whitespace-only, emoji and very long strings, alone or around
    a real question."""
    core = draw(_HOSTILE_CORE)
    for _ in range(draw(_N_HOSTILE)):
        core = draw(_HOSTILE_MUTATION)(draw, core)
    return core[:5000]


# ---------------------------------------------------------------------------------------------- checks

FORBIDDEN = set(ZERO_WIDTH) | set(BIDI) | {"\u2061", "\u2062", "\u2063", "\u2064", "\u206a", "\u206f"}


def forbidden_chars(text: str) -> list[str]:
    """Control (Cc), zero-width and bidi-control characters in `text`."""
    bad = []
    for ch in text:
        if ch in FORBIDDEN or unicodedata.category(ch) == "Cc" and ch != "\n":
            bad.append(f"U+{ord(ch):04X}")
        elif unicodedata.bidirectional(ch) in ("LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"):
            bad.append(f"U+{ord(ch):04X}")
    return bad


def longest_mark_run(text: str, capped_only: bool = True) -> int:
    best = run = 0
    for ch in text:
        is_mark = unicodedata.combining(ch) if capped_only else unicodedata.category(ch) in ("Mn", "Me")
        run = run + 1 if is_mark else 0
        best = max(best, run)
    return best


def u16(text: str | None) -> int:
    """Length as Discord counts it: UTF-16 code units (independent of render.dlen)."""
    return len((text or "").encode("utf-16-le")) // 2


def discord_problems(payload: dict) -> list[str]:
    """Discord's message limits, re-stated here so the test does not trust render's own check."""
    p: list[str] = []
    content = payload.get("content") or ""
    embeds = payload.get("embeds") or []
    if u16(content) > 2000:
        p.append("content > 2000")
    if not content.strip() and not embeds:
        p.append("empty message")
    if len(embeds) > 10:
        p.append("> 10 embeds")
    total = 0
    for e in embeds:
        title, desc = e.get("title") or "", e.get("description") or ""
        footer = (e.get("footer") or {}).get("text") or ""
        author = (e.get("author") or {}).get("name") or ""
        fields = e.get("fields") or []
        if u16(title) > 256:
            p.append(f"title {u16(title)} > 256")
        if u16(desc) > 4096:
            p.append(f"description {u16(desc)} > 4096")
        if u16(footer) > 2048:
            p.append("footer > 2048")
        if u16(author) > 256:
            p.append("author > 256")
        if len(fields) > 25:
            p.append(f"{len(fields)} fields > 25")
        for f in fields:
            if not 1 <= u16(f.get("name")) <= 256 or not (f.get("name") or "").strip():
                p.append(f"field name {u16(f.get('name'))} not in 1..256")
            if not 1 <= u16(f.get("value")) <= 1024 or not (f.get("value") or "").strip():
                p.append(f"field value {u16(f.get('value'))} not in 1..1024")
        if not (title.strip() or desc.strip() or fields or footer.strip()):
            p.append("embed with nothing to show")
        total += u16(title) + u16(desc) + u16(footer) + u16(author)
        total += sum(u16(f.get("name")) + u16(f.get("value")) for f in fields)
    if total > 6000:
        p.append(f"embed total {total} > 6000")
    rows = payload.get("components") or []
    if len(rows) > 5:
        p.append(f"{len(rows)} action rows > 5")
    n = 0
    for row in rows:
        items = row.get("components") or []
        n += len(items)
        if not 1 <= len(items) <= 5:
            p.append(f"{len(items)} components in a row")
        for c in items:
            if not 1 <= u16(c.get("custom_id")) <= 100:
                p.append("custom_id not in 1..100")
            if u16(c.get("label")) > 80:
                p.append(f"button label {u16(c.get('label'))} > 80")
    if n > 25:
        p.append(f"{n} components > 25")
    return p


def check_clean(text: str) -> str:
    cleaned, truncated = clean_input(text)
    assert isinstance(cleaned, str) and isinstance(truncated, bool)
    assert len(cleaned) <= MAX_QUESTION_CHARS
    assert not forbidden_chars(cleaned), forbidden_chars(cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned and "\n" not in cleaned
    assert longest_mark_run(cleaned, capped_only=False) <= 2  # combining-mark floods capped
    return cleaned


def check_result(text: str, result: Result) -> None:
    assert isinstance(result, Result)
    assert result.status in ("answered", "ambiguous", "unknown")
    assert result.lang in ("ko", "en")
    assert isinstance(result.question, str) and len(result.question) <= MAX_QUESTION_CHARS
    assert not forbidden_chars(result.question), forbidden_chars(result.question)
    assert result.question == clean_input(text)[0]  # what is shown is exactly the cleaned input
    assert isinstance(result.answer, str) and result.answer.strip()
    assert isinstance(result.confidence, float) and math.isfinite(result.confidence)
    assert 0.0 <= result.confidence <= 1.0, result.confidence
    data = result.to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False)) == data
    assert json.loads(json.dumps(data)) == data
    if result.status == "answered":
        assert result.intent
        if result.facts:
            assert result.sources, "an answer from facts without a source"
        for s in result.sources:
            assert s.url and s.url.startswith(("https://", "http://")), s
            assert s.quote.strip() and len(s.quote) <= 200, s
    if result.status == "ambiguous":
        assert result.suggestions, "ambiguous without anything to choose from"
    for q in result.suggestions:
        assert isinstance(q, str) and q.strip()


def check_reply(reply: render.Reply) -> None:
    payload = reply.payload()
    assert discord_problems(payload) == [], discord_problems(payload)
    assert render.limit_problems(payload) == []
    assert sum(len(discord.Embed.from_dict(e)) for e in reply.embeds) <= 6000  # discord.py's own count
    for b in reply.buttons:
        assert render.FEEDBACK_RE.fullmatch(b.custom_id) or render.SUGGEST_RE.fullmatch(b.custom_id), b.custom_id
        assert b.label.strip() or b.emoji
    # nothing rendered may ping: what is sent carries allowed_mentions that forbid every mention
    kwargs = message_kwargs(reply, with_view=False)
    allowed = kwargs["allowed_mentions"].to_dict()
    assert allowed.get("parse") == [] and not allowed.get("users") and not allowed.get("roles"), allowed
    assert not allowed.get("replied_user")
    content = kwargs.get("content") or ""
    if re.search(r"@(everyone|here)|<@[!&]?\d+>", content):
        assert allowed == {"parse": []}


def run_pipeline(text: str, asker_id: int = 1) -> Result:
    ENGINE_ERRORS.records.clear()
    result = ENGINE.ask(text)
    assert not ENGINE_ERRORS.records, [r.getMessage() for r in ENGINE_ERRORS.records] + [
        logging.Formatter().formatException(r.exc_info) for r in ENGINE_ERRORS.records if r.exc_info
    ]
    check_result(text, result)
    reply = render.render_result(result, asker_id=asker_id, answer_id="0123456789ab")
    check_reply(reply)
    if result.status == "answered":
        assert [b.emoji for b in reply.buttons] == ["👍", "👎"]
    if result.status == "ambiguous":
        assert 1 <= len(reply.buttons) <= 3
    return result


# ---------------------------------------------------------------------------------------------- text

text_inputs = st.one_of(arbitrary_text, hangul_text, kb_questions(), hostile())


@prop(2700)
@given(text_inputs)
def test_normalize_is_idempotent_and_tokenize_never_fails(text):
    tally("normalize/tokenize")
    once = normalize(text)
    assert once == once.strip() and "  " not in once
    assert normalize(once) == once
    visible = normalize(INVISIBLE_RE.sub("", text))
    assert normalize(visible) == visible
    cleaned = clean_input(text)[0]
    assert normalize(normalize(cleaned)) == normalize(cleaned)
    toks = tokenize(cleaned)
    assert all(isinstance(t, str) and t and " " not in t for t in toks)
    assert detect_lang(text) in ("ko", "en")


@prop(2000)
@given(st.one_of(text_inputs, whitespace_only))
def test_clean_input_leaves_no_control_zero_width_or_bidi(text):
    tally("clean_input")
    cleaned = check_clean(text)
    again, truncated = clean_input(cleaned)
    assert not truncated and len(again) <= len(cleaned)
    assert clean_input(again)[0] == again  # stable after one more pass


# ---------------------------------------------------------------------------------------------- the whole path


@prop(1200)
@given(arbitrary_text, st.integers(0, 2**64 - 1))
def test_pipeline_on_arbitrary_unicode(text, asker):
    tally("pipeline/unicode")
    run_pipeline(text, asker)


@prop(1200)
@given(hangul_text)
def test_pipeline_on_hangul_heavy_text(text):
    tally("pipeline/hangul")
    run_pipeline(text)


@prop(1800)
@given(kb_questions())
def test_pipeline_on_mutated_knowledge_base_questions(text):
    tally("pipeline/kb")
    run_pipeline(text)


@prop(600)
@given(hostile())
def test_pipeline_on_hostile_input(text):
    tally("pipeline/hostile")
    result = run_pipeline(text)
    if not clean_input(text)[0]:  # empty or whitespace/invisible only -> short help, never a guess
        assert result.status == "unknown" and result.intent is None and result.suggestions


@prop(200)
@given(whitespace_only)
def test_whitespace_only_gets_help(text):
    tally("pipeline/whitespace")
    result = run_pipeline(text)
    assert result.status == "unknown" and result.question == "" and result.suggestions


@prop(800)
@given(st.one_of(arbitrary_text, hangul_text, kb_questions(max_mutations=2)), st.sampled_from(["ko", "en", "xx"]))
def test_autocomplete_within_discord_limits(text, lang):
    tally("autocomplete")
    found = ENGINE.complete(text[:300], lang, limit=render.CHOICES)
    assert all(isinstance(q, str) for q in found) and len(found) <= render.CHOICES
    out = render.choices(found)
    assert len(out) <= 25
    for name, value in out:
        assert 1 <= u16(name) <= 100 and 1 <= u16(value) <= 100
        assert name.strip() and value.strip()
    assert len({v for _, v in out}) == len(out)


# ---------------------------------------------------------------------------------------------- examples


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t\u200b\u202e ",
        "@everyone how many papers did kakao publish?",
        "<@&456> 카카오 논문 몇 개야? @here",
        "\u202ekakao papers\u202c",
        "k\u200ba\u200bk\u200ba\u200bo",
        "카" + "\u0301" * 400 + "카오 논문",
        "😀" * 2500,
        "카카오 " * 1000,
        "\x00\x07\x1b[31m kakao",
    ],
)
def test_named_hostile_cases(text):
    run_pipeline(text)


def test_every_shipped_example_goes_through_the_whole_path():
    for it in KB.intents.values():
        for _, q in it.examples.all():
            run_pipeline(q)


# ---------------------------------------------------------------------------------------------- regressions
# Minimal reproductions of bugs these properties found (fixed): Zalgo floods of class-0 marks,
# invisible format characters outside the list, normalize() not idempotent around invisible
# characters, and a negative confidence on a decline.


@pytest.mark.parametrize("mark", ["\u0489", "\u20dd"])
def test_zalgo_flood_of_class_zero_marks_is_capped(mark):
    cleaned, _ = clean_input("kakao" + mark * 300)
    assert longest_mark_run(cleaned, capped_only=False) <= 2, len(cleaned)


@pytest.mark.parametrize("ch", ["\ufff9", "\U0001d173"])
def test_invisible_format_characters_are_removed(ch):
    cleaned, _ = clean_input(f"ka{ch}kao")
    assert cleaned == "kakao", ascii(cleaned)


@pytest.mark.parametrize("text", ["\u1106\u200b\u116e", "논\u1106\u202c\u116e\u11ab"])
def test_normalize_is_idempotent_around_invisible_characters(text):
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize("text", ["foo bar baz 2021", "click evil example 1"])
def test_declined_confidence_is_never_negative(text):
    assert ENGINE.ask(text).confidence >= 0.0


# ---------------------------------------------------------------------------------------------- count

PROPERTIES = ["normalize/tokenize", "clean_input", "pipeline/unicode", "pipeline/hangul", "pipeline/kb",
              "pipeline/hostile", "pipeline/whitespace", "autocomplete"]


def test_zz_generated_input_count(capsys):
    """Last in the file: at least 10,000 generated inputs ran (issue 5: "CI runs >= 10,000")."""
    if any(RUN[name] == 0 for name in PROPERTIES):
        pytest.skip("not every property ran (test selection); the count needs the whole file")
    total = sum(RUN[name] for name in PROPERTIES)
    with capsys.disabled():
        per = ", ".join(f"{name} {RUN[name]}" for name in PROPERTIES)
        print(f"\n[test_properties] {total} generated inputs in {time.perf_counter() - _STARTED[0]:.1f} s ({per})")
    assert total >= MIN_GENERATED, dict(RUN)
