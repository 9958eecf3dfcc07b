"""What a question asks for (the lexicon's `asks`: who, when, a count, money ...) and where it names
the thing it asks about (`question_heads`): part of the Matcher, the reading of a question."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .entities import Mention
from .knowledge import BUILT_IN, Lexicon
from .lang import general_data
from .text import is_hangul_word, looks_verbal, normalize, strip_particle

NEEDS_SHARE = 0.8  # an ask this share of an intent's examples make is one the intent needs
_ONE_SYLLABLE_PARTICLES = frozenset("이가은는을를도에")
# cues that are question words, never modifiers of the noun after them
_QUESTION_STARTS = ("몇", "얼마", "언제", "어디", "누구", "누가", "왜", "무슨", "어느", "어떤")
_RELATIVE = frozenset(str(w) for w in general_data().get("relative_pronouns", ()))
_OPENERS = frozenset(str(w) for w in general_data().get("clause_openers", ()))
_OF = frozenset({"의", "s", "'s"})  # between a thing and its detail: 세종대왕의 어머니, Sejong's queen


class Asking:
    """Part of the Matcher (mixed in); reads the attributes Matcher.__init__ sets."""

    def _init_question_heads(self) -> None:
        """Where a question names what it asks about (general language: `question_heads`)."""
        heads = general_data().get("question_heads", {})
        self._heads_before = tuple(tuple(normalize(h).split()) for h in heads.get("before", ()))
        self._heads_after = frozenset(normalize(h) for h in heads.get("after", ()))
        self._heads_particles = tuple(heads.get("particles", ()))
        self._heads_counted = frozenset(heads.get("counted", ()))
        self._not_details = frozenset(normalize(w) for w in heads.get("not_details", ()))
        self._answer_kinds = frozenset(normalize(w) for w in heads.get("answer_kinds", ()))
        self._measure_heads = frozenset(normalize(w) for w in heads.get("measures", ()))

    def _init_asks(self, lex: Lexicon) -> None:
        """The lexicon's `asks` cues, and what each intent's examples ask (and nearly all of them need)."""
        # what each intent's own examples ask for (an intent never asked "who" doesn't answer "who")
        # cue phrases by their first word, and glued ("몇월"), for a lookup per word of the question
        self._ask_order = tuple(lex.asks)
        self._cue_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._cue_glued: dict[str, set[str]] = {}
        for name, ask in lex.asks.items():
            for c in ask.cues:
                parts = tuple(normalize(c).split())
                if parts:
                    self._cue_first.setdefault(parts[0], []).append((name, parts[1:]))
                    if len(parts) > 1:
                        self._cue_glued.setdefault("".join(parts), set()).add(name)
        self.intent_asks: dict[str, frozenset[str]] = {}
        share: dict[str, Counter[str]] = {}
        for intent_id, _, q in self.example_of:
            found = self.asks(normalize(q).split())
            self.intent_asks[intent_id] = self.intent_asks.get(intent_id, frozenset()) | frozenset(found)
            share.setdefault(intent_id, Counter()).update(found)
        # ... and what nearly all of them ask (announced: "언제"): a question that doesn't ask it
        # fits the intent less ("네이버 올해 112건 냈대" is not asking when it was announced)
        n_examples = Counter(intent_id for intent_id, _, _ in self.example_of)
        self.intent_needs: dict[str, frozenset[str]] = {
            i: frozenset(a for a, n in c.items() if n >= NEEDS_SHARE * n_examples[i]) for i, c in share.items()
        }

    def _built_in_only(self, word: str) -> bool:
        """A word of the questions every base answers about its sources, and of no other intent."""
        if self._built_in is None:
            self._built_in = frozenset(i for i in self.kb.intents if self.kb.locate("intents", i).file == BUILT_IN)
        tokens = [t for t in self.tokens(word)[0] if not t.startswith("<")]
        return bool(self._built_in) and bool(tokens) and all(self.index.used_only_by(t, self._built_in) for t in tokens)

    def asks(self, words: Sequence[str], written: Sequence[str] = ()) -> tuple[str, ...]:
        """The lexicon's `asks` whose cues the words hold: a cue word matches a word or its stem
        (기자가 -> 기자, authors' -> author), a phrase matches consecutive words or one glued word
        (몇 월 ~ 몇월에). `written`: the words as written, before synonyms joined them ("how long"
        is read as 기간, and is still the how_long ask's cue)."""
        if not self._cue_first:
            return ()
        found = self._cued(words) | (self._cued(written) if written else set())
        # an ask may say which others it is not ("며칠 동안" asks how long, not which day: 며칠)
        overridden = {o for name in found for o in self.kb.lexicon.asks[name].overrides}
        return tuple(name for name in self._ask_order if name in found and name not in overridden)

    def _cued(self, words: Sequence[str]) -> set[str]:
        """The asks whose cues the words hold (see asks)."""
        forms = [self._ask_forms(w) for w in words]
        spans: list[tuple[int, int, str]] = []  # (first word, after the last, ask)
        for i, fs in enumerate(forms):
            for f in fs:
                spans.extend((i, i + 1, name) for name in self._cue_glued.get(f, ()))
                for name, rest in self._cue_first.get(f, ()):
                    if i + len(rest) < len(forms) and all(part in forms[i + 1 + j] for j, part in enumerate(rest)):
                        spans.append((i, i + 1 + len(rest), name))
        # ("the kids who finished": a relative pronoun after a noun asks nothing; "so who made it" does)
        # ("참가비 환불 언제까지": a cue noun before another noun only says which refund, asking nothing)
        return {name for i, j, name in spans if not self._relative(words, i) and not self._modifier_cue(words, i, j)}

    def _relative(self, words: Sequence[str], i: int) -> bool:
        """Is words[i] a relative pronoun ("kids who finished"): one of the general `relative_pronouns`,
        after an English word that is neither a name nor one of the `clause_openers` (so, and, wait)?"""
        if words[i] not in _RELATIVE or i == 0:
            return False
        before = words[i - 1]
        return before.isascii() and before.isalpha() and before not in _OPENERS and before not in self.gazetteer.aliases

    def _modifier_cue(self, words: Sequence[str], i: int, j: int) -> bool:
        """Is the one-word Korean cue words[i] a noun written bare before another noun of the base, which
        it only modifies ("참가비 환불"), rather than the head of what is asked?"""
        w = words[i]
        if j != i + 1 or j >= len(words) or w.startswith(_QUESTION_STARTS) or not is_hangul_word(w):
            return False  # (Korean only: "the reporter behind the article" is headed by the reporter)
        if strip_particle(w, self.protect) != w:
            return False  # (참가비는 환불돼?: the fee is what it is about)
        nxt = strip_particle(words[j], self.protect)
        if (nxt in self.stopwords or nxt in self._heads_after or nxt in self._not_details or nxt in self._cue_first
                or nxt in self._measure_heads or nxt in self.gazetteer.aliases or not self.index.token_known(nxt)):
            return False
        return not looks_verbal(nxt)

    def _ask_forms(self, w: str) -> frozenset[str]:
        once = strip_particle(w, self.protect)
        forms = {w, once, strip_particle(once, self.protect)}  # (언제부터야 -> 언제부터 -> 언제)
        if len(w) == 2 and is_hangul_word(w) and w[1] in _ONE_SYLLABLE_PARTICLES:
            forms.add(w[0])  # a counter with its particle: 몇 명이, 몇 곳을
        if w.isascii():
            forms.add(w.removesuffix("s"))
        return frozenset(forms)

    def counted_unknown(self, words: Sequence[str], mentions: Sequence[Mention] = ()) -> str | None:
        """The thing a question asks about, when the base has never heard of it: "how many tokens",
        "what licence", "토큰 수", "정확도는 몇 퍼센트", "어떤 라이선스로" - something no fact is about.
        Where that thing stands is general language (`question_heads`)."""
        named = {i for m in mentions for i in range(m.start, m.end)}
        # (a word only the built-in source readings know is no detail of a named thing: "KoGPT's licence")
        of_a_thing = bool(mentions) and not any(m.kind in self.kb.lexicon.context_kinds for m in mentions)
        for i, counted in self._asked_words(words):
            if i in named or (not is_hangul_word(counted) and not counted.isascii()):
                continue
            stem = self._head_stem(counted)
            if self.asks([stem]):
                continue  # (an ask's cue, "무슨 요일", is read by the asks)
            if self._names_a_thing(stem) and (self._never_seen(stem) or (of_a_thing and self._built_in_only(stem))):
                return counted
        return None

    def unread_head(self, words: Sequence[str], mentions: Sequence[Mention], said) -> str | None:
        """The word where a question names what it asks about a thing it names, when a reading doesn't
        say it (`said(token)`: its examples or its facts hold the token): "세종대왕의 어머니는 누구야?"
        read as who Sejong was. Only a noun counts; a typo counts as the word it is near; an ask's
        cue (or a typo of one: 날자) is read by the asks."""
        named = {i for m in mentions for i in range(m.start, m.end)}
        for i, word in self._asked_words(words):
            if i in named or (not is_hangul_word(word) and not word.isascii()):
                continue
            before = i - 1 - (i > 1 and words[i - 1] in _OF)
            if before not in named:
                continue  # (only a detail of a thing named: "which company", "사이는 몇 년" name no detail)
            stem = self._detail_word(word)
            if stem is not None:
                tokens = [t for t in self.tokens(stem)[0] if not t.startswith("<")]
                if tokens and not any(said(t) or said(self.index.nearest_token(t) or t) for t in tokens):
                    return stem
        return None

    def _detail_word(self, word: str) -> str | None:
        """A head word as the detail it names (its synonym's stem), unless it names none: a function
        or common word, the kind of an answer ("계열사"), or an ask's cue or a typo of one (날자)."""
        stem = self._head_stem(word)
        near = self.index.nearest_token(stem)
        if not self._names_a_thing(stem) or stem in self._common or stem in self._answer_kinds:
            return None
        return None if self.asks([stem]) or (near and self.asks([near])) else stem

    def _head_stem(self, word: str) -> str:
        """A head word as the base reads it: its synonym's canonical form, without its particle."""
        stem = strip_particle(self.synonyms.get(word, word), self.protect)
        stem = self.synonyms.get(stem, self.synonyms.get(stem.removesuffix("s"), stem))
        return stem if self.index.token_known(stem) else self._kin(word, stem) or stem

    def _names_a_thing(self, stem: str) -> bool:
        """A noun that is no function word nor a general word standing where a detail would."""
        if stem in self.stopwords or stem in self._not_details or not stem or stem.isdigit():
            return False
        # (only a noun names a thing: 알려줄 수 있어 is "can")
        return not (is_hangul_word(stem) and self.segmenter is not None and not self.segmenter.is_noun(stem))

    def _never_seen(self, stem: str) -> bool:
        """Unknown to the base, even as a typo of a known word ("papres", "conferneces")."""
        return all(self._is_unknown(x) and self.index.nearest_token(x) is None and self._synonym_typo(x) == x
                   for x in {stem, stem.removesuffix("s")})

    def _asked_words(self, words: Sequence[str]):
        """(position, word) of the words standing where a question names what it asks about."""
        for i in range(len(words)):
            for head in self._heads_before:
                n = len(head)
                if tuple(words[i : i + n]) == head and i + n < len(words):
                    yield i + n, words[i + n]
            if i + 1 >= len(words):
                continue
            nxt = words[i + 1]
            if nxt in self._heads_counted and is_hangul_word(words[i]):
                if not (i + 2 < len(words) and words[i + 2].startswith(("있", "없"))):  # 알려줄 수 있어: "can"
                    yield i, words[i]  # 토큰 수
            elif (strip_particle(nxt, self.protect) in self._heads_after or nxt in self._heads_after) and \
                    words[i].endswith(self._heads_particles) and strip_particle(words[i], self.protect) != words[i]:
                yield i, words[i]  # 정확도는 몇, 라이선스가 뭐야
