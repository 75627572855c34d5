"""``POST /v1/match``: pre-filter in SQL, then decide each candidate in Python.

The pre-filter uses the indexes the trial list uses (status, age bounds, sex, condition words,
site distance) and keeps the MATCH_WINDOW most recently updated candidates; their facts come
in one index range scan per trial (``criterion_facts`` is keyed by trial), and only the page
returned reads its criteria's text.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from service import models as m
from service.matching import Fact, Patient, TrialVerdict, decide_trial
from service.queries.filters import _words_match, trial_filters

MATCH_WINDOW = 2000


def match(conn: Connection, profile: dict[str, Any], patient: Patient) -> dict[str, Any]:
    limit = profile["limit"]
    candidates = _candidates(conn, profile)
    truncated = len(candidates) > MATCH_WINDOW
    candidates = candidates[:MATCH_WINDOW]
    ids = [c.id for c in candidates]
    facts = _facts(conn, ids)
    keys = _criteria_keys(conn, ids)
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
        where.append(
            select(m.Condition.trial_id)
            .where(
                m.Condition.trial_id == t.id,
                or_(*(_words_match(m.Condition.name, c) for c in conditions)),
            )
            .exists()
        )
    query = (
        select(t.id, t.nct_id, t.brief_title, t.overall_status)
        .where(*where)
        .order_by(t.updated_key.desc(), t.nct_id)
        .limit(MATCH_WINDOW + 1)
    )
    return list(conn.execute(query))


_FACT_COLUMNS = (
    "list",
    "ordinal",
    "kind",
    "name",
    "effect",
    "operator",
    "value",
    "value_max",
    "unit",
    "relative_to",
    "values",
    "as_written",
    "applies_when",
    "exception",
    "alternative",
)


def _facts(conn: Connection, ids: list[int]) -> dict[int, list[Fact]]:
    if not ids:
        return {}
    columns = ", ".join(f'"{c}"' for c in _FACT_COLUMNS)
    rows = conn.exec_driver_sql(
        f"SELECT trial_id, {columns} FROM criterion_facts "
        "WHERE trial_id = ANY(%(ids)s) ORDER BY trial_id, seq",
        {"ids": ids},
    )
    out: dict[int, list[Fact]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(
            Fact(*row[1:11], tuple(row[11] or ()), *row[12:])  # type: ignore[arg-type]
        )
    return out


def _criteria_keys(conn: Connection, ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    if not ids:
        return {}
    rows = conn.exec_driver_sql(
        "SELECT trial_id, kind, max(ordinal) FROM criteria WHERE trial_id = ANY(%(ids)s) "
        "GROUP BY trial_id, kind",
        {"ids": ids},
    )
    counts: dict[int, dict[str, int]] = {}
    for tid, kind, last in rows:  # ordinals run 1..n in each list
        counts.setdefault(tid, {})[kind] = last
    return {
        tid: [
            (kind, n) for kind in ("inclusion", "exclusion") for n in range(1, c.get(kind, 0) + 1)
        ]
        for tid, c in counts.items()
    }


def _criteria_texts(conn: Connection, ids: list[int]) -> dict[tuple[int, str, int], str]:
    if not ids:
        return {}
    rows = conn.exec_driver_sql(
        "SELECT trial_id, kind, ordinal, text FROM criteria WHERE trial_id = ANY(%(ids)s)",
        {"ids": ids},
    )
    return {(tid, kind, ordinal): text for tid, kind, ordinal, text in rows}
