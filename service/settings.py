"""Configuration from environment variables only, read once at start-up."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

from store.engine import sqlalchemy_url


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


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
LOG_FORMATS = ("json", "text")
READ_POOLERS = ("none", "pgbouncer")  # what DATABASE_READ_URL points at: the server, or a pooler


def _origins(name: str) -> tuple[str, ...]:
    """Comma-separated exact origins (``scheme://host[:port]``, no path, no wildcard)."""
    origins = tuple(o.strip() for o in os.environ.get(name, "").split(",") if o.strip())
    for origin in origins:
        if not _ORIGIN.fullmatch(origin):
            raise ConfigError(
                f"{name} must list exact origins like https://app.example.org, got {origin!r}"
            )
    return origins


def _positive_int(name: str, default: int) -> int:
    value = _int(name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be a positive whole number, got {value}")
    return value


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def log_format_from_env() -> str:
    """``LOG_FORMAT`` when set; otherwise ``text`` when stderr is a terminal (a person is
    watching) and ``json`` when it is not (a log collector is)."""
    isatty = getattr(sys.stderr, "isatty", None)
    default = "text" if isatty is not None and isatty() else "json"
    return _choice("LOG_FORMAT", default, LOG_FORMATS)


ADMIN_TOKEN_MIN_LENGTH = 32
TRIAL_CACHE_MB_DEFAULT = 32


def _admin_token(name: str) -> str | None:
    """Unset or empty: the admin API is off. Set: at least 32 visible ASCII characters."""
    token = os.environ.get(name, "")
    if not token:
        return None
    if len(token) < ADMIN_TOKEN_MIN_LENGTH or not re.fullmatch(r"[\x21-\x7e]+", token):
        raise ConfigError(
            f"{name} must be at least {ADMIN_TOKEN_MIN_LENGTH} visible ASCII characters "
            "without spaces (e.g. `openssl rand -hex 32`)"
        )
    return token


def default_pool_size() -> int:
    """A connection per gunicorn thread, at least 5: a request holds one, and SQLAlchemy closes
    an overflow connection as soon as it is returned, so with a pool smaller than the threads
    a busy worker keeps starting new PostgreSQL backends."""
    return max(5, _int("GUNICORN_THREADS", 4))


@dataclass(frozen=True)
class Settings:
    database_url: str
    seed_dir: str = "seed/documents"
    log_level: str = "INFO"
    pool_size: int = 5
    max_overflow: int = 5
    statement_timeout_ms: int = 15000
    connect_timeout_s: int = 5
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1024 * 1024
    log_format: str = "json"
    access_log: bool = True
    admin_token: str | None = None  # None: the admin API is off
    read_url: str | None = None  # a read replica for the API's reads; None: database_url
    read_pooler: str = "none"  # "pgbouncer": read_url is a PgBouncer in transaction mode
    # served documents kept in a worker's memory (service.trial_cache); from_env's default is
    # TRIAL_CACHE_MB_DEFAULT, this one keeps none (an app made in a test reads the database)
    trial_cache_mb: int = 0

    @property
    def trial_cache_on(self) -> bool:
        """Kept only when reads go to the primary itself: a replica cannot LISTEN (and would
        replay a change after the notification), nor can a pooler in transaction mode."""
        return self.trial_cache_mb > 0 and self.read_url is None

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise ConfigError(
                "DATABASE_URL is not set (make run and make test start an embedded PostgreSQL "
                "and set it for you)"
            )
        read = os.environ.get("DATABASE_READ_URL")
        read_pooler = _choice("DATABASE_READ_POOLER", "none", READ_POOLERS)
        if read_pooler != "none" and not read:
            # the writes' advisory locks are session-level: DATABASE_URL cannot be that pooler
            raise ConfigError(
                "DATABASE_READ_POOLER applies to DATABASE_READ_URL, which is not set (point "
                "DATABASE_READ_URL at the pooler and DATABASE_URL at the primary itself)"
            )
        return cls(
            database_url=sqlalchemy_url(url),
            seed_dir=os.environ.get("SEED_DIR", "seed/documents"),
            log_level=os.environ.get("LOG_LEVEL", "INFO").upper(),
            pool_size=_int("DB_POOL_SIZE", default_pool_size()),
            max_overflow=_int("DB_MAX_OVERFLOW", 5),
            statement_timeout_ms=_int("DB_STATEMENT_TIMEOUT_MS", 15000),
            connect_timeout_s=_int("DB_CONNECT_TIMEOUT", 5),
            cors_origins=_origins("CORS_ORIGINS"),
            max_body_bytes=_positive_int("MAX_BODY_BYTES", 1024 * 1024),
            log_format=log_format_from_env(),
            access_log=_choice("ACCESS_LOG", "1", ("0", "1")) == "1",
            admin_token=_admin_token("ADMIN_TOKEN"),
            read_url=sqlalchemy_url(read) if read else None,
            read_pooler=read_pooler,
            trial_cache_mb=_int("TRIAL_CACHE_MB", TRIAL_CACHE_MB_DEFAULT),
        )
