"""The engine: one object the adapters use. Load a knowledge directory, ask questions, get Results.

Decision: `answered` when one intent clearly wins and its slots have facts; `ambiguous` when the
best candidates are too close (they become suggestions) or the question lacks the subject;
`unknown` when nothing is good enough, the question holds words the base has never seen, or it
names an entity/period/attribute with no fact. Never a neighbouring fact.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

from . import messages
from .builtin import BUILT_IN, SOURCE_ENTITY, SOURCE_KIND
from .answer import fill_title
from .knowledge import Intent, KnowledgeBase, KnowledgeError, Source, load_knowledge
from .matcher import Matcher
from .paths import default_knowledge_dir, knowledge_dir
from .result import Context, Result
from .compose import Composer
from .decide import Decider
from .adjust import Adjust
from .gaps import Gaps
from .given import Given
from .parts import Parts
from .explain import Explain
from .quoted import Quoted
from .reached import Reached
from .relative import Relative
from .rules import CONTEXT_CHARS, Thresholds
from .shape import counts_time, question_sentence, sides, split_clauses  # noqa: F401 (re-exported for tests)
from .text import clean_input, detect_lang, normalize

log = logging.getLogger(__name__)

DEFAULT_KNOWLEDGE_DIR = default_knowledge_dir()  # the base shipped with the package


def _owner_kinds(kb: KnowledgeBase) -> frozenset[str]:
    """Kinds whose entities own others: a company (the parent of its units, the maker of its
    models), and the kinds of its units."""
    parents = {kb.entities[e.parent].kind for e in kb.entities.values() if e.parent in kb.entities}
    return frozenset(parents | {e.kind for e in kb.entities.values()
                                if e.parent in kb.entities and kb.entities[e.parent].kind in parents})


def _intents_about(kb: KnowledgeBase) -> dict[str, list[Intent]]:
    """entity -> intents that have a fact about it (for "what I do know" suggestions); intents where
    the entity is the fact's subject first (Kakao -> its papers before KoGPT)."""
    out: dict[str, list[Intent]] = {}
    for subject_first in (True, False):
        for it in kb.intents.values():
            for f in kb.facts.values():
                if f.attribute not in it.attributes:
                    continue
                for e in ([f.subject] if subject_first else sorted(f.about)):
                    if it not in out.setdefault(e, []):
                        out[e].append(it)
    return out


def _source_noun(kb: KnowledgeBase) -> dict[str, str]:
    """The base's own name for its source ("이 기사" -> 기사, "this article" -> the article), from
    its one entity of the source kind; else the general word."""
    own = [e for e in kb.entities.values() if e.kind == SOURCE_KIND and e.id != SOURCE_ENTITY]
    if len(own) != 1:
        return dict(messages.SOURCE_NOUN)
    ko, en = own[0].name.ko, own[0].name.en
    ko = ko.split(" ", 1)[1] if ko.startswith(("이 ", "해당 ")) else ko
    en = "the " + en.split(" ", 1)[1] if en.lower().startswith("this ") else en
    return {"ko": ko, "en": en}


class Engine(Parts, Gaps, Adjust, Quoted, Reached, Relative, Explain, Decider, Given, Composer):
    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None):
        self.kb = kb
        self.matcher = Matcher(kb)
        self.thresholds = thresholds or Thresholds()
        self._src = _source_noun(kb)
        self._owner_kinds = _owner_kinds(kb)
        # intents some of whose facts are figures (a claimed figure is checked against those)
        numeric = {f.attribute for f in kb.facts.values() if f.value.number is not None}
        self._numeric_intents = frozenset(i.id for i in kb.intents.values() if numeric & set(i.attributes))
        self._choices: dict[str, list[str]] = {lang: self._suggestion_pool(lang) for lang in ("ko", "en")}
        self._intents_about = _intents_about(kb)
        self._choices_norm = {lang: [normalize(c) for c in cs] for lang, cs in self._choices.items()}
        # kinds of what facts are about (companies, models), not of their context (this article)
        self._subject_kinds = frozenset(kb.entities[f.subject].kind for f in kb.facts.values()) - set(
            kb.lexicon.context_kinds)
        self._asks_given = frozenset(n for asks in self.matcher.intent_asks.values() for n in asks)
        self._with_facts = self._covered(kb)

    def _covered(self, kb: KnowledgeBase) -> frozenset[str]:
        """Entities the sources cover: with facts, or named in a fact's statement or quote (Papago,
        one of the contributors to Naver's 112); the others are only there to be recognised."""
        said = " ".join(normalize(t) for f in kb.facts.values() for t in (f.statement.ko, f.statement.en, f.quote))
        said_words = set(said.split())
        with_facts = {x for f in kb.facts.values() for x in f.entities}
        return frozenset(
            e.id for e in kb.entities.values()
            if e.id in with_facts
            or any(self._said(normalize(n), said, said_words) for n in (e.name.ko, e.name.en, *e.aliases))
        )

    # -- construction --------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str | None = None, *, check_examples: bool = True) -> "Engine":
        """Load, validate and index a knowledge directory (default: $KNOWLEDGE_DIR or ./knowledge)."""
        path = knowledge_dir(path)
        kb = load_knowledge(path)
        engine = cls(kb)
        if check_examples:
            errors = engine.check_examples()
            if errors:
                raise KnowledgeError(errors)
        return engine

    def check_examples(self) -> list[str]:
        """Every intent's own examples must be matched back to it, clear of every other intent:
        an example that scores as well for another intent would make real questions ambiguous."""
        errors: list[str] = []
        margin = self.thresholds.margin
        for intent in self.kb.intents.values():
            loc = self.kb.locate("intents", intent.id)
            if loc.file == BUILT_IN:
                continue  # the package's own examples are not the curator's to reword
            for lang, q in intent.examples.all():
                a = self.matcher.analyse(q)
                own = max((c.score for c in a.candidates if c.intent == intent.id), default=0.0)
                rival = max((c for c in a.candidates if c.intent != intent.id), key=lambda c: c.score, default=None)
                if own == 0.0 or (rival is not None and rival.score >= own - margin):
                    idx = (intent.examples.ko if lang == "ko" else intent.examples.en).index(q)
                    got = f"intent '{rival.intent}' ({rival.score:.2f})" if rival else "no intent"
                    read = ", ".join(f"'{w}' as '{c}'" for w, c in self.matcher.read_as(q))
                    errors.append(
                        f"{loc.file}: {loc.key}.examples.{lang}[{idx}]: example {q!r} matches {got} "
                        f"as well as '{intent.id}' ({own:.2f}); reword it or move it"
                        + (f" (synonyms read {read})" if read else "")
                    )
        return errors

    # -- public API ------------------------------------------------------------------------

    def _t(self, key: str, lang: str, **kw: object) -> str:
        """A message of the core, calling the base's sources by their name ("기사", "the article")."""
        return messages.t(key, lang, src=self._src[lang], **kw)

    def source_noun(self, lang: str) -> str:
        """What answers call this base's sources ("기사" / "the article")."""
        return self._src[lang]

    @property
    def sources(self) -> list[Source]:
        return list(self.kb.sources.values())

    def ask(self, question: str, context: Context | None = None) -> Result:
        """Answer `question`; with the `context` of the conversation's last answer, a follow-up that
        names only what changes ("그럼 네이버는?", "and last year?") is read with the question before.
        The result's `context` is what the next question may lean on."""
        try:
            result = self._ask(question)
            if context is not None and self._leans_on(question):
                followed = self._follow(context, result)
                if followed is not None:
                    return followed
            if result.status == "answered":
                result = replace(result, context=Context(result.question, result.lang, result.facts))
            return result
        except Exception:  # the engine never takes the bot down; log and decline
            log.exception("engine failed on a question of %d characters", len(question or ""))
            lang = detect_lang(question or "")
            return Result(question=str(question)[:500], lang=lang, status="unknown", intent=None,
                          confidence=0.0, answer=self._t("unknown", lang))

    def nearest_intent(self, text: str) -> tuple[str | None, float]:
        cleaned, _ = clean_input(text)
        a = self.matcher.analyse(cleaned)
        if not a.candidates:
            return None, 0.0
        return a.candidates[0].intent, float(a.candidates[0].score)

    def complete(self, text: str, lang: str, limit: int = 25) -> list[str]:
        """Known questions nearest to what is being typed, in `lang` (autocomplete)."""
        lang = "ko" if lang == "ko" else "en"
        choices = self._choices[lang]
        query = normalize(clean_input(text or "")[0])
        if not query:
            return choices[:limit]
        hits = process.extract(
            query, self._choices_norm[lang], scorer=fuzz.WRatio, processor=None, limit=limit, score_cutoff=30
        )
        return [choices[i] for _, _, i in hits]

    def topics(self, lang: str) -> list[tuple[str, list[str]]]:
        """What the base knows, grouped by entity: (entity name, questions to ask)."""
        out: list[tuple[str, list[str]]] = []
        for ent in self.kb.entities.values():
            qs: list[str] = []
            for intent in self.kb.intents.values():
                if any(f.subject == ent.id and f.attribute in intent.attributes for f in self.kb.facts.values()):
                    slot = next((s for s in intent.slots if ent.kind in s.kinds), None)
                    title = fill_title(self.kb, intent, lang, {slot.name: [ent.id]} if slot else {})
                    if title and title not in qs:
                        qs.append(title)
            if qs:
                out.append((ent.name.get(lang), qs))
        return out

    # -- internals -------------------------------------------------------------------------

    def _suggestion_pool(self, lang: str) -> list[str]:
        pool: list[str] = []
        for intent in self.kb.intents.values():
            for ent_id, slot_name in self._entities_with_facts(intent):
                title = fill_title(self.kb, intent, lang, {slot_name: [ent_id]})
                if title:
                    pool.append(title)
            if not intent.slots or all(not s.required for s in intent.slots):
                title = fill_title(self.kb, intent, lang, {s.name: list(s.default) for s in intent.slots})
                if title:
                    pool.append(title)
        for intent in self.kb.intents.values():
            for _, q in intent.examples.all():
                if detect_lang(q) == lang:  # a mixed "Kakao Brain ICML paper 몇 개?" is Korean
                    pool.append(q)
        return list(dict.fromkeys(p for p in pool if len(p) <= 100))


    def _ask(self, question: str) -> Result:
        raw = question if isinstance(question, str) else str(question)
        text, truncated = clean_input(raw)
        lang = detect_lang(text)
        notice = self._t("truncated", lang, limit=len(text)) if truncated else None
        if not text:
            example = self._choices[lang][0] if self._choices[lang] else ""
            return Result(question=text, lang=lang, status="unknown", intent=None, confidence=0.0,
                          answer=self._t("empty", lang, example=example),
                          suggestions=tuple(self._choices[lang][:3]), notice=notice)
        base = dict(question=text, lang=lang, notice=notice)
        relative = self._relative_meaning(text, base, lang)
        if relative is not None:
            return relative  # "기사에 나오는 '올해'는 몇 년이야?": the source's date says
        whole = self.matcher.analyse(text)
        asks_gap = bool({"how_long", "how_many_months"} & set(whole.asks))
        between = sides(text) if asks_gap or counts_time(text) else None  # (the two events it names)
        if asks_gap or between is not None:
            # "만들고 반포하기까지 몇 년 걸렸어?": the gap between two dated facts the question reads
            # as, read whole (its clauses are its two events)
            measured = self._duration(whole, self._rerank(whole), base, lang, between)
            if measured is not None:
                return measured
        parts = list(whole.parts())
        if len(parts) > 1:
            parts = self._with_scenes(self._with_tags(parts))
        if len(parts) > 1:
            combined = self._answer_parts(parts, base, lang)
            if combined is not None:
                return combined
        focus = whole.focus()
        if focus is not None:
            scened = self._answer_scene(text, focus, base, lang)
            if scened is not None:
                return scened
        return self._answer(text, base, lang, whole)  # (read once: the analysis above)

    def _follow(self, context: Context, alone: Result) -> Result | None:
        """The follow-up read with the question before it; what the answer before said is not said
        again ("what about its parameters?" after the release date: the parameters only)."""
        followed = self._ask(f"{context.question} {alone.question}")
        if followed.status != "answered":
            return None
        said = set(context.facts)
        new = [self.kb.facts[f] for f in followed.facts if f not in said and f in self.kb.facts]
        if said and new and len(new) < len(followed.facts):
            followed = self._from_facts(dict(question=alone.question, lang=alone.lang, notice=alone.notice),
                                        alone.lang, followed.intent, followed.confidence, new)
        return replace(followed, question=alone.question, notice=alone.notice,
                       context=Context(f"{context.question} {alone.question}"[-CONTEXT_CHARS:], alone.lang,
                                       followed.facts))


