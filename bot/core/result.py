"""Plain frozen values the core returns; adapters render them (embed, JSON, terminal)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["answered", "ambiguous", "unknown"]
Lang = Literal["ko", "en"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an answer comes from: the source and the supporting quote (in the source's language)."""

    source_id: str
    publisher: str
    title: str
    url: str
    published: str  # ISO date, e.g. "2021-12-29"
    quote: str


@dataclass(frozen=True, slots=True)
class Context:
    """What a follow-up question leans on ("그럼 네이버는?", "and last year?"): the question that was
    last answered in a conversation. Adapters keep it per place and user and hand it back."""

    question: str
    lang: Lang
    facts: tuple[str, ...] = ()  # what its answer said (a follow-up's answer doesn't say it again)


@dataclass(frozen=True, slots=True)
class Result:
    """What the engine says about one question."""

    question: str
    lang: Lang
    status: Status
    intent: str | None
    confidence: float  # 0..1
    answer: str  # exactly what a person is shown (decline text included), without the source block
    facts: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    suggestions: tuple[str, ...] = ()  # questions the user may ask instead, in `lang`
    notice: str | None = None  # e.g. "only the first 500 characters were read"
    context: Context | None = None  # what the next question of the conversation may lean on

    def __post_init__(self) -> None:
        c = float(self.confidence)
        object.__setattr__(self, "confidence", 0.0 if c != c else min(1.0, max(0.0, c)))  # NaN -> 0

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "lang": self.lang,
            "status": self.status,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "answer": self.answer,
            "facts": list(self.facts),
            "sources": [
                {"publisher": s.publisher, "url": s.url, "published": s.published, "quote": s.quote}
                for s in self.sources
            ],
            "suggestions": list(self.suggestions),
        }
