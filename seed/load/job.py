"""The seed job: mirror a directory into the database; safe to run from several processes.

Every document in the directory is parsed and stored; a document whose bytes did not change
since it was loaded (same sha256) is skipped; a changed document replaces its trial
atomically; a document that no longer exists is removed with its trial. Batches are read,
parsed and stored by worker processes side by side. A PostgreSQL advisory lock lets one
process seed while others (gunicorn workers, replicas) wait, then find nothing left to do.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, insert, select, update

from seed.load.documents import list_documents, prepare
from seed.load.facets import refresh_facets
from seed.load.rows import LOADER_VERSION, Render
from seed.load.sources import prune_documents, store_documents
from store import models as m
from store.locks import SEED_LOCK_KEY, advisory_lock

log = logging.getLogger("seed.load")


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def documents_per_second(self) -> float:
        done = len(self.loaded) + len(self.unchanged) + len(self.failed)
        return done / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"loaded {len(self.loaded)}, unchanged {len(self.unchanged)}, "
            f"failed {len(self.failed)}, removed {len(self.removed)} "
            f"in {self.seconds:.2f}s ({self.documents_per_second:.0f} documents/s)"
        )


def load_directory(
    engine: Engine,
    seed_dir: str | os.PathLike[str],
    *,
    render: Render,
    batch_size: int = 500,
    workers: int | None = None,
    prune: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Mirror ``seed_dir`` into the database; safe to run from several processes at once.
    ``render`` makes each trial's served JSON."""
    paths = list_documents(seed_dir)
    report = LoadReport()
    started = time.perf_counter()
    with advisory_lock(engine, SEED_LOCK_KEY):
        with engine.begin() as conn:
            run_id = conn.execute(
                insert(m.SeedRun).values(seed_dir=str(seed_dir)).returning(m.SeedRun.id)
            ).scalar_one()
        workers = workers if workers is not None else (os.cpu_count() or 1)
        done = 0
        for unchanged, outcomes in _loaded_batches(engine, paths, batch_size, workers, render):
            report.unchanged += unchanged
            done += len(unchanged) + _record(outcomes, report)
            if progress:
                progress(done, len(paths))
        if displaced := {name for name, _ in report.failed} & set(report.loaded):
            report.loaded = [n for n in report.loaded if n not in displaced]
        if prune and paths:
            report.removed = prune_documents(engine, {p.name for p in paths})
        if report.loaded or report.removed or report.failed:
            with engine.begin() as conn:
                refresh_facets(conn)
        report.seconds = time.perf_counter() - started
        with engine.begin() as conn:
            conn.execute(
                update(m.SeedRun)
                .where(m.SeedRun.id == run_id)
                .values(
                    finished_at=func.now(),
                    loaded=len(report.loaded),
                    unchanged=len(report.unchanged),
                    failed=len(report.failed),
                    removed=len(report.removed),
                )
            )
    for name, reason in report.failed:
        log.warning("seed: %s failed: %s", name, reason)
    log.info("seed: %s", report.summary())
    return report


def load_documents(
    engine: Engine, paths: list[Path], *, render: Render, force: bool = False
) -> list[tuple[str, str | None]]:
    """Read, parse and store these documents in this process: ``[(name, error or None)]``.
    A document already loaded with the same bytes (by this loader version) is skipped, unless
    ``force``. No seed run is recorded and no lock taken: the caller holds the seed lock."""
    known = {} if force else _known(engine, paths)
    _, outcomes = _load_batch(paths, known, render, engine)
    return outcomes


def _batches(paths: list[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(paths), size):
        yield paths[i : i + size]


_worker_engine: Engine | None = None


def _init_worker(url: str) -> None:
    global _worker_engine
    _worker_engine = create_engine(url, pool_size=1, max_overflow=0)


def _load_batch(
    paths: list[Path], known: dict[str, str], render: Render, engine: Engine | None = None
) -> tuple[list[str], list[tuple[str, str | None]]]:
    """Read, hash, parse and store one batch: (unchanged names, [(name, error or None)]).

    Runs in a worker process, which has its own database connection: records never cross
    a process boundary, only names and errors do."""
    unchanged, docs = prepare(paths, known)
    return unchanged, store_documents(engine or _worker_engine, docs, render)


def _loaded_batches(
    engine: Engine, paths: list[Path], size: int, workers: int, render: Render
) -> Iterator[tuple[list[str], list[tuple[str, str | None]]]]:
    """Batches loaded by ``workers`` processes side by side, results in order; at most two
    batches per worker are in flight, so memory stays flat whatever the directory's size."""
    batches = _batches(paths, size)
    if workers <= 1 or len(paths) <= size:
        for batch in batches:
            yield _load_batch(batch, _known(engine, batch), render, engine)
        return
    url = engine.url.render_as_string(hide_password=False)
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(url,)) as pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append(pool.submit(_load_batch, batch, _known(engine, batch), render))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _known(engine: Engine, batch: list[Path]) -> dict[str, str]:
    """name -> sha256 of the documents of ``batch`` already loaded by this loader version."""
    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(m.SourceDocument.name, m.SourceDocument.sha256).where(
                    m.SourceDocument.name.in_([p.name for p in batch]),
                    m.SourceDocument.status == "loaded",
                    m.SourceDocument.loader_version == LOADER_VERSION,
                )
            ).all()
        )


def _record(outcomes: list[tuple[str, str | None]], report: LoadReport) -> int:
    for name, error in outcomes:
        if error is None:
            report.loaded.append(name)
        else:
            report.failed.append((name, error))
    return len(outcomes)
