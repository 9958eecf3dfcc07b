"""Follow-up memory: the engine's Context of the last answered question, per place and user.

A place is a DM channel, or a guild channel or thread; the key is (place id, user id). Entries live
`ttl` seconds from the answer that set them, at most `maxsize` of them (least recently used dropped
first). Memory only: nothing here is ever written to disk or to the store.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable

from bot.core.result import Context

Key = tuple[int, int]  # (channel or thread id, user id)


class Followups:
    def __init__(self, ttl: float, maxsize: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.maxsize = max(1, maxsize)
        self.clock = clock
        self._items: OrderedDict[Key, tuple[Context, float]] = OrderedDict()

    def get(self, key: Key | None) -> Context | None:
        """The context to read the next question of `key` with, or None (none, expired, or off)."""
        if key is None or self.ttl <= 0:
            return None
        item = self._items.get(key)
        if item is None:
            return None
        context, expires = item
        if self.clock() >= expires:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return context

    def put(self, key: Key | None, context: Context | None) -> None:
        """Remember `context` for `key`; a result without one (declined) leaves the earlier one as is."""
        if key is None or context is None or self.ttl <= 0:
            return
        self._items[key] = (context, self.clock() + self.ttl)
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def forget(self, key: Key) -> None:
        self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)
