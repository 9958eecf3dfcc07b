"""Readings of a curator's base with few examples: a paraphrase its examples never met is read from the
facts about what it names; a name written next to the thing it says which one of ("윤서하 작가 강연")
is accounted for by the fact tying them; a question asking which year is not answered by a date
without one."""
from __future__ import annotations

import pytest

from bot.core.engine import Engine
from kbfiles import NOTICE_SOURCES, engine_of, example_engine

BASE = {
    "sources.yaml": NOTICE_SOURCES,
    "entities.yaml": """
entities:
  - id: pilsa
    kind: program
    name: {ko: 어른을 위한 필사 교실, en: the copying class for adults}
    aliases: [필사 교실, 필사교실, copying class, pilsa class]
  - id: talk
    kind: program
    name: {ko: 작가와의 만남, en: the meet-the-author talk}
    aliases: [강연, 작가 강연, 작가강연, author talk, meet-the-author talk, meet the author session]
  - id: booktalk
    kind: program
    name: {ko: 청소년 북토크, en: the teen book talk}
    aliases: [북토크, book talk]
  - id: yoon
    kind: person
    name: {ko: 윤서하, en: Yoon Seo-ha}
    aliases: [윤서하 작가, yoon seo-ha, yoon seoha]
  - id: room_a
    kind: room
    name: {ko: 세미나실 A, en: seminar room A}
  - id: hall
    kind: room
    name: {ko: 다목적강당, en: the multipurpose hall}
""",
    "facts.yaml": """
facts:
  - id: pilsa-venue
    subject: pilsa
    attribute: program_venue
    about: [room_a]
    value: {text: {ko: 2층 세미나실 A, en: seminar room A on the 2nd floor}}
    statement: {ko: 어른을 위한 필사 교실 장소는 2층 세미나실 A입니다., en: The copying class for adults is held in seminar room A on the 2nd floor.}
    source: notice
    quote: 필사 교실은 2층 세미나실 A에서 열린다.
  - id: talk-venue
    subject: talk
    attribute: program_venue
    about: [hall]
    value: {text: {ko: 3층 다목적강당, en: the multipurpose hall on the 3rd floor}}
    statement: {ko: 작가와의 만남은 3층 다목적강당에서 열립니다., en: The meet-the-author talk is held in the multipurpose hall on the 3rd floor.}
    source: notice
    quote: 작가와의 만남은 3층 다목적강당에서 열린다.
  - id: pilsa-fee
    subject: pilsa
    attribute: program_fee
    value: {number: 30000, unit: won}
    statement: {ko: 필사 교실 수강료는 3만 원입니다., en: "The copying class costs 30,000 won."}
    source: notice
    quote: 수강료 3만 원
  - id: talk-schedule
    subject: talk
    attribute: program_schedule
    value: {text: {ko: 7월 25일 오후 2시, en: 25 July at 2 p.m.}}
    statement: {ko: 작가와의 만남은 7월 25일 오후 2시에 시작합니다., en: The meet-the-author talk starts on 25 July at 2 p.m.}
    source: notice
    quote: 7월 25일 오후 2시
  - id: pilsa-schedule
    subject: pilsa
    attribute: program_schedule
    value: {text: {ko: 8월 4일 오전 10시, en: 4 August at 10 a.m.}}
    statement: {ko: 필사 교실은 8월 4일 오전 10시에 시작합니다., en: The copying class starts on 4 August at 10 a.m.}
    source: notice
    quote: 8월 4일 오전 10시
  - id: booktalk-schedule
    subject: booktalk
    attribute: program_schedule
    value: {text: {ko: 7월 28일 오후 7시, en: 28 July at 7 p.m.}}
    statement: {ko: 청소년 북토크 첫 모임은 7월 28일 오후 7시입니다., en: The teen book talk first meets on 28 July at 7 p.m.}
    source: notice
    quote: 7월 28일 오후 7시
  - id: talk-guest
    subject: talk
    attribute: program_guest
    about: [yoon]
    value: {text: {ko: 동화작가 윤서하, en: the children's author Yoon Seo-ha}}
    statement: {ko: 작가와의 만남에는 동화작가 윤서하 씨가 옵니다., en: The children's author Yoon Seo-ha is the guest of the meet-the-author talk.}
    source: notice
    quote: 동화작가 윤서하 씨
""",
    "intents.yaml": """
intents:
  - id: program_venue
    title: {ko: "{program} 장소", en: "Where {program} is held"}
    attributes: [program_venue]
    slots:
      - {name: program, kinds: [program], required: true}
    examples:
      ko: [필사 교실 장소가 어디야?, 작가와의 만남 어디서 해?]
      en: [where is the copying class held, where is the author talk]
  - id: program_fee
    title: {ko: "{program} 참가비", en: "What {program} costs"}
    attributes: [program_fee]
    slots:
      - {name: program, kinds: [program], required: true}
    examples:
      ko: [필사 교실 얼마야?, 필사 교실 참가비]
      en: [how much is the copying class, copying class fee]
  - id: program_schedule
    title: {ko: "{program} 일정", en: "When {program} is"}
    attributes: [program_schedule]
    slots:
      - {name: program, kinds: [program], required: true}
    examples:
      ko: [작가와의 만남 언제야?, 필사 교실 몇 시에 시작해?, 북토크 언제 해?]
      en: [when is the author talk, what time does the copying class start, when is the book talk]
  - id: program_guest
    title: {ko: "{program} 초대 작가", en: "Who comes to {program}"}
    attributes: [program_guest]
    slots:
      - {name: program, kinds: [program], required: true}
      - {name: person, kinds: [person]}
    examples:
      ko: [작가와의 만남에 누가 와?, 초대 작가 누구야?]
      en: [who is the guest author, who comes to the author talk]
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_of(tmp_path_factory, BASE)


def test_a_paraphrase_is_read_from_the_facts_about_what_it_names(engine):
    # no example asks "which seminar room"; the one fact about the class saying 세미나실 does
    r = engine.ask("필사 교실은 어느 세미나실에서 해요?")
    assert r.status == "answered", r.answer
    assert "세미나실 A" in r.answer and "다목적강당" not in r.answer


def test_a_detail_the_facts_about_it_dont_say_is_still_declined(engine):
    for q in ("필사 교실 강사 경력은 어떻게 돼요?", "필사 교실 주차 요금은?"):
        r = engine.ask(q)
        assert r.status != "answered", (q, r.answer)


def test_a_name_next_to_the_thing_it_says_which_one_of_is_accounted_for(engine):
    r = engine.ask("윤서하 작가 강연 몇 시에 시작해요?")
    assert r.status == "answered", r.answer
    assert "오후 2시" in r.answer and "8월 4일" not in r.answer
    r = engine.ask("Where is the meet the author session with Yoon Seo-ha held?")
    assert r.status == "answered", r.answer
    assert "multipurpose hall" in r.answer and "seminar room" not in r.answer


def test_a_name_no_fact_ties_to_the_thing_is_not_answered_for(engine):
    # Yoon Seo-ha has nothing to do with the copying class: not its schedule, as if she did
    r = engine.ask("윤서하 필사 교실 몇 시에 시작해요?")
    assert r.status != "answered" or "윤서하" not in r.answer.split("\n")[0] and "8월 4일" not in r.answer, r.answer


def test_which_year_is_not_answered_by_a_date_without_one(engine):
    r = engine.ask("북토크는 몇 년부터 열렸어?")
    assert r.status != "answered", r.answer
    r = engine.ask("북토크 언제 해?")
    assert r.status == "answered", r.answer
    assert "7월 28일" in r.answer


def test_a_relative_pronoun_asks_for_no_person(engine):
    m = engine.matcher
    assert "who" not in m.asks("how many kids who finished the class got a badge".split())
    assert "who" in m.asks("so who comes to the author talk".split())
    assert "who" in m.asks("who comes to the author talk".split())


def test_an_ask_noun_before_another_noun_only_modifies_it():
    m = example_engine("marathon").matcher
    assert "money" not in m.asks("참가비 환불 언제까지 전액이야".split())  # the refund, not the fee
    assert "money" in m.asks("참가비 얼마야".split())
    assert "money" in m.asks("참가비는 환불돼".split())  # (the fee is what it is about)
    assert "money" in m.asks("예산 규모 알려줘".split())  # a measure of it still asks it


def test_a_sum_written_with_a_place_word_alone_is_a_claim():
    from bot.core.premise import claims
    assert [c.value for c in claims(tuple("성인 편도 만원이라던데".split()))] == [10000.0]
    assert [c.value for c in claims(tuple("천 원이라며".split()))] == [1000.0]
    assert claims(tuple("만 65세 이상".split())) == ()  # (만 of an age)
    assert claims(tuple("천천히 와".split())) == ()


def test_a_figure_checked_alone_is_read_by_the_one_fact_holding_it_in_its_unit():
    engine = example_engine("ferry")
    r = engine.ask("87% 맞아?")
    assert r.status == "answered", r.answer
    assert r.answer.startswith("네") and "설문" in r.answer, r.answer
    r = engine.ask("what is the weather in Seoul on day 1")  # a figure in no fact's unit picks no fact
    assert r.status != "answered", r.answer


def test_how_much_is_never_answered_by_a_fact_without_a_figure():
    engine = example_engine("ferry")
    r = engine.ask("동백해운 적자는 얼마였어?")  # the fact says the losses piled up, never how much
    assert r.status != "answered", r.answer
    r = engine.ask("성인 편도 얼마야?")
    assert r.status == "answered" and "1만 2천 원" in r.answer, r.answer


def test_a_measurement_only_an_intent_asked_it_by_its_examples_gives():
    engine = example_engine("ferry")
    for q in ("How wide is the new ferry?", "청솔호 무게는 얼마나 돼?"):
        r = engine.ask(q)
        assert r.status != "answered", (q, r.answer)
    r = engine.ask("How many luggage lockers did the terminal get?")  # the fact names them, counts seats
    assert r.status != "answered", r.answer


def test_a_figure_is_never_an_unseen_word(engine):
    a = engine.matcher.analyse("필사 교실 정원이 2,400명이라던데 맞죠?")
    assert "2,400" not in a.unknown and "2,400" not in a.content


def test_the_year_of_a_cue_phrase_stays_a_word_of_the_question():
    engine = example_engine("library")
    a = engine.matcher.analyse("How many participants is the library hoping to draw to this year's festival?")
    assert "year" in a.content  # ("which year" is the year ask's cue; "year" alone asks nothing)
    r = engine.ask("How many participants is the library hoping to draw to this year's festival?")
    assert r.status == "answered" and "2,500" in r.answer, r.answer


def test_the_one_reading_of_the_whole_base_giving_what_is_asked_of_a_thing_named():
    engine = example_engine("library")
    r = engine.ask("The adult copying class costs 50,000 won, correct?")
    assert r.status == "answered" and r.answer.startswith("No") and "30,000" in r.answer, r.answer
    r = engine.ask("중앙도서관 주차비는 얼마예요?")  # (the facts about the library name no parking fee)
    assert r.status != "answered", r.answer


def test_a_name_after_s_is_the_head_not_a_modifier():
    engine = example_engine("hangul")
    r = engine.ask("When did Korea's 10,000 won note first come out?")
    assert r.status != "answered", r.answer


def test_a_counted_word_with_a_typo_is_read_as_the_word_it_is_near():
    engine = example_engine("ferry")
    r = engine.ask("how many pepole live on Cheongsol iland?")
    assert r.status == "answered" and "1,240" in r.answer, r.answer


def test_a_case_past_the_bound_the_facts_say_up_to_is_declined_naming_it():
    engine = example_engine("lighthouse")
    r = engine.ask("주차 2시간을 넘기면 요금이 얼마예요?")
    assert r.status != "answered" and "2시간이 넘는 경우가" in r.answer, r.answer
    r = engine.ask("How much is parking after 2 hours?")
    assert r.status != "answered" and "past 2 hours" in r.answer, r.answer
    r = engine.ask("주차 요금 얼마야?")  # (up to the bound: what the facts say)
    assert r.status == "answered" and "2시간까지 무료" in r.answer, r.answer


def test_a_figure_checked_with_a_yes_tag_is_corrected():
    engine = example_engine("ferry")
    r = engine.ask("So the new crossing still takes 1 hour 40 minutes, yes?")
    assert r.status == "answered" and r.answer.startswith("No") and "1 hour 5 minutes" in r.answer, r.answer
