"""Counts for facets: by status, phase, study type, intervention type, condition, country."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, column, func, literal, select, union_all
from sqlalchemy.orm import Session

from service.queries.filters import trial_filters
from store import models as m

FACETS = ("overall_status", "phase", "study_type", "intervention_type", "condition", "country")
TOP = {"condition": 20, "country": 50}
_ARRAYS = {
    "phase": "phases",
    "intervention_type": "intervention_types",
    "condition": "condition_names",
    "country": "country_names",
}


def trial_stats(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """Facet counts over the trials matching ``filters``.

    Without filters the counts come from ``facet_counts``, recounted after each seed run: the
    registry-wide view is one small read. With filters, one statement reads the matching
    trials once (a materialised CTE of their enum and name arrays, denormalised at load
    time) and counts every facet from it, with no join.
    """
    if not any(v is not None for v in filters.values()):
        rows = session.execute(
            select(m.FacetCount.facet, m.FacetCount.value, m.FacetCount.count)
        ).all()
        total = next((c for f, v, c in rows if f == "summary" and v == "trials"), 0)
    else:
        rows = session.execute(_facet_statement(filters)).all()
        total = next((c for f, v, c in rows if f == "summary"), 0)
    grouped: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    for facet, value, count in rows:
        if facet in grouped:
            grouped[facet].append((value, count))
    return {
        "total": total,
        **{
            facet: [
                {"value": v, "count": c}
                for v, c in sorted(grouped[facet], key=lambda r: (-r[1], r[0]))[: TOP.get(facet)]
            ]
            for facet in FACETS
        },
    }


def _facet_statement(filters: dict[str, Any]):
    t = m.Trial
    matching = (
        select(
            t.overall_status,
            t.study_type,
            *(getattr(t, name) for name in _ARRAYS.values()),
        )
        .where(*trial_filters(filters))
        .cte("matching")
        .prefix_with("MATERIALIZED")
    )
    parts = [
        select(literal("summary", Text), literal("total", Text), func.count()).select_from(matching)
    ]
    for facet in ("overall_status", "study_type"):
        value = matching.c[facet]
        parts.append(
            select(literal(facet, Text), value, func.count())
            .where(value.is_not(None))
            .group_by(value)
        )
    for facet, name in _ARRAYS.items():
        value = func.unnest(matching.c[name]).table_valued("value").render_derived()
        v = column("value", Text)
        parts.append(
            select(literal(facet, Text), v, func.count())
            .select_from(matching)
            .join(value, literal(True))
            .group_by(v)
        )
    return union_all(*parts)
