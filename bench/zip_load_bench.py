"""Bulk-ZIP load benchmark (issue 14's full-load target): a ``ctg-studies.json.zip`` of N
synthetic API v2 studies (``python -m tools.synth --format ctgov-json``: mean ~17 KB, a tail of
MB-sized studies) loaded into an empty database.

    .venv/bin/python scripts/with_db.py -- .venv/bin/python bench/zip_load_bench.py
    .venv/bin/python bench/zip_load_bench.py --count 500000 --zip /data/ctg-500k.zip  # the figure

Prints studies per second, where the time goes (read/parse, facts, the served document, COPY,
other), the loader's peak RSS and the database size, each next to its target. The ZIP is written
first (not timed) to ``--zip`` (kept, and reused by the next run when it holds ``--count``
studies) or a temporary directory. The database is a scratch one on DATABASE_URL's server,
created empty, migrated, and dropped at the end (``--keep-db`` keeps it).

The loader is ``seed.load.store_items`` fed with ``SourceItem``s read by ``seed.archive`` and
``seed.parse.parse_source`` in this process. The split is measured in this process: run with
``--workers 1`` (the default) for it to be complete.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402

import domain.eligibility.facts as facts_module  # noqa: E402
from domain.records import ParseError  # noqa: E402
from schemas.trial_json import render_trial_json  # noqa: E402
from seed.archive import iter_members  # noqa: E402
from seed.load import SourceItem, store_items  # noqa: E402
from seed.parse import parse_source  # noqa: E402
from store.engine import sqlalchemy_url  # noqa: E402
from store.migrate import migrate  # noqa: E402
from tools.synth.sizes import measure  # noqa: E402

FULL = 500_000
TARGET_SECONDS = 600  # issue 14: the full load in under 10 minutes
TARGET_RATE = math.ceil(FULL / TARGET_SECONDS)  # 834 studies/s


# --------------------------------------------------------------------------- the ZIP


def ensure_zip(path: Path, count: int, sharded: bool, level: int) -> None:
    """Write the bulk ZIP unless ``path`` already holds ``count`` studies; print its sizes."""
    if path.exists():
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) == count:
                print(f"zip: reusing {path} ({path.stat().st_size / 1e6:,.1f} MB)")
                print(f"sizes: {measure(path).summary()}")
                return
    command = [
        sys.executable, "-m", "tools.synth", "--format", "ctgov-json", "--count", str(count),
        "--zip", str(path), "--level", str(level), *(["--sharded"] if sharded else []),
    ]  # fmt: skip
    print(f"zip: {' '.join(command[1:])}  (its own process; not part of the load)", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


# --------------------------------------------------------------------------- the split


PARTS = ("read/parse", "facts", "document", "COPY")


class Split:
    """Seconds spent in each part of the load, by wrapping what does it. The sums live in
    shared memory, so worker processes forked by the loader (``--workers N``) add theirs."""

    def __init__(self) -> None:
        self._sums = {part: multiprocessing.Value("d", 0.0) for part in PARTS}
        self._undo: list[Callable[[], None]] = []

    @property
    def seconds(self) -> dict[str, float]:
        return {part: total.value for part, total in self._sums.items()}

    def add(self, part: str, seconds: float) -> None:
        total = self._sums[part]
        with total.get_lock():
            total.value += seconds

    def timed(self, part: str, func: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.add(part, time.perf_counter() - started)

        return wrapper

    def install(self) -> None:
        """Time fact extraction wherever the loader imported it, and every COPY."""
        original = facts_module.extract_facts
        timed = self.timed("facts", original)
        for module in [m for name, m in sys.modules.items() if name.split(".")[0] == "seed"]:
            if getattr(module, "extract_facts", None) is original:
                module.extract_facts = timed
                self._undo.append(lambda m=module: setattr(m, "extract_facts", original))
        copy = psycopg.Cursor.copy
        split = self

        @contextlib.contextmanager
        def timed_copy(cursor, *args, **kwargs):
            started = time.perf_counter()
            try:
                with copy(cursor, *args, **kwargs) as c:
                    yield c
            finally:
                split.add("COPY", time.perf_counter() - started)

        psycopg.Cursor.copy = timed_copy
        self._undo.append(lambda: setattr(psycopg.Cursor, "copy", copy))

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()


def _item(name, container, *, record=None, error=None, line=None) -> SourceItem:
    return SourceItem(
        name=name,
        origin="archive",
        container=container,
        sha256=record.source.sha256 if record else "",
        record=record,
        error=error,
        error_line=line,
    )


def source_items(path: Path, split: Split) -> Iterator[SourceItem]:
    """The ZIP's studies as the loader takes them; reading and parsing timed as read/parse."""
    container = path.name
    members = iter_members(path)
    while True:
        started = time.perf_counter()
        member = next(members, None)
        if member is None:
            split.add("read/parse", time.perf_counter() - started)
            return
        items = []
        if member.error is not None:
            items.append(_item(member.name, container, error=member.error))
        else:
            for result in parse_source(member.name, member.data):
                if isinstance(result, ParseError):
                    items.append(
                        _item(result.document, container, error=result.reason, line=result.line)
                    )
                else:
                    items.append(_item(result.source.document, container, record=result))
        split.add("read/parse", time.perf_counter() - started)
        yield from items


# --------------------------------------------------------------------------- report


def _verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def _mb(n: float) -> str:
    return f"{n / 1e9:,.2f} GB" if n >= 1e9 else f"{n / 1e6:,.1f} MB"


def reset_peak_rss() -> bool:
    """Start this process's peak RSS afresh (Linux: ``/proc/self/clear_refs``)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def rss(field: str = "VmHWM") -> int:
    """This process's peak RSS in bytes since ``reset_peak_rss`` (``VmHWM``; else since it
    started), or its RSS now (``VmRSS``)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def report(
    count: int,
    loaded: int,
    failed: int,
    seconds: float,
    split: Split,
    sizes: tuple[int, int],
    rss_before: int,
    workers: int,
) -> None:
    rate = loaded / seconds if seconds > 0 else 0.0
    projected = FULL / rate if rate else float("inf")
    empty, db_bytes = sizes
    print(f"load: {loaded:,} loaded, {failed:,} failed of {count:,} in {seconds:,.1f} s")
    projected_note = " (projected)" if count < FULL else ""
    database = _mb(db_bytes)
    if 0 < count < FULL:
        database += f", {_mb(empty + (db_bytes - empty) * FULL / count)} at {FULL:,} (projected)"
    rows = [
        ("rate", f"{rate:,.0f} studies/s", f">= {TARGET_RATE:,}/s", _verdict(rate >= TARGET_RATE)),
        ("full load", f"{FULL:,} in {projected / 60:,.1f} min{projected_note}", "< 10 min",
         _verdict(projected < TARGET_SECONDS)),
        ("peak RSS", f"{_mb(rss())} (at the start {_mb(rss_before)})", "flat in N (no figure)",
         ""),
        ("database", database, "printed", ""),
    ]  # fmt: skip
    for name, figure, target, verdict in rows:
        print(f"  {name:<10} {figure:<50} target {target:<22} {verdict}".rstrip())
    timed = split.seconds
    if workers <= 1:
        timed["other"] = max(0.0, seconds - sum(timed.values()))
    line = ", ".join(
        f"{p} {s:,.1f} s ({s / seconds:.0%})" if seconds else f"{p} {s:,.1f} s"
        for p, s in timed.items()
    )
    where = "time" if workers <= 1 else "work"
    print(f"  {where:<10} {line}")
    if workers > 1:
        print(
            f"  (summed over the loader's {workers} worker processes and this one: % of wall time)"
        )
    print("  (document: the served JSON rendered per trial; other: rows, SQL, commits, facets)")


# --------------------------------------------------------------------------- main


def _database_bytes(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="studies (default 5,000)")
    parser.add_argument("--zip", type=Path, help="the ZIP to write (or reuse); default: temp")
    parser.add_argument("--sharded", action="store_true", help="members in folders: 67/NCT….json")
    parser.add_argument("--level", type=int, default=6, help="deflate level (default 6)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    server = sqlalchemy_url(os.environ["DATABASE_URL"])
    with tempfile.TemporaryDirectory(prefix="zip-load-bench-") as tmp:
        path = args.zip or Path(tmp) / "ctg-studies.json.zip"
        ensure_zip(path, args.count, args.sharded, args.level)
        name = f"trials_zipbench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine = create_engine(make_url(server).set(database=name))
        try:
            migrate(engine)
            empty = _database_bytes(engine)
            split = Split()
            render = split.timed("document", render_trial_json)
            split.install()
            reset_peak_rss()
            rss_before = rss("VmRSS")
            started = time.perf_counter()
            try:
                result = store_items(
                    engine, source_items(path, split), render=render,
                    batch_size=args.batch_size, workers=args.workers,
                )  # fmt: skip
            finally:
                split.uninstall()
            seconds = time.perf_counter() - started
            sizes = (empty, _database_bytes(engine))
            loaded, failed = len(result.loaded), len(result.failed)
            report(args.count, loaded, failed, seconds, split, sizes, rss_before, args.workers)
            for failure in result.failed[:5]:
                print(f"  failed: {failure}")
        finally:
            engine.dispose()
            if args.keep_db:
                print(f"database kept: {name}")
            else:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
