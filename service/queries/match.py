"""``POST /v1/match``: pre-filter in SQL, then decide each candidate in Python.

The pre-filter uses the indexes the trial list uses (status, age bounds, sex, condition words,
site distance) and keeps the MATCH_WINDOW most recently updated candidates; their facts come
from one compact document per trial (``eligibility.match_facts``, one primary-key read), and
only the page returned reads its criteria's text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from domain.eligibility.decide import TrialVerdict, decide_trial
from domain.eligibility.facts import decode_facts
from domain.eligibility.patient import Patient
from domain.records import FactRecord
from service.queries.filters import any_condition, trial_filters
from store import models as m

MATCH_WINDOW = 2000


def match(conn: Connection, profile: dict[str, Any], patient: Patient) -> dict[str, Any]:
    limit = profile["limit"]
    candidates = _candidates(conn, profile)
    truncated = len(candidates) > MATCH_WINDOW
    candidates = candidates[:MATCH_WINDOW]
    facts, keys = _documents(conn, [c.id for c in candidates])
    decided: list[tuple[Any, TrialVerdict]] = [
        (c, decide_trial(patient, keys.get(c.id, ()), facts.get(c.id, ()), explain=False))
        for c in candidates
    ]
    decided.sort(key=lambda item: (*item[1].sort_key, item[0].nct_id))
    page = [
        (c, decide_trial(patient, keys.get(c.id, ()), facts.get(c.id, ())))
        for c, _ in decided[:limit]
    ]
    texts = _criteria_texts(conn, [c.id for c, _ in page])
    data = []
    for c, verdict in page:
        data.append(
            {
                "nct_id": c.nct_id,
                "brief_title": c.brief_title,
                "overall_status": c.overall_status,
                "verdict": verdict.verdict,
                "counts": {
                    "met": verdict.met,
                    "not_met": verdict.not_met,
                    "unknown": verdict.unknown,
                },
                "criteria": [
                    {
                        "list": v.list,
                        "ordinal": v.ordinal,
                        "text": texts.get((c.id, v.list, v.ordinal), ""),
                        "verdict": v.verdict,
                        "reason": v.reason,
                    }
                    for v in verdict.criteria
                ],
            }
        )
    return {
        "data": data,
        "meta": {"candidates": len(candidates), "truncated": truncated, "limit": limit},
    }


def _candidates(conn: Connection, profile: dict[str, Any]) -> list[Any]:
    t = m.Trial
    args: dict[str, Any] = {"status": profile["statuses"]}
    for key in ("sex", "age", "near", "distance_km"):
        if profile.get(key) is not None:
            args[key] = profile[key]
    where = trial_filters(args)
    if conditions := [c for c in profile.get("conditions") or () if c.strip()]:
        where.append(any_condition(conditions))
    query = (
        select(t.id, t.nct_id, t.brief_title, t.overall_status)
        .where(*where)
        .order_by(t.updated_key.desc(), t.nct_id)
        .limit(MATCH_WINDOW + 1)
    )
    return list(conn.execute(query))


def _documents(
    conn: Connection, ids: list[int]
) -> tuple[dict[int, list[FactRecord]], dict[int, list[tuple[str, int]]]]:
    """Each candidate's facts and criteria keys, from its stored facts document (one
    primary-key read per trial; ``domain.eligibility.facts.encode_facts`` writes it)."""
    facts: dict[int, list[FactRecord]] = {}
    keys: dict[int, list[tuple[str, int]]] = {}
    if not ids:
        return facts, keys
    rows = conn.exec_driver_sql(
        "SELECT trial_id, match_facts FROM eligibility WHERE trial_id = ANY(%(ids)s)",
        {"ids": ids},
    )
    for tid, document in rows:
        if document is None:
            continue
        keys[tid], facts[tid] = decode_facts(document)
    return facts, keys


def _criteria_texts(conn: Connection, ids: list[int]) -> dict[tuple[int, str, int], str]:
    if not ids:
        return {}
    rows = conn.exec_driver_sql(
        "SELECT trial_id, kind, ordinal, text FROM criteria WHERE trial_id = ANY(%(ids)s)",
        {"ids": ids},
    )
    return {(tid, kind, ordinal): text for tid, kind, ordinal, text in rows}
