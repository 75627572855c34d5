"""Trial queries: list (keyset paged), one trial in full, and its parts."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, raiseload, selectinload

from service import models as m
from service.errors import bad_request
from service.queries.paging import decode_cursor, page

NCT_ID = re.compile(r"^NCT\d{8}$", re.IGNORECASE)


def normalize_nct_id(raw: str) -> str:
    """``nct02713984`` -> ``NCT02713984``; anything that is not an NCT id is a 400."""
    if not NCT_ID.match(raw):
        bad_request("nct_id", "Must be 'NCT' followed by 8 digits, e.g. NCT02713984.")
    return raw.upper()


# --------------------------------------------------------------------------- list


def list_trials(session: Session, *, limit: int = 20, cursor: str | None = None) -> dict:
    stmt = (
        select(m.Trial)
        .options(
            selectinload(m.Trial.conditions),
            selectinload(m.Trial.eligibility),
            raiseload("*"),
        )
        .order_by(m.Trial.nct_id)
        .limit(limit + 1)
    )
    if cursor:
        (after,) = decode_cursor(cursor, (str,))
        stmt = stmt.where(m.Trial.nct_id > after)
    rows, next_cursor = page(list(session.scalars(stmt)), limit, key=lambda t: [t.nct_id])
    return {
        "data": [trial_summary(t) for t in rows],
        "page": {"limit": limit, "next_cursor": next_cursor},
    }


def trial_summary(t: m.Trial) -> dict[str, Any]:
    e = t.eligibility
    return {
        "nct_id": t.nct_id,
        "brief_title": t.brief_title,
        "overall_status": t.overall_status,
        "phases": t.phases,
        "study_type": t.study_type,
        "conditions": [c.name for c in t.conditions],
        "enrollment": {"count": t.enrollment_count, "type": t.enrollment_type},
        "dates": _dates(t),
        "minimum_age_years": e.minimum_age_years if e else None,
        "maximum_age_years": e.maximum_age_years if e else None,
        "sex": e.sex if e else None,
    }


# --------------------------------------------------------------------------- one trial

_DETAIL = (
    selectinload(m.Trial.conditions),
    selectinload(m.Trial.keywords),
    selectinload(m.Trial.mesh_terms),
    selectinload(m.Trial.sponsors),
    selectinload(m.Trial.officials),
    selectinload(m.Trial.contacts),
    selectinload(m.Trial.locations).selectinload(m.Location.contacts),
    selectinload(m.Trial.locations).selectinload(m.Location.investigators),
    selectinload(m.Trial.references),
    selectinload(m.Trial.arms).selectinload(m.Arm.interventions),
    selectinload(m.Trial.interventions).selectinload(m.Intervention.arms),
    selectinload(m.Trial.eligibility).selectinload(m.Eligibility.criteria),
    selectinload(m.Trial.outcomes),
)


def get_trial(session: Session, nct_id: str) -> dict[str, Any] | None:
    trial = session.scalars(
        select(m.Trial).where(m.Trial.nct_id == nct_id).options(*_DETAIL)
    ).one_or_none()
    return trial_detail(trial) if trial else None


def get_trial_part(session: Session, nct_id: str, part: str) -> Any | None:
    """One part of a trial (``arms``, ``interventions``, ``outcomes``, ``eligibility``)."""
    loaders = {
        "arms": selectinload(m.Trial.arms).selectinload(m.Arm.interventions),
        "interventions": selectinload(m.Trial.interventions).selectinload(m.Intervention.arms),
        "outcomes": selectinload(m.Trial.outcomes),
        "eligibility": selectinload(m.Trial.eligibility).selectinload(m.Eligibility.criteria),
    }
    trial = session.scalars(
        select(m.Trial).where(m.Trial.nct_id == nct_id).options(loaders[part], raiseload("*"))
    ).one_or_none()
    if trial is None:
        return None
    if part == "eligibility":
        return _eligibility(trial.eligibility)
    return {"data": [_PARTS[part](item) for item in getattr(trial, part)]}


def trial_detail(t: m.Trial) -> dict[str, Any]:
    return {
        "nct_id": t.nct_id,
        "org_study_id": t.org_study_id,
        "secondary_ids": t.secondary_ids,
        "brief_title": t.brief_title,
        "official_title": t.official_title,
        "acronym": t.acronym,
        "overall_status": t.overall_status,
        "last_known_status": t.last_known_status,
        "why_stopped": t.why_stopped,
        "study_type": t.study_type,
        "phases": t.phases,
        "enrollment": {"count": t.enrollment_count, "type": t.enrollment_type},
        "design": {
            "allocation": t.allocation,
            "intervention_model": t.intervention_model,
            "masking": t.masking,
            "who_masked": t.who_masked,
            "primary_purpose": t.primary_purpose,
            "observational_model": t.observational_model,
            "time_perspective": t.time_perspective,
        },
        "dates": _dates(t),
        "conditions": [c.name for c in t.conditions],
        "keywords": [k.term for k in t.keywords],
        "mesh_terms": [k.term for k in t.mesh_terms],
        "brief_summary": t.brief_summary,
        "detailed_description": t.detailed_description,
        "sponsors": [{"name": s.name, "role": s.role, "class_": s.class_} for s in t.sponsors],
        "responsible_party": _responsible_party(t),
        "officials": [_person(o, "name", "degrees", "role", "affiliation") for o in t.officials],
        "contacts": [_contact(c) for c in t.contacts],
        "locations": [_location(loc) for loc in t.locations],
        "references": [_person(r, "citation", "pmid", "type") for r in t.references],
        "arms": [_arm(a) for a in t.arms],
        "interventions": [_intervention(i) for i in t.interventions],
        "eligibility": _eligibility(t.eligibility),
        "outcomes": [_outcome(o) for o in t.outcomes],
        "source": {
            "document": t.source.name,
            "layout": t.source.layout,
            "sha256": t.source.sha256,
            "loaded_at": t.source.loaded_at,
        },
    }


def _dates(t: m.Trial) -> dict[str, Any]:
    def d(date: str | None, type_: str | None) -> dict | None:
        return {"date": date, "type": type_} if date else None

    return {
        "start": d(t.start_date, t.start_date_type),
        "primary_completion": d(t.primary_completion_date, t.primary_completion_date_type),
        "completion": d(t.completion_date, t.completion_date_type),
        "first_posted": t.first_posted,
        "last_update_posted": t.last_update_posted,
        "last_verified": t.last_verified,
    }


def _responsible_party(t: m.Trial) -> dict[str, Any] | None:
    rp = {
        "type": t.responsible_party_type,
        "name": t.responsible_party_name,
        "title": t.responsible_party_title,
        "affiliation": t.responsible_party_affiliation,
    }
    return rp if any(rp.values()) else None


def _person(row: Any, *names: str) -> dict[str, Any]:
    return {n: getattr(row, n) for n in names}


def _contact(c: Any) -> dict[str, Any]:
    return _person(c, "name", "degrees", "role", "phone", "email")


def _location(loc: m.Location) -> dict[str, Any]:
    return _person(loc, "facility", "city", "state", "zip", "country", "status") | {
        "contacts": [_contact(c) for c in loc.contacts],
        "investigators": [_person(i, "name", "degrees", "role") for i in loc.investigators],
    }


def _arm(a: m.Arm) -> dict[str, Any]:
    return _person(a, "label", "type", "description") | {
        "interventions": [i.name for i in a.interventions]
    }


def _intervention(i: m.Intervention) -> dict[str, Any]:
    return _person(i, "name", "type", "description", "other_names") | {
        "arm_labels": [a.label for a in i.arms]
    }


def _outcome(o: m.Outcome) -> dict[str, Any]:
    return _person(o, "type", "measure", "time_frame", "description")


def _eligibility(e: m.Eligibility | None) -> dict[str, Any]:
    if e is None:
        return {"std_ages": [], "inclusion": [], "exclusion": []}
    criteria = {"inclusion": [], "exclusion": []}
    for c in e.criteria:
        criteria[c.kind].append({"ordinal": c.ordinal, "text": c.text, "section": c.section})
    return (
        _person(
            e,
            "minimum_age",
            "maximum_age",
            "minimum_age_years",
            "maximum_age_years",
            "sex",
            "healthy_volunteers",
            "std_ages",
            "criteria_text",
        )
        | criteria
    )


_PARTS = {"arms": _arm, "interventions": _intervention, "outcomes": _outcome}
