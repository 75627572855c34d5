"""What the API knows about itself: enums, versions, data freshness and counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.vocab import all_enums  # noqa: F401 - re-exported for the view
from service.queries.health import head_revision
from store import models as m


def version(session: Session, api_version: str) -> dict[str, Any]:
    run = session.execute(
        select(m.SeedRun.finished_at, m.SeedRun.seed_dir)
        .where(m.SeedRun.finished_at.is_not(None))
        .order_by(m.SeedRun.id.desc())
        .limit(1)
    ).first()
    summary = dict(
        session.execute(
            select(m.FacetCount.value, m.FacetCount.count).where(m.FacetCount.facet == "summary")
        ).all()
    )  # recounted after each seed run
    return {
        "api_version": api_version,
        "schema_revision": head_revision(),
        "data_loaded_at": run[0] if run else None,
        "counts": {
            "trials": summary.get("trials", 0),
            "documents_loaded": summary.get("documents_loaded", 0),
            "documents_failed": summary.get("documents_failed", 0),
        },
        "last_sync": last_sync(session),
    }


def last_sync(session: Session) -> dict[str, Any] | None:
    """The latest sync with the registry (finished or not), or ``None``."""
    run = session.scalars(select(m.SyncRun).order_by(m.SyncRun.id.desc()).limit(1)).first()
    if run is None:
        return None
    return {
        "status": run.status,
        "since": run.since,
        "data_timestamp": run.data_timestamp,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "pages": run.pages,
        "counts": {
            "studies": run.studies,
            "loaded": run.loaded,
            "unchanged": run.unchanged,
            "superseded": run.superseded,
            "failed": run.failed,
            "moved": run.moved,
        },
    }
