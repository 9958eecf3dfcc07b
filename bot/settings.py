"""Settings from the environment and `.env` (see .env.example for every variable)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.paths import default_knowledge_dir

DEFAULT_KNOWLEDGE_DIR = default_knowledge_dir()  # packaged with the bot (importlib.resources)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int] | None, NoDecode] = None
    retention_days: int = Field(default=90, ge=1)
    # the store (bot/store.py): PostgreSQL when set (postgresql://user:pass@host/db), else SQLite in DATA_DIR
    database_url: SecretStr | None = None
    store_buffer_rows: int = Field(default=10_000, ge=1)  # rows kept in memory while the database is down
    # longest a reply waits on a PostgreSQL read (settings, "already voted"); then it uses what it has.
    # The settings are read before the defer timer starts: this plus defer_after stays under Discord's 3 s
    store_read_timeout: float = Field(default=0.5, gt=0, le=1.0)
    cooldown_rate: int = Field(default=5, ge=1)
    cooldown_seconds: float = Field(default=20.0, gt=0)
    defer_after_seconds: float = Field(default=1.5, ge=0, le=2.5)
    guild_ready_timeout: float = Field(default=2.0, ge=0)
    sync_commands: bool = False  # register the commands at start even if their hash is unchanged
    # follow-ups: the last answered question per place (DM, channel/thread) and user, in memory only
    followup_seconds: float = Field(default=600.0, ge=0)  # 0 turns follow-ups off
    followup_max: int = Field(default=10_000, ge=1)  # conversations remembered (least recently used dropped)
    # server settings (/config): the defaults a server has until an admin changes them
    default_language: str = "auto"  # auto (each user's Discord locale), ko or en: the bot's own texts
    default_private: bool = False  # /ask answers visible only to the asker unless `private: False`
    # help-channel auto-answers (/config autoanswer): only answers at least this confident, at most
    # AUTOANSWER_RATE per AUTOANSWER_SECONDS in one channel
    autoanswer_min_confidence: float = Field(default=0.85, ge=0, le=1)
    autoanswer_rate: int = Field(default=3, ge=1)
    autoanswer_seconds: float = Field(default=60.0, gt=0)
    # the privileged message content intent: auto = requested only when a server configured auto-answers
    # (read from the store at start), off = never
    message_content_intent: str = "auto"

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        value = (value or "auto").strip().lower()
        if value not in ("auto", "ko", "en"):
            raise ValueError("must be auto, ko or en")
        return value

    @field_validator("message_content_intent")
    @classmethod
    def _mc_intent(cls, value: str) -> str:
        value = (value or "auto").strip().lower()
        if value not in ("auto", "off"):
            raise ValueError("must be auto or off")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        scheme = value.get_secret_value().split(":", 1)[0].lower()
        if scheme not in ("postgresql", "postgres"):
            raise ValueError("must be a postgresql:// URL (leave it unset for SQLite under DATA_DIR)")
        return value

    @field_validator("discord_guild_id", "discord_gateway_url", "shard_count", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("knowledge_dir", "data_dir", mode="before")
    @classmethod
    def _blank_path_is_default(cls, value: object, info) -> object:
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("discord_api_base", "discord_gateway_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise ValueError("must be an http(s):// or ws(s):// URL")
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        """SHARD_IDS=0,1,2 (or a JSON list)."""
        if isinstance(value, str):
            text = value.strip().strip("[]")
            return [int(x) for x in text.replace(" ", "").split(",") if x] or None
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value

    @model_validator(mode="after")
    def _shards(self) -> "Settings":
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("SHARD_IDS needs SHARD_COUNT")
            bad = [i for i in self.shard_ids if not 0 <= i < self.shard_count]
            if bad:
                raise ValueError(f"SHARD_IDS {bad} outside 0..{self.shard_count - 1}")
        return self
