"""What the API knows about itself: enums, versions, data freshness and counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from seed.normalize import all_enums  # noqa: F401 - re-exported for the view
from service import models as m
from service.queries.health import head_revision


def version(session: Session, api_version: str) -> dict[str, Any]:
    run = session.execute(
        select(m.SeedRun.finished_at, m.SeedRun.seed_dir)
        .where(m.SeedRun.finished_at.is_not(None))
        .order_by(m.SeedRun.id.desc())
        .limit(1)
    ).first()
    documents = dict(
        session.execute(
            select(m.SourceDocument.status, func.count()).group_by(m.SourceDocument.status)
        ).all()
    )
    return {
        "api_version": api_version,
        "schema_revision": head_revision(),
        "data_loaded_at": run[0] if run else None,
        "counts": {
            "trials": session.scalar(select(func.count()).select_from(m.Trial)),
            "documents_loaded": documents.get("loaded", 0),
            "documents_failed": documents.get("failed", 0),
        },
    }
