"""Counts for facets: by status, phase, study type, intervention type, condition, country."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from cachetools import LRUCache
from sqlalchemy import Text, cast, column, func, literal, null, select, true, union_all
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


def trial_stats(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """Facet counts over the trials matching ``filters``.

    Without filters the counts come from ``facet_counts``, recounted after each load and
    sync (``seed.load.facets.refresh_facets``): the registry-wide view is one small read.
    With filters, one statement reads the matching trials once (a materialised CTE of their
    enum and name arrays, denormalised at load time) and counts every facet from it, with
    no join; its answer is kept (``ANSWERS``) until the next recount, which marks the data
    with a new generation: the trials only change in a load or a sync, and a filter that
    matches a large part of the registry reads that many trial rows (hundreds of ms at
    500,000 trials), where a kept answer costs one primary-key read.
    """
    present = {k: v for k, v in filters.items() if v is not None}
    if not present:
        rows = session.execute(
            select(m.FacetCount.facet, m.FacetCount.value, m.FacetCount.count)
        ).all()
        total = next((c for f, v, c in rows if f == "summary" and v == "trials"), 0)
        return _grouped(total, rows)
    generation = session.scalar(
        select(m.FacetCount.count).where(
            m.FacetCount.facet == "summary", m.FacetCount.value == m.GENERATION
        )
    )
    if generation is None:  # never recounted: nothing marks a change
        return filtered_stats(session, present)
    key = (str(session.get_bind().engine.url), generation, _canonical(present))
    with _ANSWERS_LOCK:
        answer = ANSWERS.get(key)
    if answer is None:
        answer = filtered_stats(session, present)
        with _ANSWERS_LOCK:
            ANSWERS[key] = answer
    return answer


def filtered_stats(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """The facet counts over the trials matching ``filters``, counted now."""
    return _grouped(*_facet_rows(session.execute(_facet_statement(filters))))


def _grouped(total: int, rows) -> dict[str, Any]:
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


def _canonical(filters: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()))


# The latest filtered answers of this process (least recently used dropped), by database,
# facets generation and filters; shared by a worker's threads, hence the lock.
ANSWERS: LRUCache[tuple, dict[str, Any]] = LRUCache(maxsize=256)
_ANSWERS_LOCK = threading.Lock()


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
    parts = [select(literal(0), *combos, null_text(), func.count()).group_by(*combos)]
    for part, name in ((1, "condition_names"), (2, "country_names")):
        value = func.unnest(c[name]).table_valued("value").render_derived()
        v = column("value", Text)
        parts.append(
            select(literal(part), null_text(), null_text(), null_array(), null_array(), v,
                   func.count())
            .select_from(matching)
            .join(value, true())
            .group_by(v)
        )  # fmt: skip
    return union_all(*parts)


def null_text():
    return cast(null(), Text)


def null_array():
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
