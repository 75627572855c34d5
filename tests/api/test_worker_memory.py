"""A real gunicorn worker after the requests that allocate the most (a match, the CSV export,
filtered stats): each answers as the app does, the worker's hooks (freeze, trim) fail
nothing, and its RSS stays near where it started."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.support.servers import gunicorn


def _rss_mb(log: Path) -> float:
    """The worker's RSS, by its pid in gunicorn's 'Booting worker with pid' line."""
    pid = next(
        line.rsplit("pid:", 1)[1].strip().split()[0].strip('"}')
        for line in log.read_text().splitlines()
        if "Booting worker with pid" in line
    )
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.slow
def test_large_requests_leave_a_worker_near_its_resting_size(seeded, database_url, tmp_path):
    log = tmp_path / "gunicorn.log"
    env = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4", "LOG_FORMAT": "text"}
    with gunicorn(database_url, log, **env) as server:
        resting = _rss_mb(log)
        profile = {"age": 60, "sex": "FEMALE", "conditions": ["cancer"]}
        for _ in range(20):
            request = urllib.request.Request(
                f"{server.url}/v1/match",
                data=json.dumps(profile).encode(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request) as response:
                assert response.status == 200
                assert json.loads(response.read())["meta"]["limit"] == 20
            with urllib.request.urlopen(f"{server.url}/v1/trials.csv") as response:
                assert response.read().decode().splitlines()[0].startswith("nct_id,")
            with urllib.request.urlopen(f"{server.url}/v1/stats?status=RECRUITING") as response:
                assert response.status == 200
        after = _rss_mb(log)
    assert "Exception in post_request hook" not in log.read_text()
    assert after < resting + 30, (resting, after)
