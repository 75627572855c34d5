"""What `make run` runs: embedded PostgreSQL, migrate, seed SEED_DIR, gunicorn; SIGTERM (as
Ctrl-C) stops all of it, the embedded database included."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import DOCUMENTS, ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=2) as r:
        return r.status, json.loads(r.read())


def test_run_serves_seed_dir_and_stops_everything_on_sigterm(tmp_path):
    seed_dir = tmp_path / "docs"
    seed_dir.mkdir()
    for name in ("001_1b2b0a3fb6ca20b2.txt", "003_bd2f6d907527c583.txt"):
        shutil.copy(DOCUMENTS / name, seed_dir / name)
    (seed_dir / "broken.txt").write_text("not a trial\n")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PORT=str(port), HOST="127.0.0.1", SEED_DIR=str(seed_dir), WEB_CONCURRENCY="2")
    pgdata = tmp_path / "pgdata"
    proc = subprocess.Popen(
        [sys.executable, "scripts/with_db.py", "--data", str(pgdata), "--",
         sys.executable, "-m", "service.runtime.boot"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, body = _get(f"{base}/readyz")
                if status == 200:
                    break
            except (OSError, urllib.error.HTTPError):
                pass
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "service did not become ready"
            time.sleep(0.3)
        _, trials = _get(f"{base}/v1/trials")
        assert [t["nct_id"] for t in trials["data"]] == ["NCT05745454", "NCT02632201"]
        _, trial = _get(f"{base}/v1/trials/nct05745454")
        assert trial["source"]["document"] == "001_1b2b0a3fb6ca20b2.txt"
        postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, output
    assert "failed: broken.txt: no NCT id: this is not a trial record" in output
    assert "loaded 2, unchanged 0, failed 1" in output
    deadline = time.monotonic() + 15
    while _alive(postmaster) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(postmaster), "embedded PostgreSQL still running"
    with pytest.raises(OSError):
        _get(f"{base}/healthz")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
