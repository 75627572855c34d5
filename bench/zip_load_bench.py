"""Bulk-ZIP load benchmark (issue 14's full-load target): a ``ctg-studies.json.zip`` of N
synthetic API v2 studies (``python -m tools.synth --format ctgov-json``: mean ~17 KB, a tail of
MB-sized studies) loaded into an empty database.

    make bench-zip                                   # 5,000 studies; COUNT=500000 for the figure
    .venv/bin/python bench/zip_load_bench.py --count 500000 --zip /data/ctg-500k.zip

Prints studies per second and the projected time for 500,000 next to the 10-minute target,
where the time goes (read/parse, facts, the served document, COPY, other; in bulk mode, the
index builds after the load: ``--mode incremental`` keeps indexes up row by row), the loader's peak
RSS (with its worker processes) and the database size. The ZIP is written first, by its own
process and not timed, to ``--zip`` (kept, and reused by the next run when it holds
``--count`` studies) or a temporary directory. The database is a scratch one on DATABASE_URL's
server, created empty, migrated, and dropped at the end (``--keep-db`` keeps it).

The load goes the way ``python -m seed import ZIP`` goes (``seed.load.import_paths``: members
inflated here, parsed and stored by ``--workers`` processes, default one per core), or with
``--via items`` through ``seed.load.store_items`` fed with ``SourceItem``s this process reads
and parses (sync's path). The split is measured by wrapping what does each part, in this
process and in forked workers alike; with workers it is work summed over processes.
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
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

import domain.eligibility.facts as facts_module  # noqa: E402
import seed.load.bulk as bulk_module  # noqa: E402
import seed.load.documents as documents_module  # noqa: E402
import seed.parse as parse_module  # noqa: E402
from bench.scratch import create_database, drop_database  # noqa: E402
from domain.records import ParseError  # noqa: E402
from schemas.trial_json import render_trial_json  # noqa: E402
from seed.archive import iter_members  # noqa: E402
from seed.load import SourceItem, import_paths, inputs_for, store_items  # noqa: E402
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
        """Time reading and parsing, fact extraction wherever the loader imported them, and
        every COPY."""
        self._wrap(facts_module.extract_facts, self.timed("facts", facts_module.extract_facts))
        parse = parse_module.parse_source  # a generator function: its steps are timed
        self._wrap(parse, self._timed_generator("read/parse", parse))
        members = documents_module.archive_members
        self._wrap(members, self._timed_generator("read/parse", members))
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

    def _wrap(self, original: Callable, wrapper: Callable) -> None:
        """Put ``wrapper`` wherever a ``seed`` module holds ``original`` by its name."""
        name = original.__name__
        for module in [m for key, m in sys.modules.items() if key.split(".")[0] == "seed"]:
            if getattr(module, name, None) is original:
                setattr(module, name, wrapper)
                self._undo.append(lambda m=module: setattr(m, name, original))

    def _timed_generator(self, part: str, func: Callable) -> Callable:
        """A generator function whose every step (``next``) is timed as ``part``."""

        def wrapper(*args, **kwargs):
            steps = func(*args, **kwargs)
            while True:
                started = time.perf_counter()
                item = next(steps, None)
                self.add(part, time.perf_counter() - started)
                if item is None:
                    return
                yield item

        return wrapper

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
    """The ZIP's studies as ``store_items`` takes them (``--via items``); reading timed as
    read/parse here, parsing by the wrapped ``parse_source``."""
    container = path.name
    members = iter_members(path)
    while True:
        started = time.perf_counter()
        member = next(members, None)
        split.add("read/parse", time.perf_counter() - started)
        if member is None:
            return
        if member.error is not None:
            yield _item(member.name, container, error=member.error)
            continue
        for result in parse_module.parse_source(member.name, member.data):  # timed: wrapped
            if isinstance(result, ParseError):
                yield _item(result.document, container, error=result.reason, line=result.line)
            else:
                yield _item(result.source.document, container, record=result)


class RssSampler:
    """The peak RSS of this process and its children (the loader's workers) together, sampled
    from ``/proc`` four times a second while the load runs."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.25):
            children = [_rss_of(pid) for pid in _children(me)]
            self.peak = max(self.peak, _rss_of(me) + sum(children))
            self.peak_workers = max(self.peak_workers, *children, 0)


class CpuSampler:
    """CPU seconds the load used: this process and its children (the loader's workers, from
    ``getrusage`` once they are reaped), and the PostgreSQL backends serving the scratch
    database (``/proc/PID/stat`` of the pids ``pg_stat_activity`` lists, sampled twice a
    second; a server on this machine only). On a machine shared with other jobs, CPU seconds
    tell what the load costs better than the wall time does."""

    def __init__(self, admin_engine, database: str) -> None:
        self.admin, self.database = admin_engine, database
        self.backends: dict[int, float] = {}  # pid -> its CPU seconds when last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> CpuSampler:
        self._start = self._own()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._sample()
        self._stop.set()
        self._thread.join()
        self.loader = self._own() - self._start

    @property
    def database_seconds(self) -> float:
        return sum(self.backends.values())

    @staticmethod
    def _own() -> float:
        me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self._sample()

    def _sample(self) -> None:
        with contextlib.suppress(Exception), self.admin.connect() as conn:
            pids = conn.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :d"), {"d": self.database}
            ).all()
            tick = os.sysconf("SC_CLK_TCK")
            for pid in pids:
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    self.backends[pid] = (int(fields[11]) + int(fields[12])) / tick


def _children(parent: int) -> list[int]:
    """The child processes of ``parent`` (one of its threads forked each), from each thread's
    ``children`` list: not a scan of every process's ``stat`` (3.5 ms of CPU a sample, taken
    from the load it measures)."""
    found = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        with contextlib.suppress(OSError, ValueError):
            found += [int(pid) for pid in (task / "children").read_text().split()]
    return found


def _rss_of(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


# --------------------------------------------------------------------------- report


def _verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def _seconds(s: float) -> str:
    return f"{s:,.2f} s" if s < 10 else f"{s:,.1f} s"


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
    result,
    seconds: float,
    split: Split,
    sizes: tuple[int, int],
    memory: str,
    workers: int,
    cpu: CpuSampler | None = None,
) -> None:
    loaded = len(result.loaded)
    rate = loaded / seconds if seconds > 0 else 0.0
    projected = FULL / rate if rate else float("inf")
    empty, db_bytes = sizes
    print(
        f"load: {loaded:,} loaded, {len(result.failed):,} failed of {count:,} in "
        f"{seconds:,.1f} s ({workers} worker process{'es' if workers > 1 else ''})"
    )
    projected_note = " (projected)" if count < FULL else ""
    database = _mb(db_bytes)
    if 0 < count < FULL:
        database += f", {_mb(empty + (db_bytes - empty) * FULL / count)} at {FULL:,} (projected)"
    rows = [
        ("rate", f"{rate:,.0f} studies/s", f">= {TARGET_RATE:,}/s", _verdict(rate >= TARGET_RATE)),
        ("full load", f"{FULL:,} in {projected / 60:,.1f} min{projected_note}", "< 10 min",
         _verdict(projected < TARGET_SECONDS)),
        ("peak RSS", memory, "flat in N (no figure)", ""),
        ("database", database, "printed", ""),
    ]  # fmt: skip
    for name, figure, target, verdict in rows:
        print(f"  {name:<10} {figure:<64} target {target:<22} {verdict}".rstrip())
    timed = split.seconds
    if workers <= 1:
        timed["other"] = max(0.0, seconds - sum(timed.values()))
    line = ", ".join(f"{p} {_seconds(s)} ({s / seconds:.0%})" for p, s in timed.items() if seconds)
    print(f"  {'time' if workers <= 1 else 'work':<10} {line}")
    print("  (document: the served JSON rendered per trial; other: rows, SQL, commits, facets)")
    index = result.index_seconds
    if result.bulk:
        storing = seconds - index
        print(
            f"  {'bulk mode':<10} indexes built after the load {_seconds(index)} "
            f"({index / seconds:.0%} of the wall time); storing {_seconds(storing)} "
            f"({loaded / storing:,.0f} studies/s without the index builds)"
        )
    else:
        print(f"  {'bulk mode':<10} off (incremental: indexes kept up row by row)")
    if cpu is not None and loaded:
        used = cpu.loader + cpu.database_seconds
        cores = os.cpu_count() or 1
        bound = loaded / (used / cores)
        print(
            f"  {'cpu':<10} loader {_seconds(cpu.loader)} + PostgreSQL "
            f"{_seconds(cpu.database_seconds)} = {_seconds(used)} "
            f"({used / loaded * 1000:.2f} ms a study): on {cores} idle cores at best "
            f"{bound:,.0f} studies/s, 500,000 in {FULL / bound / 60:,.1f} min"
        )
    if workers > 1:
        print(f"  (work: summed over {workers} workers and this process, % of the wall time)")
    for failure in result.failed[:5]:
        print(f"  failed: {failure}")


# --------------------------------------------------------------------------- main


def _database_bytes(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()


_SPLIT: Split | None = None  # the run's split: workers inherit it when they are forked


def timed_render(*args, **kwargs) -> str:
    """``render_trial_json``, timed as the served document. A module-level function, so the
    loader can hand it to its worker processes (by name; they inherit ``_SPLIT``)."""
    started = time.perf_counter()
    try:
        return render_trial_json(*args, **kwargs)
    finally:
        if _SPLIT is not None:
            _SPLIT.add("document", time.perf_counter() - started)


def load(engine, path: Path, via: str, batch_size: int, workers: int, split: Split):
    """Load the ZIP the chosen way, timed by ``split``: the loader's report."""
    global _SPLIT
    _SPLIT, render = split, timed_render
    if via == "import":
        return import_paths(
            engine, inputs_for([path]), render=render, batch_size=batch_size, workers=workers
        )
    items = source_items(path, split)
    return store_items(engine, items, render=render, batch_size=batch_size, workers=workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="studies (default 5,000)")
    parser.add_argument("--zip", type=Path, help="the ZIP to write (or reuse); default: temp")
    parser.add_argument("--sharded", action="store_true", help="members in folders: 67/NCT….json")
    parser.add_argument("--level", type=int, default=6, help="deflate level (default 6)")
    parser.add_argument(
        "--via",
        choices=("import", "items"),
        default="import",
        help="import_paths (python -m seed import; default) or store_items",
    )
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="loader worker processes (default: one per core)",
    )
    parser.add_argument(
        "--mode",
        choices=("auto", "bulk", "incremental"),
        default="auto",
        help="auto (default): bulk mode into the empty database from 5,000 studies on; bulk: "
        "at any count; incremental: indexes kept up row by row, as into a database that holds "
        "trials",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database")
    args = parser.parse_args()  # fmt: skip
    server = sqlalchemy_url(os.environ["DATABASE_URL"])
    if args.mode != "auto":
        bulk_module.BULK_MIN_STUDIES = 0 if args.mode == "bulk" else sys.maxsize
    with tempfile.TemporaryDirectory(prefix="zip-load-bench-") as tmp:
        path = args.zip or Path(tmp) / "ctg-studies.json.zip"
        ensure_zip(path, args.count, args.sharded, args.level)
        name = f"trials_zipbench_{uuid.uuid4().hex[:8]}"
        url, _ = create_database(server, name, reuse=False)
        admin = create_engine(server, isolation_level="AUTOCOMMIT")  # for CpuSampler
        engine = create_engine(url)
        try:
            migrate(engine)
            empty = _database_bytes(engine)
            split = Split()
            split.install()
            reset_peak_rss()
            at_start = rss("VmRSS")
            started = time.perf_counter()
            try:
                with RssSampler() as sampled, CpuSampler(admin, name) as cpu:
                    result = load(engine, path, args.via, args.batch_size, args.workers, split)
            finally:
                split.uninstall()
            seconds = time.perf_counter() - started
            memory = f"{_mb(max(sampled.peak, rss()))}: this {_mb(rss())} (from {_mb(at_start)})"
            if sampled.peak_workers:
                memory += f", workers <= {_mb(sampled.peak_workers)} each"
            sizes = (empty, _database_bytes(engine))
            report(args.count, result, seconds, split, sizes, memory, args.workers, cpu)
        finally:
            engine.dispose()
            admin.dispose()
            if args.keep_db:
                print(f"database kept: {name}")
            else:
                drop_database(server, name)


if __name__ == "__main__":
    main()
