"""Schemathesis over every operation of the committed openapi.yaml, against gunicorn serving the
seed documents: no 5xx; every response as documented (status code, content type, schema,
headers, problem+json for errors); invalid requests rejected, valid ones accepted; nothing
slower than 5 s. Configuration and extra checks: tests/fuzz/schemathesis.toml and hooks.py.

The server has a database and a SEED_DIR of its own, with the admin API on: the admin
operations (fuzzed last, with the token) delete trials and write documents.

CI runs a bounded, derandomised version (the same requests every run). `make fuzz` runs a longer
one: FUZZ_EXAMPLES (per operation), FUZZ_PHASES (adds `stateful`), FUZZ_SEED, and
FUZZ_DETERMINISTIC=0 for new inputs on every run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.support import databases
from tests.support.paths import ROOT, copy_documents
from tests.support.servers import QUIET, gunicorn

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
PHASES = os.environ.get("FUZZ_PHASES", "examples,coverage,fuzzing")
SEED = os.environ.get("FUZZ_SEED", "1")
DETERMINISTIC = os.environ.get("FUZZ_DETERMINISTIC", "1") != "0"
# One at a time: with several, hypothesis' lambda descriptions race in CPython 3.11's parser
# ("AST constructor recursion depth mismatch"), a runtime error of the run.
WORKERS = os.environ.get("FUZZ_WORKERS", "1")
ADMIN_TOKEN = "fuzz-admin-token-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def live(server_url, tmp_path_factory):
    seed_dir = copy_documents(tmp_path_factory.mktemp("fuzz-seed"))
    with databases.temporary_database(server_url, "trials_fuzz") as url:
        engine = databases.migrated_engine(url)
        databases.load_seeds(engine, seed_dir)
        engine.dispose()
        admin = {"SEED_DIR": str(seed_dir), "ADMIN_TOKEN": ADMIN_TOKEN}
        with gunicorn(url, WEB_CONCURRENCY="2", **admin, **QUIET) as server:
            yield server


def _schemathesis() -> str:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    return found or "schemathesis"


def test_every_operation_conforms_to_the_spec(live):
    reads = run_schemathesis(live.url, "--exclude-tag", "admin")
    writes = run_schemathesis(
        live.url, "--include-tag", "admin", "-H", f"Authorization: Bearer {ADMIN_TOKEN}"
    )
    for result in (reads, writes):
        assert result.returncode == 0, (
            f"schemathesis found failures:\n{result.output[-20000:]}\n"
            f"--- gunicorn log ---\n{live.log_tail()}"
        )


class Run:
    def __init__(self, returncode: int, output: str):
        self.returncode, self.output = returncode, output


def run_schemathesis(url: str, *selection: str) -> Run:
    command = [
        _schemathesis(),
        "--config-file",
        "tests/fuzz/schemathesis.toml",
        "--no-color",
        "run",
        "openapi.yaml",
        "--url",
        url,
        "--phases",
        PHASES,
        "--max-examples",
        str(EXAMPLES),
        "--workers",
        WORKERS,
        *selection,
    ]
    if SEED:
        command += ["--seed", SEED]
    if DETERMINISTIC:
        command.append("--generation-deterministic")
    started = time.monotonic()
    lines: list[str] = []
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as proc:
        for line in proc.stdout:  # as it comes: `make fuzz` runs with -s
            print(line, end="", flush=True)
            lines.append(line)
    output = "".join(lines)
    print(
        f"fuzz {' '.join(selection[:2])}: {summary(output)} in "
        f"{time.monotonic() - started:.1f} s (exit {proc.returncode})"
    )
    return Run(proc.returncode, output)


def summary(output: str) -> str:
    """``N generated, ...`` and the operations tested, from schemathesis' summary."""
    cases = re.search(r"Test cases:\s*\n\s*(.+)", output)
    tested = re.search(r"Tested:\s*(\d+)", output)
    return (
        f"{tested[1] if tested else '?'} operations, "
        f"test cases: {cases[1].strip() if cases else '?'}"
    )
