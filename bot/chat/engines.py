"""The engine the bot answers with, and hot reload with an atomic swap.

Handlers read `EngineRef.current` once per question and use that object to the end, so a reload
never changes the knowledge base under a question in flight; the swap is one attribute assignment.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bot.core.knowledge import KnowledgeError, shrink_problems

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadOutcome:
    ok: bool
    errors: list[str] = field(default_factory=list)
    busy: bool = False
    engine: Any = None


class EngineRef:
    def __init__(self, engine: Any, knowledge_dir: Path, loader: Callable[[Path], Any]) -> None:
        self._engine = engine
        self.knowledge_dir = Path(knowledge_dir)
        self._loader = loader
        self._lock = asyncio.Lock()
        self._pending: asyncio.Future | None = None
        self.generation = 1

    @classmethod
    def start_loading(cls, knowledge_dir: Path, loader: Callable[[Path], Any]) -> "EngineRef":
        """Begin loading in a thread now (so it overlaps the Discord login); `ready()` waits for it."""
        ref = cls(None, knowledge_dir, loader)
        ref._pending = asyncio.ensure_future(asyncio.to_thread(loader, Path(knowledge_dir)))
        return ref

    async def ready(self) -> None:
        """Wait for a load begun by `start_loading`; raises its KnowledgeError."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            engine = await pending
            if self._engine is None:  # a SIGHUP reload during start-up already put a newer one in
                self._engine = engine
            log.info("knowledge base loaded from %s", self.knowledge_dir)

    @property
    def current(self) -> Any:
        return self._engine

    def replace(self, engine: Any) -> None:
        """Swap in `engine` (one assignment: atomic for every reader)."""
        self._engine = engine
        self.generation += 1

    async def reload(self, force: bool = False) -> ReloadOutcome:
        """Build a new engine from `knowledge_dir` off the event loop; swap only if it loads cleanly
        and, unless `force`, keeps at least half of the intents and of the facts."""
        if self._lock.locked():
            return ReloadOutcome(ok=False, busy=True)
        async with self._lock:
            try:
                engine = await asyncio.to_thread(self._loader, self.knowledge_dir)
            except KnowledgeError as exc:
                log.warning("reload refused, %d problem(s); the old knowledge base keeps answering", len(exc.errors))
                for line in exc.errors:
                    log.warning("  %s", line)
                return ReloadOutcome(ok=False, errors=list(exc.errors) or [str(exc)])
            except Exception as exc:  # an unexpected loader failure must not take the bot down either
                log.exception("reload failed; the old knowledge base keeps answering")
                return ReloadOutcome(ok=False, errors=[f"{self.knowledge_dir}: {type(exc).__name__}: {exc}"])
            old = getattr(self._engine, "kb", None)
            shrink = shrink_problems(old, engine.kb) if old is not None and not force else []
            if shrink:
                for line in shrink:
                    log.warning("reload refused: %s", line)
                return ReloadOutcome(ok=False, errors=shrink)
            self.replace(engine)
            log.info("knowledge base reloaded from %s (generation %d)", self.knowledge_dir, self.generation)
            return ReloadOutcome(ok=True, engine=engine)
