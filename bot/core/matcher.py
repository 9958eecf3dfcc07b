"""From a question to an analysis: entities, periods, index tokens and ranked intents.

normalise -> link entities (typo tolerant) -> replace mentions by their kind -> strip particles ->
map synonyms -> drop filler words -> rank intents with the IntentIndex (rapidfuzz at its core).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import counting, shape
from .asking import Asking
from .entities import Gazetteer, Mention
from .index import Candidate, IntentIndex, _is_number, word_unit
from .knowledge import Fact, KnowledgeBase, Lexicon
from .lang import general_data
from .lang.korean import Segmenter
from .periods import detect_periods
from .premise import Claim, checks_claim, claims
from .thesaurus import Thesaurus, general_groups
from .text import BARE_PARTICLES, COMMON_NOUNS, is_hangul_word, jamo, looks_verbal as _looks_verbal, normalize, strip_particle


@dataclass(frozen=True, slots=True)
class Analysis:
    tokens: tuple[str, ...]  # what the index scored
    mentions: tuple[Mention, ...]
    periods: tuple[str, ...]  # years named by the question, resolved ("2021", "2020")
    candidates: tuple[Candidate, ...]
    unknown: tuple[str, ...]  # content words the knowledge base has never seen (not even with a typo)
    either: bool = False  # "A or B?": one of the named entities is expected not to fit
    words: tuple[str, ...] = ()  # the normalised words that mention positions index into
    asks: tuple[str, ...] = ()  # what the question asks for, by the lexicon's `asks` cues
    excluded: tuple[str, ...] = ()  # entities the question sets aside ("코지피티 말고", "other than Naver")
    claims: tuple[Claim, ...] = ()  # figures the question states ("40건", "204 billion")
    checks: bool = False  # it asks whether what it states is so ("맞아?", "is it true", "I heard")
    # what it counts, each as the words that may name it: "몇 대" -> (대,), "how many safety staff" -> (safety, staff)
    counted: tuple[tuple[str, ...], ...] = ()
    # its own words, left over (verbs in their dictionary form): not names, figures, asking words
    # ("몇", "when") or unseen verb forms
    content: tuple[str, ...] = ()
    # figures naming one of several: "10km 2위 상금" -> (("2", "위"),), "3번 출구" -> (("3", "번"),)
    picks: tuple[tuple[str, str], ...] = ()
    operation: str = "lookup"  # what it does with the figures: "lookup", "sum" (합치면), "difference" (차이)
    multi: bool = False  # it asks two things at once ("X, and when Y?"), not one about two ("Naver and Kakao")
    dated: bool = False  # it states a date or a time of day ("12월 20일", "6 p.m.")
    days: tuple[str, ...] = ()  # the days of the year it states, "MM-DD" ("12월 20일" -> "12-20")
    text: str = ""  # the question as read (its clauses and its asking sentence are read from it on demand)

    def entities(self) -> list[str]:
        return list(dict.fromkeys(m.entity for m in self.mentions))

    def parts(self) -> tuple[str, ...]:
        """Its clauses, when it is several questions ("...냈고, 언제 ...?"). (Read when asked: only
        the whole message's clauses are ever needed, not those of every reading of a part.)"""
        return tuple(shape.split_clauses(self.text))

    def focus(self) -> str | None:
        """The sentence that asks, when a scene is set before it ("X had 2. What about Y?")."""
        return shape.question_sentence(self.text)


def placeholder(kind: str) -> str:
    return f"<{kind}>"


# question words that ask nothing by themselves
_ASKING_WORDS = frozenset("what which how who when where why 뭐 몇 언제 어디 누가 무엇 어떻게 왜".split())
_CUE_CONTENT = frozenset(str(w) for w in general_data().get("cue_content_words", ()))



_MONTH_NUMBER_RE = re.compile(r"(?:1[0-2]|0?[1-9])")
_RELATIVE_BEFORE_MONTH = frozenset("지난 이번 올 다음 작년 내년 올해".split())


def _month_words(ws: list[str], i: int) -> int:
    """How many words from `i` name a month ("3 월에", "지난 3 월"), 0 if none."""
    j = i + 1 if ws[i] in _RELATIVE_BEFORE_MONTH and i + 1 < len(ws) else i
    if j + 1 < len(ws) and _MONTH_NUMBER_RE.fullmatch(ws[j]) and ws[j + 1].startswith("월"):
        return j + 2 - i
    return 0


_YEAR_TOKEN_RE = re.compile(r"(?:19|20)\d{2}(?:년|년도|년에|년엔|년의|년은)?")
_EITHER_RE = re.compile(r"\bor\b|\beither\b|아니면|혹은|또는|거야.+거야|인지.+인지|중\s?(?:어디|누구|어느|뭐)")
# counted together, not one by one: "관계사까지 합친", "including its affiliates", "Naver and its ..."
_INCLUSIVE_RE = re.compile(r"합치|합친|합쳐|합산|포함|까지|총|전체|\b(?:including|incl|include|combined|together|total|"
                           r"overall|altogether|with|plus|and its|and their)\b")
_ONE_BY_ONE_RE = re.compile(r"각각|각자|따로|둘 ?다|두 ?곳|두 ?회사|별로|나눠|\b(?:each|both|two|respectively|separately|"
                            r"individually|side by side|one by one|per|breakdown|split)\b")
_NEG_AFTER = frozenset("말고 빼고 제외하고 제외 아니고 아니라 대신".split())
_NEG_BEFORE = frozenset("not except excluding besides".split())
_LIST_JOINERS = frozenset("and or 와 과 랑 이랑 하고 및 또는".split())
_DETERMINERS = frozenset("its the their his her a an".split())
_SCOPE_STOP = frozenset("which what how when where who whom whose why is was did does do and but for in at "
                        "for sec second moment".split())
_NEG_BEFORE2 = frozenset({("other", "than"), ("apart", "from"), ("rather", "than"), ("instead", "of"), ("aside", "from")})


def _is_negated(ws: list[str], m: Mention, starts: frozenset[int] = frozenset()) -> bool:
    """Is the mention excluded by the question ("엔터프라이즈 말고", "other than Naver")?"""
    for j in range(m.end, min(m.end + 2, len(ws))):  # "네이버 말고", "네이버 전체 말고"
        if j in starts:  # "카카오브레인이 코지피티 말고": the other name is the one set aside
            break
        after = ws[j]
        if after in _NEG_AFTER or after.startswith(("말고", "빼고", "제외")):
            return True
    i = m.start
    while i >= 1 and ws[i - 1] in _DETERMINERS:  # "apart from its NeurIPS oral"
        i -= 1
    before = ws[i - 1] if i >= 1 else ""
    before2 = (ws[i - 2], before) if i >= 2 else ("", "")
    return before in _NEG_BEFORE or before2 in _NEG_BEFORE2 or (before == "forget")


def _negation_end(ws: list[str], m: Mention, starts: set[int]) -> int:
    """Where an English exclusion ends: "apart from its NeurIPS oral, which ..." drops "oral" too,
    up to the next question word or name (at most two words). Korean ("X 말고") ends at the name."""
    end = m.end
    if any(w in _NEG_AFTER or w.startswith(("말고", "빼고", "제외")) for w in ws[m.end : m.end + 2]):
        return end
    while end < len(ws) and end - m.end < 2 and end not in starts and ws[end] not in _SCOPE_STOP:
        end += 1
    return end


def _negated(ws: list[str], mentions: list[Mention]) -> set[Mention]:
    """The mentions the question sets aside, with the names listed right before one of them."""
    all_starts = frozenset(m.start for m in mentions)
    negated = {m for m in mentions if _is_negated(ws, m, all_starts)}
    # "서울대·카이스트 말고": the names listed right before an excluded one are excluded too
    ordered = sorted(mentions, key=lambda m: -m.start)
    for m, nxt in zip(ordered[1:], ordered):
        gap = ws[m.end : nxt.start]
        if nxt in negated and m.kind == nxt.kind and all(w in _LIST_JOINERS for w in gap) and len(gap) <= 1:
            negated.add(m)
    return negated


class Matcher(Asking):
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.gazetteer = Gazetteer(kb)
        lex = kb.lexicon
        self.protect = frozenset(
            {normalize(w).replace(" ", "") for w in lex.protect} | self.gazetteer.protect | COMMON_NOUNS
        )
        self._init_synonyms(lex)
        self.stopwords = frozenset(normalize(w) for w in lex.stopwords)
        self._init_figures_and_units(kb)
        self._init_question_heads()
        newest = max((s.published for s in kb.sources.values()), default=None)
        self.reference_year = newest.year if newest else 2000
        self.reference_month = newest.month if newest else 12
        # the years the facts date each month in (a month a question names without its year)
        month_years: dict[int, set[int]] = {}
        for f in kb.facts.values():
            for when in (f.period or "", f.value.date or ""):
                if len(when) >= 7 and when[:4].isdigit() and when[5:7].isdigit():
                    month_years.setdefault(int(when[5:7]), set()).add(int(when[:4]))
        self.month_years = {m: frozenset(ys) for m, ys in month_years.items()}
        self._init_index(kb)
        self._init_asks(lex)

    def _init_synonyms(self, lex: Lexicon) -> None:
        """Synonym variants, one word each, mapped to their canonical word; variants of more than one
        word become one token before the words are read."""
        self.synonyms: dict[str, str] = {}
        self._variants: dict[str, tuple[str, ...]] | None = None
        self._built_in: frozenset[str] | None = None
        self._asking: frozenset[str] | None = None  # tokens of asking words and ask cues
        self._says: dict[str, frozenset[str]] = {}  # fact id -> says()
        for canonical, variants in lex.synonyms.items():
            canon = normalize(canonical)
            for v in variants:
                for key in {normalize(v), strip_particle(normalize(v), self.protect)}:
                    if key and " " not in key:
                        self.synonyms.setdefault(key, canon)
        # variants of more than one word ("computer vision", "컴퓨터 비전") become one token first
        phrases = {normalize(v): normalize(c).replace(" ", "")
                   for c, vs in lex.synonyms.items() for v in vs if " " in normalize(v)}
        self._phrases = phrases
        self._phrase_re = re.compile(
            r"(?<!\S)(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")(?=[가-힣]*(?:\s|$))"
        ) if phrases else None
        for canon in set(phrases.values()):
            self.synonyms.setdefault(canon, canon)

    def _init_figures_and_units(self, kb: KnowledgeBase) -> None:
        """The counter words of units, the figures facts hold and the companies' units with facts."""
        lex = kb.lexicon
        # (two digits and more: a "2" or a "4" in a question is as often incidental as a quote)
        self._figures_by_named: dict[tuple[frozenset[str], str | None], frozenset[float]] = {}
        # counter words of units whose ko and en words differ from every other unit's (건 -> papers)
        counter_units: dict[str, set[str]] = {}
        for uid, u in lex.units.items():
            for w in (u.ko, u.en):
                if normalize(w):
                    counter_units.setdefault(normalize(w), set()).add(uid)
        self._counter_units = {w: next(iter(us)) for w, us in counter_units.items() if len(us) == 1}
        self._counters = frozenset(normalize(w) for u in lex.units.values() for w in (u.ko, u.en) if normalize(w))
        self._figures = frozenset(f.value.number for f in kb.facts.values()
                                  if f.value.number is not None and f.value.number >= 10)
        # a company's units with facts of their own, reached by "X 자회사 각각" ("affiliates" is the
        # lexicon's canonical word for them, when it has one)
        with_facts = {e for f in kb.facts.values() for e in (f.subject, *f.about)}
        self._units: dict[str, list[str]] = {}
        for e in kb.entities.values():
            if e.parent is not None and e.id in with_facts:
                self._units.setdefault(e.parent, []).append(e.id)
        self._unit_word = "계열사" if "계열사" in lex.synonyms else None


    def _init_index(self, kb: KnowledgeBase) -> None:
        """The intent index over the examples' tokens, the segmenter and the typo lookups."""
        # None while the examples themselves are tokenised (no vocabulary to look words up in yet)
        self.index: IntentIndex | None = None
        self.segmenter: Segmenter | None = None
        self.thesaurus: Thesaurus | None = None
        self._syn_latin: list[str] = []
        self._syn_hangul: list[str] = []
        self._syn_hangul_of: dict[str, str] = {}
        self.example_of: list[tuple[str, str, str]] = []  # (intent, lang, text)
        examples: list[tuple[list[str], str]] = []
        for intent in kb.intents.values():
            for lang, q in intent.examples.all():
                examples.append((self.tokens(q)[0], intent.id))
                self.example_of.append((intent.id, lang, q))
        statements = self._statement_tokens(kb)
        answer_words = {i: {t for toks in ts for t in toks if not t.startswith("<")} for i, ts in statements.items()}
        if kb.lexicon.statements_as_examples:
            # a fact's own statements are examples of the intents that answer with it, in the index
            # only (`example_of` stays the curator's examples: the asks they make, the ones checked)
            examples += [(toks, i) for i, ts in statements.items() for toks in ts if toks]
        self.index = IntentIndex.build(examples, vocabulary=answer_words)
        self._init_lookups(examples, answer_words)

    def _init_lookups(self, examples: list[tuple[list[str], str]], answer_words: dict[str, set[str]]) -> None:
        """The segmenter and the typo lookups over the index's vocabulary and the synonyms."""
        # Korean written without spaces is split into words, never at the base's own names
        self.segmenter = Segmenter(self.protect | self.gazetteer.aliases, self._reads_whole)
        vocab = {t for toks, _ in examples for t in toks}.union(*answer_words.values())
        self._unknown_cache: dict[str, bool] = {}
        common = general_data().get("common", {})
        self._common = frozenset(normalize(str(w)) for lang in ("en", "ko") for w in common.get(lang, ()))
        self._vocab_jamo = [jamo(v) for v in sorted(vocab) if not v.startswith("<")]
        # Latin synonym variants, for typo'd English words (paramters -> parameters -> 파라미터)
        self._syn_latin = sorted(k for k in self.synonyms if k.isascii() and len(k) >= 5)
        self._syn_hangul_of = {jamo(k): v for k, v in self.synonyms.items() if is_hangul_word(k) and len(k) >= 3}
        self._syn_hangul = sorted(self._syn_hangul_of)
        self.thesaurus = self._thesaurus(vocab)

    def _thesaurus(self, vocab: set[str]) -> Thesaurus:
        """General groups of words of one meaning, read as the base's own word of each group."""
        by_unit: dict[str, str] = {}
        for t in sorted(vocab):
            if not t.startswith("<"):
                by_unit.setdefault(word_unit(t), t)

        def known(w: str) -> str | None:
            w = self.synonyms.get(w, w)
            return w if w in vocab else by_unit.get(word_unit(w)) if w.isascii() else None

        def reserved(w: str) -> bool:
            return (" " in w or w in self.stopwords or w in self.synonyms or w in self.protect
                    or w in self.gazetteer.aliases or _is_number(w))

        return Thesaurus(general_groups(), known, reserved)

    def read_as(self, text: str) -> list[tuple[str, str]]:
        """The words of `text` that a synonym reads as another word ("spaces" as "cars"): what to look
        at when an example matches the wrong intent."""
        out = []
        for w in normalize(text).split():
            stem = strip_particle(w, self.protect)
            canon = self.synonyms.get(w) or self.synonyms.get(stem)
            if canon is not None and canon not in (w, stem):
                out.append((w, canon))
        return out

    def _kin(self, word: str, stem: str) -> str | None:
        """An unseen word of a general group (까닭, 멈춘, halted) as the base's own word of it."""
        if self.segmenter is None or self.thesaurus is None:
            return None
        segmenter = self.segmenter

        def forms():  # (the analyser's readings only when the word as it stands is in no group)
            yield stem
            yield segmenter.stem(word)
            yield Segmenter.lemma(word)

        return self.thesaurus.read(forms())

    def _statement_tokens(self, kb: KnowledgeBase) -> dict[str, list[list[str]]]:
        """Each intent's statements (ko and en) of the facts it answers with, as index tokens
        (plain numbers left out: a statement's year or date is no word a question is matched on)."""
        # the words of the answers an intent gives are its vocabulary too: a question in the answer's
        # own words ("글·이미지·음성을 동시에 이해") is covered by the intent that gives it
        read: dict[str, list[str]] = {}
        out: dict[str, list[list[str]]] = {}
        for intent in kb.intents.values():
            for f in kb.facts.values():
                if f.attribute not in intent.attributes:
                    continue
                for text in (f.statement.ko, f.statement.en):
                    if text not in read:
                        read[text] = [t for t in self.tokens(text)[0] if not t.isdigit()]
                    out.setdefault(intent.id, []).append(read[text])
        return out


    # -- tokens ----------------------------------------------------------------------------

    def tokens(self, text: str) -> tuple[list[str], list[Mention], list[str]]:
        """Index tokens, entity mentions and the words the mentions' positions refer to."""
        return self._read(text)[:3]

    def _read(self, text: str, norm: str | None = None) -> tuple[list[str], list[Mention], list[str], tuple[str, ...]]:
        """tokens(), and the entities the question sets aside (`norm`: the text already normalised)."""
        ws = self._words(text, norm)
        index = self.index
        # ordinary words (the base's vocabulary and its stopwords: "like" is no typo of LINE) are
        # never read as a misspelt entity name
        known = (lambda w: w in self.stopwords or w in self.synonyms or index.token_known(w)) if index is not None else None
        mentions, ws = self.gazetteer.link(ws, known)
        negated = _negated(ws, mentions)
        mentions = [m for m in mentions if m not in negated]
        starts = {m.start for m in mentions}
        skip = {m.start: _negation_end(ws, m, starts) for m in negated}
        excluded = tuple(dict.fromkeys(m.entity for m in negated))
        mentions = self._expand_units(mentions, ws)
        by_start = {m.start: m for m in mentions}
        out: list[str] = []
        i = 0
        while i < len(ws):
            if i in skip:  # "카카오엔터프라이즈 말고", "not Kakao": not what the question is about
                i = skip[i]
                continue
            m = by_start.get(i)
            if m is not None:
                out.append(placeholder(m.kind))
                i = m.end
                continue
            w = ws[i]
            i += 1
            if _YEAR_TOKEN_RE.fullmatch(w):
                # a year is a period (read from the text above), not a word to match intents on;
                # "2022년" / "2022 년" alike
                if i < len(ws) and ws[i] in ("년", "년도", "년에", "년엔", "년의", "년은"):
                    i += 1
                continue
            month = _month_words(ws, i - 1)
            if month:  # "지난 3월에", "3월": a month is a period too
                i += month - 1
                continue
            out.extend(self._word_tokens(w, ws, i, mentions))
        return out, mentions, ws, excluded

    def _words(self, text: str, norm: str | None = None) -> list[str]:
        """The normalised words of a text: phrases glued into one token, Korean without spaces split."""
        norm = normalize(text) if norm is None else norm
        if self._phrase_re is not None:
            norm = self._phrase_re.sub(lambda m: self._phrases[m.group(1)], norm)
        ws = norm.split()
        if self.segmenter is not None:
            ws = self.segmenter.split_all(ws)
        return ws

    def _word_tokens(self, w: str, ws: list[str], i: int, mentions: list[Mention]) -> list[str]:
        """The index tokens of one word that is no name nor year (`i`: the position after it)."""
        if w in self.stopwords or w in BARE_PARTICLES or w in _NEG_AFTER or w in _NEG_BEFORE:
            return []
        out: list[str] = []
        if len(w) > 1 and w[0] == "몇" and is_hangul_word(w):  # 몇편, 몇건이야, 몇년치 -> 몇 + rest
            out.append("몇")
            w = w[1:]
        stem = self._stem(self.synonyms.get(w, w))
        if stem.isdigit() and float(stem) in self._figures_of(mentions, self._unit_after(ws, i)):
            # a figure the base holds ("112", "185") points at the facts that hold it; other
            # numbers ("50" misremembered) say nothing
            out.append("#" + stem)
            return out
        if stem and stem not in self.stopwords:
            out.extend(self._decompound(stem))
        return out

    def _stem(self, w: str) -> str:
        """A word's stem as the index knows it: without its particle, by its synonym, typo-corrected."""
        index = self.index
        stem = strip_particle(w, self.protect)
        stem = self.synonyms.get(stem, stem)
        if index is not None and not index.token_known(stem):
            stem = self._kin(w, stem) or self._synonym_typo(stem)
        if index is not None and not index.token_known(stem) and self.segmenter is not None:
            # an ending the particle list doesn't know (냈다던데, 공개했다던데): the analyser's stem
            # (only a noun, or a verb stem the lexicon maps to a word: 냈 -> 발표; a bare verb
            # stem such as 맞 says nothing about the topic)
            alt = self.segmenter.stem(w)
            alt = self.synonyms.get(alt) or (alt if self.segmenter.is_noun(alt) else "")
            if alt and index.token_known(alt):
                stem = alt
        return stem

    def _is_percent(self, unit: str | None) -> bool:
        u = self.kb.lexicon.units.get(unit or "")
        return u is not None and u.en.strip() == "%"

    def _unit_after(self, ws: list[str], i: int) -> str | None:
        """The unit a counter word right after a figure names ("40 건" -> papers)."""
        if i >= len(ws):
            return None
        w = ws[i]
        return self._counter_units.get(w) or self._counter_units.get(strip_particle(w, self.protect))

    def _figures_of(self, mentions: Sequence[Mention], unit: str | None = None) -> frozenset[float]:
        """Figures that point at facts: those of the entities named (a figure of another entity is a
        claim to check, "네이버가 40건 냈다던데": 40 is Kakao's), or any when nothing is named; after
        a counter word, a count is not a percentage (40건 is not Naver's 40%)."""
        context = set(self.kb.lexicon.context_kinds)
        named = {m.entity for m in mentions if m.kind not in context}
        if not named and unit is None:
            return self._figures
        key = (frozenset(named), unit)
        hit = self._figures_by_named.get(key)
        if hit is None:
            reach = set(named)
            for e in named:
                reach.update(self.kb.ancestors(e))
            reach.update(e.id for e in self.kb.entities.values() if reach & {e.parent, *self.kb.ancestors(e.id)})
            hit = frozenset(f.value.number for f in self.kb.facts.values()
                            if f.value.number is not None and f.value.number in self._figures
                            and (not named or f.entities & reach)
                            and (unit is None or self._is_percent(unit) == self._is_percent(f.value.unit)))
            if len(self._figures_by_named) < 4096:
                self._figures_by_named[key] = hit
        return hit

    def _reads_whole(self, word: str) -> bool:
        """A word the pipeline reads as it is (known vocabulary, with or without its particle)."""
        if word in self.stopwords or word in self.synonyms or word in self.protect:
            return True
        stem = strip_particle(word, self.protect)
        index = self.index
        return stem in self.synonyms or (index is not None and (index.token_known(word) or index.token_known(stem)))

    def _synonym_typo(self, stem: str) -> str:
        """A misspelt synonym variant: paramters -> parameters -> 파라미터, 관게사 -> 관계사 -> 계열사
        (one edit, two for long Latin words; Hangul compared by jamo; the first letter must agree)."""
        if stem.isascii() and len(stem) >= 5:
            hit = process.extractOne(stem, self._syn_latin, scorer=OSA.distance, processor=None,
                                     score_cutoff=1 if len(stem) < 10 else 2)
            if hit is not None and hit[0][:1] == stem[:1]:
                return self.synonyms[hit[0]]
        elif is_hangul_word(stem) and len(stem) >= 3:
            hit = process.extractOne(jamo(stem), self._syn_hangul, scorer=OSA.distance, processor=None, score_cutoff=1)
            if hit is not None and hit[0][:1] == jamo(stem)[:1]:
                return self._syn_hangul_of[hit[0]]
        return stem

    def _expand_units(self, mentions: list[Mention], ws: list[str]) -> list[Mention]:
        """"카카오 자회사 각각", "each of Kakao's subsidiaries": the company's own units, one by one
        (only when asked one by one, and not when counted together: "네이버 관계사까지 합친")."""
        if not mentions or not self._units:
            return mentions
        joined = " ".join(ws)
        if _INCLUSIVE_RE.search(joined) or not _ONE_BY_ONE_RE.search(joined):
            return mentions
        out: list[Mention] = []
        for m in mentions:
            units = self._units.get(m.entity)
            after = ws[m.end : m.end + 4]  # "Kakao's two AI subsidiaries"
            if units and any(self.synonyms.get(strip_particle(w, self.protect), w) == self._unit_word
                             or self.synonyms.get(w) == self._unit_word for w in after):
                out.extend(Mention(u, self.kb.entities[u].kind, m.start, m.end, self.kb.entities[u].name.en, 0)
                           for u in units)
            else:
                out.append(m)
        return out

    def variants(self, word: str) -> tuple[str, ...]:
        """The words the lexicon reads as the same as `word` (paper, papers, 논문)."""
        if self._variants is None:
            inverse: dict[str, list[str]] = {}
            for variant, canon in self.synonyms.items():
                inverse.setdefault(canon, []).append(variant)
            self._variants = {k: tuple(v) for k, v in inverse.items()}
        return self._variants.get(self.synonyms.get(word, word), ())

    def _content(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """The question's own words: not names, figures, asking words or unseen verb forms."""
        if self._asking is None:
            words = {*_ASKING_WORDS, *(c for ask in self.kb.lexicon.asks.values() for c in ask.cues)}
            # (the words of a cue phrase ask, but for those that stay the question's own: "year" of "which year")
            self._asking = frozenset(t for w in words for t in self.tokens(w)[0]) - _CUE_CONTENT
        return tuple(self.lemma(t) for t in tokens if not (t.startswith(("<", "#")) or _is_number(t) or t in self._asking
                                                           or self.is_filler(t)))

    def says(self, f: Fact) -> frozenset[str]:
        """The tokens a fact's texts say (statements, quote, value), and the words of its entities'
        names (names in its texts are read as placeholders: "car park" -> <place>)."""
        words = self._says.get(f.id)
        if words is None:
            texts = [f.statement.ko, f.statement.en, f.quote or ""]
            if f.value.text:
                texts += [f.value.text.ko, f.value.text.en]
            found = {t for text in texts if text for t in self.tokens(text)[0] if not t.startswith("<")}
            found |= {self.lemma(t) for t in found}
            for e in f.entities:
                ent = self.kb.entities[e]
                found.update(w for name in (ent.name.ko, ent.name.en, *ent.aliases) for w in normalize(name).split())
            words = self._says[f.id] = frozenset(found)
        return words

    def lemma(self, token: str) -> str:
        """A Korean verb's dictionary form (빠진 -> 빠지), as facts and questions are compared by."""
        return self.segmenter.lemma(token) if self.segmenter is not None else token


    def is_filler(self, tok: str) -> bool:
        """A word that says nothing about what is asked: unseen verb forms (거야, 했대)."""
        return not self.index.token_known(tok) and _looks_verbal(tok)

    def _decompound(self, tok: str) -> list[str]:
        """Split a glued Korean compound the base knows as two words (정규논문 -> 정규 논문)."""
        index = self.index
        if index is None or not is_hangul_word(tok) or len(tok) < 3 or index.token_known(tok):
            return [tok]
        for i in range(len(tok) - 1, 0, -1):
            left, right = tok[:i], strip_particle(tok[i:], self.protect)
            right = self.synonyms.get(right, right)
            left = self.synonyms.get(left, left)
            if index.token_known(left) and index.token_known(right):
                return [left, right]
        return [tok]

    def _is_unknown(self, tok: str) -> bool:
        """A content word the knowledge base has never seen, even allowing a typo. Verb forms and
        adverbs are not counted: they rarely carry the topic of a question."""
        if tok.startswith("<") or _is_number(tok) or self.index.token_known(tok):
            return False  # (a figure is never an unseen word: 2,400, 37.5%)
        if len(tok) <= 1 or _looks_verbal(tok) or tok in self._common:
            return False  # (general language is never the unknown thing: "gonna", "비교")
        # Looser than the index's own typo mapping (nearest_token allows 1 edit up to 6 jamo): a word
        # two edits from the vocabulary is not mapped for scoring, but not counted as unseen either.
        cached = self._unknown_cache.get(tok)
        if cached is None:
            j = jamo(tok)
            budget = 1 if len(j) <= 5 else 2 if len(j) <= 10 else 3
            hit = process.extractOne(j, self._vocab_jamo, scorer=OSA.distance, processor=None, score_cutoff=budget)
            if len(self._unknown_cache) > 50_000:
                self._unknown_cache.clear()
            cached = self._unknown_cache[tok] = hit is None
        return cached







    # -- analysis --------------------------------------------------------------------------

    def analyse(self, text: str, k: int = 5) -> Analysis:
        norm_text = normalize(text)
        toks, mentions, words, excluded = self._read(text, norm_text)
        raw = norm_text.split()  # (before synonyms glue phrases: "2위", "12월 20일")
        norm = " ".join(words)
        periods = detect_periods(norm, self.reference_year, self.reference_month, self.month_years)
        # verb forms the base has never seen (헷갈리는, tackled) say nothing about the topic
        # (nor do unseen words that only name a period: "november" is read as 2021-11 above)
        scored = [t for t in toks if self.index.token_known(t)
                  or not (_looks_verbal(t) or detect_periods(t, self.reference_year, self.reference_month))]
        cands = self.index.rank(scored, k=k) if scored else []
        unknown = tuple(t for t in dict.fromkeys(toks) if t in scored and self._is_unknown(t))
        either = len(mentions) >= 2 and bool(_EITHER_RE.search(norm))
        inside = {i for m in mentions for i in range(m.start, m.end)}
        return Analysis(tuple(toks), tuple(mentions), periods, tuple(cands), unknown, either, tuple(words),
                        self.asks(words, raw), excluded, claims(tuple(words), inside, self._counters),
                        checks_claim(tuple(words)), counting.counted(words), self._content(toks),
                        counting.picked(raw), shape.operation(words, [(m.start, m.end) for m in mentions]),
                        shape.asks_two(words, [(m.start, m.end) for m in mentions]), shape.states_date(raw),
                        shape.stated_days(raw), text)
