"""Readings every knowledge base has, made from its own records: questions about its sources.

"Who published this?", "이 기사 언제 나왔어?", "what is the document about?" are answered from each
source's publisher, date, title and summary, through the same intents and facts as any other
question (`sources.yaml` in the language data holds the examples). A base that already answers an
attribute (the shipped base has its own `publisher`/`published` intent) keeps its own.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .lang import data_file
from .messages import attach_josa
from .knowledge import BUILT_IN, Entity, Fact, Intent, KnowledgeBase, Located, Text

SOURCE_KIND = "publication"
SOURCE_ENTITY = "source"
# attribute -> the intent's id when the engine makes it
ATTRIBUTES = {"publisher": "source_publisher", "published": "source_published", "topic": "source_topic",
              "license": "source_license"}


def _data() -> dict[str, Any]:
    return data_file("sources.yaml")


def _date(d, lang: str) -> str:
    return f"{d.year}년 {d.month}월 {d.day}일" if lang == "ko" else d.strftime("%-d %B %Y")


def _subject(kb: KnowledgeBase) -> tuple[str, Entity]:
    """The base's own entity for its source when it has exactly one (with the general aliases it
    lacks), else a new one."""
    own = [e for e in kb.entities.values() if e.kind == SOURCE_KIND]
    d = _data()["entity"]
    known = {a for e in kb.entities.values() for a in (e.name.ko, e.name.en, *e.aliases, *e.not_aliases)}
    aliases = tuple(a for a in d["aliases"] if a not in known)
    if len(own) == 1:
        # the base's own entity for its source, known by the general words for a source as well
        return own[0].id, own[0].model_copy(update={"aliases": (*own[0].aliases, *aliases)})
    return SOURCE_ENTITY, Entity(id=SOURCE_ENTITY, kind=SOURCE_KIND, name=Text(**d["name"]), aliases=aliases)


def _facts(kb: KnowledgeBase, subject: str, name: Text, attributes: list[str]) -> list[Fact]:
    spec = _data()["intents"]
    out: list[Fact] = []
    for s in kb.sources.values():
        summary = getattr(s, "summary", None)
        about = Text(ko=f"「{s.title}」 {summary.ko}", en=f"\"{s.title}\": {summary.en}") if summary else Text(ko=s.title, en=s.title)
        for attr in attributes:
            if attr == "license" and not s.license:
                continue  # (a source the base gives no terms for has no such fact)

            def fill(lang: str) -> str:
                text = spec[attr]["statement"][lang].format(
                    name=name.get(lang), publisher=s.publisher, date=_date(s.published, lang), about=about.get(lang),
                    license=s.license or "")
                return attach_josa(text[:1].upper() + text[1:])  # (이 글[은/는] -> 이 글은)
            plain = {"publisher": s.publisher, "license": s.license or ""}
            value = ({"date": s.published.isoformat()} if attr == "published" else
                     {"text": {"ko": plain.get(attr, about.ko), "en": plain.get(attr, about.en)}})
            out.append(Fact.model_validate({
                "id": f"{s.id}.{attr}", "subject": subject, "attribute": attr, "value": value,
                "statement": {"ko": fill("ko"), "en": fill("en")}, "source": s.id, "quote": s.title[:200]}))
    return out


def _intent(attr: str) -> Intent:
    spec = _data()["intents"][attr]
    return Intent.model_validate({
        "id": ATTRIBUTES[attr], "title": spec["title"], "examples": spec["examples"], "attributes": [attr],
        "slots": [{"name": "src", "kinds": [SOURCE_KIND], "many": True}]})


def _missing(kb: KnowledgeBase) -> list[str]:
    """The source attributes the base doesn't answer itself (the licence only when a source gives one)."""
    answered = {a for i in kb.intents.values() for a in i.attributes}
    return [a for a in ATTRIBUTES if a not in answered and ATTRIBUTES[a] not in kb.intents
            and (a != "license" or any(s.license for s in kb.sources.values()))]


def _intents(kb: KnowledgeBase, missing: list[str]) -> list[Intent]:
    """The built-in intents for `missing`; a base example word for word the same as a built-in one
    stays the base's."""
    own = {q for i in kb.intents.values() for _, q in i.examples.all()}
    out = []
    for attr in missing:
        intent = _intent(attr)
        ex = intent.examples
        out.append(intent.model_copy(update={"examples": ex.model_copy(update={
            "ko": tuple(q for q in ex.ko if q not in own), "en": tuple(q for q in ex.en if q not in own)})}))
    return out


def with_source_readings(kb: KnowledgeBase) -> KnowledgeBase:
    """`kb` with an intent and facts for each source attribute the base doesn't answer itself."""
    missing = _missing(kb)
    if not missing or not kb.sources:
        return kb
    subject, entity = _subject(kb)
    entities = {**kb.entities, entity.id: entity}
    where = dict(kb.where)
    if subject == SOURCE_ENTITY:
        where[("entities", entity.id)] = Located(BUILT_IN, f"entities.{entity.id}")
    facts = dict(kb.facts)
    for f in _facts(kb, subject, entity.name, missing):
        facts[f.id] = f
        where[("facts", f.id)] = Located(BUILT_IN, f"facts.{f.id}")
    intents = dict(kb.intents)
    for intent in _intents(kb, missing):
        intents[intent.id] = intent
        where[("intents", intent.id)] = Located(BUILT_IN, f"intents.{intent.id}")
    lexicon = kb.lexicon
    if SOURCE_KIND not in lexicon.context_kinds:
        lexicon = lexicon.model_copy(update={"context_kinds": (*lexicon.context_kinds, SOURCE_KIND)})
    return replace(kb, entities=entities, facts=facts, intents=intents, lexicon=lexicon, where=where)
