"""A real gunicorn (service/runtime/gunicorn_conf.py) on a free port, for tests of what only a
server sends: headers it adds, logs from several workers, multiprocess metrics."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, log: Path, **env: str) -> Iterator[str]:
    """Serve ``service:create_app()``; yields the base URL. stdout and stderr go to ``log``."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    environ.update(DATABASE_URL=database_url, PORT=str(port), HOST="127.0.0.1", **env)
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "service/runtime/gunicorn_conf.py",
             "service:create_app()"],
            cwd=ROOT, env=environ, stdout=out, stderr=out,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text()[-3000:]
                    raise RuntimeError(f"gunicorn did not start:\n{tail}") from exc
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
