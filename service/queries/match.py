"""``POST /v1/match``: pre-filter in SQL, then decide each candidate in Python.

The pre-filter uses the indexes the trial list uses (status, age bounds, sex, site distance)
and, for the diagnoses, the trials' condition concepts (``domain.conditions``: ICD-10-CM
codes, one ``condition_codes`` row each). It keeps the MATCH_WINDOW closest candidates: the
same disease first, then those the patient's diagnosis is narrower than (a trial for solid
tumours), then broader, each most recently updated first. Their facts come from one compact
document per trial (``eligibility.match_facts``, one primary-key read), and only the page
returned reads its criteria's text. Ranked: closer condition relation, then verdict, then
fewer unknowns; a candidate of a relation farther than the page reaches is counted, not decided.

``include_ineligible``: the age and sex bounds are not filtered on; a trial outside them is
INELIGIBLE, and ``ruled_out`` says which bound and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Connection, Text, select, union_all

from domain.conditions.trials import (
    ConditionMatch,
    best_document_match,
    codes_at_or_above,
    patient_concepts,
    word_match,
)
from domain.eligibility.decide import (
    INELIGIBLE,
    VERDICT_RANK,
    TrialVerdict,
    decide_trial,
    rank_trial,
)
from domain.eligibility.facts import decode_criteria, stored_facts
from domain.eligibility.patient import Patient
from store import models as m
from store.filters import any_condition, relation_tiers, trial_filters

MATCH_WINDOW = 2000


def match(conn: Connection, profile: dict[str, Any], patient: Patient) -> dict[str, Any]:
    limit = profile["limit"]
    concepts, unresolved = patient_concepts(profile.get("conditions") or ())
    candidates = _candidates(conn, profile, concepts, unresolved)
    truncated = len(candidates) > MATCH_WINDOW
    candidates = candidates[:MATCH_WINDOW]
    asked = bool(concepts or unresolved)
    related: dict = {}  # the condition match of each trial conditions document met so far
    kept: list[tuple[Any, ConditionMatch | None]] = []
    for c in candidates:
        found = _condition_match(c, concepts, unresolved, related) if asked else None
        if asked and found is None:
            continue  # retrieved by a shared code, but another histology: not this patient's
        kept.append((c, found))
    # The page is filled from the closest relation down: a candidate of a relation past the
    # one that fills it cannot be on it, so it is counted but neither read nor decided. Only
    # the documents of the others are read, each decoded and ranked as it comes and only its
    # text kept (decoded, thousands of them would take tens of MB at once).
    ranked = _closest(kept, limit)
    memo: dict = {}  # this patient's verdict of each criterion met so far, by its facts
    documents: dict[int, str] = {}
    verdicts: dict[int, TrialVerdict] = {}
    for tid, document in _documents(conn, [c.id for c, _ in ranked]):
        documents[tid] = document
        verdicts[tid] = rank_trial(patient, *decode_criteria(document), memo)
    decided: list[tuple[Any, ConditionMatch | None, list[dict], TrialVerdict]] = [
        (c, found, _ruled_out(c, profile), verdicts.get(c.id) or _no_facts(patient))
        for c, found in ranked
    ]
    decided.sort(key=lambda item: _rank(*item))
    page = [
        (c, found, ruled_out, _explained(patient, documents.get(c.id)))
        for c, found, ruled_out, _ in decided[:limit]
    ]
    texts = _criteria_texts(conn, [c.id for c, *_ in page])
    data = [_trial(c, found, ruled_out, verdict, texts) for c, found, ruled_out, verdict in page]
    return {
        "data": data,
        "meta": {"candidates": len(kept), "truncated": truncated, "limit": limit},
    }


def _closest(kept: list[tuple[Any, ConditionMatch | None]], limit: int) -> list:
    """The candidates whose condition relation is at most the ``limit``-th closest's (the
    first part of ``_rank``): the only ones that can make the page."""
    if len(kept) <= limit:
        return kept
    relations = sorted(found.rank if found else 0 for _, found in kept)
    last = relations[limit - 1]
    if relations[-1] <= last:
        return kept
    return [(c, found) for c, found in kept if (found.rank if found else 0) <= last]


def _rank(c: Any, found: ConditionMatch | None, ruled_out: list, verdict: TrialVerdict) -> tuple:
    relation = found.rank if found else 0
    if ruled_out:
        return (relation, VERDICT_RANK[INELIGIBLE], 1 + verdict.not_met, verdict.unknown, c.nct_id)
    return (relation, *verdict.sort_key[:3], c.nct_id)


def _trial(c: Any, found, ruled_out, verdict: TrialVerdict, texts) -> dict[str, Any]:
    out = {
        "nct_id": c.nct_id,
        "brief_title": c.brief_title,
        "overall_status": c.overall_status,
        "verdict": INELIGIBLE if ruled_out else verdict.verdict,
        "counts": {
            "met": verdict.met,
            "not_met": verdict.not_met + len(ruled_out),
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
    if found is not None:
        out["condition_match"] = {
            "relation": found.relation,
            "patient": found.patient,
            "trial": found.trial,
            "via": found.via,
        }
        if found.mesh_id:
            out["condition_match"]["trial_mesh_id"] = found.mesh_id
    if ruled_out:
        out["ruled_out"] = ruled_out
    return out


def _condition_match(c: Any, concepts, unresolved, related: dict) -> ConditionMatch | None:
    """The patient's closest relation to the trial's conditions; ``related`` memoises it by
    the trial's conditions document as text (and its names, when words are matched): many
    trials share theirs."""
    key = c.condition_concepts
    if unresolved:
        key = (key, *(c.condition_names or ()))
    try:
        return related[key]
    except KeyError:
        pass
    document = orjson.loads(c.condition_concepts) if c.condition_concepts is not None else None
    found = best_document_match(concepts, document)
    if found is None or found.relation != "SAME":
        for text in unresolved:
            by_words = word_match(text, c.condition_names or ())
            if by_words and (found is None or by_words.rank < found.rank):
                found = by_words
    related[key] = found
    return found


def _ruled_out(c: Any, profile: dict[str, Any]) -> list[dict[str, str]]:
    """The structured bounds the pre-filter would have ruled the trial out on (only asked for
    with ``include_ineligible``: otherwise such a trial is never a candidate)."""
    if not profile.get("include_ineligible"):
        return []  # the pre-filter (``_candidates``) tested these bounds in SQL
    out: list[dict[str, str]] = []
    age, sex = profile.get("age"), profile.get("sex")
    if age is not None and c.minimum_age_years is not None and age < c.minimum_age_years:
        out.append(
            {
                "criterion": "minimum_age",
                "reason": f"age {age:g} years < minimum age {c.minimum_age_years:g} years",
            }
        )
    if age is not None and c.maximum_age_years is not None and age > c.maximum_age_years:
        out.append(
            {
                "criterion": "maximum_age",
                "reason": f"age {age:g} years > maximum age {c.maximum_age_years:g} years",
            }
        )
    if sex and c.sex and c.sex not in ("ALL", sex):
        out.append({"criterion": "sex", "reason": f"sex {sex}: the trial enrols {c.sex} only"})
    return out


def _candidates(conn: Connection, profile: dict[str, Any], concepts, unresolved) -> list[Any]:
    """Up to MATCH_WINDOW + 1 candidates, the closest by condition first: one query per tier
    of ``relation_tiers`` (then the word matches of diagnoses no concept is known for), each
    most recently updated first."""
    t = m.Trial
    args: dict[str, Any] = {}
    keys = ("near", "distance_km") if profile.get("include_ineligible") else ()
    for key in keys or ("sex", "age", "near", "distance_km"):
        if profile.get(key) is not None:
            args[key] = profile[key]
    where = trial_filters(args)
    statuses = profile["statuses"]
    found: dict[int, Any] = {}

    def add(rows: Iterable[Any]) -> None:
        for row in rows:
            if row.id not in found and len(found) <= MATCH_WINDOW:
                found[row.id] = row

    def left() -> int:
        return MATCH_WINDOW + 1 - len(found)

    if concepts:
        codes = sorted({code for concept in concepts for code in concept.codes})
        for kind, tier_codes in relation_tiers(codes, codes_at_or_above(concepts)):
            if tier_codes and left() > 0:
                # a trial may come twice (two of its codes) or be in an earlier tier: ask more
                add(_tier(conn, where, kind, tier_codes, statuses, left() + len(found)))
    if (unresolved or not concepts) and left() > 0:
        query = select(*_COLUMNS).where(*where, t.overall_status.in_(statuses))
        if unresolved:  # matched by their words, as the list's condition= does
            query = query.where(any_condition(list(unresolved)))
        add(conn.execute(query.order_by(t.updated_key.desc(), t.id).limit(left())))
    return list(found.values())


_COLUMNS = (
    m.Trial.id,
    m.Trial.nct_id,
    m.Trial.brief_title,
    m.Trial.overall_status,
    m.Trial.minimum_age_years,
    m.Trial.maximum_age_years,
    m.Trial.sex,
    m.Trial.condition_names,
    # as text: decoded only when its relation to the patient is not memoised yet
    m.Trial.condition_concepts.cast(Text).label("condition_concepts"),
)


def _tier(
    conn: Connection, where: list, kind: str, codes: list[str], statuses: list[str], want: int
) -> list[Any]:
    """The ``want`` most recently updated trials with a ``kind`` row of one of ``codes`` and
    one of ``statuses`` that pass ``where``. One branch per (code, status): the entries of
    ``ix_condition_codes_code`` read backwards, newest first, each joined to its trial row
    and kept if the trial passes ``where``; the branches merged in order (a Merge Append),
    which pulls from each only as far as the merged answer needs: about ``want`` trial rows
    read, however many trials the codes have and however many the filters reject, in one
    statement. A trial with two of the codes comes twice: the caller keeps the first and
    asks for as many more as it has already found."""
    t, cc = m.Trial, m.ConditionCode
    depth = want + 50
    branches = [
        select(*_COLUMNS, cc.updated_key)
        .join_from(cc, t, t.id == cc.trial_id)
        .where(cc.code == code, cc.kind == kind, cc.overall_status == status, *where)
        .order_by(cc.updated_key.desc(), cc.trial_id.desc())
        .limit(depth)
        for code in codes
        for status in statuses
    ]
    newest = union_all(*branches).subquery()
    query = (
        select(*(newest.c[c.key] for c in _COLUMNS))
        .order_by(newest.c.updated_key.desc(), newest.c.id.desc())
        .limit(depth)
    )
    return list(conn.execute(query))


def _documents(conn: Connection, ids: list[int]) -> Iterable[tuple[int, str]]:
    """Each candidate's facts document, ``(trial id, text)`` (one primary-key read per
    trial; ``domain.eligibility.facts.encode_facts`` writes it, ``decode_criteria`` reads
    it); a trial without one is left out."""
    if not ids:
        return ()
    return conn.exec_driver_sql(
        "SELECT trial_id, match_facts FROM eligibility"
        " WHERE trial_id = ANY(%(ids)s) AND match_facts IS NOT NULL",
        {"ids": ids},
    )


def _no_facts(patient: Patient) -> TrialVerdict:
    """The verdict of a trial without a facts document: no criteria, nothing known."""
    return rank_trial(patient, (), {}, {})


def _explained(patient: Patient, document: str | None) -> TrialVerdict:
    """Every criterion's verdict with its reason, for a trial of the page."""
    keys, stored = decode_criteria(document) if document is not None else ((), {})
    facts = [f for key, rows in stored.items() for f in stored_facts(key, rows)]
    return decide_trial(patient, keys, facts)


def _criteria_texts(conn: Connection, ids: list[int]) -> dict[tuple[int, str, int], str]:
    if not ids:
        return {}
    rows = conn.exec_driver_sql(
        "SELECT trial_id, kind, ordinal, text FROM criteria WHERE trial_id = ANY(%(ids)s)",
        {"ids": ids},
    )
    return {(tid, kind, ordinal): text for tid, kind, ordinal, text in rows}
