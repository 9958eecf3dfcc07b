"""Per-user cooldown shared by every way of asking (slash, context menu, mention, DM)."""
from __future__ import annotations

import math
import time
from collections import deque
from typing import Callable


class Cooldown:
    """Sliding window: at most `rate` questions per `per` seconds per user.

    Memory stays bounded: users whose last question is older than the window are dropped.
    """

    def __init__(self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("cooldown needs rate >= 1 and per > 0")
        self.rate = rate
        self.per = per
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._calls = 0

    def hit(self, user_id: int) -> float:
        """Count one question; 0.0 if allowed, else the seconds until the user may ask again."""
        now = self._clock()
        self._calls += 1
        if self._calls % 1024 == 0:
            self._prune(now)
        hits = self._hits.get(user_id)
        if hits is None:
            hits = self._hits[user_id] = deque()
        while hits and now - hits[0] >= self.per:
            hits.popleft()
        if len(hits) >= self.rate:
            return max(self.per - (now - hits[0]), 0.001)
        hits.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        stale = [uid for uid, h in self._hits.items() if not h or now - h[-1] >= self.per]
        for uid in stale:
            del self._hits[uid]

    def __len__(self) -> int:
        return len(self._hits)

    @staticmethod
    def seconds(retry_after: float) -> int:
        return max(1, math.ceil(retry_after))
