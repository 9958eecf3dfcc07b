"""PROVISIONAL intent index (lead's stand-in until the index helper lands its version)."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .text import jamo


PLACEHOLDER_WEIGHT = 0.3
KIND_MISMATCH = 0.9  # an entity's kind says little about what is asked


def _bigrams(toks: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{a}_{b}" for a, b in zip(toks, toks[1:]) if "_" not in a and "_" not in b)


@dataclass(frozen=True, slots=True)
class Candidate:
    intent: str
    score: float
    coverage: float = 0.0
    example: str = ""


class IntentIndex:
    def __init__(self, examples: list[tuple[tuple[str, ...], str]]):
        examples = [
            (tuple(toks) + _bigrams([t for t in toks if not t.startswith("<")]), intent) for toks, intent in examples
        ]
        self.examples = examples
        self.postings: dict[str, list[int]] = defaultdict(list)
        df: dict[str, set[str]] = defaultdict(set)
        for i, (toks, intent) in enumerate(examples):
            for t in set(toks):
                self.postings[t].append(i)
                df[t].add(intent)
        n = len({i for _, i in examples}) or 1
        self.idf = {t: math.log(1 + n / len(s)) for t, s in df.items()}
        self.vocab = sorted(t for t in self.postings if "_" not in t)
        self.vocab_j = [jamo(v) for v in self.vocab]
        for t in self.idf:
            if "_" in t:
                self.idf[t] *= 0.5
        self.ex_weight = [
            sum(self.idf[t] * (PLACEHOLDER_WEIGHT if t.startswith("<") else 1.0) for t in set(toks))
            for toks, _ in examples
        ]
        self.ex_kinds = [frozenset(t for t in toks if t.startswith("<")) for toks, _ in examples]
        uni = sorted(v for t, v in self.idf.items() if "_" not in t)
        self.unknown_weight = (uni[len(uni) // 2] if uni else 1.0) * 1.5

    @classmethod
    def build(cls, examples: Iterable[tuple[Sequence[str], str]]) -> "IntentIndex":
        return cls([(tuple(t), i) for t, i in examples])

    @property
    def size(self) -> int:
        return len(self.examples)

    def token_known(self, token: str) -> bool:
        return token in self.postings

    def _map(self, tok: str) -> tuple[str, float] | None:
        if tok in self.postings:
            return tok, 1.0
        if len(tok) < 2:
            return None
        hit = process.extractOne(jamo(tok), self.vocab_j, scorer=fuzz.ratio, processor=None, score_cutoff=80)
        if hit is None:
            return None
        return self.vocab[hit[2]], hit[1] / 100

    def rank(self, tokens: Sequence[str], k: int = 5) -> list[Candidate]:
        q: dict[str, float] = {}
        qw = 0.0
        mapped = []
        for t in dict.fromkeys(tokens):
            m = self._map(t) if "_" not in t else None
            mapped.append(m[0] if m else t)
            if m:
                w = self.idf.get(m[0], 0.0) * m[1] * (PLACEHOLDER_WEIGHT if t.startswith("<") else 1.0)
                qw += w
                q[m[0]] = max(q.get(m[0], 0.0), w)
            else:
                qw += self.unknown_weight  # an unseen word still counts against the match
        for t in _bigrams([x for x in mapped if not x.startswith("<")]):
            m = (t, 1.0) if t in self.postings else None
            if m:
                w = self.idf.get(m[0], 0.0) * m[1]
                qw += w
                q[m[0]] = max(q.get(m[0], 0.0), w)
        if not q or qw == 0:
            return []
        acc: dict[int, float] = defaultdict(float)
        for t, w in q.items():
            for i in self.postings[t]:
                acc[i] += w
        best: dict[str, tuple[float, int]] = {}
        second: dict[str, float] = defaultdict(float)
        q_kinds = frozenset(t for t in tokens if t.startswith("<"))
        for i, s in acc.items():
            score = 0.5 * s / self.ex_weight[i] + 0.5 * s / qw
            if q_kinds and self.ex_kinds[i] and not (q_kinds & self.ex_kinds[i]):
                score *= KIND_MISMATCH  # the example is about another kind of thing (a model, not a company)
            intent = self.examples[i][1]
            if intent not in best or score > best[intent][0]:
                if intent in best:
                    second[intent] = max(second[intent], best[intent][0])
                best[intent] = (score, i)
            else:
                second[intent] = max(second[intent], score)
        # a little vote from the intent's second-best example
        best = {it: (min(1.0, sc + 0.1 * second[it]), i) for it, (sc, i) in best.items()}
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:k]
        return [Candidate(intent, round(s, 4), example=" ".join(self.examples[i][0])) for intent, (s, i) in ranked]
