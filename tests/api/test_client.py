"""A Python SDK generated from openapi.yaml works against a running server (gunicorn)."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.servers import QUIET, gunicorn

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(engine, seeded, database_url):
    with gunicorn(database_url, WEB_CONCURRENCY="1", **QUIET) as live:
        yield live.url


@pytest.fixture(scope="module")
def sdk(tmp_path_factory):
    out = tmp_path_factory.mktemp("sdk")
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    subprocess.run(
        [
            shutil.which("openapi-python-client", path=env["PATH"]) or "openapi-python-client",
            "generate",
            "--path",
            str(ROOT / "openapi.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(out / "trials_api_client"),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    sys.path.insert(0, str(out))
    yield importlib.import_module("trials_api_client")
    sys.path.remove(str(out))


def test_generated_client_lists_pages_fetches_and_reads_a_404(server, sdk):
    from trials_api_client.api.trials import get_trial, list_trials
    from trials_api_client.models import Problem, Trial, TrialPage

    client = sdk.Client(base_url=server, raise_on_unexpected_status=True)
    seen, cursor = [], None
    while True:
        kwargs = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = list_trials.sync(client=client, **kwargs)
        assert isinstance(page, TrialPage)
        seen += [t.nct_id for t in page.data]
        cursor = page.page.next_cursor
        if not cursor:
            break
    assert seen == ["NCT06224738", "NCT05745454", "NCT05681650", "NCT02713984", "NCT02632201"]

    trial = get_trial.sync(client=client, nct_id="NCT02713984")
    assert isinstance(trial, Trial)
    assert trial.overall_status == "WITHDRAWN"
    assert trial.arms[0].interventions == ["Anti-HER2 CAR-T"]
    assert trial.eligibility.minimum_age_years == 18.0

    missing = get_trial.sync_detailed(client=client, nct_id="NCT99999999")
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Problem)
    assert missing.parsed.detail == "No trial with id NCT99999999."
