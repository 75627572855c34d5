"""The matcher on handmade facts: verdicts, reasons in one unit, and what stays unknown."""

from __future__ import annotations

import pytest

from domain.eligibility.decide import (
    ELIGIBLE,
    INELIGIBLE,
    MET,
    NOT_MET,
    POSSIBLY_ELIGIBLE,
    UNKNOWN,
    decide_criterion,
    decide_trial,
)
from domain.eligibility.patient import ProfileError, patient_from_profile
from domain.records import FactRecord


def fact(kind: str, **kw) -> FactRecord:
    base = dict(
        list="inclusion",
        ordinal=1,
        span="",
        kind=kind,
        name=None,
        effect="REQUIRE",
        operator="GTE",
        value=None,
        value_max=None,
        unit=None,
        relative_to=None,
        values=(),
        as_written=None,
        when=None,
        exception=None,
        alternative=0,
    )
    base.update(kw)
    return FactRecord(**base)


def decide(profile: dict, *facts: FactRecord) -> tuple[str, str]:
    verdict, why = decide_criterion(patient_from_profile(profile), facts)
    return verdict, why()


PLATELETS = fact(
    "LAB", name="platelets", operator="GT", value=50, unit="×10^9/L", as_written="50,000/mm^3"
)


def test_lab_in_another_unit_is_compared_in_the_criterion_unit():
    verdict, reason = decide({"labs": {"platelets": {"value": 120000, "unit": "/mm^3"}}}, PLATELETS)
    assert verdict == MET
    assert reason == "platelets 120 ×10^9/L > 50 ×10^9/L (50,000/mm^3)"


def test_lab_below_threshold_fails_with_the_numbers():
    verdict, reason = decide({"labs": {"platelets": {"value": 30, "unit": "10^9/L"}}}, PLATELETS)
    assert verdict == NOT_MET
    assert reason == "platelets 30 ×10^9/L not > 50 ×10^9/L (50,000/mm^3)"


def test_boundary_value_meets_an_inclusive_threshold_only():
    gte = fact("LAB", name="hemoglobin", operator="GTE", value=9.0, unit="g/dL")
    gt = fact("LAB", name="hemoglobin", operator="GT", value=9.0, unit="g/dL")
    profile = {"labs": {"hemoglobin": {"value": 90, "unit": "g/L"}}}
    assert decide(profile, gte)[0] == MET
    assert decide(profile, gt)[0] == NOT_MET


def test_missing_lab_is_unknown():
    assert decide({}, PLATELETS) == (UNKNOWN, "platelets not given in the profile")


def test_uln_multiple_from_uln_or_given_directly():
    alt = fact("LAB", name="alt", operator="LTE", value=3, relative_to="ULN")
    assert decide({"labs": {"alt": {"value": 3, "unit": "×ULN"}}}, alt)[0] == MET
    assert decide({"labs": {"alt": {"value": 120, "unit": "U/L", "uln": 40}}}, alt)[0] == MET
    assert decide({"labs": {"alt": {"value": 121, "unit": "U/L", "uln": 40}}}, alt)[0] == NOT_MET
    verdict, reason = decide({"labs": {"alt": {"value": 80, "unit": "U/L"}}}, alt)
    assert verdict == UNKNOWN and "upper limit of normal" in reason


def test_conditional_uln_limit_follows_liver_metastases():
    without = fact(
        "LAB", name="alt", operator="LTE", value=3, relative_to="ULN", when="!liver_metastases"
    )
    with_ = fact(
        "LAB", name="alt", operator="LTE", value=6, relative_to="ULN", when="liver_metastases"
    )
    four = {"labs": {"alt": {"value": 4, "unit": "xULN"}}}
    assert decide(four | {"history": {"liver_metastases": True}}, without, with_)[0] == MET
    assert decide(four | {"history": {"liver_metastases": False}}, without, with_)[0] == NOT_MET
    verdict, reason = decide(four, without, with_)
    assert verdict == UNKNOWN and reason.startswith("depends on liver metastases")
    two = {"labs": {"alt": {"value": 2, "unit": "xULN"}}}
    assert decide(two, without, with_)[0] == MET  # met in both worlds


def test_alternatives_need_one():
    creat = fact(
        "LAB", name="creatinine", operator="LTE", value=1.5, relative_to="ULN", alternative=1
    )
    clear = fact(
        "LAB",
        name="creatinine_clearance",
        operator="GTE",
        value=60,
        unit="mL/min",
        alternative=1,
    )
    low_clearance = {"creatinine_clearance": {"value": 40, "unit": "mL/min"}}
    assert decide({"labs": low_clearance}, creat, clear)[0] == UNKNOWN
    both = low_clearance | {"creatinine": {"value": 1.2, "unit": "xULN"}}
    assert decide({"labs": both}, creat, clear)[0] == MET
    bad = low_clearance | {"creatinine": {"value": 2, "unit": "xULN"}}
    assert decide({"labs": bad}, creat, clear)[0] == NOT_MET


def test_exclusion_flag_triggers_and_absence_passes():
    hiv = fact("HISTORY", list="exclusion", name="hiv", effect="EXCLUDE", operator="PRESENT")
    assert decide({"history": {"hiv": True}}, hiv) == (NOT_MET, "excluded: HIV: yes")
    assert decide({"history": {"hiv": False}}, hiv) == (MET, "HIV: no")
    assert decide({}, hiv)[0] == UNKNOWN


def test_men_are_never_pregnant():
    pregnant = fact(
        "HISTORY", list="exclusion", name="pregnant", effect="EXCLUDE", operator="PRESENT"
    )
    assert decide({"sex": "MALE"}, pregnant)[0] == MET
    assert decide({"sex": "FEMALE"}, pregnant)[0] == UNKNOWN


def test_exception_makes_a_triggered_exclusion_unknown():
    brain = fact(
        "METASTASIS",
        list="exclusion",
        name="brain",
        effect="EXCLUDE",
        operator="PRESENT",
        exception="treated with radiotherapy at least 3 months before",
    )
    assert decide({"history": {"brain_metastases": False}}, brain)[0] == MET
    verdict, reason = decide({"history": {"brain_metastases": True}}, brain)
    assert verdict == UNKNOWN and "exceptions" in reason


def test_within_window():
    trial = fact(
        "HISTORY",
        list="exclusion",
        name="other_trial",
        effect="EXCLUDE",
        operator="WITHIN",
        value=30,
        unit="day",
    )
    recent = {"time_since": {"other_trial": {"value": 3, "unit": "weeks"}}}
    assert decide(recent, trial)[0] == NOT_MET
    old = {"time_since": {"other_trial": {"value": 2, "unit": "months"}}}
    assert decide(old, trial)[0] == MET
    assert decide({"history": {"other_trial": False}}, trial)[0] == MET
    assert decide({"history": {"other_trial": True}}, trial)[0] == UNKNOWN


@pytest.mark.parametrize(
    ("her2", "definitions", "expected"),
    [
        ({"ihc": "3+"}, ("ihc:3+", "ihc:2+&ish:POSITIVE"), MET),
        ({"ihc": "2+", "ish": "POSITIVE"}, ("ihc:3+", "ihc:2+&ish:POSITIVE"), MET),
        ({"ihc": "2+", "ish": "NEGATIVE"}, ("ihc:3+", "ihc:2+&ish:POSITIVE"), NOT_MET),
        ({"ihc": "2+"}, ("ihc:3+", "ihc:2+&ish:POSITIVE"), UNKNOWN),
        ({"ihc": "1+"}, ("ihc:3+", "ihc:2+&ish:POSITIVE"), NOT_MET),
        ({"status": "POSITIVE"}, ("status:POSITIVE",), MET),
        ({"ihc": "3+"}, ("status:POSITIVE",), MET),
        ({"status": "POSITIVE"}, ("expression>=30",), UNKNOWN),
        ({"expression_percent": 30}, ("expression>=30",), MET),
        ({"expression_percent": 29.5}, ("expression>=30",), NOT_MET),
        ({"ihc": "2+", "ish": "NEGATIVE"}, ("ihc>=2+",), MET),
        ({"membrane": "POSITIVE"}, ("membrane:POSITIVE",), MET),
        ({"status": "NEGATIVE"}, ("ihc:3+", "ihc:2+&ish:POSITIVE"), NOT_MET),
    ],
)
def test_her2_as_each_trial_defines_it(her2, definitions, expected):
    her2_fact = fact("HER2", name="her2", operator="IN", values=definitions)
    assert decide({"her2": her2}, her2_fact)[0] == expected


def test_ecog_in_listed_scores_and_ranges():
    listed = fact("ECOG", operator="IN", values=("0", "2"))
    assert decide({"ecog": 2}, listed)[0] == MET
    assert decide({"ecog": 1}, listed)[0] == NOT_MET
    span = fact("ECOG", operator="RANGE", value=0, value_max=1)
    assert decide({"ecog": 1}, span) == (MET, "ECOG 1 within 0–1")


def test_trial_verdicts_and_counts():
    patient = patient_from_profile({"labs": {"platelets": {"value": 100, "unit": "×10^9/L"}}})
    criteria = [("inclusion", 1), ("inclusion", 2)]
    consent = fact("PROCEDURAL", ordinal=2, operator="PRESENT")
    eligible = decide_trial(patient, criteria, [PLATELETS, consent])
    assert (eligible.verdict, eligible.met, eligible.not_met, eligible.unknown) == (
        ELIGIBLE,
        2,
        0,
        0,
    )
    possibly = decide_trial(patient, criteria + [("exclusion", 1)], [PLATELETS, consent])
    assert possibly.verdict == POSSIBLY_ELIGIBLE and possibly.unknown == 1
    assert possibly.criteria[2].reason.startswith("not understood")
    low = patient_from_profile({"labs": {"platelets": {"value": 10, "unit": "×10^9/L"}}})
    assert decide_trial(low, criteria, [PLATELETS, consent]).verdict == INELIGIBLE
    assert decide_trial(patient, [], []).verdict == POSSIBLY_ELIGIBLE


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"labs": {"platelets": {"value": 1, "unit": "furlongs"}}}, "labs.platelets.unit"),
        ({"labs": {"hemoglobin": {"value": 1, "unit": "mL/min"}}}, "labs.hemoglobin.unit"),
        ({"weight": {"value": 60, "unit": "parsec"}}, "weight.unit"),
        (
            {"time_since": {"vaccination": {"value": 1, "unit": "kg"}}},
            "time_since.vaccination.unit",
        ),
    ],
)
def test_unknown_or_unfit_units_name_the_field(profile, field):
    with pytest.raises(ProfileError) as raised:
        patient_from_profile(profile)
    assert raised.value.field == field
