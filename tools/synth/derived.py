"""The ``derivedSection`` of an API v2 study: the MeSH browse modules the record's condition
and intervention descriptors come from (meshes with ids, ancestors, browse leaves and branches),
and the data version."""

from __future__ import annotations

import random

from domain.records import MeshRecord, TrialRecord
from tools.synth.draw import randint
from tools.synth.registry import AREA_OF
from tools.synth.vocab.mesh import (
    ALL_CONDITIONS,
    ALL_DRUGS,
    CONDITION_BRANCHES,
    INTERVENTION_BRANCHES,
    leaf_id,
)

VERSION_HOLDER = "2025-06-27"  # the registry data version the synthetic studies claim


def _meshes(items: tuple[MeshRecord, ...]) -> list[dict]:
    return [{"id": m.id, "term": m.term} for m in items]


def _browse(
    rng: random.Random,
    meshes: tuple[MeshRecord, ...],
    ancestors: tuple[MeshRecord, ...],
    found: tuple[str, ...],
    branches: list[tuple[str, str]],
    every: tuple[str, str],
) -> dict:
    leaves = []
    for k, m in enumerate(meshes):
        leaf = {"id": leaf_id(m.term), "name": m.term}
        if k < len(found) and found[k] != m.term:
            leaf["asFound"] = found[k]
        leaf["relevance"] = "HIGH"
        leaves.append(leaf)
    leaves += [{"id": leaf_id(m.term), "name": m.term, "relevance": "LOW"} for m in ancestors]
    chosen = branches[: randint(rng, 1, len(branches))] + [every]
    module = {
        "meshes": _meshes(meshes),
        "ancestors": _meshes(ancestors),
        "browseLeaves": leaves,
        "browseBranches": [{"abbrev": a, "name": n} for a, n in chosen],
    }
    return {key: value for key, value in module.items() if value}


def derived_section(rec: TrialRecord, rng: random.Random) -> dict:
    """The ``derivedSection``: the browse modules the record's MeSH descriptors come from."""
    area = AREA_OF.get(rec.conditions[0], "other") if rec.conditions else "other"
    out: dict = {"miscInfoModule": {"versionHolder": VERSION_HOLDER}}
    if rec.condition_meshes:
        out["conditionBrowseModule"] = _browse(
            rng,
            rec.condition_meshes,
            rec.condition_ancestors,
            rec.conditions,
            CONDITION_BRANCHES[area],
            ALL_CONDITIONS,
        )
    if rec.intervention_meshes:
        out["interventionBrowseModule"] = _browse(
            rng,
            rec.intervention_meshes,
            rec.intervention_ancestors,
            tuple(i.name for i in rec.interventions),
            INTERVENTION_BRANCHES[area],
            ALL_DRUGS,
        )
    return out
