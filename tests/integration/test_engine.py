"""The read engine's sessions, straight to PostgreSQL and through a transaction-mode PgBouncer
(DATABASE_READ_POOLER=pgbouncer): what each sends at connect, and whether psycopg prepares
statements (a pooler in transaction mode cannot keep them)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from service.db import read_engine
from service.settings import ConfigError, Settings

QUERY = "SELECT count(*) FROM trials WHERE nct_id > :after"


def sessions(database_url: str, pooler: str) -> tuple[dict[str, str], int]:
    """(the session settings the service relies on, prepared statements after 10 runs of one
    query) on a read engine of this kind."""
    engine = read_engine(Settings(database_url=database_url, read_url=database_url,
                                  statement_timeout_ms=7000, read_pooler=pooler))  # fmt: skip
    try:
        with engine.connect() as conn:
            for _ in range(10):
                conn.execute(text(QUERY), {"after": "NCT0"})
            settings = {name: conn.execute(text(f"SHOW {name}")).scalar()
                        for name in ("statement_timeout", "plan_cache_mode", "jit")}  # fmt: skip
            prepared = conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar()
            return settings, prepared
    finally:
        engine.dispose()


def test_direct_sessions_carry_the_settings_and_prepare(engine, database_url):
    settings, prepared = sessions(database_url, "none")
    assert settings == {"statement_timeout": "7s", "plan_cache_mode": "force_custom_plan",
                        "jit": "off"}  # fmt: skip
    assert prepared >= 1  # psycopg prepares after 5 runs


def test_pgbouncer_sessions_send_no_options_and_prepare_nothing(engine, database_url):
    settings, prepared = sessions(database_url, "pgbouncer")
    # the server's (here, its defaults): behind PgBouncer the role carries them
    assert settings["statement_timeout"] != "7s"
    assert prepared == 0


def test_read_pooler_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@primary/db")
    monkeypatch.delenv("DATABASE_READ_URL", raising=False)
    assert Settings.from_env().read_pooler == "none"
    monkeypatch.setenv("DATABASE_READ_POOLER", "pgbouncer")
    with pytest.raises(ConfigError, match="DATABASE_READ_URL, which is not set"):
        Settings.from_env()
    monkeypatch.setenv("DATABASE_READ_URL", "postgresql://u@pgbouncer:6432/db")
    assert Settings.from_env().read_pooler == "pgbouncer"
    monkeypatch.setenv("DATABASE_READ_POOLER", "pgpool")
    with pytest.raises(ConfigError, match="DATABASE_READ_POOLER must be one of none, pgbouncer"):
        Settings.from_env()


def test_the_pool_holds_a_connection_per_gunicorn_thread(monkeypatch):
    """A pool smaller than the threads would open and close a connection per request once
    they are all busy (SQLAlchemy closes an overflow connection when it is returned)."""
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@primary/db")
    monkeypatch.delenv("DB_POOL_SIZE", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    assert Settings.from_env().pool_size == 5  # gunicorn's default of 4 threads
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    assert Settings.from_env().pool_size == 8
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    assert Settings.from_env().pool_size == 5
    monkeypatch.setenv("DB_POOL_SIZE", "3")
    assert Settings.from_env().pool_size == 3  # the operator's choice wins


@pytest.mark.parametrize("pooler", ["none", "pgbouncer"])
def test_sessions_are_utf8_whatever_the_environment_says(database_url, monkeypatch, pooler):
    """The trial-by-id read sends the stored JSON's bytes undecoded (store.driver), so they
    must come as UTF-8 even where PGCLIENTENCODING asks libpq for another encoding."""
    monkeypatch.setenv("PGCLIENTENCODING", "LATIN1")
    engine = read_engine(Settings(database_url=database_url, read_pooler=pooler))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW client_encoding")).scalar() == "UTF8"
    finally:
        engine.dispose()
