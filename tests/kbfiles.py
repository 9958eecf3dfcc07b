"""A knowledge base written from YAML texts (file name -> text) into a temporary directory, for the
tests that build a small base of their own."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.core.engine import Engine

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# the one source of a test base: a library notice, or a town history note
NOTICE_SOURCES = """
sources:
  - id: notice
    publisher: Sol Library
    title: Summer notice
    published: 2026-06-15
    language: ko
"""
NOTE_SOURCES = """
sources:
  - id: note
    publisher: Town Press
    title: Town history note
    published: 2026-11-01
    language: ko
"""


def write_base(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def engine_of(tmp_path_factory, files: dict[str, str]) -> Engine:
    """An engine on `files`, written to a fresh directory (for a module-scoped fixture)."""
    return Engine.load(write_base(tmp_path_factory.mktemp("kb") / "knowledge", files))


@lru_cache(maxsize=None)
def example_engine(name: str) -> Engine:
    """The engine on examples/NAME/knowledge, loaded once for all the tests that ask it (read only)."""
    return Engine.load(EXAMPLES / name / "knowledge")
