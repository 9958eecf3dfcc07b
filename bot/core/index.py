"""The intent index: from normalised question tokens to ranked intents, in well under a millisecond.

Built once at load from (tokens of one example phrasing, intent id) pairs; `rank()` reaches intents
and examples only through inverted indexes (feature -> intents, unit -> examples of one intent), so
no question is compared with every example.

How a question is scored
------------------------
1. **Tokens -> units.** A token the base has seen is kept; an unseen one is mapped to the nearest
   vocabulary token with rapidfuzz (`process.extractOne`, OSA edit distance on jamo-decomposed
   text, so 카캌오 -> 카카오 and reservaton -> reservation are one edit; 0/1/2 edits allowed by
   length), otherwise it stays unknown and counts against the match. Units are light English stems
   (booked, books, booking -> book); every number is one unit.
2. **Features.** Units, adjacent unit pairs, and sub-word pieces (character 4-grams of Latin words,
   syllable pairs of Hangul words) so compounds, inflections and typos still share evidence.
3. **Retrieval.** Naive Bayes over unit and pair features (feature -> {intent: log-count ratio},
   features used by more than half the intents left out) picks `CANDIDATES` intents.
4. **Discriminative weights.** Per (intent, feature) weights learned at build time with
   (averaged) multiclass passive-aggressive updates (a linear, SVM-style model; no neural network) against each
   example's retrieval rivals: "put"/"add" separate shopping_list_update from shopping_list, "what"
   separates nothing and gets no weight. The naive-Bayes ratios are folded into the same tables.
5. **Voting over examples.** The best `VOTERS` intents compare the question with their own examples
   through per-intent postings: IDF-weighted overlap, symmetric (half the share of the question's
   weight matched, half the share of the example's), best example wins: `similarity`.
6. **Score.** z = weights + SIM_WEIGHT * similarity; prob = softmax(z / TEMPERATURE) over the
   candidates; coverage = share of the question's IDF weight (up to `UNKNOWN_CAP` unseen words
   included, at the highest IDF) that the intent's vocabulary holds;
   `score = (PROB_SHARE * prob + (1 - PROB_SHARE) * similarity) * coverage ** COVERAGE_POWER`.
   An intent must win the vote, resemble one of its examples and account for the question's words;
   prob is a share among candidates and the other two are size-free ratios, so one threshold serves
   a 20-intent base and a 150-intent one. `margin` is the gap to the next candidate's score.

The knobs were chosen once on CLINC150 val + oos_val (benchmarks/clinc150.py, docs/benchmarks.md);
the same values serve the shipped article base.
"""
from __future__ import annotations

import math
import random
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from heapq import nlargest, nsmallest
from sys import intern

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = ["Candidate", "IntentIndex", "word_unit"]

# -- knobs (chosen on CLINC150 val + oos_val; see docs/benchmarks.md) -----------------------------
CANDIDATES = 16  # intents retrieved by naive Bayes and scored by the weights
VOTERS = 4  # best intents whose examples are compared one by one
RETRIEVAL_MAX_SPREAD = 0.5  # features used by more than this share of the intents don't retrieve,
RETRIEVAL_MAX_INTENTS = 250  # nor features used by more than this many (large bases: frame words)
EPOCHS = 8  # passes over the examples at build time ...
TRAIN_BUDGET = 120_000  # ... at most this many example visits in all (2 passes at least)
TRAIN_RIVALS = 8  # rivals (retrieval candidates) each example is separated from
AGGRESSIVENESS = 0.1  # cap on one passive-aggressive update ("C")
PRUNE = 0.003  # learned weights smaller than this are dropped (memory; no loss on CLINC150 val)
AVERAGE_UP_TO = 50_000  # weights averaged over all updates for bases up to this many phrasings
# (averaging gains 0.1-0.2 point on CLINC150 val and on the article base; it needs a second table
# as large as the weights while building, which a 100k-phrasing base can do without)
SHRINK_EVERY, SHRINK_MARGIN = 4, 1.2  # examples this well separated are revisited every 4th pass
NB_ALPHA = 0.05  # naive-Bayes smoothing
NB_WEIGHT = 0.04  # naive Bayes's share in the weights
SIM_WEIGHT = 0.5
TEMPERATURE = 0.3
PROB_SHARE = 0.7
COVERAGE_POWER = 0.75
UNKNOWN_CAP = 2  # unseen words counted against a question (a long story's filler counts as two)
FUZZY_CACHE = 20_000  # unseen tokens remembered with their nearest vocabulary token


def _is_hangul(tok: str) -> bool:
    return bool(tok) and all("\uac00" <= ch <= "\ud7a3" for ch in tok)


_NUMBER_CHARS = frozenset("0123456789.,%")


def _is_number(tok: str) -> bool:
    """37, 2,040, 37.5, 40%: every number is one unit."""
    return bool(tok) and tok[0].isdigit() and all(ch in _NUMBER_CHARS for ch in tok)


def _en_stem(w: str) -> str:
    """A light English stemmer: plural, -ing, -ed, -ly, final -e (booking/booked/books -> book)."""
    if len(w) <= 3 or not w.isascii() or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ing", "ed"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _unit(tok: str) -> str:
    if tok.startswith("<"):
        return tok  # entity placeholder such as <company>
    if _is_number(tok):
        return "#"
    return _en_stem(tok)


def word_unit(tok: str) -> str:
    """The unit the index reads a token as (an English word's light stem: stopped -> stop)."""
    return _unit(tok)


def _subwords(tok: str) -> list[str]:
    """Character 4-grams of a Latin word (with boundaries), syllable pairs of a Hangul word."""
    if tok.startswith("<") or _is_number(tok):
        return []
    if _is_hangul(tok):
        return ["~" + tok[i : i + 2] for i in range(len(tok) - 1)] if len(tok) >= 3 else []
    w = f"<{tok}>"
    return ["~" + w[i : i + 4] for i in range(len(w) - 3)] if len(w) > 4 else []


def _jamo(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _edit_budget_for(n: int) -> int:
    """Edits allowed for a key of n characters (jamo for Hangul): 0 under 3, 1 up to 6, else 2."""
    return 0 if n < 3 else 1 if n <= 6 else 2


def _by_jamo_length(tokens: Iterable[str]) -> dict[int, list[str]]:
    """Tokens a typo may be read as (words of 2+ characters, no placeholders or numbers), by jamo
    length, in the given order."""
    by_len: dict[int, list[str]] = defaultdict(list)
    for tok in tokens:
        if not tok.startswith("<") and not _is_number(tok) and len(tok) >= 2:
            by_len[len(_jamo(tok))].append(tok)
    return by_len


def _pa_step(w: list[dict[str, float]], u: list[dict[str, float]] | None, x: Sequence[str], y: int,
             rivals: Sequence[int], step: int) -> float:
    """One PA-I update of the weights w for an example with features x and intent y against its
    best-scoring rival (and of the averaging sums u, if kept); returns the margin before it."""
    zeros = [0.0] * len(x)
    ys = sum(map(w[y].get, x, zeros))
    best, bs = -1, -math.inf
    for c in rivals:
        s = sum(map(w[c].get, x, zeros))
        if s > bs:
            best, bs = c, s
    m = ys - bs
    if m >= 1.0:
        return m
    tau = min(AGGRESSIVENESS, (1.0 - m) / (2 * len(x)))
    _shift(w[y], w[best], x, tau)
    if u is not None:
        _shift(u[y], u[best], x, tau * step)
    return m


def _shift(up: dict[str, float], down: dict[str, float], x: Sequence[str], delta: float) -> None:
    """Raise the features x by delta in one table, lower them by delta in the other."""
    for f in x:
        up[f] = up.get(f, 0.0) + delta
        down[f] = down.get(f, 0.0) - delta


def _finish_weights(w: list[dict[str, float]], u: list[dict[str, float]] | None, step: int) -> None:
    """Turn the last weights into averaged ones (if the sums u were kept) and drop the tiny ones."""
    for c, wc in enumerate(w):
        if u is not None:
            uc, k = u[c], 1.0 / step
            for f, v in wc.items():
                wc[f] = v - uc[f] * k
            u[c] = {}
        for f in [f for f, v in wc.items() if abs(v) < PRUNE]:
            del wc[f]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked intent with the evidence behind its score."""

    intent: str
    score: float  # 0..1: (PROB_SHARE * prob + (1 - PROB_SHARE) * similarity) * coverage ** COVERAGE_POWER
    prob: float = 0.0  # share of the vote among the retrieved intents
    similarity: float = 0.0  # best example: IDF-weighted overlap, symmetric, 0..1
    coverage: float = 0.0  # share of the question's IDF weight this intent's vocabulary covers
    margin: float = 0.0  # score minus the next candidate's score (the last one: its score)
    example: str = ""  # the best-matching example, tokens joined by spaces


class IntentIndex:
    """Inverted indexes over example phrasings; see the module docstring for the scoring."""

    def __init__(self, examples: Sequence[tuple[tuple[str, ...], str]], *, epochs: int | None = None, seed: int = 0,
                 vocabulary: Mapping[str, Iterable[str]] | None = None):
        self._intents: list[str] = sorted({intent for _, intent in examples})
        iid = {name: k for k, name in enumerate(self._intents)}
        self._ex_tokens: list[tuple[str, ...]] = [toks for toks, _ in examples]
        self._ex_intent: list[int] = [iid[intent] for _, intent in examples]
        # words an intent's answers use without any example using them: known, and counted in its
        # coverage, but never voted on (an answer is not a question)
        extra = {iid[i]: frozenset(toks) for i, toks in (vocabulary or {}).items() if i in iid}
        self._vocab: frozenset[str] = frozenset(t for toks in self._ex_tokens for t in toks).union(*extra.values())
        self.last_scored = 0  # examples compared one by one for the last question (the index at work)
        self._fuzzy_cache: dict[str, str | None] = {}  # unseen token -> nearest_token's answer

        ex_units = [tuple(dict.fromkeys(map(_unit, toks))) for toks in self._ex_tokens]
        self._build_idf(ex_units, extra)
        self._build_intent_units(ex_units, extra)
        self._build_postings(ex_units)
        del ex_units
        feats = [self._features(toks) for toks in self._ex_tokens]
        self._build_naive_bayes(feats)
        self._learn_weights(feats, epochs, seed)
        del feats
        self._build_fuzzy_windows()

    # -- building the tables (once, at load) ---------------------------------------------------

    def _build_idf(self, ex_units: Sequence[tuple[str, ...]], extra: Mapping[int, frozenset[str]]) -> None:
        """IDF of each unit over intents (an intent uses a unit if an example or its answers do)."""
        df: dict[str, set[int]] = defaultdict(set)
        for us, y in zip(ex_units, self._ex_intent):
            for u in us:
                df[u].add(y)
        for y, toks in extra.items():
            for t in toks:
                df[_unit(t)].add(y)
        n_int = len(self._intents)
        self._idf: dict[str, float] = {u: math.log(1 + n_int / len(s)) for u, s in df.items()}
        self._unknown_idf = max(self._idf.values(), default=1.0)  # an unseen word: as rare as can be

    def _build_intent_units(self, ex_units: Sequence[tuple[str, ...]], extra: Mapping[int, frozenset[str]]) -> None:
        """Each intent's vocabulary as units (its examples' and its answers'), for coverage."""
        acc_units: list[set[str]] = [set() for _ in self._intents]
        for us, y in zip(ex_units, self._ex_intent):
            acc_units[y].update(us)
        for y, toks in extra.items():
            acc_units[y].update(map(_unit, toks))
        self._units_of = [frozenset(s) for s in acc_units]
        self._iid = {name: k for k, name in enumerate(self._intents)}

    def _build_postings(self, ex_units: Sequence[tuple[str, ...]]) -> None:
        """Per-intent postings (unit -> examples of that intent), for voting over an intent's
        examples, and each example's IDF weight."""
        ipost: list[dict[str, list[int]]] = [defaultdict(list) for _ in self._intents]
        self._ex_w: list[float] = []
        for k, (us, y) in enumerate(zip(ex_units, self._ex_intent)):
            for u in us:
                ipost[y][u].append(k)
            self._ex_w.append(sum(self._idf[u] for u in us) or 1.0)
        self._ipost: list[dict[str, tuple[int, ...]]] = [{u: tuple(v) for u, v in p.items()} for p in ipost]

    def _build_naive_bayes(self, feats: Sequence[Sequence[str]]) -> None:
        """Naive Bayes over unit and pair features: feature-major for retrieval (informative
        features only), intent-major (folded into the weights) for the candidates' scores."""
        n_int = len(self._intents)
        counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        totals = [0] * n_int
        for fs, y in zip(feats, self._ex_intent):
            for f in fs:
                if f[0] != "~":
                    counts[f][y] += 1
                    totals[y] += 1
        v = len(counts)
        # log-count ratios are kept already scaled by NB_WEIGHT (retrieval ranks the same)
        self._nb_bias = [NB_WEIGHT * math.log(totals[c] + NB_ALPHA * v) for c in range(n_int)]
        self._broad = max(2, int(min(n_int * RETRIEVAL_MAX_SPREAD, RETRIEVAL_MAX_INTENTS)))
        self._retrieval: dict[str, dict[int, float]] = {
            f: {c: NB_WEIGHT * math.log((n + NB_ALPHA) / NB_ALPHA) for c, n in d.items()} for f, d in counts.items()
        }

    def _learn_weights(self, feats: Sequence[Sequence[str]], epochs: int | None, seed: int) -> None:
        """Discriminative weights, learned against each example's retrieval candidates; then the
        naive-Bayes ratios are folded in, and broad features keep no retrieval row."""
        if epochs is None:
            epochs = max(2, min(EPOCHS, TRAIN_BUDGET // max(1, len(feats))))
        rivals = [self._retrieve(fs, TRAIN_RIVALS)[0] for fs in feats]
        self._w = self._train(feats, self._ex_intent, rivals, epochs, seed)
        del rivals
        self._fold_naive_bayes()

    def _fold_naive_bayes(self) -> None:
        """Add the naive-Bayes ratios to the learned weights; broad features stop retrieving."""
        w = self._w
        for f, row in self._retrieval.items():
            for c, x in row.items():
                wc = w[c]
                wc[f] = wc.get(f, 0.0) + x
            if len(row) > self._broad:
                self._retrieval[f] = {}

    def _build_fuzzy_windows(self) -> None:
        """Fuzzy vocabulary: for each key length, the tokens within the edit budget of that length,
        most common first (so ties go to the common word)."""
        by_commonness = sorted(self._vocab, key=lambda t: (self._idf.get(_unit(t), math.inf), t))
        by_len = _by_jamo_length(by_commonness)
        # windows keyed by (length, first character) and (length, last character): a typo rarely
        # hits both ends, and the windows are ~20x smaller than the whole vocabulary
        windows: dict[tuple[int, str, str], list[str]] = defaultdict(list)
        for n in range(3, max(by_len, default=0) + 3):
            b = _edit_budget_for(n)
            for m in range(n - b, n + b + 1):
                for tok in by_len.get(m, ()):
                    key = _jamo(tok)
                    windows[(n, "^", key[0])].append(tok)
                    windows[(n, "$", key[-1])].append(tok)
        self._fuzzy: dict[tuple[int, str, str], tuple[list[str], list[str]]] = {
            wk: ([_jamo(t) for t in toks], toks) for wk, toks in windows.items()
        }
        self._common_rank = {t: r for r, t in enumerate(by_commonness)}

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def build(cls, examples: Iterable[tuple[Sequence[str], str]],
              vocabulary: Mapping[str, Iterable[str]] | None = None) -> "IntentIndex":
        return cls([(tuple(toks), intent) for toks, intent in examples], vocabulary=vocabulary)

    def _features(self, toks: Sequence[str]) -> list[str]:
        units = [_unit(t) for t in toks]
        f = list(units)
        f += [a + "_" + b for a, b in zip(units, units[1:])]
        for t in toks:
            f += _subwords(t)
        return list(map(intern, dict.fromkeys(f)))

    def _retrieve(self, feats: Sequence[str], k: int) -> tuple[list[int], int]:
        """The k intents with the best naive-Bayes evidence from informative features."""
        acc: dict[int, float] = {}
        n = 0
        broad = self._broad
        for f in feats:
            d = self._retrieval.get(f)
            if d is None:
                continue
            n += 1
            if len(d) > broad:
                continue
            for c, x in d.items():
                acc[c] = acc.get(c, 0.0) + x
        if not acc:
            if not n:
                return [], 0
            # only features every intent shares: the intents those features favour most
            return nsmallest(k, range(len(self._intents)), key=self._nb_bias.__getitem__), n
        if len(acc) > k:
            base = self._nb_bias
            return nlargest(k, acc, key=lambda c: acc[c] - n * base[c]), n
        return list(acc), n

    def _train(self, feats, labels, rivals, epochs: int, seed: int) -> list[dict[str, float]]:
        """Multiclass passive-aggressive (PA-I) updates against the best-scoring rival, averaged over
        all steps (up to AVERAGE_UP_TO examples); examples already separated by a wide margin are
        revisited only every SHRINK_EVERY passes."""
        w: list[dict[str, float]] = [{} for _ in self._intents]
        average = len(feats) <= AVERAGE_UP_TO
        # the averaged-perceptron trick: w_avg = w - sum(step * update) / steps, the sums kept in u
        u: list[dict[str, float]] | None = [{} for _ in self._intents] if average else None
        step = 1
        order = list(range(len(feats)))
        rnd = random.Random(seed)
        margin = [0.0] * len(feats)
        others = self._rivals_to_separate(labels, rivals)
        for ep in range(epochs):
            rnd.shuffle(order)
            skip_wide = 0 < ep < epochs - 1 and ep % SHRINK_EVERY != 0
            for i in order:
                step += 1
                if skip_wide and margin[i] > SHRINK_MARGIN:
                    continue
                if not others[i] or not feats[i]:
                    continue
                margin[i] = _pa_step(w, u, feats[i], labels[i], others[i], step)
        _finish_weights(w, u, step)
        return w

    def _rivals_to_separate(self, labels: Sequence[int], rivals: Sequence[Sequence[int]]) -> list[list[int]]:
        """Each example's rivals other than its own intent. An example another intent has word for
        word teaches nothing about which is which: it gets none, and is left to naive Bayes and the
        example vote, where both intents score alike."""
        others = [[c for c in cs if c != y] for cs, y in zip(rivals, labels)]
        owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for toks, y in zip(self._ex_tokens, labels):
            owners[toks].add(y)
        for i, toks in enumerate(self._ex_tokens):
            if len(owners[toks]) > 1:
                others[i] = []
        return others

    # -- queries -------------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return len(self._ex_tokens)

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(self._intents)

    def uses(self, intent: str, token: str) -> bool:
        """Does the intent's vocabulary (its examples and its answers' words) hold the token?"""
        k = self._iid.get(intent)
        return k is not None and _unit(token) in self._units_of[k]

    def used_only_by(self, token: str, intents: frozenset[str]) -> bool:
        """Is the token in the vocabulary of these intents alone (and of at least one of them)?"""
        unit = _unit(token)
        users = {self._intents[k] for k, units in enumerate(self._units_of) if unit in units}
        return bool(users) and users <= intents

    def token_known(self, token: str) -> bool:
        return token in self._vocab

    def nearest_token(self, token: str) -> str | None:
        """The vocabulary token within a small edit distance (OSA: transpositions count one; on jamo), or None.

        0 edits under 3 characters, 1 up to 6, 2 beyond (jamo count for Hangul); ties go to the
        token whose unit more intents use. Cached."""
        if token in self._vocab:
            return token
        hit = self._fuzzy_cache.get(token, "")
        if hit != "":
            return hit
        hit = None
        if not token.startswith("<") and not _is_number(token):
            key = _jamo(token)
            n = len(key)
            budget = _edit_budget_for(n)
            best: tuple[int, int] | None = None
            for wk in ((n, "^", key[0]), (n, "$", key[-1])) if budget else ():
                window = self._fuzzy.get(wk)
                if window is None:
                    continue
                found = process.extractOne(
                    key, window[0], scorer=OSA.distance, processor=None, score_cutoff=budget
                )
                if found is not None:
                    tok = window[1][found[2]]
                    rank = (int(found[1]), self._common_rank[tok])
                    if best is None or rank < best:
                        best, hit = rank, tok
        if len(self._fuzzy_cache) >= FUZZY_CACHE:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[token] = hit
        return hit

    def _vote(self, tokens: Sequence[str]):
        """Raw evidence for a question, or None if it shares no feature with the base:
        (z per candidate intent before similarity, (similarity, best example) per voting intent,
        the question's units, its IDF weight with unseen words)."""
        mapped: list[str] = []
        unknown = 0
        numbers_known = "#" in self._idf
        for t in tokens:
            m = t if t in self._vocab else self.nearest_token(t)
            if m is None:
                if not (numbers_known and _is_number(t)):
                    unknown += 1
                mapped.append(t)  # its sub-word pieces and number unit may still be known
            else:
                mapped.append(m)
        feats = self._features(mapped)
        cands, n_nb = self._retrieve(feats, CANDIDATES)
        if not cands:
            return None
        zeros = [0.0] * len(feats)
        w, bias = self._w, self._nb_bias
        z = {c: sum(map(w[c].get, feats, zeros)) - n_nb * bias[c] for c in cands}

        # voting over the examples of the best few intents
        qunits = {_unit(t) for t in mapped}
        idf = self._idf
        q_known = [(u, idf[u]) for u in qunits if u in idf]
        unknown_w = min(unknown, UNKNOWN_CAP) * self._unknown_idf
        q_all = sum(x for _, x in q_known) + unknown_w
        qw = q_all or 1.0
        sim: dict[int, tuple[float, int]] = {}
        scored = 0
        ex_w = self._ex_w
        for c in nlargest(VOTERS, z, key=z.__getitem__):
            post = self._ipost[c]
            acc: dict[int, float] = {}
            for u, wu in q_known:
                for e in post.get(u, ()):
                    acc[e] = acc.get(e, 0.0) + wu
            scored += len(acc)
            best, best_e = 0.0, -1
            for e, s in acc.items():
                v = 0.5 * s / ex_w[e] + 0.5 * s / qw
                if v > best:
                    best, best_e = v, e
            sim[c] = (min(1.0, best), best_e)
        self.last_scored = scored
        return z, sim, qunits, q_all

    def _coverage(self, c: int, qunits: set[str], q_all: float) -> float:
        if not q_all:
            return 0.0
        own = self._units_of[c]
        idf = self._idf
        return sum(idf.get(u, 0.0) for u in qunits if u in own) / q_all

    def rank(self, tokens: Sequence[str], k: int = 5) -> list[Candidate]:
        """Intents best first, with evidence; [] when the question shares nothing with the base."""
        self.last_scored = 0
        voted = self._vote(tokens)
        if voted is None or k <= 0:
            return []
        z, sim, qunits, q_all = voted
        for c, (s, _) in sim.items():
            z[c] += SIM_WEIGHT * s
        top = max(z.values())
        e = {c: math.exp((v - top) / TEMPERATURE) for c, v in z.items()}
        total = sum(e.values())
        prelim = nlargest(k + 1, z, key=z.__getitem__)
        scored: list[tuple[float, int, float]] = []
        for c in prelim:
            cov = self._coverage(c, qunits, q_all)
            p = e[c] / total
            s = sim.get(c, (0.0, -1))[0]
            score = (PROB_SHARE * p + (1 - PROB_SHARE) * s) * cov**COVERAGE_POWER
            scored.append((score, c, cov))
        scored.sort(reverse=True)
        out: list[Candidate] = []
        for i, (score, c, cov) in enumerate(scored[:k]):
            s, ex = sim.get(c, (0.0, -1))
            nxt = scored[i + 1][0] if i + 1 < len(scored) else 0.0
            out.append(
                Candidate(
                    intent=self._intents[c],
                    score=round(min(1.0, score), 4),
                    prob=round(e[c] / total, 4),
                    similarity=round(s, 4),
                    coverage=round(cov, 4),
                    margin=round(score - nxt, 4),
                    example=" ".join(self._ex_tokens[ex]) if ex >= 0 else "",
                )
            )
        return out
