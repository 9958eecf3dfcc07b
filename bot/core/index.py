"""PROVISIONAL intent index (lead's stand-in until the index helper lands its version)."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .text import jamo


@dataclass(frozen=True, slots=True)
class Candidate:
    intent: str
    score: float
    coverage: float = 0.0
    example: str = ""


class IntentIndex:
    def __init__(self, examples: list[tuple[tuple[str, ...], str]]):
        self.examples = examples
        self.postings: dict[str, list[int]] = defaultdict(list)
        df: dict[str, set[str]] = defaultdict(set)
        for i, (toks, intent) in enumerate(examples):
            for t in set(toks):
                self.postings[t].append(i)
                df[t].add(intent)
        n = len({i for _, i in examples}) or 1
        self.idf = {t: math.log(1 + n / len(s)) for t, s in df.items()}
        self.vocab = sorted(self.postings)
        self.vocab_j = [jamo(v) for v in self.vocab]
        self.ex_weight = [sum(self.idf[t] for t in set(toks)) for toks, _ in examples]

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
        for t in dict.fromkeys(tokens):
            m = self._map(t)
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
        for i, s in acc.items():
            score = 0.5 * s / self.ex_weight[i] + 0.5 * s / qw
            intent = self.examples[i][1]
            if intent not in best or score > best[intent][0]:
                best[intent] = (score, i)
        ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:k]
        return [Candidate(intent, round(s, 4), example=" ".join(self.examples[i][0])) for intent, (s, i) in ranked]
