"""The parts of the classic record page the five seeds do not show, one test each, on small
pages written as the page prints them (issue 12)."""

from __future__ import annotations

import pytest

from domain.records import (
    ContactRecord,
    DateRecord,
    EnrollmentRecord,
    InterventionRecord,
    InvestigatorRecord,
    LocationRecord,
    OrganizationRecord,
    ResponsiblePartyRecord,
    SourceRecord,
    SponsorRecord,
)
from seed.layouts import classic

SOURCE = SourceRecord(document="t.txt", layout="classic", sha256="0" * 64)
TOP = """A Trial of Things
![]() |
ClinicalTrials.gov Identifier: NCT01234567 |"""
TABS = """|
- Study Details
- Tabular View
- No Results Posted
- Disclaimer
- How to Read a Study Record"""


def parse(*blocks: str):
    return classic.parse("\n".join([TOP, *blocks]).split("\n"), SOURCE)


# --------------------------------------------------------------------------- header block


def test_header_block_sponsor_collaborators_and_who_provided_the_information():
    r = parse(
        "Recruitment Status : Recruiting\nFirst Posted : March 1, 2020",
        "Sponsor:\nBig University, Boston",
        "Collaborators:\nNational Cancer Institute (NCI)\nSmall Biotech",
        "Information provided by (Responsible Party):\nJeffrey Chang, MD, Big University, Boston",
        TABS,
        "Sponsor: | Big University, Boston |",  # the same names again, further down
        "Collaborators: |\nNational Cancer Institute (NCI) |\nSmall Biotech |",
        "Responsible Party: | Jeffrey Chang, MD, Professor of Medicine, Big University, Boston |",
    )
    assert r.sponsors == (
        SponsorRecord("Big University, Boston", "LEAD"),
        SponsorRecord("National Cancer Institute (NCI)", "COLLABORATOR"),
        SponsorRecord("Small Biotech", "COLLABORATOR"),
    )
    # the commas inside the name and the affiliation are told apart by the two renderings
    assert r.responsible_party == ResponsiblePartyRecord(
        None, "Jeffrey Chang, MD", "Professor of Medicine", "Big University, Boston"
    )
    assert r.organization is None and r.overall_status == "RECRUITING"


def test_header_block_one_collaborator_and_the_sponsor_responsible():
    r = parse(
        "Recruitment Status : Completed",
        "Sponsor:\nAcme Pharma",
        "Collaborator:\nFudan University",
        "Information provided by (Responsible Party):\nAcme Pharma",
        TABS,
    )
    assert [(s.name, s.role) for s in r.sponsors] == [
        ("Acme Pharma", "LEAD"),
        ("Fudan University", "COLLABORATOR"),
    ]
    assert r.responsible_party == ResponsiblePartyRecord(type="SPONSOR")


def test_information_provided_by_without_a_responsible_party_is_the_organization():
    r = parse(
        "Recruitment Status : Completed",
        "Sponsor:\nNational Cancer Institute (NCI)",
        "Information provided by:\nNational Cancer Institute (NCI)",
        TABS,
    )
    assert r.organization == OrganizationRecord("National Cancer Institute (NCI)")
    assert r.responsible_party is None


# --------------------------------------------------------------------------- status, results


@pytest.mark.parametrize(
    ("tab", "posted"),
    [("- Study Results", True), ("- No Results Posted", False), (None, None)],
)
def test_results_posted_says_the_tab_list(tab, posted):
    tabs = TABS.replace("- No Results Posted", tab) if tab else "|"
    assert parse("Recruitment Status : Completed", tabs).has_results is posted


@pytest.mark.parametrize(
    ("lines", "status", "why"),
    [
        ("Recruitment Status : Terminated (Sponsor decision: lack of funding)", "TERMINATED",
         "Sponsor decision: lack of funding"),
        ("Recruitment Status :\nWithdrawn\n(No participants enrolled)", "WITHDRAWN",
         "No participants enrolled"),
        ("Recruitment Status :\nSuspended\n(Drug supply (temporary))", "SUSPENDED",
         "Drug supply (temporary)"),
        ("Recruitment Status : Completed", "COMPLETED", None),
    ],
)  # fmt: skip
def test_a_status_with_its_reason_in_parentheses(lines, status, why):
    r = parse(lines, "Sponsor:\nAcme (Europe)", TABS)  # a name in parentheses is no reason
    assert (r.overall_status, r.why_stopped) == (status, why)
    assert r.sponsors == (SponsorRecord("Acme (Europe)", "LEAD"),)


def test_actual_and_estimated_enrollment_and_dates():
    r = parse(
        "Recruitment Status : Active, not recruiting",
        TABS,
        "Study Type : | Interventional (Clinical Trial) |",
        "Actual Enrollment : | 1,206 participants |",
        "Actual Study Start Date : | March 15, 2016 |",
        "Actual Primary Completion Date : | July 2019 |",
        "Estimated Study Completion Date : | December 2025 |",
    )
    assert r.enrollment == EnrollmentRecord(1206, "ACTUAL")
    assert r.dates.start == DateRecord("2016-03-15", "ACTUAL")
    assert r.dates.primary_completion == DateRecord("2019-07", "ACTUAL")
    assert r.dates.completion == DateRecord("2025-12", "ESTIMATED")
    assert parse("Estimated Enrollment : | 30 participants |").enrollment == EnrollmentRecord(
        30, "ESTIMATED"
    )


# --------------------------------------------------------------------------- expanded access


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Available", "AVAILABLE"),
        ("No longer available", "NO_LONGER_AVAILABLE"),
        ("Temporarily not available", "TEMPORARILY_NOT_AVAILABLE"),
        ("Approved for marketing", "APPROVED_FOR_MARKETING"),
    ],
)
def test_expanded_access(written, status):
    r = parse(
        f"Expanded Access Status : {written}\nFirst Posted : October 15, 2010",
        TABS,
        "Condition or disease | Intervention/treatment |\n---|---|",
        "DiGeorge Syndrome | Biological: Thymus Tissue\nDrug: Cyclosporine |",
        "Study Type : | Expanded Access |",
        "Official Title: | Thymus Transplantation in DiGeorge Syndrome |",
        "Intervention Details:",
        "Biological: Thymus Tissue\nCultured thymus tissue is implanted in the thigh.",
        "Other Name: RVT-802",
        "Drug: Cyclosporine",
        "Choosing to participate in a study is an important personal decision.",
        "Ages Eligible for Study: | up to 2 Years (Child) |",
    )
    assert (r.overall_status, r.study_type, r.phases, r.arms) == (status, "EXPANDED_ACCESS", (), ())
    assert r.dates.first_posted == "2010-10-15"
    assert r.interventions == (
        InterventionRecord(
            "Thymus Tissue",
            "BIOLOGICAL",
            "Cultured thymus tissue is implanted in the thigh.",
            ("RVT-802",),
        ),
        InterventionRecord("Cyclosporine", "DRUG"),
    )
    assert (r.eligibility.maximum_age, r.eligibility.std_ages) == ("2 Years", ("CHILD",))


# --------------------------------------------------------------------------- observational


def test_observational_study():
    r = parse(
        "Recruitment Status : Recruiting",
        TABS,
        "Condition or disease | Intervention/treatment |\n---|---|",
        "Migraine | Drug: Lidocaine injections\nOther: Saline injections |",
        "Study Type : | Observational |",
        "Estimated Enrollment : | 84 participants |",
        "Observational Model: | Case-Control |",
        "Time Perspective: | Prospective |",
        "Biospecimen Retention: | Samples With DNA |",
        "Biospecimen Description: | Whole blood and serum,\nkept for ten years |",
        "Target Follow-Up Duration: | 6 Months |",
        "Group/Cohort | Intervention/treatment |\n---|---|",
        "Blockade Group\nNerve blockade with 2% lidocaine\n|",
        "Drug: Lidocaine injections\n1 ml of 2% lidocaine on each side |",
        "Placebo Group\n|\nOther: Saline injections |",
        "Healthy controls\nNo injection\n|\n|",
        "Choosing to participate in a study is an important personal decision.",
        "Ages Eligible for Study: | 18 Years and older (Adult, Older Adult) |",
        "Sexes Eligible for Study: | All |",
        "Accepts Healthy Volunteers: | Yes |",
        "Sampling Method: | Non-Probability Sample |",
        "Study Population: | Patients with migraine seen at the clinic\nin 2018 and 2019 |",
        "Inclusion Criteria:\n- Migraine for more than 1 year\nExclusion Criteria:\n- Pregnancy",
    )
    d = r.design
    assert (r.study_type, r.phases) == ("OBSERVATIONAL", ())
    assert (d.observational_model, d.time_perspective) == ("CASE_CONTROL", "PROSPECTIVE")
    assert (d.bio_spec_retention, d.target_duration) == ("SAMPLES_WITH_DNA", "6 Months")
    assert d.bio_spec_description == "Whole blood and serum,\nkept for ten years"
    assert [(a.label, a.type, a.description, a.interventions) for a in r.arms] == [
        ("Blockade Group", None, "Nerve blockade with 2% lidocaine", ("Lidocaine injections",)),
        ("Placebo Group", None, None, ("Saline injections",)),
        ("Healthy controls", None, "No injection", ()),
    ]
    assert [(i.name, i.type, i.arm_labels) for i in r.interventions] == [
        ("Lidocaine injections", "DRUG", ("Blockade Group",)),
        ("Saline injections", "OTHER", ("Placebo Group",)),
    ]
    e = r.eligibility
    assert e.sampling_method == "NON_PROBABILITY_SAMPLE"
    assert e.study_population == "Patients with migraine seen at the clinic\nin 2018 and 2019"
    assert [c.text for c in e.inclusion] == ["Migraine for more than 1 year"]
    assert [c.text for c in e.exclusion] == ["Pregnancy"]


def test_ages_given_only_as_categories():
    r = parse(
        "Choosing to participate in a study is an important personal decision.",
        "Ages Eligible for Study: | Child, Adult, Older Adult |",
        "Sexes Eligible for Study: | Female |",
    )
    e = r.eligibility
    assert (e.minimum_age, e.maximum_age, e.minimum_age_years) == (None, None, None)
    assert e.std_ages == ("CHILD", "ADULT", "OLDER_ADULT") and e.sex == "FEMALE"


# --------------------------------------------------------------------------- sites

SITES = """To learn more about this study, you or your doctor may contact the study research staff.
Please refer to this study by its ClinicalTrials.gov identifier (NCT number): NCT01234567
Contact: Jane Roe, RN | 555-123-4567 ext 12 | jane@example.org | |
United States, Texas | |
Houston, Texas, United States, 77030 | Recruiting |
Contact: John Doe, MD 713-555-0100 john@example.org | |
Principal Investigator: John Doe, MD | |
Dallas, Texas, United States | Not yet recruiting |
Research Site | |
San Antonio, Texas, United States, 78229 |
Research Site | Completed |
San Antonio, Texas, United States, 78229 |
Korea, Republic of | |
Seoul, Korea, Republic of | |
Japan | |
Tokai University School of Medicine | |
Isehara City, Kanagawa, Japan, 259-1193 |
Sponsor: | Acme Pharma |"""


def test_sites_without_facility_names_under_headings_with_statuses_and_contacts():
    r = parse(SITES)
    assert r.contacts == (
        ContactRecord("Jane Roe", "RN", "CONTACT", "555-123-4567", "jane@example.org", "12"),
    )
    assert [(s.facility, s.city, s.state, s.zip, s.country, s.status) for s in r.locations] == [
        (None, "Houston", "Texas", "77030", "United States", "RECRUITING"),
        (None, "Dallas", "Texas", None, "United States", "NOT_YET_RECRUITING"),
        ("Research Site", "San Antonio", "Texas", "78229", "United States", None),
        ("Research Site", "San Antonio", "Texas", "78229", "United States", "COMPLETED"),
        (None, "Seoul", None, None, "Korea, Republic of", None),
        # a heading without a state: what comes before the country is the city
        ("Tokai University School of Medicine", "Isehara City, Kanagawa", None, "259-1193",
         "Japan", None),
    ]  # fmt: skip
    houston = r.locations[0]
    assert houston.contacts == (
        ContactRecord("John Doe", "MD", "CONTACT", "713-555-0100", "john@example.org"),
    )
    assert houston.investigators == (
        InvestigatorRecord("John Doe", "MD", "PRINCIPAL_INVESTIGATOR"),
    )
    assert r.sponsors == (SponsorRecord("Acme Pharma", "LEAD"),)


# --------------------------------------------------------------------------- cut off


def test_a_page_cut_off_in_the_sites_keeps_what_is_before_and_nothing_after():
    whole = parse(
        "Recruitment Status : Recruiting",
        "Sponsor:\nAcme Pharma",
        "Information provided by (Responsible Party):\nAnn Lee, Acme Pharma",
        TABS,
        SITES,
        "Responsible Party: | Ann Lee, Director, Acme Pharma |",
        "Other Study ID Numbers: |\nACME-001 |",
    )
    text = "\n".join([TOP, "Recruitment Status : Recruiting", "Sponsor:\nAcme Pharma"])
    text += "\nInformation provided by (Responsible Party):\nAnn Lee, Acme Pharma\n" + TABS
    cut = SITES[: SITES.index("Research Site | Completed")]
    r = classic.parse(f"{text}\n{cut}".split("\n"), SOURCE)
    assert r.locations == whole.locations[:3]
    assert r.sponsors == whole.sponsors == (SponsorRecord("Acme Pharma", "LEAD"),)
    # the header block names the party and its affiliation; the title was further down
    assert whole.responsible_party == ResponsiblePartyRecord(
        None, "Ann Lee", "Director", "Acme Pharma"
    )
    assert r.responsible_party == ResponsiblePartyRecord(None, "Ann Lee", None, "Acme Pharma")
    assert (r.org_study_id, r.officials, r.references) == (None, (), ())
    assert whole.org_study_id == "ACME-001"


def test_a_page_cut_after_a_heading_and_a_facility_line():
    r = parse(
        "Please refer to this study by its ClinicalTrials.gov identifier (NCT number): NCT01234567",
        "Austria | |\nLKH Graz | |\nGraz, Austria |\nBelgium | |\n1504 | |",
    )
    assert [(s.facility, s.city, s.country) for s in r.locations] == [
        ("LKH Graz", "Graz", "Austria"),
        ("1504", None, "Belgium"),
    ]
    assert r.locations[1] == LocationRecord(facility="1504", country="Belgium")
