"""Synthetic text-layout documents (``python -m tools.synth``: classic and modern pages) written
to a directory and loaded by the seed job into a database of their own on DATABASE_URL's
server: the text-layout load rate, and the database ``bench/match_bench.py`` builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.scratch import create_database
from schemas.trial_json import render_trial_json
from seed.load import LoadReport, load_directory
from store.migrate import migrate

ROOT = Path(__file__).resolve().parents[1]


def ensure_documents(directory: Path, count: int) -> None:
    """``count`` text documents of both layouts in ``directory``, unless they are there."""
    existing = sum(1 for _ in directory.glob("synth_*.txt")) if directory.is_dir() else 0
    if existing == count:
        print(f"documents: {count} already in {directory}")
        return
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    started = time.perf_counter()
    shards = os.cpu_count() or 1
    per = -(-count // shards)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tools.synth", "--count", str(min(per, count - k * per)),
             "--start", str(1 + k * per), "--out", str(directory)],
            cwd=ROOT, stdout=subprocess.DEVNULL,
        )
        for k in range(shards)
        if count - k * per > 0
    ]  # fmt: skip
    for p in procs:
        p.wait()
    seconds = time.perf_counter() - started
    print(f"documents: wrote {count} in {seconds:.0f}s ({count / seconds:.0f}/s) to {directory}")


def vacuum_and_size(database_url: str) -> tuple[int, int]:
    """VACUUM ANALYZE the database (printed with its time): (trials, bytes)."""
    engine = create_engine(database_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        started = time.perf_counter()
        conn.execute(text("VACUUM ANALYZE"))
        print(f"vacuum analyze: {time.perf_counter() - started:.0f}s")
        size = conn.scalar(text("SELECT pg_database_size(current_database())"))
        trials = conn.scalar(text("SELECT count(*) FROM trials"))
    engine.dispose()
    print(f"database: {trials:,} trials, {size / 1e9:.2f} GB")
    return trials, size


def load_text(database_url: str, directory: Path) -> LoadReport:
    """The seed job (``seed.load.load_directory``) over ``directory``, into the database."""
    engine = create_engine(database_url)
    migrate(engine)
    last = [time.monotonic()]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30:
            last[0] = time.monotonic()
            print(f"  loading: {done}/{total}", flush=True)

    report = load_directory(engine, directory, render=render_trial_json, progress=progress)
    engine.dispose()
    print(f"load: {report.summary()}")
    return report


def load(server_url: str, directory: Path, reuse: bool, name: str = "trials_bench") -> str:
    """The text documents in ``directory`` loaded into the database ``name`` (kept as it is
    with ``reuse``): its URL."""
    url, kept = create_database(server_url, name, reuse)
    if not kept:
        load_text(url, directory)
        vacuum_and_size(url)
    return url
