"""The admin API's writes: re-run the seed job, store one uploaded document, delete a trial.

Each takes the seed job's advisory lock (so it never interleaves with a seed run or another
admin write) and owns its transactions on the transactional engine. SEED_DIR stays the source
of truth: an uploaded document is written into it (atomically) and a deleted trial's document
is removed from it, so the next seed run, here or on another replica, agrees with the API.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from domain.errors import DocumentConflict, SeedDirError, UnknownTrial
from domain.records import TrialRecord
from schemas.trial_json import render_trial_json
from seed.load import load_directory, load_documents, refresh_facets
from seed.parse import parse_document
from service.queries.sources import get_source
from store import models as m
from store.locks import SEED_LOCK_KEY, advisory_lock

# a plain file name: no directory part, no leading dot (hidden files are never loaded)
DOCUMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def valid_document_name(name: str) -> bool:
    return DOCUMENT_NAME.fullmatch(name) is not None and ".." not in name


def run_seed(engine: Engine, seed_dir: str) -> dict[str, Any]:
    """The seed job over ``seed_dir``, in this process (no worker pool inside a web worker)."""
    report = load_directory(engine, seed_dir, render=render_trial_json, workers=1)
    return {
        "loaded": len(report.loaded),
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
        "removed": len(report.removed),
        "superseded": len(report.superseded),
        "seconds": round(report.seconds, 3),
        "failures": [{"name": n, "reason": r} for n, r in report.failed],
    }


def parse_upload(name: str, data: bytes) -> TrialRecord:
    """The uploaded document's record; ``ParseError`` (nothing changed) when it is broken."""
    return parse_document(name, data)


def store_document(engine: Engine, seed_dir: str, name: str, data: bytes) -> dict[str, Any]:
    """Write ``data`` into ``seed_dir`` as ``name`` (replacing a document of that name) and load
    it. Refuses, changing nothing, a document whose NCT id another document holds."""
    record = parse_upload(name, data)
    path = Path(seed_dir) / name
    with advisory_lock(engine, SEED_LOCK_KEY, patient=False):
        with engine.connect() as conn:
            owner = conn.scalar(
                select(m.SourceDocument.name)
                .join(m.Trial, m.Trial.source_document_id == m.SourceDocument.id)
                .where(m.Trial.nct_id == record.nct_id)
            )
        if owner is not None and owner != name:
            raise DocumentConflict(f"{record.nct_id} is already loaded from {owner}.")
        previous = path.read_bytes() if path.is_file() else None
        _write_atomically(path, data)
        outcomes = load_documents(engine, [path], render=render_trial_json)
        if outcomes and outcomes[0][1] is not None:  # the database refused it: undo the file
            _restore(path, previous)
            if previous is not None:  # and its trial, which the failed write replaced
                load_documents(engine, [path], render=render_trial_json, force=True)
            raise SeedDirError(f"The document could not be stored: {outcomes[0][1]}.")
        with engine.begin() as conn:
            refresh_facets(conn, ahead=False)  # one trial: see refresh_facets
            _record_change(conn, seed_dir, loaded=1)
    with Session(engine) as session:
        return get_source(session, name) or {}


def delete_trial(engine: Engine, seed_dir: str, nct_id: str) -> None:
    """Remove the trial with every source that holds it (the one it is served from and any
    superseded), and those sources' files in ``seed_dir``, else the next seed run would load
    it again. A ZIP member or a study of a multi-study file cannot be cut out of its file: the
    next seed run brings such a one back. ``UnknownTrial`` when there is no such trial."""
    S = m.SourceDocument
    with advisory_lock(engine, SEED_LOCK_KEY, patient=False), engine.begin() as conn:
        if conn.scalar(select(m.Trial.id).where(m.Trial.nct_id == nct_id)) is None:
            raise UnknownTrial(nct_id)
        sources = conn.execute(
            delete(S)
            .where(S.nct_id == nct_id, S.status.in_(["loaded", "superseded"]))
            .returning(S.name, S.origin, S.container)
        ).all()
        conn.execute(delete(m.Trial).where(m.Trial.nct_id == nct_id))
        refresh_facets(conn, ahead=False)
        _record_change(conn, seed_dir, removed=len(sources))
        files = [s.name for s in sources if s.origin == "file" and s.container == s.name]
        try:  # last: if a file cannot go, the transaction rolls back (the trial stays)
            for name in files:
                (Path(seed_dir) / name).unlink(missing_ok=True)
        except OSError as exc:
            raise SeedDirError(f"{name} could not be removed from the seed directory.") from exc


def _record_change(conn, seed_dir: str, **counts: int) -> None:
    """A finished seed-run row, so that Last-Modified (and /v1/version) move with the data."""
    conn.execute(insert(m.SeedRun).values(seed_dir=str(seed_dir), finished_at=func.now(), **counts))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a hidden temporary file beside ``path``, fsync, then rename over it: a reader
    (a seed run on another replica) sees the old document or the new one, never half."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SeedDirError("The seed directory is not writable.") from exc


def _restore(path: Path, previous: bytes | None) -> None:
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        _write_atomically(path, previous)
