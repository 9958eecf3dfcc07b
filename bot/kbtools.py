"""Curator tools behind `kb check --strict / --source-text`, `kb schema`, `kb test` and `kb new`.

They read a loaded KnowledgeBase and use the engine only through its public API (Engine.load,
Engine.ask and the Result's `status`/`intent`/`facts`), so they keep working while the engine's
insides change.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .core.lang import general_lexicon_data
from .core.knowledge import (ID_RE, Entity, Fact, Intent, KnowledgeBase, Lexicon, Source, _parse_file,
                             _FileProblem, _plain, _loc_str)
from .core.text import normalize

TESTS_FILE = "tests.yaml"

# ---------------------------------------------------------------------------------------------
# Warnings: things that load but silently do nothing


COMMON_CUE_SHARE = 0.05  # a cue found in this share of the base's examples (and in 3 or more) is a common word


def warnings(kb: KnowledgeBase) -> list[str]:
    """`file: key: problem` lines for settings that load but can never take effect."""
    out: list[str] = []

    def at(section: str, id_: str, sub: str, problem: str) -> None:
        loc = kb.locate(section, id_)
        out.append(f"{loc.file}: {loc.key}{'.' + sub if sub else ''}: {problem}")

    lex = kb.lexicon
    # units: a figure whose unit is unknown is never shown with its unit nor computed with; a unit that
    # is not countable is never added, subtracted or divided, however many facts share it
    by_unit: dict[str, list[Fact]] = {}
    for f in kb.facts.values():
        if f.value.number is not None and f.value.unit:
            by_unit.setdefault(f.value.unit, []).append(f)
    for unit, facts in by_unit.items():
        if unit not in lex.units:
            at("facts", facts[0].id, "value.unit",
               f"unit '{unit}' is not in lexicon.units ({len(facts)} fact(s) use it): it is never shown after a "
               "figure nor computed with; add it under lexicon.units with its ko and en words")
        elif not lex.units[unit].countable and not _is_share(unit, lex.units[unit]):
            attrs = Counter(f.attribute for f in facts)
            if any(n >= 2 for n in attrs.values()):
                at("lexicon", f"units.{unit}", "countable",
                   f"unit '{unit}' is not countable, so no sum, difference or ratio of its {len(facts)} fact(s) "
                   "is ever computed; set `countable: true` if its figures can be added (money, counts), keep "
                   "it false for shares and ranks (\"top 4%\")")
    # (No warning for `about` entities without a slot of their kind: the engine reaches them anyway, a
    # question naming one picks the facts that are about it; measured on a starter base.)
    # a stopword that is also a synonym: removed before the synonym could apply
    stop = {normalize(w) for w in lex.stopwords}
    for canon, variants in lex.synonyms.items():
        for w in (canon, *variants):
            if normalize(w) in stop:
                at("lexicon", f"synonyms.{canon}", "",
                   f"'{w}' is both a stopword and a synonym of '{canon}'; a stopword is dropped from questions, so "
                   "the synonym never applies: remove it from one of the two")
    # an ask cue that is an ordinary word of this base's questions
    examples = [set(normalize(q).split()) for it in kb.own("intents").values() for _, q in it.examples.all()]
    texts = [" " + normalize(q) + " " for it in kb.own("intents").values() for _, q in it.examples.all()]
    # (the package's general asks are meant to be common: "how many" asks for a count in every base)
    general = {normalize(c) for a in general_lexicon_data().get("asks", {}).values() for c in a.get("cues", ())}
    if examples:
        for name, ask in lex.asks.items():
            for cue in ask.cues:
                c = normalize(cue)
                if not c or c in general:
                    continue
                n = sum(1 for ws in examples if c in ws) if " " not in c else sum(1 for t in texts if f" {c} " in t)
                if n >= 3 and n >= COMMON_CUE_SHARE * len(examples):
                    at("lexicon", f"asks.{name}", "cues",
                       f"cue '{cue}' is a common word of this base's own examples ({n} of {len(examples)}): a "
                       f"question using it in its ordinary sense is read as asking for {ask.label.en}; remove "
                       "the cue (or the ask) if this base's questions use the word otherwise")
    return out


def portability_warnings(root: Path | None) -> list[str]:
    """`file: line: problem` for files the bot reads (with libyaml) that the pure-Python YAML parser,
    and so editors' YAML servers and other tools, refuse: "[전시 3월까지 해?, ...]" in a flow list."""
    import yaml

    from .core.knowledge import _knowledge_files
    from .core.paths import knowledge_dir

    out: list[str] = []
    if not hasattr(yaml, "CSafeLoader"):
        return out  # (the bot reads with the same parser, and reports what it refuses as errors)
    base = knowledge_dir(root)
    files = [*_knowledge_files(base), *([base / "tests.yaml"] if (base / "tests.yaml").is_file() else [])]
    for file in files:
        try:
            yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)  # noqa: S506 (safe loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 1}" if mark is not None else "-"
            out.append(f"{file}: {line}: the bot reads this, but other YAML readers (editors' YAML servers, "
                       f"PyYAML without libyaml) refuse it ({getattr(exc, 'problem', None) or exc}); put text "
                       "that contains '?', ': ' or ', ' inside [ ] or { } in double quotes")
        except (OSError, UnicodeDecodeError):
            continue  # (loading reports those)
    return out


def _is_share(key: str, unit) -> bool:
    """A unit that is rightly not countable: a percentage, a share, a rank ("top 4%")."""
    words = f"{key} {unit.ko} {unit.en}".lower()
    return any(w in words for w in ("%", "percent", "퍼센트", "share", "rank", "순위", "위", "ratio", "비율", "top"))


# ---------------------------------------------------------------------------------------------
# Quotes against the source's text


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def source_text_problems(kb: KnowledgeBase, source_id: str, text: str, file_label: str) -> tuple[list[str], int]:
    """Every quote of `source_id` (facts and fixed answers) not found verbatim in `text`, spaces and
    line breaks normalised. Returns (problems, number of quotes checked)."""
    if source_id not in kb.sources:
        known = ", ".join(sorted(kb.sources)) or "none"
        return [f"{kb.root}: sources: --source-text names unknown source '{source_id}' (known: {known})"], 0
    body = _flat(text)
    problems: list[str] = []
    checked = 0
    quotes: list[tuple[str, str, str, str]] = []
    for f in kb.own("facts").values():  # (the built-in facts about the source quote its title)
        if f.source == source_id:
            quotes.append(("facts", f.id, "quote", f.quote))
    for it in kb.own("intents").values():
        if it.answer is not None and it.answer.source == source_id and it.answer.quote:
            quotes.append(("intents", it.id, "answer.quote", it.answer.quote))
    for section, id_, sub, quote in quotes:
        checked += 1
        if _flat(quote) not in body:
            loc = kb.locate(section, id_)
            shown = quote if len(quote) <= 80 else quote[:77] + "..."
            problems.append(f"{loc.file}: {loc.key}.{sub}: not found verbatim in {file_label}: {shown!r}")
    return problems, checked


# ---------------------------------------------------------------------------------------------
# JSON Schema of a knowledge file


class KnowledgeFile(BaseModel):
    """One YAML file of a knowledge base: any of these sections, ids global across files."""

    model_config = ConfigDict(extra="forbid")

    sources: list[Source] = []
    entities: list[Entity] = []
    facts: list[Fact] = []
    intents: list[Intent] = []
    lexicon: Lexicon | None = None


# What each field does (shown by editors as hover text); keyed by "Model.field".
FIELD_DOCS: dict[str, str] = {
    "Source.id": "Id facts and answers cite (lowercase letters, digits, '_', '.', '-').",
    "Source.publisher": "Shown with every answer that cites the source.",
    "Source.title": "Shown (as the link text when there is a url).",
    "Source.url": "Optional http(s) link; without one, answers show publisher, date and title only.",
    "Source.published": "Publication date (YYYY-MM-DD), shown with answers.",
    "Source.language": "Two-letter language of the source (its quotes are in it). Kept for curators; "
                       "not used in matching.",
    "Source.license": "Free text for curators (terms of the source). Not shown to users, not checked.",
    "Source.note": "Free text for curators (how relative dates resolve...). Not shown, not checked.",
    "Entity.kind": "Free-form: any id. Intent slots name the kinds they accept; lexicon.context_kinds "
                   "marks kinds that set the scene rather than the subject.",
    "Entity.aliases": "Other names a question may use (matched without spaces, after normalisation).",
    "Entity.parent": "A larger entity this one belongs to (a subsidiary); its figures are parts of the parent's.",
    "Entity.not_aliases": "Words that look like an alias but name something else (카카오톡 is not 카카오).",
    "Fact.subject": "The entity the fact is about.",
    "Fact.attribute": "Free-form id; intents list the attributes they answer.",
    "Fact.about": "Other entities the fact concerns; a question reaches them only through a slot whose "
                  "kinds include theirs (kb check warns otherwise).",
    "Fact.period": "YYYY, YYYY-MM, YYYY-H1/H2 or YYYY-Q1..Q4; questions naming a year or a month filter on "
                   "it when the intent has `periods: true`. Half years and quarters are kept but a question "
                   "can only pick them by their year.",
    "Fact.as_of": "Date the figure was true on. Kept for curators; not shown, not used in matching.",
    "Fact.statement": "The answer, one sentence per language; shown as is.",
    "Fact.quote": "The sentence of the source that supports the fact, verbatim (kb check --source-text).",
    "Value.number": "A figure; with `unit`, it can be compared, added and divided (see lexicon.units).",
    "Value.unit": "A key of lexicon.units.",
    "Value.date": "YYYY, YYYY-MM or YYYY-MM-DD; also places the fact in a period.",
    "Value.text": "A value in words (ko and en); quote it if it holds ',' or ': '.",
    "Value.approx": "The figure is approximate (\"about\", \"약\"): short values and differences say "
                    "so, and a question asking for an exact figure is not answered from it.",
    "Intent.title": "A short question for suggestions; may hold {slot} placeholders.",
    "Intent.examples": "Questions as users ask them, in ko and en; each must match back to this intent.",
    "Intent.slots": "Entities the question names (by kind).",
    "Intent.periods": "The question may name periods (올해, last year, 2020) that filter facts.",
    "Intent.attributes": "Answer from the facts with these attributes ...",
    "Intent.answer": "... or with this fixed text (an FAQ answer).",
    "Slot.kinds": "Entity kinds the slot accepts.",
    "Slot.many": "Several entities answer separately and are compared.",
    "Slot.required": "A question naming none is ambiguous (unless `default`).",
    "Slot.default": "Entities used when the question names none (one or more).",
    "Unit.countable": "Figures in this unit can be added, subtracted and divided (papers: yes; \"top 4%\": "
                      "no). Default false: no computation at all.",
    "Lexicon.synonyms": "canonical word -> variants that mean the same in questions (paper -> 논문).",
    "Lexicon.protect": "Words never cut by Korean particle stripping (nouns ending in 이/가/도 ...).",
    "Lexicon.stopwords": "Words that carry no meaning for matching.",
    "Lexicon.units": "Units of figures: their words, and whether they can be computed with.",
    "Lexicon.context_kinds": "Entity kinds that set the context of a question (this article), not its subject.",
    "Lexicon.asks": "What a question can ask for by its words (who, how much money, which month).",
}


def json_schema() -> dict[str, Any]:
    schema = KnowledgeFile.model_json_schema()
    defs = schema.get("$defs", {})
    for key, doc in FIELD_DOCS.items():
        model, fld = key.split(".")
        props = defs.get(model, {}).get("properties", {})
        if fld in props:
            props[fld]["description"] = doc
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://factbot.invalid/knowledge.schema.json", **schema}


# ---------------------------------------------------------------------------------------------
# Curator regression tests (tests.yaml)


class CuratorTest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    q: str = Field(min_length=1, max_length=500, description="A question as a user would ask it.")
    expect: Literal["decline"] | list[str] = Field(
        description="`decline`, or the ids of the facts the answer must cite (answers from fixed text: the "
                    "intent id, with `intent:` and `expect: []`).")
    intent: str | None = Field(default=None, pattern=ID_RE, description="The intent that should answer "
                               "(default: the one answering the first expected fact).")


class CuratorTests(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tests: list[CuratorTest] = Field(min_length=1)


DECLINE = "(decline)"


@dataclass
class TestReport:
    total: int = 0
    passed: int = 0
    per_intent: dict[str, list[int]] = field(default_factory=dict)  # intent -> [passed, total]
    confused: Counter = field(default_factory=Counter)  # (expected, got) -> count
    failures: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"{'intent':<32} {'passed':>7} {'of':>4}"]
        for intent, (ok, n) in sorted(self.per_intent.items()):
            lines.append(f"{intent:<32} {ok:>7} {n:>4}{'' if ok == n else '  <-'}")
        lines.append("")
        lines.append("confused (expected -> got):" + ("" if self.confused else " none"))
        for (want, got), n in self.confused.most_common():
            lines.append(f"  {want} -> {got}: {n}")
        if self.failures:
            lines.append("")
            lines.append("failures:")
            lines.extend(f"  {f}" for f in self.failures)
        lines.append("")
        lines.append(f"{self.passed}/{self.total} passed" + ("" if self.passed == self.total else
                                                             f", {self.total - self.passed} failed"))
        return "\n".join(lines)


def load_tests(root: Path, kb: KnowledgeBase) -> tuple[list[CuratorTest], list[str]]:
    """The base's tests.yaml, checked against the base; (tests, problems)."""
    path = root / TESTS_FILE
    name = f"{root.name}/{TESTS_FILE}"
    if not path.is_file():
        return [], [f"{name}: -: no tests file; write one (see README, `kb test`)"]
    try:
        data = _parse_file(path)
    except _FileProblem as exc:
        return [], [f"{name}: {exc.line}: {exc.problem}"]
    try:
        suite = CuratorTests.model_validate(data or {})
    except ValidationError as exc:
        return [], [f"{name}: {_loc_str(e['loc'])}: {_plain(e)}" for e in exc.errors()]
    problems: list[str] = []
    for i, t in enumerate(suite.tests):
        if isinstance(t.expect, list):
            for j, fid in enumerate(t.expect):
                if fid not in kb.facts:
                    problems.append(f"{name}: tests[{i}].expect[{j}]: unknown fact '{fid}'")
            if not t.expect and t.intent is None:
                problems.append(f"{name}: tests[{i}].expect: give fact ids, `decline`, or `intent:` with `expect: []`")
        if t.intent is not None and t.intent not in kb.intents:
            problems.append(f"{name}: tests[{i}].intent: unknown intent '{t.intent}'")
    return list(suite.tests), problems


def run_tests(engine: Any, tests: list[CuratorTest]) -> TestReport:
    """Ask every test question; a test passes when the answer declines as expected, or is answered
    (by the expected intent, if given) and cites every expected fact."""
    kb: KnowledgeBase = engine.kb
    rep = TestReport()
    for i, t in enumerate(tests):
        r = engine.ask(t.q)
        answered = r.status == "answered"
        got = r.intent if answered and r.intent else DECLINE
        if t.expect == "decline":
            want = DECLINE
            ok = not answered
        else:
            want = t.intent or _intent_for(kb, t.expect, r.intent)
            ok = answered and set(t.expect) <= set(r.facts) and (t.intent is None or r.intent == t.intent)
        rep.total += 1
        rep.passed += ok
        slot = rep.per_intent.setdefault(want, [0, 0])
        slot[0] += ok
        slot[1] += 1
        if not ok:
            rep.confused[(want, got)] += 1
            said = f"{r.status}" + (f" by {r.intent} citing {', '.join(r.facts) or 'no fact'}" if answered else "")
            wanted = "a decline" if t.expect == "decline" else f"{want} citing {', '.join(t.expect) or '-'}"
            rep.failures.append(f"tests[{i}] {t.q!r}: expected {wanted}; got {said}")
    return rep


def snapshot(engine: Any, questions: list[str]) -> dict[str, dict]:
    """How the base answers each question now: its status, intent and the facts it cites."""
    out: dict[str, dict] = {}
    for q in dict.fromkeys(questions):
        r = engine.ask(q)
        out[q] = {"status": r.status, "intent": r.intent, "facts": list(r.facts)}
    return out


def snapshot_changes(before: dict[str, dict], now: dict[str, dict]) -> list[str]:
    """The questions answered differently than in the snapshot before (an edit's effects on other
    intents: an example added to one intent can draw another's questions)."""
    def said(a: dict) -> str:
        if a["status"] != "answered":
            return a["status"]
        return f"answered by {a['intent']} citing {', '.join(a['facts']) or 'no fact'}"

    return [f"{q!r}: was {said(before[q])}; now {said(a)}" for q, a in now.items()
            if q in before and (before[q]["status"], before[q]["intent"], before[q]["facts"]) != (a["status"], a["intent"], a["facts"])]


def _intent_for(kb: KnowledgeBase, fact_ids: list[str], picked: str | None) -> str:
    attrs = [kb.facts[f].attribute for f in fact_ids if f in kb.facts]
    candidates = [it.id for it in kb.intents.values() if attrs and attrs[0] in it.attributes]
    if picked in candidates:
        return picked
    return candidates[0] if candidates else "?"


# ---------------------------------------------------------------------------------------------
# A starter base (`kb new`)

STARTER: dict[str, str] = {
    "README.md": """\
# A new knowledge base

Made by `python -m bot kb new`. Edit the YAML files, then run

    python -m bot kb check DIR --strict     # errors and warnings, every file in one run
    python -m bot kb test DIR               # tests.yaml: questions and the facts that must answer them
    python -m bot ask --knowledge DIR "When did the Maple Street Library open?"

Every `*.yaml` file may hold any of the sections sources, entities, facts, intents, lexicon; ids are
global. `tests.yaml` is not knowledge: `kb test` reads it. See the main README ("Knowledge format").
""",
    "sources.yaml": """\
# Where facts come from. Every fact names one source; answers show its publisher, date, title and,
# if there is one, its url (a printed leaflet has none).
sources:
  - id: library-leaflet
    publisher: Maple Street Library
    title: Welcome to the Maple Street Library (leaflet)
    published: 2024-03-01
    language: en
    # url: https://example.org/leaflet      # optional
    # license: the terms the source may be used under, told to who asks ("이 자료 라이선스가 뭐야?");
    # note: free text for curators, never shown
""",
    "entities.yaml": """\
# The things questions name. `kind` is free-form: intents' slots say which kinds they accept.
# A question finds an entity by its names and aliases (case, spaces and hyphens do not matter).
entities:
  - id: library
    kind: place
    name: {ko: 메이플 스트리트 도서관, en: Maple Street Library}
    aliases: [메이플 도서관, 도서관, the library, maple library]
""",
    "facts.yaml": """\
# One fact = one answer. `statement` is shown as is (ko and en); `quote` is the sentence of the
# source that supports it, verbatim (check with `kb check --source-text library-leaflet=FILE`).
# Text that holds ': ' or ',' (or starts with a quote) goes in double quotes.
facts:
  - id: library-opened
    subject: library
    attribute: opened
    value: {date: "1998-05"}
    statement:
      ko: 메이플 스트리트 도서관은 1998년 5월에 문을 열었습니다.
      en: The Maple Street Library opened in May 1998.
    source: library-leaflet
    quote: The library first opened its doors in May 1998.

  - id: library-books
    subject: library
    attribute: book_count
    value: {number: 42000, unit: books}
    as_of: 2024-01-01          # when the figure was true; for curators
    statement:
      ko: 메이플 스트리트 도서관의 장서는 약 4만 2천 권입니다.
      en: The Maple Street Library holds about 42,000 books.
    source: library-leaflet
    quote: Our shelves hold some 42,000 books.

  - id: library-hours
    subject: library
    attribute: opening_hours
    value:
      text: {ko: "평일 오전 9시~오후 8시, 토요일 오전 10시~오후 5시", en: "weekdays 9am-8pm, Saturdays 10am-5pm"}
    statement:
      ko: 도서관은 평일 오전 9시부터 오후 8시까지, 토요일은 오전 10시부터 오후 5시까지 엽니다.
      en: The library is open 9am to 8pm on weekdays and 10am to 5pm on Saturdays.
    source: library-leaflet
    quote: "Opening hours: weekdays 9am-8pm, Saturdays 10am-5pm."
""",
    "intents.yaml": """\
# What users ask. An intent answers from the facts with its `attributes` (or from a fixed `answer`).
# `examples`: a handful of questions per language, as users would type them; each must match back
# to its own intent (kb check says which ones don't).
intents:
  - id: opened
    title: {ko: "도서관은 언제 문을 열었나요?", en: "When did the library open?"}
    attributes: [opened]
    examples:
      ko: ["도서관 언제 개관했어?", "메이플 도서관은 언제 생겼어?", 도서관 개관 연도, "언제부터 도서관이 있었어?"]
      en: [when did the library open, when was the maple library founded, what year did the library open,
        how old is the library]

  - id: book_count
    title: {ko: "책이 몇 권 있나요?", en: "How many books are there?"}
    attributes: [book_count]
    examples:
      ko: ["도서관에 책이 몇 권 있어?", "장서 수가 얼마나 돼?", "책 몇 권 보유하고 있어?", 소장 도서 규모]
      en: [how many books does the library have, how big is the collection, number of books,
        how many books are on the shelves]

  - id: opening_hours
    title: {ko: "운영 시간이 어떻게 되나요?", en: "What are the opening hours?"}
    attributes: [opening_hours]
    examples:
      ko: ["도서관 몇 시에 열어?", 운영 시간 알려줘, "토요일에도 열어?", "몇 시까지 해?"]
      en: [what are the opening hours, what hours is the library open, is it open on saturday,
        what time does it close]

  - id: about_bot
    title: {ko: "이 봇은 무엇인가요?", en: "What is this bot?"}
    answer:
      text:
        ko: 메이플 스트리트 도서관 안내문에 있는 사실로 답하는 봇입니다.
        en: I answer questions from the Maple Street Library's leaflet.
    examples:
      ko: ["너는 누구야?", "이 봇은 뭐야?", "무엇을 물어볼 수 있어?"]
      en: [who are you, what is this bot, what can i ask you]
""",
    "lexicon.yaml": """\
# Optional. Ordinary questions need none of it. `units` says how a figure's unit reads and whether
# figures in it can be added and compared (countable). synonyms, stopwords, protect, context_kinds
# and asks tune matching; see the main README before adding any.
lexicon:
  units:
    books: {ko: 권, en: books, countable: true}
""",
    TESTS_FILE: """\
# `python -m bot kb test DIR`: each question must be answered citing these facts, or declined.
tests:
  - q: When did the Maple Street Library open?
    expect: [library-opened]
  - q: 도서관 책 몇 권이나 있어?
    expect: [library-books]
  - q: 도서관 토요일 몇 시까지 열어?
    expect: [library-hours]
  - q: what can i ask you
    intent: about_bot
    expect: []
  - q: What is the capital of France?
    expect: decline
""",
}


def new_base(target: Path) -> list[Path]:
    """Write the starter base into `target` (new or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target}: exists and is not empty; give a new directory")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in STARTER.items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def dump_schema() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)

