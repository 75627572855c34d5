"""Counts for facets: by status, phase, study type, intervention type, condition, country."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from service import models as m
from service.queries.filters import filtered_ids

FACETS = ("overall_status", "phase", "study_type", "intervention_type", "condition", "country")
TOP = {"condition": 20, "country": 50}


def trial_stats(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """Facet counts over the trials matching ``filters``.

    Without filters the counts come from ``facet_counts``, recounted after each seed run, so
    the registry-wide view costs one small read; with filters they are counted live over the
    matching trials.
    """
    if not any(v is not None for v in filters.values()):
        rows = session.execute(
            select(m.FacetCount.facet, m.FacetCount.value, m.FacetCount.count).order_by(
                m.FacetCount.facet, m.FacetCount.count.desc(), m.FacetCount.value
            )
        ).all()
        total = session.scalar(select(func.count()).select_from(m.Trial))
        grouped: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
        for facet, value, count in rows:
            grouped.setdefault(facet, []).append((value, count))
    else:
        ids = filtered_ids(filters).cte("matching")
        total = session.scalar(select(func.count()).select_from(ids))
        grouped = {facet: _count(session, facet, ids) for facet in FACETS}
    return {
        "total": total,
        **{
            facet: [{"value": v, "count": c} for v, c in grouped[facet][: TOP.get(facet)]]
            for facet in FACETS
        },
    }


def _count(session: Session, facet: str, ids) -> list[tuple[str, int]]:
    t = m.Trial
    if facet == "overall_status":
        stmt = select(t.overall_status, func.count()).where(t.overall_status.is_not(None))
        stmt = stmt.where(t.id.in_(select(ids.c.id))).group_by(t.overall_status)
    elif facet == "study_type":
        stmt = select(t.study_type, func.count()).where(t.study_type.is_not(None))
        stmt = stmt.where(t.id.in_(select(ids.c.id))).group_by(t.study_type)
    elif facet in ("phase", "intervention_type"):
        column = t.phases if facet == "phase" else t.intervention_types
        value = func.unnest(column).table_valued("value").render_derived()
        stmt = (
            select(value.c.value, func.count())
            .select_from(t)
            .join(value, text("true"))
            .where(t.id.in_(select(ids.c.id)))
            .group_by(value.c.value)
        )
    elif facet == "condition":
        stmt = (
            select(m.Condition.name, func.count(func.distinct(m.Condition.trial_id)))
            .where(m.Condition.trial_id.in_(select(ids.c.id)))
            .group_by(m.Condition.name)
        )
    else:
        stmt = (
            select(m.Location.country, func.count(func.distinct(m.Location.trial_id)))
            .where(m.Location.country.is_not(None), m.Location.trial_id.in_(select(ids.c.id)))
            .group_by(m.Location.country)
        )
    rows = session.execute(stmt).all()
    return sorted(((v, c) for v, c in rows), key=lambda r: (-r[1], r[0]))
