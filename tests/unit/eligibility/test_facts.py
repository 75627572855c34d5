"""Criteria text -> typed facts: the five seed documents against their golden facts (each fact
checked by hand against its criterion), 179 handcrafted criteria in the language of real
registries, the synthetic templates, and properties that hold for any text."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.eligibility.facts import criterion_facts, extract_facts, understood
from domain.records import FACT_KINDS, CriterionRecord, EligibilityRecord, FactRecord, to_dict
from seed.parse import parse_document
from tests.support.paths import DOCUMENTS, GOLDEN_FACTS
from tools.synth.vocab.criteria import EXCLUSION as _EXCLUSION
from tools.synth.vocab.criteria import INCLUSION as _INCLUSION

SEEDS = sorted(p.stem for p in DOCUMENTS.glob("*.txt"))
INC, EXC = "inclusion", "exclusion"


def seed_facts(stem: str) -> list[dict]:
    path = DOCUMENTS / f"{stem}.txt"
    return to_dict(extract_facts(parse_document(path.name, path.read_bytes()).eligibility))


def write_golden() -> None:
    """Rewrite the golden files; run only after checking every fact by hand:
    ``.venv/bin/python -m tests.unit.eligibility.test_facts``."""
    GOLDEN_FACTS.mkdir(parents=True, exist_ok=True)
    for stem in SEEDS:
        text = json.dumps(seed_facts(stem), indent=1, ensure_ascii=False) + "\n"
        (GOLDEN_FACTS / f"{stem}.json").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- golden files


def test_every_seed_document_has_a_golden_facts_file():
    assert sorted(p.stem for p in GOLDEN_FACTS.glob("*.json")) == SEEDS


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_facts_match_golden(stem: str) -> None:
    expected = json.loads((GOLDEN_FACTS / f"{stem}.json").read_text(encoding="utf-8"))
    actual = seed_facts(stem)
    where = [f"{f['list'][:3]} {f['ordinal']} {f['kind']} {f['name']}" for f in actual]
    wanted = [f"{f['list'][:3]} {f['ordinal']} {f['kind']} {f['name']}" for f in expected]
    assert where == wanted, "facts differ in number or order"
    for got, want in zip(actual, expected, strict=True):
        label = f"{stem} {got['list']} #{got['ordinal']} {got['kind']} {got['name']}"
        for key in want:
            assert got[key] == want[key], f"{label}: {key} is {got[key]!r}, golden {want[key]!r}"


def test_seed_spot_checks():
    facts = {(f["list"], f["ordinal"], f["kind"], f["name"]): f for f in seed_facts(SEEDS[0])}
    anc = facts[(INC, 7, "LAB", "anc")]
    assert (anc["operator"], anc["value"], anc["unit"], anc["as_written"]) == (
        "GT",
        0.8,
        "×10^9/L",
        "800/mm^3",
    )
    alt = [f for f in seed_facts(SEEDS[0]) if f["name"] == "alt"]
    assert [(f["value"], f["when"]) for f in alt] == [
        (3, "!liver_metastases"),
        (6, "liver_metastases"),
    ]
    f2 = {(f["list"], f["ordinal"], f["kind"], f["name"]): f for f in seed_facts(SEEDS[2])}
    brain = f2[(EXC, 2, "METASTASIS", "brain")]
    assert brain["exception"].startswith("Subjects with CNS metastases who were treated")
    assert f2[(EXC, 3, "STEROIDS", None)]["value"] == 10


# --------------------------------------------------------------------------- handcrafted


def F(kind: str, operator: str, effect: str, **fields) -> dict:
    return {"kind": kind, "operator": operator, "effect": effect, **fields}


_COMPARED = ("kind", "name", "operator", "value", "value_max", "unit", "relative_to", "values",
             "effect", "when", "alternative")  # fmt: skip
_DEFAULTS = {"name": None, "value": None, "value_max": None, "unit": None, "relative_to": None,
             "values": (), "when": None, "alternative": 0}  # fmt: skip


def project(fact: FactRecord) -> dict:
    return {key: getattr(fact, key) for key in _COMPARED}


def expand(expected: dict) -> dict:
    return {**_DEFAULTS, **expected}


def same(actual: dict, expected: dict) -> bool:
    for key in _COMPARED:
        a, b = actual[key], expected[key]
        if isinstance(a, float) and isinstance(b, int | float):
            if not math.isclose(a, b, rel_tol=1e-4):
                return False
        elif a != b:
            return False
    return True


CASES = [
    (
        INC,
        "Aged 18 years or above",
        [
            F("AGE", "GTE", "REQUIRE", value=18.0, unit="year"),
        ],
    ),
    (
        INC,
        "Patients must be ≥ 18 years of age",
        [
            F("AGE", "GTE", "REQUIRE", value=18.0, unit="year"),
        ],
    ),
    (
        INC,
        "Male or female patients aged 20-75 years",
        [
            F("AGE", "RANGE", "REQUIRE", value=20.0, value_max=75.0, unit="year"),
            F("SEX", "IN", "REQUIRE", values=("MALE", "FEMALE")),
        ],
    ),
    (
        INC,
        "Age > 18",
        [
            F("AGE", "GT", "REQUIRE", value=18.0, unit="year"),
        ],
    ),
    (
        EXC,
        "Age > 75 years",
        [
            F("AGE", "GT", "EXCLUDE", value=75.0, unit="year"),
        ],
    ),
    (
        INC,
        "Children aged 6 months to 17 years",
        [
            F("AGE", "RANGE", "REQUIRE", value=0.5, value_max=17.0, unit="year"),
        ],
    ),
    (
        INC,
        "Female patients aged 18 to 70 years",
        [
            F("AGE", "RANGE", "REQUIRE", value=18.0, value_max=70.0, unit="year"),
            F("SEX", "IN", "REQUIRE", values=("FEMALE",)),
        ],
    ),
    (
        INC,
        "Postmenopausal women with hormone receptor-positive breast cancer",
        [
            F("SEX", "IN", "REQUIRE", values=("FEMALE",)),
        ],
    ),
    (
        INC,
        "Men and women of childbearing potential must agree to use contraception",
        [
            F("PROCEDURAL", "PRESENT", "REQUIRE", name="contraception"),
        ],
    ),
    (
        INC,
        "Body weight ≥ 50 kg",
        [
            F("WEIGHT", "GTE", "REQUIRE", value=50.0, unit="kg"),
        ],
    ),
    (EXC, "Weight loss > 10% within 6 months", []),
    (
        INC,
        "ECOG PS ≤ 1",
        [
            F("ECOG", "LTE", "REQUIRE", value=1.0),
        ],
    ),
    (
        INC,
        "WHO performance status 0, 1 or 2",
        [
            F("ECOG", "IN", "REQUIRE", values=("0", "1", "2")),
        ],
    ),
    (
        INC,
        "Karnofsky performance status of 70 or higher",
        [
            F("KARNOFSKY", "GTE", "REQUIRE", value=70.0),
        ],
    ),
    (
        INC,
        "ECOG performance status 0-1 or Karnofsky ≥ 70%",
        [
            F("KARNOFSKY", "GTE", "REQUIRE", value=70.0, alternative=1),
            F("ECOG", "IN", "REQUIRE", values=("0", "1"), alternative=1),
        ],
    ),
    (
        INC,
        "Life expectancy ≥ 12 weeks",
        [
            F("LIFE_EXPECTANCY", "GTE", "REQUIRE", value=2.7598, unit="month"),
        ],
    ),
    (
        INC,
        "Estimated life expectancy of 6 months or more",
        [
            F("LIFE_EXPECTANCY", "GTE", "REQUIRE", value=6.0, unit="month"),
        ],
    ),
    (
        INC,
        "ANC ≥ 1,500/µL",
        [
            F("LAB", "GTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "Absolute neutrophil count (ANC) ≥ 1.5 x 10^9/L (1500/mm³)",
        [
            F("LAB", "GTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "Platelets ≥ 100 × 10⁹/L (≥ 75 × 10⁹/L for patients with bone marrow involvement)",
        [
            F("LAB", "GTE", "REQUIRE", name="platelets", value=100.0, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "Hemoglobin ≥ 90 g/L",
        [
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=9.0, unit="g/dL"),
        ],
    ),
    (
        INC,
        "Hb ≥ 9.0 g/dL (transfusion allowed)",
        [
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=9.0, unit="g/dL"),
        ],
    ),
    (
        INC,
        "Total bilirubin ≤ 1.5 × ULN (≤ 3 × ULN for patients with Gilbert's syndrome)",
        [
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="bilirubin",
                value=1.5,
                relative_to="ULN",
                when="!gilbert_syndrome",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="bilirubin",
                value=3.0,
                relative_to="ULN",
                when="gilbert_syndrome",
            ),
        ],
    ),
    (
        INC,
        "AST (SGOT) and ALT (SGPT) ≤ 2.5 x institutional upper limit of normal, or ≤ 5 x ULN if "
        "liver metastases are present",
        [
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="ast",
                value=2.5,
                relative_to="ULN",
                when="!liver_metastases",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="ast",
                value=5.0,
                relative_to="ULN",
                when="liver_metastases",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="alt",
                value=2.5,
                relative_to="ULN",
                when="!liver_metastases",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="alt",
                value=5.0,
                relative_to="ULN",
                when="liver_metastases",
            ),
        ],
    ),
    (
        INC,
        "Serum creatinine ≤ 1.5 mg/dL or calculated creatinine clearance ≥ 50 mL/min "
        "(Cockcroft-Gault)",
        [
            F("LAB", "LTE", "REQUIRE", name="creatinine", value=1.5, unit="mg/dL", alternative=1),
            F(
                "LAB",
                "GTE",
                "REQUIRE",
                name="creatinine_clearance",
                value=50.0,
                unit="mL/min",
                alternative=1,
            ),
        ],
    ),
    (
        INC,
        "Creatinine ≤ 1.5 × ULN or eGFR ≥ 60 mL/min/1.73 m²",
        [
            F("LAB", "LTE", "REQUIRE", name="creatinine", value=1.5, relative_to="ULN"),
        ],
    ),
    (
        INC,
        "Serum creatinine < 133 µmol/L",
        [
            F("LAB", "LT", "REQUIRE", name="creatinine", value=1.5045, unit="mg/dL"),
        ],
    ),
    (
        INC,
        "INR ≤ 1.5 and aPTT ≤ 1.5 × ULN",
        [
            F("LAB", "LTE", "REQUIRE", name="inr", value=1.5),
            F("LAB", "LTE", "REQUIRE", name="aptt", value=1.5, relative_to="ULN"),
        ],
    ),
    (
        INC,
        "Adequate hematologic function: ANC ≥ 1.5×10^9/L, platelets ≥ 100×10^9/L, hemoglobin ≥ 9 "
        "g/dL",
        [
            F("LAB", "GTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L"),
            F("LAB", "GTE", "REQUIRE", name="platelets", value=100.0, unit="×10^9/L"),
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=9.0, unit="g/dL"),
        ],
    ),
    (
        INC,
        "Adequate liver function: total bilirubin ≤ 1.5 × ULN; AST and ALT ≤ 3 × ULN (≤ 5 × ULN "
        "with liver metastases)",
        [
            F("LAB", "LTE", "REQUIRE", name="bilirubin", value=1.5, relative_to="ULN"),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="ast",
                value=3.0,
                relative_to="ULN",
                when="!liver_metastases",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="ast",
                value=5.0,
                relative_to="ULN",
                when="liver_metastases",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="alt",
                value=3.0,
                relative_to="ULN",
                when="!liver_metastases",
            ),
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="alt",
                value=5.0,
                relative_to="ULN",
                when="liver_metastases",
            ),
        ],
    ),
    (
        INC,
        "Serum transaminases not more than 2.5 times the upper limit of normal",
        [
            F("LAB", "LTE", "REQUIRE", name="alt", value=2.5, relative_to="ULN"),
            F("LAB", "LTE", "REQUIRE", name="ast", value=2.5, relative_to="ULN"),
        ],
    ),
    (
        INC,
        "WBC count above 3,000/mm3",
        [
            F("LAB", "GT", "REQUIRE", name="wbc", value=3.0, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "Leukocytes ≥ 3.0 G/L",
        [
            F("LAB", "GTE", "REQUIRE", name="wbc", value=3.0, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "LVEF ≥ 50% by echocardiogram or MUGA",
        [
            F("LAB", "GTE", "REQUIRE", name="lvef", value=50.0, unit="%"),
        ],
    ),
    (
        EXC,
        "Known brain metastases (patients with treated, stable brain metastases are eligible)",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        EXC,
        "Active central nervous system (CNS) metastases and/or carcinomatous meningitis",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        INC,
        "Patients without brain metastases",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        INC,
        "Patients with liver metastases",
        [
            F("METASTASIS", "PRESENT", "REQUIRE", name="liver"),
        ],
    ),
    (
        EXC,
        "Leptomeningeal disease",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        EXC,
        "HIV-positive",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hiv"),
        ],
    ),
    (
        INC,
        "HIV negative",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hiv"),
        ],
    ),
    (
        EXC,
        "Hepatitis B surface antigen (HBsAg) positive or HCV antibody positive",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_b"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_c"),
        ],
    ),
    (
        EXC,
        "Known active hepatitis B or C",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_c"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_b"),
        ],
    ),
    (
        EXC,
        "Serious infection requiring intravenous antibiotics within 14 days before enrollment",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="active_infection"),
        ],
    ),
    (EXC, "History of allogeneic stem cell transplantation", []),
    (
        EXC,
        "History of kidney transplant",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="organ_transplant"),
        ],
    ),
    (
        EXC,
        "Women who are pregnant or nursing",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="pregnant"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="breastfeeding"),
        ],
    ),
    (
        INC,
        "Not pregnant or breastfeeding",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="pregnant"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="breastfeeding"),
        ],
    ),
    (
        EXC,
        "Receipt of live attenuated vaccine within 28 days prior to first dose",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="vaccination", value=28.0, unit="day"),
        ],
    ),
    (
        EXC,
        "Prior malignancy within the last 3 years, except for adequately treated basal cell or "
        "squamous cell skin cancer or carcinoma in situ of the cervix",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="other_malignancy", value=1096.0, unit="day"),
        ],
    ),
    (
        EXC,
        "Second primary malignancy",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="other_malignancy"),
        ],
    ),
    (
        EXC,
        "Treatment with another investigational drug or participation in another clinical trial "
        "within 28 days",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="other_trial", value=28.0, unit="day"),
        ],
    ),
    (
        EXC,
        "Current use of corticosteroids at doses > 10 mg prednisone per day",
        [
            F("STEROIDS", "GT", "EXCLUDE", value=10.0, unit="mg/day"),
        ],
    ),
    (
        EXC,
        "Requires chronic systemic corticosteroid therapy (inhaled steroids are allowed)",
        [
            F("STEROIDS", "PRESENT", "EXCLUDE"),
        ],
    ),
    (
        INC,
        "Received at least two prior lines of systemic therapy for metastatic disease",
        [
            F("PRIOR_THERAPY_LINES", "GTE", "REQUIRE", value=2.0),
        ],
    ),
    (
        EXC,
        "More than 3 prior lines of chemotherapy",
        [
            F("PRIOR_THERAPY_LINES", "GT", "EXCLUDE", value=3.0),
        ],
    ),
    (
        INC,
        "Disease progression after at least one prior line of platinum-based chemotherapy",
        [
            F("PRIOR_THERAPY_LINES", "GTE", "REQUIRE", value=1.0),
        ],
    ),
    (
        INC,
        "Signed written informed consent",
        [
            F("PROCEDURAL", "PRESENT", "REQUIRE", name="consent"),
        ],
    ),
    (
        EXC,
        "Unable to comply with study procedures",
        [
            F("PROCEDURAL", "PRESENT", "EXCLUDE", name="compliance"),
        ],
    ),
    (
        INC,
        "Negative serum pregnancy test within 72 hours before first dose in women of "
        "childbearing potential",
        [
            F("PROCEDURAL", "PRESENT", "REQUIRE", name="contraception"),
        ],
    ),
    (
        EXC,
        "Any condition that in the investigator's opinion makes the patient unsuitable for "
        "participation",
        [
            F("PROCEDURAL", "PRESENT", "EXCLUDE", name="investigator_judgement"),
        ],
    ),
    (INC, "Adequate venous access", []),
    (
        INC,
        "HER2-negative breast cancer",
        [
            F("HER2", "IN", "EXCLUDE", name="her2", values=("status:POSITIVE",)),
        ],
    ),
    (
        INC,
        "HER2 overexpression (IHC 3+ or IHC 2+/FISH positive)",
        [
            F("HER2", "IN", "REQUIRE", name="her2", values=("ihc:3+", "ihc:2+&ish:POSITIVE")),
        ],
    ),
    (
        EXC,
        "HER2-positive disease",
        [
            F("HER2", "IN", "EXCLUDE", name="her2", values=("status:POSITIVE",)),
        ],
    ),
    (
        INC,
        "HER2 IHC 2+ or 3+",
        [
            F("HER2", "IN", "REQUIRE", name="her2", values=("ihc>=2+",)),
        ],
    ),
    (
        INC,
        "Measurable disease as defined by RECIST v1.1",
        [
            F("MEASURABLE_DISEASE", "PRESENT", "REQUIRE"),
        ],
    ),
    (EXC, "Non-measurable disease only", []),
    (
        INC,
        "Evaluable or measurable disease",
        [
            F("MEASURABLE_DISEASE", "PRESENT", "REQUIRE"),
        ],
    ),
    (
        INC,
        "At least 18 years old",
        [
            F("AGE", "GTE", "REQUIRE", value=18.0, unit="year"),
        ],
    ),
    (
        EXC,
        "Age under 18 years",
        [
            F("AGE", "LT", "EXCLUDE", value=18.0, unit="year"),
        ],
    ),
    (
        INC,
        "Stage IV disease with age at least 18",
        [
            F("AGE", "GTE", "REQUIRE", value=18.0, unit="year"),
        ],
    ),
    (
        EXC,
        "Patients with a history of other malignant tumors within 5 years",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="other_malignancy", value=1826.0, unit="day"),
        ],
    ),
    (
        EXC,
        "Other malignancy, unless curatively treated with no evidence of disease for ≥ 5 years",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="other_malignancy"),
        ],
    ),
    (
        EXC,
        "Autoimmune disease requiring systemic treatment within the past 2 years (replacement "
        "therapy is allowed)",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="autoimmune_disease"),
        ],
    ),
    (
        EXC,
        "Known history of HIV infection or AIDS",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hiv"),
        ],
    ),
    (
        EXC,
        "Platelets < 75,000/mm3 or ANC < 1000/mm3",
        [
            F("LAB", "LT", "EXCLUDE", name="platelets", value=75.0, unit="×10^9/L"),
            F("LAB", "LT", "EXCLUDE", name="anc", value=1.0, unit="×10^9/L"),
        ],
    ),
    (EXC, "QTc > 470 msec", []),
    (
        INC,
        "Hemoglobin ≥ 10 g/dL, platelets ≥ 100,000/µL, neutrophils ≥ 1,500/µL",
        [
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=10.0, unit="g/dL"),
            F("LAB", "GTE", "REQUIRE", name="platelets", value=100.0, unit="×10^9/L"),
            F("LAB", "GTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "HBV DNA < 500 IU/mL",
        [
            F("LAB", "LT", "REQUIRE", name="hbv_dna", value=500.0, unit="IU/mL"),
        ],
    ),
    (
        EXC,
        "History of graft-versus-host disease",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="gvhd"),
        ],
    ),
    (
        EXC,
        "HBV DNA > 2000 IU/mL or HCV RNA positive",
        [
            F("LAB", "GT", "EXCLUDE", name="hbv_dna", value=2000.0, unit="IU/mL"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_c"),
        ],
    ),
    (
        INC,
        "Patients with HER2-positive gastric cancer",
        [
            F("HER2", "IN", "REQUIRE", name="her2", values=("status:POSITIVE",)),
        ],
    ),
    (
        INC,
        "No known brain metastases",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        INC,
        "Adults 18 to 75 years old",
        [
            F("AGE", "RANGE", "REQUIRE", value=18.0, value_max=75.0, unit="year"),
        ],
    ),
    (
        EXC,
        "Creatinine clearance < 30 mL/min",
        [
            F("LAB", "LT", "EXCLUDE", name="creatinine_clearance", value=30.0, unit="mL/min"),
        ],
    ),
    (
        INC,
        "aPTT ≤ 40 seconds",
        [
            F("LAB", "LTE", "REQUIRE", name="aptt", value=40.0, unit="s"),
        ],
    ),
    (
        INC,
        "Total bilirubin ≤ 25 µmol/L",
        [
            F("LAB", "LTE", "REQUIRE", name="bilirubin", value=1.4616, unit="mg/dL"),
        ],
    ),
    (
        EXC,
        "Live vaccines within 4 weeks",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="vaccination", value=28.0, unit="day"),
        ],
    ),
    (
        EXC,
        "Currently participating in another interventional clinical study",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="other_trial"),
        ],
    ),
    (
        EXC,
        "Breastfeeding",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="breastfeeding"),
        ],
    ),
    (
        INC,
        "Life expectancy > 3 months",
        [
            F("LIFE_EXPECTANCY", "GT", "REQUIRE", value=3.0, unit="month"),
        ],
    ),
    (
        INC,
        "Patients with no other malignancy within the past 5 years",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="other_malignancy", value=1826.0, unit="day"),
        ],
    ),
    (
        INC,
        "Failure of at least 2 prior lines of therapy",
        [
            F("PRIOR_THERAPY_LINES", "GTE", "REQUIRE", value=2.0),
        ],
    ),
    (
        INC,
        "Gender: female",
        [
            F("SEX", "IN", "REQUIRE", values=("FEMALE",)),
        ],
    ),
    (EXC, "Hemoglobin A1c > 10%", []),
    (
        EXC,
        "History of hepatitis B virus infection",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_b"),
        ],
    ),
    (
        EXC,
        "Concurrent treatment with systemic steroids",
        [
            F("STEROIDS", "PRESENT", "EXCLUDE"),
        ],
    ),
    (
        EXC,
        "Serum bilirubin > 2 mg/dL",
        [
            F("LAB", "GT", "EXCLUDE", name="bilirubin", value=2.0, unit="mg/dL"),
        ],
    ),
    (
        INC,
        "Able and willing to provide written informed consent",
        [
            F("PROCEDURAL", "PRESENT", "REQUIRE", name="consent"),
        ],
    ),
    (
        INC,
        "Patients aged ≥ 18 years with histologically confirmed NSCLC who have received at least "
        "1 but no more than 3 prior lines of therapy",
        [
            F("AGE", "GTE", "REQUIRE", value=18.0, unit="year"),
            F("PRIOR_THERAPY_LINES", "RANGE", "REQUIRE", value=1.0, value_max=3.0),
        ],
    ),
    (
        EXC,
        "Patients who received more than 2 lines of chemotherapy",
        [
            F("PRIOR_THERAPY_LINES", "GT", "EXCLUDE", value=2.0),
        ],
    ),
    (
        INC,
        "ECOG 0-1 at screening and life expectancy of at least 3 months",
        [
            F("ECOG", "IN", "REQUIRE", values=("0", "1")),
            F("LIFE_EXPECTANCY", "GTE", "REQUIRE", value=3.0, unit="month"),
        ],
    ),
    (
        EXC,
        "ECOG performance status ≥ 2",
        [
            F("ECOG", "GTE", "EXCLUDE", value=2.0),
        ],
    ),
    (
        INC,
        "Adequate bone marrow function defined as: absolute neutrophil count ≥ 1500/mm3, "
        "platelet count ≥ 100000/mm3 and hemoglobin ≥ 9 g/dL",
        [
            F("LAB", "GTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L"),
            F("LAB", "GTE", "REQUIRE", name="platelets", value=100.0, unit="×10^9/L"),
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=9.0, unit="g/dL"),
        ],
    ),
    (
        INC,
        "Adequate renal function: serum creatinine ≤ 1.5 x ULN or creatinine clearance ≥ 50 "
        "ml/min according to Cockcroft-Gault formula",
        [
            F(
                "LAB",
                "LTE",
                "REQUIRE",
                name="creatinine",
                value=1.5,
                relative_to="ULN",
                alternative=1,
            ),
            F(
                "LAB",
                "GTE",
                "REQUIRE",
                name="creatinine_clearance",
                value=50.0,
                unit="mL/min",
                alternative=1,
            ),
        ],
    ),
    (EXC, "Known hypersensitivity to any component of the vaccine", []),
    (EXC, "Prior treatment with anti-PD-1 antibody within 4 weeks", []),
    (EXC, "Major surgery within 28 days prior to enrollment", []),
    (INC, "At least 4 weeks since prior chemotherapy", []),
    (EXC, "Patients with a QTc interval > 450 ms for men and > 470 ms for women", []),
    (
        INC,
        "Hemoglobin ≥ 8.0 g/dL (patients may receive transfusions to meet this criterion)",
        [
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=8.0, unit="g/dL"),
        ],
    ),
    (
        EXC,
        "Patients over 80 years of age",
        [
            F("AGE", "GT", "EXCLUDE", value=80.0, unit="year"),
        ],
    ),
    (
        INC,
        "Subjects 65 years of age or older",
        [
            F("AGE", "GTE", "REQUIRE", value=65.0, unit="year"),
        ],
    ),
    (
        INC,
        "Patients aged 2 to 17 years",
        [
            F("AGE", "RANGE", "REQUIRE", value=2.0, value_max=17.0, unit="year"),
        ],
    ),
    (
        EXC,
        "Women who are breast-feeding or planning to become pregnant during the study",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="breastfeeding"),
            F("PROCEDURAL", "PRESENT", "EXCLUDE", name="contraception"),
        ],
    ),
    (
        EXC,
        "Known active central nervous system metastases. Patients with previously treated brain "
        "metastases may participate provided they are stable",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        EXC,
        "Symptomatic brain metastases requiring steroids",
        [
            F("METASTASIS", "PRESENT", "EXCLUDE", name="brain"),
        ],
    ),
    (
        INC,
        "Negative HIV test",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hiv"),
        ],
    ),
    (
        EXC,
        "Subjects with positive hepatitis B surface antigen (HBsAg) or hepatitis C antibody",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_b"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_c"),
        ],
    ),
    (
        EXC,
        "Has received a live-virus vaccination within 30 days of planned treatment start. "
        "Seasonal flu vaccines that do not contain live virus are permitted",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="vaccination", value=30.0, unit="day"),
        ],
    ),
    (
        EXC,
        "Any other malignancy within 2 years prior to randomization (except for non-melanoma "
        "skin cancer or cervical carcinoma in situ)",
        [
            F("HISTORY", "WITHIN", "EXCLUDE", name="other_malignancy", value=730.0, unit="day"),
        ],
    ),
    (
        INC,
        "Patient's weight must be at least 30 kg",
        [
            F("WEIGHT", "GTE", "REQUIRE", value=30.0, unit="kg"),
        ],
    ),
    (INC, "Body Mass Index (BMI) 18.5-30 kg/m2", []),
    (
        EXC,
        "Total bilirubin > 1.5 times the upper limit of normal range, or > 3 times ULN in "
        "patients with Gilbert's syndrome",
        [
            F(
                "LAB",
                "GT",
                "EXCLUDE",
                name="bilirubin",
                value=1.5,
                relative_to="ULN",
                when="!gilbert_syndrome",
            ),
            F(
                "LAB",
                "GT",
                "EXCLUDE",
                name="bilirubin",
                value=3.0,
                relative_to="ULN",
                when="gilbert_syndrome",
            ),
        ],
    ),
    (INC, "Serum albumin ≥ 3.0 g/dL", []),
    (INC, "eGFR ≥ 45 mL/min/1.73m2", []),
    (
        INC,
        "ALT ≤ 40 U/L",
        [
            F("LAB", "LTE", "REQUIRE", name="alt", value=40.0, unit="U/L"),
        ],
    ),
    (
        INC,
        "Platelets 100 × 10^9/L or greater",
        [
            F("LAB", "GTE", "REQUIRE", name="platelets", value=100.0, unit="×10^9/L"),
        ],
    ),
    (
        EXC,
        "Chronic daily treatment with corticosteroids with a dose of ≥10 mg/day "
        "methylprednisolone equivalent (excluding inhaled steroids)",
        [
            F("STEROIDS", "GTE", "EXCLUDE", value=10.0, unit="mg/day"),
        ],
    ),
    (
        EXC,
        "Received systemic steroid therapy within 7 days prior to the first dose",
        [
            F("STEROIDS", "PRESENT", "EXCLUDE"),
        ],
    ),
    (
        INC,
        "International normalized ratio (INR) < 1.5 unless receiving anticoagulants",
        [
            F("LAB", "LT", "REQUIRE", name="inr", value=1.5),
        ],
    ),
    (
        INC,
        "Age 18-80 years old, both genders",
        [
            F("AGE", "RANGE", "REQUIRE", value=18.0, value_max=80.0, unit="year"),
            F("SEX", "IN", "REQUIRE", values=("MALE", "FEMALE")),
        ],
    ),
    (
        INC,
        "Female, 18 to 45 years old",
        [
            F("AGE", "RANGE", "REQUIRE", value=18.0, value_max=45.0, unit="year"),
            F("SEX", "IN", "REQUIRE", values=("FEMALE",)),
        ],
    ),
    (
        INC,
        "Healthy male volunteers aged 18-45",
        [
            F("AGE", "RANGE", "REQUIRE", value=18.0, value_max=45.0, unit="year"),
        ],
    ),
    (
        EXC,
        "Lactating women",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="breastfeeding"),
        ],
    ),
    (
        INC,
        "HER2 negative (IHC 0 or 1+, or IHC 2+ and ISH negative)",
        [
            F("HER2", "IN", "EXCLUDE", name="her2", values=("status:POSITIVE",)),
        ],
    ),
    (
        INC,
        "HER2-positive (IHC 3+ or ISH amplified)",
        [
            F("HER2", "IN", "REQUIRE", name="her2", values=("ihc:3+", "ish:POSITIVE")),
        ],
    ),
    (
        EXC,
        "Known hepatitis B or hepatitis C infection (testing not required)",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_b"),
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_c"),
        ],
    ),
    (INC, "Prior exposure to at least one platinum-based regimen", []),
    (
        INC,
        "Patients must have progressed on first-line therapy",
        [
            F("PRIOR_THERAPY_LINES", "GTE", "REQUIRE", value=1.0),
        ],
    ),
    (EXC, "History of stroke within 6 months", []),
    (
        EXC,
        "Current or prior use of immunosuppressive medication within 14 days, with the exception "
        "of intranasal and inhaled corticosteroids or systemic corticosteroids at physiological "
        "doses not exceeding 10 mg/day of prednisone",
        [],
    ),
    (
        INC,
        "The ejection fraction is over 55%",
        [
            F("LAB", "GT", "REQUIRE", name="lvef", value=55.0, unit="%"),
        ],
    ),
    (
        INC,
        "Neutrophil count of at least 1.0 × 10^9/L",
        [
            F("LAB", "GTE", "REQUIRE", name="anc", value=1.0, unit="×10^9/L"),
        ],
    ),
    (INC, "WBC between 4.0 and 10.0 x 10^9/L", []),
    (INC, "Patients in complete remission (CR) for at least 6 months", []),
    (INC, "Stage III or IV disease at age of diagnosis", []),
    (EXC, "Grade ≥ 3 neutropenia within 14 days", []),
    (
        EXC,
        "History of HBV reactivation",
        [
            F("HISTORY", "PRESENT", "EXCLUDE", name="hepatitis_b"),
        ],
    ),
    (INC, "Prior autologous stem cell transplant allowed", []),
    (EXC, "Prior allogeneic transplant", []),
    (INC, "At least 2 years since last dose of prior therapy", []),
    (INC, "Percentage of tumor cells ≥ 20%", []),
    (INC, "Able to swallow oral medication", []),
    (EXC, "Patients with more than 10% weight loss in the past 6 months", []),
    (INC, "Postmenopausal status defined as age ≥ 60 years or amenorrhea for ≥ 12 months", []),
    (INC, "Serum potassium within normal limits", []),
    (
        EXC,
        "Hb < 10 g/dL or HbA1c > 9%",
        [
            F("LAB", "LT", "EXCLUDE", name="hemoglobin", value=10.0, unit="g/dL"),
        ],
    ),
    (INC, "PD-L1 expression ≥ 1%", []),
    (
        INC,
        "HER2 expression by IHC ≥ 10%",
        [
            F("HER2", "IN", "REQUIRE", name="her2", values=("expression>=10",)),
        ],
    ),
    (
        INC,
        "Males and females aged 18 to 65",
        [
            F("AGE", "RANGE", "REQUIRE", value=18.0, value_max=65.0, unit="year"),
            F("SEX", "IN", "REQUIRE", values=("MALE", "FEMALE")),
        ],
    ),
    (
        EXC,
        "Previous treatment with more than one line of systemic therapy for metastatic disease",
        [
            F("PRIOR_THERAPY_LINES", "GT", "EXCLUDE", value=1.0),
        ],
    ),
    (INC, "Recovery from toxicity of prior therapy to grade ≤ 1", []),
    (INC, "No prior systemic therapy for advanced disease", []),
    (EXC, "Patients who have received any other investigational agents within 28 days", []),
    (INC, "Patients with known brain metastases are eligible if they are clinically stable", []),
    (
        INC,
        "Creatinine =< 1.5 mg/dL",
        [
            F("LAB", "LTE", "REQUIRE", name="creatinine", value=1.5, unit="mg/dL"),
        ],
    ),
    (
        EXC,
        "Bilirubin exceeding 2 mg/dL",
        [
            F("LAB", "GT", "EXCLUDE", name="bilirubin", value=2.0, unit="mg/dL"),
        ],
    ),
    (
        INC,
        "Platelets >/= 100,000/mm3",
        [
            F("LAB", "GTE", "REQUIRE", name="platelets", value=100.0, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "ANC </= 1500/mm3",
        [
            F("LAB", "LTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "Hemoglobin not less than 9 g/dL",
        [
            F("LAB", "GTE", "REQUIRE", name="hemoglobin", value=9.0, unit="g/dL"),
        ],
    ),
    (
        EXC,
        "AST under 40 U/L",
        [
            F("LAB", "LT", "EXCLUDE", name="ast", value=40.0, unit="U/L"),
        ],
    ),
    (
        INC,
        "Platelet count of 75 x 10^9/L or more",
        [
            F("LAB", "GTE", "REQUIRE", name="platelets", value=75.0, unit="×10^9/L"),
        ],
    ),
    (
        INC,
        "ALT no more than 2.5 times ULN",
        [
            F("LAB", "LTE", "REQUIRE", name="alt", value=2.5, relative_to="ULN"),
        ],
    ),
    (
        INC,
        "WBC > 3.0 x 109/L",
        [
            F("LAB", "GT", "REQUIRE", name="wbc", value=3.0, unit="×10^9/L"),
        ],
    ),
    (
        EXC,
        "Children younger than 12 years old",
        [
            F("AGE", "LT", "EXCLUDE", value=12.0, unit="year"),
        ],
    ),
    (
        INC,
        "Patients older than 18 years of age",
        [
            F("AGE", "GT", "REQUIRE", value=18.0, unit="year"),
        ],
    ),
    (
        INC,
        "Pregnant women between 24 and 28 weeks of gestation",
        [
            F("HISTORY", "PRESENT", "REQUIRE", name="pregnant"),
        ],
    ),
]


@pytest.mark.parametrize(("list_", "text", "expected"), CASES, ids=[c[1][:60] for c in CASES])
def test_handcrafted_criterion(list_: str, text: str, expected: list[dict]) -> None:
    facts = criterion_facts(CriterionRecord(1, text), list_)
    actual = [project(f) for f in facts]
    wanted = [expand(e) for e in expected]
    message = f"{text!r}\n got:  {actual}\n want: {wanted}"
    assert len(actual) == len(wanted), message
    for a, w in zip(actual, wanted, strict=True):
        assert same(a, w), message
    for f in facts:
        assert f.span and f.span in text
        assert f.list == list_ and f.ordinal == 1 and f.kind in FACT_KINDS


def test_handcrafted_cases_are_many_and_distinct():
    assert len(CASES) >= 60
    assert len({text for _, text, _ in CASES}) == len(CASES)


# --------------------------------------------------------------------------- synth templates

FILL = {"a": 18, "b": 65, "cond": "gastric cancer", "m": 3, "p": 100, "h": 9, "c": 60, "x": 2.5,
        "hb": 10, "bmi": 25, "drug": "pembrolizumab", "w": 4, "s": 10, "d": 30, "y": 5}  # fmt: skip

SYNTH = {
    "Age {a} to {b} years, male or female": [
        F("AGE", "RANGE", "REQUIRE", value=18, value_max=65, unit="year"),
        F("SEX", "IN", "REQUIRE", values=("MALE", "FEMALE")),
    ],
    "Absolute neutrophil count ≥ 1.5 × 10^9/L": [
        F("LAB", "GTE", "REQUIRE", name="anc", value=1.5, unit="×10^9/L")
    ],
    "Platelet count ≥ {p} × 10^9/L": [
        F("LAB", "GTE", "REQUIRE", name="platelets", value=100, unit="×10^9/L")
    ],
    "Serum creatinine ≤ 1.5 × upper limit of normal (ULN) or creatinine clearance ≥ {c} mL/min": [
        F("LAB", "LTE", "REQUIRE", name="creatinine", value=1.5, relative_to="ULN", alternative=1),
        F(
            "LAB",
            "GTE",
            "REQUIRE",
            name="creatinine_clearance",
            value=60,
            unit="mL/min",
            alternative=1,
        ),
    ],
    "AST and ALT ≤ {x} × ULN": [
        F("LAB", "LTE", "REQUIRE", name="ast", value=2.5, relative_to="ULN"),
        F("LAB", "LTE", "REQUIRE", name="alt", value=2.5, relative_to="ULN"),
    ],
    "Life expectancy of at least {m} months": [
        F("LIFE_EXPECTANCY", "GTE", "REQUIRE", value=3, unit="month")
    ],
    "Participation in another interventional study within the last {d} days": [
        F("HISTORY", "WITHIN", "EXCLUDE", name="other_trial", value=30, unit="day")
    ],
    "History of another malignancy within {y} years, except adequately treated basal cell "
    "carcinoma of the skin": [
        F("HISTORY", "WITHIN", "EXCLUDE", name="other_malignancy", value=1826, unit="day")
    ],
    "Use of systemic corticosteroids > 10 mg/day of prednisone equivalent": [
        F("STEROIDS", "GT", "EXCLUDE", value=10, unit="mg/day")
    ],
    "Platelet count < 100,000/mm^3": [
        F("LAB", "LT", "EXCLUDE", name="platelets", value=100, unit="×10^9/L")
    ],
    "Live vaccine within 30 days before enrollment": [
        F("HISTORY", "WITHIN", "EXCLUDE", name="vaccination", value=30, unit="day")
    ],
    "Owns a smartphone": [],
    "Systolic blood pressure ≥ 140 mmHg on two visits": [],
    "Estimated glomerular filtration rate < {c} mL/min/1.73 m2": [],
}


@pytest.mark.parametrize("template", list(SYNTH), ids=[t[:50] for t in SYNTH])
def test_synth_template(template: str) -> None:
    in_inclusion = template in _INCLUSION
    assert in_inclusion or template in _EXCLUSION
    list_ = INC if in_inclusion else EXC
    text = template.format_map(FILL)
    actual = [project(f) for f in criterion_facts(CriterionRecord(1, text), list_)]
    wanted = [expand(e) for e in SYNTH[template]]
    assert len(actual) == len(wanted) and all(map(same, actual, wanted)), (text, actual)


def test_every_synth_template_gives_valid_facts():
    understood_templates = 0
    for list_, templates in ((INC, _INCLUSION), (EXC, _EXCLUSION)):
        for template in templates:
            text = template.format_map(FILL)
            facts = criterion_facts(CriterionRecord(3, text), list_)
            understood_templates += bool(facts)
            for f in facts:
                assert f.span in text and f.ordinal == 3 and f.list == list_
    assert understood_templates >= 36  # of 76: the others name no kind of fact


# --------------------------------------------------------------------------- records


def test_extract_facts_keeps_lists_ordinals_and_order():
    eligibility = EligibilityRecord(
        inclusion=(CriterionRecord(1, "Age ≥ 18 years"), CriterionRecord(2, "Owns a smartphone")),
        exclusion=(CriterionRecord(1, "Known HIV infection"), CriterionRecord(2, "Hb < 9 g/dL")),
    )
    facts = extract_facts(eligibility)
    assert [(f.list, f.ordinal, f.kind) for f in facts] == [
        (INC, 1, "AGE"),
        (EXC, 1, "HISTORY"),
        (EXC, 2, "LAB"),
    ]
    assert understood(eligibility, facts) == (3, 4)
    assert understood(eligibility) == (3, 4)
    assert understood(EligibilityRecord()) == (0, 0)


def test_repeated_text_keeps_each_criterion_ordinal():
    eligibility = EligibilityRecord(
        exclusion=tuple(CriterionRecord(i, "Known HIV infection") for i in (1, 2, 3))
    )
    assert [f.ordinal for f in extract_facts(eligibility)] == [1, 2, 3]


def test_facts_serialise_to_json():
    facts = seed_facts(SEEDS[1])
    assert json.loads(json.dumps(facts, ensure_ascii=False)) == facts


# --------------------------------------------------------------------------- properties

WORDS = ("age", "years", "ECOG", "0-2", "≥", "<", "ULN", "×", "10^9/L", "mg/dL", "/mm^3",
         "ALT", "AST", "and", "or", "(", ")", ";", ".", "platelets", "HER2", "IHC", "3+",
         "brain", "metastases", "within", "5", "1.5", "50,000", "weeks", "no", "HIV",
         "pregnant", "liver", "with", "without", "patients", "except", "consent", "steroids",
         "10 mg", "daily", "times", "upper limit of normal", "creatinine", "clearance")  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    ),
    st.sampled_from((INC, EXC)),
)
def test_any_text_gives_valid_facts_and_never_raises(text: str, list_: str) -> None:
    for f in criterion_facts(CriterionRecord(1, text), list_):
        assert f.kind in FACT_KINDS
        assert f.span in text
        assert f.effect in ("REQUIRE", "EXCLUDE")
        assert f.operator in ("GT", "GTE", "LT", "LTE", "EQ", "RANGE", "IN", "PRESENT", "WITHIN")
        assert f.value is None or math.isfinite(f.value)


if __name__ == "__main__":
    write_golden()
