"""Settings: .env.example documents every variable, and loads as-is."""
from __future__ import annotations

import re
from pathlib import Path

from bot.settings import DEFAULT_KNOWLEDGE_DIR, Settings

ROOT = Path(__file__).resolve().parents[1]


def example_vars() -> list[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return re.findall(r"^([A-Z_]+)=", text, flags=re.M)


def test_env_example_documents_every_setting_with_a_comment():
    names = example_vars()
    assert sorted(names) == sorted(f.upper() for f in Settings.model_fields)
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line) and not re.match(r"^[A-Z_]+=", lines[i - 1]):
            assert lines[i - 1].startswith("#"), f"{line} has no comment above it"


def test_env_example_loads_as_is(tmp_path, monkeypatch):
    for name in example_vars():
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    s = Settings(_env_file=env)
    assert s.knowledge_dir == DEFAULT_KNOWLEDGE_DIR and s.discord_guild_id is None and s.shard_ids is None
    assert s.discord_token is not None and s.discord_token.get_secret_value() == ""
    shown = repr(Settings(_env_file=None, discord_token="abc.def")) + str(Settings(_env_file=None, discord_token="abc.def"))
    assert "abc.def" not in shown
