"""How the study is built: phase, design, arms and outcomes (ResearchStudy phase, studyDesign,
comparisonGroup, outcomeMeasure)."""

from __future__ import annotations

from domain.fhir.codes import (
    ARM_TYPE,
    ARM_TYPE_SYSTEM,
    DESIGN_LABELS,
    OBJECTIVE_TYPE_SYSTEM,
    OUTCOME_TYPE,
    PHASE_SYSTEM,
    PHASES,
)
from domain.fhir.datatypes import coding, enum_concept, human, prune


def phase(phases: list[str]) -> dict | None:
    if not phases:
        return None
    found = PHASES.get(frozenset(phases))
    if found is None:
        return {"text": ", ".join(human(p) for p in phases)}
    return {"coding": [coding(PHASE_SYSTEM, *found)], "text": found[1]}


def study_design(trial: dict) -> list[dict]:
    design = trial.get("design") or {}
    out = []
    if study_type := trial.get("study_type"):
        out.append({"text": f"Study type: {human(study_type).lower()}"})
    for key, label in DESIGN_LABELS:
        if value := design.get(key):
            text = f"{label}: {human(value).lower()}"
            if key == "masking" and design.get("who_masked"):
                text += f" ({', '.join(human(w).lower() for w in design['who_masked'])})"
            out.append({"text": text})
    return out


def comparison_group(n: int, arm: dict) -> dict:
    return prune(
        {
            "linkId": f"arm-{n}",
            "name": arm["label"],
            "type": enum_concept(ARM_TYPE, ARM_TYPE_SYSTEM, arm.get("type")),
            "description": arm.get("description"),
            "intendedExposure": [{"display": i} for i in arm.get("interventions") or []],
        }
    )


def outcome_measure(o: dict) -> dict:
    frame = f"Time frame: {o['time_frame']}" if o.get("time_frame") else None
    parts = [o.get("description"), frame]
    kind = enum_concept(OUTCOME_TYPE, OBJECTIVE_TYPE_SYSTEM, o.get("type"))
    return prune(
        {
            "name": o["measure"],
            "type": [kind] if kind else None,
            "description": "\n\n".join(p for p in parts if p) or None,
        }
    )
