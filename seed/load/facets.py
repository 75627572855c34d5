"""The whole-registry facet counts an unfiltered /v1/stats serves, and the filtered answers
of the broad filters, recounted after a load."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Connection, delete, insert, text

from domain.countries import UnknownCountryCode
from store import models as m
from store.facet_answers import filtered_stats, registry_stats
from store.filters import filter_key

FACET_QUERIES = {
    "summary": "SELECT 'trials', count(*) FROM trials UNION ALL "
    "SELECT 'documents_' || status, count(*) FROM source_documents GROUP BY status",
    "overall_status": "SELECT overall_status, count(*) FROM trials "
    "WHERE overall_status IS NOT NULL GROUP BY 1",
    "phase": "SELECT p, count(*) FROM trials, unnest(phases) p GROUP BY 1",
    "study_type": "SELECT study_type, count(*) FROM trials WHERE study_type IS NOT NULL GROUP BY 1",
    "intervention_type": "SELECT t, count(*) FROM trials, unnest(intervention_types) t GROUP BY 1",
    "condition": "SELECT name, count(DISTINCT trial_id) FROM conditions GROUP BY 1 "
    "ORDER BY 2 DESC, 1 LIMIT 100",
    "country": "SELECT country, count(DISTINCT trial_id) FROM locations "
    "WHERE country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 300",
}


# A filter that matches fewer trials than this is counted when first asked (in a few ms),
# not at the recount; one that matches more is counted ahead (see ``count_ahead``).
COUNT_AHEAD_FROM = 10_000

# The one-value filters counted ahead: /v1/stats facet -> its query parameter.
_ENUM_FILTERS = {
    "overall_status": "status",
    "phase": "phase",
    "study_type": "study_type",
    "intervention_type": "intervention_type",
}


def refresh_facets(conn: Connection, *, ahead: bool = True) -> None:
    """Recount the whole-registry facets that an unfiltered /v1/stats serves, mark the data
    with a new generation (``m.GENERATION``), and count the broad filters' answers ahead for
    it (``count_ahead``): the filtered answers a server keeps (``service.queries.stats``)
    are read or recounted from then on. One transaction (the caller's): a reader sees the
    counts, the generation and the answers of one recount. Call it after every change to
    the trials.

    ``ahead=False``: no answer counted ahead (about 10 s at 500,000 trials), for a change to
    one trial through the admin API: its request would wait that long. Until the next load
    or sync recounts, a first filtered request counts its answer live, as any narrow one."""
    conn.execute(text("SET LOCAL statement_timeout = 0"))  # counts over the whole registry
    # a hundred-odd statements that each read many rows once: compiling each (JIT) would
    # cost more than it saves (about 20 ms a statement)
    conn.execute(text("SET LOCAL jit = off"))
    conn.execute(delete(m.FacetCount))
    counts: list[tuple[str, Any, int]] = []
    for facet, sql in FACET_QUERIES.items():
        rows = [(facet, value, count) for value, count in conn.execute(text(sql))]
        if rows:
            conn.execute(
                insert(m.FacetCount), [{"facet": f, "value": v, "count": c} for f, v, c in rows]
            )
        counts += rows
    generation = new_generation(conn)
    if ahead:
        count_ahead(conn, counts, generation)


def new_generation(conn: Connection) -> int:
    """Mark the trials as changed: every filtered /v1/stats answer a server keeps, and those
    the last recount stored, is recounted from now on. ``refresh_facets`` does it; a writer
    that keeps the counts up to date another way calls this after each change to the
    trials. The new generation's number."""
    generation = secrets.randbelow(2**31 - 1) + 1  # unique, even across rolled-back recounts
    summary = m.FacetCount.facet == "summary"
    conn.execute(delete(m.FacetCount).where(summary, m.FacetCount.value == m.GENERATION))
    conn.execute(
        insert(m.FacetCount), {"facet": "summary", "value": m.GENERATION, "count": generation}
    )
    conn.execute(delete(m.FacetAnswer))
    return generation


def count_ahead(conn: Connection, counts: list[tuple[str, Any, int]], generation: int) -> None:
    """Count and store (``m.FacetAnswer``, for ``generation``) the filtered /v1/stats answers
    of the filters a first request would otherwise count over many trials: one status, phase,
    study type or intervention type; a status with a phase; a country or a condition of the
    unfiltered answer's lists. Each by ``filtered_stats``, as the service counts it live, and
    only where it matches at least ``COUNT_AHEAD_FROM`` trials by ``counts`` (the registry's
    facet rows; for a country or a condition, the trials naming it exactly, which its filter
    matches at least) or, for a status with a phase, by the status's own answer."""
    least = COUNT_AHEAD_FROM
    registry = registry_stats(counts)
    answers: dict[str, dict[str, Any]] = {}

    def count(filters: dict[str, Any]) -> dict[str, Any]:
        key = filter_key(filters)
        if key not in answers:
            answers[key] = filtered_stats(conn, filters)
        return answers[key]

    for facet, name in _ENUM_FILTERS.items():
        for listed in registry[facet]:
            if listed["count"] < least:
                continue
            answer = count({name: [listed["value"]]})
            if name == "status":
                for phase in answer["phase"]:
                    if phase["count"] >= least:
                        count({"status": [listed["value"]], "phase": [phase["value"]]})
    for facet in ("country", "condition"):
        for listed in registry[facet]:
            if listed["count"] >= least:
                try:
                    count({facet: listed["value"]})
                except UnknownCountryCode:  # a site's country that no request can name
                    continue
    if answers:
        conn.execute(
            insert(m.FacetAnswer),
            [{"filters": k, "generation": generation, "answer": a} for k, a in answers.items()],
        )
