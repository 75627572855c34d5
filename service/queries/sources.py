"""Source documents: every document the seed job read, loaded or failed, keyset-paged by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.queries.paging import decode_cursor, encode_cursor, page
from store import models as m

SOURCE_COLUMNS = (
    m.SourceDocument.name,
    m.SourceDocument.layout,
    m.SourceDocument.sha256,
    m.SourceDocument.status,
    m.SourceDocument.error.label("reason"),
    m.SourceDocument.error_line.label("line"),
    m.SourceDocument.nct_id,
    m.SourceDocument.loaded_at,
)


def list_sources(
    session: Session, *, limit: int = 20, cursor: str | None = None, status: str | None = None
) -> dict[str, Any]:
    """One page of source documents in name order (names are unique: a complete keyset)."""
    stmt = select(*SOURCE_COLUMNS)
    if status:
        stmt = stmt.where(m.SourceDocument.status == status)
    if cursor:
        (after,) = decode_cursor(cursor, (str,), sort="name")
        stmt = stmt.where(m.SourceDocument.name > after)
    rows = session.execute(stmt.order_by(m.SourceDocument.name).limit(limit + 1)).all()
    rows, last = page(rows, limit, key=lambda r: r.name)
    return {
        "data": [row._asdict() for row in rows],
        "page": {
            "limit": limit,
            "next_cursor": encode_cursor(["name", last]) if last is not None else None,
        },
    }


def get_source(session: Session, name: str) -> dict[str, Any] | None:
    row = session.execute(select(*SOURCE_COLUMNS).where(m.SourceDocument.name == name)).first()
    return row._asdict() if row else None
