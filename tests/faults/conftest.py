"""Fault tests: the real start-up path (``python -m service.runtime.boot``: migrate, seed,
gunicorn) as subprocesses (tests.support.servers.Service), against PostgreSQL servers that the
tests may stop and start.

A test that stops its database gets an embedded PostgreSQL of its own (``own_postgres``), never
the server of DATABASE_URL; the others use a fresh, empty database on the suite's server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import databases
from tests.support.paths import copy_documents
from tests.support.servers import Service


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory):
    """An embedded PostgreSQL of this module's own, which its tests may stop and start (each
    leaves it running, and uses a database of its own on it)."""
    pg = databases.EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    yield pg
    pg.close()


@pytest.fixture
def empty_database_url(server_url: str):
    """A new, empty database (not migrated: the service does that) on the suite's server."""
    with databases.temporary_database(server_url, "trials_fault") as url:
        yield databases.libpq_url(url)


@pytest.fixture
def services():
    """Start ``Service``s through this; any still running at the end are killed."""
    started: list[Service] = []
    yield started
    for svc in started:
        svc.kill_group()


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    return copy_documents(tmp_path / "docs")
