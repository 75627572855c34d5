"""The same study read from API v2 JSON and from its text renderings (the synthetic page
renderers) gives the same values for every field both formats show, criteria first: facts and
matching must not depend on the format a study came in."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.records import TrialRecord
from seed.parse import parse_document
from tools.synth.classic import render_classic
from tools.synth.modern import render_modern

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "registry" / "json"
# NCT00465816 and NCT03453554 hold little more than an identification: nothing to render.
NAMES = [
    p.name for p in sorted(SAMPLES.glob("*.json")) if p.stem not in ("NCT00465816", "NCT03453554")
]
RENDERERS = {"classic": render_classic, "modern": render_modern}

SHOWN = {
    "identity": lambda r: (r.nct_id, r.brief_title, r.official_title, r.acronym),
    "status": lambda r: (r.overall_status, r.last_known_status, r.dates),
    "design": lambda r: (r.study_type, r.phases, r.enrollment),
    "conditions": lambda r: (r.conditions, r.keywords),
    "officials": lambda r: r.officials,
    "arms": lambda r: [(a.label, a.type, a.interventions) for a in r.arms],
    "interventions": lambda r: [(i.name, i.type, i.arm_labels) for i in r.interventions],
    "outcomes": lambda r: [(o.measure, o.type, o.time_frame) for o in r.outcomes],
    "ages": lambda r: (
        r.eligibility.minimum_age,
        r.eligibility.maximum_age,
        r.eligibility.minimum_age_years,
        r.eligibility.maximum_age_years,
        r.eligibility.std_ages,
    ),
    "sex": lambda r: (r.eligibility.sex, r.eligibility.healthy_volunteers),
    "inclusion": lambda r: [(c.ordinal, c.text) for c in r.eligibility.inclusion],
    "exclusion": lambda r: [(c.ordinal, c.text) for c in r.eligibility.exclusion],
}
# Where a renderer or a text layout loses a value the JSON holds (not the JSON reader's doing).
RENDERING_GAPS = {
    ("NCT03475563", "modern", "arms"): "an arm without a type is read back as two",
    ("NCT03475563", "modern", "interventions"): "(the same arm)",
    ("NCT04207047", "modern", "outcomes"): "a measure written 'Primary Outcome' reads as a heading",
}

CASES = [
    (name, layout, field)
    for name in NAMES
    for layout in RENDERERS
    for field in SHOWN
    if (name[:11], layout, field) not in RENDERING_GAPS
]


def from_json(name: str) -> TrialRecord:
    return parse_document(name, (SAMPLES / name).read_bytes())


@pytest.mark.parametrize(("name", "layout", "field"), CASES)
def test_json_and_its_text_rendering_agree(name: str, layout: str, field: str) -> None:
    record = from_json(name)
    text = RENDERERS[layout](record)
    assert SHOWN[field](parse_document(f"{name}.txt", text)) == SHOWN[field](record)


def test_the_json_criteria_keep_their_sub_headings_as_sections():
    """(The renderers do not write sections, so the comparison above leaves them out.)"""
    record = from_json("NCT03630471.json")
    assert {c.section for c in record.eligibility.exclusion} == {
        "For adolescent participants",
        "For parent participants",
    }
