"""A live gunicorn serving a test database, for tests that need the real HTTP server (its own
limits and error pages, schemathesis over the network)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    log: Path  # gunicorn's stderr: the app's error log with tracebacks

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


@contextmanager
def gunicorn(database_url: str, workers: int = 1, **env_overrides: str) -> Iterator[Server]:
    """Serve ``service:create_app()`` with the production gunicorn config."""
    port = free_port()
    fd, name = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
    log = Path(name)
    env = dict(os.environ, DATABASE_URL=database_url, PORT=str(port), HOST="127.0.0.1")
    env.update(WEB_CONCURRENCY=str(workers), ACCESS_LOG="0", LOG_LEVEL="warning", **env_overrides)
    with os.fdopen(fd, "wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "service/runtime/gunicorn_conf.py"]
            + ["service:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    server = Server(f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{server.url}/healthz", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"gunicorn did not start: {server.log_tail(2000)}")
            time.sleep(0.2)
    try:
        yield server
    finally:
        proc.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.unlink(missing_ok=True)
