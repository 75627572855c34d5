"""Load parsed documents into PostgreSQL: the only seed module that touches the database.

The job mirrors a directory: every document in it is parsed and stored; a document whose bytes
did not change since it was loaded (same sha256) is skipped; a changed document replaces its
trial atomically; a document that no longer exists is removed with its trial. Documents are
written in batches (one transaction per batch, for speed); when a batch fails, its documents
are written again one transaction each, so one bad document never takes the others with it
and no trial is ever half-written. A PostgreSQL advisory lock lets one process seed while
others (gunicorn workers, replicas) wait, then find nothing left to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from domain.dates import first_day
from domain.eligibility.facts import encode_facts, extract_facts
from domain.geo import coordinates, grid_cell
from domain.records import FactRecord, ParseError, TrialRecord
from seed.parse import parse_document
from store import models as m
from store.locks import SEED_LOCK_KEY, advisory_lock

log = logging.getLogger(__name__)

# The record as the API serves it, stored beside its rows: (record, loaded at, its facts) ->
# JSON text. The loader does not know the wire schema: its caller passes this in.
Render = Callable[[TrialRecord, dt.datetime, tuple[FactRecord, ...]], str]
# Bump when what the loader derives from a record changes (columns, the serialised record):
# documents stored by an older loader are then reloaded even though their bytes are the same.
LOADER_VERSION = 8
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


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


@dataclass
class _Document:
    name: str
    sha256: str
    record: TrialRecord | None = None
    error: str | None = None
    error_line: int | None = None


# --------------------------------------------------------------------------- reading


def list_documents(seed_dir: str | os.PathLike[str]) -> list[Path]:
    """Regular files directly in ``seed_dir`` (hidden files skipped), sorted by name."""
    root = Path(seed_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"seed directory not found: {root}")
    return sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))


def _read(path: Path) -> tuple[str, str, bytes | None, str | None]:
    """(name, sha256, bytes or None, error): a huge or unreadable file is an error, not a crash."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            digest = hashlib.sha256(f"{size}:{path.stat().st_mtime_ns}".encode()).hexdigest()
            return (
                path.name,
                digest,
                None,
                (f"the document is too large ({size} bytes; the limit is {MAX_DOCUMENT_BYTES})"),
            )
        data = path.read_bytes()
    except OSError as exc:
        return path.name, "", None, f"the document could not be read ({exc.strerror})"
    return path.name, hashlib.sha256(data).hexdigest(), data, None


def _parse(item: tuple[str, str, bytes | None, str | None]) -> _Document:
    name, sha, data, error = item
    if data is None:
        return _Document(name, sha, error=error)
    try:
        return _Document(name, sha, record=parse_document(name, data))
    except ParseError as exc:
        return _Document(name, sha, error=exc.reason, error_line=exc.line)


def _prepare(paths: list[Path], known: dict[str, str]) -> tuple[list[str], list[_Document]]:
    """Read, hash and parse one batch (in a worker process): (unchanged names, documents)."""
    unchanged, docs = [], []
    for path in paths:
        item = _read(path)
        if item[1] and known.get(item[0]) == item[1]:
            unchanged.append(item[0])
        else:
            docs.append(_parse(item))
    return unchanged, docs


# --------------------------------------------------------------------------- the job


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
            report.removed = _prune(engine, {p.name for p in paths})
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
    unchanged, docs = _prepare(paths, known)
    return unchanged, _store(engine or _worker_engine, docs, render)


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


def _store(engine: Engine, docs: list[_Document], render: Render) -> list[tuple[str, str | None]]:
    """Write parsed documents in one transaction; if that fails, one transaction each.
    Returns (name, error or None) for each document."""
    if not docs:
        return []
    try:
        with engine.begin() as conn:
            outcomes = _write(conn, docs, render)
    except SQLAlchemyError:
        log.warning("seed: a batch of %d failed; writing its documents one by one", len(docs))
        outcomes = []
        for doc in docs:
            try:
                outcomes.extend(_write_one(engine, doc, render))
            except SQLAlchemyError as exc:
                reason = f"the database rejected the record ({type(exc.orig or exc).__name__})"
                log.exception("seed: %s could not be stored", doc.name)
                failed = _Document(doc.name, doc.sha256, error=reason)
                with engine.begin() as conn:
                    outcomes.extend(_write(conn, [failed], render))
    return outcomes


def _write_one(
    engine: Engine, doc: _Document, render: Render, attempts: int = 3
) -> list[tuple[str, str | None]]:
    """One document in a transaction of its own. A unique violation means a parallel batch
    stored the same NCT id meanwhile: it is retried, and the retry sees that batch's trial and
    decides which document keeps the id (see ``_reject_duplicates``)."""
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as conn:
                return _write(conn, [doc], render)
        except IntegrityError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _write(conn: Connection, docs: list[_Document], render: Render) -> list[tuple[str, str | None]]:
    """Store one batch: source rows for every document, trials for those that parsed."""
    # A crash may lose the last batches' commits, never half of one; the job is re-runnable.
    conn.execute(text("SET LOCAL synchronous_commit = off"))
    good, displaced = _reject_duplicates(conn, docs)
    rows = [
        {
            "name": d.name,
            "sha256": d.sha256,
            "layout": d.record.source.layout if d.record else None,
            "status": "loaded" if d.record else "failed",
            "error": d.error,
            "error_line": d.error_line,
            "nct_id": d.record.nct_id if d.record else None,
            "loader_version": LOADER_VERSION,
        }
        for d in docs
    ]
    stmt = pg_insert(m.SourceDocument).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["name"],
        set_={c: stmt.excluded[c] for c in rows[0] if c != "name"} | {"loaded_at": func.now()},
    ).returning(m.SourceDocument.id, m.SourceDocument.name)
    ids = {name: id_ for id_, name in conn.execute(stmt).all()}
    # A changed document replaces whatever it held before (a displaced one's trial is gone
    # already). No delete by NCT id: a trial another batch committed meanwhile must make this
    # insert fail (unique nct_id; the batch is retried one by one), not vanish silently.
    conn.execute(delete(m.Trial).where(m.Trial.source_document_id.in_(list(ids.values()))))
    if good:
        insert_trials(conn, [(d.record, ids[d.name]) for d in good], render)
    return [(d.name, d.error) for d in docs] + displaced


def _reject_duplicates(
    conn: Connection, docs: list[_Document]
) -> tuple[list[_Document], list[tuple[str, str | None]]]:
    """Documents that may store their trial; the rest get a ``duplicate`` error in place.

    An NCT id belongs to the document that loaded it in an earlier run (a new document never
    takes over an established trial); among the documents of this run, to the first by name,
    whichever batch (in parallel) stores first. Also returns the outcomes of documents this
    batch displaces: stored earlier in this run from a later name, now reported duplicates.
    """
    parsed = [d for d in docs if d.record is not None]
    this_run = select(m.SeedRun.started_at).order_by(m.SeedRun.id.desc()).limit(1)
    found = conn.execute(
        select(
            m.Trial.nct_id,
            m.SourceDocument.name,
            func.coalesce(m.SourceDocument.loaded_at >= this_run.scalar_subquery(), False),
        )
        .join(m.SourceDocument, m.Trial.source_document_id == m.SourceDocument.id)
        .where(m.Trial.nct_id.in_([d.record.nct_id for d in parsed]))
    ).all()
    owners = {nct_id: name for nct_id, name, _ in found}
    recent = {nct_id for nct_id, _, new in found if new}
    good: list[_Document] = []
    displaced: list[tuple[str, str | None]] = []
    for d in parsed:
        nct_id, owner = d.record.nct_id, owners.get(d.record.nct_id)
        if owner is not None and owner != d.name:
            if nct_id in recent and d.name < owner:  # a race between parallel batches
                reason = f"duplicate: {nct_id} is already loaded from {d.name}"
                owner_id = conn.execute(
                    update(m.SourceDocument)
                    .where(m.SourceDocument.name == owner)
                    .values(status="failed", error=reason, layout=None, nct_id=None)
                    .returning(m.SourceDocument.id)
                ).scalar_one()
                conn.execute(delete(m.Trial).where(m.Trial.source_document_id == owner_id))
                displaced.append((owner, reason))
            else:
                d.error = f"duplicate: {nct_id} is already loaded from {owner}"
                d.record = None
                continue
        owners[nct_id] = d.name
        recent.discard(nct_id)
        good.append(d)
    return good, displaced


def _prune(engine: Engine, present: set[str]) -> list[str]:
    """Remove documents (and their trials) that are no longer in the seed directory."""
    with engine.begin() as conn:
        gone = [
            name for (name,) in conn.execute(select(m.SourceDocument.name)) if name not in present
        ]
        for i in range(0, len(gone), 1000):
            conn.execute(
                delete(m.SourceDocument).where(m.SourceDocument.name.in_(gone[i : i + 1000]))
            )
    return gone


FACET_QUERIES = {
    "summary": "SELECT 'trials', count(*) FROM trials UNION ALL "
    "SELECT 'documents_' || status, count(*) FROM source_documents GROUP BY status",
    "overall_status": "SELECT overall_status, count(*) FROM trials "
    "WHERE overall_status IS NOT NULL GROUP BY 1",
    "phase": "SELECT p, count(*) FROM trials, unnest(phases) p GROUP BY 1",
    "study_type": "SELECT study_type, count(*) FROM trials WHERE study_type IS NOT NULL GROUP BY 1",
    "intervention_type": "SELECT t, count(*) FROM trials, unnest(intervention_types) t GROUP BY 1",
    "condition": "SELECT name, count(DISTINCT trial_id) FROM conditions GROUP BY 1 "
    "ORDER BY 2 DESC, 1 LIMIT 100",
    "country": "SELECT country, count(DISTINCT trial_id) FROM locations "
    "WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 300",
}


def refresh_facets(conn: Connection) -> None:
    """Recount the whole-registry facets that an unfiltered /v1/stats serves."""
    conn.execute(delete(m.FacetCount))
    for facet, sql in FACET_QUERIES.items():
        rows = [
            {"facet": facet, "value": value, "count": count}
            for value, count in conn.execute(text(sql))
        ]
        if rows:
            conn.execute(insert(m.FacetCount), rows)


# --------------------------------------------------------------------------- rows


def insert_trials(
    conn: Connection, items: list[tuple[TrialRecord, int]], render: Render
) -> list[int]:
    """Insert trials and all their children; returns the new trial ids in input order.

    Trials go in with one multi-row INSERT (their search vector is computed by PostgreSQL);
    the child rows, tens per trial, go in with COPY, ids for the rows other rows point at
    (arms, interventions, locations) reserved from their sequences first.
    """
    records = [rec for rec, _ in items]
    trial_ids = _reserve_ids(conn, "trials", len(records))
    staged = [
        {"id": tid} | _trial_row(rec, source_id) | _search_texts(rec)
        for tid, (rec, source_id) in zip(trial_ids, items, strict=True)
    ]
    _insert_staged_trials(conn, staged)
    arm_ids = iter(_reserve_ids(conn, "arms", sum(len(r.arms) for r in records)))
    int_ids = iter(_reserve_ids(conn, "interventions", sum(len(r.interventions) for r in records)))
    loc_ids = iter(_reserve_ids(conn, "locations", sum(len(r.locations) for r in records)))
    rows: dict[str, list[tuple]] = {table: [] for table in COPY_COLUMNS}
    facts = [extract_facts(rec.eligibility) for rec in records]
    for rec, tid, trial_facts in zip(records, trial_ids, facts, strict=True):
        _child_rows(rec, tid, rows, arm_ids, int_ids, loc_ids, trial_facts)
        rows["criterion_facts"].extend(_fact_rows(tid, trial_facts))
    loaded_at = dt.datetime.now(dt.UTC)
    for rec, tid, trial_facts in zip(records, trial_ids, facts, strict=True):
        body = render(rec, loaded_at, trial_facts)
        etag = hashlib.sha256(body.encode()).hexdigest()[:32]
        rows["trial_json"].append((rec.nct_id, tid, etag, body))
    for table, columns in COPY_COLUMNS.items():
        _copy(conn, table, columns, rows[table])
    return trial_ids


COPY_COLUMNS = {
    "conditions": ("trial_id", "ordinal", "name"),
    "keywords": ("trial_id", "ordinal", "term"),
    "mesh_terms": ("trial_id", "ordinal", "term"),
    "sponsors": ("trial_id", "ordinal", "name", "role", "class"),
    "officials": ("trial_id", "ordinal", "name", "degrees", "role", "affiliation"),
    "contacts": ("trial_id", "ordinal", "name", "degrees", "role", "phone", "email"),
    "references": ("trial_id", "ordinal", "citation", "pmid", "type"),
    "outcomes": ("trial_id", "ordinal", "type", "measure", "time_frame", "description"),
    "eligibility": (
        "trial_id", "minimum_age", "maximum_age", "minimum_age_years", "maximum_age_years",
        "sex", "healthy_volunteers", "std_ages", "criteria_text", "match_facts",
    ),
    "criteria": ("trial_id", "kind", "ordinal", "text", "section"),
    "arms": ("id", "trial_id", "ordinal", "label", "type", "description"),
    "interventions": (
        "id", "trial_id", "ordinal", "name", "type", "description", "other_names", "search_names",
    ),
    "arm_interventions": ("arm_id", "intervention_id"),
    "locations": (
        "id", "trial_id", "ordinal", "facility", "city", "state", "zip", "country", "status",
        "latitude", "longitude",
    ),
    "location_contacts": ("location_id", "ordinal", "name", "degrees", "role", "phone", "email"),
    "location_investigators": ("location_id", "ordinal", "name", "degrees", "role"),
    "criterion_facts": (
        "trial_id", "seq", "list", "ordinal", "kind", "name", "effect", "operator", "value",
        "value_max", "unit", "relative_to", "values", "as_written", "applies_when", "exception",
        "alternative", "span",
    ),
    "trial_json": ("nct_id", "trial_id", "etag", "body"),
}  # fmt: skip


def _fact_rows(tid: int, facts: tuple[FactRecord, ...]) -> Iterator[tuple]:
    for seq, f in enumerate(facts, start=1):
        yield (
            tid, seq, f.list, f.ordinal, f.kind, f.name, f.effect, f.operator, f.value,
            f.value_max, f.unit, f.relative_to, list(f.values), f.as_written, f.when,
            f.exception, f.alternative, f.span,
        )  # fmt: skip


def _child_rows(
    rec: TrialRecord,
    tid: int,
    rows: dict[str, list[tuple]],
    arm_ids,
    int_ids,
    loc_ids,
    facts: tuple[FactRecord, ...] = (),
):
    """Append one trial's child rows, as tuples in COPY_COLUMNS order, to ``rows``."""

    def add(table: str, values: Iterable[tuple]) -> None:
        rows[table].extend((tid, n, *v) for n, v in enumerate(values, start=1))

    add("conditions", ((c,) for c in rec.conditions))
    add("keywords", ((k,) for k in rec.keywords))
    add("mesh_terms", ((k,) for k in rec.mesh_terms))
    add("sponsors", ((s.name, s.role, s.class_) for s in rec.sponsors))
    add("officials", ((o.name, o.degrees, o.role, o.affiliation) for o in rec.officials))
    add("contacts", (_person(c) for c in rec.contacts))
    add("references", ((r.citation, r.pmid, r.type) for r in rec.references))
    add("outcomes", ((o.type, o.measure, o.time_frame, o.description) for o in rec.outcomes))
    e = rec.eligibility
    rows["eligibility"].append(
        (tid, e.minimum_age, e.maximum_age, e.minimum_age_years, e.maximum_age_years, e.sex,
         e.healthy_volunteers, list(e.std_ages), e.criteria_text, encode_facts(e, facts))
    )  # fmt: skip
    for kind, criteria in (("inclusion", e.inclusion), ("exclusion", e.exclusion)):
        rows["criteria"].extend((tid, kind, c.ordinal, c.text, c.section) for c in criteria)
    arms: dict[str, int] = {}
    for n, a in enumerate(rec.arms, start=1):
        arms.setdefault(a.label, aid := next(arm_ids))
        rows["arms"].append((aid, tid, n, a.label, a.type, a.description))
    interventions: dict[str, int] = {}
    for n, i in enumerate(rec.interventions, start=1):
        interventions.setdefault(i.name, iid := next(int_ids))
        rows["interventions"].append(
            (iid, tid, n, i.name, i.type, i.description, list(i.other_names),
             " ; ".join((i.name, *i.other_names)))
        )  # fmt: skip
    links = {(arms[a.label], interventions[name]) for a in rec.arms for name in a.interventions
             if name in interventions}  # fmt: skip
    links |= {(arms[label], interventions[i.name]) for i in rec.interventions
              for label in i.arm_labels if label in arms}  # fmt: skip
    rows["arm_interventions"].extend(sorted(links))
    for n, loc in enumerate(rec.locations, start=1):
        lid = next(loc_ids)
        lat, lon = coordinates(loc.city, loc.country) or (None, None)
        rows["locations"].append(
            (lid, tid, n, loc.facility, loc.city, loc.state, loc.zip, loc.country, loc.status,
             lat, lon)
        )  # fmt: skip
        rows["location_contacts"].extend(
            (lid, k, *_person(c)) for k, c in enumerate(loc.contacts, start=1)
        )
        rows["location_investigators"].extend(
            (lid, k, i.name, i.degrees, i.role) for k, i in enumerate(loc.investigators, start=1)
        )


def _person(c: Any) -> tuple:
    return (c.name, c.degrees, c.role, c.phone, c.email)


def _reserve_ids(conn: Connection, table: str, count: int) -> list[int]:
    if not count:
        return []
    return list(
        conn.scalars(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table, "n": count},
        )
    )


def _copy(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    cursor = conn.connection.driver_connection.cursor()
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def _insert_staged_trials(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """COPY trial rows into a temporary table, then INSERT … SELECT them into ``trials`` with
    their search vector computed by PostgreSQL: no giant multi-row INSERT to build or parse."""
    columns = list(rows[0])
    plain = [c for c in columns if not c.startswith("sv_")]
    conn.execute(
        text(
            "CREATE TEMP TABLE IF NOT EXISTS trial_stage "
            "(LIKE trials INCLUDING DEFAULTS, sv_a text, sv_b text, sv_c text, sv_d text) "
            "ON COMMIT DELETE ROWS"
        )
    )
    _copy(conn, "trial_stage", tuple(columns), [tuple(r[c] for c in columns) for r in rows])
    names = ", ".join(f'"{c}"' for c in plain)
    vector = " || ".join(
        f"setweight(to_tsvector('english'::regconfig, coalesce(sv_{w.lower()}, '')), '{w}')"
        for w in "ABCD"
    )
    conn.execute(
        text(
            f"INSERT INTO trials ({names}, search_vector) SELECT {names}, {vector} FROM trial_stage"
        )
    )
    conn.execute(text("DELETE FROM trial_stage"))


# Titles and conditions weigh most (A), then interventions, arms and keywords (B), then
# summaries and outcomes (C), then descriptions and criteria (D): ts_rank_cd uses the weights.
def _search_texts(rec: TrialRecord) -> dict[str, str]:
    """The text a trial is found by, in four weights (A most important)."""

    def join(*parts: Any) -> str:
        return " ".join(p for p in parts if p)

    e = rec.eligibility
    return {
        "sv_a": join(rec.nct_id, rec.brief_title, rec.official_title, rec.acronym,
                     *rec.conditions),
        "sv_b": join(*rec.keywords, *rec.mesh_terms,
                     *(join(i.name, *i.other_names) for i in rec.interventions),
                     *(a.label for a in rec.arms)),
        "sv_c": join(rec.brief_summary, *(join(o.measure, o.description) for o in rec.outcomes)),
        "sv_d": join(rec.detailed_description,
                     *(a.description for a in rec.arms),
                     *(i.description for i in rec.interventions),
                     *(c.text for c in (*e.inclusion, *e.exclusion))),
    }  # fmt: skip


def _trial_row(rec: TrialRecord, source_id: int) -> dict[str, Any]:
    d, dates, rp = rec.design, rec.dates, rec.responsible_party
    return {
        "nct_id": rec.nct_id,
        "source_document_id": source_id,
        "org_study_id": rec.org_study_id,
        "secondary_ids": list(rec.secondary_ids),
        "brief_title": rec.brief_title,
        "official_title": rec.official_title,
        "acronym": rec.acronym,
        "overall_status": rec.overall_status,
        "last_known_status": rec.last_known_status,
        "why_stopped": rec.why_stopped,
        "study_type": rec.study_type,
        "phases": list(rec.phases),
        "enrollment_count": rec.enrollment.count,
        "enrollment_type": rec.enrollment.type,
        "allocation": d.allocation,
        "intervention_model": d.intervention_model,
        "masking": d.masking,
        "who_masked": list(d.who_masked),
        "primary_purpose": d.primary_purpose,
        "observational_model": d.observational_model,
        "time_perspective": d.time_perspective,
        "start_date": dates.start.date if dates.start else None,
        "start_date_type": dates.start.type if dates.start else None,
        "primary_completion_date": (
            dates.primary_completion.date if dates.primary_completion else None
        ),
        "primary_completion_date_type": (
            dates.primary_completion.type if dates.primary_completion else None
        ),
        "completion_date": dates.completion.date if dates.completion else None,
        "completion_date_type": dates.completion.type if dates.completion else None,
        "first_posted": dates.first_posted,
        "last_update_posted": dates.last_update_posted,
        "last_verified": dates.last_verified,
        "brief_summary": rec.brief_summary,
        "detailed_description": rec.detailed_description,
        "responsible_party_type": rp.type if rp else None,
        "responsible_party_name": rp.name if rp else None,
        "responsible_party_title": rp.title if rp else None,
        "responsible_party_affiliation": rp.affiliation if rp else None,
        # denormalised for filters and sorting
        "minimum_age_years": rec.eligibility.minimum_age_years,
        "maximum_age_years": rec.eligibility.maximum_age_years,
        "sex": rec.eligibility.sex,
        "healthy_volunteers": rec.eligibility.healthy_volunteers,
        "intervention_types": sorted({i.type for i in rec.interventions if i.type}),
        "country_keys": sorted({loc.country.lower() for loc in rec.locations if loc.country}),
        "condition_names": list(rec.conditions),
        "country_names": sorted({loc.country for loc in rec.locations if loc.country}),
        "site_cells": _site_cells(rec),
        "updated_key": first_day(dates.last_update_posted) or dt.date.min,
        "start_key": first_day(dates.start.date if dates.start else None) or dt.date.max,
        "enrollment_key": rec.enrollment.count if rec.enrollment.count is not None else -1,
    }


def _site_cells(rec: TrialRecord) -> list[int]:
    found = (coordinates(loc.city, loc.country) for loc in rec.locations)
    return sorted({grid_cell(*point) for point in found if point})
