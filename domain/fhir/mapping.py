"""Our trial document -> a FHIR R5 ResearchStudy: the one mapping, written once.

``research_study(trial)`` takes the document ``GET /v1/trials/{nct_id}`` serves (stored
pre-serialised in ``trial_json``) and returns the ResearchStudy as plain JSON-ready data.
Codes come from the R5 value sets; a value with no code there is kept as text. Keys a record
may lack (``aliases``, ``organization``, ``condition_meshes``, site coordinates ...) are used
when present. docs/fhir.md shows the mapping as a table.
"""

from __future__ import annotations

from typing import Any

from domain.fhir.codes import PRIMARY_PURPOSE, PURPOSE_SYSTEM
from domain.fhir.datatypes import enum_concept, ordered, prune
from domain.fhir.design import comparison_group, outcome_measure, phase, study_design
from domain.fhir.identity import (
    identifiers,
    labels,
    meta,
    progress,
    related_artifacts,
    study_period,
)
from domain.fhir.parties import Parties, associated_parties
from domain.fhir.recruitment import contained_site, eligibility_group, recruitment, regions
from domain.fhir.topics import conditions, focus, keywords


def research_study(trial: dict[str, Any]) -> dict[str, Any]:
    """The ResearchStudy for one trial document (``GET /v1/trials/{nct_id}``)."""
    nct_id = trial["nct_id"]
    dates = trial.get("dates") or {}
    parties = Parties()
    sites, site_parties = [], []
    for n, loc in enumerate(trial.get("locations") or [], 1):
        site, investigators = contained_site(n, loc, parties)
        sites.append(site)
        site_parties += investigators
    eligibility = eligibility_group(trial.get("eligibility") or {})
    study: dict[str, Any] = {
        "resourceType": "ResearchStudy",
        "id": nct_id,
        "meta": meta(dates.get("last_update_posted")),
        "identifier": identifiers(trial),
        "title": trial.get("brief_title") or trial.get("official_title"),
        "label": labels(trial),
        "relatedArtifact": related_artifacts(trial),
        "date": dates.get("last_update_posted"),
        "status": "active",  # the record is published; the study's own state: progressStatus
        "primaryPurposeType": enum_concept(
            PRIMARY_PURPOSE, PURPOSE_SYSTEM, (trial.get("design") or {}).get("primary_purpose")
        ),
        "phase": phase(trial.get("phases") or []),
        "studyDesign": study_design(trial),
        "focus": focus(trial),
        "condition": conditions(trial),
        "keyword": keywords(trial),
        "region": regions(trial.get("locations") or []),
        "descriptionSummary": trial.get("brief_summary"),
        "description": trial.get("detailed_description"),
        "period": study_period(dates),
        "site": [{"reference": f"#{s['id']}", "display": s.get("name")} for s in sites],
        "associatedParty": associated_parties(trial, parties) + site_parties,
        "progressStatus": progress(trial, dates),
        "whyStopped": {"text": trial["why_stopped"]} if trial.get("why_stopped") else None,
        "recruitment": recruitment(trial.get("enrollment") or {}, eligibility),
        "comparisonGroup": [
            comparison_group(n, a) for n, a in enumerate(trial.get("arms") or [], 1)
        ],
        "outcomeMeasure": [outcome_measure(o) for o in trial.get("outcomes") or []],
    }  # fmt: skip
    contained = ([eligibility] if eligibility else []) + sites + parties.resources
    if contained:
        study["contained"] = contained
    return ordered(prune(study))
