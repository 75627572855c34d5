"""Every seed document parses to its golden file (each value checked by hand against the
text), compared field by field, plus values read straight off the pages."""

from __future__ import annotations

import json

import pytest

from domain.records import to_dict
from seed.parse import parse_document
from tests.support.paths import DOCUMENTS, GOLDEN

NAMES = sorted(p.stem for p in GOLDEN.glob("*.json"))


def golden(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


def parsed(name: str) -> dict:
    path = DOCUMENTS / f"{name}.txt"
    return to_dict(parse_document(path.name, path.read_bytes()))


CASES = [(name, key) for name in NAMES for key in golden(name)]


def test_every_seed_document_has_a_golden_file():
    seeds = sorted(p.stem for p in DOCUMENTS.glob("*.txt"))
    assert seeds == NAMES


@pytest.mark.parametrize(("name", "key"), CASES, ids=[f"{n[:3]}-{k}" for n, k in CASES])
def test_golden_field(name: str, key: str) -> None:
    assert parsed(name)[key] == golden(name)[key]


@pytest.mark.parametrize("name", NAMES)
def test_golden_has_every_field(name: str) -> None:
    assert set(parsed(name)) == set(golden(name))


def test_001_values_read_off_the_page():
    r = parsed("001_1b2b0a3fb6ca20b2")
    assert r["nct_id"] == "NCT05745454" and r["org_study_id"] == "HER2-E-CART"
    assert (r["overall_status"], r["phases"], r["study_type"]) == (
        "NOT_YET_RECRUITING",
        ["NA"],
        "INTERVENTIONAL",
    )
    assert r["enrollment"] == {"count": 12, "type": None}
    assert r["dates"]["start"] == {"date": "2023-02-28", "type": None}
    assert r["dates"]["completion"] == {"date": "2025-12-31", "type": None}
    assert r["dates"]["primary_completion"] is None
    assert r["dates"]["last_update_posted"] == "2023-02-27"
    assert r["sponsors"] == [{"name": "su haichuan", "role": "LEAD", "class": "OTHER"}]
    assert r["responsible_party"] == {
        "type": "SPONSOR_INVESTIGATOR",
        "name": "su haichuan",
        "title": "Head of Department",
        "affiliation": None,
    }
    assert [c["phone"] for c in r["contacts"]] == ["18629190366", "13991108870"]
    assert len(r["eligibility"]["inclusion"]) == 9 and len(r["eligibility"]["exclusion"]) == 17
    assert r["eligibility"]["inclusion"][2]["text"] == "Weight > 40 kg"
    assert r["locations"] == [] and r["references"] == []
    assert "NCT04691349" not in json.dumps(r) and "NCT03196830" not in json.dumps(r)


def test_004_values_read_off_the_page():
    r = parsed("004_e177973aeb9f0c47")
    assert r["phases"] == ["EARLY_PHASE1"] and r["enrollment"]["count"] == 9
    assert [a["label"] for a in r["arms"]] == ["human HER2-targeted CAR-M cell"]
    [intervention] = r["interventions"]
    assert intervention["name"] == "human HER2-targeted CAR-M cells"
    assert intervention["other_names"] == ["anti-HER2 CAR-M cells"]
    assert intervention["arm_labels"] == ["human HER2-targeted CAR-M cell"]
    assert r["arms"][0]["interventions"] == ["human HER2-targeted CAR-M cells"]
    assert [(s["name"], s["role"], s["class"]) for s in r["sponsors"]] == [
        ("Macera therapeutics", "COLLABORATOR", "UNKNOWN"),
        ("First People's Hospital of Hangzhou", "LEAD", "OTHER"),
    ]
    [site] = r["locations"]
    assert (site["city"], site["state"], site["country"], site["status"]) == (
        "Hangzhou",
        "Zhejiang",
        "China",
        None,
    )
    assert site["facility"].startswith("Affiliated Hangzhou Cancer Hospital, Zhejiang")
    assert [(c["name"], c["phone"]) for c in r["contacts"]] == [
        ("Bing Xia", "(+86)18857210928"),
        ("Song Zheng", None),
    ]
    assert [(x["pmid"], x["type"]) for x in r["references"]] == [
        ("31570753", "BACKGROUND"),
        ("37386139", "BACKGROUND"),
    ]
    assert r["org_study_id"] == "ITT-20231107-0257-02"
    assert r["eligibility"]["exclusion"][4]["text"] == (
        "White blood cell count <3×10^9/L and platelet count <80×10^9/L."
    )
