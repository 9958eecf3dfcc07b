"""The engine: one object the adapters use. Load a knowledge directory, ask questions, get Results.

Decision: `answered` when one intent clearly wins and its slots have facts; `ambiguous` when the
best candidates are too close (they become suggestions) or the question lacks the subject;
`unknown` when nothing is good enough, the question holds words the base has never seen, or it
names an entity/period/attribute with no fact. Never a neighbouring fact.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import NamedTuple
from pathlib import Path

from rapidfuzz import fuzz, process

from . import duration, messages
from .builtin import BUILT_IN, SOURCE_ENTITY, SOURCE_KIND
from .answer import Resolution, computed_lines, difference_line, fill_title, format_number, resolve, sum_line
from .knowledge import Fact, Intent, KnowledgeBase, KnowledgeError, Source, load_knowledge
from .index import Candidate
from .matcher import Analysis, Matcher
from .paths import default_knowledge_dir, knowledge_dir
from .premise import Verdict, contradicts_periods, judge
from .result import Context, Result, SourceRef
from .text import clean_input, detect_lang, normalize, strip_mentions

log = logging.getLogger(__name__)

# Two questions joined in one: "X and Y?", "X하고 Y는?", "X, 그리고 Y", "각각"
_MULTI_RE = re.compile(
    r"\band\b|\bplus\b|\bas well as\b|그리고|및|각각|고,|\?.+\?|,\s*(what|how|when|which|who|몇|언제|어디)"
    r"|몇.+몇|언제.+몇|몇.+언제"
)

# "added up": 합치면, 합계, combined, in total (a sum of the figures the answer gives)
_TOTAL_RE = re.compile(r"합치|합친|합쳐|합계|합산|총합|더하면|더한|\b(?:combined|in total|altogether|sum|add up|added up|together)\b")

# question words that ask nothing by themselves ("..., what do you get?")
_BARE_ASKING = frozenset("what which how who when where why 뭐 몇 언제 어디 누가 무엇 어떻게 왜".split())

# "how far apart": 차이, 몇 %p, difference, gap
_DIFFERENCE_RE = re.compile(r"차이|차는|%p|퍼센트포인트|포인트|\b(?:difference|gap|how much more|how much higher|points)\b")

_QUANTITY_TEXT_RE = re.compile(r"\d|자리 ?수|digit", re.IGNORECASE)

SHORT_QUESTION = 3  # content words; with an unseen one among so few, decline
DOMINANCE = 3.0  # "far behind": the leader scores at least this many times the runner-up
MULTI_SIMILARITY = 0.5  # a second intent this close to one of its examples is a second question
SLOT_MISFIT = 0.75  # score factor for an intent that can't take what the question names
SLOT_MISSING = 0.6  # ... and for one that needs something the question doesn't name
ASK_MISSING = 0.4  # ... and for one whose examples all ask something ("when") the question doesn't
DURATION_READINGS = 5  # how many of the best readings a "how long between" question takes its two dates from
DURATION_SHARE = 0.3  # ... each scoring at least this share of the answer threshold
KNOWN_INSTEAD = 2  # at most this many statements of what the source does say, in a decline
CONTEXT_CHARS = 400  # the most of a conversation a follow-up is read with
FOLLOW_UP_OWN_WORDS = 2  # a question naming nothing with at most this many words of its own leans on the last
CLAIM_MISFIT = 0.5  # ... and for one with no figures when the question checks a figure it states
PINNED_FLOOR = 0.2  # the least score at which named entities that pick out one fact may answer
QUOTE_DEMOTION = 0.5  # readings that don't hold the figure the question quotes
AGREEING = 2  # runners-up checked for giving the leader's very facts (their scores then add up)

_RIDER_RE = re.compile(r"\band (?:by )?how (?:much|many)\b|\band (?:what(?: is|s)? )?(?:the )?(?:gap|difference)\b"
                       r"|\band (?:its|their) (?:affiliates|subsidiaries|units|teams)\b"
                       r"|\band by what\b|그리고 (?:몇|얼마)")
_PAIR_RE = re.compile(r"<e>(?:\s*(?:and|or|vs|versus|랑|이랑|와|과|하고|및|,)\s*<e>)+")

# Where one question ends and another begins: "?" with more after it, ", and when/what ...",
# "그리고", and a Korean clause ending in -고 followed by a comma or space (냈고, 어디고; not 하고,
# nor 말고/빼고, which set a name aside).
_CLAUSE_RE = re.compile(
    r"\?\s+(?=\S)|[;,]\s*(?:and\s+|but\s+|also\s+)?(?=(?:what|when|where|which|who|how|why|is|was|did|does|and)\b)"
    r"|\s+and\s+(?=(?:what|when|where|which|who|how|why|is|was|did|does)\b)|\s*그리고\s*|(?<=[가-힣])(?<![하말빼])고[,\s]\s*"
    r"|,\s*(?=(?:몇|언제|어디|누구|무엇|뭐|얼마|어느|그리고))",
    re.IGNORECASE,
)


# Where a statement or a preamble ends and the question proper begins: a sentence end, "..., so",
# "..., but", and Korean connective endings that set up a contrast or a background (했는데, 했잖아요,
# 하던데, 했지만, 인데요).
_SENTENCE_RE = re.compile(
    r"(?<=[.!?])\s+(?=\S)|,\s*(?:so|but|and so)\s+"
    r"|(?<=[가-힣])(?:는데|은데|던데|잖아요|잖아|지만|는데요|은데요|던데요|데요)[,.]?\s+"
    r"|(?:(?<=[가-힣])|(?<=[가-힣]\s))(?:거면|거라면|것이면|이라면)[,.]?\s+",  # "하이퍼클로바가 네이버 거면, 민달리는?"
    re.IGNORECASE,
)
_QUESTION_RE = re.compile(
    r"\?|\b(?:what|which|who|whom|whose|when|where|why|how|tell me|is|are|was|were|did|does|do|can)\b"
    r"|몇|언제|어디|누구|누가|뭐|무엇|무슨|어느|어떤|어떻게|얼마|알려|맞아|맞음|인가|나요|냐|니\b",
    re.IGNORECASE,
)


_CONFIRM_RE = re.compile(
    r"(?:맞나요|맞아요|맞아|맞음|맞죠|맞지|맞냐|맞는지|ㄹㅇ|진짜|정말|사실이야|그래|그런가요|그래요|right|true|really|correct|"
    r"is that (?:true|right|correct)|am i right|or not)\W*",
    re.IGNORECASE,
)


def question_sentence(text: str) -> str | None:
    """The question proper of a longer message that first sets the scene ("Kakao Brain had 2 CVPR
    papers. What about Kakao Enterprise?", "네이버는 하이퍼클로바를 냈는데, 카카오브레인은?"): the last
    sentence that asks something, or None when the message is one sentence."""
    parts = [p.strip(" ,;") for p in _SENTENCE_RE.split(text) if p and p.strip(" ,;")]
    if len(parts) < 2:
        return None
    if len(parts) >= 2 and _CONFIRM_RE.fullmatch(parts[-1]):
        parts = parts[:-1]  # "... 우승했다던데 ㄹㅇ?", "... right?": the tag asks nothing of its own
        if len(parts) < 2:
            return None
    for part in reversed(parts):
        if _QUESTION_RE.search(part):
            return part if part != parts[0] else None
    return None


def split_clauses(text: str) -> list[str]:
    parts = [p.strip(" ,;") for p in _CLAUSE_RE.split(text)]
    return [p for p in parts if len(p) >= 4]




DEFAULT_KNOWLEDGE_DIR = default_knowledge_dir()  # the base shipped with the package


class Reading(NamedTuple):
    """One way to read a question: an intent the index ranked, and its facts for what was named."""

    top: Candidate
    intent: Intent
    res: Resolution


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


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.37  # below: not confident enough to answer
    sure: float = 0.75  # above: answer even with a close runner-up / an unseen word
    margin: float = 0.06  # runner-up closer than this (and with other facts) -> ambiguous
    dominant: float = 0.3  # ... or this, when the next intent is far behind (see DOMINANCE)


class Engine:
    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None):
        self._src = _source_noun(kb)
        # kinds whose entities own others (a company: the parent of its units, the maker of its models)
        parents = {kb.entities[e.parent].kind for e in kb.entities.values() if e.parent in kb.entities}
        self._owner_kinds = frozenset(parents | {e.kind for e in kb.entities.values()
                                                 if e.parent in kb.entities and kb.entities[e.parent].kind in parents})
        # intents some of whose facts are figures (a claimed figure is checked against those)
        numeric = {f.attribute for f in kb.facts.values() if f.value.number is not None}
        self._numeric_intents = frozenset(i.id for i in kb.intents.values() if numeric & set(i.attributes))
        self.kb = kb
        self.matcher = Matcher(kb)
        self.thresholds = thresholds or Thresholds()
        self._choices: dict[str, list[str]] = {lang: self._suggestion_pool(lang) for lang in ("ko", "en")}
        # entity -> intents that have a fact about it (for "what I do know" suggestions)
        # (intents where the entity is the fact's subject first: Kakao -> its papers before KoGPT)
        self._intents_about: dict[str, list[Intent]] = {}
        for subject_first in (True, False):
            for it in kb.intents.values():
                for f in kb.facts.values():
                    if f.attribute not in it.attributes:
                        continue
                    for e in ([f.subject] if subject_first else sorted(f.about)):
                        if it not in self._intents_about.setdefault(e, []):
                            self._intents_about[e].append(it)
        self._choices_norm = {lang: [normalize(c) for c in cs] for lang, cs in self._choices.items()}
        # kinds of what facts are about (companies, models), not of their context (this article)
        self._subject_kinds = frozenset(kb.entities[f.subject].kind for f in kb.facts.values()) - set(
            kb.lexicon.context_kinds)
        self._asks_given = frozenset(n for asks in self.matcher.intent_asks.values() for n in asks)
        # entities the sources cover: with facts, or named in a fact's statement or quote (Papago,
        # one of the contributors to Naver's 112); the others are only there to be recognised
        said = " ".join(normalize(t) for f in kb.facts.values() for t in (f.statement.ko, f.statement.en, f.quote))
        said_words = set(said.split())
        with_facts = {x for f in kb.facts.values() for x in f.entities}
        self._with_facts = frozenset(
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
                    errors.append(
                        f"{loc.file}: {loc.key}.examples.{lang}[{idx}]: example {q!r} matches {got} "
                        f"as well as '{intent.id}' ({own:.2f}); reword it or move it"
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

    def _entities_with_facts(self, intent: Intent) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for f in self.kb.facts.values():
            if f.attribute not in intent.attributes:
                continue
            for slot in intent.slots:
                for e in sorted(f.entities):
                    if self.kb.entities[e].kind in slot.kinds and (e, slot.name) not in out:
                        if slot is intent.slots[0] or e == f.subject:
                            out.append((e, slot.name))
        return out

    def _titles(self, intent: Intent, lang: str, values: dict[str, list[str]] | None = None) -> str:
        title = fill_title(self.kb, intent, lang, values or {})
        if title:
            return title
        examples = getattr(intent.examples, lang) or getattr(intent.examples, "en" if lang == "ko" else "ko")
        return examples[0]

    def _source_refs(self, facts: list[Fact]) -> tuple[SourceRef, ...]:
        refs: dict[tuple[str, str], SourceRef] = {}
        for f in facts:
            s = self.kb.sources[f.source]
            refs.setdefault(
                (s.id, f.quote),
                SourceRef(s.id, s.publisher, s.title, s.url or "", s.published.isoformat(), f.quote),
            )
        return tuple(refs.values())

    def _from_facts(self, base: dict, lang: str, intent: str, confidence: float, facts: list[Fact],
                    extra: list[str] = (), a: Analysis | None = None) -> Result:
        """An answer: each fact's statement in `lang`, then computed lines, citing every fact; a
        figure the question states is confirmed or corrected first."""
        lines = [*(f.statement.get(lang) for f in facts), *extra]
        verdict = judge(self.kb, a.claims, facts, a.checks) if a is not None else None
        if verdict is None and a is not None and a.checks and contradicts_periods(a.periods, facts, a.claims):
            verdict = Verdict("no", ())
        if verdict is not None and lines:
            lines[0] = self._t(f"premise_{verdict.kind}", lang, first=lines[0])
            for claim, owner in verdict.owners:
                who = self.kb.entities[owner.subject].name.get(lang)
                value = format_number(claim.value, owner.value.unit, self.kb, lang)
                lines.append(self._t("premise_owner", lang, value=value, who=who))
        return Result(**base, status="answered", intent=intent, confidence=confidence,
                      answer="\n".join(dict.fromkeys(lines)), facts=tuple(f.id for f in facts),
                      sources=self._source_refs(facts))

    def short_value(self, fact: Fact, lang: str) -> str:
        v = fact.value
        if v.number is not None:
            body = format_number(v.number, v.unit, self.kb, lang)
            return (("약 " if lang == "ko" else "about ") + body) if v.approx else body
        if v.text is not None:
            return v.text.get(lang)
        return v.date or ""

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
        whole = self.matcher.analyse(strip_mentions(text))
        if {"how_long", "how_many_months"} & set(whole.asks):
            # "만들고 반포하기까지 몇 년 걸렸어?": the gap between two dated facts the question reads
            # as, read whole (its clauses are its two events)
            measured = self._duration(whole, self._rerank(whole), base, lang)
            if measured is not None:
                return measured
        parts = split_clauses(text)
        if len(parts) > 1:
            combined = self._answer_parts(parts, base, lang)
            if combined is not None:
                return combined
        focus = question_sentence(text)
        if focus is not None:
            scened = self._answer_scene(text, focus, base, lang)
            if scened is not None:
                return scened
        return self._answer(text, base, lang)

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

    def _leans_on(self, question: str) -> bool:
        """A question that asks nothing of its own but whom or when about ("그럼 네이버는?", "and last
        year?", "what about its parameters?"): at most one word besides names, periods and question words."""
        text, _ = clean_input(question)
        a = self.matcher.analyse(strip_mentions(text))
        return self._elliptical(a) or (not a.mentions and self._own_words(a) <= FOLLOW_UP_OWN_WORDS)

    def _own_words(self, a: Analysis) -> int:
        """Words that say what is asked: not names, question words or verb forms."""
        return sum(not (t.startswith("<") or t in _BARE_ASKING or self.matcher.is_filler(t)) for t in a.tokens)

    def _bare(self, a: Analysis) -> bool:
        """Nothing asked but names and question words ("What about GPT-3?", "and by how much?")."""
        return self._own_words(a) == 0

    def _elliptical(self, a: Analysis) -> bool:
        """A follow-up that asks nothing of its own but whom about ("What about GPT-3?", "And Kakao
        overall?", "네이버는?"): at most one word besides names and question words."""
        return self._own_words(a) <= 1

    def _answer_scene(self, text: str, focus: str, base: dict, lang: str) -> Result | None:
        """A scene set first, then the question (`focus`): the question decides. What the scene
        names (the entity being contrasted) must not answer it, unless the question names nothing."""
        fa = self.matcher.analyse(strip_mentions(focus))
        named = self._subjects(fa)
        if named and not self._elliptical(fa):
            return self._answer(focus, base, lang, fa)  # the question stands on its own
        scene = self.matcher.analyse(strip_mentions(text[: text.rfind(focus)]))
        if named:
            # "HyperCLOVA has 204 billion parameters. What about GPT-3?": the scene says what is
            # asked, the question only whom about: the scene without its names of that kind, then
            # the question's names
            kinds = {m.kind for m in named}
            if kinds & self._subject_kinds:  # "Kakao Brain hit 15. And Kakao overall?": a team for a company
                kinds |= self._subject_kinds
            words = list(scene.words)
            for m in sorted(scene.mentions, key=lambda m: -m.start):
                if m.kind in kinds:
                    words[m.start:m.end] = []
            result = self._answer(" ".join(words) + " " + focus, base, lang)
            return result if result.status == "answered" else self._answer(focus, base, lang, fa)
        # the question leans on the scene ("what was it about?"): read it with what the scene named;
        # failing that, with the scene's subject alone ("Kakao Brain dropped KoGPT last month, so
        # what did it put out this month?": Kakao Brain, not KoGPT)
        context = self._subjects(scene)
        readings = [context, [m for m in context if m.start == context[0].start]] if context else []
        for mentions in readings:
            result = self._answer(" ".join(dict.fromkeys(m.surface for m in mentions)) + " " + focus, base, lang)
            if result.status == "answered":
                return result
        return None

    def _answer_parts(self, parts: list[str], base: dict, lang: str) -> Result | None:
        """Two questions in one ("X고, Y는?", "X, and when Y?"): answer each clause on its own, with
        what the clause before named when it doesn't name that kind of thing itself."""
        results: list[Result] = []
        carried: list = []  # what the clauses before named
        riders = 0

        def names(mentions) -> list[str]:
            return list(dict.fromkeys(m.surface for m in mentions))

        for part in parts:
            a = self.matcher.analyse(strip_mentions(part))
            if not a.mentions and self._bare(a):
                riders += 1
                continue  # "..., what do you get?", "and by how much?": no question of its own
            # a clause that names no subject of facts (a company, a model: only a conference, or
            # nothing) is still about the one before it ("KE ICCV에 논문 발표했어? 그리고 NeurIPS
            # oral은?": Kakao Enterprise's oral)
            if not a.mentions:
                # all the clause before named, else its subjects only, else nothing: the first
                # reading that answers something new ("베트남 대학은 어디고, 국내에서는 어느
                # 대학과?": Naver's, not Vietnam's again)
                subjects = [m for m in carried if m.kind in self._subject_kinds]
                first = [m for m in subjects if m.start == subjects[0].start] if subjects else []
                # ... or the company a unit belongs to ("네이버 클로바 정규 논문은 몇 건이고, 두 자리 수
                # 논문을 낸 학회는?": Naver's, as the clause doesn't name the unit again)
                parents = [self.kb.entities[p].name.en for m in first
                           if (p := self.kb.entities[m.entity].parent) is not None]
                # (names, widening): a parent or nothing is about something else, and only read when
                # no narrower reading answers
                readings = [(names(carried), False), (names(subjects), False), (names(first), False),
                            (parents, True), ([], True)]
            elif any(m.kind in self._subject_kinds for m in a.mentions):
                readings = [([], False)]
            else:
                readings = [(names(m for m in carried if m.kind in self._subject_kinds), False)]
            said = {f for r in results for f in r.facts}
            result, used = None, a
            for kept, widening in dict.fromkeys((tuple(n), w) for n, w in readings):
                if widening and result is not None and result.status == "answered":
                    break  # a carried reading answered: never drop what the clauses are about
                text = " ".join(kept) + " " + part if kept else part
                ra = self.matcher.analyse(strip_mentions(text)) if kept else a
                r = self._answer(text, base, lang, ra)
                if r.status == "answered" and not set(r.facts) <= said:
                    result, used = r, ra  # something the clauses before didn't say
                    break
                if result is None or (result.status != "answered" and r.status == "answered"):
                    result, used = r, ra
            carried = list(used.mentions)
            results.append(result)
        answered = [r for r in results if r.status == "answered"]
        if len(answered) == 1 and len(results) == 1 and riders:
            return answered[0]  # one question and its rider ("..., and by how much?")
        if len(answered) < 2:
            return None
        facts = list(dict.fromkeys(f for r in answered for f in r.facts))
        sources = tuple(dict.fromkeys(s for r in answered for s in r.sources))
        lines = [r.answer for r in results if r.status == "answered" or r.status == "unknown"]
        return Result(**base, status="answered", intent=answered[0].intent,
                      confidence=min(r.confidence for r in answered), answer="\n".join(dict.fromkeys(lines)),
                      facts=tuple(facts), sources=sources)

    def _answer(self, text: str, base: dict, lang: str, a: Analysis | None = None) -> Result:
        """One question: its readings (intents ranked by the index, each resolved to facts), the
        leader settled against its close rivals, then the answer, a question back, or a decline."""
        a = a or self.matcher.analyse(strip_mentions(text))
        unreadable = self._unreadable(a, base, lang)
        if unreadable is not None:
            return unreadable
        cands = self._pin_quoted(a, self._merge_agreeing(a, self._rerank(a)))
        if self._declined_outright(a, cands):
            return self._decline(a, base, lang, None, cands[0].score if cands else 0.0)
        lead = self._lead(a, cands)
        kind, lead, rivals = self._settle(a, cands, lead)
        if kind == "both":  # "X and Y?": two questions in one; answer both, each from its own facts
            facts = list(dict.fromkeys([*lead.res.facts, *(f for r in rivals for f in r.res.facts)]))
            return self._from_facts(base, lang, lead.top.intent, lead.top.score, facts, a=a)
        if kind == "ask":
            sugg = [self._titles(r.intent, lang, r.res.slot_values) for r in (lead, *rivals)]
            return Result(**base, status="ambiguous", intent=lead.top.intent, confidence=lead.top.score,
                          answer=self._t("ambiguous", lang), suggestions=tuple(dict.fromkeys(sugg))[:3])
        return self._respond(a, base, lang, lead)

    def _unreadable(self, a: Analysis, base: dict, lang: str) -> Result | None:
        """Nothing to read ("???"), or only names ("하이퍼클로바?", "kakao"): nothing says what is
        asked; offer what is known about them."""
        if not a.tokens and not a.mentions:
            return Result(**base, status="unknown", intent=None, confidence=0.0,
                          answer=self._t("no_text", lang), suggestions=tuple(self._choices[lang][:3]))
        if not all(t.startswith("<") for t in a.tokens if not self.matcher.is_filler(t)):
            return None
        declined = self._decline(a, base, lang, None, 0.0)
        if not a.mentions or not declined.suggestions:
            return declined
        names = ", ".join(self.kb.entities[e].name.get(lang) for e in a.entities())
        return replace(declined, status="ambiguous", answer=self._t("about_entity", lang, names=names))

    def _declined_outright(self, a: Analysis, cands: list) -> bool:
        """Declined before any reading is resolved: the question asks about a thing the base has never
        heard of, is mostly such words, or no intent fits it well enough."""
        if a.unknown and self.matcher.counted_unknown(a.words, a.mentions):
            return True  # "how many tokens was HyperCLOVA trained on?": something no fact is about
        content = [t for t in a.tokens if not t.startswith("<") and not self.matcher.is_filler(t)]
        if a.unknown and len(content) <= SHORT_QUESTION and 2 * len(a.unknown) > len(content):
            # a short question mostly about words the base has never seen ("카카오 ESG 점수?"): the
            # rest of it matching an intent is not enough (one unseen word among the others is
            # more often a typo or a verb: "whne did kakao release KoGPT")
            return True
        th = self.thresholds
        runner_up = cands[1].score if len(cands) > 1 else 0.0
        dominant = bool(cands) and cands[0].score >= th.dominant and cands[0].score >= DOMINANCE * runner_up
        # (a long question's many extra words lower the score, but one intent may still be the only
        # real candidate: several times ahead of the next one)
        return not cands or (cands[0].score < th.answer and not dominant and not self._pinned(a, cands[0]))

    def _reading(self, a: Analysis, c) -> Reading:
        intent = self.kb.intents[c.intent]
        return Reading(c, intent, resolve(self.kb, intent, a) if intent.attributes else Resolution("ok"))

    def _lead(self, a: Analysis, cands: list) -> Reading:
        """The best candidate, resolved; when it has nothing for the period named but a runner-up has
        facts of that very period ("kakao brain's multimodal model from this month": the December
        release, not next year's plan), the period says which reading was meant."""
        lead = self._reading(a, cands[0])
        if lead.res.kind == "missing" and a.periods and all(p for _, p in lead.res.missing):
            for c in cands[1:3]:
                other = self.kb.intents[c.intent]
                if other.periods and other.attributes:
                    r = self._reading(a, c)
                    if r.res.kind == "ok" and r.res.facts:
                        return r
        return lead

    def _close_rivals(self, a: Analysis, cands: list, lead: Reading, multi: bool) -> list:
        th = self.thresholds
        top = lead.top
        reach = th.margin if not multi else max(th.margin, top.score - max(th.answer, top.score * 0.55))
        return [c for c in cands[1:3] if c.intent != top.intent and (
            c.score >= top.score - reach
            # two questions in one: the second one wins no vote but resembles its own examples
            or (multi and getattr(c, "similarity", 0.0) >= MULTI_SIMILARITY))]

    def _alternatives(self, a: Analysis, close: list, lead: Reading) -> list[Reading]:
        """Close rivals that would say something else: not only part of what the leader says, nor
        nothing for the period named when the leader's facts are of it ("이달에 선보인 멀티모달
        모델": the release, not next year's plan)."""
        out = []
        res = lead.res
        for c in close:
            r = self._reading(a, c)
            mine, theirs = {f.id for f in res.facts}, {f.id for f in r.res.facts}
            period_misfit = (res.kind == "ok" and a.periods and r.res.kind == "missing"
                             and all(p for _, p in r.res.missing))
            if (r.res.kind != res.kind or not (theirs <= mine)) and not period_misfit:
                out.append(r)
        return out

    def _settle(self, a: Analysis, cands: list, lead: Reading) -> tuple[str, Reading, list[Reading]]:
        """The leader against its close rivals: ("answer", reading, []) to answer one reading,
        ("both", leader, rivals) for two questions in one, ("ask", leader, rivals) to ask which."""
        multi = self._is_multi(a)
        close = self._close_rivals(a, cands, lead, multi)
        if not close or (lead.top.score >= self.thresholds.sure and not multi):
            return "answer", lead, []
        alternatives = self._alternatives(a, close, lead)
        if lead.res.kind == "ok" and lead.res.facts:
            # a rival that says all the leader says and more answers both readings
            mine = {f.id for f in lead.res.facts}
            wider = [r for r in alternatives if r.res.kind == "ok" and mine < {f.id for f in r.res.facts}]
            if wider and len(wider) == len(alternatives):
                return "answer", max(wider, key=lambda r: len(r.res.facts)), []
        fitting = [r for r in alternatives if r.res.kind == "ok"]
        if multi and lead.res.kind == "ok":
            alternatives = fitting
        if lead.res.kind != "ok" and len(fitting) == 1:
            # the leader needs something the question doesn't name, or has no fact for what it
            # names ("카카오 전체 논문": no all-inclusive count for Kakao); its close rival fits
            return "answer", fitting[0], []
        if not alternatives:
            return "answer", lead, []
        both_ok = lead.res.kind == "ok" and all(r.res.kind == "ok" for r in alternatives)
        return ("both" if both_ok and multi else "ask"), lead, alternatives

    def _respond(self, a: Analysis, base: dict, lang: str, lead: Reading) -> Result:
        """The settled reading, answered: unless the question asks for something its facts don't
        give, its subject was only assumed, or it has no facts for what was named."""
        top, intent, res = lead
        unmet = self._unmet_ask(a, intent, res) if res.kind == "ok" else None
        if unmet is not None:
            # the question asks for something the answering facts don't give (the reporter's name,
            # a cost, the month of a yearly plan): say so, and what they do say
            return self._decline_ask(a, base, lang, intent, res, unmet, top.score)
        if intent.answer is not None:  # FAQ-style fixed answer
            return self._fixed_answer(base, intent, top.score, lang)
        if res.kind == "ok" and res.defaulted and a.unknown and not a.mentions:
            # the subject was assumed (no entity named) and the question holds a word the base has
            # never seen: that word is likely the real subject ("삼성리서치 논문 몇 건?")
            return self._decline(a, base, lang, intent, top.score)
        if res.kind == "ok":
            return self._from_facts(base, lang, intent.id, top.score, res.facts, self._computed(a, intent, res, lang), a=a)
        if res.kind == "need_slot":
            sugg = [self._titles(intent, lang, {n: [e]}) for e, n in self._entities_with_facts(intent)]
            return Result(**base, status="ambiguous", intent=intent.id, confidence=top.score,
                          answer=self._t("need_slot", lang), suggestions=tuple(dict.fromkeys(sugg))[:5])
        corrected = self._premise_reading(a, intent, lang)
        if corrected is not None:
            # the question's premise is what stands in the way ("카카오가 만든 하이퍼클로바", "1446년에
            # 만들었잖아?"): answer what the source says, opening with the correction
            fixed, line = corrected
            answer = self._from_facts(base, lang, intent.id, top.score, fixed.facts)
            return replace(answer, answer=self._t("premise_fix", lang, fix=line, first=answer.answer))
        return self._decline_missing(a, base, lang, intent, res, top.score)

    def _computed(self, a: Analysis, intent: Intent, res: Resolution, lang: str) -> list[str]:
        """Lines computed from the facts: difference, ratio, share, growth, and the sum when asked."""
        said = " ".join(a.words)
        extra, _ = computed_lines(self.kb, intent, res, lang, difference=bool(_DIFFERENCE_RE.search(said)))
        if _TOTAL_RE.search(said):
            return [*extra, *sum_line(self.kb, res, lang)]
        if not extra and _DIFFERENCE_RE.search(said):
            return difference_line(self.kb, res, lang)
        return extra

    def _fixed_answer(self, base: dict, intent: Intent, score: float, lang: str) -> Result:
        fixed = intent.answer
        sources: tuple[SourceRef, ...] = ()
        if fixed.source:
            s = self.kb.sources[fixed.source]
            sources = (SourceRef(s.id, s.publisher, s.title, s.url or "", s.published.isoformat(), fixed.quote or ""),)
        return Result(**base, status="answered", intent=intent.id, confidence=score,
                      answer=fixed.text.get(lang), sources=sources)

    def _unmet_ask(self, a: Analysis, intent: Intent, res: Resolution) -> str | None:
        """The first thing the question asks for that neither the intent's examples nor its facts give."""
        for name in a.asks:
            if not any(self._gives(how, name, a, intent, res) for how in self.kb.lexicon.asks[name].given_by):
                return name
        return None

    def _gives(self, how: str, ask: str, a: Analysis, intent: Intent, res: Resolution) -> bool:
        """Does the reading give what an ask asks for, in the way `how` (an ask's `given_by`)?"""
        facts = res.facts
        if how == "examples":
            return ask in self.matcher.intent_asks.get(intent.id, ())
        if how == "number":
            return any(f.value.number is not None and not f.value.approx for f in facts)
        if how == "quantity":  # a figure, or a quantity in words ("학회별 두 자리 수", "double-digit")
            return any(f.value.number is not None or _QUANTITY_TEXT_RE.search(
                f"{f.value.text.ko} {f.value.text.en}" if f.value.text else "") for f in facts)
        if how == "comparison":
            return len(res.groups) >= 2
        if how == "period":
            return any(f.period or f.value.date for f in facts)
        if how == "entity":  # the facts name someone the question didn't ("who put KoGPT on GitHub?")
            return any(f.entities - set(a.entities()) for f in facts)
        size = 7 if how == "month" else 10  # month / day: a date (or a period) precise enough
        return any(len(f.value.date or "") >= size or (how == "month" and re.fullmatch(r"\d{4}-\d{2}", f.period or ""))
                   for f in facts)

    def _decline_ask(self, a: Analysis, base: dict, lang: str, intent: Intent, res: Resolution, ask: str,
                     score: float) -> Result:
        answer = self._t("unknown_ask", lang, what=self.kb.lexicon.asks[ask].label.get(lang))
        facts = list(res.facts)[:3]
        if facts:
            known = " ".join(dict.fromkeys(f.statement.get(lang) for f in facts))
            answer += "\n" + self._t("known_instead", lang, known=known)
        # other things the base knows about what the question names (not the intent just declined)
        sugg = self._about(a, lang, skip=intent.id)
        return Result(**base, status="unknown", intent=intent.id, confidence=float(score), answer=answer,
                      suggestions=tuple(dict.fromkeys(sugg))[:3])

    def _about(self, a: Analysis, lang: str, skip: str | None = None) -> list[str]:
        """Questions the base can answer about the entities the question names."""
        sugg: list[str] = []
        for e in a.entities():
            for it in self._intents_about.get(e, ()):
                if it.id != skip:
                    slot = next((s for s in it.slots if self.kb.entities[e].kind in s.kinds), None)
                    sugg.append(self._titles(it, lang, {slot.name: [e]} if slot else {}))
        return sugg

    @staticmethod
    def _is_multi(a: Analysis) -> bool:
        """Two questions in one ("X, and when Y?"), not one question about two things ("Naver and Kakao")."""
        words = list(a.words)
        for m in sorted(a.mentions, key=lambda m: -m.start):
            words[m.start:m.end] = ["<e>"]
        joined = _PAIR_RE.sub("<e>", " ".join(words))
        joined = _RIDER_RE.sub(" ", joined)  # "..., and by how much?" asks about the same thing
        return bool(_MULTI_RE.search(joined))

    def _pinned(self, a: Analysis, top) -> bool:
        """Names of different kinds that together pick out one fact of the leading intent ("카카오브레인의
        뉴립스 성과": Kakao Brain at NeurIPS is one fact) make a modest score enough."""
        if top.score < PINNED_FLOOR:
            return False
        named = {m.entity for m in self._subjects(a)}
        if len({self.kb.entities[e].kind for e in named}) < 2:
            return False
        intent = self.kb.intents[top.intent]
        if not intent.attributes:
            return False
        res = resolve(self.kb, intent, a)
        if res.kind != "ok" or res.mismatched or not 0 < len(res.facts) <= 2:
            return False
        return named <= set().union(*(f.entities for f in res.facts))

    @staticmethod
    def _said(name: str, text: str, words: set[str]) -> bool:
        if not name:
            return False
        if " " in name or not name.isascii():
            return name in text  # Korean names carry particles: 파파고, 파파고가
        return name in words

    def _subjects(self, a: Analysis) -> list:
        """Mentions of what a question is about (not of its context: "the article")."""
        context = self.kb.lexicon.context_kinds
        return [m for m in a.mentions if m.kind not in context]

    def _quoted_facts(self, a: Analysis) -> list[Fact]:
        """Facts whose figure the question quotes ("네이버 112건에 포함된 조직은?"), about what it names."""
        quoted = {float(t[1:]) for t in a.tokens if t.startswith("#")}
        if not quoted:
            return []
        named = set(a.entities())
        return [f for f in self.kb.facts.values()
                if f.value.number in quoted and (not named or f.entities & named or
                                                 any(set(self.kb.ancestors(e)) & named for e in f.entities))]

    def _pin_quoted(self, a: Analysis, cands: list) -> list:
        """A runner-up whose answer holds the figure the question quotes, when the leader's doesn't,
        is what was meant: "112건에 포함된 조직" is about the 112, not the 185."""
        if len(cands) < 2:
            return cands
        quoted = {f.id for f in self._quoted_facts(a)}
        if not quoted:
            return cands

        def holds(c) -> bool:
            intent = self.kb.intents[c.intent]
            if not intent.attributes:
                return False
            res = resolve(self.kb, intent, a)
            # ... and gives what is asked ("on what date did Naver announce its 112?": the date)
            return bool({f.id for f in res.facts} & quoted) and self._unmet_ask(a, intent, res) is None

        needs = self.matcher.intent_needs.get(cands[0].intent, frozenset())
        if holds(cands[0]) or (needs and needs <= set(a.asks)):
            return cands  # (a leader asked just what it always answers stays: "112건 발표일이 언제야?")
        for k, c in enumerate(cands[1:3], start=1):
            if holds(c):
                # the others are other readings of the words, not of the figure: no close rivals
                others = [replace(o, score=o.score * QUOTE_DEMOTION) for o in (*cands[:k], *cands[k + 1:])]
                return [replace(c, score=max(c.score, cands[0].score)), *others]
        return cands

    def _merge_agreeing(self, a: Analysis, cands: list) -> list:
        """Intents that would give the leader's very answer (the same facts: "하이퍼클로바를 선보인
        건 몇 월" reads as korea_first and as model_release, both answered by its release), or one
        that holds the other, are one reading, not rivals: their scores add up, the wider answers."""
        if len(cands) < 2:
            return cands
        lead = self.kb.intents[cands[0].intent]
        if not lead.attributes:
            return cands
        mine = resolve(self.kb, lead, a)
        if mine.kind != "ok" or not mine.facts:
            return cands
        ids = {f.id for f in mine.facts}
        total, rest, widest, most = cands[0].score, [], cands[0], len(ids)
        for c in cands[1:AGREEING + 1]:
            other = self.kb.intents[c.intent]
            theirs = resolve(self.kb, other, a) if other.attributes else None
            theirs_ids = {f.id for f in theirs.facts} if theirs is not None and theirs.kind == "ok" else set()
            if theirs_ids and (theirs_ids <= ids or ids <= theirs_ids):
                # the same answer, or one that holds the other ("how many more papers than Kakao":
                # the counts, and the comparison that holds them): one reading, the wider answer
                total += c.score
                if len(theirs_ids) > most:
                    widest, most = c, len(theirs_ids)
            else:
                rest.append(c)
        if total == cands[0].score:
            return cands
        if cands[0].score >= self.thresholds.sure:
            widest = cands[0]  # a sure leader keeps its own answer ("국내 최초 초거대 AI": HyperCLOVA, not every release)
        return [replace(widest, score=min(1.0, total)), *rest, *cands[AGREEING + 1:]]

    def _rerank(self, a: Analysis) -> list:
        """Prefer intents whose slots fit the entities the question names: "카카오 논문" is about a
        company, so an intent that takes only conferences, or needs one, fits less well."""
        kinds = {self.kb.entities[e].kind for e in a.entities()} - set(self.kb.lexicon.context_kinds)
        out = []
        for c in a.candidates:
            intent = self.kb.intents[c.intent]
            accepted = {k for s in intent.slots for k in s.kinds}
            fit = 1.0
            if kinds - accepted:
                fit *= SLOT_MISFIT
            for s in intent.slots:
                if s.required and not s.default and not (set(s.kinds) & kinds):
                    fit *= SLOT_MISSING
            if self.matcher.intent_needs.get(c.intent, frozenset()) - set(a.asks):
                fit *= ASK_MISSING  # the intent's examples all ask "when"; this question doesn't
            if a.checks and a.claims and c.intent not in self._numeric_intents:
                fit *= CLAIM_MISFIT  # "네이버가 40건 냈다던데 맞아?" checks a figure: not a date
            out.append(replace(c, score=c.score * fit) if fit != 1.0 else c)
        out.sort(key=lambda c: -c.score)
        return out

    def _decline(self, a: Analysis, base: dict, lang: str, intent: Intent | None, score: float) -> Result:
        sugg = self._about(a, lang)
        if not sugg:
            sugg = [self._titles(self.kb.intents[c.intent], lang) for c in a.candidates[:3]]
        if not sugg:
            sugg = self._choices[lang][:3]
        # a question asking for something no intent of the base gives (a reporter's name): say what
        ask = next((n for n in a.asks if n not in self._asks_given and self.kb.lexicon.asks[n].given_by == ("examples",)), None)
        answer = (self._t("unknown_ask", lang, what=self.kb.lexicon.asks[ask].label.get(lang)) if ask
                  else self._t("unknown", lang))
        return Result(**base, status="unknown", intent=None, confidence=float(score),
                      answer=answer, suggestions=tuple(dict.fromkeys(sugg))[:3])

    def _duration(self, a: Analysis, cands: list, base: dict, lang: str) -> Result | None:
        """The gap between the first two differently dated facts of the question's readings (each
        event it names usually matches an intent of its own), with both facts cited."""
        facts: list[Fact] = []
        words = [t for t in a.tokens if not t.startswith("<") and not self.matcher.is_filler(t)]
        index = self.matcher.index
        for c in cands[:DURATION_READINGS]:
            intent = self.kb.intents[c.intent]
            if self.kb.locate("intents", c.intent).file == BUILT_IN:
                continue  # (when a source came out is no event of what it tells)
            # (each event is read by its own intent: one scoring well, or one that alone has a word
            # of the question: "founding" -> founded, "ipo" -> listed)
            own = cands and any(index.uses(c.intent, w) and not index.uses(cands[0].intent, w) for w in words)
            if not intent.attributes or (c.score < self.thresholds.answer * DURATION_SHARE and not own):
                continue
            res = resolve(self.kb, intent, a)
            if res.kind == "ok":
                facts.extend(f for f in res.facts if f not in facts)
        found = duration.pair(facts)
        if found is None:
            return None
        first, second = found
        amount, unit = duration.gap(first, second, months="how_many_months" in a.asks or "month" in a.asks)
        line = self._t(f"gap_{unit}", lang, n=amount, start=self._when_name(first, lang), end=self._when_name(second, lang))
        answer = self._from_facts(base, lang, cands[0].intent, cands[0].score, [first, second])
        return replace(answer, answer=f"{line}\n{answer.answer}")

    def _when_name(self, fact: Fact, lang: str) -> str:
        year, month = duration.when(fact)  # type: ignore[misc]
        return messages.period_name(f"{year}-{month:02d}" if month else str(year), lang)

    def _premise_reading(self, a: Analysis, intent: Intent, lang: str) -> tuple[Resolution, str] | None:
        """A reading without the question's wrong premise, and the line that corrects it: the owner
        it names for something of another's ("카카오가 만든 하이퍼클로바" -> Naver's), or, when it
        asks whether so, the period it gives ("1446년에 만들었잖아?" -> 1443)."""
        names = lambda ids: ", ".join(self.kb.entities[i].name.get(lang) for i in ids)  # noqa: E731
        for m in a.mentions:
            rest = tuple(x for x in a.mentions if x.entity != m.entity)
            if not rest or m.kind in {x.kind for x in rest} or m.entity not in self._with_facts:
                continue
            res = resolve(self.kb, intent, replace(a, mentions=rest))
            # (the things asked about are what the facts are of: "하이퍼클로바의 파라미터", not a
            # team's papers at the conference named)
            if res.kind != "ok" or not res.facts or not {f.subject for f in res.facts} <= {x.entity for x in rest}:
                continue
            owners = self._owners(res.facts, m.kind)
            if owners and m.entity not in owners and not (set(self.kb.ancestors(m.entity)) & owners):
                thing = names(dict.fromkeys(x.entity for x in rest))
                return res, self._t("premise_owner_wrong", lang, thing=thing, claimed=names([m.entity]),
                                    owner=names(sorted(owners)))
        if a.checks and a.periods:
            res = resolve(self.kb, intent, replace(a, periods=()))
            if res.kind == "ok" and res.facts:
                return res, self._t("premise_period_wrong", lang,
                                    period=", ".join(messages.period_name(p, lang) for p in a.periods))
        return None

    def _owners(self, facts: list[Fact], kind: str) -> set[str]:
        """Entities of `kind` the facts say the things belong to (whose model): for a kind that owns
        others in the base (a company, its units), the entities of that kind the facts are about."""
        if kind not in self._owner_kinds:
            return set()
        return {e for f in facts for e in f.about if self.kb.entities[e].kind == kind}

    def _decline_missing(self, a: Analysis, base: dict, lang: str, intent: Intent, res: Resolution,
                         score: float) -> Result:
        """The intent fits but has no fact for what the question names: say what is missing, then
        what the source does say about the things the question named (their statements, never raw
        values), and suggest questions about those."""
        answer, known = self._missing_reason(lang, intent, res)
        named = set(a.entities())
        named |= {p for e in list(named) for p in self.kb.ancestors(e)}  # (Naver's total counts Search CIC's)
        known = [f for f in known if f.entities & named][:KNOWN_INSTEAD]
        if known:
            said = " ".join(dict.fromkeys(f.statement.get(lang) for f in known))
            answer += "\n" + self._t("known_instead", lang, known=said)
        sugg = []
        for f in known:
            slot = next((s for s in intent.slots if self.kb.entities[f.subject].kind in s.kinds), None)
            sugg.append(self._titles(intent, lang, {slot.name: [f.subject]} if slot else {}))
        return Result(**base, status="unknown", intent=intent.id, confidence=float(score), answer=answer,
                      suggestions=tuple(dict.fromkeys(sugg))[:3])

    def _missing_reason(self, lang: str, intent: Intent, res: Resolution) -> tuple[str, list[Fact]]:
        """Why there is no answer (an entity the source doesn't cover, none of the intent's facts for
        what was named, nothing for the period named), and the facts that come closest."""
        names = lambda ids: ", ".join(self.kb.entities[i].name.get(lang) for i in ids if i in self.kb.entities)  # noqa: E731
        pool = [f for f in self.kb.facts.values() if f.attribute in intent.attributes]
        missing = res.mismatched if res.kind == "mismatch" else [m[0] for m in res.missing]
        outside = [e for e in missing if e and e not in self._with_facts]
        if outside:  # named in the base only so it is recognised: the source says nothing about it
            return self._t("unknown_outside", lang, what=names(outside)), pool
        if res.kind == "mismatch":
            wrong = set(res.mismatched)
            return (self._t("unknown_entity", lang, what=names(res.mismatched)),
                    [f for f in self.kb.facts.values() if f.entities & wrong])
        ent, period = res.missing[0] if res.missing else (None, None)
        if not ent:
            return self._t("unknown", lang), []
        related = {ent, *self.kb.ancestors(ent)} | {e.id for e in self.kb.entities.values() if e.parent == ent}
        if period:
            return (self._t("unknown_period", lang, what=names([ent]), period=messages.period_name(period, lang)),
                    [f for f in pool if ent in f.entities])
        return self._t("unknown_entity", lang, what=names([ent])), [f for f in pool if f.entities & related]
