"""Unit tests of the classic-layout parser, on small handcrafted pages (no database)."""

from __future__ import annotations

import pytest

from domain.records import (
    ContactRecord,
    DateRecord,
    InvestigatorRecord,
    OfficialRecord,
    ParseError,
    ResponsiblePartyRecord,
    SourceRecord,
    SponsorRecord,
)
from seed.layouts import classic
from seed.layouts.classic.arms import _parse_arms
from seed.layouts.classic.conditions import _parse_conditions
from seed.layouts.classic.design import _parse_design
from seed.layouts.classic.eligibility import _parse_eligibility
from seed.layouts.classic.more_information import _parse_more, _parse_terms
from seed.layouts.classic.outcomes import _parse_outcomes
from seed.layouts.classic.people import _parse_officials
from seed.layouts.classic.references import _parse_references
from seed.layouts.classic.sites import _parse_sites
from seed.layouts.classic.sponsors import _parse_sponsors, parse_responsible_party
from seed.layouts.classic.status import _parse_status

SOURCE = SourceRecord(document="t.txt", layout="classic", sha256="0" * 64)


def lines(text: str) -> list[str]:
    return text.strip("\n").split("\n")


def parse(text: str):
    return classic.parse(lines(text), SOURCE)


# --------------------------------------------------------------------------- status


def test_status_terminated_with_reason_on_same_line():
    out = _parse_status(
        lines("""
Recruitment Status : Terminated (Sponsor decision: lack of funding)
First Posted : May 3, 2012
Last Update Posted : June 1, 2014
""")
    )
    assert out["overall_status"] == "TERMINATED"
    assert out["why_stopped"] == "Sponsor decision: lack of funding"
    assert out["first_posted"] == "2012-05-03"
    assert out["last_update_posted"] == "2014-06-01"


def test_status_suspended_reason_on_next_line_and_unknown_status():
    out = _parse_status(lines("Recruitment Status :\nSuspended\n(Drug supply)\n"))
    assert (out["overall_status"], out["why_stopped"]) == ("SUSPENDED", "Drug supply")
    out = _parse_status(
        lines("""
Recruitment Status : Unknown
Verified June 2019 by Some University.
Recruitment status was: Active, not recruiting
""")
    )
    assert out["overall_status"] == "UNKNOWN"
    assert out["last_known_status"] == "ACTIVE_NOT_RECRUITING"
    assert out["last_verified"] == "2019-06"


# --------------------------------------------------------------------------- conditions


def test_conditions_table_row_spanning_lines_and_intervention_types():
    conditions, interventions, phases = _parse_conditions(
        lines("""
Condition or disease | Intervention/treatment | Phase |
---|---|---|
Breast Cancer Ovarian Cancer
Glioma | Drug: Placebo Device: Sham stimulator Dietary Supplement: Vitamin D Other: Usual care |
Phase 3 |
""")
    )
    assert conditions == ("Breast Cancer", "Ovarian Cancer", "Glioma")
    assert interventions == [
        ("Drug", "Placebo"),
        ("Device", "Sham stimulator"),
        ("Dietary Supplement", "Vitamin D"),
        ("Other", "Usual care"),
    ]
    assert phases == ("PHASE3",)


def test_conditions_table_observational_without_phase():
    conditions, interventions, phases = _parse_conditions(
        lines("""
Condition or disease |
---|
Healthy |
""")
    )
    assert conditions == ("Healthy",)
    assert interventions == []
    assert phases == ()


# --------------------------------------------------------------------------- design


def test_design_observational_with_unknown_row():
    out = _parse_design(
        lines("""
Study Type : | Observational [Patient Registry] |
Estimated Enrollment : | 1,200 participants |
Foo Bar: | baz |
Observational Model: | Cohort |
Time Perspective: | Prospective |
Official Title: | A Registry of Things |
Acronym: | ROT |
Actual Study Start Date : | January 15, 2020 |
Estimated Primary Completion Date : | December 2025 |
Study Completion Date : | 2026 |
""")
    )
    assert out["study_type"] == "OBSERVATIONAL"
    assert (out["enrollment"].count, out["enrollment"].type) == (1200, "ESTIMATED")
    assert out["design"] == {"observational_model": "COHORT", "time_perspective": "PROSPECTIVE"}
    assert (out["official_title"], out["acronym"]) == ("A Registry of Things", "ROT")
    assert out["dates"]["start"] == DateRecord("2020-01-15", "ACTUAL")
    assert out["dates"]["primary_completion"] == DateRecord("2025-12", "ESTIMATED")
    assert out["dates"]["completion"] == DateRecord("2026", None)


def test_design_masking_who_masked():
    out = _parse_design(
        lines("""
Allocation: | Randomized |
Intervention Model: | Crossover Assignment |
Masking: | Quadruple (Participant, Care Provider, Investigator, Outcomes Assessor) |
Primary Purpose: | Prevention |
""")
    )
    assert out["design"] == {
        "allocation": "RANDOMIZED",
        "intervention_model": "CROSSOVER",
        "masking": "QUADRUPLE",
        "who_masked": ("PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"),
        "primary_purpose": "PREVENTION",
    }


# --------------------------------------------------------------------------- arms

ARMS = """
Arm | Intervention/treatment |
---|---|
Experimental: High dose
Patients receive 200 mg daily.
|
Drug: Drugamab
200 mg by mouth
Other Names:
- DRG-001
- Drugamab-X
|
Placebo Comparator: Placebo
|
Drug: Placebo
Matching sugar pill |
Sham Comparator: Sham
|
Device: Sham stimulator
Inactive device |
No Intervention: Usual care
|
|
"""


def test_arms_placebo_sham_no_intervention_and_other_names():
    known = [("Drug", "Drugamab"), ("Drug", "Placebo"), ("Device", "Sham stimulator")]
    arms = _parse_arms(lines(ARMS), known)
    assert [(a["label"], a["type"]) for a in arms] == [
        ("High dose", "EXPERIMENTAL"),
        ("Placebo", "PLACEBO_COMPARATOR"),
        ("Sham", "SHAM_COMPARATOR"),
        ("Usual care", "NO_INTERVENTION"),
    ]
    assert arms[0]["description"] == "Patients receive 200 mg daily."
    drug = arms[0]["interventions"][0]
    assert (drug["name"], drug["description"]) == ("Drugamab", "200 mg by mouth")
    assert drug["other"] == ["DRG-001", "Drugamab-X"]
    assert arms[1]["interventions"][0]["description"] == "Matching sugar pill"
    assert arms[3]["interventions"] == []


def test_arms_run_together_interventions_split_on_known_names():
    known = [("Biological", "CAR-T cells"), ("Drug", "Fludarabine")]
    arms = _parse_arms(
        lines("""
Arm | Intervention/treatment |
---|---|
Experimental: CAR-T
|
Biological: CAR-T cells
Dose escalation: 1e6 cells/kg Drug: Fludarabine 30 mg/m2 on day -5 |
"""),
        known,
    )
    items = arms[0]["interventions"]
    assert [(i["type"], i["name"], i["description"]) for i in items] == [
        ("Biological", "CAR-T cells", "Dose escalation: 1e6 cells/kg"),
        ("Drug", "Fludarabine", "30 mg/m2 on day -5"),
    ]


def test_observational_cohorts_have_no_type():
    arms = _parse_arms(
        lines("""
Group/Cohort | Intervention/treatment |
---|---|
Cohort A: adults with asthma
Adults followed for 5 years
|
Other: Questionnaire |
Healthy controls
|
|
"""),
        [],
    )
    assert [(a["label"], a["type"]) for a in arms] == [
        ("Cohort A: adults with asthma", None),
        ("Healthy controls", None),
    ]
    assert arms[0]["description"] == "Adults followed for 5 years"
    assert arms[0]["interventions"][0]["name"] == "Questionnaire"


# --------------------------------------------------------------------------- outcomes


def test_outcomes_with_headings():
    out = _parse_outcomes(
        lines("""
Primary Outcome Measures :
- Overall survival [ Time Frame: 5 years ]
Secondary Outcome Measures :
- Quality of life [ Time Frame: 1 year ]EORTC QLQ-C30 score
Other Outcome Measures:
- Cost [ Time Frame: 2 years ]
""")
    )
    assert [(o.measure, o.type, o.time_frame, o.description) for o in out] == [
        ("Overall survival", "PRIMARY", "5 years", None),
        ("Quality of life", "SECONDARY", "1 year", "EORTC QLQ-C30 score"),
        ("Cost", "OTHER", "2 years", None),
    ]


def test_outcomes_without_heading_have_no_type():
    out = _parse_outcomes(lines("- Response [ Time Frame: 12 weeks ]RECIST 1.1"))
    assert out[0].type is None and out[0].description == "RECIST 1.1"


# --------------------------------------------------------------------------- eligibility


def test_eligibility_months_female_healthy_volunteers():
    out = _parse_eligibility(
        lines("""
Ages Eligible for Study: | 6 Months to 5 Years (Child) |
Sexes Eligible for Study: | Female |
Gender Based Eligibility: | Yes |
Accepts Healthy Volunteers: | Yes |
Sampling Method: | Probability Sample |
Inclusion Criteria:
- Age 6 months to 5 years \\> healthy
Exclusion Criteria:
- Fever
""")
    )
    assert (out.minimum_age, out.maximum_age) == ("6 Months", "5 Years")
    assert (out.minimum_age_years, out.maximum_age_years) == (0.5, 5.0)
    assert out.std_ages == ("CHILD",)
    assert out.sex == "FEMALE" and out.healthy_volunteers is True
    assert [c.text for c in out.inclusion] == ["Age 6 months to 5 years > healthy"]
    assert [c.text for c in out.exclusion] == ["Fever"]
    assert out.criteria_text == (
        "Inclusion Criteria:\n- Age 6 months to 5 years > healthy\nExclusion Criteria:\n- Fever"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("18 Years and older (Adult, Older Adult)", ("18 Years", None, ("ADULT", "OLDER_ADULT"))),
        ("up to 17 Years (Child)", (None, "17 Years", ("CHILD",))),
        ("Child, Adult, Older Adult", (None, None, ("CHILD", "ADULT", "OLDER_ADULT"))),
    ],
)
def test_eligibility_age_forms(value, expected):
    out = _parse_eligibility([f"Ages Eligible for Study: | {value} |"])
    assert (out.minimum_age, out.maximum_age, out.std_ages) == expected


# --------------------------------------------------------------------------- sites, people

SITES = """
Contact: Jane Roe, RN | 555-123-4567 | jane@example.org | |
United States, California | |
UCLA Medical Center | Recruiting |
Los Angeles, California, United States, 90095 |
Contact: John Doe, MD 310-555-0100 john@ucla.edu | |
Principal Investigator: John Doe, MD | |
Stanford Hospital | Not yet recruiting |
Stanford, California, United States, 94305 |
France | |
Hopital Saint-Louis | Completed |
Paris, France, 75010 |
Sub-Investigator: Marie Curie, PhD |
"""


def test_sites_two_countries_with_statuses():
    central, sites = _parse_sites(lines(SITES))
    assert central == (
        ContactRecord("Jane Roe", "RN", "CONTACT", "555-123-4567", "jane@example.org"),
    )
    assert [(s.facility, s.city, s.state, s.zip, s.country, s.status) for s in sites] == [
        (
            "UCLA Medical Center",
            "Los Angeles",
            "California",
            "90095",
            "United States",
            "RECRUITING",
        ),
        (
            "Stanford Hospital",
            "Stanford",
            "California",
            "94305",
            "United States",
            "NOT_YET_RECRUITING",
        ),
        ("Hopital Saint-Louis", "Paris", None, "75010", "France", "COMPLETED"),
    ]
    assert sites[0].contacts == (
        ContactRecord("John Doe", "MD", "CONTACT", "310-555-0100", "john@ucla.edu"),
    )
    assert sites[0].investigators == (
        InvestigatorRecord("John Doe", "MD", "PRINCIPAL_INVESTIGATOR"),
    )
    assert sites[2].investigators == (InvestigatorRecord("Marie Curie", "PhD", "SUB_INVESTIGATOR"),)


def test_officials_and_responsible_party():
    officials = _parse_officials(
        lines("""
Study Chair: | Ann Lee, MD, PhD | Big University |
Principal Investigator: | Bo Chan |
""")
    )
    assert officials == (
        OfficialRecord("Ann Lee", "MD, PhD", "STUDY_CHAIR", "Big University"),
        OfficialRecord("Bo Chan", None, "PRINCIPAL_INVESTIGATOR", None),
    )
    assert parse_responsible_party("Ann Lee, Professor, Big University, Boston") == (
        ResponsiblePartyRecord(None, "Ann Lee", "Professor", "Big University, Boston")
    )
    assert parse_responsible_party("Big University") == ResponsiblePartyRecord(
        name="Big University"
    )


def test_sponsors_and_collaborators():
    sponsors, provided_by = _parse_sponsors(
        lines("""
Sponsor: | Big Pharma Inc. |
Collaborators: |
National Cancer Institute (NCI) |
Small Biotech |
Information provided by (Responsible Party): | Big Pharma Inc. |
""")
    )
    assert sponsors == (
        SponsorRecord("Big Pharma Inc.", "LEAD"),
        SponsorRecord("National Cancer Institute (NCI)", "COLLABORATOR"),
        SponsorRecord("Small Biotech", "COLLABORATOR"),
    )
    assert provided_by == "Big Pharma Inc."


def test_references_by_heading():
    refs = _parse_references(
        lines("""
Publications:
Doe J. A trial. Lancet. 2010;1:1-2. PubMed ID: 12345678 |
Publications automatically indexed to this study by ClinicalTrials.gov Identifier (NCT Number):
Roe R. Results. BMJ. 2015. PMID: 87654321 |
""")
    )
    assert [(r.pmid, r.type) for r in refs] == [("12345678", "BACKGROUND"), ("87654321", "DERIVED")]


def test_terms_labelled_and_unlabelled():
    more = _parse_more(
        lines("""
Last Verified: | May 2020 |
Keywords provided by Big University: |
asthma inhaler |
Additional relevant MeSH terms: |
Asthma Lung Diseases |
""")
    )
    assert _parse_terms(more, ()) == (("asthma inhaler",), ("Asthma Lung Diseases",))
    more = _parse_more(lines("Plan to Share IPD: | No |\nasthma |\nAsthma |\nLung Diseases |"))
    assert _parse_terms(more, ()) == (("asthma",), ("Asthma", "Lung Diseases"))


# --------------------------------------------------------------------------- whole pages

PAGE = """
A Trial of Drugamab
![]() |
ClinicalTrials.gov Identifier: NCT01234567 |
Recruitment Status : Recruiting
First Posted : March 1, 2020
Last Update Posted : March 2, 2020
|
- Study Details
Brief Summary:
Drugamab is tested.
Detailed Description:
Long text.
Condition or disease | Intervention/treatment | Phase |
---|---|---|
Asthma | Drug: Drugamab Drug: Placebo | Phase 2 |
Study Type : | Interventional (Clinical Trial) |
Foo Bar: | baz |
Actual Enrollment : | 10 participants |
Arm | Intervention/treatment |
---|---|
Experimental: Drugamab
|
Drug: Drugamab
200 mg |
Placebo Comparator: Placebo
Sugar
"""


def test_truncated_in_arms_table_keeps_what_is_there():
    record = parse(PAGE)
    assert record.nct_id == "NCT01234567"
    assert record.brief_title == "A Trial of Drugamab"
    assert record.overall_status == "RECRUITING"
    assert record.conditions == ("Asthma",)
    assert record.brief_summary == "Drugamab is tested."
    assert record.detailed_description == "Long text."
    assert record.enrollment.count == 10 and record.study_type == "INTERVENTIONAL"
    assert [(a.label, a.type, a.description) for a in record.arms] == [
        ("Drugamab", "EXPERIMENTAL", None),
        ("Placebo", "PLACEBO_COMPARATOR", "Sugar"),
    ]
    assert [(i.name, i.arm_labels) for i in record.interventions] == [
        ("Drugamab", ("Drugamab",)),
        ("Placebo", ()),
    ]
    assert record.eligibility.inclusion == ()


def test_page_without_nct_id_is_a_parse_error():
    with pytest.raises(ParseError):
        classic.parse(["Some title", "Recruitment Status : Recruiting"], SOURCE)


def test_sites_with_the_same_facility_name_and_no_status():
    _, sites = _parse_sites(
        [
            "United States, Arizona | |",
            "Research Site | |",
            "Phoenix, Arizona, United States, 85040 |",
            "Research Site | |",
            "Tucson, Arizona, United States, 85719 |",
        ]
    )
    assert [(s.facility, s.city, s.state, s.country, s.zip) for s in sites] == [
        ("Research Site", "Phoenix", "Arizona", "United States", "85040"),
        ("Research Site", "Tucson", "Arizona", "United States", "85719"),
    ]


def test_country_names_with_a_comma():
    _, sites = _parse_sites(
        [
            "Korea, Republic of | |",
            "Seoul National University Hospital | Recruiting |",
            "Seoul, Korea, Republic of, 03080 |",
            "Iran, Islamic Republic of | |",
            "Tehran Heart Center | |",
            "Tehran, Iran, Islamic Republic of |",
        ]
    )
    assert [(s.facility, s.city, s.state, s.country, s.zip, s.status) for s in sites] == [
        ("Seoul National University Hospital", "Seoul", None, "Korea, Republic of", "03080",
         "RECRUITING"),
        ("Tehran Heart Center", "Tehran", None, "Iran, Islamic Republic of", None, None),
    ]  # fmt: skip
