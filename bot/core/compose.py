"""Answers and declines in the asker's language: statements, computed lines, corrections of a
premise, the gap between two dates, what the source does say, suggestions; every fact cited."""
from __future__ import annotations

from dataclasses import replace

from . import duration, messages
from .builtin import BUILT_IN
from .answer import Resolution, fill_title, format_number, resolve
from .knowledge import Fact, Intent
from .matcher import Analysis
from .given import states_length
from .premise import Verdict, contradicts_days, contradicts_periods, judge
from .result import Result, SourceRef
from .rules import DURATION_READINGS, DURATION_SHARE, KNOWN_INSTEAD


class Composer:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

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
        extra = [e[:1].upper() + e[1:] for e in extra]  # ("the 10 km course ... has" opens a line)
        lines = [*(f.statement.get(lang) for f in facts), *extra]
        verdict = judge(self.kb, a.claims, self._claimed_of(a, facts), a.checks) if a is not None else None
        if verdict is None and a is not None and a.checks and (
                contradicts_periods(a.periods, facts, a.claims) or contradicts_days(a.days, facts)):
            verdict = Verdict("no", ())
        if verdict is None and extra and a is not None and (a.operation != "lookup" or "how_long" in a.asks):
            # a difference, a sum or a length of time asked: the computed line first
            lines = [*extra, *lines[: len(facts)]]
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

    def _decline_ask(self, a: Analysis, base: dict, lang: str, intent: Intent, res: Resolution, ask: str,
                     score: float) -> Result:
        what = self.kb.lexicon.asks[ask].label.get(lang) if ask in self.kb.lexicon.asks else ask
        answer = self._t("unknown_ask", lang, what=what)
        facts = list(res.facts)[:3]
        wrong = judge(self.kb, a.claims, self._claimed_of(a, facts), True) if facts else None
        if wrong is not None and wrong.kind == "no" and (a.checks or wrong.owners):
            # "Naver Clova presented 185 papers. Why so many?": the premise is wrong (185 is another's
            # figure); correct it first, then say that the source doesn't give what was asked
            fixed = self._from_facts(base, lang, intent.id, float(score), facts, a=replace(a, checks=True))
            return replace(fixed, answer=f"{fixed.answer}\n{answer}")
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

    def _duration(self, a: Analysis, cands: list, base: dict, lang: str,
                  between: tuple[str, str] | None = None) -> Result | None:
        """The gap between the first two differently dated facts of the question's readings (each
        event it names usually matches an intent of its own), with both facts cited; first, each side
        of a question naming its two events (`between`: "A하고 B하기까지", "between A and B") read on its own."""
        if between is not None:
            # (the question names its two events: they are read, or the gap is not measured; the
            # first two dates of its readings would be a guess)
            return self._gap_by_sides(a, base, lang, between)
        spanned = self._spanned(a, cands, base, lang)
        if spanned is not None:
            return spanned  # "how many years did Sejong rule?": the one fact spanning 1418~1450
        if self._states_its_length(a, cands):
            return None  # "고장 신고하면 며칠 만에 고쳐?": the answering fact says how long, no gap to measure
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
            res = resolve(self.kb, intent, a, self.matcher.says)
            if res.kind == "ok":
                facts.extend(f for f in res.facts if f not in facts)
        found = duration.pair(facts)
        if found is None:
            return None
        first, second = found
        line = self._gap_line(a, first, second, lang)
        answer = self._from_facts(base, lang, cands[0].intent, cands[0].score, [first, second])
        return replace(answer, answer=f"{line}\n{answer.answer}")

    def _states_its_length(self, a: Analysis, cands: list) -> bool:
        """Does the leading reading, scoring at the answer line, answer with facts that state a length
        of time themselves ("3일 안에 고칩니다")?"""
        if not cands or cands[0].score < self.thresholds.answer:
            return False
        intent = self.kb.intents[cands[0].intent]
        if not intent.attributes:
            return False
        res = resolve(self.kb, intent, a, self.matcher.says)
        return res.kind == "ok" and any(states_length(f) for f in res.facts)

    def _when_name(self, fact: Fact, lang: str) -> str:
        year, month = duration.when(fact)  # type: ignore[misc]
        return messages.period_name(f"{year}-{month:02d}" if month else str(year), lang)

    @staticmethod
    def _claimed_of(a: Analysis, facts: list[Fact]) -> list[Fact]:
        """The facts a stated figure is about: those of the first thing the question names (its
        subject: "HyperCLOVA has 175 billion, the same as GPT-3, right?" is about HyperCLOVA), when
        the answer has any; else all of them."""
        first = a.mentions[0].entity if a.mentions else None
        own = [f for f in facts if f.subject == first]
        return own or facts

    def _premise_reading(self, a: Analysis, intent: Intent, lang: str) -> tuple[Resolution, str] | None:
        """A reading without the question's wrong premise, and the line that corrects it: the owner
        it names for something of another's ("카카오가 만든 하이퍼클로바" -> Naver's), or, when it
        asks whether so, the period it gives ("1446년에 만들었잖아?" -> 1443)."""
        fixed = self._owner_fix(a, intent, lang)
        if fixed is not None:
            return fixed
        owning = [m for m in a.mentions if m.kind in self._owner_kinds]
        if a.checks and a.periods:
            res = resolve(self.kb, intent, replace(a, periods=(), days=()), self.matcher.says)
            if res.kind == "ok" and res.facts:
                # (a day it states is wrong as a day: "December 15" -> "No: … to 10 December", not "not in December")
                periods = [messages.period_name(p, lang) for p in a.periods] if not a.days else []
                return res, (self._t("premise_period_wrong", lang, period=", ".join(periods)) if periods else "")
        if a.checks:
            # a question asking whether so may name anyone in the wrong role ("서문은 최만리가 썼지?"):
            # someone none of the intent's facts name
            named = {e for f in self.kb.facts.values() if f.attribute in intent.attributes for e in f.entities}
            for m in a.mentions:
                fixed = None if m in owning or m.entity in named else self._without_owner(a, intent, m, lang)
                if fixed is not None:
                    return fixed
        return None

    def _owner_fix(self, a: Analysis, intent: Intent, lang: str) -> tuple[Resolution, str] | None:
        """The reading without an owner the question names for something of another's, and the line
        that corrects it ("카카오가 만든 하이퍼클로바" -> Naver's)."""
        for m in a.mentions:
            if m.kind in self._owner_kinds:
                fixed = self._without_owner(a, intent, m, lang)
                if fixed is not None:
                    return fixed
        return None

    def _without_owner(self, a: Analysis, intent: Intent, m, lang: str) -> tuple[Resolution, str] | None:
        """The reading without the named owner `m` of the things asked about, when the facts say
        they are another's of m's kind."""
        rest = tuple(x for x in a.mentions if x.entity != m.entity)
        if not rest or m.kind in {x.kind for x in rest} or m.entity not in self._with_facts:
            return None
        res = resolve(self.kb, intent, replace(a, mentions=rest), self.matcher.says)
        # (the things asked about are what the facts are of: "하이퍼클로바의 파라미터", not a team's
        # papers at the conference named)
        if res.kind != "ok" or not res.facts:
            return None
        if not {f.subject for f in res.facts} <= {x.entity for x in rest}:
            return self._another_did_it(a, m, rest, res, lang)
        owning = m.kind in self._owner_kinds
        owners = self._owners(res.facts, m.kind)
        if not owners or m.entity in owners or set(self.kb.ancestors(m.entity)) & owners:
            return None
        claimed, owner = self._names([m.entity], lang), self._names(sorted(owners), lang)
        if not owning:
            return res, self._t("premise_entity_wrong", lang, claimed=claimed, owner=owner)
        return res, self._t("premise_owner_wrong", lang, thing=self._names(dict.fromkeys(x.entity for x in rest), lang),
                            claimed=claimed, owner=owner)

    def _another_did_it(self, a: Analysis, m, rest: tuple, res: Resolution, lang: str) -> tuple[Resolution, str] | None:
        """The facts of what was named besides `m` are another's of m's kind: "카카오엔터프라이즈가 CVPR에서
        구두 발표를 했다며?" -> Kakao Brain did. Only when the question checks a claim, `m` is an owner,
        and the rest names where or what, not another owner ("minDALL-E는 Naver가 만든" is Naver's claim)."""
        subjects = {f.subject for f in res.facts}
        doers = {e for e in subjects if self.kb.entities[e].kind == m.kind}
        if not (a.checks and m.kind in self._owner_kinds and all(x.kind not in self._owner_kinds for x in rest)):
            return None
        if doers != subjects or m.entity in doers or set(self.kb.ancestors(m.entity)) & doers:
            return None
        return res, self._t("premise_entity_wrong", lang, claimed=self._names([m.entity], lang),
                            owner=self._names(sorted(doers), lang))

    def _names(self, ids, lang: str) -> str:
        return ", ".join(self.kb.entities[i].name.get(lang) for i in ids if i in self.kb.entities)

    def _owners(self, facts: list[Fact], kind: str) -> set[str]:
        """Entities of `kind` the facts say the things belong to (whose model): for a kind that owns
        others in the base (a company, its units), the entities of that kind the facts are about."""
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
        pool = [f for f in self.kb.facts.values() if f.attribute in intent.attributes]
        missing = res.mismatched if res.kind == "mismatch" else [m[0] for m in res.missing]
        outside = [e for e in missing if e and e not in self._with_facts]
        if outside:  # named in the base only so it is recognised: the source says nothing about it
            return self._t("unknown_outside", lang, what=self._names(outside, lang)), pool
        if res.kind == "mismatch":
            wrong = set(res.mismatched)
            return (self._t("unknown_entity", lang, what=self._names(res.mismatched, lang)),
                    [f for f in self.kb.facts.values() if f.entities & wrong])
        ent, period = res.missing[0] if res.missing else (None, None)
        return self._missing_for(lang, ent, period, pool)

    def _missing_for(self, lang: str, ent: str | None, period: str | None, pool: list[Fact]) -> tuple[str, list[Fact]]:
        """Nothing of the intent's for an entity (or in the period named): what comes closest is its
        facts of that kind, or those of its parent and units."""
        if not ent:
            return self._t("unknown", lang), []
        if period:
            return (self._t("unknown_period", lang, what=self._names([ent], lang),
                            period=messages.period_name(period, lang)),
                    [f for f in pool if ent in f.entities])
        related = {ent, *self.kb.ancestors(ent)} | {e.id for e in self.kb.entities.values() if e.parent == ent}
        return self._t("unknown_entity", lang, what=self._names([ent], lang)), [f for f in pool if f.entities & related]

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
