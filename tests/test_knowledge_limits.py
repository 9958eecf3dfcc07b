"""Issue 11 items 7, 9, 10: an empty base is refused, a file can't amplify itself, and a hostile
file gives `file: line: problem` instead of a traceback."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core.engine import DEFAULT_KNOWLEDGE_DIR
from bot.core.knowledge import (MAX_ALIAS_EXPANSIONS, MAX_EXAMPLE_CHARS, MAX_FILE_BYTES, KnowledgeError,
                                load_knowledge, shrink_problems)

ROOT = Path(__file__).resolve().parents[1]


def kb_check(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "kb", "check", str(path), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def errors_of(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(path)
    return info.value.errors


@pytest.fixture()
def base(tmp_path) -> Path:
    path = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, path)
    return path


# -- item 7: an empty base ------------------------------------------------------------------

def test_one_empty_file_is_not_a_base(tmp_path):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "empty.yaml").write_text("", encoding="utf-8")
    out = kb_check(tmp_path / "kb")
    assert out.returncode == 1, out.stdout
    assert "no intents" in out.stdout


def test_base_without_facts_and_intents_is_refused(base):
    shutil.rmtree(base / "facts")
    shutil.rmtree(base / "intents")
    errs = errors_of(base)
    assert any("no intents" in e for e in errs), errs


def test_base_without_facts_is_refused(base):
    shutil.rmtree(base / "facts")
    errs = errors_of(base)
    assert any("no facts" in e for e in errs), errs


def _smaller(kb, keep: int):
    """The same base with only its first `keep` intents and the facts they answer."""
    import dataclasses
    intents = dict(list(kb.intents.items())[:keep])
    attrs = {a for it in intents.values() for a in it.attributes}
    facts = {k: f for k, f in kb.facts.items() if f.attribute in attrs}
    return dataclasses.replace(kb, intents=intents, facts=facts)


def test_shrink_problems_names_what_would_be_dropped():
    old = load_knowledge(DEFAULT_KNOWLEDGE_DIR)
    problems = shrink_problems(old, _smaller(old, 3))
    assert problems and "more than half" in problems[0] and "force" in problems[0]
    assert shrink_problems(old, old) == []
    assert shrink_problems(old, _smaller(old, len(old.intents) - 1)) == []


def test_reload_dropping_half_is_refused_unless_forced():
    import asyncio

    from bot.chat.engines import EngineRef
    from bot.core.engine import Engine

    engine = Engine.load(DEFAULT_KNOWLEDGE_DIR)
    small = Engine(_smaller(engine.kb, 3))
    ref = EngineRef(engine, DEFAULT_KNOWLEDGE_DIR, lambda _path: small)
    outcome = asyncio.run(ref.reload())
    assert not outcome.ok and "more than half" in outcome.errors[0]
    assert ref.current is engine
    outcome = asyncio.run(ref.reload(force=True))
    assert outcome.ok and ref.current is small


# -- item 9: amplification --------------------------------------------------------------------

def _intent_file(examples: str, anchors: str = "") -> str:
    return (
        f"{anchors}intents:\n"
        "  - id: big\n"
        "    title: {ko: 큰 질문, en: big question}\n"
        f"    examples:\n      en:\n{examples}"
        "    answer: {text: {ko: 네, en: yes}}\n"
    )


def test_aliased_long_example_is_refused_quickly(base):
    long = "x" * 10_000
    aliases = "".join(f"        - *q\n" for _ in range(1000))
    text = f"anchor: &q {long}\n" + _intent_file(aliases)
    (base / "intents" / "evil.yaml").write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    errs = errors_of(base)
    took = time.perf_counter() - t0
    assert any("evil.yaml" in e and "aliases" in e and str(MAX_ALIAS_EXPANSIONS) in e for e in errs), errs
    assert took < 20, took  # was 79 s on 2 cores


def test_billion_laughs_is_refused(base):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    (base / "evil.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    errs = errors_of(base)
    assert any("evil.yaml" in e and "aliases" in e for e in errs), errs


def test_long_example_is_refused(base):
    (base / "intents" / "long.yaml").write_text(_intent_file(f"        - {'y' * (MAX_EXAMPLE_CHARS + 1)}\n"),
                                                encoding="utf-8")
    errs = errors_of(base)
    assert any("long.yaml" in e and "examples.en[0]" in e and str(MAX_EXAMPLE_CHARS) in e for e in errs), errs


def test_long_statement_and_alias_are_refused(base):
    path = base / "facts" / "kakao.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("      en: Kakao had 40 AI papers accepted", "      en: " + "z" * 700 + " Kakao had 40 AI papers accepted", 1)
    path.write_text(text, encoding="utf-8")
    ent = base / "entities.yaml"
    etext = ent.read_text(encoding="utf-8")
    ent.write_text(etext + "  - id: longname\n    kind: company\n    name: {ko: 긴이름, en: longname}\n"
                   f"    aliases: [{'w' * 150}]\n", encoding="utf-8")
    errs = errors_of(base)
    assert any("kakao.yaml" in e and "statement.en" in e for e in errs), errs
    assert any("entities.yaml" in e and "aliases" in e for e in errs), errs


def test_repeated_example_within_an_intent_is_refused(base):
    (base / "intents" / "rep.yaml").write_text(
        _intent_file("        - is it big?\n        - other question\n        - Is it big\n"), encoding="utf-8")
    errs = errors_of(base)
    assert any("rep.yaml" in e and "repeats en[0]" in e for e in errs), errs


def test_huge_file_is_refused_without_reading_it(base):
    path = base / "intents" / "huge.yaml"
    with open(path, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: cheap to make, would be slow to parse
    errs = errors_of(base)
    assert any("huge.yaml" in e and "MB" in e for e in errs), errs


# -- item 10: no tracebacks -------------------------------------------------------------------

def test_deep_nesting_is_a_message_not_a_traceback(base):
    deep = "intents:\n" + "".join("  " * i + "  a:\n" for i in range(500)) + "  " * 500 + "  x: 1\n"
    (base / "intents" / "deep.yaml").write_text(deep, encoding="utf-8")
    out = kb_check(base)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "deep.yaml: line" in out.stdout and "nested" in out.stdout


def test_unhashable_key_is_a_message_not_a_traceback(base):
    (base / "intents" / "keys.yaml").write_text("? [a, b]\n: 1\n", encoding="utf-8")
    out = kb_check(base)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    assert "keys.yaml: line 1" in out.stdout and "a key must be" in out.stdout


def test_errors_of_every_file_in_one_run(base):
    (base / "intents" / "one.yaml").write_text("intents:\n  - id: x\n    title: a: b\n", encoding="utf-8")
    (base / "facts" / "two.yaml").write_text("? [a]\n: 1\n", encoding="utf-8")
    out = kb_check(base)
    assert "one.yaml: line 3" in out.stdout and "two.yaml: line 1" in out.stdout, out.stdout
