"""`python -m bot run` with a CPU-bound, slower engine: FACTBOT_TEST_ENGINE_COST seconds of pure-Python
work per question (holding the GIL, as the real engine does), so overload is reached at a low rate."""
from __future__ import annotations

import os
import sys
import time

from bot.core import engine as _engine

COST = float(os.environ.get("FACTBOT_TEST_ENGINE_COST", "0.04"))
_ask = _engine.Engine.ask


def _slow_ask(self, question, *args, **kwargs):
    end = time.thread_time() + COST
    while time.thread_time() < end:
        pass
    return _ask(self, question, *args, **kwargs)


_engine.Engine.ask = _slow_ask

if __name__ == "__main__":
    from bot.chat.runner import main

    sys.exit(main(sys.argv[1:]))
