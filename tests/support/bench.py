"""Running a benchmark script as a user would: its own process, DATABASE_URL set."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.paths import ROOT


def run_bench(script: str, database_url: str, *args: str) -> str:
    """``python bench/<script> ARGS`` against ``database_url``: what it printed. A failing
    run fails the test with the end of its output."""
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=ROOT,
        env=dict(os.environ, DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout
