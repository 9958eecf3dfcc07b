"""The language layer shared by every base: the general lexicon and Korean written without spaces."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.engine import Engine
from kbfiles import example_engine
from bot.core.knowledge import load_knowledge
from bot.core.lang import general_lexicon_data
from bot.core.lang.korean import Segmenter

BASE = """
sources:
  - {id: s, publisher: P, title: T, url: "https://example.org/t", published: 2024-01-02, language: ko}
entities:
  - {id: acme, kind: company, name: {ko: 에이크미, en: Acme}}
facts:
  - id: acme-founded
    subject: acme
    attribute: founded
    value: {date: "1999"}
    statement: {ko: 에이크미는 1999년에 설립됐습니다., en: Acme was founded in 1999.}
    source: s
    quote: 에이크미는 1999년에 설립됐다.
intents:
  - id: founded
    title: {ko: "{org}는 언제 설립됐나?", en: "When was {org} founded?"}
    slots: [{name: org, kinds: [company], required: true, default: [acme]}]
    attributes: [founded]
    examples:
      ko: [에이크미는 언제 설립됐어?, 에이크미 설립 연도]
      en: [when was acme founded, acme founding year]
"""


def test_a_base_without_a_lexicon_inherits_general_language(tmp_path: Path):
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    kb = load_knowledge(tmp_path)
    assert {"person", "money", "when", "month"} <= set(kb.lexicon.asks)
    assert "언제" in kb.lexicon.synonyms and "please" in kb.lexicon.stopwords
    engine = Engine(kb)
    assert "1999" in engine.ask("when was acme founded?").answer
    # what the general asks decline: a person and a budget are never answered with the date
    for q in ("who is the CEO of Acme?", "에이크미 예산은 얼마야?"):
        r = engine.ask(q)
        assert r.status != "answered", (q, r.answer)


def test_the_shipped_base_keeps_only_domain_words():
    kb = load_knowledge(Path(__file__).resolve().parents[1] / "knowledge")
    own = yaml.safe_load((Path(__file__).resolve().parents[1] / "knowledge" / "lexicon.yaml").read_text(encoding="utf-8"))
    general = general_lexicon_data()
    # general language lives in the package: the base repeats none of its stopwords or asks
    assert not set(own["lexicon"].get("stopwords", ())) & set(general["stopwords"])
    assert not set(own["lexicon"].get("asks", {})) & set(general["asks"])
    assert "논문" in kb.lexicon.synonyms and "please" in kb.lexicon.stopwords


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize(
    ("question", "must", "must_not"),
    [
        ("카카오브레인논문몇편임", ["15"], ["112", "40건"]),
        ("하이퍼클로바언제공개했어", ["5월"], []),
        ("코지피티어디에공개했어", ["깃허브"], []),
        ("카카오엔터프라이즈는몇개학회에논문올렸어", ["15개 학회"], ["112"]),
        ("카카오브레인CVPR논문몇건", ["2건"], ["112"]),  # a short run of known words: 논문몇건
    ],
)
def test_korean_written_without_spaces(engine, question, must, must_not):
    r = engine.ask(question)
    assert r.status == "answered", (question, r.answer)
    assert all(m in r.answer for m in must), r.answer
    assert not any(m in r.answer for m in must_not), r.answer


def test_segmenter_keeps_names_whole_and_leaves_unknown_pieces():
    seg = Segmenter(["카카오브레인", "하이퍼클로바"], known=lambda w: False)
    assert seg.split("카카오브레인논문몇편임") == ("카카오브레인", "논문", "몇", "편임")
    assert seg.split("하이퍼클로바언제공개했어") == ("하이퍼클로바", "언제", "공개했어")
    # a misspelt name the analyser can't read stays one word for the fuzzy entity linker
    assert seg.split("카캌오브레인이") == ("카캌오브레인이",)
    # short words and words the pipeline knows are never split
    assert seg.split("논문은") == ("논문은",)
    assert Segmenter([], known=lambda w: True).split("공동연구센터") == ("공동연구센터",)


def test_every_base_answers_questions_about_its_sources(tmp_path: Path):
    base = BASE.replace("title: T,", "title: 에이크미의 역사, summary: {ko: 에이크미의 설립과 성장, en: how Acme was founded and grew},")
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    engine = Engine(load_knowledge(tmp_path))
    for q, must in [("who published this?", "P"), ("이 글 언제 나왔어?", "2024년 1월 2일"),
                    ("what is the document about?", "how Acme was founded"), ("이 문서 무슨 내용이야?", "설립과 성장")]:
        r = engine.ask(q)
        assert r.status == "answered" and must in r.answer, (q, r.answer)
        assert r.sources and r.sources[0].publisher == "P"


def test_a_base_that_answers_its_source_itself_keeps_its_own_intent():
    kb = load_knowledge(Path(__file__).resolve().parents[1] / "knowledge")
    assert "source_publisher" not in kb.intents and "article_source" in kb.intents  # the base's own
    assert "source_topic" in kb.intents  # the shipped base has no "what is it about" of its own
    r = Engine(kb).ask("What is the article about?")
    assert r.status == "answered" and "초거대 AI" in r.answer, r.answer


def test_general_asks_decline_a_count_or_a_person_the_facts_do_not_give(tmp_path: Path):
    base = BASE.replace("""      en: [when was acme founded, acme founding year]""", """      en: [when was acme founded, acme founding year]
  - id: about_acme
    title: {ko: "{org}는 어떤 회사?", en: "What is {org}?"}
    slots: [{name: org, kinds: [company], required: true, default: [acme]}]
    attributes: [description]
    examples:
      ko: [에이크미는 어떤 회사야?, 에이크미 소개해줘]
      en: [what is acme, tell me about acme]""").replace("""    quote: 에이크미는 1999년에 설립됐다.""", """    quote: 에이크미는 1999년에 설립됐다.
  - id: acme-description
    subject: acme
    attribute: description
    value: {text: {ko: 로켓 스케이트를 만드는 회사, en: a maker of rocket skates}}
    statement: {ko: 에이크미는 로켓 스케이트를 만드는 회사입니다., en: Acme is a maker of rocket skates.}
    source: s
    quote: 에이크미는 로켓 스케이트를 만든다.""")
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    engine = Engine(load_knowledge(tmp_path))
    assert "rocket skates" in engine.ask("what is acme?").answer
    for q in ("how many employees does acme have?", "에이크미 직원은 몇 명이야?", "who runs acme?", "에이크미 사장은 누구야?"):
        r = engine.ask(q)
        assert r.status != "answered", (q, r.answer)


def test_how_long_between_two_dated_facts(tmp_path: Path):
    base = BASE.replace("""    quote: 에이크미는 1999년에 설립됐다.""", """    quote: 에이크미는 1999년에 설립됐다.
  - id: acme-listed
    subject: acme
    attribute: listed
    value: {date: "2011-06"}
    statement: {ko: 에이크미는 2011년 6월에 상장했습니다., en: Acme went public in June 2011.}
    source: s
    quote: 에이크미는 2011년 6월 상장했다.""").replace("""      en: [when was acme founded, acme founding year]""", """      en: [when was acme founded, acme founding year]
  - id: listed
    title: {ko: "{org}는 언제 상장했나?", en: "When did {org} go public?"}
    slots: [{name: org, kinds: [company], required: true, default: [acme]}]
    attributes: [listed]
    examples:
      ko: [에이크미는 언제 상장했어?, 에이크미 상장 시기]
      en: [when did acme go public, acme ipo date]""")
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    engine = Engine(load_knowledge(tmp_path))
    r = engine.ask("에이크미가 설립되고 상장하기까지 몇 년이 걸렸어?")
    assert r.status == "answered" and r.answer.startswith("1999년에서 2011년 6월까지 12년"), r.answer
    assert set(r.facts) == {"acme-founded", "acme-listed"}
    r = engine.ask("how many years between acme's founding and its ipo?")
    assert r.answer.startswith("12 years, from 1999 to June 2011"), r.answer
    assert "1999" in engine.ask("에이크미는 몇 년에 설립됐어?").answer  # "몇 년에" asks which year, not how long


def test_splitting_is_the_same_whatever_the_hash_seed():
    import os
    import subprocess
    import sys

    code = ("from bot.core.lang.korean import Segmenter; "
            "s = Segmenter(['한글', '글자', '자음', '모음'], known=lambda w: False); "
            "print(s.split('현재한글자음모음각각몇자'))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(4)}
    assert outs == {"('현재', '한글', '자음', '모음', '각각', '몇', '자')\n"}, outs


def test_an_entity_typo_goes_to_the_alias_it_shares_the_longer_start_with():
    from pathlib import Path
    engine = example_engine("hangul")
    a = engine.matcher.analyse("when was hangul creatd by king sejon?")
    assert "sejong" in a.entities() and "munjong" not in a.entities()  # 'sejon' is Sejong, not Sejo


def test_the_questions_own_words_pick_within_a_series():
    """No period named: the newest of a series answers, unless the question's words are said by
    another fact of it ("빠졌" is the 1991 removal, not the 2013 restoration)."""
    from pathlib import Path
    engine = example_engine("hangul")
    removed = engine.ask("한글날 holiday에서 빠진 게 몇 년부터임?")
    assert removed.status == "answered" and "1991" in removed.answer and "2013" not in removed.answer, removed.answer
    both = engine.ask("Hangul Day는 언제 공휴일에서 빠졌고, 언제 다시 공휴일이 됐어?")
    assert "1991" in both.answer and "2013" in both.answer, both.answer
    assert "2013" in engine.ask("한글날은 언제 다시 공휴일이 됐어?").answer


def test_korean_verbs_are_compared_in_their_dictionary_form():
    from bot.core.lang.korean import Segmenter
    seg = Segmenter([], lambda w: False)
    assert seg.lemma("빠진") == seg.lemma("빠졌") == "빠지"
    assert seg.lemma("됐어") == "되" and seg.lemma("공개했") == "공개"
    assert seg.lemma("카카오") == "카카오" and seg.lemma("run") == "run"


def test_general_words_are_never_the_unknown_thing():
    """A chat or discourse word the base never saw ("gonna", "actual") is general language, not a
    detail the source lacks; a name the base never saw still is."""
    from bot.core.engine import Engine
    engine = Engine.load()
    assert "gonna" not in engine.matcher.analyse("how many papers is kakao gonna have").unknown
    assert "테슬라" in engine.matcher.analyse("테슬라 논문 몇 편이야?").unknown


def test_names_and_a_period_ask_about_that_period_and_two_particles_still_ask():
    from pathlib import Path
    engine = example_engine("lighthouse")
    r = engine.ask("야간 개장 2월에도 해?")  # a name and a month: not "only names"
    assert r.status == "answered" and "2월" in r.answer, r.answer
    assert "when" in engine.matcher.analyse("등대지기 일기 전시 언제부터야?").asks  # 언제부터야 -> 언제부터 -> 언제


def test_the_verb_hago_on_its_own_ends_a_clause():
    from bot.core.shape import split_clauses
    assert split_clauses("모형 만들기 교실은 언제 하고 재료비는 얼마야?") == ["모형 만들기 교실은 언제 하", "재료비는 얼마야?"]
    assert split_clauses("카카오하고 네이버 논문 몇 편이야?") == ["카카오하고 네이버 논문 몇 편이야?"]  # 하고 = "and"


@pytest.mark.parametrize("question,clauses", [
    # two things, each with its own modifier, joined by 랑: two questions
    ("한글날 공휴일 된 해랑 국경일로 지정된 해 알려줘", ["한글날 공휴일 된 해", "국경일로 지정된 해 알려줘"]),
    ("통일안을 발표한 해와 사건이 일어난 해는 각각 언제야?", ["통일안을 발표한 해", "사건이 일어난 해는 각각 언제야?"]),
    ("네이버와 카카오가 발표한 논문 수는?", ["네이버와 카카오가 발표한 논문 수는?"]),
    # two counts of two things, no comma
    ("처음 훈민정음은 자음 몇개 모음 몇개였어", ["처음 훈민정음은 자음 몇개", "모음 몇개였어"]),
    # ... but one question about two names, and one count of papers at a count of conferences
    ("네이버랑 카카오 중 누가 더 많이 냈어?", ["네이버랑 카카오 중 누가 더 많이 냈어?"]),
    ("카카오엔터프라이즈는 몇 개 학회에 몇 건의 논문을 냈어?", ["카카오엔터프라이즈는 몇 개 학회에 몇 건의 논문을 냈어?"]),
])
def test_korean_two_questions_without_a_clause_ending(question, clauses):
    from bot.core.shape import split_clauses
    assert split_clauses(question) == clauses


def test_a_counted_figure_is_no_year():
    # "2000명" is two thousand people, not the year 2000 (the curator's "작년 축제에 2000명 왔다던데?")
    engine = Engine.load()
    assert engine.matcher.analyse("작년에 2000명 왔다던데?").periods == ("2020",)
    assert engine.matcher.analyse("2,000 visitors came last year?").periods == ("2020",)
    assert engine.matcher.analyse("2021년 논문 몇 건?").periods == ("2021",)


def test_general_language_lists_hold_words_not_yaml_booleans():
    # (YAML reads a bare yes, no, on, off, true, false as booleans: "yes" was never a common word)
    from bot.core.lang import general_data

    def scalars(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from scalars(v)
        elif isinstance(x, list):
            for v in x:
                yield from scalars(v) if isinstance(v, (dict, list)) else [v]

    odd = [v for v in scalars(general_data()) if isinstance(v, bool) or v is None]
    assert odd == []
    common = general_data()["common"]["en"]
    assert {"yes", "no"} <= set(common)


def test_a_glued_word_the_base_knows_stays_whole():
    from pathlib import Path
    from bot.core.engine import Engine
    festival = Engine.load(Path(__file__).resolve().parents[1] / "examples" / "festival" / "knowledge")
    # (the analyser alone reads 참가비 as 참 + 가비)
    assert "참가비" in festival.matcher.segmenter.split("감자캐기체험참가비얼마야")
    assert festival.ask("감자캐기체험참가비얼마야").status == "answered"
