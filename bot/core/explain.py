"""Why a question was answered or declined, for curators ("a command that explains why", two curators'
logs): how the question was read, the best readings with their scores and facts, and the checks the
decision makes. Plain values; the adapter (`ask --explain`) renders them.

Part of the Engine (mixed in); read only: it runs the same steps `ask` does, and `ask` itself."""
from __future__ import annotations

from .answer import resolve
from .text import clean_input

EXPLAINED_READINGS = 4  # readings shown


class Explain:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def explain(self, question: str) -> dict:
        """How `question` is read, its best readings, the checks on the leader, and the result."""
        text, _ = clean_input(question or "")
        a = self.matcher.analyse(text)
        cands = self._pin_quoted(a, self._merge_agreeing(a, self._rerank(a)))
        result = self.ask(question)
        return {
            "question": text,
            "read": {
                "names": [{"entity": m.entity, "kind": m.kind, "as": m.surface, "typo": m.distance > 0}
                          for m in a.mentions],
                "asks": list(a.asks),
                "figures": [c.value for c in a.claims],
                "periods": list(a.periods),
                "operation": a.operation,
                "checks_a_claim": a.checks,
                "two_questions": a.multi,
                "own_words": list(a.content),
                "unknown_words": list(a.unknown),
            },
            "readings": [self._explained(a, c) for c in cands[:EXPLAINED_READINGS]],
            "threshold": self.thresholds.answer,
            "checks": self._checks(a, cands),
            "result": {"status": result.status, "intent": result.intent, "facts": list(result.facts),
                       "answer": result.answer},
            "why": self._why(a, cands, result),
        }

    def _why(self, a, cands: list, result) -> str:
        """The result's reason in a curator's words, with what to change in the base when it was declined."""
        line = self.thresholds.answer
        if result.status == "answered":
            if cands and result.intent == cands[0].intent and cands[0].score >= line:
                return f"the best reading, {result.intent}, scores {cands[0].score:.2f}, at or above the answer line {line:.2f}"
            return (f"answered by {result.intent or 'several readings'}: read by a check on what the question names "
                    f"or states, not by the score alone")
        if counted := self.matcher.counted_unknown(a.words, a.mentions):
            return f"the question counts '{counted}', which no fact counts (a fact whose unit or statement counts it would answer)"
        if name := self._unknown_name(a):
            return f"'{name}' is a name the base has never heard of (an entity with that alias, and facts about it, would answer)"
        if not cands:
            return "no intent's examples share a word with the question: add it as an example of the intent that should answer"
        return self._why_declined(a, cands, line)

    def _why_declined(self, a, cands: list, line: float) -> str:
        top = cands[0]
        intent = self.kb.intents[top.intent]
        res = resolve(self.kb, intent, a, self.matcher.says) if intent.attributes else None
        if top.score < line and not self._rescued(a, cands):
            said = set().union(*(self.matcher.says(f) for f in res.facts)) if res is not None and res.facts else set()
            unsaid = [w for w in a.content if w not in said and not self.matcher.index.uses(top.intent, w)]
            why = f"the best reading, {top.intent}, scores {top.score:.2f}, below the answer line {line:.2f}"
            if a.unknown:
                why += f"; words the base has never seen: {', '.join(a.unknown)}"
            elif unsaid:
                why += f"; words neither its examples nor its facts say: {', '.join(unsaid)}"
            return why + ". If it should answer, add a question like this one to its examples (or a synonym for those words)"
        if res is not None and res.kind != "ok":
            return f"the best reading, {top.intent}, has no facts for what was named ({res.kind})"
        if res is not None and (unmet := self._unmet_ask(a, intent, res)) is not None:
            return f"it asks for '{unmet}', which the facts of {top.intent} don't give"
        return "a check after the readings declined it: the question names or asks something the facts don't say"

    def _explained(self, a, c) -> dict:
        intent = self.kb.intents[c.intent]
        res = resolve(self.kb, intent, a, self.matcher.says) if intent.attributes else None
        return {
            "intent": c.intent,
            "score": round(c.score, 3),
            "example": c.example,
            "facts": [f.id for f in res.facts] if res is not None else [],
            "resolution": res.kind if res is not None else "fixed answer",
            "not_named_by_facts": list(res.mismatched) if res is not None else [],
            "asks_not_given": (self._unmet_ask(a, intent, res) if res is not None and res.kind == "ok" else None),
        }

    def _checks(self, a, cands: list) -> dict:
        """The decision's checks before any reading is resolved (decide.py)."""
        out = {
            "counts_an_unknown_thing": self.matcher.counted_unknown(a.words, a.mentions),
            "unknown_name": self._unknown_name(a),
            "asks_for_another_thing": self._asks_other(a),
        }
        if cands and cands[0].score < self.thresholds.answer:
            out["leader_below_the_line_read_anyway"] = self._rescued(a, cands)
            reached = self._reached(a) or self._asked_of(a)
            out["reading_from_the_facts_of_what_is_named"] = reached.intent if reached is not None else None
        return out
