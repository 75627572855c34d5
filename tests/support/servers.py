"""Real servers as subprocesses, each on a free port: a bare gunicorn serving
``service:create_app()`` with the production config (``gunicorn``), and the whole start-up path,
``python -m service.runtime.boot``: migrate, seed, exec gunicorn (``Service``)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.ports import free_port

GUNICORN_CONFIG = "service/runtime/gunicorn_conf.py"
BOOT = (sys.executable, "-m", "service.runtime.boot")
# for a server whose log only matters when it fails: no access log, warnings and errors only
QUIET = {"ACCESS_LOG": "0", "LOG_LEVEL": "warning"}


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:<port>
    log: Path  # gunicorn's stdout and stderr: the app's logs, with tracebacks

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


@contextmanager
def gunicorn(database_url: str, log: Path | None = None, **env: str) -> Iterator[Server]:
    """Serve ``service:create_app()`` on ``database_url`` until the block ends; ``env`` adds to
    (or overrides) this process's environment, e.g. ``WEB_CONCURRENCY="2"``. Output goes to
    ``log`` (kept), or to a temporary file removed afterwards."""
    port = free_port()
    if log is None:
        fd, name = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
        os.close(fd)
    environ = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    environ.update(DATABASE_URL=database_url, PORT=str(port), HOST="127.0.0.1", **env)
    server = Server(f"http://127.0.0.1:{port}", log or Path(name))
    with open(server.log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONFIG, "service:create_app()"],
            cwd=ROOT, env=environ, stdout=out, stderr=out,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{server.url}/healthz", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{server.log_tail(3000)}")
                time.sleep(0.2)
        yield server
    finally:
        proc.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is None:
            server.log.unlink(missing_ok=True)


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
    """``python -m service.runtime.boot`` (migrate, seed, exec gunicorn) on a port of its own, in a
    process group of its own; ``command`` replaces the command (``scripts/with_db.py -- ...``).

    ``database_url`` None: the command sets DATABASE_URL itself."""

    def __init__(
        self,
        database_url: str | None,
        seed_dir: Path,
        log: Path,
        command: Sequence[str] = BOOT,
        **env: str,
    ):
        self.port = free_port()
        self.log_path = log
        self.command = list(command)
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEED_DIR")}
        if database_url is not None:
            self.env["DATABASE_URL"] = database_url
        self.env.update(
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
            self.command,
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
        return self.request("GET", path, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> Response:
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
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
