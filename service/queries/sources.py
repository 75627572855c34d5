"""Sources: every study source the loader read (files, ZIP members, synced records), loaded,
superseded or failed, keyset-paged by name."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.queries.paging import decode_cursor, encode_cursor, page
from store import models as m

S = m.SourceDocument
SOURCE_COLUMNS = (
    S.name,
    S.format,
    S.format.label("layout"),  # its former name, still served
    S.origin,
    S.container,
    S.sha256,
    S.status,
    S.error.label("reason"),
    S.error_line.label("line"),
    S.nct_id,
    S.last_update,
    S.loaded_at,
)


def list_sources(
    session: Session,
    *,
    limit: int = 20,
    cursor: str | None = None,
    status: str | None = None,
    origin: str | None = None,
    nct_id: str | None = None,
) -> dict[str, Any]:
    """One page of sources in name order (names are unique: a complete keyset)."""
    stmt = select(*SOURCE_COLUMNS)
    if status:
        stmt = stmt.where(S.status == status)
    if origin:
        stmt = stmt.where(S.origin == origin)
    if nct_id:
        stmt = stmt.where(S.nct_id == nct_id)
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
