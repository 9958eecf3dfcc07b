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
