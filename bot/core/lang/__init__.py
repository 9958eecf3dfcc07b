"""General language shared by every knowledge base: data files shipped inside the package.

`general.yaml` holds what any base needs to read questions (question words, operators, asks such as
person/money/when, common synonyms, function words). A base's own `lexicon` adds its domain words.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def data_file(name: str) -> dict[str, Any]:
    """One of the package's language data files (general.yaml, sources.yaml), parsed once per process."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 (safe loader)


def general_data() -> dict[str, Any]:
    """The shipped general-language file."""
    return data_file("general.yaml")


def general_lexicon_data() -> dict[str, Any]:
    """Its `lexicon` mapping, in a base's lexicon format."""
    return general_data()["lexicon"]
