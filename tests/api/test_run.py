"""What `make run` runs: embedded PostgreSQL, migrate, seed SEED_DIR, gunicorn; SIGTERM (as
Ctrl-C) stops all of it, the embedded database included."""

from __future__ import annotations

import os
import sys
import time

import pytest

from tests.support.paths import copy_documents
from tests.support.servers import BOOT, Service

pytestmark = pytest.mark.slow


def test_run_serves_seed_dir_and_stops_everything_on_sigterm(tmp_path):
    seed_dir = copy_documents(
        tmp_path / "docs", ["001_1b2b0a3fb6ca20b2.txt", "003_bd2f6d907527c583.txt"]
    )
    (seed_dir / "broken.txt").write_text("not a trial\n")
    pgdata = tmp_path / "pgdata"
    with_db = [sys.executable, "scripts/with_db.py", "--data", str(pgdata), "--"]
    svc = Service(None, seed_dir, tmp_path / "run.log", command=[*with_db, *BOOT])
    try:
        svc.start().wait_ready(timeout=90)
        trials = svc.get("/v1/trials").json()
        assert [t["nct_id"] for t in trials["data"]] == ["NCT05745454", "NCT02632201"]
        trial = svc.get("/v1/trials/nct05745454").json()
        assert trial["source"]["document"] == "001_1b2b0a3fb6ca20b2.txt"
        postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    finally:
        try:
            code = svc.terminate()  # as Ctrl-C: with_db.py passes it on, then stops PostgreSQL
        finally:
            svc.kill_group()
    output = svc.output()
    assert code == 0, output
    assert "failed: broken.txt: no NCT id: this is not a trial record" in output
    assert "loaded 2, unchanged 0, failed 1" in output
    deadline = time.monotonic() + 15
    while _alive(postmaster) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(postmaster), "embedded PostgreSQL still running"
    with pytest.raises(OSError):
        svc.get("/healthz", timeout=2)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
