"""What the study is about: conditions, keywords and interventions as concepts, coded with MeSH
where the record has it (ResearchStudy condition, keyword, focus)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.fhir.codes import MESH_SYSTEM
from domain.fhir.datatypes import coding


def _mesh_concept(term: str, mesh_id: str | None, text: str | None = None) -> dict:
    concept: dict[str, Any] = {"text": text or term}
    if mesh_id:
        concept["coding"] = [coding(MESH_SYSTEM, mesh_id, term)]
    return concept


def _coded(texts: Iterable[str], meshes: list[dict]) -> list[dict]:
    """One concept per text, with the MeSH coding of the same term; then the MeSH terms that
    match no text, each a concept of its own."""
    by_term = {m["term"].casefold(): m for m in meshes if m.get("term")}
    out, used = [], set()
    for text in texts:
        mesh = by_term.get(text.casefold())
        if mesh is not None:
            used.add(text.casefold())
            out.append(_mesh_concept(mesh["term"], mesh.get("id"), text))
        else:
            out.append({"text": text})
    for key, mesh in by_term.items():
        if key not in used:
            out.append(_mesh_concept(mesh["term"], mesh.get("id")))
    return out


def conditions(trial: dict) -> list[dict]:
    return _coded(trial.get("conditions") or [], trial.get("condition_meshes") or [])


def keywords(trial: dict) -> list[dict]:
    """The keywords as written, then the condition MeSH ancestors (coded) and the record's
    other MeSH terms (names only: the text layouts mix condition and intervention terms), as
    terms to find the study by; none repeats a condition or an earlier keyword."""
    out = []
    seen = {c.casefold() for c in trial.get("conditions") or []}
    seen |= {m["term"].casefold() for m in trial.get("condition_meshes") or [] if m.get("term")}
    terms = [
        *({"term": k, "id": None, "plain": True} for k in trial.get("keywords") or []),
        *(trial.get("condition_ancestors") or []),
        *({"term": t, "id": None} for t in trial.get("mesh_terms") or []),
    ]
    for mesh in terms:
        term = mesh.get("term")
        if term and (mesh.get("plain") or term.casefold() not in seen):
            seen.add(term.casefold())
            out.append(_mesh_concept(term, mesh.get("id")))
    return out


def focus(trial: dict) -> list[dict]:
    names = [i["name"] for i in trial.get("interventions") or []]
    return [{"concept": c} for c in _coded(names, trial.get("intervention_meshes") or [])]
