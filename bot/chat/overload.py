"""Admission under load: acknowledge first, answer what can be answered, shed the rest.

Engine calls are CPU-bound and share the GIL with the event loop; if every question ran in its own
thread at once, the loop would starve and miss Discord's 3-second acknowledgement deadline. So at most
`workers` questions run at a time and the others wait (cheaply, on the loop). An interaction that
would have to wait is deferred at once; one whose estimated wait exceeds `shed_after` gets a short
"busy, ask again" reply instead; one that arrived already past the deadline is not answered at all.
What was shed is logged as one line per second, never a traceback per interaction.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator

log = logging.getLogger(__name__)

RUN, DEFER, SHED, EXPIRED = "run", "defer", "shed", "expired"
DEADLINE = 3.0  # Discord's limit for the first response to an interaction


class Admission:
    def __init__(self, *, workers: int = 2, shed_after: float = 10.0, late_after: float = 2.5,
                 clock=time.monotonic) -> None:
        self.workers = max(1, workers)
        self.shed_after = shed_after
        self.late_after = late_after
        self._clock = clock
        self._sem = asyncio.Semaphore(self.workers)
        self.running = 0
        self.waiting = 0
        self._service = 0.01  # EWMA of one engine call, seconds
        self._skew = None  # smallest (now - created_at) seen lately: network delay + clock skew
        self._skew_at = 0.0
        self.counts = {RUN: 0, DEFER: 0, SHED: 0, EXPIRED: 0}
        self._window = {DEFER: 0, SHED: 0, EXPIRED: 0}
        self._logged_at = 0.0

    # ------------------------------------------------------------------ estimates
    def estimated_wait(self) -> float:
        """Seconds a question admitted now would wait before its engine call starts."""
        if self.running < self.workers and self.waiting == 0:
            return 0.0
        return (self.waiting + 1) * self._service / self.workers

    def age(self, created_wall: float | None) -> float:
        """How long ago Discord created the interaction, corrected by the smallest age seen lately."""
        if created_wall is None:
            return 0.0
        raw = time.time() - created_wall
        now = self._clock()
        if self._skew is None or raw < self._skew or now - self._skew_at > 30:
            self._skew, self._skew_at = raw, now
        return max(0.0, raw - self._skew)

    def decide(self, created_wall: float | None = None) -> str:
        """RUN (answer now), DEFER (acknowledge now, answer when a worker is free), SHED or EXPIRED."""
        age = self.age(created_wall)
        if age > self.late_after:
            outcome = EXPIRED
        elif self.estimated_wait() > self.shed_after:  # deferred answers may come later, within reason
            outcome = SHED
        elif self.estimated_wait() > 0.0:
            outcome = DEFER
        else:
            outcome = RUN
        self.note(outcome)
        return outcome

    # ------------------------------------------------------------------ accounting
    def note(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if outcome in self._window:
            self._window[outcome] += 1
            self._maybe_log()

    def _maybe_log(self) -> None:
        now = self._clock()
        if now - self._logged_at < 1.0 or not (self._window[SHED] or self._window[EXPIRED]):
            return
        span = now - self._logged_at if self._logged_at else 1.0
        log.warning(
            "overloaded: in the last %.1f s shed %d (busy reply), %d arrived too late to answer, deferred %d; "
            "%d running, %d waiting, ~%.2f s per question",
            min(span, 99.0), self._window[SHED], self._window[EXPIRED], self._window[DEFER],
            self.running, self.waiting, self._service,
        )
        self._logged_at = now
        self._window = {k: 0 for k in self._window}

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the `workers` engine slots; waiting for it costs nothing on the loop."""
        self.waiting += 1
        try:
            await self._sem.acquire()
        finally:
            self.waiting -= 1
        self.running += 1
        started = self._clock()
        try:
            yield
        finally:
            self.running -= 1
            self._service = 0.8 * self._service + 0.2 * (self._clock() - started)
            self._sem.release()
