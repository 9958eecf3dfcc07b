"""Premises: a figure the question states is confirmed or corrected, with whose figure it is."""
from __future__ import annotations

import pytest

from bot.core.engine import Engine
from bot.core.lang import general_data
from bot.core.premise import Claim, checks_claim, claims
from bot.core.text import normalize


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("question", "opens", "must"),
    [
        ("네이버가 40건 냈다던데 맞아?", "아니요", ["112", "40건은 카카오의 수치"]),
        ("I heard Kakao Brain published 25 papers, right?", "No", ["15", "Kakao Enterprise's figure"]),
        ("HyperCLOVA has 175 billion parameters, right?", "No", ["204 billion", "GPT-3's figure"]),
        ("Is it true that Kakao published 112 papers?", "No", ["40", "Naver's figure"]),
        ("하이퍼클로바 파라미터 2040억 개 맞아?", "네", ["2040억"]),
        ("카카오 논문 40건 맞지?", "네", ["40건"]),
        ("카카오가 만든 하이퍼클로바는 파라미터가 몇 개야?", "아니요", ["네이버의 것", "2040억"]),
        ("카카오엔터프라이즈가 KoGPT를 깃허브에 올렸잖아, 그게 언제였지?", "아니요", ["카카오브레인의 것", "11월"]),
        ("Kakao's HyperCLOVA has how many parameters?", "No", ["Naver's", "204 billion"]),
        ("Kakao 작년 논문 30건이었지?", "아니요", ["26건"]),
        ("네이버가 하이퍼클로바를 지난 3월에 공개했다는데 맞나요?", "아니요", ["5월"]),  # a month it states
        # the figure is about the first thing named, not the other model the answer also cites
        ("HyperCLOVA has 175 billion parameters, the same as GPT-3, right?", "No", ["204 billion"]),
    ],
)
def test_a_stated_figure_is_confirmed_or_corrected(engine, question, opens, must):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert r.answer.startswith(opens), r.answer
    assert all(m in r.answer for m in must), r.answer


@pytest.mark.parametrize("question", ["카카오 40건 중에 브레인은 몇 건?", "Of Kakao's 40 papers, how many are Kakao Brain's?"])
def test_a_figure_given_as_context_is_not_judged(engine, question):
    r = engine.ask(question)
    assert r.status == "answered" and "15" in r.answer, r.answer
    assert not r.answer.startswith(("아니요", "네,", "No:", "Yes:")), r.answer


def words(text: str) -> tuple[str, ...]:
    return tuple(normalize(text).split())


def test_claims_read_scales_and_skip_years():
    assert claims(words("하이퍼클로바 2040억 개")) == (Claim(2040e8, False),)
    assert claims(words("204 billion parameters")) == (Claim(204e9, False),)
    assert claims(words("2021년에 40% 였나")) == (Claim(2021.0, False, year=True), Claim(40.0, True))
    assert claims(words("in 2021 naver")) == ()  # a bare year is a period the matcher reads
    assert claims(words("1446년에 만들었잖아")) == (Claim(1446.0, False, year=True),)
    assert claims(words("2040억 개"), counters=frozenset({"개"})) == (Claim(2040e8, False),)


def test_what_makes_a_question_check_a_claim():
    assert checks_claim(words("네이버 논문 112건이야?"))
    assert checks_claim(words("did naver publish 40 papers"))
    assert checks_claim(words("네이버가 40건 냈다던데"))
    assert not checks_claim(words("네이버 논문 몇 건이야?"))
    assert not checks_claim(words("how many papers did naver publish"))


@pytest.mark.parametrize(
    ("question", "never"),
    [
        ("Under what license did Kakao Brain release KoGPT?", "GitHub"),
        ("코지피티는 어떤 라이선스로 공개됐어?", "깃허브"),
        ("카카오브레인 폐 결절 진단 모델의 정확도는 몇 퍼센트야?", "폐 결절"),
    ],
)
def test_a_detail_the_base_never_heard_of_is_declined_not_answered_by_its_neighbour(engine, question, never):
    r = engine.ask(question)
    assert r.status != "answered" and never not in r.answer, r.answer


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("Which other Naver units contributed to the 112 papers?", "Papago"),
        ("서울대·카이스트 말고 네이버가 손잡은 해외 대학들은 어느 나라에 있어?", "베트남"),
        ("CVPR 2021에서 카카오브레인 논문이 어떤 발표 기회를 얻었는지 설명해 주실 수 있나요?", "구두"),
    ],
)
def test_general_words_where_a_detail_would_stand_are_no_detail(engine, question, must):
    r = engine.ask(question)
    assert r.status == "answered" and must in r.answer, r.answer


@pytest.mark.parametrize("question", ["How many ICML papers did Kakao Enterprise have?", "Is KoGPT bigger than HyperCLOVA in parameter count?",
                                      "Did Google publish more AI papers than Naver this year?"])
def test_no_owner_correction_where_nothing_is_owned(engine, question):
    r = engine.ask(question)
    assert not r.answer.startswith("No:"), r.answer


def test_a_stated_year_is_corrected_in_another_base(tmp_path):
    from bot.core.knowledge import load_knowledge
    from tests.test_lang import BASE

    (tmp_path / "b.yaml").write_text(BASE, encoding="utf-8")
    engine = Engine(load_knowledge(tmp_path))
    r = engine.ask("에이크미는 1990년에 설립됐잖아?")
    assert r.status == "answered" and r.answer.startswith("아니요") and "1999" in r.answer, r.answer
    r = engine.ask("에이크미는 1999년에 설립됐잖아?")
    assert not r.answer.startswith("아니요"), r.answer


def test_an_either_or_question_is_answered_by_the_alternative_that_has_facts(engine):
    r = engine.ask("Which company applies 40% of its AI research results to real services, Naver or Kakao?")
    assert r.status == "answered" and "Naver" in r.answer and "40%" in r.answer, r.answer
    r = engine.ask("Which company applies 40% of its AI research results to real services, Samsung or LG?")
    assert r.status != "answered", r.answer


@pytest.fixture(scope="module")
def hangul() -> Engine:
    from pathlib import Path
    return Engine.load(Path(__file__).resolve().parents[1] / "examples" / "hangul" / "knowledge")


@pytest.mark.parametrize(("question", "opens", "must"), [
    # someone named in a role the facts give to another: corrected, not declined
    ("해례본 서문은 최만리가 썼지?", "아니요", ["정인지"]),
])
def test_a_person_named_in_the_wrong_role_is_corrected(hangul, question, opens, must):
    r = hangul.ask(question)
    assert r.status == "answered" and r.answer.startswith(opens), r.answer
    assert all(m in r.answer for m in must) and "최만리가 아니라" in r.answer, r.answer


def test_a_tag_ending_asks_whether_so():
    for q in ("해례본 서문은 최만리가 썼지?", "그때 공개했죠?", "Kakao Brain won it, didn't it?", "It is the biggest, isn't it?"):
        assert checks_claim(tuple(normalize(q).split())), q


def test_the_licence_of_a_named_thing_is_not_the_sources_licence(engine):
    # the article's own terms are a built-in answer; KoGPT's licence is not in the article
    assert engine.ask("이 기사 라이선스 뭐야?").status == "answered"
    for q in ("코지피티 라이선스 뭐야?", "KoGPT의 라이선스는?", "Under what license did Kakao Brain release KoGPT?"):
        r = engine.ask(q)
        assert r.status != "answered", (q, r.answer)
        assert "all rights reserved" not in r.answer


@pytest.fixture(scope="module")
def marathon() -> Engine:
    from pathlib import Path
    return Engine.load(Path(__file__).resolve().parents[1] / "examples" / "marathon" / "knowledge")


def test_a_stated_day_is_read_as_a_date_and_corrected(marathon):
    # "20일" is a day, not a figure to check; the question asks whether that is when
    assert claims(tuple(normalize("대회가 12월 20일 일요일에 열린다던데 맞나요?").split())) == ()
    r = marathon.ask("대회가 12월 20일 일요일에 열린다던데 맞나요?")
    assert r.status == "answered" and r.answer.startswith("아니요") and "12월 19일" in r.answer, r.answer


def test_the_days_a_question_states():
    from bot.core.shape import stated_days
    assert stated_days(normalize("12월 20일 일요일").split()) == ("12-20",)
    assert stated_days(normalize("on December 19, right?").split()) == ("12-19",)
    assert stated_days(normalize("the 19 dec race").split()) == ("12-19",)
    assert stated_days(normalize("20일에 열려?").split()) == ()


def test_a_figure_stated_in_words_only_is_checked_by_its_counter(marathon):
    # the eligibility fact has no figure, only words: "만 10세 이상이면"
    r = marathon.ask("5km는 만 7세부터 참가할 수 있다고 하던데 맞나요?")
    assert r.status == "answered" and r.answer.startswith("아니요") and "10세" in r.answer, r.answer
    r = marathon.ask("5km 만 10세부터 참가할 수 있다고 하던데 맞나요?")
    assert r.status == "answered" and r.answer.startswith("네"), r.answer


def test_a_wrong_owner_is_corrected_when_both_names_have_facts(engine):
    # Naver has multimodal facts of its own, so the reading is not "missing": still corrected
    r = engine.ask("minDALL-E는 Naver가 만든 multimodal model 맞지?")
    assert r.status == "answered" and r.answer.startswith("아니요") and "카카오" in r.answer, r.answer


def test_a_place_named_in_a_claim_is_what_the_question_checks(marathon):
    r = marathon.ask("10km 코스는 마포대교에서 반환하는 거죠?")
    assert r.status == "answered" and "원효대교" in r.answer, r.answer


@pytest.mark.parametrize("question,opens,must", [
    # an English month then a figure is a day, not a claimed figure; the day in the facts' words
    ("Is it true that registration closes on December 15?", "No", "10 December"),
    ("접수 12월 15일에 마감한다던데 맞아?", "아니요", "12월 10일"),
    # 하던데요 is hearsay: the claim is checked
    ("10km 코스는 반포한강공원에서 반환한다고 하던데요?", "", "원효대교"),
])
def test_a_wrong_day_or_place_in_hearsay_is_corrected(marathon, question, opens, must):
    r = marathon.ask(question)
    assert r.status == "answered", r.answer
    assert r.answer.startswith(opens) and must in r.answer, r.answer
    assert "not in" not in r.answer.splitlines()[0]  # (the day is wrong, not its month)
    right = marathon.ask("접수 12월 10일에 마감한다던데 맞아?")
    assert not right.answer.startswith("아니요"), right.answer


def test_a_stated_year_in_a_tag_question_is_read_and_corrected(hangul):
    r = hangul.ask("훈민정음은 1450년에 반포되었죠? 맞나요?")
    assert r.status == "answered" and r.answer.startswith("아니요") and "1446" in r.answer, r.answer
    assert "wasn't he" in " ".join(general_data()["premise"]["tags"])


@pytest.mark.parametrize("question,must", [
    ("카카오엔터프라이즈가 CVPR에서 구두 발표를 했다며?", "카카오엔터프라이즈가 아니라 카카오브레인"),
    ("Kakao Enterprise가 ICML에 논문 2건 낸 거 맞음?", "카카오엔터프라이즈가 아니라 카카오브레인"),
])
def test_another_of_the_same_kind_did_what_the_question_claims(engine, question, must):
    r = engine.ask(question)
    assert r.status == "answered" and r.answer.startswith("아니요") and must in r.answer, r.answer
    # the right one is confirmed, not corrected; a claimed owner of a model is still the owner fix
    assert not engine.ask("카카오브레인이 CVPR에서 구두 발표를 했다며?").answer.startswith("아니요")
    assert "카카오의 것" in engine.ask("minDALL-E는 Naver가 만든 multimodal model 맞지?").answer
