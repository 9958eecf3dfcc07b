"""The decision: a question's readings (intents ranked by the index, each resolved to facts), the
leader settled against its close rivals, then answer, ask which, or decline. The knobs are in
rules.py."""
from __future__ import annotations

import re
from dataclasses import replace

from . import shape
from .adjust import asks_price
from .builtin import SOURCE_KIND
from .answer import Resolution, computed_lines, difference_line, modifies, resolve, sum_line
from .index import Candidate
from .knowledge import Fact, Intent
from .matcher import Analysis
from .result import Result, SourceRef
from .stated import rated_line, stated_difference
from .rules import (
    AGREEING, ASK_MISSING, EXAMPLE_MATCH, GROUNDED_FLOOR, GROUNDED_LEAD, ASK_RIVAL_SHARE, CLAIM_MISFIT, DOMINANCE, MULTI_SIMILARITY, PINNED_FLOOR, QUOTE_DEMOTION,
    Reading, SHORT_QUESTION, SUPPORT_FLOOR, SUPPORT_SHARE, CHECKED_FLOOR, CHECKED_LEAD, SLOT_MISFIT, SLOT_MISSING,
)


_DAY_RE = re.compile(r"\d{1,2}월\s*\d{1,2}일")  # a day of the year in a statement


class Decider:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _answer(self, text: str, base: dict, lang: str, a: Analysis | None = None) -> Result:
        """One question: its readings (intents ranked by the index, each resolved to facts), the
        leader settled against its close rivals, then the answer, a question back, or a decline."""
        a = a or self.matcher.analyse(text)
        unreadable = self._unreadable(a, base, lang)
        if unreadable is not None:
            return unreadable
        quoted = self._quoted_difference(a, base, lang)
        if quoted is not None:
            return quoted  # "185건이랑 112건은 몇 건 차이야?": both figures held by facts, subtracted
        cands = self._pin_quoted(a, self._merge_agreeing(a, self._rerank(a)))
        if self._declined_outright(a, cands):
            reached = self._reached(a) or self._asked_of(a)
            if reached is None:
                return self._decline(a, base, lang, None, cands[0].score if cands else 0.0)
            cands = [reached]  # (the index's readings were none of them good enough)
        lead = self._lead(a, cands)
        kind, lead, rivals = self._settle(a, cands, lead)
        if kind == "both":  # "X and Y?": two questions in one; answer both, each from its own facts
            facts = list(dict.fromkeys([*lead.res.facts, *(f for r in rivals for f in r.res.facts)]))
            extra = self._computed(a, lead.intent, lead.res, lang) if lead.res.kind == "ok" else []
            return self._from_facts(base, lang, lead.top.intent, lead.top.score, facts, extra, a=a)
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
        top = a.candidates[0] if a.candidates else None
        if self._small_talk(a, top):
            # nothing named and no word of its own ("what's up", "hey how's your day going?", "when?"),
            # and no intent sure of it ("what can I ask you?" is one): small talk, or a question about
            # nothing yet; say what can be asked
            return self._decline(a, base, lang, None, 0.0)
        if a.periods or not all(t.startswith("<") for t in a.tokens if not self.matcher.is_filler(t)):
            return None  # (names and a period ask about that period: "야간 개장 2월에도 해?")
        if top is not None and top.similarity >= EXAMPLE_MATCH and top.score >= self.thresholds.answer:
            return None  # the base has this very question ("분관에서 축제 해?": an example of its own)
        declined = self._decline(a, base, lang, None, 0.0)
        if not a.mentions or not declined.suggestions:
            return declined
        names = ", ".join(self.kb.entities[e].name.get(lang) for e in a.entities())
        return replace(declined, status="ambiguous", answer=self._t("about_entity", lang, names=names))

    def _small_talk(self, a: Analysis, top) -> bool:
        """Nothing named and no word of its own, no figure, period or operation, nothing asked but
        when, and no intent sure of it ("what can I ask you?" is one)."""
        bare = not (a.mentions or a.content or a.periods or a.claims) and a.operation == "lookup"
        return bare and set(a.asks) <= {"when"} and (top is None or top.score < self.thresholds.sure)

    def _declined_outright(self, a: Analysis, cands: list) -> bool:
        """Declined before any reading is resolved: the question asks about a thing the base has never
        heard of, is mostly such words, or no intent fits it well enough."""
        if self.matcher.counted_unknown(a.words, a.mentions):
            return True  # "how many tokens was HyperCLOVA trained on?": something no fact is about
        if self._unknown_name(a):
            return True  # "네이버가 ICLR에 낸 논문은?": a name the base has never heard of
        content = [t for t in a.tokens if not t.startswith("<") and not self.matcher.is_filler(t)]
        unknown = [u for u in a.unknown if not self.matcher.asks([u])]  # (an ask's cue, 요일, is read by the asks)
        if unknown and len(content) <= SHORT_QUESTION and 2 * len(unknown) > len(content):
            # a short question mostly about words the base has never seen ("카카오 ESG 점수?"): the
            # rest of it matching an intent is not enough (one unseen word among the others is
            # more often a typo or a verb: "whne did kakao release KoGPT")
            return True
        return not cands or (cands[0].score < self.thresholds.answer and not self._rescued(a, cands))

    def _rescued(self, a: Analysis, cands: list) -> bool:
        """A leader below the answer line that is read anyway: far ahead of the rest (a long question's
        many extra words lower the score, but one intent may still be the only real candidate), or
        read from the facts about what is named (pinned, supported, checked, grounded): never for a
        question asking for another thing than those ("같이 등재된 다른 기록유산은?")."""
        th = self.thresholds
        runner_up = cands[1].score if len(cands) > 1 else 0.0
        if cands[0].score >= th.dominant and cands[0].score >= DOMINANCE * runner_up:
            return True
        if self._asks_other(a):
            return False
        return (self._pinned(a, cands[0]) or self._supported(a, cands) or self._checked(a, cands)
                or self._grounded(a, cands))

    def _unknown_name(self, a: Analysis) -> str | None:
        """An unseen word the question writes in capitals (ICLR, ESG), that no fact says either: a name
        the base has never heard of, never a typo of a word."""
        said = self._words_of_facts()
        for u in a.unknown:
            if u.isascii() and u.isalpha() and len(u) >= 2 and u not in said:
                m = re.search(rf"(?<![A-Za-z]){re.escape(u)}(?![A-Za-z])", a.text, re.IGNORECASE)
                if m is not None and m.group(0).isupper():
                    return m.group(0)
        return None

    def _reading(self, a: Analysis, c) -> Reading:
        intent = self.kb.intents[c.intent]
        return Reading(c, intent, resolve(self.kb, intent, a, self.matcher.says) if intent.attributes else Resolution("ok"))

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
        if lead.res.kind == "ok" and lead.res.facts and self._unmet_ask(a, lead.intent, lead.res) is not None:
            # the leader's facts don't give what is asked ("학회는 몇 곳": not the paper count); a
            # rival scoring near the answer line whose facts do give it is what was meant
            for c in cands[1:3]:
                if c.score < self.thresholds.answer * ASK_RIVAL_SHARE or not self.kb.intents[c.intent].attributes:
                    continue
                r = self._reading(a, c)
                if r.res.kind == "ok" and r.res.facts and self._unmet_ask(a, r.intent, r.res) is None:
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
        multi = a.multi
        close = self._close_rivals(a, cands, lead, multi)
        if not close or (lead.top.score >= self.thresholds.sure and not multi):
            return "answer", lead, []
        alternatives = self._alternatives(a, close, lead)
        alternatives = self._counting_what_is_asked(a, lead, alternatives)
        instead = self._instead(lead, alternatives)
        if instead is not None:
            return "answer", instead, []
        if multi and lead.res.kind == "ok":
            alternatives = [r for r in alternatives if r.res.kind == "ok"]
        if not alternatives:
            return "answer", lead, []
        both_ok = lead.res.kind == "ok" and all(r.res.kind == "ok" for r in alternatives)
        return ("both" if both_ok and multi else "ask"), lead, alternatives

    def _counting_what_is_asked(self, a: Analysis, lead: Reading, alternatives: list[Reading]) -> list[Reading]:
        """When the leader's facts count the thing a question counts, a rival whose facts count
        something else is no reading of it ("학회는 모두 몇 곳?": not the paper count)."""
        if not (a.counted and lead.res.kind == "ok" and lead.res.facts and self._unmet_ask(a, lead.intent, lead.res) is None):
            return alternatives
        return [r for r in alternatives
                if not (r.res.kind == "ok" and r.res.facts and self._unmet_ask(a, r.intent, r.res) is not None)]

    @staticmethod
    def _instead(lead: Reading, alternatives: list[Reading]) -> Reading | None:
        """A rival that answers in the leader's place: one that says all the leader says and more
        (it answers both readings), or the one rival that fits when the leader needs something the
        question doesn't name or has no fact for what it names ("카카오 전체 논문": no all-inclusive
        count for Kakao)."""
        if lead.res.kind == "ok" and lead.res.facts:
            mine = {f.id for f in lead.res.facts}
            wider = [r for r in alternatives if r.res.kind == "ok" and mine < {f.id for f in r.res.facts}]
            if wider and len(wider) == len(alternatives):
                return max(wider, key=lambda r: len(r.res.facts))
        fitting = [r for r in alternatives if r.res.kind == "ok"]
        if lead.res.kind != "ok" and len(fitting) == 1:
            return fitting[0]
        return None

    def _respond(self, a: Analysis, base: dict, lang: str, lead: Reading) -> Result:
        """The settled reading, answered: unless the question asks for something its facts don't
        give, its subject was only assumed, or it has no facts for what was named."""
        top, intent, res = lead
        if res.kind in ("ok", "mismatch", "missing") and asks_price(a):
            # "만 67세 어르신이 하프 코스를 신청하면 얼마?": the price less the discount the asker qualifies
            # for (a discount's facts give the money with the price they are taken off)
            adjusted = self._adjusted_price(a, base, lang, intent.id, res.facts)
            if adjusted is not None:
                return adjusted
        withheld = self._withheld(a, base, lang, lead) if res.kind == "ok" else None
        if withheld is not None:
            return withheld
        if intent.answer is not None:  # FAQ-style fixed answer
            return self._fixed_answer(base, intent, top.score, lang)
        loose = self._unaccounted(a, intent, res) if res.kind == "ok" else []
        if loose:
            # the question names something the reading can't take and its facts aren't about
            # ("코지피티 라이선스 뭐야?" read as the source's licence): say so, never answer for it
            return self._decline_missing(a, base, lang, intent, Resolution("mismatch", mismatched=loose), top.score)
        if res.kind == "ok" and res.defaulted and a.unknown and not a.mentions:
            # the subject was assumed (no entity named) and the question holds a word the base has
            # never seen: that word is likely the real subject ("삼성리서치 논문 몇 건?")
            return self._decline(a, base, lang, intent, top.score)
        if res.kind == "ok" and a.checks:
            # "minDALL-E는 Naver가 만든 모델 맞지?": facts for both names, but one is the wrong owner
            fixed = self._owner_fix(a, intent, lang)
            if fixed is not None:
                return self._corrected(base, lang, intent, top.score, *fixed)
        if res.kind == "ok":
            return self._from_facts(base, lang, intent.id, top.score, res.facts, self._computed(a, intent, res, lang), a=a)
        if res.kind == "need_slot":
            return self._need_slot(a, base, lang, intent, top.score)
        corrected = self._premise_reading(a, intent, lang)
        if corrected is not None:
            # the question's premise is what stands in the way ("카카오가 만든 하이퍼클로바", "1446년에
            # 만들었잖아?"): answer what the source says, opening with the correction
            return self._corrected(base, lang, intent, top.score, *corrected)
        return self._decline_missing(a, base, lang, intent, res, top.score)

    def _need_slot(self, a: Analysis, base: dict, lang: str, intent: Intent, score: float) -> Result:
        """The reading needs a thing the question doesn't name: the one fact holding a figure it
        states, else a question back with what can be named."""
        quoted = [f for f in self._quoted_facts(a, named_only=False) if f.attribute in intent.attributes]
        if len(quoted) == 1:
            # "which model has 204 billion parameters?": the one fact holding the figure it quotes
            return self._from_facts(base, lang, intent.id, score, quoted, a=a)
        sugg = [self._titles(intent, lang, {n: [e]}) for e, n in self._entities_with_facts(intent)]
        return Result(**base, status="ambiguous", intent=intent.id, confidence=score,
                      answer=self._t("need_slot", lang), suggestions=tuple(dict.fromkeys(sugg))[:5])

    def _corrected(self, base: dict, lang: str, intent: Intent, score: float, fixed: Resolution, line: str) -> Result:
        """What the source says, opening with the correction of the question's premise."""
        answer = self._from_facts(base, lang, intent.id, score, fixed.facts)
        said = (self._t("premise_fix", lang, fix=line, first=answer.answer) if line
                else self._t("premise_no", lang, first=answer.answer))
        return replace(answer, answer=said)

    def _unaccounted(self, a: Analysis, intent: Intent, res: Resolution) -> list[str]:
        """Named things (not the source, nor set aside) that no slot of the intent can take and none
        of the answer's facts, their owners or their units are about. A question that names its
        source ("which outlet ran the story on Naver and Kakao?") names its topic with it."""
        context = set(self.kb.lexicon.context_kinds)
        if a.either or any(m.kind in context for m in a.mentions):
            return []
        accepted = {k for s in intent.slots for k in s.kinds}
        covered = {x for f in res.facts for e in f.entities for x in (e, *self.kb.ancestors(e))}
        return list(dict.fromkeys(
            m.entity for m in a.mentions
            if m.kind not in accepted and m.entity not in covered and m.entity not in a.excluded
            and self.kb.entities[m.entity].parent not in covered and not modifies(self.kb, a, m.entity, res.facts)))

    def _computed(self, a: Analysis, intent: Intent, res: Resolution, lang: str) -> list[str]:
        """Lines computed from the facts: difference, ratio, share, growth, and the sum when asked."""
        rated = rated_line(shape.stated_quantity(a.words, [(m.start, m.end) for m in a.mentions]), res.facts, lang) \
            if a.operation == "rate" else []
        if rated:
            return rated  # "40분 타면 얼마?": the rate the facts give, for the time the question states
        extra, _ = computed_lines(self.kb, intent, res, lang, difference=a.operation == "difference")
        if "how_long" in a.asks and len(res.facts) == 1:
            extra = [*self._span_line(res.facts[0], lang), *extra]  # "1418~1450년": 32 years
        if a.operation == "sum":
            return [*extra, *(sum_line(self.kb, res, lang) or stated_difference(self.kb, res.facts, lang, sum_=True))]
        if not extra and a.operation == "difference":
            # two figures of one subject's facts, else the two its statements state ("120석에서 200석으로")
            return difference_line(self.kb, res, lang) or stated_difference(self.kb, res.facts, lang)
        return extra

    def _fixed_answer(self, base: dict, intent: Intent, score: float, lang: str) -> Result:
        fixed = intent.answer
        sources: tuple[SourceRef, ...] = ()
        if fixed.source:
            s = self.kb.sources[fixed.source]
            sources = (SourceRef(s.id, s.publisher, s.title, s.url or "", s.published.isoformat(), fixed.quote or ""),)
        return Result(**base, status="answered", intent=intent.id, confidence=score,
                      answer=fixed.text.get(lang), sources=sources)

    def _checked(self, a: Analysis, cands: list) -> bool:
        """A question asking whether what it states is so scores low on the words of its claim ("대회가
        12월 20일 일요일에 열린다던데 맞나요?"); a leader well ahead, with facts for what was named, is
        read as asked (the claim is then confirmed or corrected)."""
        if not a.checks or cands[0].score < CHECKED_FLOOR:
            return False
        runner_up = cands[1].score if len(cands) > 1 else 0.0
        if cands[0].score < CHECKED_LEAD * runner_up:
            return False
        r = self._reading(a, cands[0])
        return r.res.kind == "ok" and bool(r.res.facts)

    def _fit(self, a: Analysis, intent: Intent, kinds: set[str], asked: set[str]) -> float:
        """How well an intent fits what the question names and asks: a product of the factors."""
        accepted = {k for s in intent.slots for k in s.kinds}
        fit = 1.0
        context = set(self.kb.lexicon.context_kinds)
        about_source = bool(accepted) and accepted <= context and any(m.kind in context for m in a.mentions)
        # (a question naming its source names its topic with it: "who published the piece about Naver's
        # and Kakao's papers?" fits the source's publisher)
        if kinds - accepted and not about_source and not (a.checks and self._claimed_things(a, intent, kinds - accepted)):
            fit *= SLOT_MISFIT  # (in a question asking whether so, they may be what it claims)
        for s in intent.slots:
            if s.required and not s.default and not (set(s.kinds) & kinds):
                fit *= SLOT_MISSING
        if self.matcher.intent_needs.get(intent.id, frozenset()) - asked:
            fit *= ASK_MISSING  # the intent's examples all ask "when"; this question doesn't
        if a.checks and any(not c.year for c in a.claims) and intent.id not in self._numeric_intents and not self._states_claimed(
                a, intent):
            fit *= CLAIM_MISFIT  # "네이버가 40건 냈다던데 맞아?" checks a figure: not a date
        return fit

    def _claimed_things(self, a: Analysis, intent: Intent, kinds: set[str]) -> bool:
        """Are the things named of these kinds ones the intent's facts are about ("10km 코스는 마포대교에서
        반환하는 거죠?": a bridge the route facts name), so that the question claims them?"""
        named = {m.entity for m in a.mentions if m.kind in kinds}
        return bool(named) and all(any(e in f.entities for f in self.kb.facts.values()
                                       if f.attribute in intent.attributes) for e in named)

    def _states_claimed(self, a: Analysis, intent: Intent) -> bool:
        """Do the intent's facts state, in words, a figure of the kind a claim counts ("만 10세")?"""
        counters = {c.counter for c in a.claims if c.counter}
        return bool(counters) and any(
            re.search(rf"\d\s*{re.escape(k)}", f.statement.ko) for f in self.kb.facts.values()
            if f.attribute in intent.attributes for k in counters)

    def _supported(self, a: Analysis, cands: list) -> bool:
        """A modest leader whose facts hold most of the question's own words (a paraphrase its
        examples never met: "차량 통행이 막히는 도로" and the road-closure fact), and no close rival's
        facts more, is read as asked."""
        if cands[0].score < SUPPORT_FLOOR:
            return False
        content = a.content
        if not content:
            return False
        shares = [self._support(a, c, content) for c in cands[:3]]
        return shares[0] >= SUPPORT_SHARE and shares[0] == max(shares)

    def _support(self, a: Analysis, c, content: list[str]) -> float:
        """The share of `content` the reading's facts say (their statements, quotes and values)."""
        intent = self.kb.intents[c.intent]
        if not intent.attributes:
            return 0.0
        res = resolve(self.kb, intent, a, self.matcher.says)
        if res.kind != "ok" or not res.facts:
            return 0.0
        said = set().union(*(self.matcher.says(f) for f in res.facts))
        index = self.matcher.index
        return sum(t in said or index.nearest_token(t) in said for t in content) / len(content)

    def _grounded(self, a: Analysis, cands: list) -> bool:
        """A question naming a thing and asking a kind of value (when, who, a count, money ...) that
        one reading alone among the best answers, from facts about that thing, is read so at a
        modest score ("주시경 쌤 언제 태어나심?": the only facts about him giving a date are his birth)."""
        named = {m.entity for m in self._subjects(a) or self._topics(a)}
        if cands[0].score < GROUNDED_FLOOR or not a.asks or not named or self._unheard(a):
            return False
        fits = [c for c in cands[:3] if self._grounds(a, c, named)]
        return bool(fits) and fits[0] is cands[0] and (
            len(fits) == 1 or cands[0].score >= GROUNDED_LEAD * fits[1].score)

    def _grounds(self, a: Analysis, c, named: set[str]) -> bool:
        """Does the reading answer from facts about a thing named, giving what is asked?"""
        intent = self.kb.intents[c.intent]
        if not intent.attributes:
            return False
        res = resolve(self.kb, intent, a, self.matcher.says)
        if not (res.kind == "ok" and res.facts and not res.defaulted and self._unmet_ask(a, intent, res) is None):
            return False
        # (the facts themselves give what is asked, not only the intent's examples: "사무국 주소는?" is
        # no address because an example asks "이메일 주소 뭐야?")
        given = all(any(self._gives(how, ask, a, intent, res) for how in self.kb.lexicon.asks[ask].given_by
                        if how != "examples") for ask in a.asks)
        return given and all(f.entities & named for f in res.facts)

    def _unheard(self, a: Analysis) -> bool:
        """Does the question hold a noun the base has never heard of (a thing it may be about)?"""
        return bool(self._unheard_nouns(a))

    def _unheard_nouns(self, a: Analysis) -> list[str]:
        """The question's nouns the index has never seen (an ask's cue, 요일, is read by the asks; the
        names in facts are not in the index: 세미나실)."""
        m = self.matcher
        return [u for u in a.unknown if m._names_a_thing(u) and not m.is_filler(u) and not m.asks([u])]

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
        res = resolve(self.kb, intent, a, self.matcher.says)
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

    def _topics(self, a: Analysis) -> list:
        """Mentions of a base's own topic ("the ferry", a context kind of its lexicon), not of the source
        itself: what a question naming nothing else is about."""
        return [m for m in a.mentions if m.kind in self.kb.lexicon.context_kinds and m.kind != SOURCE_KIND]

    def _quoted_facts(self, a: Analysis, named_only: bool = True) -> list[Fact]:
        """Facts whose figure the question quotes ("네이버 112건에 포함된 조직은?"), about what it names
        (`named_only`), else any."""
        days = {float(d[3:]) for d in a.days}  # ("3월 31일": the 31 is a day, not a figure)
        quoted = {float(t[1:]) for t in a.tokens if t.startswith("#")} - days
        stated = {c.value for c in a.claims if not c.year}
        if stated and (not named_only or (quoted and not quoted & stated)):
            # the figures as stated: "20억" is 2,000,000,000, never the 20 of "책 20권"; and any figure
            # it states picks a fact when nothing named does ("which model has 204 billion parameters?")
            quoted = stated
        if not quoted:
            return []
        named = set(a.entities()) if named_only else set()
        return [f for f in self.kb.facts.values()
                if f.value.number in quoted and (not named or f.entities & named or
                                                 any(set(self.kb.ancestors(e)) & named for e in f.entities))]

    def _pin_quoted(self, a: Analysis, cands: list) -> list:
        """A runner-up whose answer holds the figure the question quotes, when the leader's doesn't,
        is what was meant: "112건에 포함된 조직" is about the 112, not the 185."""
        if len(cands) < 2:
            return self._pin_checked_figure(a, cands)
        quoted = {f.id for f in self._quoted_facts(a)}
        if not quoted:
            return self._pin_checked_figure(a, cands)

        def holds(c) -> bool:
            intent = self.kb.intents[c.intent]
            if not intent.attributes:
                return False
            res = resolve(self.kb, intent, a, self.matcher.says)
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

    def _pin_checked_figure(self, a: Analysis, cands: list) -> list:
        """A figure checked in a unit ("87% 맞아?", "청솔섬 주민이 2,400명이라던데 맞죠?"): when the facts
        holding a figure of that unit, of the things named (or of the whole base, naming none, in the
        figure itself), are one intent's, that reading leads; its answer then confirms or corrects."""
        if not (a.checks and (a.claims or a.days)):
            return cands
        named = {m.entity for m in self._subjects(a)}
        owners = {self._intent_of(f) for f in self._checked_holders(a, named)}
        # (of several such intents, the best ranked of the leading readings: "3월 31일까지" is the
        # exhibition's dates, not its opening ceremony)
        ranked = [c.intent for c in cands[:4] if c.intent in owners]
        owner = owners.pop() if len(owners) == 1 else ranked[0] if ranked and named and not a.claims else ""
        if not owner:
            return cands
        top = max(cands[0].score, self.thresholds.answer) if cands else self.thresholds.answer
        lead = next((replace(c, score=top) for c in cands if c.intent == owner), Candidate(owner, top))
        return [lead, *(replace(o, score=o.score * QUOTE_DEMOTION) for o in cands if o.intent != owner)]

    def _checked_holders(self, a: Analysis, named: set[str]) -> list[Fact]:
        """The facts that may hold what a question checks: a day of the things named, a figure of the
        claim's unit about them, or (naming none) the very figure in its unit anywhere."""
        facts = self.kb.facts.values()
        if named and a.days and not a.claims:
            # "특별전이 3월 31일까지라던데 맞나요?": a day checked against the facts that give a day
            return [f for f in facts if f.entities & named and _DAY_RE.search(f.statement.ko)]
        if not a.claims:
            return []
        if named:
            return [f for f in facts if f.value.number is not None and f.entities & named and self._claims_a_unit_of(a, f)]
        return [f for f in facts if f.value.number is not None and self._claims_unit_of(a, f)]

    def _claims_a_unit_of(self, a: Analysis, fact: Fact) -> bool:
        """Does the question state a figure in the fact's unit, whatever the figure ("2,400명" of a head count)?"""
        words = self._unit_words(fact)
        return any((c.percent and "%" in words) or (c.counter and c.counter in words) for c in a.claims if not c.year)

    def _claims_unit_of(self, a: Analysis, fact: Fact) -> bool:
        """Does the question state the fact's figure in the fact's own unit ("87%" of a share, "40건")?"""
        words = self._unit_words(fact)
        return any(c.value == fact.value.number and ((c.percent and "%" in words) or (c.counter and c.counter in words))
                   for c in a.claims)

    def _merge_agreeing(self, a: Analysis, cands: list) -> list:
        """Intents that would give the leader's very answer (the same facts: "하이퍼클로바를 선보인
        건 몇 월" reads as korea_first and as model_release, both answered by its release), or one
        that holds the other, are one reading, not rivals: their scores add up, the wider answers."""
        if len(cands) < 2:
            return cands
        lead = self.kb.intents[cands[0].intent]
        if not lead.attributes:
            return cands
        mine = resolve(self.kb, lead, a, self.matcher.says)
        if mine.kind != "ok" or not mine.facts:
            return cands
        ids = {f.id for f in mine.facts}
        total, rest, widest, most = cands[0].score, [], cands[0], len(ids)
        for c in cands[1:AGREEING + 1]:
            other = self.kb.intents[c.intent]
            theirs = resolve(self.kb, other, a, self.matcher.says) if other.attributes else None
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
        # (a question asking whether a date it states is so asks when: "12월 20일에 열린다던데 맞아?")
        asked = set(a.asks) | ({"when"} if a.checks and (a.periods or a.dated) else set())
        out = []
        for c in a.candidates:
            fit = self._fit(a, self.kb.intents[c.intent], kinds, asked)
            out.append(replace(c, score=c.score * fit) if fit != 1.0 else c)
        out.sort(key=lambda c: -c.score)
        return out
