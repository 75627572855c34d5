"""Every example under the README's "First queries" returns data from `make run`'s demo set
(seed/documents: the five pages and the registry samples): a new user who follows the README
never sees an empty answer."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from schemas.trial_json import render_trial_json
from seed.load import load_directory
from tests.support import databases
from tests.support.apps import app_under_test
from tests.support.paths import ROOT

DEMO_SET = ROOT / "seed" / "documents"


def examples() -> list[list[str]]:
    """The curl commands of the README's "First queries" block, as argument lists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## First queries", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = block.replace("\\\n", " ").splitlines()
    return [shlex.split(line, comments=True) for line in commands if line.startswith("curl")]


def request_of(argv: list[str]) -> tuple[str, str, dict | None]:
    """(method, path and query, JSON body) of a curl command."""
    method, body, url = "GET", None, None
    args = iter(argv[1:])
    for arg in args:
        if arg == "-X":
            method = next(args)
        elif arg == "-d":
            body = json.loads(next(args))
        elif arg == "-H":
            next(args)
        elif not arg.startswith("-"):
            url = arg
    return method, re.sub(r"^(https?://)?localhost:8000", "", url), body


EXAMPLES = examples()


@pytest.fixture(scope="module")
def demo_client(server_url):
    with databases.temporary_database(server_url, "trials_readme") as url:
        engine = databases.migrated_engine(url)
        report = load_directory(engine, DEMO_SET, render=render_trial_json, workers=1)
        assert report.failed == []
        engine.dispose()
        with app_under_test(url) as app:
            yield app.test_client()


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 12
    assert any(request_of(e)[0] == "POST" for e in EXAMPLES)
    assert any("/v1/trials.csv" in request_of(e)[1] for e in EXAMPLES)


@pytest.mark.parametrize("argv", EXAMPLES, ids=lambda a: request_of(a)[1][:60])
def test_every_readme_example_returns_data(demo_client, argv):
    method, path, body = request_of(argv)
    response = demo_client.open(path, method=method, json=body)
    assert response.status_code == 200, (path, response.get_data(as_text=True)[:500])
    if response.mimetype == "text/csv":
        rows = response.get_data(as_text=True).strip().splitlines()
        assert len(rows) > 1, rows  # a header and at least one trial
        return
    data = response.get_json()
    if isinstance(data.get("data"), list):
        assert data["data"], path
    elif data.get("resourceType") == "Bundle":
        assert data.get("entry"), path
    elif "facets" in path or path.startswith("/v1/stats"):
        assert data["total"] > 0
    else:
        assert data, path
