"""Cross-trial collections: arms, interventions and outcomes of every trial, filtered by type
and full text, keyset-paged by (trial, position) — each item with its trial's NCT id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column, select, tuple_
from sqlalchemy.orm import Session, raiseload, selectinload

from service.queries.paging import decode_cursor, encode_cursor, page
from store import models as m
from store.filters import ENGLISH, ts_query


def _fields(row: Any, *names: str) -> dict[str, Any]:
    return {n: getattr(row, n) for n in names}


def _arm(a: m.Arm) -> dict[str, Any]:
    return _fields(a, "label", "type", "description") | {
        "interventions": [i.name for i in a.interventions]
    }


def _intervention(i: m.Intervention) -> dict[str, Any]:
    return _fields(i, "name", "type", "description", "other_names") | {
        "arm_labels": [a.label for a in i.arms]
    }


def _outcome(o: m.Outcome) -> dict[str, Any]:
    return _fields(o, "type", "measure", "time_frame", "description")


_COLLECTIONS = {
    # model, the columns its text index covers (see migration 0002), loader, serializer
    "arms": (m.Arm, ("label", "description"), m.Arm.interventions, _arm),
    "interventions": (m.Intervention, ("name", "description"), m.Intervention.arms, _intervention),
    "outcomes": (m.Outcome, ("measure", "description"), None, _outcome),
}


def _document(model, first: str, second: str):
    """``to_tsvector('english', first || ' ' || coalesce(second, ''))``, as the index has it."""
    combined = (
        getattr(model, first)
        .op("||")(literal_column("' '"))
        .op("||")(func.coalesce(getattr(model, second), literal_column("''")))
    )
    return func.to_tsvector(ENGLISH, combined)


def list_collection(
    session: Session,
    name: str,
    *,
    limit: int = 20,
    cursor: str | None = None,
    type: list[str] | None = None,  # noqa: A002 - the API's parameter name
    q: str | None = None,
) -> dict[str, Any]:
    model, text_columns, children, serialize = _COLLECTIONS[name]
    stmt = select(model, m.Trial.nct_id).join(m.Trial, m.Trial.id == model.trial_id)
    options = [raiseload("*")]
    if children is not None:
        options.insert(0, selectinload(children))
    stmt = stmt.options(*options)
    if type:
        stmt = stmt.where(model.type.in_(type))
    if q:
        stmt = stmt.where(_document(model, *text_columns).op("@@")(ts_query(q)))
    if cursor:
        trial_id, ordinal = decode_cursor(cursor, (int, int))
        stmt = stmt.where(tuple_(model.trial_id, model.ordinal) > tuple_(trial_id, ordinal))
    rows = session.execute(stmt.order_by(model.trial_id, model.ordinal).limit(limit + 1)).all()
    rows, last = page(rows, limit, key=lambda r: r[0])
    return {
        "data": [{"nct_id": nct_id, **serialize(item)} for item, nct_id in rows],
        "page": {
            "limit": limit,
            "next_cursor": encode_cursor([last.trial_id, last.ordinal]) if last else None,
        },
    }
