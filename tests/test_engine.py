"""The engine on the shipped knowledge base: answers, computed comparisons, declines, hostile input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
URL = "https://www.bloter.net/newsView/blt202112290080"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("question", "lang", "must", "must_not"),
    [
        ("카카오는 논문을 얼마나 냈지", "ko", ["40"], ["112"]),
        ("how many papers did kakao publish", "en", ["40"], ["112"]),
        ("카캌오 논문 몇 건?", "ko", ["40"], ["112"]),
        ("navr papers this year", "en", ["112"], []),
        ("카카오 브레인 논문 몇 편", "ko", ["15"], ["112"]),
        ("하이퍼크로바 파라미터 몇 개야", "ko", ["2040억"], []),
        ("HyperCLOVA 학습 data는 몇 년치?", "ko", ["50년치", "9년치"], []),
        ("KoGPT 어디에 공개됐어?", "ko", ["깃허브"], []),
        ("Who is behind minDALL-E?", "en", ["Kakao Brain"], ["Enterprise"]),
        ("네이버 산학협력 인턴십 논문 비율", "ko", ["40%"], []),
        ("@everyone 카카오 논문 몇 건?", "ko", ["40"], ["112"]),  # a mention is not part of the question
        ("카카오엔터프라이즈 말고 카카오브레인 논문 수", "ko", ["15"], ["25건"]),  # the excluded entity
        ("Was minDALL-E made by Naver or by Kakao?", "en", ["Kakao Brain"], []),
    ],
)
def test_answers_with_fact_source_and_quote(engine, question, lang, must, must_not):
    r = engine.ask(question)
    assert r.status == "answered", (r.status, r.answer, r.suggestions)
    assert r.lang == lang
    for s in must:
        assert s in r.answer
    for s in must_not:
        assert s not in r.answer
    assert r.sources and r.sources[0].url == URL and r.sources[0].publisher.startswith("블로터")
    assert r.sources[0].quote and len(r.sources[0].quote) <= 200
    assert r.facts


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("Naver vs Kakao paper counts", ["112", "40", "72", "2.8"]),
        ("Kakao 올해 vs 작년 논문 수?", ["40", "26", "14"]),
        ("카카오브레인 논문이 카카오 전체 논문에서 차지하는 비율은?", ["37.5"]),
        ("하이퍼클로바랑 GPT-3 파라미터 비교", ["2040억", "1750억", "290억"]),
    ],
)
def test_computed_answers_cite_every_fact_used(engine, question, must):
    r = engine.ask(question)
    assert r.status == "answered", (r.status, r.answer)
    for s in must:
        assert s in r.answer, r.answer
    assert len(r.facts) >= 2


@pytest.mark.parametrize(
    "question",
    [
        "서치CIC가 발표한 논문 수는 몇 건인가요?",  # entity the base has no count for
        "What percentage of Kakao's papers came from overseas collaborations?",  # other company's share
        "카카오엔터프라이즈의 2020년 논문 실적은 어땠어?",  # period without a fact
        "코지피티 파라미터 몇 개야?",  # one model's size but not another's
        "How many AI papers did Kakao publish in 2022?",
        "내일 서울에 비 와?",
        "What's Naver's stock price right now?",
    ],
)
def test_declines_instead_of_a_neighbouring_fact(engine, question):
    r = engine.ask(question)
    assert r.status != "answered", r.answer
    assert r.answer  # the decline text is what the person is shown


def test_decline_offers_what_it_does_know(engine):
    r = engine.ask("서치CIC가 발표한 논문 수는 몇 건인가요?")
    assert r.status == "unknown"
    assert "112" in r.answer  # Naver's total, which Search CIC is part of


@pytest.mark.parametrize(
    "question",
    ["", "   ", "\x00\x01\x02", "\u200b\u200b\u202e", "?" * 50, "@everyone " * 300, "Z\u0301" * 2000,
     "카카오" * 1000, "<@&123456> 카카오 논문 몇 건?", "🙂" * 40],
)
def test_hostile_input_never_raises_and_stays_bounded(engine, question):
    r = engine.ask(question)
    assert r.status in {"answered", "ambiguous", "unknown"}
    assert len(r.question) <= 500
    assert r.answer
    assert json.loads(json.dumps(r.to_json(), ensure_ascii=False))["status"] == r.status


def test_long_question_reads_the_first_500_characters_and_says_so(engine):
    r = engine.ask("카카오 논문 몇 건? " + "아" * 1000)
    assert r.notice and "500" in r.notice


def test_autocomplete_is_bounded_and_in_the_locale(engine):
    ko = engine.complete("카카오 논문", "ko")
    en = engine.complete("kakao pap", "en")
    assert 0 < len(ko) <= 25 and 0 < len(en) <= 25
    assert all(len(c) <= 100 for c in ko + en)
    assert any("카카오" in c for c in ko[:5])
    assert any("Kakao" in c or "kakao" in c for c in en[:5])


def test_ask_jsonl_one_object_per_line_in_order():
    questions = ["how many papers did kakao publish", "", "내일 서울에 비 와?", "하이퍼클로바 파라미터 몇 개야"]
    res = subprocess.run([sys.executable, "-m", "bot", "ask", "--jsonl"], input="\n".join(questions) + "\n",
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == len(questions)
    objs = [json.loads(line) for line in lines]
    assert [o["status"] for o in objs][0] == "answered" and objs[2]["status"] != "answered"
    for o in objs:
        assert set(o) == {"question", "lang", "status", "intent", "confidence", "answer", "facts", "sources", "suggestions"}
        assert 0.0 <= o["confidence"] <= 1.0


def test_ask_text_shows_source_and_quote():
    res = subprocess.run([sys.executable, "-m", "bot", "ask", "카카오는 논문을 얼마나 냈지"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert res.returncode == 0
    assert "40" in res.stdout and URL in res.stdout and "출처" in res.stdout and "인용" in res.stdout


# -- what a question asks for, and what the facts give ------------------------------------------


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("이 기사 쓴 기자 이름이 뭐야?", "사람 이름"),  # the source fact gives a publisher, no person
        ("Who is the reporter behind this Bloter article?", "people's names"),
        ("서울대 공동연구센터에 네이버가 투자한 금액은 얼마야?", "금액"),
        ("What was the title of Kakao Brain's CVPR oral paper?", "paper titles"),
        ("Tübingen center 몇 월에 open해?", "몇 월인지"),  # the plan gives a year, not a month
        ("카카오엔터프라이즈 ICCV 논문은 몇 편이었어?", "논문 건수"),  # the article names the paper, no count
        ("How many researchers work at Naver Clova?", "headcounts"),
    ],
)
def test_declines_what_the_answering_facts_do_not_give(engine, question, what):
    r = engine.ask(question)
    assert r.status == "unknown", r.answer
    assert what in r.answer
    assert not r.facts


def test_ask_decline_shows_what_the_fact_does_say(engine):
    r = engine.ask("카카오엔터프라이즈 ICCV 논문은 몇 편이었어?")
    assert "ICCV" in r.answer.split("\n", 1)[1]  # the known fact, after the decline line
    assert all("ICCV에 논문을 몇 건" not in s for s in r.suggestions)  # not the question just declined


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("네이버 하이퍼클로바 몇 월에 공개했어?", ["5월"]),  # a month the fact does give
        ("When exactly was HyperCLOVA unveiled?", ["May 2021"]),
        ("카카오브레인 CVPR 논문 몇 편?", ["2"]),
    ],
)
def test_asks_the_facts_give_are_answered(engine, question, must):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert all(s in r.answer for s in must), r.answer


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("구글은 올해 논문 몇 편 냈어?", "구글"),
        ("How does Naver's paper count compare with Google's?", "Google"),
        ("삼성리서치도 올해 AI 학회 논문 많이 냈어? 몇 건?", "삼성"),
        ("LG 엑사원 파라미터는 몇 개야?", "엑사원"),
    ],
)
def test_companies_the_article_does_not_cover_are_named_in_the_decline(engine, question, name):
    r = engine.ask(question)
    assert r.status == "unknown", r.answer
    assert name in r.answer.splitlines()[0]


def test_a_unit_of_a_covered_company_is_not_called_uncovered(engine):
    r = engine.ask("파파고가 올해 발표한 논문은 몇 편이야?")
    assert r.status == "unknown"
    assert "다루지 않습니다" not in r.answer  # the article does mention Papago, as part of Naver's 112


# -- sums, growth, units one by one ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must"),
    [
        ("How many papers did Kakao Brain land at CVPR 2021 and ICML combined?", ["4 papers"]),
        ("카카오브레인이랑 카카오엔터프라이즈 합치면 논문 몇 건?", ["40건"]),
        ("카카오 논문 수가 작년보다 몇 건 늘었나요?", ["26", "40", "14"]),
        ("How many more papers did Kakao publish than last year?", ["14"]),
        ("How many papers did each of Kakao's subsidiaries publish?", ["15", "25"]),
        ("카카오 자회사 두 곳 논문 실적 각각 알려줘", ["15", "25"]),
    ],
)
def test_sums_growth_and_units(engine, question, must):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert all(s in r.answer for s in must), r.answer


def test_affiliates_counted_together_stay_the_company(engine):
    r = engine.ask("관계사까지 합친 네이버 논문은 몇 건이야?")
    assert r.status == "answered" and "112" in r.answer


def test_units_of_a_period_without_facts_decline(engine):
    r = engine.ask("How many papers did each of Kakao's subsidiaries publish in 2020?")
    assert r.status != "answered", r.answer


# -- exclusions and messages that set a scene first --------------------------------------------


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("카카오브레인이 코지피티 말고 이달에 선보인 멀티모달 모델 이름이 뭐였죠?", ["민달리"], ["코지피티"]),
        ("Forget Kakao Brain for a sec, which fields did Kakao Enterprise stand out in?", ["NLP"], []),
        ("Kakao Brain had 2 papers at CVPR. What about Kakao Enterprise, how many papers did it have?", ["25"], ["15"]),
        ("카카오엔터프라이즈는 뉴립스에서 구두 발표를 했잖아요. 카카오브레인은 뉴립스에서 어떤 성과를 냈나요?",
         ["준우승"], ["1%"]),
        ("네이버는 하이퍼클로바를 냈는데, 카카오브레인은 어떤 모델들을 공개했어요?", ["코지피티"], ["하이퍼클로바(HyperCLOVA)를 공개"]),
    ],
)
def test_exclusions_and_scene_setting(engine, question, must, must_not):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert all(s in r.answer for s in must), r.answer
    assert not any(s in r.answer for s in must_not), r.answer


def test_question_sentence_is_the_last_one_that_asks():
    from bot.core.engine import question_sentence

    assert question_sentence("Kakao Brain had 2 papers at CVPR. What about Kakao Enterprise?") == "What about Kakao Enterprise?"
    assert question_sentence("네이버는 112건을 냈는데, 카카오는 몇 건이야?") == "카카오는 몇 건이야?"
    assert question_sentence("카카오는 논문 몇 건 냈어?") is None


# -- words that are not what they look like -----------------------------------------------------


def test_ordinary_words_are_not_entity_typos(engine):
    a = engine.matcher.analyse("so like what % of naver's research ends up in stuff like search")
    assert [m.entity for m in a.mentions] == ["naver"]  # "like" is not a typo of LINE
    a = engine.matcher.analyse("can naver apply it to search")
    assert [m.entity for m in a.mentions] == ["naver"]  # "apply" is not Apple


def test_phrase_synonyms_keep_computer_vision_apart_from_goals(engine):
    toks = engine.matcher.analyse("which computer vision conference did Kakao Enterprise present at").tokens
    assert "목표" not in toks


@pytest.mark.parametrize(("word", "stem"), [("성과는", "성과"), ("얼마에요", "얼마"), ("카카오는", "카카오")])
def test_particles_after_common_nouns(word, stem):
    from bot.core.text import strip_particle

    assert strip_particle(word) == stem


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("이달에 선보인 모델", ("2021-12",)),
        ("지난달 공개된 모델", ("2021-11",)),
        ("2021년 5월에 나왔어", ("2021-05",)),
        ("released in May 2021", ("2021-05",)),
        ("what came out in december", ("2021-12",)),
        ("may I ask about kakao", ()),  # the verb, not the month
        ("12월 29일에 발표", ()),  # a date, not a month's worth of facts
        ("카카오 올해 논문", ("2021",)),
        ("작년보다 몇 건 늘었어", ("2021", "2020")),
    ],
)
def test_periods_resolve_against_the_article_date(text, periods):
    from bot.core.matcher import detect_periods
    from bot.core.text import normalize

    assert detect_periods(normalize(text), 2021, 12) == periods


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("What did Kakao Brain release in November?", ["KoGPT"], ["minDALL-E"]),
        ("카카오브레인이 이달 선보인 모델은?", ["민달리"], ["코지피티"]),
        ("네이버가 2021년 5월에 공개한 AI는?", ["하이퍼클로바"], []),
    ],
)
def test_month_questions_pick_the_release_of_that_month(engine, question, must, must_not):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert all(s in r.answer for s in must) and not any(s in r.answer for s in must_not), r.answer


# -- follow-ups, inferred subjects, differences -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("HyperCLOVA has 204 billion parameters. What about GPT-3?", ["175 billion"], []),
        ("카카오는 올해 40건 냈대. 네이버는?", ["112"], []),
        ("Kakao Brain dropped KoGPT last month, so what did it put out this month?", ["minDALL-E"], []),
        ("kakao enterprise got an oral at neurips right? what was it even about", ["data bias"], []),
        ("CVPR oral 받은 거 상위 몇 퍼였음?", ["카카오브레인", "4%"], []),  # only Kakao Brain's oral was at CVPR
        ("Kakao Enterprise ICCV에 논문 발표했어? 그리고 NeurIPS oral은 상위 몇 %였지?", ["ICCV", "1%"], ["4%"]),
        ("Naver 논문 중 internship 비중이랑 overseas 협업 비중 차이가 몇 %p야?", ["15%p"], []),
        ("If you add Kakao Brain's and Kakao Enterprise's papers together, what do you get?", ["40 papers"], ["oral"]),
        ("네이버 올해 112건 냈대, 맞아?", ["112"], ["27일"]),  # not a question about the announcement date
    ],
)
def test_follow_ups_inferred_subjects_and_differences(engine, question, must, must_not):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert all(s in r.answer for s in must), r.answer
    assert not any(s in r.answer for s in must_not), r.answer


def test_who_won_is_not_the_runner_up(engine):
    r = engine.ask("Who actually took first place in that NeurIPS challenge Kakao Brain entered?")
    assert r.status == "unknown"
    assert "who came first" in r.answer and "runner-up" in r.answer  # says what it does know
    r = engine.ask("who won, naver or kakao, on papers?")
    assert r.status == "answered" and "112" in r.answer  # a comparison does say who is ahead


# -- what the question quotes, counts, and stands for -------------------------------------------


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("Naver 112건에 포함된 조직들은 어디어디인가요?", ["112", "파파고"], ["185"]),  # the figure it quotes
        ("하이퍼클로바가 오픈AI 모델보다 매개변수가 몇 개나 더 많아?", ["290억"], []),  # OpenAI's one model
        ("네이버 모델 파라미터 몇 개야?", ["2040억"], []),
        ("카카오브레인 뉴립스 챌린지 우승했다던데 ㄹㅇ?", ["준우승"], []),  # the premise, corrected
        ("하이퍼클로바가 지피티3보다 파라미터가 적다던데 맞나요?", ["2040억", "1750억"], []),
        ("Naver가 ICASSP랑 Interspeech에서 논문 몇 편 냈대? 대충이라도", ["두 자리 수"], []),  # a quantity in words
    ],
)
def test_quotes_premises_and_stand_ins(engine, question, must, must_not):
    r = engine.ask(question)
    assert r.status == "answered", r.answer
    assert all(s in r.answer for s in must), r.answer
    assert not any(s in r.answer for s in must_not), r.answer


@pytest.mark.parametrize(
    "question",
    [
        "How many tokens was HyperCLOVA trained on?",  # a count of something no fact is about
        "Exactly how many papers did Naver present at ICASSP?",  # the article says double-digit only
        "카카오브레인의 폐 결절 진단 모델 논문은 어느 학회에 실렸나요?",  # no venue given
        "How many interns took part in Naver's industry-academia internship program?",
        "카카오브레인 모델 파라미터 몇 개야?",  # two models: which one?
    ],
)
def test_declines_or_asks_back(engine, question):
    assert engine.ask(question).status != "answered"


def test_a_quoted_figure_does_not_pull_a_date_question_away(engine):
    r = engine.ask("네이버 논문 112건 발표일이 언제야?")
    assert r.status == "answered" and "27일" in r.answer, r.answer
