"""A claim checked against what the source says ("X라던데 맞죠?"): a figure in a unit, or a day, of the
thing named is read by the facts holding such a figure or day, and corrected when it is wrong."""
from pathlib import Path

import pytest

from bot.core.engine import Engine

ROOT = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(("base", "question", "expected"), [
    ("ferry", "청솔섬 주민이 2,400명 정도 된다던데 맞죠?", "1,240명"),  # a head count, not the residents' 50% discount
    ("lighthouse", "특별전이 3월 31일까지라던데 맞나요?", "2월 28일"),  # "31일" is a day, not the keeper's 31 years
    ("library", "Online registration opens on July 10, right?", "1 July"),
])
def test_a_wrong_claim_is_corrected(base, question, expected):
    r = Engine.load(ROOT / base / "knowledge").ask(question)
    assert r.status == "answered", r.answer
    first = r.answer.splitlines()[0]
    assert first.startswith(("아니요", "No")) and expected in first, r.answer


def test_free_is_a_price():
    r = Engine.load(ROOT / "marathon" / "knowledge").ask("셔틀버스 요금 있나요?")
    assert r.status == "answered" and "무료" in r.answer, r.answer


def test_a_role_asked_of_a_person_named_is_what_the_facts_say_of_them():
    festival = Engine.load(ROOT / "festival" / "knowledge")
    r = festival.ask("이미경 씨는 무슨 직책이야?")
    assert r.status == "answered" and "축제팀장" in r.answer, r.answer
    r = Engine.load(ROOT / "lighthouse" / "knowledge").ask("한소정 씨의 직책은 무엇인가요?")
    assert r.status == "answered" and "관장" in r.answer, r.answer
