"""``python -m seed parse FILE`` on a page of each kind (``tests/data/pages``: expanded access,
observational with groups, terminated with results and many sites, sites without names) prints
the complete record: every field the layout shows, as the sample in the registry's format has it.
"""

from __future__ import annotations

import json

import pytest

from domain.records import to_dict
from seed.__main__ import main
from seed.parse import parse_document
from tests.support.paths import ROOT
from tools.synth.round_trip import RENDERERS, read_record
from tools.synth.shown import shown

PAGES = ROOT / "tests" / "data" / "pages"
SAMPLES = ROOT / "tests" / "data" / "registry" / "xml"
CASES = sorted((p.parent.name, p.stem) for p in PAGES.glob("*/*.txt"))


def test_a_page_of_each_kind_is_there():
    assert [
        (layout, name)
        for layout in ("classic", "modern")
        for name in ("NCT00277524", "NCT01220531", "NCT02567188", "NCT03435185")
    ] == CASES


@pytest.mark.parametrize(("layout", "name"), CASES)
def test_the_page_is_the_renderers_page_of_the_sample(layout, name):
    """(Rewrite them with the command in ``tests/data/pages/PROVENANCE``.)"""
    record = read_record(SAMPLES / f"{name}.xml")
    assert (PAGES / layout / f"{name}.txt").read_text(encoding="utf-8") == RENDERERS[layout](record)


@pytest.mark.parametrize(("layout", "name"), CASES)
def test_seed_parse_prints_the_complete_record(layout, name, capsys):
    assert main(["parse", str(PAGES / layout / f"{name}.txt")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed.pop("source")["layout"] == layout
    want = to_dict(shown(read_record(SAMPLES / f"{name}.xml"), layout))
    del want["source"]
    assert printed == want


@pytest.mark.parametrize("layout", ["classic", "modern"])
def test_what_the_pages_say(layout):
    access = parsed(layout, "NCT01220531")
    assert (access["study_type"], access["overall_status"]) == ("EXPANDED_ACCESS", "AVAILABLE")
    assert access["arms"] == [] and len(access["interventions"]) == 8
    stopped = parsed(layout, "NCT00277524")
    assert (stopped["overall_status"], stopped["why_stopped"], stopped["has_results"]) == (
        "TERMINATED",
        "Ended follow-up after four years",
        True,
    )
    assert len(stopped["locations"]) == 113
    nameless = parsed(layout, "NCT02567188")
    assert {s["facility"] for s in nameless["locations"]} == {None}
    assert len(nameless["locations"]) == 20
    groups = parsed(layout, "NCT03435185")
    assert [(a["label"], a["type"], a["interventions"]) for a in groups["arms"]] == [
        ("Blockade Group", None, ["Lidocaine injections"]),
        ("Placebo Group", None, ["Saline injections"]),
    ]
    assert groups["eligibility"]["sampling_method"] == "PROBABILITY_SAMPLE"


def parsed(layout: str, name: str) -> dict:
    path = PAGES / layout / f"{name}.txt"
    return to_dict(parse_document(path.name, path.read_bytes()))
