"""The parts of the modern study detail page the five seeds do not show, one test each, on
small pages written as the page prints them (issue 12)."""

from __future__ import annotations

import pytest

from domain.records import (
    ContactRecord,
    DateRecord,
    EnrollmentRecord,
    InterventionRecord,
    InvestigatorRecord,
    SourceRecord,
    SponsorRecord,
)
from seed.layouts import modern
from tools.synth.modern_parts import FURNITURE as F

SOURCE = SourceRecord(document="t.txt", layout="modern", sha256="0" * 64)
TOP = ("A Study of Things", "NCT ID: NCT01234567", "Last Updated: 2024-01-25")


def parse(*blocks: str):
    return modern.parse("\n\n".join([*TOP, *blocks]).split("\n"), SOURCE)


def section(title: str, furniture: str, *blocks: str) -> str:
    return "\n\n".join([title, F[furniture], *blocks])


# --------------------------------------------------------------------------- results, status


@pytest.mark.parametrize(
    ("blocks", "posted"),
    [
        (("Study Results", "Results posted", "The study team has published ..."), True),
        (("Study Results", "Results pending", "The study team has not published ..."), False),
        ((), None),
    ],
)
def test_results_posted_says_the_study_results_section(blocks, posted):
    r = parse(*blocks, section("Basic Information", "basic", "Recruitment Status", "COMPLETED"))
    assert (r.has_results, r.overall_status) == (posted, "COMPLETED")


def test_status_with_its_reason_and_actual_or_estimated_values():
    r = parse(
        section(
            "Basic Information",
            "basic",
            *("Recruitment Status", "TERMINATED", "Why Stopped", "Sponsor decision (funding)"),
            *("Total Enrollment", "63 participants (Actual)", "Study Classification"),
            *("INTERVENTIONAL", "Study Start Date", "2016-03-15 (Actual)"),
            *("Study Completion Date", "2025-12 (Estimated)"),
        )
    )
    assert (r.overall_status, r.why_stopped) == ("TERMINATED", "Sponsor decision (funding)")
    assert r.enrollment == EnrollmentRecord(63, "ACTUAL")
    assert r.dates.start == DateRecord("2016-03-15", "ACTUAL")
    assert r.dates.completion == DateRecord("2025-12", "ESTIMATED")


def test_expanded_access():
    r = parse(
        section(
            "Basic Information",
            "basic",
            *("Expanded Access Status", "NO_LONGER_AVAILABLE"),
            *("Study Classification", "EXPANDED_ACCESS"),
        ),
        section(
            "Interventions",
            "interventions",
            "Thymus Tissue",
            "Cultured thymus tissue is implanted in the thigh.",
            "Intervention Type BIOLOGICAL",
            "Other Intervention Names",
            F["other_names"],
            "RVT-802",
            "Cyclosporine",
            "Intervention Type DRUG",
        ),
    )
    assert (r.overall_status, r.study_type, r.phases, r.arms) == (
        "NO_LONGER_AVAILABLE",
        "EXPANDED_ACCESS",
        (),
        (),
    )
    assert r.interventions == (
        InterventionRecord(
            "Thymus Tissue",
            "BIOLOGICAL",
            "Cultured thymus tissue is implanted in the thigh.",
            ("RVT-802",),
        ),
        InterventionRecord("Cyclosporine", "DRUG"),
    )


# --------------------------------------------------------------------------- observational

GROUPS = section(
    "Study Groups",
    "groups",
    "Blockade Group\nNerve blockade with 2% lidocaine",  # the description right below
    "Lidocaine injections",
    "Intervention Type DRUG",
    "1 ml of 2% lidocaine on each side",  # reads like a name: no group for all that
    "Placebo Group",
    "Saline injected on each side.",  # a sentence after a bare label: its description
    "Saline injections",
    "Intervention Type OTHER",
    "Healthy controls\nNo injection",
)
INTERVENTIONS = section(
    "Interventions",
    "interventions",
    "Lidocaine injections",
    "1 ml of 2% lidocaine on each side",
    "Intervention Type DRUG",
    "Saline injections",
    "Intervention Type OTHER",
)


def test_observational_groups_without_a_group_type_line():
    r = parse(
        section("Basic Information", "basic", "Study Classification", "OBSERVATIONAL"),
        section(
            "Study Design",
            "design",
            *("Observational Model", "CASE_CONTROL", "Time Perspective", "PROSPECTIVE"),
            *("Biospecimen Retention", "SAMPLES_WITH_DNA"),
            *("Biospecimen Description", "Whole blood and serum\nkept for ten years"),
            *("Target Follow-Up Duration", "6 Months"),
        ),
        GROUPS,
        INTERVENTIONS,
        section(
            "Eligibility Criteria",
            "eligibility",
            "Inclusion Criteria:\n- Migraine\nMinimum Eligible Age",
            "18 Years",
            "Standard Ages",
            "ADULT, OLDER_ADULT",
            "Study Population",
            "Patients with migraine\nseen at the clinic",
            "Sampling Method",
            "NON_PROBABILITY_SAMPLE",
        ),
    )
    d = r.design
    assert (d.observational_model, d.time_perspective) == ("CASE_CONTROL", "PROSPECTIVE")
    assert (d.bio_spec_retention, d.target_duration) == ("SAMPLES_WITH_DNA", "6 Months")
    assert d.bio_spec_description == "Whole blood and serum\nkept for ten years"
    assert [(a.label, a.type, a.description, a.interventions) for a in r.arms] == [
        ("Blockade Group", None, "Nerve blockade with 2% lidocaine", ("Lidocaine injections",)),
        ("Placebo Group", None, "Saline injected on each side.", ("Saline injections",)),
        ("Healthy controls", None, "No injection", ()),
    ]
    assert [(i.name, i.description, i.arm_labels) for i in r.interventions] == [
        ("Lidocaine injections", "1 ml of 2% lidocaine on each side", ("Blockade Group",)),
        ("Saline injections", None, ("Placebo Group",)),
    ]
    e = r.eligibility
    assert (e.study_population, e.sampling_method) == (
        "Patients with migraine\nseen at the clinic",
        "NON_PROBABILITY_SAMPLE",
    )
    assert (e.minimum_age, e.std_ages) == ("18 Years", ("ADULT", "OLDER_ADULT"))
    assert [c.text for c in e.inclusion] == ["Migraine"]


def test_ages_given_only_as_categories():
    e = parse(
        section("Eligibility Criteria", "eligibility", "Standard Ages", "CHILD, ADULT")
    ).eligibility
    assert (e.minimum_age, e.maximum_age, e.std_ages) == (None, None, ("CHILD", "ADULT"))


# --------------------------------------------------------------------------- sponsors, sites


def test_sponsor_and_collaborators():
    r = parse(
        section(
            "Sponsors",
            "sponsors",
            *("Macera therapeutics", "UNKNOWN", "Sponsor Role collaborator"),
            *("First People's Hospital of Hangzhou", "OTHER", "Sponsor Role lead"),
            *("National Cancer Institute (NCI)", "NIH", "Sponsor Role collaborator"),
        )
    )
    assert r.sponsors == (
        SponsorRecord("Macera therapeutics", "COLLABORATOR", "UNKNOWN"),
        SponsorRecord("First People's Hospital of Hangzhou", "LEAD", "OTHER"),
        SponsorRecord("National Cancer Institute (NCI)", "COLLABORATOR", "NIH"),
    )


LOCATIONS = section(
    "Locations",
    "locations",
    "Houston, Texas, 77030, United States",
    "Site Status RECRUITING",
    "John Doe, MD",
    "Role: CONTACT",
    "713-555-0100 ext 12",
    "john@example.org",
    "Jane Roe",
    "Role: BACKUP",
    "John Doe, MD",
    "Role: PRINCIPAL_INVESTIGATOR",
    "Research Site",
    "San Antonio, Texas, 78229, United States",
    "Site Status",
    "Research Site",
    "San Antonio, Texas, 78229, United States",
    "Site Status COMPLETED",
    "Seoul, Korea, Republic of",
    "Site Status NOT_YET_RECRUITING",
)
COUNTRIES = section("Countries", "countries", "United States", "Korea, Republic of")


def test_sites_without_facility_names_with_statuses_and_contacts():
    r = parse(LOCATIONS, COUNTRIES)
    assert [(s.facility, s.city, s.state, s.zip, s.country, s.status) for s in r.locations] == [
        (None, "Houston", "Texas", "77030", "United States", "RECRUITING"),
        ("Research Site", "San Antonio", "Texas", "78229", "United States", None),
        ("Research Site", "San Antonio", "Texas", "78229", "United States", "COMPLETED"),
        (None, "Seoul", None, None, "Korea, Republic of", "NOT_YET_RECRUITING"),
    ]
    houston = r.locations[0]
    assert houston.contacts == (
        ContactRecord("John Doe", "MD", "CONTACT", "713-555-0100", "john@example.org", "12"),
        ContactRecord("Jane Roe", None, "BACKUP"),
    )
    assert houston.investigators == (
        InvestigatorRecord("John Doe", "MD", "PRINCIPAL_INVESTIGATOR"),
    )


# --------------------------------------------------------------------------- cut off


def test_a_page_cut_off_keeps_what_is_before_and_nothing_after():
    cut = LOCATIONS[
        : LOCATIONS.index(
            "Research Site\n\nSan Antonio, Texas, 78229, United States\n\nSite Status COMPLETED"
        )
    ]
    r = parse(GROUPS, INTERVENTIONS, cut)
    whole = parse(GROUPS, INTERVENTIONS, LOCATIONS, COUNTRIES)
    assert r.locations == whole.locations[:2]
    assert r.arms == whole.arms and r.interventions == whole.interventions
    assert (r.contacts, r.references, r.org_study_id) == ((), (), None)


def test_a_page_cut_off_in_the_groups_takes_no_intervention_for_a_group():
    cut = GROUPS[: GROUPS.index("Placebo Group")]
    r = parse(cut)
    assert [(a.label, a.interventions) for a in r.arms] == [
        ("Blockade Group", ("Lidocaine injections",)),
    ]
    [item] = r.interventions
    assert (item.name, item.type) == ("Lidocaine injections", "DRUG")
