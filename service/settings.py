"""Configuration from environment variables only, read once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass


class ConfigError(RuntimeError):
    """A required variable is missing or a value is malformed."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def sqlalchemy_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Settings:
    database_url: str
    seed_dir: str = "seed/documents"
    log_level: str = "INFO"
    pool_size: int = 5
    max_overflow: int = 5
    statement_timeout_ms: int = 15000
    connect_timeout_s: int = 5

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise ConfigError(
                "DATABASE_URL is not set (make run and make test start an embedded PostgreSQL "
                "and set it for you)"
            )
        return cls(
            database_url=sqlalchemy_url(url),
            seed_dir=os.environ.get("SEED_DIR", "seed/documents"),
            log_level=os.environ.get("LOG_LEVEL", "INFO").upper(),
            pool_size=_int("DB_POOL_SIZE", 5),
            max_overflow=_int("DB_MAX_OVERFLOW", 5),
            statement_timeout_ms=_int("DB_STATEMENT_TIMEOUT_MS", 15000),
            connect_timeout_s=_int("DB_CONNECT_TIMEOUT", 5),
        )
