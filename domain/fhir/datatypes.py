"""The FHIR datatypes the mapping builds (Coding, CodeableConcept, a display-only Reference) and
the resource's shape: no empty elements, elements in the specification's order."""

from __future__ import annotations

from typing import Any

from domain.fhir.codes import ELEMENTS


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    return prune({"system": system, "code": code, "display": display})


def enum_concept(table: dict, system: str, value: str | None) -> dict | None:
    """A CodeableConcept for one of our enum values: coded when ``table`` knows it."""
    if not value:
        return None
    if value in table:
        code, display = table[value]
        return {"coding": [coding(system, code, display)], "text": display}
    return {"text": human(value)}


def human(value: str) -> str:
    """``ACTIVE_NOT_RECRUITING`` -> ``Active not recruiting``."""
    return value.replace("_", " ").capitalize()


def displayed(text: str | None) -> dict | None:
    return {"display": text} if text else None


def prune(value: Any) -> Any:
    """Drop ``None``, empty lists and empty objects, at every depth (FHIR allows none)."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        items = [prune(v) for v in value]
        return [v for v in items if v is not None and v != [] and v != {}]
    return value


def ordered(study: dict) -> dict:
    ordered = {"resourceType": study["resourceType"]}
    ordered.update((k, study[k]) for k in ELEMENTS if k in study)
    return ordered
