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
    }
