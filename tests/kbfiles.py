"""A knowledge base written from YAML texts (file name -> text) into a temporary directory, for the
tests that build a small base of their own."""
from __future__ import annotations

from pathlib import Path

from bot.core.engine import Engine


def write_base(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def engine_of(tmp_path_factory, files: dict[str, str]) -> Engine:
    """An engine on `files`, written to a fresh directory (for a module-scoped fixture)."""
    return Engine.load(write_base(tmp_path_factory.mktemp("kb") / "knowledge", files))
