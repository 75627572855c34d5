"""The stored facts document (eligibility.match_facts): its exact layout, and a round trip."""

from __future__ import annotations

import dataclasses
import json

import pytest

from domain.eligibility.decide import decide_trial, rank_trial
from domain.eligibility.facts import (
    decode_criteria,
    decode_facts,
    encode_facts,
    extract_facts,
    stored_facts,
)
from domain.eligibility.patient import patient_from_profile
from domain.records import CriterionRecord, EligibilityRecord, FactRecord
from seed.parse import parse_document
from tests.support.paths import DOCUMENTS

PLATELETS = FactRecord(
    kind="LAB",
    list="inclusion",
    ordinal=2,
    span="Platelets ≥ 100 × 10^9/L",
    effect="REQUIRE",
    operator="GTE",
    name="platelets",
    value=100.0,
    unit="×10^9/L",
    as_written="100 × 10^9/L",
)
ECOG = FactRecord(
    kind="ECOG",
    list="exclusion",
    ordinal=1,
    span="ECOG 0-1",
    effect="EXCLUDE",
    operator="IN",
    values=("0", "1"),
    when="!liver_metastases",
    exception="unless stable",
    alternative=1,
)
ELIGIBILITY = EligibilityRecord(
    inclusion=(CriterionRecord(1, "Adults"), CriterionRecord(2, "Platelets ≥ 100 × 10^9/L")),
    exclusion=(CriterionRecord(1, "ECOG 0-1"),),
)


def test_the_document_layout_is_positional_compact_and_keeps_non_ascii():
    assert encode_facts(ELIGIBILITY, (PLATELETS, ECOG)) == (
        '{"criteria":[2,1],"facts":['
        '["inclusion",2,"LAB","platelets","REQUIRE","GTE",100.0,null,"×10^9/L",null,[],'
        '"100 × 10^9/L",null,null,0],'
        '["exclusion",1,"ECOG",null,"EXCLUDE","IN",null,null,null,null,["0","1"],null,'
        '"!liver_metastases","unless stable",1]]}'
    )
    assert encode_facts(EligibilityRecord(), ()) == '{"criteria":[0,0],"facts":[]}'


@pytest.mark.parametrize("number", [5e-05, 1e16, float("nan"), 37.5, 0.0001])
def test_a_threshold_is_written_as_json_writes_it(number):
    # orjson writes the document unless a number would read otherwise: 0.00005 for 5e-05,
    # null for NaN (migration 0009 and the decoders read json's spelling)
    for fact in (
        dataclasses.replace(PLATELETS, value=number),
        dataclasses.replace(PLATELETS, operator="RANGE", value=1.0, value_max=number),
    ):
        document = encode_facts(ELIGIBILITY, (fact, ECOG))
        assert f",{json.dumps(number)}," in document
        assert document == json.dumps(
            json.loads(document), ensure_ascii=False, separators=(",", ":")
        )


def test_decoding_gives_the_criteria_keys_and_the_facts_without_their_span():
    keys, facts = decode_facts(encode_facts(ELIGIBILITY, (PLATELETS, ECOG)))
    assert keys == [("inclusion", 1), ("inclusion", 2), ("exclusion", 1)]
    assert facts == [dataclasses.replace(PLATELETS, span=""), dataclasses.replace(ECOG, span="")]
    assert isinstance(facts[1].values, tuple)


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_facts_survive_the_round_trip(path):
    eligibility = parse_document(path.name, path.read_bytes()).eligibility
    facts = extract_facts(eligibility)
    document = encode_facts(eligibility, facts)
    keys, decoded = decode_facts(document)
    assert len(keys) == len(eligibility.inclusion) + len(eligibility.exclusion)
    assert decoded == [dataclasses.replace(f, span="") for f in facts]
    assert json.loads(document)["criteria"] == [
        len(eligibility.inclusion),
        len(eligibility.exclusion),
    ]


PATIENTS = [
    {"age": 58, "sex": "MALE", "ecog": 1, "her2": {"ihc": "3+"}, "prior_therapy_lines": 2,
     "labs": {"platelets": {"value": 180000, "unit": "/mm^3"}},
     "history": {"hiv": False, "hepatitis_b": False, "brain_metastases": False}},
    {"age": 45, "sex": "FEMALE", "history": {"pregnant": False}},
    {"age": 70},
]  # fmt: skip


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_the_ranking_decode_decides_as_the_full_one(path):
    """``decode_criteria`` + ``rank_trial`` (what a match ranks its candidates by, with
    verdicts memoised across trials) give ``decide_trial``'s verdict and counts."""
    eligibility = parse_document(path.name, path.read_bytes()).eligibility
    document = encode_facts(eligibility, extract_facts(eligibility))
    keys, facts = decode_facts(document)
    ranked_keys, stored = decode_criteria(document)
    assert list(ranked_keys) == keys
    assert [f for key, rows in stored.items() for f in stored_facts(key, rows)] == facts
    memo: dict = {}
    for profile in PATIENTS:
        patient = patient_from_profile(profile)
        full = decide_trial(patient, keys, facts, explain=False)
        for _ in range(2):  # the second time from the memo
            ranked = rank_trial(patient, keys, stored, memo)
            assert (ranked.verdict, ranked.met, ranked.not_met, ranked.unknown) == (
                full.verdict,
                full.met,
                full.not_met,
                full.unknown,
            )
        memo.clear()  # a memo holds one patient's verdicts


def test_a_non_finite_value_survives_the_round_trip():
    """``json`` writes an overflowing number as ``Infinity``: the decoders read it back."""
    huge = dataclasses.replace(PLATELETS, value=float("inf"))
    document = encode_facts(ELIGIBILITY, (huge,))
    assert "Infinity" in document
    assert decode_facts(document)[1] == [dataclasses.replace(huge, span="")]
    rows = decode_criteria(document)[1][("inclusion", 2)]
    assert stored_facts(("inclusion", 2), rows) == [dataclasses.replace(huge, span="")]


def test_the_ranking_rows_of_thousands_of_trials_take_little_memory():
    """A match keeps every candidate's criterion rows while ranking (2,000 trials, ~10
    criteria each): each one is text of its own size, not a 4 KB buffer (orjson's bytes)."""
    import tracemalloc

    eligibility = EligibilityRecord(
        inclusion=tuple(
            CriterionRecord(ordinal=n, text=f"Platelets ≥ {n}00 × 10^9/L") for n in range(1, 9)
        ),
        exclusion=(),
    )
    facts = tuple(dataclasses.replace(PLATELETS, ordinal=n, value=n * 100.0) for n in range(1, 9))
    document = encode_facts(eligibility, facts)
    tracemalloc.start()
    try:
        kept = [decode_criteria(document) for _ in range(2000)]
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert all(isinstance(rows, str) for rows in kept[0][1].values())
    assert len(kept[0][1]) == 8
    assert size < 2000 * 8 * 400  # under 400 bytes a criterion, dict and tuple included
