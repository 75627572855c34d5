"""The engines' sessions: the read engine's straight to PostgreSQL and through a
transaction-mode PgBouncer (DATABASE_READ_POOLER=pgbouncer), the write engine's: what each
sends at connect, and which statements psycopg prepares (a pooler in transaction mode cannot
keep them) and how PostgreSQL plans them."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from service.db import read_engine, write_engine
from service.settings import ConfigError, Settings
from store.driver import DriverConnection

QUERY = "SELECT count(*) FROM trials WHERE nct_id > :after"
BY_ID = "SELECT nct_id FROM trials WHERE nct_id = %s"


def sessions(database_url: str, pooler: str) -> tuple[dict[str, str], list[tuple]]:
    """(the session settings the service relies on, the statements prepared on the server
    after 10 runs of a query and 10 of a read that asks to be prepared, with how many
    generic and custom plans each ran) on a read engine of this kind."""
    engine = read_engine(Settings(database_url=database_url, read_url=database_url,
                                  statement_timeout_ms=7000, read_pooler=pooler))  # fmt: skip
    try:
        with DriverConnection(engine) as reader:
            for _ in range(10):
                reader.fetch_row(BY_ID, ("NCT00000000",), prepare=True)
        with engine.connect() as conn:  # the same server session: the pool keeps one
            for _ in range(10):
                conn.execute(text(QUERY), {"after": "NCT0"})
            settings = {name: conn.execute(text(f"SHOW {name}")).scalar()
                        for name in ("statement_timeout", "plan_cache_mode", "jit")}  # fmt: skip
            prepared = conn.execute(text("SELECT statement, generic_plans, custom_plans "
                                         "FROM pg_prepared_statements")).all()  # fmt: skip
            return settings, [tuple(row) for row in prepared]
    finally:
        engine.dispose()


def test_direct_sessions_carry_the_settings_and_prepare_only_the_read_that_asks(
    engine, database_url
):
    settings, prepared = sessions(database_url, "none")
    assert settings == {"statement_timeout": "7s", "plan_cache_mode": "auto", "jit": "off"}
    # one statement: the by-id read, planned for its values 5 times, then generic: nothing
    # left to plan (the other query went unnamed, planned for its values every time)
    assert prepared == [(BY_ID.replace("%s", "$1"), 5, 5)]


def test_pgbouncer_sessions_send_no_options_and_prepare_nothing(engine, database_url):
    settings, prepared = sessions(database_url, "pgbouncer")
    # the server's (here, its defaults): behind PgBouncer the role carries them
    assert settings["statement_timeout"] != "7s"
    assert prepared == []


def test_transactional_sessions_prepare_after_five_runs_and_plan_every_one(engine, database_url):
    """The seed job's and the admin API's engine (DATABASE_URL): psycopg's own threshold."""
    writes = write_engine(Settings(database_url=database_url))
    try:
        with writes.connect() as conn:
            for _ in range(10):
                conn.execute(text(QUERY), {"after": "NCT0"})
            assert conn.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
            prepared = conn.execute(text("SELECT generic_plans, custom_plans "
                                         "FROM pg_prepared_statements")).all()  # fmt: skip
            assert [tuple(row) for row in prepared] == [(0, 5)]
    finally:
        writes.dispose()


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
