"""Counts for facets: by status, phase, study type, intervention type, condition, country."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache
from sqlalchemy import select
from sqlalchemy.orm import Session

from store import models as m
from store.facet_answers import filtered_stats, grouped


def trial_stats(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """Facet counts over the trials matching ``filters``.

    Without filters the counts come from ``facet_counts``, recounted after each load and
    sync (``seed.load.facets.refresh_facets``): the registry-wide view is one small read.
    With filters, one statement (``store.facet_answers.filtered_stats``) reads the matching
    trials once and counts every facet from it, with no join; its answer is kept
    (``ANSWERS``) until the next recount, which marks the data with a new generation: the
    trials only change in a load or a sync, and a filter that matches a large part of the
    registry reads that many trial rows (hundreds of ms at 500,000 trials), where a kept
    answer costs one primary-key read.
    """
    present = {k: v for k, v in filters.items() if v is not None}
    if not present:
        rows = session.execute(
            select(m.FacetCount.facet, m.FacetCount.value, m.FacetCount.count)
        ).all()
        total = next((c for f, v, c in rows if f == "summary" and v == "trials"), 0)
        return grouped(total, rows)
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


def _canonical(filters: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()))


# The latest filtered answers of this process (least recently used dropped), by database,
# facets generation and filters; shared by a worker's threads, hence the lock.
ANSWERS: LRUCache[tuple, dict[str, Any]] = LRUCache(maxsize=256)
_ANSWERS_LOCK = threading.Lock()
