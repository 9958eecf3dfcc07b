"""The knowledge base: YAML files -> frozen pydantic models -> cross-checked KnowledgeBase.

Any `*.yaml` file under the knowledge directory may hold any of the top-level keys `sources`,
`entities`, `facts`, `intents` and `lexicon`; ids are global. Every problem is reported as
`file: key: problem` and loading refuses to continue (KnowledgeError carries the whole list).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .lang import general_lexicon_data
# Reading one file and its caps live in loading.py; the file caps and the parser are re-exported
# here, where the tests and kbtools import them from.
from .loading import MAX_ALIAS_CHARS, MAX_EXAMPLE_CHARS, MAX_STATEMENT_CHARS, MAX_TEXT_CHARS
from .loading import MAX_ALIAS_EXPANSIONS, MAX_DEPTH, MAX_FILE_BYTES, _FileProblem, _parse_file  # noqa: F401
from .text import normalize

MAX_QUOTE_CHARS = 200
BUILT_IN = "(built in)"  # the file records made by the engine for every base say they come from
# Files in a base that hold no knowledge: curator regression tests (`kb test`)
NOT_KNOWLEDGE = ("tests.yaml",)
ID_RE = r"^[a-z0-9][a-z0-9_.-]*$"
Id = Annotated[str, Field(pattern=ID_RE, max_length=80)]
Lang = Literal["ko", "en"]


class KnowledgeError(Exception):
    """The knowledge base cannot be used; `errors` lists every problem as `file: key: problem`."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors) if self.errors else "invalid knowledge base")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Model):
    """A string in both languages."""

    ko: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    en: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


class Source(_Model):
    id: Id
    publisher: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")  # a document may have no link
    published: dt.date
    language: str = Field(pattern=r"^[a-z]{2}$")
    license: str | None = None
    note: str | None = None
    summary: Text | None = None  # what the source is about, in both languages ("what is the article about?")


class Entity(_Model):
    id: Id
    kind: Id
    name: Text
    aliases: tuple[Annotated[str, Field(max_length=MAX_ALIAS_CHARS)], ...] = ()
    parent: Id | None = None
    # Exact words that look like an alias but are something else (카카오톡 is not 카카오).
    not_aliases: tuple[Annotated[str, Field(max_length=MAX_ALIAS_CHARS)], ...] = ()

    @model_validator(mode="after")
    def _short_names(self) -> "Entity":
        for lang in ("ko", "en"):
            if len(self.name.get(lang)) > MAX_ALIAS_CHARS:
                raise ValueError(f"name.{lang} is longer than {MAX_ALIAS_CHARS} characters")
        return self


class Value(_Model):
    """A typed value: a number with a unit, a date, or text; `approx` for "about"/"약"."""

    number: float | None = None
    unit: str | None = None
    # (an unquoted 2023-11-01 is a date to YAML: read as the text it was written as)
    date: Annotated[str | None, BeforeValidator(lambda v: v.isoformat() if isinstance(v, dt.date) else v)] = Field(
        default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    text: Text | None = None
    approx: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> "Value":
        if self.number is None and self.date is None and self.text is None:
            raise ValueError("a value needs a number, a date or a text")
        if self.unit is not None and self.number is None:
            raise ValueError("a unit needs a number")
        return self


class Fact(_Model):
    id: Id
    subject: Id
    attribute: Id
    about: tuple[Id, ...] = ()  # other entities the fact is about (a conference, a partner)
    value: Value
    period: str | None = Field(default=None, pattern=r"^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$")
    as_of: dt.date | None = None
    statement: Text
    source: Id
    quote: str = Field(min_length=1, max_length=MAX_QUOTE_CHARS)

    @model_validator(mode="after")
    def _short_statement(self) -> "Fact":
        for lang in ("ko", "en"):
            if len(self.statement.get(lang)) > MAX_STATEMENT_CHARS:
                raise ValueError(f"statement.{lang} is longer than {MAX_STATEMENT_CHARS} characters")
        return self

    @property
    def entities(self) -> frozenset[str]:
        return frozenset((self.subject, *self.about))

    @property
    def year(self) -> str | None:
        return self.period[:4] if self.period else None

    def within(self, period: str) -> bool:
        """Does the fact belong to a period the question names ("2021", or a month "2021-12")?
        Its own period, else the date of its value (a release in "2021-11")."""
        when = self.period or self.value.date or ""
        return when[:4] == period if len(period) == 4 else when.startswith(period)


class Slot(_Model):
    name: Id
    kinds: tuple[Id, ...] = Field(min_length=1)
    many: bool = False  # several values answer separately and are compared
    required: bool = False
    default: tuple[Id, ...] = ()  # entities used when the question names none


Example = Annotated[str, Field(min_length=1, max_length=MAX_EXAMPLE_CHARS)]


class Examples(_Model):
    ko: tuple[Example, ...] = ()
    en: tuple[Example, ...] = ()

    @model_validator(mode="after")
    def _no_repeats(self) -> "Examples":
        seen: dict[str, str] = {}
        for lang, qs in (("ko", self.ko), ("en", self.en)):
            for idx, q in enumerate(qs):
                key = normalize(q)
                if key in seen:
                    raise ValueError(f"example {lang}[{idx}] {q[:60]!r} repeats {seen[key]}; keep one")
                seen[key] = f"{lang}[{idx}]"
        return self

    def all(self) -> Iterable[tuple[str, str]]:
        for q in self.ko:
            yield "ko", q
        for q in self.en:
            yield "en", q


class FixedAnswer(_Model):
    """An FAQ-style answer: fixed text per language and where it comes from."""

    text: Text
    source: Id | None = None
    quote: str | None = Field(default=None, max_length=MAX_QUOTE_CHARS)


class Intent(_Model):
    id: Id
    title: Text  # a short question, used for suggestions; may hold {slot} placeholders
    examples: Examples
    slots: tuple[Slot, ...] = ()
    periods: bool = False  # the question may name periods (올해, last year, 2020) that filter facts
    attributes: tuple[Id, ...] = ()  # facts with these attributes answer the intent
    answer: FixedAnswer | None = None

    @model_validator(mode="after")
    def _answer_kind(self) -> "Intent":
        if bool(self.attributes) == (self.answer is not None):
            raise ValueError("an intent needs either `attributes` (answered from facts) or `answer` (fixed text)")
        if not (self.examples.ko or self.examples.en):
            raise ValueError("an intent needs at least one example")
        return self


class Unit(_Model):
    ko: str
    en: str
    countable: bool = False  # differences and ratios make sense (papers: yes; "top 4%": no)


class Ask(_Model):
    """Something a question can ask for by its words ("who", "how much money", "which month").

    An intent gives it only when one of its own examples uses a cue (`examples`), the facts that
    answer give an exact figure (`number`), a figure or a quantity in words such as "double-digit"
    (`quantity`), a period or date (`period`), a month (`month`) or a day
    (`day`), the answer compares two or more of the things named (`comparison`: "who won, Naver
    or Kakao?"), or the facts name an entity the question didn't (`entity`: "who put KoGPT on GitHub?"; never
    a place), a place the question didn't (`place`), or a reason (`reason`: "때문에", "because"). An ask nearly every example of an intent makes (announced: "언제") is one the
    intent needs: a question that doesn't make it fits that intent less. A question asking for something the
    answering facts don't give is declined, with what they do say: never the neighbouring fact.
    """

    label: Text  # what is asked, as the decline names it ("기자 이름" / "the reporter's name")
    cues: tuple[str, ...] = Field(min_length=1)  # words or phrases, matched after particle stripping
    given_by: tuple[Literal["examples", "number", "quantity", "duration", "period", "year", "month", "day", "weekday", "money", "comparison",
                           "entity", "agent", "place", "reason", "role"], ...] = ("examples",)
    # asks a question making this one does not make, though their cues are in it ("며칠 동안": how long)
    overrides: tuple[str, ...] = ()


class Lexicon(_Model):
    # canonical token -> variants that mean the same in questions (paper -> 논문)
    synonyms: dict[str, tuple[str, ...]] = {}
    # words that are never cut by particle stripping (nouns ending in 이/가/도 ...)
    protect: tuple[str, ...] = ()
    # tokens that carry no meaning for matching
    stopwords: tuple[str, ...] = ()
    units: dict[str, Unit] = {}
    # entity kinds that set the context of a question (this article) rather than its subject
    context_kinds: tuple[str, ...] = ()
    # what questions ask for, when the facts may not give it (a person, an amount, a month)
    asks: dict[str, Ask] = {}
    # a fact's statements (ko and en) are also examples of the intents that answer with it, in the
    # index's training (not in the check of the curator's own examples); None: the general default
    statements_as_examples: bool | None = None


@dataclass(frozen=True)
class Located:
    """Where a record came from, for error messages."""

    file: str
    key: str


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    sources: dict[str, Source]
    entities: dict[str, Entity]
    facts: dict[str, Fact]
    intents: dict[str, Intent]
    lexicon: Lexicon
    where: dict[tuple[str, str], Located] = field(repr=False)  # (section, id) -> location

    def own(self, section: str) -> dict:
        """The records of a section that the base's files hold (not the ones every base has built in)."""
        records = getattr(self, section)
        return {k: v for k, v in records.items() if self.where.get((section, k), Located("", "")).file != BUILT_IN}

    @property
    def counts(self) -> dict[str, int]:
        intents = self.own("intents")
        return {
            "sources": len(self.sources),
            "entities": len(self.own("entities")),
            "facts": len(self.own("facts")),
            "intents": len(intents),
            "examples": sum(len(i.examples.ko) + len(i.examples.en) for i in intents.values()),
        }

    def locate(self, section: str, id_: str) -> Located:
        return self.where.get((section, id_), Located(str(self.root), f"{section}.{id_}"))

    def ancestors(self, entity_id: str) -> list[str]:
        out: list[str] = []
        seen = {entity_id}
        cur = self.entities[entity_id].parent if entity_id in self.entities else None
        while cur and cur not in seen and cur in self.entities:
            out.append(cur)
            seen.add(cur)
            cur = self.entities[cur].parent
        return out


# ---------------------------------------------------------------------------------------------
# Loading


_SECTIONS: dict[str, type[_Model]] = {"sources": Source, "entities": Entity, "facts": Fact, "intents": Intent}


def _loc_str(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _plain(err: dict) -> str:
    """pydantic's message, in words a curator can act on where it is cryptic."""
    if err.get("type") == "extra_forbidden":
        key = str(err["loc"][-1]) if err.get("loc") else "?"
        return (f"unknown key {key!r}: a misspelt field name, or text that holds ',' or ': ' and so was "
                "split into keys; put that text in double quotes")
    if err.get("type") == "missing":
        return "missing; this field is required"
    return err["msg"]


def _display(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def _knowledge_files(root: Path) -> list[Path]:
    """Every `*.yaml`/`*.yml` file under `root`, sorted, but the curator tests at its top."""
    if not root.is_dir():
        raise KnowledgeError([f"{root}: knowledge directory not found"])
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                   and not (p.parent == root and p.name in NOT_KNOWLEDGE))
    if not files:
        raise KnowledgeError([f"{root}: no .yaml files found"])
    return files


class _Collector:
    """What the files of a base hold, gathered file by file, with every problem met on the way."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.records: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
        self.where: dict[tuple[str, str], Located] = {}
        # general language first (shipped with the package); the base's own lexicon adds to it
        self.lexicon_parts: list[Lexicon] = [Lexicon.model_validate(general_lexicon_data())]
        self.unloaded = 0

    def add_file(self, path: Path, name: str) -> None:
        try:
            data = _parse_file(path)
        except _FileProblem as exc:
            self.errors.append(f"{name}: {exc.line}: {exc.problem}; file not loaded")
            self.unloaded += 1
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self.errors.append(f"{name}: -: expected a mapping with sources/entities/facts/intents/lexicon; file not loaded")
            return
        for section, items in data.items():
            if section == "lexicon":
                self.add_lexicon(name, items)
            else:
                self.add_section(name, section, items)

    def add_lexicon(self, name: str, items: Any) -> None:
        try:
            part = Lexicon.model_validate(items or {})
        except ValidationError as exc:
            for err in exc.errors():
                self.errors.append(f"{name}: lexicon.{_loc_str(err['loc'])}: {err['msg']}")
            return
        self.lexicon_parts.append(part)
        for group in ("units", "asks", "synonyms"):
            for k in getattr(part, group):
                self.where.setdefault(("lexicon", f"{group}.{k}"), Located(name, f"lexicon.{group}.{k}"))
        for group in ("stopwords", "protect", "context_kinds"):
            if getattr(part, group):
                self.where.setdefault(("lexicon", group), Located(name, f"lexicon.{group}"))

    def add_section(self, name: str, section: Any, items: Any) -> None:
        model = _SECTIONS.get(str(section))
        if model is None:
            self.errors.append(
                f"{name}: {section}: unknown section (known: {', '.join([*_SECTIONS, 'lexicon'])}); ignored"
            )
            return
        if not isinstance(items, list):
            self.errors.append(f"{name}: {section}: expected a list; section not loaded")
            return
        for i, item in enumerate(items):
            self.add_record(name, section, f"{section}[{i}]", model, item)

    def add_record(self, name: str, section: str, key: str, model: type[_Model], item: Any) -> None:
        """One record: loaded if it validates and its id is new (ids are global across files)."""
        try:
            obj = model.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                sub = _loc_str(err["loc"])
                self.errors.append(f"{name}: {key}{'.' + sub if sub else ''}: {_plain(err)}; not loaded")
            return
        if obj.id in self.records[section]:
            first = self.where[(section, obj.id)]
            self.errors.append(f"{name}: {key}.id: duplicate id '{obj.id}' (first in {first.file}: {first.key})")
            return
        self.records[section][obj.id] = obj
        self.where[(section, obj.id)] = Located(name, key)

    def base(self, root: Path) -> KnowledgeBase:
        return KnowledgeBase(
            root=root,
            sources=self.records["sources"],
            entities=self.records["entities"],
            facts=self.records["facts"],
            intents=self.records["intents"],
            lexicon=_merge_lexicons(self.lexicon_parts),
            where=self.where,
        )


def load_knowledge(root: Path | str) -> KnowledgeBase:
    """Load and cross-check every YAML file under `root`; raise KnowledgeError listing all problems."""
    root = Path(root)
    files = _knowledge_files(root)
    collected = _Collector()
    for path in files:
        collected.add_file(path, _display(path, root))
    kb = collected.base(root)
    from .builtin import with_source_readings  # (it builds on the models above)

    kb = with_source_readings(kb)  # questions about the sources themselves, in every base

    errors = collected.errors
    if not collected.unloaded:  # (a file that did not load is reported already, and explains an empty base)
        errors.extend(_emptiness(kb))
    errors.extend(cross_check(kb))
    if errors:
        raise KnowledgeError(errors)
    return kb


def _emptiness(kb: KnowledgeBase) -> list[str]:
    """A base that would decline everything is an accident (a deleted folder, an emptied file)."""
    errors: list[str] = []
    intents, facts = kb.own("intents"), kb.own("facts")  # (what every base has built in doesn't count)
    if not intents:
        errors.append(f"{kb.root}: intents: the base has no intents, so every question would be declined "
                      "(a deleted intents/ folder or an emptied file?)")
    if not facts and any(it.attributes for it in intents.values()):
        errors.append(f"{kb.root}: facts: the base has no facts, so no intent can be answered "
                      "(a deleted facts/ folder or an emptied file?)")
    return errors


def _merge_lexicons(parts: list[Lexicon]) -> Lexicon:
    synonyms: dict[str, tuple[str, ...]] = {}
    protect: list[str] = []
    stop: list[str] = []
    units: dict[str, Unit] = {}
    context: list[str] = []
    asks: dict[str, Ask] = {}
    as_examples: bool | None = None
    for part in parts:
        if part.statements_as_examples is not None:  # the last part that says wins (the base's own)
            as_examples = part.statements_as_examples
        units.update(part.units)
        asks.update(part.asks)
        context.extend(part.context_kinds)
        for k, v in part.synonyms.items():
            synonyms[k] = tuple(dict.fromkeys((*synonyms.get(k, ()), *v)))
        protect.extend(part.protect)
        stop.extend(part.stopwords)
    return Lexicon(
        synonyms=synonyms,
        protect=tuple(dict.fromkeys(protect)),
        stopwords=tuple(dict.fromkeys(stop)),
        units=units,
        context_kinds=tuple(dict.fromkeys(context)),
        asks=asks,
        statements_as_examples=as_examples,
    )


def _closest(name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    if not known:
        return "none defined"
    from rapidfuzz import process, fuzz

    best = process.extractOne(name, known, scorer=fuzz.ratio, processor=None, score_cutoff=60)
    hint = f"did you mean '{best[0]}'? " if best else ""
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f"{hint}known: {shown}"


# err(section, id, sub-key, problem): report a problem at a record's place in its file
_Report = Callable[[str, str, str, str], None]


def cross_check(kb: KnowledgeBase) -> list[str]:
    """Reference and coverage checks that span files. Returns `file: key: problem` lines."""
    errors: list[str] = []

    def err(section: str, id_: str, sub: str, problem: str) -> None:
        loc = kb.locate(section, id_)
        errors.append(f"{loc.file}: {loc.key}.{sub}: {problem}")

    _check_entities(kb, err)
    _check_fact_references(kb, err)
    reached = _check_intents(kb, err)
    for f in kb.facts.values():
        if f.id not in reached:
            err("facts", f.id, "attribute", f"no intent answers attribute '{f.attribute}'; the fact can never be shown")
    return errors


def _check_entities(kb: KnowledgeBase, err: _Report) -> None:
    """A parent is a known entity and no chain of parents loops; every name and alias names one entity."""
    alias_owner: dict[str, str] = {}
    for e in kb.entities.values():
        if e.parent is not None and e.parent not in kb.entities:
            err("entities", e.id, "parent", f"unknown entity '{e.parent}' ({_closest(e.parent, kb.entities)})")
        if e.parent is not None and e.id in kb.ancestors(e.id):
            err("entities", e.id, "parent", "parent chain loops back to itself")
        for alias in (e.name.ko, e.name.en, *e.aliases):
            key = normalize(alias).replace(" ", "")
            if not key:
                err("entities", e.id, "aliases", f"alias {alias!r} is empty after normalisation")
                continue
            owner = alias_owner.setdefault(key, e.id)
            if owner != e.id:
                err("entities", e.id, "aliases", f"alias {alias!r} also names entity '{owner}'")


def _check_fact_references(kb: KnowledgeBase, err: _Report) -> None:
    """A fact's subject and the entities it is about are known entities; its source is a known source."""
    for f in kb.facts.values():
        if f.subject not in kb.entities:
            err("facts", f.id, "subject", f"unknown entity '{f.subject}' ({_closest(f.subject, kb.entities)}); fact not loaded")
        for j, a in enumerate(f.about):
            if a not in kb.entities:
                err("facts", f.id, f"about[{j}]", f"unknown entity '{a}' ({_closest(a, kb.entities)}); fact not loaded")
        if f.source not in kb.sources:
            err("facts", f.id, "source", f"unknown source '{f.source}' ({_closest(f.source, kb.sources)}); fact not loaded")


def _check_intents(kb: KnowledgeBase, err: _Report) -> set[str]:
    """Check every intent's references and examples; return the ids of the facts some intent answers."""
    kinds = {e.kind for e in kb.entities.values()}
    attributes = {f.attribute for f in kb.facts.values()}
    reached: set[str] = set()
    seen_examples: dict[str, tuple[str, str]] = {}
    for it in kb.intents.values():
        _check_intent_references(kb, it, kinds, attributes, err)
        reached.update(f.id for f in kb.facts.values() if f.attribute in it.attributes)
        _check_examples_unique(it, seen_examples, err)
    return reached


def _check_intent_references(kb: KnowledgeBase, it: Intent, kinds: set[str], attributes: set[str],
                             err: _Report) -> None:
    """A slot's kinds are kinds some entity has; an attribute is one some fact has; a fixed answer's
    source is a known source."""
    for j, s in enumerate(it.slots):
        for k in s.kinds:
            if k not in kinds:
                err("intents", it.id, f"slots[{j}].kinds", f"no entity has kind '{k}' ({_closest(k, kinds)})")
    for a in it.attributes:
        if a not in attributes:
            err("intents", it.id, "attributes", f"no fact has attribute '{a}' ({_closest(a, attributes)})")
    if it.answer is not None and it.answer.source is not None and it.answer.source not in kb.sources:
        err("intents", it.id, "answer.source", f"unknown source '{it.answer.source}' ({_closest(it.answer.source, kb.sources)})")


def _check_examples_unique(it: Intent, seen_examples: dict[str, tuple[str, str]], err: _Report) -> None:
    """An example (after normalisation) belongs to one intent; `seen_examples` holds the ones met so far."""
    for lang, q in it.examples.all():
        key = normalize(q)
        idx = (it.examples.ko if lang == "ko" else it.examples.en).index(q)
        if key in seen_examples and seen_examples[key][0] != it.id:
            other = seen_examples[key][0]
            err("intents", it.id, f"examples.{lang}[{idx}]", f"example {q!r} is also an example of intent '{other}'")
        seen_examples.setdefault(key, (it.id, lang))


SHRINK_LIMIT = 0.5  # a reload that keeps less than this share of the intents or facts needs `force`


def shrink_problems(old: KnowledgeBase, new: KnowledgeBase) -> list[str]:
    """Why swapping `old` for `new` looks like an accident: more than half of the intents or of the
    facts would be gone (a truncated file, a half-finished copy). Empty when the swap looks safe."""
    out: list[str] = []
    for section in ("intents", "facts"):
        before, after = len(old.own(section)), len(new.own(section))  # (built-in records don't count)
        if before and after < before * SHRINK_LIMIT:
            out.append(
                f"{new.root}: {section}: the new base has {after} {section}, the one answering now {before}; "
                f"more than half would be dropped (a truncated file or a half-finished copy?). "
                "Reload with force to swap it in anyway"
            )
    return out
