"""The source_documents rows: which document holds each trial, which failed and why.

Documents are written in batches (one transaction per batch, for speed); when a batch fails,
its documents are written again one transaction each, so one bad document never takes the
others with it and no trial is ever half-written.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from seed.load.documents import Document
from seed.load.rows import LOADER_VERSION, Render, insert_trials
from store import models as m

log = logging.getLogger("seed.load")


def store_documents(
    engine: Engine, docs: list[Document], render: Render
) -> list[tuple[str, str | None]]:
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
                failed = Document(doc.name, doc.sha256, error=reason)
                with engine.begin() as conn:
                    outcomes.extend(_write(conn, [failed], render))
    return outcomes


def _write_one(
    engine: Engine, doc: Document, render: Render, attempts: int = 3
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


def _write(conn: Connection, docs: list[Document], render: Render) -> list[tuple[str, str | None]]:
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
    conn: Connection, docs: list[Document]
) -> tuple[list[Document], list[tuple[str, str | None]]]:
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
    good: list[Document] = []
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


def prune_documents(engine: Engine, present: set[str]) -> list[str]:
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
