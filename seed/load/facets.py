"""The whole-registry facet counts an unfiltered /v1/stats serves, and the filtered answers
of the broad filters, recounted after a load."""

from __future__ import annotations

import functools
import secrets
from typing import Any

from sqlalchemy import Connection, delete, insert, text

from domain.countries import UnknownCountryCode
from store import models as m
from store.facet_answers import (
    combination_stats,
    combinations,
    decided_stats,
    filtered_stats,
    registry_stats,
)
from store.filters import filter_key
from store.snapshots import split

# The registry's counts by facet; those of the four enum facets are summed over the trials'
# combinations (``ENUM_FACETS``).
FACET_QUERIES = {
    "summary": "SELECT 'trials', count(*) FROM trials UNION ALL "
    "SELECT 'documents_' || status, count(*) FROM source_documents GROUP BY status",
    "condition": "SELECT name, count(DISTINCT trial_id) FROM conditions GROUP BY 1 "
    "ORDER BY 2 DESC, 1 LIMIT 100",
    # the trials of each country: its distinct (trial, country) pairs, hashed, not a sort of
    # each country's sites as count(DISTINCT trial_id) does (1.6 s, not 2.4, at 2.3 M sites)
    "country": "SELECT country, count(*) FROM (SELECT DISTINCT trial_id, country FROM locations "
    "WHERE country IS NOT NULL) AS sites GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 300",
}


# A filter that matches fewer trials than this is counted when first asked (in a few ms),
# not at the recount; one that matches more is counted ahead (see ``count_ahead``).
COUNT_AHEAD_FROM = 10_000
# The same bound for the enum filters, which are counted ahead together: the statement that
# counts them (``decided_stats``) costs about the same for 30 filters or 70, so those of a
# thousand trials or more are counted ahead too (a live count of 7,000 trials takes ~0.1 s).
ENUM_AHEAD_FROM = 1_000

# The enum facets, and the one-value filters counted ahead: /v1/stats facet -> its parameter.
ENUM_FACETS = {
    "overall_status": "status",
    "phase": "phase",
    "study_type": "study_type",
    "intervention_type": "intervention_type",
}


def refresh_facets(
    conn: Connection, *, ahead: bool = True, helper: Connection | None = None
) -> None:
    """Recount the whole-registry facets that an unfiltered /v1/stats serves, mark the data
    with a new generation (``m.GENERATION``), and count the broad filters' answers ahead for
    it (``count_ahead``): the filtered answers a server keeps (``service.queries.stats``)
    are read or recounted from then on. One transaction (the caller's): a reader sees the
    counts, the generation and the answers of one recount. Call it after every change to
    the trials.

    ``ahead=False``: no answer counted ahead (8-13 s at 500,000 trials on 2 cores), for a
    change to one trial through the admin API: its request would wait that long. Until the
    next load or sync recounts, a first filtered request counts its answer live, as any
    narrow one.

    ``helper``: a connection that reads ``conn``'s snapshot (``store.snapshots.
    shared_snapshot``, before ``conn`` wrote anything): the counting statements are split
    between the two, on two cores, and ``conn`` writes what both counted."""
    lanes = [conn] if helper is None else [conn, helper]
    for lane in lanes:
        lane.execute(text("SET LOCAL statement_timeout = 0"))  # counts over the whole registry
        # some thirty statements that each read many rows once: compiling each (JIT) would
        # cost more than it saves (about 20 ms a statement)
        lane.execute(text("SET LOCAL jit = off"))
    combos, *facets = split(
        lanes,
        [combinations, *(functools.partial(_rows, sql) for sql in FACET_QUERIES.values())],
    )
    registry = combination_stats(combos, {})
    counts = [(f, listed["value"], listed["count"]) for f in ENUM_FACETS for listed in registry[f]]
    for facet, rows in zip(FACET_QUERIES, facets, strict=True):
        counts += [(facet, value, count) for value, count in rows]
    conn.execute(delete(m.FacetCount))
    if counts:
        conn.execute(
            insert(m.FacetCount), [{"facet": f, "value": v, "count": c} for f, v, c in counts]
        )
    generation = new_generation(conn)
    if ahead:
        count_ahead(lanes, counts, combos, generation)


def _rows(sql: str, conn: Connection) -> list[tuple]:
    return [tuple(row) for row in conn.execute(text(sql))]


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


def count_ahead(
    lanes: list[Connection],
    counts: list[tuple[str, Any, int]],
    combos: list[tuple],
    generation: int,
) -> None:
    """Count and store (``m.FacetAnswer``, for ``generation``) the filtered /v1/stats answers
    of the filters a first request would otherwise count over many trials: one status, phase,
    study type or intervention type; a status with a phase; a country or a condition of the
    unfiltered answer's lists. Each as ``filtered_stats`` counts it live, and only where it
    matches at least ``COUNT_AHEAD_FROM`` trials (``ENUM_AHEAD_FROM`` for the enum filters)
    by ``counts`` (the registry's facet rows; for a country or a condition, the trials naming
    it exactly, which its filter matches at least) or, for a status with a phase, by the
    status's own answer. The enum filters are counted together from the trials'
    combinations (``combos``, ``decided_stats``), the others one by one; the statements are
    split between ``lanes`` (one connection, or two on one snapshot), the first writes."""
    registry = registry_stats(counts)
    decided: list[dict[str, Any]] = []
    for facet, name in ENUM_FACETS.items():
        for listed in registry[facet]:
            if listed["count"] < ENUM_AHEAD_FROM:
                continue
            decided.append({name: [listed["value"]]})
            if name == "status":
                phases = combination_stats(combos, decided[-1])["phase"]
                decided += [
                    {"status": [listed["value"]], "phase": [phase["value"]]}
                    for phase in phases
                    if phase["count"] >= ENUM_AHEAD_FROM
                ]
    named: dict[str, dict[str, Any]] = {}  # a country or a condition, by its filters' key
    for facet in ("country", "condition"):
        for listed in registry[facet]:
            if listed["count"] >= COUNT_AHEAD_FROM:
                filters = {facet: listed["value"]}
                try:
                    named.setdefault(filter_key(filters), filters)
                except UnknownCountryCode:  # a site's country that no request can name
                    continue
    tasks = [functools.partial(decided_stats, combos=combos, filters=decided)]
    tasks += [functools.partial(filtered_stats, filters=filters) for filters in named.values()]
    counted, *each = split(lanes, tasks)
    answers = dict(zip(map(filter_key, decided), counted, strict=True))
    answers.update(zip(named, each, strict=True))  # keys of other filters: none is replaced
    if answers:
        lanes[0].execute(
            insert(m.FacetAnswer),
            [{"filters": k, "generation": generation, "answer": a} for k, a in answers.items()],
        )
