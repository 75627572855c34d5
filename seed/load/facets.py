"""The whole-registry facet counts an unfiltered /v1/stats serves, recounted after a load."""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, delete, insert, text

from store import models as m

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


def refresh_facets(conn: Connection) -> None:
    """Recount the whole-registry facets that an unfiltered /v1/stats serves, and mark the
    data with a new generation (``m.GENERATION``): the filtered answers a server keeps
    (``service.queries.stats``) are recounted from then on. Call it after every change to
    the trials."""
    conn.execute(text("SET LOCAL statement_timeout = 0"))  # counts over the whole registry
    conn.execute(delete(m.FacetCount))
    for facet, sql in FACET_QUERIES.items():
        rows = [
            {"facet": facet, "value": value, "count": count}
            for value, count in conn.execute(text(sql))
        ]
        if rows:
            conn.execute(insert(m.FacetCount), rows)
    new_generation(conn)


def new_generation(conn: Connection) -> None:
    """Mark the trials as changed: every filtered /v1/stats answer a server keeps is
    recounted from now on. ``refresh_facets`` does it; a writer that keeps the counts up to
    date another way calls this after each change to the trials."""
    generation = secrets.randbelow(2**31 - 1) + 1  # unique, even across rolled-back recounts
    summary = m.FacetCount.facet == "summary"
    conn.execute(delete(m.FacetCount).where(summary, m.FacetCount.value == m.GENERATION))
    conn.execute(
        insert(m.FacetCount), {"facet": "summary", "value": m.GENERATION, "count": generation}
    )
