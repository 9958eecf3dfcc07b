"""A slot the question fills decides before one filled by its default (a curator's report: "where is
seminar room A?" was declined as "nothing about the reading marathon", the default of the first slot)."""
from __future__ import annotations

import pytest

from bot.core.engine import Engine
from kbfiles import NOTICE_SOURCES, engine_of, example_engine

BASE = {
    "sources.yaml": NOTICE_SOURCES,
    "entities.yaml": """
entities:
  - id: marathon
    kind: program
    name: {ko: 독서 마라톤, en: the reading marathon}
    aliases: [마라톤, reading marathon]
  - id: talk
    kind: program
    name: {ko: 북토크, en: the book talk}
    aliases: [book talk]
  - id: room_a
    kind: room
    name: {ko: 세미나실 A, en: seminar room A}
    aliases: [세미나실a, seminar room a]
  - id: hall
    kind: room
    name: {ko: 강당, en: the hall}
    aliases: [hall, auditorium]
""",
    "facts.yaml": """
facts:
  - id: marathon-place
    subject: marathon
    attribute: place
    about: [hall]
    value: {text: {ko: 강당, en: the hall}}
    statement: {ko: 독서 마라톤은 강당에서 열립니다., en: The reading marathon is held in the hall.}
    source: notice
    quote: 독서 마라톤은 강당에서 열린다.
  - id: talk-place
    subject: talk
    attribute: place
    about: [room_a]
    value: {text: {ko: 세미나실 A, en: seminar room A}}
    statement: {ko: 북토크는 세미나실 A에서 열립니다., en: The book talk is held in seminar room A.}
    source: notice
    quote: 북토크는 세미나실 A에서 열린다.
  - id: room-a-floor
    subject: room_a
    attribute: place
    value: {text: {ko: 2층, en: the second floor}}
    statement: {ko: 세미나실 A는 2층에 있습니다., en: Seminar room A is on the second floor.}
    source: notice
    quote: 세미나실 A는 2층에 있다.
""",
    "intents.yaml": """
intents:
  - id: place
    title: {ko: "{program}[은/는] 어디서 하나?", en: "Where is {program}?"}
    attributes: [place]
    slots:
      - {name: program, kinds: [program], default: [marathon]}
      - {name: room, kinds: [room]}
    examples:
      ko: [어디서 해?, 독서 마라톤 장소, 북토크 어디서 해?, 세미나실 A 어디야?, 강당 어디 있어?]
      en: [where is it held, where is the reading marathon, where is the book talk, where is seminar room a, where is the hall]
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_of(tmp_path_factory, BASE)


def test_a_named_room_decides_over_the_default_programme(engine):
    r = engine.ask("where is seminar room a?")
    assert r.status == "answered", r.answer
    assert "second floor" in r.answer or "book talk" in r.answer
    assert "reading marathon" not in r.answer


def test_the_default_still_answers_when_nothing_is_named(engine):
    r = engine.ask("어디서 해?")
    assert r.status == "answered", r.answer
    assert "강당" in r.answer


def test_a_named_programme_decides(engine):
    r = engine.ask("북토크는 어디서 해?")
    assert r.status == "answered", r.answer
    assert "세미나실 A" in r.answer and "독서 마라톤" not in r.answer


def test_names_only_are_read_when_they_are_an_example_of_the_base():
    engine = example_engine("library")
    r = engine.ask("분관에서 축제 해?")  # the curator's own example: two names and 해
    assert r.status == "answered", r.answer
    assert "열리지 않습니다" in r.answer
    r = engine.ask("물푸레분관")  # a name alone asks nothing: what about it?
    assert r.status == "ambiguous", r.answer


def test_a_second_clause_asking_something_new_of_the_same_subject_is_answered():
    engine = example_engine("library")
    r = engine.ask("북토크는 몇 시야, 그리고 어디서 해?")  # (the curator's report: only the time came back)
    assert r.status == "answered", r.answer
    assert "7시" in r.answer and "세미나실 B" in r.answer
