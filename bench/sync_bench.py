"""Daily-sync benchmark (issue 14's sync target): N changed studies applied to a loaded database
through ``seed.load.sync.sync``, the way ``python -m seed sync`` applies them, from a registry
on the loopback (``tests/support/registry_server.py``), while readers keep reading.

    DATABASE_URL=postgresql://…/trials_bench .venv/bin/python bench/sync_bench.py --changed 1000

The changed studies are N trials already stored (synthetic ``NCT9…`` ids, picked at random),
drawn again with another seed (``tools.synth.studies.build_study``: other content, same NCT
id) and a last-update date one day after the latest stored one. Prints the sync's seconds next
to the 30-second target, where the time went (fetch, parse, store batches: of which the
trials' delete and insert; the facet refresh), and, when ``--port`` names a serving gunicorn,
the latency of ``GET /v1/trials/{id}`` requests made while the sync ran, with any answer
other than 200 (a trial missing half-way would be a 404). Lock waits of other sessions and
ACCESS EXCLUSIVE locks on the database's tables are sampled while it runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, event, text  # noqa: E402

import seed.load.job as job_module  # noqa: E402
import seed.load.sources as sources_module  # noqa: E402
import seed.load.sync as sync_module  # noqa: E402
from schemas.trial_json import render_trial_json  # noqa: E402
from store.engine import sqlalchemy_url  # noqa: E402
from tests.support.registry_server import RegistryServer  # noqa: E402
from tools.synth.studies import build_study  # noqa: E402

TARGET_SECONDS = 30.0  # issue 14: 1,000 changed studies in under 30 seconds


def changed_studies(engine: Engine, count: int, seed: int = 1) -> tuple[list[dict], dt.date]:
    """``count`` stored trials as changed studies: drawn again with ``seed``, updated the day
    after the latest stored last update. Returns the studies and that day."""
    with engine.connect() as conn:
        latest = conn.scalar(text("SELECT max(updated_key) FROM trials")) or dt.date(2024, 1, 1)
        # the same trials for the same database, others after each sync (a later latest)
        conn.execute(text("SELECT setseed(:s)"), {"s": latest.toordinal() % 997 / 997})
        ids = sorted(
            conn.scalars(
                text(
                    "SELECT nct_id FROM trials WHERE nct_id ~ '^NCT9[0-9]{7}$' "
                    "ORDER BY random() LIMIT :n"
                ),
                {"n": count},
            )
        )
    day = latest + dt.timedelta(days=1)
    studies = []
    for nct_id in ids:
        _, study = build_study(int(nct_id[4:]), seed)
        status = study["protocolSection"]["statusModule"]
        status["lastUpdatePostDateStruct"] = {"date": day.isoformat(), "type": "ACTUAL"}
        studies.append(study)
    return studies, day


# --------------------------------------------------------------------------- the split


@dataclass
class SyncSplit:
    """Seconds spent in each part of the sync, by wrapping what does it (one process)."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    _undo: list[Callable[[], None]] = field(default_factory=list)

    def _wrap(self, module, name: str, part: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - started

        setattr(module, name, timed)
        self._undo.append(lambda: setattr(module, name, original))

    def install(self, engine: Engine) -> None:
        pages = sync_module.registry_api.iter_changed

        def timed_pages(*args, **kwargs):
            steps = pages(*args, **kwargs)
            while True:
                started = time.perf_counter()
                page = next(steps, None)
                self.seconds["fetch"] += time.perf_counter() - started
                if page is None:
                    return
                yield page

        sync_module.registry_api.iter_changed = timed_pages
        self._undo.append(lambda: setattr(sync_module.registry_api, "iter_changed", pages))
        self._wrap(sync_module, "study_item", "parse")
        self._wrap(sync_module, "store_items", "store")
        # in this process only (one worker): the batches' trials deleted and inserted
        self._wrap(sources_module, "insert_trials", "  insert trials")
        for module in {sync_module, job_module}:
            self._wrap(module, "refresh_facets", "facets")
        self._wrap(sync_module, "retire_moved", "moved")

        def before(conn, cursor, statement, *args):
            conn.info["started"] = time.perf_counter()

        def after(conn, cursor, statement, *args):
            if statement.lstrip().upper().startswith("DELETE FROM TRIALS"):
                self.seconds["  delete trials"] += time.perf_counter() - conn.info["started"]

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        self._undo.append(lambda: event.remove(engine, "before_cursor_execute", before))
        self._undo.append(lambda: event.remove(engine, "after_cursor_execute", after))

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()


# --------------------------------------------------------------------------- readers


class Reader(threading.Thread):
    """``GET /v1/trials/{id}`` one after another (the changed ids and others, mixed) until
    stopped: each request's latency and status."""

    def __init__(self, port: int, ids: list[str]):
        super().__init__(daemon=True)
        self.port, self.ids = port, ids
        self.ms: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.stop = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        pick = random.Random(5)
        while not self.stop.is_set():
            started = time.perf_counter()
            conn.request("GET", f"/v1/trials/{pick.choice(self.ids)}")
            response = conn.getresponse()
            response.read()
            self.ms.append((time.perf_counter() - started) * 1000)
            self.statuses[response.status] += 1
        conn.close()


class LockWatch(threading.Thread):
    """Samples, every 50 ms, the readers (sessions running a SELECT, not the sync's advisory
    locks) waiting on a lock, and any ACCESS EXCLUSIVE lock held on a table of the database's
    public schema."""

    QUERY = text(
        "SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND wait_event <> 'advisory' AND pid <> pg_backend_pid() "
        "AND query ~* '^\\s*select'), "
        "(SELECT string_agg(DISTINCT c.relname, ', ') FROM pg_locks l "
        "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE l.mode = 'AccessExclusiveLock' AND n.nspname = 'public' "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))"
    )

    def __init__(self, engine: Engine):
        super().__init__(daemon=True)
        self.engine = engine
        self.samples = self.max_waiting = 0
        self.exclusive: set[str] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        with self.engine.connect() as conn:
            while not self.stop.wait(0.05):
                waiting, exclusive = conn.execute(self.QUERY).one()
                conn.rollback()
                self.samples += 1
                self.max_waiting = max(self.max_waiting, waiting)
                if exclusive:
                    self.exclusive.update(exclusive.split(", "))


# --------------------------------------------------------------------------- the run


@dataclass
class SyncResult:
    changed: int
    seconds: float
    summary: str
    split: dict[str, float]
    reader_ms: list[float]
    reader_statuses: Counter[int]
    lock_samples: int
    max_waiting: int
    exclusive: set[str]

    @property
    def reader_p95(self) -> float | None:
        if len(self.reader_ms) < 2:
            return None
        return statistics.quantiles(self.reader_ms, n=20, method="inclusive")[18]

    def lines(self) -> list[str]:
        out = [f"sync: {self.summary}"]
        parts = ", ".join(f"{k.strip()} {v:.2f} s" for k, v in self.split.items() if v)
        out.append(f"  split: {parts}")
        if self.reader_ms:
            other = sum(n for s, n in self.reader_statuses.items() if s != 200)
            out.append(
                f"  readers: {len(self.reader_ms)} GET /v1/trials/{{id}} during the sync: p50 "
                f"{statistics.median(self.reader_ms):.1f} ms, p95 {self.reader_p95 or 0:.1f} ms, "
                f"max {max(self.reader_ms):.1f} ms, answers other than 200: {other}"
            )
        exclusive = ", ".join(sorted(self.exclusive)) or "none"
        out.append(
            f"  locks ({self.lock_samples} samples): at most {self.max_waiting} reader(s) waiting "
            f"on a lock; ACCESS EXCLUSIVE on tables: {exclusive}"
        )
        return out


def run_sync(
    database_url: str,
    changed: int,
    port: int | None = None,
    readers: int = 1,
    workers: int = sync_module.WORKERS,
) -> SyncResult:
    """Serve ``changed`` changed studies on the loopback and sync them into the database
    (``workers``: the sync's, storing a page's batches side by side)."""
    engine = create_engine(database_url)
    studies, day = changed_studies(engine, changed)
    with engine.connect() as conn:
        others = list(conn.scalars(text("SELECT nct_id FROM trials TABLESAMPLE SYSTEM (1)")))
    ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in studies]
    split = SyncSplit()
    watch = LockWatch(engine)
    pool = [Reader(port, ids + others[: len(ids)]) for _ in range(readers)] if port else []
    with RegistryServer(studies, data_timestamp=f"{day.isoformat()}T23:00:00") as registry:
        split.install(engine)
        watch.start()
        for reader in pool:
            reader.start()
        started = time.perf_counter()
        try:
            report = sync_module.sync(
                engine, render=render_trial_json, base_url=registry.url, since=day, workers=workers
            )
        finally:
            seconds = time.perf_counter() - started
            for thread in (*pool, watch):
                thread.stop.set()
                thread.join()
            split.uninstall()
    engine.dispose()
    ms = [t for r in pool for t in r.ms]
    statuses = sum((r.statuses for r in pool), Counter())
    return SyncResult(
        len(studies), seconds, report.summary(), dict(split.seconds), ms, statuses,
        watch.samples, watch.max_waiting, watch.exclusive,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changed", type=int, default=1000, help="changed studies (1,000)")
    parser.add_argument("--port", type=int, help="a gunicorn serving the database: read it")
    parser.add_argument("--workers", type=int, default=sync_module.WORKERS, help="the sync's")
    args = parser.parse_args()
    url = sqlalchemy_url(os.environ["DATABASE_URL"])
    result = run_sync(url, args.changed, args.port, workers=args.workers)
    for line in result.lines():
        print(line)
    verdict = "met" if result.seconds < TARGET_SECONDS else "missed"
    print(f"daily sync: {result.changed:,} changed studies in {result.seconds:.1f} s "
          f"(target < {TARGET_SECONDS:.0f} s): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
