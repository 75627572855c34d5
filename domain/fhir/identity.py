"""Who the study is and where it stands: ids, titles, links, the record's dates and the study's
progress (ResearchStudy identifier, label, relatedArtifact, meta, period, progressStatus)."""

from __future__ import annotations

from domain.fhir.codes import (
    NCT_SYSTEM,
    REFERENCE_TYPE,
    STUDY_STATUS,
    STUDY_STATUS_SYSTEM,
    TITLE_TYPE_SYSTEM,
)
from domain.fhir.datatypes import coding, displayed, enum_concept, human, prune


def meta(last_update: str | None) -> dict | None:
    """``meta.lastUpdated`` is an instant: only a full date gives one."""
    if last_update and len(last_update) == 10:
        return {"lastUpdated": f"{last_update}T00:00:00Z"}
    return None


def identifiers(trial: dict) -> list[dict]:
    out = [{"use": "official", "system": NCT_SYSTEM, "value": trial["nct_id"]}]
    out += [{"use": "old", "system": NCT_SYSTEM, "value": a} for a in trial.get("aliases") or []]
    if org_id := trial.get("org_study_id"):
        assigner = (trial.get("organization") or {}).get("full_name") or _lead_sponsor(trial)
        out.append(prune({"use": "secondary", "value": org_id, "assigner": displayed(assigner)}))
    out += [{"use": "secondary", "value": s} for s in trial.get("secondary_ids") or []]
    return out


def _lead_sponsor(trial: dict) -> str | None:
    return next((s["name"] for s in trial.get("sponsors") or [] if s.get("role") == "LEAD"), None)


def labels(trial: dict) -> list[dict]:
    kinds = (
        ("brief_title", "short-title", "Short title"),
        ("official_title", "official", "Official title"),
        ("acronym", "acronym", "Acronym"),
    )
    return [
        {"type": {"coding": [coding(TITLE_TYPE_SYSTEM, code, display)]}, "value": trial[key]}
        for key, code, display in kinds
        if trial.get(key)
    ]


def related_artifacts(trial: dict) -> list[dict]:
    page = f"https://clinicaltrials.gov/study/{trial['nct_id']}"
    out = [
        {
            "type": "documentation",
            "display": "The study's record on ClinicalTrials.gov",
            "document": {"url": page},
        }
    ]
    if trial.get("has_results"):
        out.append(
            {
                "type": "documentation",
                "label": "Results",
                "display": "Results posted on ClinicalTrials.gov",
                "document": {"url": f"{page}?tab=results"},
            }
        )
    for ref in trial.get("references") or []:
        kind = REFERENCE_TYPE.get(ref.get("type") or "")
        pmid = ref.get("pmid")
        out.append(
            prune(
                {
                    "type": "citation",
                    "classifier": [{"text": kind}] if kind else None,
                    "label": f"PMID {pmid}" if pmid else None,
                    "citation": ref["citation"],
                    "document": {"url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"}
                    if pmid
                    else None,
                }
            )
        )
    return out


def study_period(dates: dict) -> dict | None:
    start = (dates.get("start") or {}).get("date")
    end = (dates.get("completion") or dates.get("primary_completion") or {}).get("date")
    if end and start and end[: len(start)] < start[: len(end)]:
        end = None  # an end before the start: the registry's typo, not a period
    return prune({"start": start, "end": end}) or None


def progress(trial: dict, dates: dict) -> list[dict]:
    out = []
    if status := trial.get("overall_status"):
        state = enum_concept(STUDY_STATUS, STUDY_STATUS_SYSTEM, status)
        if status == "UNKNOWN" and trial.get("last_known_status"):
            state["text"] = f"Unknown (last known: {human(trial['last_known_status']).lower()})"
        out.append({"state": state, "actual": True})
    if period := study_period(dates):
        given = [d for d in (dates.get("start"), dates.get("completion")) if d]
        out.append(
            {
                "state": {
                    "coding": [coding(STUDY_STATUS_SYSTEM, "overall-study", "Overall study")]
                },
                "actual": all(d.get("type") == "ACTUAL" for d in given),
                "period": period,
            }
        )
    return out
