"""domain/conditions: the hand-written tables and the resolver, on ICD-10-CM's own titles."""

from __future__ import annotations

import pytest

from domain.conditions.concepts import Concept, closure, relate, resolve
from domain.conditions.icd10cm import tabular
from domain.conditions.trials import (
    CONTEXT,
    OWN,
    best_match,
    condition_arrays,
    decode_conditions,
    encode_conditions,
    trial_conditions,
    word_match,
)
from domain.conditions.words import histology_relation, words

STOMACH = ("malignant", "neoplasm", "stomach")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HER2-positive gastric adenocarcinoma", (STOMACH, "adenocarcinoma")),
        ("Stomach Neoplasms", (STOMACH, None)),
        ("Malignant neoplasm of stomach, unspecified", (STOMACH, None)),
        ("Benign neoplasm of stomach", (("benign", "neoplasm", "stomach"), None)),
        ("Carcinoma in situ of stomach", (("@insitu", "neoplasm", "stomach"), None)),
        ("HER2 Positive Advanced Solid Tumours", (("@solid",), None)),
        ("NSCLC", (("lung", "malignant", "neoplasm"), "non-small cell carcinoma")),
        ("Glioma", (("brain", "malignant", "neoplasm"), "glioma")),
        ("Type 1 diabetes", (("1", "diabetes", "mellitus", "type"), None)),
        ("Diabetes insipidus", (("diabetes", "insipidus"), None)),
        ("stage IV oesophageal cancer", (("esophagus", "malignant", "neoplasm"), None)),
    ],
)  # fmt: skip
def test_words_both_sides_share(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("gastric cancer", ("C16",)),
        ("Gastric cancer NOS", ("C16",)),  # C16.9's inclusion term: the category as a whole
        ("lung cancer", ("C34",)),  # "bronchus and lung", its unspecified part is C34
        ("breast carcinoma", ("C50",)),
        ("solid tumour", ("C00-C80",)),
        ("cancer", ("C00-C96",)),
        ("Neoplasms", ("C00-C96",)),
        ("colorectal cancer", ("C18", "C19", "C20")),
        ("asthma", ("J45",)),
        ("cystic fibrosis", ("E84",)),
        ("type 1 diabetes", ("E10",)),
        ("Diabetes Mellitus", ("E08-E13",)),
        ("coronary artery disease", ("I25.1",)),
        ("Alcoholism", ("F10.2",)),
        ("Brain Injuries", ("S06",)),
        ("melanoma", ("C43",)),
    ],
)
def test_resolve(text, codes):
    concept = resolve(text)
    assert concept is not None and concept.codes == codes


@pytest.mark.parametrize("text", ["Abdominoplasty", "Paclitaxel", "Pathologic Processes", ""])
def test_what_names_no_disease_resolves_to_nothing(text):
    assert resolve(text) is None


def test_the_tree_nests_solid_tumours_under_malignant_neoplasms():
    tree = tabular()
    assert tree.ancestors("C16") == ("C15-C26", "C00-C80", "C00-C96", "CH02")
    assert tree.ancestors("C92") == ("C81-C96", "C00-C96", "CH02")  # leukaemia: not solid
    assert tree.ancestors("C50") == ("C50-C50", "C00-C80", "C00-C96", "CH02")
    assert tree.label("C00-C80") == "Malignant solid neoplasms"
    assert "C15-C26" in closure(resolve("gastric cancer"))


def rel(patient: str, trial: str) -> str | None:
    found = relate(resolve(patient), resolve(trial))
    return found.relation if found else None


@pytest.mark.parametrize(
    ("patient", "trial", "relation"),
    [
        ("gastric adenocarcinoma", "Gastric Cancer", "NARROWER"),
        ("gastric adenocarcinoma", "Solid Tumor", "NARROWER"),
        ("gastric adenocarcinoma", "Neoplasms", "NARROWER"),
        ("stomach cancer", "Gastric Cancer", "SAME"),
        ("gastric cancer", "Gastric Adenocarcinoma", "BROADER"),
        ("cancer", "Breast Cancer", "BROADER"),
        ("breast carcinoma", "Gastric Cancer", None),  # another organ
        ("acute myeloid leukemia", "Solid Tumor", None),  # not a solid tumour
        ("small cell lung cancer", "NSCLC", None),  # another histology
        ("lung adenocarcinoma", "NSCLC", "NARROWER"),  # adenocarcinoma is non-small cell
        ("glioblastoma", "Glioma", "NARROWER"),
        ("asthma", "Gastric Cancer", None),  # another disease
        ("type 1 diabetes", "Diabetes Mellitus", "NARROWER"),
        ("ankylosing spondylitis", "Spondylitis", "NARROWER"),  # a name above its titles
    ],
)
def test_relate(patient, trial, relation):
    assert rel(patient, trial) == relation


def test_via_names_the_concept_it_holds_through():
    found = relate(resolve("gastric adenocarcinoma"), resolve("Solid Tumor"))
    assert found.via == "Malignant solid neoplasms (C00-C80)"


def test_histology_relation():
    assert histology_relation("adenocarcinoma", "adenocarcinoma") == "SAME"
    assert histology_relation("adenocarcinoma", None) == "NARROWER"
    assert histology_relation(None, "glioblastoma") == "BROADER"
    assert histology_relation("glioblastoma", "glioma") == "NARROWER"
    assert histology_relation("small cell carcinoma", "non-small cell carcinoma") is None


def test_trial_conditions_own_and_context():
    items = trial_conditions(
        ["Gastric Cancer", "gastric cancer", "Quux"],
        meshes=[("Stomach Neoplasms", "D013274")],
        context=[("Neoplasms", "D009369")],
    )
    assert [(i.name, i.role, i.mesh_id) for i in items] == [
        ("Gastric Cancer", OWN, None),
        ("Stomach Neoplasms", OWN, "D013274"),
        ("Neoplasms", CONTEXT, "D009369"),
    ]
    own, every = condition_arrays(items)
    assert own == ["C16"]
    assert every == sorted({"C16", "C15-C26", "C00-C80", "C00-C96", "CH02"})
    assert decode_conditions(encode_conditions(items)) == items


def test_context_finds_broader_diagnoses_only():
    items = trial_conditions(["Quux"], context=[("Stomach Neoplasms", "D013274")])
    assert best_match([resolve("gastric adenocarcinoma")], items) is None  # never narrower
    assert best_match([resolve("gastric cancer")], items) is None  # nor equal: maybe a sibling
    found = best_match([resolve("cancer")], items)
    assert (found.relation, found.trial, found.mesh_id) == (
        "BROADER",
        "Stomach Neoplasms",
        "D013274",
    )


def test_word_match_for_a_diagnosis_no_concept_is_known_for():
    found = word_match("Quux syndrome", ["Quux Syndrome"])
    assert (found.relation, found.trial) == ("SAME", "Quux Syndrome")
    assert word_match("quux", ["Quux Syndrome type 2"]).relation == "BROADER"
    assert word_match("quux zed", ["Quux Syndrome"]) is None


def test_a_concept_is_hashable_and_plain():
    c = Concept("x", ("C16",))
    assert {c: 1}[Concept("x", ("C16",))] == 1
