"""Settings from the environment and `.env` (see .env.example for every variable)."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    shard_count: int | None = None
    shard_ids: list[int] | None = None
    retention_days: int = Field(default=90, ge=1)
