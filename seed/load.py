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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import SQLAlchemyError

from seed.geo import coordinates
from seed.parse import parse_document
from seed.records import ParseError, TrialRecord
from service import models as m

log = logging.getLogger(__name__)

SEED_LOCK_KEY = 0x7472_6961_6C73  # "trials": pg_advisory_lock key shared by every process
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


def _parse_all(
    items: list[tuple[str, str, bytes | None, str | None]], pool: ProcessPoolExecutor | None
) -> list[_Document]:
    if pool is None or len(items) < 64:
        return [_parse(item) for item in items]
    return list(pool.map(_parse, items, chunksize=32))


# --------------------------------------------------------------------------- the job


def load_directory(
    engine: Engine,
    seed_dir: str | os.PathLike[str],
    *,
    batch_size: int = 500,
    workers: int | None = None,
    prune: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Mirror ``seed_dir`` into the database; safe to run from several processes at once."""
    paths = list_documents(seed_dir)
    report = LoadReport()
    started = time.perf_counter()
    with engine.connect() as lock_conn:
        lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": SEED_LOCK_KEY})
        lock_conn.commit()
        try:
            with engine.begin() as conn:
                run_id = conn.execute(
                    insert(m.SeedRun).values(seed_dir=str(seed_dir)).returning(m.SeedRun.id)
                ).scalar_one()
            workers = workers if workers is not None else min(4, os.cpu_count() or 1)
            pool = ProcessPoolExecutor(workers) if workers > 1 and len(paths) > 64 else None
            try:
                done = 0
                for batch in _batches(paths, batch_size):
                    _load_batch(engine, batch, pool, report)
                    done += len(batch)
                    if progress:
                        progress(done, len(paths))
            finally:
                if pool is not None:
                    pool.shutdown()
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
        finally:
            lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SEED_LOCK_KEY})
            lock_conn.commit()
    for name, reason in report.failed:
        log.warning("seed: %s failed: %s", name, reason)
    log.info("seed: %s", report.summary())
    return report


def _batches(paths: list[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(paths), size):
        yield paths[i : i + size]


def _load_batch(
    engine: Engine, paths: list[Path], pool: ProcessPoolExecutor | None, report: LoadReport
) -> None:
    read = [_read(p) for p in paths]
    with engine.connect() as conn:
        known = dict(
            conn.execute(
                select(m.SourceDocument.name, m.SourceDocument.sha256).where(
                    m.SourceDocument.name.in_([r[0] for r in read]),
                    m.SourceDocument.status == "loaded",
                )
            ).all()
        )
    todo = []
    for item in read:
        if known.get(item[0]) == item[1] and item[1]:
            report.unchanged.append(item[0])
        else:
            todo.append(item)
    if not todo:
        return
    docs = _parse_all(todo, pool)
    try:
        with engine.begin() as conn:
            outcomes = _write(conn, docs)
    except SQLAlchemyError:
        log.warning("seed: a batch of %d failed; writing its documents one by one", len(docs))
        outcomes = []
        for doc in docs:
            try:
                with engine.begin() as conn:
                    outcomes.extend(_write(conn, [doc]))
            except SQLAlchemyError as exc:
                reason = f"the database rejected the record ({type(exc.orig or exc).__name__})"
                log.exception("seed: %s could not be stored", doc.name)
                failed = _Document(doc.name, doc.sha256, error=reason)
                with engine.begin() as conn:
                    outcomes.extend(_write(conn, [failed]))
    for name, error in outcomes:
        if error is None:
            report.loaded.append(name)
        else:
            report.failed.append((name, error))


def _write(conn: Connection, docs: list[_Document]) -> list[tuple[str, str | None]]:
    """Store one batch: source rows for every document, trials for those that parsed."""
    good = _reject_duplicates(conn, docs)
    rows = [
        {
            "name": d.name,
            "sha256": d.sha256,
            "layout": d.record.source.layout if d.record else None,
            "status": "loaded" if d.record else "failed",
            "error": d.error,
            "error_line": d.error_line,
            "nct_id": d.record.nct_id if d.record else None,
        }
        for d in docs
    ]
    stmt = pg_insert(m.SourceDocument).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["name"],
        set_={c: stmt.excluded[c] for c in rows[0] if c != "name"} | {"loaded_at": func.now()},
    ).returning(m.SourceDocument.id, m.SourceDocument.name)
    ids = {name: id_ for id_, name in conn.execute(stmt).all()}
    # A changed document replaces whatever it held before, and whatever held its NCT id.
    conn.execute(delete(m.Trial).where(m.Trial.source_document_id.in_(list(ids.values()))))
    if good:
        conn.execute(delete(m.Trial).where(m.Trial.nct_id.in_([d.record.nct_id for d in good])))
        insert_trials(conn, [(d.record, ids[d.name]) for d in good])
    return [(d.name, d.error) for d in docs]


def _reject_duplicates(conn: Connection, docs: list[_Document]) -> list[_Document]:
    """Documents that may store their trial; the rest get a ``duplicate`` error in place.

    An NCT id belongs to the first document (by name) that loaded it: another document with
    the same id, in this batch or already loaded under another name, is reported, not stored.
    """
    parsed = [d for d in docs if d.record is not None]
    owners = dict(
        conn.execute(
            select(m.Trial.nct_id, m.SourceDocument.name)
            .join(m.SourceDocument, m.Trial.source_document_id == m.SourceDocument.id)
            .where(m.Trial.nct_id.in_([d.record.nct_id for d in parsed]))
        ).all()
    )
    good: list[_Document] = []
    for d in parsed:
        owner = owners.get(d.record.nct_id)
        if owner is not None and owner != d.name:
            d.error = f"duplicate: {d.record.nct_id} is already loaded from {owner}"
            d.record = None
            continue
        owners[d.record.nct_id] = d.name
        good.append(d)
    return good


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


def insert_trials(conn: Connection, items: list[tuple[TrialRecord, int]]) -> list[int]:
    """Insert trials and all their children; returns the new trial ids in input order."""
    trial_ids = _insert_returning(
        conn,
        m.Trial,
        [_trial_row(rec, source_id) | _search_texts(rec) for rec, source_id in items],
        values={"search_vector": SEARCH_VECTOR},
    )
    children: dict[type[m.Base], list[dict[str, Any]]] = {
        m.Condition: [],
        m.Keyword: [],
        m.MeshTerm: [],
        m.Sponsor: [],
        m.Official: [],
        m.Contact: [],
        m.Reference: [],
        m.Outcome: [],
        m.Eligibility: [],
        m.Criterion: [],
    }
    arm_rows, intervention_rows, location_rows = [], [], []
    for (rec, _), tid in zip(items, trial_ids, strict=True):
        children[m.Condition] += _ordered(tid, ({"name": c} for c in rec.conditions))
        children[m.Keyword] += _ordered(tid, ({"term": k} for k in rec.keywords))
        children[m.MeshTerm] += _ordered(tid, ({"term": k} for k in rec.mesh_terms))
        children[m.Sponsor] += _ordered(
            tid, ({"name": s.name, "role": s.role, "class": s.class_} for s in rec.sponsors)
        )
        children[m.Official] += _ordered(tid, (_fields(o) for o in rec.officials))
        children[m.Contact] += _ordered(tid, (_fields(c) for c in rec.contacts))
        children[m.Reference] += _ordered(tid, (_fields(r) for r in rec.references))
        children[m.Outcome] += _ordered(tid, (_fields(o) for o in rec.outcomes))
        e = rec.eligibility
        children[m.Eligibility].append(
            {"trial_id": tid}
            | _fields(e, exclude=("inclusion", "exclusion"))
            | {"std_ages": list(e.std_ages)}
        )
        for kind, items_ in (("inclusion", e.inclusion), ("exclusion", e.exclusion)):
            children[m.Criterion] += [
                {
                    "trial_id": tid,
                    "kind": kind,
                    "ordinal": c.ordinal,
                    "text": c.text,
                    "section": c.section,
                }
                for c in items_
            ]
        arm_rows += _ordered(
            tid,
            ({"label": a.label, "type": a.type, "description": a.description} for a in rec.arms),
        )
        intervention_rows += _ordered(
            tid,
            (
                {
                    "name": i.name,
                    "type": i.type,
                    "description": i.description,
                    "other_names": list(i.other_names),
                    "search_names": " ; ".join((i.name, *i.other_names)),
                }
                for i in rec.interventions
            ),
        )
        location_rows += _ordered(
            tid,
            (
                _fields(loc, exclude=("contacts", "investigators")) | _coordinates(loc)
                for loc in rec.locations
            ),
        )
    for model, rows in children.items():
        if rows:
            conn.execute(insert(model), rows)
    arm_ids = _insert_returning(conn, m.Arm, arm_rows)
    intervention_ids = _insert_returning(conn, m.Intervention, intervention_rows)
    location_ids = _insert_returning(conn, m.Location, location_rows)
    _insert_links(conn, items, arm_ids, intervention_ids)
    _insert_site_people(conn, items, location_ids)
    return trial_ids


def _insert_links(conn, items, arm_ids, intervention_ids) -> None:
    links: set[tuple[int, int]] = set()
    arm_iter, int_iter = iter(arm_ids), iter(intervention_ids)
    for rec, _ in items:
        arms = {a.label: next(arm_iter) for a in rec.arms}
        ints: dict[str, int] = {}
        for i in rec.interventions:
            ints.setdefault(i.name, next(int_iter))  # every row gets an id; the first name wins
        for a in rec.arms:
            links.update((arms[a.label], ints[n]) for n in a.interventions if n in ints)
        for i in rec.interventions:
            links.update((arms[label], ints[i.name]) for label in i.arm_labels if label in arms)
    if links:
        conn.execute(
            insert(m.ArmIntervention),
            [{"arm_id": a, "intervention_id": i} for a, i in sorted(links)],
        )


def _insert_site_people(conn, items, location_ids) -> None:
    contacts, investigators = [], []
    loc_iter = iter(location_ids)
    for rec, _ in items:
        for loc in rec.locations:
            lid = next(loc_iter)
            contacts += [
                {"location_id": lid, "ordinal": n} | _fields(c)
                for n, c in enumerate(loc.contacts, start=1)
            ]
            investigators += [
                {"location_id": lid, "ordinal": n} | _fields(i)
                for n, i in enumerate(loc.investigators, start=1)
            ]
    if contacts:
        conn.execute(insert(m.LocationContact), contacts)
    if investigators:
        conn.execute(insert(m.LocationInvestigator), investigators)


def _insert_returning(
    conn: Connection, model: type[m.Base], rows: list[dict], values: dict | None = None
) -> list[int]:
    if not rows:
        return []
    stmt = insert(model).values(**(values or {}))
    stmt = stmt.returning(model.id, sort_by_parameter_order=True)
    return list(conn.scalars(stmt, rows))


def _weighted(weight: str):
    vector = func.to_tsvector(
        literal_column("'english'::regconfig"), bindparam(f"sv_{weight.lower()}")
    )
    return func.setweight(vector, literal_column(f"'{weight}'::\"char\""))


# Titles and conditions weigh most, then interventions, arms and keywords, then summaries and
# outcomes, then descriptions and criteria: ts_rank_cd uses these weights for relevance.
SEARCH_VECTOR = (
    _weighted("A").op("||")(_weighted("B")).op("||")(_weighted("C")).op("||")(_weighted("D"))
)


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


def _coordinates(loc: Any) -> dict[str, float | None]:
    found = coordinates(loc.city, loc.country)
    return {"latitude": found[0], "longitude": found[1]} if found else {}


def _ordered(trial_id: int, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"trial_id": trial_id, "ordinal": n} | row for n, row in enumerate(rows, start=1)]


def _fields(record: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        name: (list(value) if isinstance(value, tuple) else value)
        for name in record.__slots__
        if name not in exclude
        for value in (getattr(record, name),)
    }


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
        "updated_key": first_day(dates.last_update_posted) or dt.date.min,
        "start_key": first_day(dates.start.date if dates.start else None) or dt.date.max,
        "enrollment_key": rec.enrollment.count if rec.enrollment.count is not None else -1,
    }


def first_day(partial: str | None) -> dt.date | None:
    """The first day of a partial ISO date: ``2016-03`` -> 2016-03-01."""
    if not partial:
        return None
    parts = [int(p) for p in partial.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])
