"""Where the knowledge base is: the one place that reads KNOWLEDGE_DIR and knows the default.

The default base ships inside the package (`bot/knowledge/` in a wheel, found with importlib.resources);
in a source checkout or an editable install it is the checkout's `knowledge/` directory.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV = "KNOWLEDGE_DIR"
_CHECKOUT = Path(__file__).resolve().parents[2] / "knowledge"


def default_knowledge_dir() -> Path:
    """The shipped knowledge base: package data when installed, else the source tree's `knowledge/`."""
    try:
        packaged = resources.files("bot") / "knowledge"
        if packaged.is_dir() and isinstance(packaged, Path):
            return packaged
    except (ModuleNotFoundError, NotADirectoryError, TypeError):
        pass
    return _CHECKOUT


def knowledge_dir(value: str | os.PathLike[str] | None = None) -> Path:
    """`value` if given, else $KNOWLEDGE_DIR if set and not blank, else the shipped base."""
    if value is not None and str(value).strip():
        return Path(value)
    env = os.environ.get(ENV, "")
    if env.strip():
        return Path(env)
    return default_knowledge_dir()
