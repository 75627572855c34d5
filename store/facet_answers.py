"""The facet counts over the trials matching some filters: what a filtered /v1/stats answers,
counted by one statement. The service counts them live; the recount after each load and sync
(``seed.load.facets``) counts the broad ones ahead and stores them (``m.FacetAnswer``), with
this very function, so a stored answer is the one a live count gives."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, Text, cast, func, literal, null, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from store import models as m
from store.filters import trial_filters

FACETS = ("overall_status", "phase", "study_type", "intervention_type", "condition", "country")
TOP = {"condition": 20, "country": 50}
_ARRAYS = {
    "phase": "phases",
    "intervention_type": "intervention_types",
    "condition": "condition_names",
    "country": "country_names",
}


def filtered_stats(db: Session | Connection, filters: dict[str, Any]) -> dict[str, Any]:
    """The facet counts over the trials matching ``filters``, counted now."""
    return grouped(*_facet_rows(db.execute(_facet_statement(filters))))


def registry_stats(rows) -> dict[str, Any]:
    """The unfiltered /v1/stats answer from the (facet, value, count) rows of ``facet_counts``
    (its total the ``summary`` row of ``trials``)."""
    total = next((c for f, v, c in rows if (f, v) == ("summary", "trials")), 0)
    return grouped(total, rows)


def grouped(total: int, rows) -> dict[str, Any]:
    """The /v1/stats answer from (facet, value, count) rows: each facet's values by count
    (most first, then by value), the top ``TOP`` of conditions and countries."""
    by_facet: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    for facet, value, count in rows:
        if facet in by_facet:
            by_facet[facet].append((value, count))
    return {
        "total": total,
        **{
            facet: [
                {"value": v, "count": c}
                for v, c in sorted(by_facet[facet], key=lambda r: (-r[1], r[0]))[: TOP.get(facet)]
            ]
            for facet in FACETS
        },
    }


def _facet_statement(filters: dict[str, Any]):
    """The matching trials read once (a materialised CTE of their enum and name arrays,
    denormalised at load time) and counted with no join, in three parts: (0) the trials by
    their combination of status, study type, phases and intervention types, a few hundred
    groups whatever the count, split into those four facets by ``_facet_rows`` (one hash
    lookup a trial, not one per value); (1) condition and (2) country names, one row per
    name (too many combinations to group by)."""
    t = m.Trial
    matching = (
        select(t.overall_status, t.study_type, *(getattr(t, name) for name in _ARRAYS.values()))
        .where(*trial_filters(filters, every=True))
        .cte("matching")
        .prefix_with("MATERIALIZED")
    )
    c = matching.c
    combos = (c.overall_status, c.study_type, c.phases, c.intervention_types)
    parts = [select(literal(0), *combos, _null_text(), func.count()).group_by(*combos)]
    for part, name in ((1, "condition_names"), (2, "country_names")):
        # unnest in the select list (a ProjectSet): half the time of a lateral unnest per row
        names = select(func.unnest(c[name], type_=Text).label("value")).subquery()
        parts.append(
            select(literal(part), _null_text(), _null_text(), _null_array(), _null_array(),
                   names.c.value, func.count())
            .group_by(names.c.value)
        )  # fmt: skip
    return union_all(*parts)


def _null_text():
    return cast(null(), Text)


def _null_array():
    return cast(null(), ARRAY(Text))


def _facet_rows(rows) -> tuple[int, list[tuple[str, Any, int]]]:
    """The total and the (facet, value, count) rows of ``_facet_statement``'s answer."""
    total = 0
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    for part, status, study_type, phases, intervention_types, value, count in rows:
        if part == 0:
            total += count
            if status is not None:
                counts["overall_status"][status] += count
            if study_type is not None:
                counts["study_type"][study_type] += count
            for phase in phases or ():
                counts["phase"][phase] += count
            for kind in intervention_types or ():
                counts["intervention_type"][kind] += count
        else:
            counts["condition" if part == 1 else "country"][value] += count
    return total, [(f, v, n) for f, values in counts.items() for v, n in values.items()]
