"""Fixtures: a real PostgreSQL (DATABASE_URL, or an embedded one), schema from Alembic,
one rolled-back transaction per test. The functions behind them: tests/support."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker

from tests.support import databases
from tests.support.apps import app_under_test


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> str:
    """The PostgreSQL server to test on: DATABASE_URL, else an embedded server."""
    return databases.server_url(tmp_path_factory.mktemp("pgdata"))


@pytest.fixture(scope="session")
def database_url(server_url: str):
    """A fresh database of our own on that server, dropped at the end."""
    with databases.temporary_database(server_url, "trials_test") as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str):
    eng = databases.migrated_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine):
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session(connection):
    maker = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    with maker() as s:
        yield s


@pytest.fixture
def app(connection, database_url):
    with app_under_test(database_url, connection) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def seeded(engine):
    """The five seed documents, loaded once for the whole session (committed)."""
    return databases.load_seeds(engine)


@pytest.fixture
def fresh_engine(server_url: str):
    """An empty, migrated database of its own, for tests that commit (the loader's)."""
    with databases.migrated_database(server_url, "trials_fresh") as engine:
        yield engine
