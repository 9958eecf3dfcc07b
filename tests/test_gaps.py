"""How long between two events a question names: each side read on its own (issue 9, class 4: the
first two dates of the question's readings gave 1926 -> 2013 for "공휴일에서 빠졌다가 다시 공휴일이 되기까지")."""
from __future__ import annotations


import pytest

from bot.core.engine import Engine
from kbfiles import NOTE_SOURCES, engine_of
from bot.core.shape import measures_gap, sides

BASE = {
    "sources.yaml": NOTE_SOURCES,
    "entities.yaml": """
entities:
  - id: society
    kind: organization
    name: {ko: 솔글학회, en: the Sol Letters Society}
    aliases: [솔글연구회, 솔글모임, sol letters research society, sol letters circle]
  - id: festival
    kind: holiday
    name: {ko: 솔 축제일, en: Sol Festival Day}
    aliases: [축제일, festival day]
  - id: contest
    kind: program
    name: {ko: 그림 대회, en: the drawing contest}
    aliases: [대회, drawing contest, contest]
  - id: kim
    kind: person
    name: {ko: 김솔, en: Kim Sol}
    aliases: [김솔 회장, kim sol]
  - id: ferry
    kind: route
    name: {ko: 솔섬 여객선, en: the Sol Island ferry}
    aliases: [여객선, ferry, 솔섬 배]
""",
    "facts.yaml": """
facts:
  - id: founded
    subject: society
    attribute: history
    period: "1921"
    value: {date: "1921"}
    statement: {ko: 1921년 솔글연구회가 생겼습니다., en: The Sol Letters Research Society came into being in 1921.}
    source: note
    quote: 1921년 솔글연구회가 생겼다.
  - id: renamed-1931
    subject: society
    attribute: history
    period: "1931"
    value: {date: "1931"}
    statement: {ko: 솔글연구회는 1931년 솔글모임으로 이름을 바꾸었습니다., en: In 1931 the Research Society renamed itself the Sol Letters Circle.}
    source: note
    quote: 솔글연구회는 1931년 솔글모임으로 이름을 바꾸었다.
  - id: renamed-1949
    subject: society
    attribute: history
    period: "1949"
    value: {date: "1949"}
    statement: {ko: 솔글모임은 1949년 솔글학회로 이름을 바꾸었습니다., en: In 1949 the Circle renamed itself the Sol Letters Society.}
    source: note
    quote: 솔글모임은 1949년 솔글학회로 이름을 바꾸었다.
  - id: holiday-1949
    subject: festival
    attribute: holiday
    period: "1949"
    value: {date: "1949"}
    statement: {ko: 솔 축제일은 1949년 휴일이 되었습니다., en: Sol Festival Day became a holiday in 1949.}
    source: note
    quote: 솔 축제일은 1949년 휴일이 되었다.
  - id: holiday-1991
    subject: festival
    attribute: holiday
    period: "1991"
    value: {date: "1991"}
    statement: {ko: 솔 축제일은 1991년부터 휴일에서 빠졌습니다., en: From 1991 Sol Festival Day was no longer a holiday.}
    source: note
    quote: 솔 축제일은 1991년부터 휴일에서 빠졌다.
  - id: holiday-2013
    subject: festival
    attribute: holiday
    period: "2013"
    value: {date: "2013"}
    statement: {ko: 솔 축제일은 2013년부터 다시 휴일이 되었습니다., en: From 2013 Sol Festival Day was a holiday again.}
    source: note
    quote: 솔 축제일은 2013년부터 다시 휴일이 되었다.
  - id: deadline
    subject: contest
    attribute: schedule
    value: {date: "2027-01-31"}
    statement: {ko: 그림 대회 응모 마감은 2027년 1월 31일입니다., en: Entries to the drawing contest close on 31 January 2027.}
    source: note
    quote: 응모 마감은 2027년 1월 31일이다.
  - id: results
    subject: contest
    attribute: schedule
    value: {date: "2027-02-10"}
    statement: {ko: 그림 대회 수상작은 2027년 2월 10일에 발표합니다., en: The drawing contest winners are announced on 10 February 2027.}
    source: note
    quote: 수상작은 2027년 2월 10일에 발표한다.
  - id: kim-term
    subject: kim
    attribute: chair_term
    value: {text: {ko: 1921~1935년, en: 1921-1935}}
    statement: {ko: 김솔은 솔글학회 회장을 지냈습니다(1921~1935년)., en: Kim Sol chaired the society (1921-1935).}
    source: note
    quote: 김솔은 1921년부터 1935년까지 회장을 지냈다.
  - id: ferry-stop
    subject: ferry
    attribute: ferry_history
    period: "2023-11"
    value: {date: "2023-11"}
    statement: {ko: 솔섬 여객선은 2023년 11월 운항을 멈췄습니다., en: The Sol Island ferry stopped sailing in November 2023.}
    source: note
    quote: 여객선은 2023년 11월 운항을 멈췄다.
  - id: ferry-restart
    subject: ferry
    attribute: ferry_history
    period: "2026-04"
    value: {date: "2026-04"}
    statement: {ko: 솔섬 여객선은 2026년 4월 운항을 다시 시작합니다., en: The Sol Island ferry starts sailing again in April 2026.}
    source: note
    quote: 2026년 4월 운항을 다시 시작한다.
""",
    "intents.yaml": """
intents:
  - id: history
    title: {ko: 학회의 역사는?, en: The society's history?}
    attributes: [history]
    slots: [{name: org, kinds: [organization], default: [society]}]
    periods: true
    examples:
      ko: [솔글학회 언제 생겼어?, 솔글학회 이름 언제 바꿨어?, 솔글연구회 역사, 솔글모임으로 이름 바꾼 해]
      en: [when was the society founded, when did the society change its name, history of the sol letters society]
  - id: holiday
    title: {ko: 축제일은 휴일인가?, en: Is Festival Day a holiday?}
    attributes: [holiday]
    slots: [{name: day, kinds: [holiday], default: [festival]}]
    periods: true
    examples:
      ko: [축제일 휴일이야?, 축제일 언제 휴일에서 빠졌어?, 축제일 다시 휴일 된 해, 축제일 언제 휴일 됐어?]
      en: [is festival day a holiday, when did festival day stop being a holiday, when did it become a holiday again]
  - id: schedule
    title: {ko: 대회 일정은?, en: The contest's dates?}
    attributes: [schedule]
    slots: [{name: program, kinds: [program], default: [contest]}]
    examples:
      ko: [대회 마감 언제야?, 수상작 발표 언제?, 그림 대회 일정]
      en: [when is the contest deadline, when are the winners announced, drawing contest dates]
  - id: chair_term
    title: {ko: "{person}의 회장 임기", en: "{person}'s term as chair"}
    attributes: [chair_term]
    slots: [{name: person, kinds: [person], default: [kim]}]
    examples:
      ko: [김솔 언제 회장이었어?, 김솔 회장 임기, 김솔은 언제까지 회장을 했어?]
      en: [when was kim sol chair, kim sol's term as chair]
  - id: ferry_history
    title: {ko: 여객선 운항은?, en: The ferry's sailings?}
    attributes: [ferry_history]
    slots: [{name: route, kinds: [route], default: [ferry]}]
    periods: true
    examples:
      ko: [여객선 언제 멈췄어?, 여객선 언제 다시 다녀?, 여객선 운항 중단 시기]
      en: [when did the ferry stop, when does the ferry sail again, when was the ferry suspended]
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_of(tmp_path_factory, BASE)


def test_the_two_sides_of_a_question():
    assert sides("한글날이 공휴일에서 빠졌다가 다시 공휴일이 되기까지 몇 년이 걸렸어?") == ("한글날이 공휴일에서 빠졌다가", "다시 공휴일이 되")
    assert sides("How many years separate the proposal and the incident?") == ("the proposal", "the incident")
    assert sides("How long after the prize was established was it first awarded?") == (
        "the prize was established", "it first awarded")
    assert measures_gap("1949년부터 공휴일에서 빠진 해까지는 몇 년이야?")
    assert not measures_gap("네이버랑 카카오 논문 몇 건이야?")


@pytest.mark.parametrize("question,line", [
    ("축제일이 휴일에서 빠졌다가 다시 휴일이 되기까지 몇 년이 걸렸어?", "1991년에서 2013년까지 22년"),
    ("축제일이 휴일이 된 1949년부터 휴일에서 빠진 해까지는 몇 년이야?", "1949년에서 1991년까지 42년"),
    ("솔글연구회가 생기고 솔글모임으로 이름을 바꾸기까지 몇 년 걸렸나요?", "1921년에서 1931년까지 10년"),
    ("How many days after the contest deadline are the winners announced?", "10 days"),
    # (a gap the dates give to the day or the month is never told in rounded years: "0 years", "3 years")
    ("How long after the contest deadline are the winners announced?", "10 days"),
    ("여객선이 운항을 멈췄다가 다시 시작하기까지 얼마나 걸렸어?", "2023년 11월에서 2026년 4월까지 2년 5개월"),
    ("How many months passed between the ferry stopping and sailing again?", "29 months"),
])
def test_each_side_is_read_as_the_event_it_names(engine, question, line):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert line in r.answer.splitlines()[0], r.answer
    assert len(r.facts) == 2  # both events cited


def test_a_side_naming_no_event_gets_no_guessed_gap(engine):
    # the society never went to the moon: no gap is measured from two dates picked by chance
    r = engine.ask("솔글연구회가 생기고 솔글학회가 달에 간 해까지 몇 년 걸렸어?")
    assert "년에서" not in r.answer and "years, from" not in r.answer, r.answer


@pytest.mark.parametrize("question,line", [
    ("김솔은 몇 년 동안 회장을 했어?", "1921년에서 1935년까지 14년"),
    ("How many years was Kim Sol chair?", "14 years, from 1921 to 1935"),
])
def test_a_fact_spanning_two_years_gives_how_long(engine, question, line):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert r.answer.splitlines()[0].startswith(line), r.answer  # (the computed line first)


def test_the_first_of_a_series_is_asked_by_its_words(engine):
    r = engine.ask("축제일이 처음 휴일이 된 해는 언제야?")
    assert r.status == "answered", r.answer
    assert "1949" in r.answer and "2013" not in r.answer, r.answer
    r = engine.ask("축제일 언제 휴일 됐어?")  # (no first asked: the newest of the series)
    assert "2013" in r.answer, r.answer
