"""A price less the discount the asker qualifies for: by age, by group size, or by the kind of visitor
the question names; none computed when no discount fits or two might."""
from __future__ import annotations


import pytest

from bot.core.engine import Engine
from kbfiles import engine_of

BASE = {
    "sources.yaml": """
sources:
  - id: notice
    publisher: Sol Town
    title: Sol run and exhibition notice
    published: 2026-11-01
    language: ko
""",
    "entities.yaml": """
entities:
  - id: race
    kind: event
    name: {ko: 솔 달리기, en: the Sol run}
    aliases: [대회, race]
  - id: course_5k
    kind: course
    name: {ko: 5km 코스, en: the 5 km}
    aliases: [5km, 5k, 5 km]
  - id: course_half
    kind: course
    name: {ko: 하프 코스, en: the half marathon}
    aliases: [하프, half, half marathon]
  - id: show
    kind: exhibition
    name: {ko: 솔 전시, en: the Sol exhibition}
    aliases: [전시, 특별전, exhibition, the exhibition]
  - id: adult
    kind: visitor
    name: {ko: 성인, en: adults}
    aliases: [어른, adult]
  - id: citizen
    kind: visitor
    name: {ko: 솔시민, en: Sol residents}
    aliases: [시민, resident, residents]
  - id: group
    kind: visitor
    name: {ko: 단체, en: groups}
    aliases: [group, groups]
""",
    "facts.yaml": """
facts:
  - id: fee-5k
    subject: course_5k
    attribute: fee
    value: {number: 30000, unit: won}
    statement: {ko: "5km 참가비는 30,000원입니다.", en: "The 5 km entry fee is 30,000 won."}
    source: notice
    quote: 5km 30,000원
  - id: fee-half
    subject: course_half
    attribute: fee
    value: {number: 50000, unit: won}
    statement: {ko: "하프 코스 참가비는 50,000원입니다.", en: "The half-marathon entry fee is 50,000 won."}
    source: notice
    quote: 하프 50,000원
  - id: fee-discount
    subject: race
    attribute: discount
    about: [course_5k, course_half]
    value: {number: 10000, unit: won}
    statement:
      ko: "만 65세 이상과 만 18세 이하 참가자는 참가비 10,000원을 할인받습니다."
      en: "Runners aged 65 or over and 18 or under get 10,000 won off the fee."
    source: notice
    quote: 만 65세 이상과 만 18세 이하는 10,000원 할인
  - id: fee-adult
    subject: adult
    attribute: admission
    about: [show]
    value: {number: 6000, unit: won}
    statement: {ko: "전시 성인 관람료는 6,000원입니다.", en: "Adult admission to the exhibition is 6,000 won."}
    source: notice
    quote: 성인 6,000원
  - id: discount-citizen
    subject: citizen
    attribute: admission_discount
    about: [show, adult]
    value: {number: 30, unit: percent}
    statement: {ko: "솔시민은 관람료 30% 할인을 받습니다.", en: "Sol residents get 30% off admission."}
    source: notice
    quote: 솔시민 30% 할인
  - id: discount-group
    subject: group
    attribute: admission_discount
    about: [show, adult]
    value: {number: 20, unit: percent}
    statement: {ko: "10명 이상 단체는 관람료 20% 할인을 받습니다.", en: "Groups of 10 or more get 20% off admission."}
    source: notice
    quote: 10명 이상 단체 20% 할인
""",
    "intents.yaml": """
intents:
  - id: fee
    title: {ko: "{course} 참가비는?", en: "The {course} entry fee?"}
    attributes: [fee]
    slots: [{name: course, kinds: [course], many: true}]
    examples:
      ko: [참가비 얼마야?, 5km 참가비는?, 하프 참가비 얼마예요?]
      en: [how much is the entry fee, 5k entry fee, what does the half marathon cost]
  - id: discount
    title: {ko: 참가비 할인은?, en: Entry fee discounts?}
    attributes: [discount]
    slots: [{name: race, kinds: [event], default: [race]}]
    examples:
      ko: [참가비 할인 있어?, 나이 할인 돼?, 어르신 할인]
      en: [is there a discount, age discount, senior discount on the fee]
  - id: admission
    title: {ko: 관람료는?, en: Admission?}
    attributes: [admission]
    slots: [{name: who, kinds: [visitor], default: [adult]}, {name: show, kinds: [exhibition], default: [show]}]
    examples:
      ko: [관람료 얼마야?, 전시 성인 관람료, 어른 입장료 얼마예요?]
      en: [how much is admission, adult ticket price, what does the exhibition cost]
  - id: admission_discount
    title: {ko: 관람료 할인은?, en: Admission discounts?}
    attributes: [admission_discount]
    slots: [{name: who, kinds: [visitor], many: true}]
    examples:
      ko: [관람료 할인 있어?, 시민 할인 얼마나 돼?, 단체 할인]
      en: [admission discounts, resident discount, group discount]
""",
    "lexicon.yaml": """
lexicon:
  units:
    won: {ko: 원, en: won, countable: true}
    percent: {ko: '%', en: '%'}
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    return engine_of(tmp_path_factory, BASE)


@pytest.mark.parametrize("question,line", [
    ("만 67세가 하프 코스 신청하면 참가비 얼마야?", "50,000원에서 10,000원 할인을 받으면 40,000원"),
    ("A 17-year-old runs the 5K. How much would they pay?", "30,000 won comes to 20,000 won"),
    ("솔시민인 성인은 전시 관람료 얼마야?", "6,000원에서 30% 할인을 받으면 4,200원"),
    ("What would a group of 10 adults pay in total for the exhibition?", "4,800 won each: 48,000 won for 10"),
])
def test_the_price_less_the_discount_the_asker_qualifies_for(engine, question, line):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert line in r.answer.splitlines()[0], r.answer
    assert len(r.facts) == 2  # the price and the discount, both cited


@pytest.mark.parametrize("question", [
    "만 30세가 하프 코스 신청하면 참가비 얼마야?",  # no discount fits a 30-year-old
    "솔시민 10명 단체면 전시 관람료 얼마야?",  # two discounts might: not for the bot to combine
    "하프 참가비 얼마야?",  # nobody to discount
])
def test_no_discount_is_applied_unless_exactly_one_fits(engine, question):
    r = engine.ask(question)
    assert "할인을 받으면" not in r.answer and "discount," not in r.answer, r.answer
