"""The load jobs: mirror a directory (the seed job), import files, store parsed items (sync).

Every input is read and parsed (by content: text pages, API v2 JSON in any of its shapes, legacy
XML, bulk ZIPs streamed member by member) into ``SourceItem``s, and stored in batches by worker
processes side by side, at most two batches per worker in flight, so memory stays flat whatever
the input's size. A source whose bytes did not change since it was stored (by this loader
version) is skipped without being parsed: a file by its sha256, a ZIP member by the CRC-32 and
size in the archive's directory. A PostgreSQL advisory lock lets one process load while others
(gunicorn workers, replicas) wait, then find nothing left to do.

Removing: a file read in full removes its sources it no longer holds (a full bulk ZIP that no
longer holds a study; not a damaged ZIP, whose members past the damage were not seen); a seed
of a directory also removes the sources of files gone from it that an earlier seed of it
loaded. Imported and synced sources are never removed by a seed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine, func, insert, update

from seed.load.bulk import bulk_mode
from seed.load.documents import (
    Input,
    SourceItem,
    archive_members,
    entry_count,
    is_archive,
    list_inputs,
    member_key,
    study_count,
)
from seed.load.facets import refresh_facets
from seed.load.rows import Render, warm
from seed.load.sources import (
    Outcome,
    WriteContext,
    containers_to_reread,
    current_statuses,
    known_files,
    known_members,
    mirrored_containers,
    names_in,
    remove_sources,
)
from seed.load.worker import Unit, init_worker, run_batch
from store import models as m
from store.locks import SEED_LOCK_KEY, advisory_lock
from store.snapshots import shared_snapshot

log = logging.getLogger("seed.load")

Progress = Callable[[int, int], None]  # (documents done, documents known so far)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    superseded: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    bulk: bool = False  # loaded in bulk mode (seed.load.bulk): indexes built after the data
    index_seconds: float = 0.0  # of ``seconds``: building indexes (bulk mode, or missing ones)

    @property
    def documents_per_second(self) -> float:
        done = len(self.loaded) + len(self.unchanged) + len(self.failed) + len(self.superseded)
        return done / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        return (
            f"loaded {len(self.loaded)}, unchanged {len(self.unchanged)}, "
            f"failed {len(self.failed)}, removed {len(self.removed)}, "
            f"superseded {len(self.superseded)} "
            f"in {self.seconds:.2f}s ({self.documents_per_second:.0f} documents/s)"
        )


# --------------------------------------------------------------------------- the jobs


def load_directory(
    engine: Engine,
    seed_dir: str | os.PathLike[str],
    *,
    render: Render,
    batch_size: int = 500,
    workers: int | None = None,
    prune: bool = True,
    progress: Progress | None = None,
) -> LoadReport:
    """Mirror ``seed_dir`` (every file under it, recursively) into the database; safe to run
    from several processes at once. ``render`` makes each trial's served JSON."""
    inputs = list_inputs(seed_dir)
    job = _Job(engine, render, str(seed_dir), batch_size, workers, progress, mirrored=True)
    return job.run(inputs, prune=prune)


def import_paths(
    engine: Engine,
    inputs: list[Input],
    *,
    render: Render,
    batch_size: int = 500,
    workers: int | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load these files (``inputs_for`` lists them) without mirroring: what they no longer
    hold is removed, and nothing else."""
    label = "import: " + " ".join(i.name for i in inputs[:5]) + (" ..." if len(inputs) > 5 else "")
    job = _Job(engine, render, label, batch_size, workers, progress, mirrored=False)
    return job.run(inputs, prune=False)


def inputs_for(paths: Iterable[str | os.PathLike[str]]) -> list[Input]:
    """The files to import: a file under its own name, a directory's files (recursively) under
    their names relative to it. ``FileNotFoundError`` for a path that does not exist."""
    inputs: list[Input] = []
    for path in map(Path, paths):
        if path.is_dir():
            inputs += list_inputs(path)
        elif path.exists():
            inputs.append(Input(str(path), path.name))
        else:
            raise FileNotFoundError(f"no such file or directory: {path}")
    return inputs


def store_items(
    engine: Engine,
    items: Iterable[SourceItem],
    *,
    render: Render,
    batch_size: int = 500,
    workers: int = 1,
    progress: Progress | None = None,
    label: str = "items",
    refresh: bool = True,
) -> LoadReport:
    """Store parsed items (a sync's records), idempotently: an item whose sha256 is stored
    already is unchanged; precedence decides which source of an NCT id holds its trial;
    a failing item is recorded as failed and the rest still load. Nothing is removed.
    Takes the seed lock (so its caller must not hold it) and records a seed run (``label``).
    ``refresh=False`` leaves the facet counts to the caller (a sync recounts once per run)."""
    job = _Job(engine, render, label, batch_size, workers, progress, mirrored=False)
    job.refresh = refresh
    return job.run_items(items)


def load_documents(
    engine: Engine, paths: list[Path], *, render: Render, force: bool = False
) -> list[tuple[str, str | None]]:
    """Read, parse and store these files (in the seed directory, by their own names) in this
    process: ``[(name, error or None)]``. Unchanged ones are skipped, unless ``force``. No seed
    run is recorded and no lock taken: the caller holds the seed lock."""
    ctx = WriteContext(render, None, mirrored=True, force=force)
    inputs = [Input(str(p), p.name) for p in paths]
    known = {} if force else known_files(engine, [i.name for i in inputs], True)
    outcomes = run_batch(inputs, known, ctx, 500, engine)
    return [(name, reason if status == "failed" else None) for name, _, status, reason in outcomes]


# --------------------------------------------------------------------------- the runner


class _Job:
    def __init__(self, engine, render, label, batch_size, workers, progress, *, mirrored):
        self.engine, self.render, self.label = engine, render, label
        self.batch_size, self.progress, self.mirrored = batch_size, progress, mirrored
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.status: dict[str, tuple[str, str | None]] = {}  # name -> (status, reason)
        self.seen: dict[str, set[str]] = {}  # container -> names read in it
        self.damaged: set[str] = set()  # archives not read to their end
        self.removed: list[str] = []
        self.done = self.total = 0
        self.refresh = True  # recount the facets at the end when anything changed

    def run(self, inputs: list[Input], *, prune: bool) -> LoadReport:
        """Read, parse and store ``inputs``; remove what they no longer hold."""
        names = [i.name for i in inputs]
        if twice := sorted(n for n, count in Counter(names).items() if count > 1):
            raise ValueError(f"several inputs have the same name: {', '.join(twice)}")
        with self._running() as ctx:
            self.total = len(inputs)
            with bulk_mode(self.engine, lambda: study_count(inputs)) as self.bulk:
                self._store(self._units(inputs), replace(ctx, bulk=self.bulk.on))
            self._remove_unseen(inputs, prune)
            again = containers_to_reread(self.engine) & set(names)
            if again:  # sources that must hold their trial again, their record not kept
                self._store(self._units([i for i in inputs if i.name in again]), ctx)
        self.report.bulk = self.bulk.on
        self.report.index_seconds = self.bulk.index_seconds
        return self.report

    def run_items(self, items: Iterable[SourceItem]) -> LoadReport:
        with self._running() as ctx:
            self._store(iter(items), ctx)
        return self.report

    # ----------------------------------------------------------------- the run's frame

    @contextlib.contextmanager
    def _running(self) -> Iterator[WriteContext]:
        """The seed lock, and a seed run recorded for the block (finished when it ends well)."""
        with advisory_lock(self.engine, SEED_LOCK_KEY):
            started = time.perf_counter()
            with self.engine.begin() as conn:
                self.run_id = conn.execute(
                    insert(m.SeedRun).values(seed_dir=self.label).returning(m.SeedRun.id)
                ).scalar_one()
            yield WriteContext(self.render, self.run_id, mirrored=self.mirrored)
            self._finish(time.perf_counter() - started)

    def _finish(self, seconds: float) -> None:
        decided = [n for n, (s, _) in self.status.items() if s in ("loaded", "superseded")]
        if self.workers > 1 and any(self.status[n][0] == "superseded" for n in decided):
            # batches side by side decided on one study in either order: what holds is stored
            self.status.update(current_statuses(self.engine, decided))
        self.report = report = self._report(seconds)
        changed = report.loaded or report.removed or report.failed or report.superseded
        with contextlib.ExitStack() as stack:
            if self.refresh and changed:  # its counts split between two connections
                conn, helper = stack.enter_context(shared_snapshot(self.engine))
                refresh_facets(conn, helper=helper)
            else:
                conn = stack.enter_context(self.engine.begin())
            conn.execute(
                update(m.SeedRun)
                .where(m.SeedRun.id == self.run_id)
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

    def _report(self, seconds: float) -> LoadReport:
        report = LoadReport(removed=list(self.removed), seconds=seconds)
        for name, (status, reason) in self.status.items():
            if status == "failed":
                report.failed.append((name, reason or ""))
            elif status == "superseded":
                report.superseded.append((name, reason or ""))
            else:
                getattr(report, status).append(name)
        return report

    def _note(self, outcomes: list[Outcome]) -> None:
        for name, container, status, reason in outcomes:
            self.done += name not in self.status
            self.status[name] = (status, reason)
            if container is not None:
                self.seen.setdefault(container, set()).add(name)
        if self.progress:
            self.progress(self.done, max(self.total, self.done))

    # ----------------------------------------------------------------- reading

    def _units(self, inputs: list[Input]) -> Iterator[Unit]:
        for inp in inputs:
            if not is_archive(inp.path):
                yield inp
                continue
            self.total += (entry_count(inp.path) or 1) - 1
            known = known_members(self.engine, inp.name, self.mirrored)
            skipped: list[Outcome] = []

            def skip(path: str, crc: int, size: int, inp=inp, known=known, skipped=skipped):
                name = f"{inp.name}!/{path}"
                if known.get(name) == member_key(crc, size):
                    skipped.append((name, inp.name, "unchanged", None))
                    return True
                return False

            self.seen.setdefault(inp.name, set())
            for member in archive_members(inp, skip):
                if skipped:
                    self._note(skipped)
                    skipped.clear()
                if member.name == inp.name:
                    self.damaged.add(inp.name)
                yield member
            self._note(skipped)

    # ----------------------------------------------------------------- storing

    def _store(self, units: Iterator[Unit], ctx: WriteContext) -> None:
        for outcomes in self._batches(units, ctx):
            self._note(outcomes)

    def _batches(self, units: Iterator[Unit], ctx: WriteContext) -> Iterator[list[Outcome]]:
        """Batches stored by worker processes side by side, results in order."""
        batches = _chunks(units, self.batch_size)
        if self.workers <= 1:
            for batch in batches:
                yield run_batch(batch, self._known(batch), ctx, self.batch_size, self.engine)
            return
        url = self.engine.url.render_as_string(hide_password=False)
        warm()  # the workers, forked below, share the look-up tables instead of each building them
        with ProcessPoolExecutor(self.workers, initializer=init_worker, initargs=(url,)) as pool:
            in_flight: deque = deque()
            for batch in batches:
                known = self._known(batch)
                in_flight.append(pool.submit(run_batch, batch, known, ctx, self.batch_size))
                if len(in_flight) >= 2 * self.workers:
                    yield in_flight.popleft().result()
            while in_flight:
                yield in_flight.popleft().result()

    def _known(self, batch: list[Unit]) -> dict[str, tuple]:
        files = [u.name for u in batch if isinstance(u, Input)]
        return known_files(self.engine, files, self.mirrored) if files else {}

    # ----------------------------------------------------------------- removing

    def _remove_unseen(self, inputs: list[Input], prune: bool) -> None:
        """Remove what the files read in full no longer hold, and (``prune``) the sources of
        files gone from the mirrored directory."""
        read = [i.name for i in inputs if i.name not in self.damaged]
        stored = names_in(self.engine, read)
        gone = [n for c in read for n in stored.get(c, ()) if n not in self.seen.get(c, ())]
        if prune and inputs:
            present = {i.name for i in inputs}
            vanished = sorted(mirrored_containers(self.engine) - present)
            gone += [n for names in names_in(self.engine, vanished).values() for n in names]
        if gone:
            outcomes = remove_sources(self.engine, sorted(gone), self.render)
            self.removed += sorted(gone)
            for name in gone:
                self.status.pop(name, None)
            self._note(outcomes)


def _chunks(units: Iterator[Unit], size: int) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    for unit in units:
        batch.append(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
