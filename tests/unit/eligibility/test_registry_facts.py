"""Criteria of real registry records -> facts: five samples (legacy XML and API v2 JSON) against
golden facts, each fact checked by hand against its criterion (tests/golden/registry_facts/
README.md has the notes of that check), and the criteria kinds taught from the samples' misses.
"""

from __future__ import annotations

import json

import pytest

from domain.eligibility.facts import extract_facts
from domain.records import CriterionRecord, EligibilityRecord, to_dict
from seed.parse import parse_document
from tests.support.paths import GOLDEN, ROOT

SAMPLES = {
    "NCT01339988": "xml",  # cord blood transplant: labs, "all negative" serologies, pregnancy
    "NCT01174550": "xml",  # chest pain: age and sex per criterion, creatinine, LVEF
    "NCT02552212": "json",  # axial SpA: age, live vaccination, malignancy, pregnancy
    "NCT01642004": "xml",  # squamous NSCLC: ECOG, measurable disease, CNS metastases, autoimmune
    "NCT03521479": "xml",  # herpes labialis: age range, infections, steroids, other trials
}
GOLDEN_REGISTRY = GOLDEN / "registry_facts"


def sample_facts(nct_id: str) -> list[dict]:
    path = ROOT / "tests" / "data" / "registry" / SAMPLES[nct_id] / f"{nct_id}.{SAMPLES[nct_id]}"
    return to_dict(extract_facts(parse_document(path.name, path.read_bytes()).eligibility))


def write_golden() -> None:
    """Rewrite the golden files; run only after checking every fact by hand:
    ``.venv/bin/python -m tests.unit.eligibility.test_registry_facts``."""
    GOLDEN_REGISTRY.mkdir(parents=True, exist_ok=True)
    for nct_id in SAMPLES:
        text = json.dumps(sample_facts(nct_id), indent=1, ensure_ascii=False) + "\n"
        (GOLDEN_REGISTRY / f"{nct_id}.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("nct_id", sorted(SAMPLES))
def test_sample_facts_match_golden(nct_id: str) -> None:
    expected = json.loads((GOLDEN_REGISTRY / f"{nct_id}.json").read_text(encoding="utf-8"))
    assert sample_facts(nct_id) == expected


def test_golden_spot_checks():
    facts = {(f["list"], f["ordinal"], f["name"]): f for f in sample_facts("NCT01339988")}
    # "Hepatitis B surface antigen, Hepatitis C by serology, HIV by serology: all negative"
    for name in ("hepatitis_b", "hepatitis_c", "hiv"):
        assert facts[("inclusion", 8, name)]["effect"] == "EXCLUDE"
    assert ("inclusion", 7, "anc") not in facts  # "ANC ≥ 1000ml": no such unit, no fact
    trial = {(f["list"], f["ordinal"], f["kind"]): f for f in sample_facts("NCT03521479")}
    other = trial[("exclusion", 10, "HISTORY")]
    assert (other["name"], other["operator"], other["value"]) == ("other_trial", "WITHIN", 28.0)


def read(text: str, inclusion: bool = False) -> list[tuple]:
    c = (CriterionRecord(1, text),)
    e = EligibilityRecord(inclusion=c) if inclusion else EligibilityRecord(exclusion=c)
    return [(f.kind, f.operator, f.name, f.value, f.unit, f.effect) for f in extract_facts(e)]


@pytest.mark.parametrize(
    ("text", "inclusion", "facts"),
    [
        ("Patient is over the age of 21", True, [("AGE", "GT", None, 21.0, "year", "REQUIRE")]),
        ("Patient is under the age of 21", True, [("AGE", "LT", None, 21.0, "year", "REQUIRE")]),
        ("Age of 18 years and beyond;", True, [("AGE", "GTE", None, 18.0, "year", "REQUIRE")]),
        (
            "Concurrent enrollment in any study involving the use of investigational devices.",
            False,
            [("HISTORY", "PRESENT", "other_trial", None, None, "EXCLUDE")],
        ),
        ("Hemoglobin ≥ 9 gm/dL", True, [("LAB", "GTE", "hemoglobin", 9.0, "g/dL", "REQUIRE")]),
        # a limit for one sex: a LAB fact would exclude the other sex too, so none is read
        ("Women with hemoglobin less than 11gm/dl at screening evaluation.", False, []),
        # an investigational agent is not always a trial (expanded access): no fact
        ("Treatment with any investigational agent within 14 days", False, []),
        (
            "Presence of acute infection (e.g. malaria, acute pneumonia, meningitis).",
            False,
            [("HISTORY", "PRESENT", "active_infection", None, None, "EXCLUDE")],
        ),
        (
            "Absence of physical or psychological conditions unacceptable to the investigator.",
            True,
            [("PROCEDURAL", "PRESENT", "investigator_judgement", None, None, "REQUIRE")],
        ),
        (
            "Any abnormal laboratory result, judged clinically relevant by the investigator",
            False,
            [("PROCEDURAL", "PRESENT", "investigator_judgement", None, None, "EXCLUDE")],
        ),
        (
            "Must agree to follow pregnancy precautions as required by the protocol.",
            True,
            [("PROCEDURAL", "PRESENT", "contraception", None, None, "REQUIRE")],
        ),
        (
            "Provide signed writen informed consents.",
            True,
            [("PROCEDURAL", "PRESENT", "consent", None, None, "REQUIRE")],
        ),
    ],
)
def test_kinds_taught_from_the_samples(text, inclusion, facts):
    assert read(text, inclusion) == facts


if __name__ == "__main__":
    write_golden()
