"""A difference asked of figures the answering fact's own statement states ("120석에서 200석으로")."""
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.stated import figures

ROOT = Path(__file__).resolve().parents[1]
COUNTERS = ("시간", "석", "명", "원", "분", "년")


def test_figures_read_korean_amounts_and_skip_dates():
    assert figures("2025년 12월 4일, 지난해 3만 2천 명이던 방문객을 9만 명으로", COUNTERS) == [(32000.0, "명"), (90000.0, "명")]
    assert figures("예전 1시간 40분보다 줄어 1시간 5분", COUNTERS) == [(100.0, "분"), (65.0, "분")]
    assert figures("뉴스 50년치, 블로그 9년치", COUNTERS) == [(50.0, "년"), (9.0, "년")]
    assert figures("사업비 186억 원 가운데 국비 90억 원", COUNTERS) == [(18_600_000_000.0, "원"), (9_000_000_000.0, "원")]


@pytest.fixture(scope="module")
def ferry():
    return Engine.load(ROOT / "examples" / "ferry" / "knowledge")


@pytest.mark.parametrize(("question", "expected"), [
    ("터미널 대합실 좌석은 예전보다 몇 석 늘었어?", "80석"),
    ("새 배로 바뀌면서 편도 운항 시간이 몇 분이나 줄었어?", "35분"),
    ("During April, how much does an adult save on a one-way ticket compared with the normal fare?", "3,000 won"),
])
def test_a_change_is_answered_with_the_computed_difference_first(ferry, question, expected):
    r = ferry.ask(question)
    assert r.status == "answered"
    assert expected in r.answer.splitlines()[0], r.answer


def test_the_shipped_base_subtracts_two_figures_of_one_statement():
    r = Engine.load().ask("하이퍼클로바 학습 데이터에서 뉴스는 블로그보다 몇 년치 더 많아?")
    assert r.status == "answered" and "41년" in r.answer, r.answer


@pytest.mark.parametrize("question", ["if i am 65 how much is the annual pass", "i'm 68, how much is the annual pass?"])
def test_an_english_age_earns_the_discount(question):
    r = Engine.load(ROOT / "examples" / "bike" / "knowledge").ask(question)
    assert r.status == "answered" and "17,500" in r.answer, r.answer


def test_a_length_the_fact_states_is_no_gap_between_dates(ferry):
    r = ferry.ask("How long will a one-way crossing take once the new vessel is in service?")
    assert r.status == "answered" and r.answer.startswith("A one-way crossing takes 1 hour 5 minutes"), r.answer


@pytest.mark.parametrize(("question", "expected"), [
    ("What's the total one-way adult fare for a premium seat?", "15,000 won"),
    ("4월 할인 말고 평소에 성인이 우등석으로 편도를 타면 모두 얼마예요?", "15,000원"),
])
def test_a_price_and_the_extra_charge_of_what_is_named_add_up(ferry, question, expected):
    r = ferry.ask(question)
    assert r.status == "answered" and expected in r.answer.splitlines()[0], r.answer


@pytest.fixture(scope="module")
def bike():
    return Engine.load(ROOT / "examples" / "bike" / "knowledge")


@pytest.mark.parametrize(("question", "expected"), [
    ("전기자전거를 40분 타면 요금이 얼마예요?", "1,600원"),  # 기본 20분 1,000원 + 10분마다 300원 x 2
    ("대여 시간을 15분 넘기면 추가요금이 얼마 나와요?", "600원"),  # 5분마다 200원 x 3
    ("lol how many points do i get if i ride 5 km", "50 points"),  # 1km마다 10점
    ("2시간권은 지금보다 얼마 싸지나요?", "200원"),  # (2시간 names the ticket: no rate; 지금보다 is no "now")
    ("1년 정기권은 지금보다 얼마나 오르나요?", "5,000원"),
])
def test_a_rate_or_a_change_is_computed_first(bike, question, expected):
    r = bike.ask(question)
    assert r.status == "answered" and expected in r.answer.splitlines()[0], r.answer
