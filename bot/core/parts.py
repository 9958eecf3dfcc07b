"""Messages of several parts: two questions in one, a scene set before the question, a follow-up
that asks nothing of its own. Each part is answered by the decision (decide.py)."""
from __future__ import annotations

from . import shape
from .matcher import _ASKING_WORDS, Analysis
from .result import Result
from .text import clean_input
from .rules import FOLLOW_UP_OWN_WORDS, TAG_WORDS


class Parts:
    """Part of the Engine (mixed in); reads the attributes Engine.__init__ sets."""

    def _leans_on(self, question: str) -> bool:
        """A question that asks nothing of its own but whom or when about ("그럼 네이버는?", "and last
        year?", "what about its parameters?"): at most one word besides names, periods and question words."""
        text, _ = clean_input(question)
        a = self.matcher.analyse(text)
        return self._elliptical(a) or (not a.mentions and self._own_words(a) <= FOLLOW_UP_OWN_WORDS)

    def _own_words(self, a: Analysis) -> int:
        """Words that say what is asked: not names, question words or verb forms."""
        return sum(not (t.startswith("<") or t in _ASKING_WORDS or self.matcher.is_filler(t)) for t in a.tokens)

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
        fa = self.matcher.analyse(focus)
        named = self._subjects(fa)
        if named and not self._elliptical(fa):
            return self._answer(focus, base, lang, fa)  # the question stands on its own
        scene = self.matcher.analyse(text[: text.rfind(focus)])
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

    def _with_tags(self, parts: list[str]) -> list[str]:
        """The clauses, with one that only asks whether the one before is so ("..., 하던데 맞나요?")
        put back on it: it is no question of its own, and the one before is checked."""
        out: list[str] = []
        for part in parts:
            # (only a short clause can be a tag: "하던데 맞나요?", "right?")
            a = self.matcher.analyse(part) if out and len(part.split()) <= TAG_WORDS else None
            if a is not None and a.checks and not a.mentions and not a.content:
                out[-1] = f"{out[-1]} {part}"
            else:
                out.append(part)
        return out

    @staticmethod
    def _with_scenes(parts: list[str]) -> list[str]:
        """The clauses, with one that only says who asks ("i'm 68, how much is the pass?") put on the
        clause after it: it sets the scene of that question and asks nothing itself."""
        out: list[str] = []
        pending = ""
        for k, part in enumerate(parts):
            if k < len(parts) - 1 and shape.states_about_asker(part):
                pending = f"{pending} {part}".strip()
                continue
            out.append(f"{pending} {part}".strip() if pending else part)
            pending = ""
        return out

    def _answer_parts(self, parts: list[str], base: dict, lang: str) -> Result | None:
        """Two questions in one ("X고, Y는?", "X, and when Y?"): answer each clause on its own, with
        what the clause before named when it doesn't name that kind of thing itself."""
        results: list[Result] = []
        carried: list = []  # what the clauses before named
        riders = 0
        asked: set[str] = set()  # what the clauses before ask
        for part in parts:
            a = self.matcher.analyse(part)
            if not a.mentions and self._bare(a) and not set(a.asks) - asked:
                riders += 1
                continue  # "..., what do you get?", "and by how much?": no question of its own
            # (one asking what the clauses before don't is one: "북토크는 몇 시야, 그리고 어디서 해?")
            asked |= set(a.asks)
            said = {f for r in results for f in r.facts}
            result, used = self._answer_clause(part, a, self._clause_readings(a, carried), said, base, lang)
            carried = list(used.mentions)
            results.append(result)
        return self._joined(results, riders, base)

    def _clause_readings(self, a, carried: list) -> list[tuple[tuple[str, ...], bool]]:
        """The names a clause is read with, in order: (names, widening). A clause that names no
        subject of facts (a company, a model: only a conference, or nothing) is still about the one
        before it ("KE ICCV에 논문 발표했어? 그리고 NeurIPS oral은?": Kakao Enterprise's oral)."""
        def names(mentions) -> tuple[str, ...]:
            return tuple(dict.fromkeys(m.surface for m in mentions))

        if any(m.kind in self._subject_kinds for m in a.mentions):
            return [((), False)]
        if a.mentions:
            return [(names(m for m in carried if m.kind in self._subject_kinds), False)]
        # all the clause before named, else its subjects only, else nothing: the first reading that
        # answers something new ("베트남 대학은 어디고, 국내에서는 어느 대학과?": Naver's, not
        # Vietnam's again)
        subjects = [m for m in carried if m.kind in self._subject_kinds]
        first = [m for m in subjects if m.start == subjects[0].start] if subjects else []
        # ... or the company a unit belongs to ("네이버 클로바 정규 논문은 몇 건이고, 두 자리 수 논문을
        # 낸 학회는?": Naver's, as the clause doesn't name the unit again)
        parents = tuple(self.kb.entities[p].name.en for m in first
                        if (p := self.kb.entities[m.entity].parent) is not None)
        # (names, widening): a parent or nothing is about something else, and only read when no
        # narrower reading answers
        return list(dict.fromkeys([(names(carried), False), (names(subjects), False), (names(first), False),
                                   (parents, True), ((), True)]))

    def _answer_clause(self, part: str, a, readings, said: set[str], base: dict, lang: str):
        """The first reading of a clause that answers something the clauses before didn't say; else
        the best it got. Returns (result, the analysis used)."""
        result, used = None, a
        for kept, widening in readings:
            if widening and result is not None and result.status == "answered":
                break  # a carried reading answered: never drop what the clauses are about
            text = " ".join(kept) + " " + part if kept else part
            ra = self.matcher.analyse(text) if kept else a
            r = self._answer(text, base, lang, ra)
            if r.status == "answered" and not set(r.facts) <= said:
                return r, ra  # something the clauses before didn't say
            if result is None or (result.status != "answered" and r.status == "answered"):
                result, used = r, ra
        return result, used

    def _joined(self, results: list[Result], riders: int, base: dict) -> Result | None:
        """The clauses' answers as one, when at least two were answered (or one and its rider)."""
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
