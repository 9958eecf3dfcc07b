"""The shipped knowledge base loads and passes its checks; malformed bases give exact error lines."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.engine import DEFAULT_KNOWLEDGE_DIR, Engine
from bot.core.knowledge import MAX_QUOTE_CHARS, KnowledgeError, load_knowledge

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


def test_shipped_base_loads_with_every_check(kb):
    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)  # includes: every example matches back to its intent
    counts = engine.kb.counts
    assert counts["sources"] >= 1 and counts["facts"] >= 35 and counts["intents"] >= 20


def test_every_fact_has_source_and_short_korean_quote(kb):
    for f in kb.facts.values():
        assert f.source in kb.sources
        assert 0 < len(f.quote) <= MAX_QUOTE_CHARS
        assert any("\uac00" <= ch <= "\ud7a3" for ch in f.quote), f.id
        assert f.statement.ko and f.statement.en


def test_quotes_are_short_excerpts_not_the_article(kb):
    # the article is all-rights-reserved: the base keeps a sentence or less per fact
    total = sum(len(q) for q in {f.quote for f in kb.facts.values()})
    assert total < 4000
    assert not any(p.suffix == ".txt" for p in DEFAULT_KNOWLEDGE_DIR.rglob("*"))


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        (("entities.yaml", "parent: kakao\n", "parent: kakoa\n"),
         "knowledge/entities.yaml: entities[1].parent: unknown entity 'kakoa' (did you mean 'kakao'?"),
        (("facts/kakao.yaml", "source: bloter-2021-12-29\n    quote: 29일", "source: blotr\n    quote: 29일"),
         "knowledge/facts/kakao.yaml: facts[0].source: unknown source 'blotr' (known: bloter-2021-12-29); fact not loaded"),
        (("facts/kakao.yaml", "  - id: kakao-conferences-2021\n", "  - id: kakao-papers-2021\n"),
         "knowledge/facts/kakao.yaml: facts[1].id: duplicate id 'kakao-papers-2021' (first in knowledge/facts/kakao.yaml: facts[0])"),
        (("facts/kakao.yaml", "    value: {number: 40, unit: papers}\n", "    value: {number: 40, unit: papers}\n    colour: red\n"),
         "knowledge/facts/kakao.yaml: facts[0].colour: unknown key 'colour': a misspelt field name, or text that "
         "holds ',' or ': ' and so was split into keys; put that text in double quotes; not loaded"),
    ],
)
def test_malformed_base_reports_exact_lines(tmp_path, needle, expected):
    base = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, base)
    rel, old, new = needle
    path = base / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        Engine.load(base)
    assert any(line.startswith(expected) for line in exc.value.errors), exc.value.errors


def test_same_example_under_two_intents_is_reported(tmp_path):
    base = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, base)
    path = base / "intents" / "papers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        - 카카오 올해 논문 몇 편이야\n",
                                 "        - 카카오 올해 논문 몇 편이야\n        - 카카오는 몇 개 학회에 논문을 냈어?\n", 1),
                    encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(base)
    assert any(
        line.startswith("knowledge/intents/papers.yaml: intents[")
        and "example '카카오는 몇 개 학회에 논문을 냈어?' is also an example of intent 'paper_count'" in line
        for line in exc.value.errors
    ), exc.value.errors


def test_unreached_fact_and_bad_yaml_are_reported(tmp_path):
    base = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, base)
    facts = base / "facts" / "article.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("attribute: publisher", "attribute: publisherx"),
                     encoding="utf-8")
    (base / "broken.yaml").write_text("facts: [\n  - id: x\n", encoding="utf-8")
    (base / "dupkey.yaml").write_text("lexicon:\n  protect: [a]\n  protect: [b]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(base)
    errs = exc.value.errors
    assert "knowledge/facts/article.yaml: facts[0].attribute: no intent answers attribute 'publisherx'; the fact can never be shown" in errs
    assert any(e.startswith("knowledge/broken.yaml: line ") and "invalid YAML" in e for e in errs)
    assert any(e.startswith("knowledge/dupkey.yaml: line 3: invalid YAML: duplicate key 'protect'") for e in errs)


def test_example_that_does_not_match_back_is_reported(tmp_path):
    base = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, base)
    path = base / "intents" / "article.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        - article date\n", "        - HyperCLOVA parameter count\n", 1),
                    encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        Engine.load(base)
    assert any(
        e.startswith("knowledge/intents/article.yaml: intents[0].examples.en[")
        and "as well as 'article_source'" in e
        for e in exc.value.errors
    ), exc.value.errors


def test_kb_check_cli_counts_and_errors(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "bot", "kb", "check"], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: 1 sources, ")
    bad = tmp_path / "kb"
    bad.mkdir()
    (bad / "x.yaml").write_text("facts:\n  - id: Bad Id\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "bot", "kb", "check", str(bad)], capture_output=True, text=True)
    assert res.returncode == 1
    assert "kb/x.yaml: facts[0].id: String should match pattern" in res.stdout


def test_core_imports_no_discord():
    code = (
        "import sys; import bot.core.engine, bot.core.matcher, bot.core.answer, bot.core.knowledge, "
        "bot.core.text, bot.core.messages, bot.evaluation; "
        "from bot.core.engine import Engine; Engine.load().ask('카카오 논문 몇 건?'); "
        "assert 'discord' not in sys.modules, 'core imported discord'"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr


def test_malformed_ask_is_reported(tmp_path):
    base = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, base)
    (base / "asks.yaml").write_text(
        "lexicon:\n  asks:\n    weekday:\n      label: {ko: 요일}\n      cues: []\n      given_by: [weekly]\n",
        encoding="utf-8")
    with pytest.raises(KnowledgeError) as exc:
        load_knowledge(base)
    errs = exc.value.errors
    assert any(e.startswith("knowledge/asks.yaml: lexicon.asks.weekday.label.en: ") for e in errs), errs
    assert any(e.startswith("knowledge/asks.yaml: lexicon.asks.weekday.cues: ") for e in errs), errs
    assert any(e.startswith("knowledge/asks.yaml: lexicon.asks.weekday.given_by[0]: ") for e in errs), errs
