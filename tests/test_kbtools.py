"""Curator tools (issue 10 items 1, 3-7): kb new, kb schema, plain-word errors and warnings,
kb check --strict / --source-text, optional source urls, kb test."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import render_text
from bot.core.engine import DEFAULT_KNOWLEDGE_DIR, Engine
from bot.core.knowledge import KnowledgeError, load_knowledge
from bot.kbtools import STARTER, json_schema, new_base, warnings

ROOT = Path(__file__).resolve().parents[1]


def bot(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.fixture()
def starter(tmp_path) -> Path:
    path = tmp_path / "mybase"
    new_base(path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- item 1: kb new ------------------------------------------------------------------------------

def test_kb_new_writes_a_base_that_passes_check_strict_and_its_tests(tmp_path):
    target = tmp_path / "new"
    out = bot("kb", "new", str(target))
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in target.iterdir()) == sorted(STARTER)
    check = bot("kb", "check", str(target), "--strict")
    assert check.returncode == 0 and check.stdout.startswith("ok: 1 sources"), check.stdout + check.stderr
    test = bot("kb", "test", str(target))
    assert test.returncode == 0 and "5/5 passed" in test.stdout, test.stdout
    # a commented base, and not over an existing one
    assert all(text.lstrip().startswith("#") for name, text in STARTER.items() if name.endswith(".yaml"))
    again = bot("kb", "new", str(target))
    assert again.returncode == 1 and "not empty" in again.stderr


def test_kb_new_base_answers_its_own_examples(starter):
    engine = Engine.load(starter)
    for intent in engine.kb.intents.values():
        for _, q in intent.examples.all():
            r = engine.ask(q)
            assert r.status == "answered" and r.intent == intent.id, (q, r.status, r.intent)


# -- item 3: kb schema ---------------------------------------------------------------------------

def test_kb_schema_is_json_schema_from_the_models():
    out = bot("kb", "schema")
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == {"sources", "entities", "facts", "intents", "lexicon"}
    assert schema["additionalProperties"] is False
    src = schema["$defs"]["Source"]
    assert "url" not in src["required"] and "publisher" in src["required"]
    assert "countable" in schema["$defs"]["Unit"]["properties"]
    assert "description" in schema["$defs"]["Unit"]["properties"]["countable"]
    assert schema == json_schema()


def test_schema_accepts_the_shipped_files_structurally():
    # without a JSON Schema library: every key used in the shipped files is a property of the schema
    import yaml
    schema = json_schema()
    defs = schema["$defs"]
    section_model = {"sources": "Source", "entities": "Entity", "facts": "Fact", "intents": "Intent"}
    for path in DEFAULT_KNOWLEDGE_DIR.rglob("*.yaml"):
        if path.name == "tests.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section, items in data.items():
            assert section in schema["properties"]
            if section in section_model:
                props = defs[section_model[section]]["properties"]
                for item in items:
                    assert set(item) <= set(props), (path, set(item) - set(props))


# -- item 4: plain words, every file, warnings, --strict -------------------------------------------

def test_unquoted_comma_in_a_text_says_to_quote_it(starter):
    edit(starter / "facts.yaml", 'text: {ko: "평일 오전 9시~오후 8시, 토요일 오전 10시~오후 5시", en: "weekdays 9am-8pm, Saturdays 10am-5pm"}',
         "text: {ko: 평일 오전 9시~오후 8시, en: weekdays 9am-8pm, Saturdays 10am-5pm}")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(starter)
    line = next(e for e in info.value.errors if "value.text" in e)
    assert "unknown key 'Saturdays 10am-5pm'" in line and "double quotes" in line, line


def test_korean_sentence_starting_with_a_quoted_title_says_to_quote_it(starter):
    edit(starter / "facts.yaml", "      ko: 메이플 스트리트 도서관은 1998년 5월에 문을 열었습니다.",
         "      ko: '메이플' 도서관은 1998년 5월에 문을 열었습니다.")
    edit(starter / "intents.yaml", '    title: {ko: "책이 몇 권 있나요?", en: "How many books are there?"}',
         "    title: {ko: 책이 몇 권: 있나요?, en: How many books are there?}")
    out = bot("kb", "check", str(starter))
    assert out.returncode == 1
    facts = next(e for e in out.stdout.splitlines() if e.startswith("mybase/facts.yaml"))
    assert "put the whole text in double quotes" in facts and "line 10" in facts, facts
    intents = [e for e in out.stdout.splitlines() if e.startswith("mybase/intents.yaml")]
    assert intents and "double quotes" in intents[0], out.stdout  # and the other file, in the same run


def test_warnings_for_settings_that_do_nothing(starter):
    lex = starter / "lexicon.yaml"
    lex.write_text(
        "lexicon:\n"
        "  units:\n"
        "    books: {ko: 권, en: books}\n"  # not countable: no computation, ever
        "  synonyms:\n"
        "    book: [books, volumes]\n"
        "  stopwords: [volumes, the]\n"
        "  asks:\n"
        "    title:\n"
        "      label: {ko: 책 제목, en: book titles}\n"
        "      cues: [library, 제목]\n",
        encoding="utf-8")
    facts = starter / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text + text.split("facts:\n", 1)[1].replace("id: library-books", "id: library-books-2023")
                     .replace("id: library-opened", "id: library-opened-x").replace("id: library-hours", "id: library-hours-x")
                     .replace("42,000", "40,000").replace("4만 2천", "4만"), encoding="utf-8")
    kb = load_knowledge(starter)
    found = warnings(kb)
    assert any("lexicon.units.books.countable" in w and "not countable" in w for w in found), found
    assert any("lexicon.synonyms.book" in w and "'volumes' is both a stopword and a synonym" in w for w in found), found
    assert any("lexicon.asks.title.cues" in w and "cue 'library'" in w for w in found), found
    assert not any("제목" in w for w in found)
    plain = bot("kb", "check", str(starter))
    assert plain.returncode == 0 and "warning: mybase/lexicon.yaml" in plain.stdout, plain.stdout + plain.stderr
    strict = bot("kb", "check", str(starter), "--strict")
    assert strict.returncode == 1 and "error: mybase/lexicon.yaml" in strict.stdout
    assert "(--strict)" in strict.stderr


def test_unit_missing_from_the_lexicon_is_a_warning(starter):
    edit(starter / "facts.yaml", "unit: books}", "unit: volumes}")
    found = warnings(load_knowledge(starter))
    assert any("facts[1].value.unit" in w and "'volumes' is not in lexicon.units" in w for w in found), found


def test_shipped_base_passes_strict():
    out = bot("kb", "check", "--strict")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr


# -- item 5: url optional ------------------------------------------------------------------------

def test_source_without_url_shows_what_there_is(starter):
    engine = Engine.load(starter)
    assert engine.kb.sources["library-leaflet"].url is None
    r = engine.ask("When did the Maple Street Library open?")
    assert r.status == "answered"
    text = render_text(r)
    source_line = next(x for x in text.splitlines() if x.startswith("Source:"))
    assert source_line == "Source: Maple Street Library, 2024-03-01, Welcome to the Maple Street Library (leaflet)"
    assert "None" not in text and "http" not in text
    from bot.chat.render import render_result
    reply = render_result(r, asker_id=1, answer_id="a1")
    dumped = json.dumps([e for e in reply.embeds], ensure_ascii=False, default=str)
    assert "None" not in dumped and "](" not in dumped and "Welcome to the Maple Street Library" in dumped


# -- item 7: --source-text -----------------------------------------------------------------------

def test_source_text_reports_quotes_not_in_the_text(starter, tmp_path):
    article = tmp_path / "leaflet.txt"
    article.write_text("Welcome!  The library first opened\nits doors in May 1998.\n"
                       "Opening hours: weekdays 9am-8pm,   Saturdays 10am-5pm.\n", encoding="utf-8")
    out = bot("kb", "check", str(starter), "--source-text", f"library-leaflet={article}")
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    missing = [x for x in lines if "not found verbatim" in x]
    assert missing == [f"mybase/facts.yaml: facts[1].quote: not found verbatim in {article}: "
                       "'Our shelves hold some 42,000 books.'"], out.stdout
    assert f"source library-leaflet: 2 of 3 quote(s) found verbatim in {article}" in lines
    article.write_text(article.read_text(encoding="utf-8") + "Our shelves hold some\n42,000 books.\n",
                       encoding="utf-8")
    assert bot("kb", "check", str(starter), "--source-text", f"library-leaflet={article}").returncode == 0
    bad = bot("kb", "check", str(starter), "--source-text", f"nosuch={article}")
    assert bad.returncode == 1 and "unknown source 'nosuch'" in bad.stdout


# -- item 6: kb test -----------------------------------------------------------------------------

def test_kb_test_reports_per_intent_and_confused_pairs(starter):
    (starter / "tests.yaml").write_text(
        "tests:\n"
        "  - q: when did the library open\n    expect: [library-opened]\n"
        "  - q: how many books does the library have\n    expect: [library-opened]\n"  # wrong on purpose
        "  - q: what are the opening hours\n    expect: decline\n"  # wrong on purpose
        "  - q: who won the world cup in 1954\n    expect: decline\n",
        encoding="utf-8")
    out = bot("kb", "test", str(starter))
    assert out.returncode == 1, out.stdout
    assert "2/4 passed, 2 failed" in out.stdout
    assert "opened -> book_count: 1" in out.stdout and "(decline) -> opening_hours: 1" in out.stdout
    assert "tests[1] 'how many books does the library have': expected opened citing library-opened" in out.stdout


def test_kb_test_rejects_unknown_fact_ids(starter):
    (starter / "tests.yaml").write_text("tests:\n  - q: when\n    expect: [no-such-fact]\n", encoding="utf-8")
    out = bot("kb", "test", str(starter))
    assert out.returncode == 1 and "tests[0].expect[0]: unknown fact 'no-such-fact'" in out.stdout


def test_shipped_base_passes_its_tests():
    assert (DEFAULT_KNOWLEDGE_DIR / "tests.yaml").is_file()
    out = bot("kb", "test")
    assert out.returncode == 0, out.stdout[-3000:]


@pytest.mark.parametrize("base", ["marathon", "lighthouse", "library", "ferry", "festival"])
def test_example_bases_pass_their_curators_tests(base):
    # (an engine change that breaks a curator's own tests.yaml is a regression the curator would see)
    root = Path(__file__).resolve().parents[1] / "examples" / base / "knowledge"
    out = bot("kb", "test", str(root))
    assert out.returncode == 0, out.stdout[-3000:]


def test_kb_test_snapshot_lists_what_an_edit_changed(tmp_path):
    import shutil
    base = tmp_path / "kb"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "marathon" / "knowledge", base)
    snap, extra = tmp_path / "snap.json", tmp_path / "more.txt"
    extra.write_text("how long is the half marathon cutoff\nwho hosts the race\n", encoding="utf-8")
    first = bot("kb", "test", str(base), "--snapshot", str(snap), "--questions", str(extra))
    assert first.returncode == 0 and "snapshot of 72 questions" in first.stdout, first.stdout[-2000:]
    again = bot("kb", "test", str(base), "--snapshot", str(snap), "--questions", str(extra))
    assert "answered differently than at the last run" in again.stdout and ": none" in again.stdout, again.stdout[-2000:]
    # an edit: the host fact renamed, so the question about the host cites another id
    facts = base / "facts" / "overview.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("id: race-host", "id: race-hosts", 1), encoding="utf-8")
    tests = base / "tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace("[race-host]", "[race-hosts]"), encoding="utf-8")
    third = bot("kb", "test", str(base), "--snapshot", str(snap), "--questions", str(extra))
    assert "'who hosts the race': was answered by organizers citing race-host; now answered by organizers citing race-hosts" \
        in third.stdout, third.stdout[-3000:]


def test_kb_check_warns_about_yaml_other_readers_refuse(tmp_path):
    """libyaml reads `[전시 3월까지 해?, ...]`; the pure-Python parser (and editors' YAML servers) don't:
    a warning with the fix, an error with --strict. The bases shipped as examples have none."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    base = tmp_path / "kb"
    shutil.copytree(root / "examples" / "marathon" / "knowledge", base)
    f = base / "intents" / "extra.yaml"
    f.write_text("intents:\n  - id: extra_hours\n    title: {ko: 운영 시간, en: Hours}\n    answer:\n"
                 "      text: {ko: 오후 5시까지, en: until 5 pm}\n    examples:\n"
                 "      ko: [몇 시까지 해?, 운영 시간 알려줘]\n      en: [until when are you open, opening hours please]\n",
                 encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "kb", "check", *a], capture_output=True, text=True)  # noqa: E731
    warned = run(str(base))
    assert warned.returncode == 0 and "other YAML readers" in warned.stdout and "extra.yaml" in warned.stdout, warned.stdout
    strict = run(str(base), "--strict")
    assert strict.returncode == 1 and "error:" in strict.stdout, strict.stdout
    for example in ("marathon", "lighthouse", "hangul"):
        out = run(str(root / "examples" / example / "knowledge"))
        assert "other YAML readers" not in out.stdout, (example, out.stdout)
