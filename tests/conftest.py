"""Shared fixtures. `fake` is a local Discord (REST v10 + gateway on 127.0.0.1), one per test module."""
from __future__ import annotations

import pytest_asyncio

from fakediscord import FakeDiscord


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    server = await FakeDiscord().start()
    yield server
    await server.stop()
