"""Rendering stays within every Discord limit, whatever the core returns or the user types.

Pure tests (no gateway): hypothesis drives arbitrary `Result`s and arbitrary questions through the
real engine into `render`, and checks the payload with `render.limit_problems` and discord.py's
own embed length count.
"""
from __future__ import annotations

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat import render
from bot.chat.mentions import scrub
from bot.chat.limits import Cooldown
from bot.core.engine import Engine
from bot.core.result import Result, SourceRef

ENGINE = Engine.load()

# text that stresses limits: astral emoji (2 UTF-16 units), combining marks, RTL, zero-width, Hangul,
# markdown, mentions; long values come from repetition (cheap to generate, up to ~30k characters)
chars = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list("😀\u0301\u202e\u200b카`*\n ")),
)
base = st.text(alphabet=chars, max_size=80)
piece = st.tuples(base, st.sampled_from(["", "@everyone", "<@&1>", "https://x.y/z"]), base).map("".join)
long_text = st.one_of(piece, st.builds(lambda s, n: s * n, piece, st.integers(1, 200)))

sources = st.builds(
    SourceRef,
    source_id=st.text(max_size=20),
    publisher=long_text,
    title=long_text,
    url=st.one_of(st.just("https://www.bloter.net/newsView/blt202112290080"), long_text),
    published=st.text(max_size=30),
    quote=long_text,
)

results = st.builds(
    Result,
    question=long_text,
    lang=st.sampled_from(["ko", "en"]),
    status=st.sampled_from(["answered", "ambiguous", "unknown"]),
    intent=st.one_of(st.none(), st.text(max_size=120)),
    confidence=st.floats(0, 1),
    answer=long_text,
    facts=st.tuples(),
    sources=st.lists(sources, max_size=4).map(tuple),
    suggestions=st.lists(long_text, max_size=6).map(tuple),
    notice=st.one_of(st.none(), long_text),
)


def check(reply: render.Reply) -> None:
    payload = reply.payload()
    assert render.limit_problems(payload) == []
    total = sum(len(discord.Embed.from_dict(e)) for e in reply.embeds)
    assert total <= render.EMBED_TOTAL
    for b in reply.buttons:
        assert render.FEEDBACK_RE.fullmatch(b.custom_id) or render.SUGGEST_RE.fullmatch(b.custom_id), b.custom_id


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(results, st.integers(0, 2**64 - 1))
def test_any_result_renders_within_limits(result, asker):
    reply = render.render_result(result, asker_id=asker, answer_id="0123456789ab")
    check(reply)
    if result.status == "ambiguous":
        assert len(reply.buttons) <= 3
    if result.status == "answered":
        assert [b.emoji for b in reply.buttons] == ["👍", "👎"]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(piece, long_text))
def test_any_question_through_the_engine_renders_within_limits(question):
    result = ENGINE.ask(question)
    assert result.status in ("answered", "ambiguous", "unknown")
    check(render.render_result(result, asker_id=1, answer_id="0123456789ab"))


@given(st.lists(long_text, max_size=60))
def test_autocomplete_choices_within_limits(questions):
    out = render.choices(questions)
    assert len(out) <= 25
    for name, value in out:
        assert 0 < render.dlen(name) <= 100 and 0 < render.dlen(value) <= 100
    assert len({v for _, v in out}) == len(out)


@given(long_text, st.integers(2, 5000))
def test_clip(text, limit):
    out = render.clip(text, limit)
    assert render.dlen(out) <= limit
    if render.dlen(text) <= limit:
        assert out == text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(long_text, st.lists(long_text, max_size=8)), max_size=60), st.sampled_from(["ko", "en"]))
def test_topics_within_limits(topics, lang):
    check(render.render_topics(topics, lang))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(long_text, max_size=100), st.sampled_from(["ko", "en"]))
def test_error_lists_within_limits(lines, lang):
    check(render.render_lines("title", lines, "more_lines", lang))


def test_long_error_list_counts_what_it_leaves_out():
    lines = [f"knowledge/facts/f{i}.yaml: facts[{i}].source: unknown source 'x'; fact not loaded" for i in range(300)]
    description = render.render_lines("title", lines, "more_lines", "en").embeds[0]["description"]
    shown = description.splitlines()
    assert shown[-1] == f"…and {300 - (len(shown) - 1)} more."
    assert shown[:-1] == lines[: len(shown) - 1]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_shipped_topics_and_sources_within_limits(lang):
    check(render.render_topics(ENGINE.topics(lang), lang))
    check(render.render_sources(ENGINE.sources, lang))


def test_feedback_id_round_trips():
    result = ENGINE.ask("how many papers did kakao publish")
    cid = render.feedback_id(-1, "abcdef012345", result)
    m = render.FEEDBACK_RE.fullmatch(cid)
    assert m and (m["vote"], m["aid"], m["lang"], m["intent"]) == ("d", "abcdef012345", "en", result.intent)
    assert int(m["conf"]) == round(result.confidence * 100)


def test_cooldown_window():
    now = [0.0]
    cd = Cooldown(5, 20, clock=lambda: now[0])
    assert [cd.hit(1) for _ in range(5)] == [0.0] * 5
    assert cd.hit(1) == pytest.approx(20)
    assert cd.hit(2) == 0.0  # per user
    now[0] = 19.5
    assert cd.hit(1) == pytest.approx(0.5)
    now[0] = 20.0
    assert cd.hit(1) == 0.0
    now[0] = 1000.0
    for uid in range(3000):
        cd.hit(uid)
    now[0] = 2000.0
    for _ in range(1024):
        cd.hit(7)
    assert len(cd) == 1  # users idle for a whole window are forgotten


def test_strip_mentions():
    assert scrub("<@42> how many <@!42>papers") == "how many papers"
    assert scrub("<@43> hi") == "hi"  # every mention is protocol syntax, not only the bot's own
