"""Counts for facets: by status, phase, study type, intervention type, condition, country."""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache
from sqlalchemy import select
from sqlalchemy.orm import Session

from store import models as m
from store.facet_answers import filtered_stats, registry_stats
from store.filters import filter_key


def trial_stats(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """Facet counts over the trials matching ``filters``.

    Without filters the counts come from ``facet_counts``, recounted after each load and
    sync (``seed.load.facets.refresh_facets``): the registry-wide view is one small read.
    With filters, the answer is the one ``store.facet_answers.filtered_stats`` counts (one
    statement over the matching trials), kept (``ANSWERS``) until the next recount, which
    marks the data with a new generation: the trials only change in a load or a sync. A
    filter that matches a large part of the registry (one status, a status with a phase, a
    listed country ...) would read that many trial rows (hundreds of ms at 500,000 trials):
    the recount counted those ahead (``facet_answers``), so a first request for one is a
    primary-key read too.
    """
    present = {k: v for k, v in filters.items() if v is not None}
    if not present:
        rows = session.execute(
            select(m.FacetCount.facet, m.FacetCount.value, m.FacetCount.count)
        ).all()
        return registry_stats(rows)
    generation = session.scalar(
        select(m.FacetCount.count).where(
            m.FacetCount.facet == "summary", m.FacetCount.value == m.GENERATION
        )
    )
    if generation is None:  # never recounted: nothing marks a change
        return filtered_stats(session, present)
    filters_key = filter_key(present)
    key = (str(session.get_bind().engine.url), generation, filters_key)
    with _ANSWERS_LOCK:
        answer = ANSWERS.get(key)
    if answer is None:
        answer = _stored_answer(session, filters_key, generation) or filtered_stats(
            session, present
        )
        with _ANSWERS_LOCK:
            ANSWERS[key] = answer
    return answer


def _stored_answer(session: Session, filters_key: str, generation: int) -> dict[str, Any] | None:
    """The answer the recount of ``generation`` stored for these filters, if it did (a later
    recount replaces the rows, so one of another generation is never read)."""
    a = m.FacetAnswer
    return session.scalar(
        select(a.answer).where(a.filters == filters_key, a.generation == generation)
    )


# The latest filtered answers of this process (least recently used dropped), by database,
# facets generation and filters; shared by a worker's threads, hence the lock.
ANSWERS: LRUCache[tuple, dict[str, Any]] = LRUCache(maxsize=256)
_ANSWERS_LOCK = threading.Lock()
