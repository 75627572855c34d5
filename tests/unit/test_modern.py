"""The modern layout parser: section functions and whole handcrafted pages (no database)."""

from __future__ import annotations

import json

import pytest

from domain.records import (
    ContactRecord,
    CriterionRecord,
    DateRecord,
    InvestigatorRecord,
    ParseError,
    SourceRecord,
    SponsorRecord,
    to_dict,
)
from seed.layouts import modern
from seed.layouts.modern.basic_information import _parse_basic_information
from seed.layouts.modern.design import _parse_study_design
from seed.layouts.modern.eligibility import _parse_eligibility
from seed.layouts.modern.groups import parse_groups
from seed.layouts.modern.identifiers import _parse_identifiers
from seed.layouts.modern.interventions import parse_interventions
from seed.layouts.modern.lines import Line
from seed.layouts.modern.outcomes import _parse_outcomes
from seed.layouts.modern.people import _parse_contacts, _parse_officials, name_and_degrees
from seed.layouts.modern.references import _parse_references
from seed.layouts.modern.sections import split_sections
from seed.layouts.modern.sites import _parse_sites, split_address
from seed.layouts.modern.sponsors import _parse_responsible_party, _parse_sponsors
from seed.parse import parse_document
from tests.support.paths import DOCUMENTS

SOURCE = SourceRecord(document="test.txt", layout="modern", sha256="0" * 64)

F_BASIC = (
    "Get a concise snapshot of the trial, including recruitment status, study phase, "
    "enrollment targets, and key timeline milestones."
)
F_SUMMARY = (
    "Review the sponsor-provided synopsis that highlights what the study is about and why it "
    "is being conducted."
)
F_CONDITIONS = (
    "See the medical conditions and disease areas that this research is targeting or investigating."
)
F_DESIGN = (
    "Understand how the trial is structured, including allocation methods, masking "
    "strategies, primary purpose, and other design elements."
)
F_GROUPS = (
    "Review each arm or cohort in the study, along with the interventions and objectives "
    "associated with them."
)
F_INTERVENTIONS = (
    "Learn about the drugs, procedures, or behavioral strategies being tested and how they are "
    "applied within this trial."
)
F_OTHER_NAMES = (
    "Discover alternative or legacy names that may be used to describe the listed "
    "interventions across different sources."
)
F_ELIGIBILITY = (
    "Check the participation requirements, including inclusion and exclusion rules, age "
    "limits, and whether healthy volunteers are accepted."
)
F_SPONSORS = (
    "Meet the organizations funding or collaborating on the study and learn about their roles."
)
F_LOCATIONS = (
    "Explore where the study is taking place and check the recruitment status at each "
    "participating site."
)
F_COUNTRIES = "Review the countries where the study has at least one active or historical site."
F_RELATED = "Additional clinical trials that may be relevant based on similarity analysis."


def lines_of(*blocks: str) -> list[Line]:
    """Section body lines from blocks separated by blank lines (a block may hold new lines)."""
    text = "\n\n".join(blocks)
    return [Line(i, raw.strip(), raw.rstrip()) for i, raw in enumerate(text.split("\n"), 1)]


def page(*blocks: str) -> list[str]:
    return "\n\n".join(blocks).split("\n")


# --------------------------------------------------------------------------- whole pages

RANDOMIZED = page(
    "A Randomized Trial of Drug X in Women",
    "NCT ID: NCT01234567",
    "Last Updated: 2021-06-30",
    "Study Results",
    "Results pending",
    "The study team has not published outcome measurements, participant flow, or safety data "
    "for this trial yet. Check back later for updates.",
    "Basic Information",
    F_BASIC,
    "Recruitment Status",
    "TERMINATED",
    "Why Stopped",
    "Sponsor decision: slow accrual",
    "Clinical Phase",
    "PHASE2/PHASE3",
    "Total Enrollment",
    "48 participants (Actual)",
    "Study Classification",
    "INTERVENTIONAL",
    "Study Start Date",
    "2019-03 (Actual)",
    "Primary Completion Date",
    "2020-11-15 (Actual)",
    "Study Completion Date",
    "2021-01-31 (Estimated)",
    "Official Title",
    "A Phase 2/3, Randomized, Double-blind Study of Drug X Versus Placebo",
    "Acronym",
    "DRUGX-2",
    "Brief Summary",
    F_SUMMARY,
    "Drug X is given with 10\\^9 cells.",
    "A second paragraph.",
    "Conditions",
    F_CONDITIONS,
    "Breast Cancer",
    "Ovarian Cancer",
    "Trial Highlights",
    "Browse the key highlights of this study at a glance.",
    "Fast track designation",
    "NCT09999999",
    "Study Design",
    F_DESIGN,
    "Allocation Method",
    "RANDOMIZED",
    "Intervention Model",
    "PARALLEL",
    "Primary Study Purpose",
    "TREATMENT",
    "Blinding Strategy",
    "DOUBLE",
    "Who Is Blinded",
    "PARTICIPANT, INVESTIGATOR",
    "Study Groups",
    F_GROUPS,
    "Drug X arm",
    "Participants receive Drug X and Drug Y daily.",
    "Group Type EXPERIMENTAL",
    "Drug X",
    "Intervention Type DRUG",
    "Drug X 10 mg orally once daily",
    "Drug Y",
    "Intervention Type DRUG",
    "Drug Y 5 mg orally once daily",
    "Placebo arm",
    "Participants receive matching placebos.",
    "Group Type PLACEBO_COMPARATOR",
    "Placebo for X",
    "Intervention Type DRUG",
    "Tablet matching Drug X",
    "Drug Y",
    "Intervention Type DRUG",
    "Drug Y 5 mg orally once daily",
    "Interventions",
    F_INTERVENTIONS,
    "Drug X",
    "Drug X 10 mg orally once daily",
    "Intervention Type DRUG",
    "Other Intervention Names",
    F_OTHER_NAMES,
    "DX-101",
    "Drug Y",
    "Drug Y 5 mg orally once daily",
    "Intervention Type DRUG",
    "Placebo for X",
    "Tablet matching Drug X",
    "Intervention Type DRUG",
    "Primary Outcomes",
    "Review the main measurements used to judge whether this study met its goals.",
    "Progression-free survival",
    "Time from randomization to progression or death.",
    "Time Frame: 24 months",
    "Secondary Outcomes",
    "Overall survival",
    "Time Frame: 36 months",
    "Adverse events",
    "Participants with grade 3 or higher adverse events.",
    "Time Frame: 30 days after the last dose",
    "Eligibility Criteria",
    F_ELIGIBILITY,
    "Inclusion Criteria",
    "1. Women aged 18 or older\n2. HER2 \\> 2+",
    "Exclusion Criteria",
    "1. Pregnancy\n2. Prior Drug X\nMinimum Eligible Age",
    "18 Years",
    "Eligible Sex",
    "FEMALE",
    "Accepts Healthy Volunteers",
    "Yes",
    "Standard Ages",
    "ADULT, OLDER_ADULT",
    "Sponsors",
    F_SPONSORS,
    "Pharma Inc",
    "INDUSTRY",
    "Sponsor Role lead",
    "University Hospital",
    "OTHER",
    "Sponsor Role collaborator",
    "National Cancer Institute (NCI)",
    "NIH",
    "Sponsor Role collaborator",
    "Locations",
    F_LOCATIONS,
    "Mayo Clinic",
    "Rochester, Minnesota, 55905, United States",
    "Site Status RECRUITING",
    "Jane Roe, MD",
    "Role: CONTACT",
    "+1 507 555 0100",
    "jane.roe@example.org",
    "John Doe, MD, PhD",
    "Role: PRINCIPAL_INVESTIGATOR",
    "Dana-Farber Cancer Institute",
    "Boston, Massachusetts 02215, United States",
    "Site Status",
    "COMPLETED",
    "Hopital Saint-Louis",
    "Paris, 75010, France",
    "Site Status WITHDRAWN",
    "Countries",
    F_COUNTRIES,
    "United States",
    "France",
    "More Related Trials",
    F_RELATED,
    "Another Trial\nNCT04691349 UNKNOWN EARLY_PHASE1\nYet Another\nNCT03196830 UNKNOWN PHASE2",
)


@pytest.fixture(scope="module")
def randomized():
    return modern.parse(RANDOMIZED, SOURCE)


def test_header_and_basic_information(randomized):
    r = randomized
    assert r.nct_id == "NCT01234567"
    assert r.brief_title == "A Randomized Trial of Drug X in Women"
    assert r.overall_status == "TERMINATED"
    assert r.why_stopped == "Sponsor decision: slow accrual"
    assert r.phases == ("PHASE2", "PHASE3")
    assert (r.enrollment.count, r.enrollment.type) == (48, "ACTUAL")
    assert r.study_type == "INTERVENTIONAL"
    assert r.dates.start == DateRecord("2019-03", "ACTUAL")
    assert r.dates.primary_completion == DateRecord("2020-11-15", "ACTUAL")
    assert r.dates.completion == DateRecord("2021-01-31", "ESTIMATED")
    assert r.dates.last_update_posted == "2021-06-30"
    assert r.official_title.startswith("A Phase 2/3, Randomized")
    assert r.acronym == "DRUGX-2"
    assert r.brief_summary == "Drug X is given with 10^9 cells.\nA second paragraph."
    assert r.conditions == ("Breast Cancer", "Ovarian Cancer")


def test_unknown_section_is_skipped_and_related_trials_do_not_leak(randomized):
    dumped = json.dumps(to_dict(randomized))
    assert "Fast track" not in dumped and "NCT09999999" not in dumped
    assert "NCT04691349" not in dumped and "NCT03196830" not in dumped
    assert "Another Trial" not in dumped
    assert randomized.design.allocation == "RANDOMIZED"  # the section after it still parses


def test_design(randomized):
    d = randomized.design
    assert (d.allocation, d.intervention_model, d.primary_purpose) == (
        "RANDOMIZED",
        "PARALLEL",
        "TREATMENT",
    )
    assert d.masking == "DOUBLE"
    assert d.who_masked == ("PARTICIPANT", "INVESTIGATOR")


def test_two_groups_with_two_interventions_each(randomized):
    arms = {a.label: a for a in randomized.arms}
    assert list(arms) == ["Drug X arm", "Placebo arm"]
    assert arms["Drug X arm"].type == "EXPERIMENTAL"
    assert arms["Drug X arm"].description == "Participants receive Drug X and Drug Y daily."
    assert arms["Drug X arm"].interventions == ("Drug X", "Drug Y")
    assert arms["Placebo arm"].type == "PLACEBO_COMPARATOR"
    assert arms["Placebo arm"].description == "Participants receive matching placebos."
    assert arms["Placebo arm"].interventions == ("Placebo for X", "Drug Y")
    ints = {i.name: i for i in randomized.interventions}
    assert list(ints) == ["Drug X", "Drug Y", "Placebo for X"]
    assert ints["Drug X"].other_names == ("DX-101",)
    assert ints["Drug X"].description == "Drug X 10 mg orally once daily"
    assert ints["Drug Y"].other_names == ()
    assert ints["Drug Y"].arm_labels == ("Drug X arm", "Placebo arm")
    assert ints["Placebo for X"].arm_labels == ("Placebo arm",)
    assert ints["Placebo for X"].type == "DRUG"


def test_outcomes(randomized):
    out = [(o.type, o.measure, o.time_frame, o.description) for o in randomized.outcomes]
    assert out == [
        (
            "PRIMARY",
            "Progression-free survival",
            "24 months",
            "Time from randomization to progression or death.",
        ),
        ("SECONDARY", "Overall survival", "36 months", None),
        (
            "SECONDARY",
            "Adverse events",
            "30 days after the last dose",
            "Participants with grade 3 or higher adverse events.",
        ),
    ]


def test_eligibility_female_healthy_volunteers(randomized):
    e = randomized.eligibility
    assert e.sex == "FEMALE"
    assert e.healthy_volunteers is True
    assert e.minimum_age == "18 Years" and e.minimum_age_years == 18.0
    assert e.maximum_age is None and e.maximum_age_years is None
    assert e.std_ages == ("ADULT", "OLDER_ADULT")
    assert [c.text for c in e.inclusion] == ["Women aged 18 or older", "HER2 > 2+"]
    assert [c.text for c in e.exclusion] == ["Pregnancy", "Prior Drug X"]
    assert "Minimum Eligible Age" not in e.criteria_text
    assert e.criteria_text.startswith("Inclusion Criteria\n1. Women aged 18 or older\n2. HER2 > 2+")


def test_sponsors_and_collaborators(randomized):
    assert randomized.sponsors == (
        SponsorRecord("Pharma Inc", "LEAD", "INDUSTRY"),
        SponsorRecord("University Hospital", "COLLABORATOR", "OTHER"),
        SponsorRecord("National Cancer Institute (NCI)", "COLLABORATOR", "NIH"),
    )


def test_sites_in_two_countries(randomized):
    sites = randomized.locations
    rows = [(s.facility, s.city, s.state, s.zip, s.country, s.status) for s in sites]
    assert rows == [
        ("Mayo Clinic", "Rochester", "Minnesota", "55905", "United States", "RECRUITING"),
        (
            "Dana-Farber Cancer Institute",
            "Boston",
            "Massachusetts",
            "02215",
            "United States",
            "COMPLETED",
        ),
        ("Hopital Saint-Louis", "Paris", None, "75010", "France", "WITHDRAWN"),
    ]
    assert sites[0].contacts == (
        ContactRecord("Jane Roe", "MD", "CONTACT", "+1 507 555 0100", "jane.roe@example.org"),
    )
    assert sites[0].investigators == (
        InvestigatorRecord("John Doe", "MD, PhD", "PRINCIPAL_INVESTIGATOR"),
    )
    assert sites[1].contacts == () and sites[2].investigators == ()


OBSERVATIONAL = page(
    "Natural History of Disease Z in Children",
    "NCT ID: NCT07654321",
    "Last Updated: 2022-10-01",
    "Basic Information",
    F_BASIC,
    "Recruitment Status",
    "RECRUITING",
    "Total Enrollment",
    "200 participants",
    "Study Classification",
    "OBSERVATIONAL",
    "Study Start Date",
    "2022-01-15",
    "Conditions",
    F_CONDITIONS,
    "Disease Z",
    "Study Design",
    F_DESIGN,
    "Observational Model",
    "COHORT",
    "Time Perspective",
    "PROSPECTIVE",
    "Study Groups",
    F_GROUPS,
    "Affected children",
    "Children with genetically confirmed Disease Z.",
    "Blood draw",
    "Intervention Type PROCEDURE",
    "Blood samples every 6 months.",
    "Healthy siblings",
    "Unaffected siblings of enrolled children.",
    "Eligibility Criteria",
    F_ELIGIBILITY,
    "Inclusion Criteria",
    "* Genetically confirmed Disease Z\n* Age 6 months to 17 years",
    "Exclusion Criteria",
    "* Prior gene therapy\nMinimum Eligible Age",
    "6 Months",
    "Maximum Eligible Age",
    "17 Years",
    "Eligible Sex",
    "ALL",
    "Accepts Healthy Volunteers",
    "Yes",
)


def test_observational_cohorts_without_group_type():
    r = modern.parse(OBSERVATIONAL, SOURCE)
    assert r.study_type == "OBSERVATIONAL"
    assert r.phases == ()
    assert (r.enrollment.count, r.enrollment.type) == (200, None)
    assert r.dates.start == DateRecord("2022-01-15", None)
    assert (r.design.observational_model, r.design.time_perspective) == ("COHORT", "PROSPECTIVE")
    assert r.design.allocation is None and r.design.masking is None
    assert [(a.label, a.type, a.description, a.interventions) for a in r.arms] == [
        (
            "Affected children",
            None,
            "Children with genetically confirmed Disease Z.",
            ("Blood draw",),
        ),
        ("Healthy siblings", None, "Unaffected siblings of enrolled children.", ()),
    ]
    [blood] = r.interventions
    assert (blood.name, blood.type, blood.description, blood.arm_labels) == (
        "Blood draw",
        "PROCEDURE",
        "Blood samples every 6 months.",
        ("Affected children",),
    )


def test_ages_in_months():
    e = modern.parse(OBSERVATIONAL, SOURCE).eligibility
    assert (e.minimum_age, e.minimum_age_years) == ("6 Months", 0.5)
    assert (e.maximum_age, e.maximum_age_years) == ("17 Years", 17.0)
    assert e.healthy_volunteers is True and e.sex == "ALL"
    assert [c.text for c in e.inclusion] == [
        "Genetically confirmed Disease Z",
        "Age 6 months to 17 years",
    ]
    assert [c.text for c in e.exclusion] == ["Prior gene therapy"]


def test_page_cut_off_mid_criteria():
    lines = page(
        "A Trial Cut Short",
        "NCT ID: NCT00000001",
        "Last Updated: 2020-01-02",
        "Conditions",
        F_CONDITIONS,
        "Melanoma",
        "Eligibility Criteria",
        F_ELIGIBILITY,
        "Inclusion Criteria",
        "1. Stage IV melanoma\n2. ECOG 0-1\n3. Adequate organ fun",
    )
    r = modern.parse(lines, SOURCE)
    assert (r.nct_id, r.brief_title, r.conditions) == (
        "NCT00000001",
        "A Trial Cut Short",
        ("Melanoma",),
    )
    assert [c.text for c in r.eligibility.inclusion] == [
        "Stage IV melanoma",
        "ECOG 0-1",
        "Adequate organ fun",
    ]
    assert r.eligibility.exclusion == () and r.eligibility.minimum_age is None
    assert r.overall_status is None and r.arms == () and r.sponsors == ()


def test_no_nct_id_is_a_parse_error():
    with pytest.raises(ParseError) as err:
        modern.parse(page("Some title", "NCT ID: n/a", "Conditions", "Cancer"), SOURCE)
    assert err.value.document == "test.txt" and err.value.line == 3


def test_parse_document_picks_the_modern_layout():
    text = "\n".join(RANDOMIZED)
    record = parse_document("doc.txt", text.encode())
    assert record.source.layout == "modern" and record.nct_id == "NCT01234567"


# --------------------------------------------------------------------------- section functions


def test_split_sections_drops_furniture_and_keeps_unseen_sections_apart():
    header, sections = split_sections(
        page(
            "Title",
            "NCT ID: NCT00000002",
            "Conditions",
            F_CONDITIONS,
            "Asthma",
            "Funding Details",
            "Learn about the grants that support this study.",
            "Grant 123",
            "Keywords",
            "wheeze",
            "More Related Trials",
            "Conditions",
            "Not this trial",
        )
    )
    assert [ln.text for ln in header if ln.text] == ["Title", "NCT ID: NCT00000002"]
    got = [(key, [ln.text for ln in body if ln.text]) for key, body in sections]
    assert got == [("conditions", ["Asthma"]), (None, ["Grant 123"]), ("keywords", ["wheeze"])]


def test_basic_information_inline_labels_and_dates():
    got = _parse_basic_information(
        lines_of(
            "Recruitment Status: ACTIVE_NOT_RECRUITING",
            "Last Known Status",
            "RECRUITING",
            "Clinical Phase",
            "PHASE1, PHASE2",
            "Total Enrollment",
            "1,200 participants",
            "Enrollment Type",
            "ESTIMATED",
            "Study Start Date",
            "March 2016",
            "First Posted",
            "2016-02-01",
            "Last Verified",
            "2023-01",
        )
    )
    assert got["overall_status"] == "ACTIVE_NOT_RECRUITING"
    assert got["last_known_status"] == "RECRUITING"
    assert got["phases"] == ("PHASE1", "PHASE2")
    assert (got["enrollment"].count, got["enrollment"].type) == (1200, "ESTIMATED")
    assert got["start"] == DateRecord("2016-03", None)
    assert (got["first_posted"], got["last_verified"]) == ("2016-02-01", "2023-01")
    assert got["completion"] is None


def test_design_masking_with_roles_in_parentheses():
    d = _parse_study_design(
        lines_of("Blinding Strategy", "TRIPLE (PARTICIPANT, CARE_PROVIDER, OUTCOMES_ASSESSOR)")
    )
    assert d.masking == "TRIPLE"
    assert d.who_masked == ("PARTICIPANT", "CARE_PROVIDER", "OUTCOMES_ASSESSOR")


def test_eligibility_sub_headings_and_days():
    e = _parse_eligibility(
        lines_of(
            "Inclusion Criteria",
            "Hematology:\n- Platelets \\> 100\nRenal:\n- Creatinine \\< 1.5",
            "Minimum Eligible Age",
            "28 Days",
            "Eligible Sex",
            "MALE",
            "Accepts Healthy Volunteers",
            "No",
        )
    )
    assert e.inclusion == (
        CriterionRecord(1, "Platelets > 100", "Hematology"),
        CriterionRecord(2, "Creatinine < 1.5", "Renal"),
    )
    assert (e.minimum_age, e.minimum_age_years) == ("28 Days", 0.0767)
    assert (e.sex, e.healthy_volunteers) == ("MALE", False)


def test_groups_without_interventions_section_guess_description_ends():
    arms, ints = parse_groups(
        lines_of(
            "Arm A",
            "Group Type EXPERIMENTAL",
            "Drug A",
            "Intervention Type DRUG",
            "Drug A is given daily by mouth.",
            "Arm B",
            "Standard care as per local practice, given for six cycles of therapy and more.",
            "Group Type ACTIVE_COMPARATOR",
            "Standard care",
            "Intervention Type OTHER",
        )
    )
    assert [(a.label, a.type, [i.name for i in a.interventions]) for a in arms] == [
        ("Arm A", "EXPERIMENTAL", ["Drug A"]),
        ("Arm B", "ACTIVE_COMPARATOR", ["Standard care"]),
    ]
    assert [i.name for i in ints] == ["Drug A", "Standard care"]
    assert ints[0].description[0][0].text == "Drug A is given daily by mouth."
    assert arms[1].description[-1][0].text.startswith("Standard care as per")


def test_interventions_other_names_go_to_the_one_they_follow():
    found = parse_interventions(
        lines_of(
            "Drug A",
            "Drug A is given daily.",
            "Intervention Type DRUG",
            "Other Intervention Names",
            F_OTHER_NAMES,
            "A-1\nAlphamab",
            "Device B",
            "A wearable device used at night.",
            "Intervention Type DEVICE",
            "Other Intervention Names",
            F_OTHER_NAMES,
            "B-2",
        )
    )
    assert [(i.name, i.type, i.other_names) for i in found] == [
        ("Drug A", "DRUG", ["A-1", "Alphamab"]),
        ("Device B", "DEVICE", ["B-2"]),
    ]


def test_sponsors_without_class_or_role():
    assert _parse_sponsors(lines_of("Acme Corp", "Sponsor Role lead", "Solo Foundation")) == [
        SponsorRecord("Acme Corp", "LEAD", None),
        SponsorRecord("Solo Foundation", None, None),
    ]


def test_officials_and_contacts():
    officials = _parse_officials(
        lines_of(
            "Ann Lee, MD",
            "Role: STUDY_DIRECTOR",
            "Pharma Inc",
            "Bo Chen",
            "Role: PRINCIPAL_INVESTIGATOR",
            "City Hospital",
        )
    )
    assert [(o.name, o.degrees, o.role, o.affiliation) for o in officials] == [
        ("Ann Lee", "MD", "STUDY_DIRECTOR", "Pharma Inc"),
        ("Bo Chen", None, "PRINCIPAL_INVESTIGATOR", "City Hospital"),
    ]
    contacts = _parse_contacts(
        lines_of("Ann Lee, MD", "Role: CONTACT", "ann@example.org", "Bo Chen", "Role: BACKUP")
    )
    assert contacts == [
        ContactRecord("Ann Lee", "MD", "CONTACT", None, "ann@example.org"),
        ContactRecord("Bo Chen", None, "BACKUP", None, None),
    ]


def test_responsible_party_sponsor_only():
    party = _parse_responsible_party(lines_of("Responsibility Role SPONSOR"))
    assert (party.type, party.name, party.title, party.affiliation) == ("SPONSOR", None, None, None)


def test_references_and_identifiers():
    refs = _parse_references(
        lines_of(
            "Doe J. A paper. N Engl J Med. 2020;1:1-2.",
            "Reference Type RESULT\nPMID: 123456 (View on PubMed)",
            "Roe A. Another paper without PubMed id.",
            "Reference Type DERIVED",
        )
    )
    assert [(r.citation, r.pmid, r.type) for r in refs] == [
        ("Doe J. A paper. N Engl J Med. 2020;1:1-2.", "123456", "RESULT"),
        ("Roe A. Another paper without PubMed id.", None, "DERIVED"),
    ]
    assert _parse_identifiers(
        lines_of(
            "ABC-001",
            "Identifier Type: -",
            "Identifier Source: org_study_id",
            "2020-001234-56",
            "Identifier Type: EUDRACT_NUMBER",
            "Identifier Source: secondary_id",
        )
    ) == ("ABC-001", ("2020-001234-56",))


def test_outcomes_with_description_after_time_frame():
    got = _parse_outcomes(
        lines_of(
            "Response rate",
            "Time Frame: 12 weeks",
            "Share of participants with a response.",
            "Toxicity",
            "Time Frame: 1 year",
            "Grade 3 or higher events.",
        ),
        "PRIMARY",
    )
    assert [(o.measure, o.time_frame, o.description) for o in got] == [
        ("Response rate", "12 weeks", "Share of participants with a response."),
        ("Toxicity", "1 year", "Grade 3 or higher events."),
    ]


def test_sites_with_people_before_status_and_no_facility():
    sites = _parse_sites(
        lines_of(
            "General Hospital",
            "Lyon, France",
            "Marc Blanc, MD",
            "Role: CONTACT",
            "+33 4 00 00 00 00",
            "Site Status RECRUITING",
            "Osaka, Japan",
            "Site Status NOT_YET_RECRUITING",
        ),
        ["France", "Japan"],
    )
    assert [(s.facility, s.city, s.country, s.status) for s in sites] == [
        ("General Hospital", "Lyon", "France", "RECRUITING"),
        (None, "Osaka", "Japan", "NOT_YET_RECRUITING"),
    ]
    assert sites[0].contacts[0].phone == "+33 4 00 00 00 00"


@pytest.mark.parametrize(
    ("address", "countries", "expected"),
    [
        ("Hangzhou, Zhejiang, China", ["China"], ("Hangzhou", "Zhejiang", None, "China")),
        ("Hangzhou, Zhejiang", ["China"], ("Hangzhou", "Zhejiang", None, "China")),
        ("Seoul, Korea, Republic of", [], ("Seoul", None, None, "Korea, Republic of")),
        ("London, SW1A 1AA, United Kingdom", [], ("London", None, "SW1A 1AA", "United Kingdom")),
    ],
)
def test_split_address(address, countries, expected):
    assert split_address(address, countries) == expected


def test_name_and_degrees():
    assert name_and_degrees("Haichuan Su, Doctor") == ("Haichuan Su", "Doctor")
    assert name_and_degrees("John Roe, Jr., MD, PhD") == ("John Roe, Jr.", "MD, PhD")
    assert name_and_degrees("Bing Xia") == ("Bing Xia", None)


def test_label_says_actual_or_estimated():
    got = _parse_basic_information(
        lines_of(
            "Actual Study Start Date",
            "2020-05-04",
            "Estimated Primary Completion Date",
            "2025-12",
            "Estimated Enrollment",
            "30",
        )
    )
    assert got["start"] == DateRecord("2020-05-04", "ACTUAL")
    assert got["primary_completion"] == DateRecord("2025-12", "ESTIMATED")
    assert (got["enrollment"].count, got["enrollment"].type) == (30, "ESTIMATED")


def test_study_population_before_the_criteria():
    e = _parse_eligibility(
        lines_of(
            "Study Population",
            "Children seen at three clinics.",
            "Inclusion Criteria",
            "- Diagnosis of asthma\nSex\n- Age 5 to 12",
            "Eligible Sex",
            "ALL",
        )
    )
    # a bare "Sex" line inside a list is text (only the labels pages print end the list)
    assert [c.text for c in e.inclusion] == ["Diagnosis of asthma Sex", "Age 5 to 12"]
    assert e.criteria_text == "Inclusion Criteria\n- Diagnosis of asthma\nSex\n- Age 5 to 12"
    assert e.sex == "ALL"


def test_a_heading_word_inside_text_does_not_start_a_section():
    r = modern.parse(
        page(
            "Title",
            "NCT ID: NCT00000003",
            "Detailed Description",
            "Dive into the extended narrative that explains the scientific background, "
            "objectives, and procedures in greater depth.",
            "Background text\nReferences\nSmith 2020",
            "Conditions",
            F_CONDITIONS,
            "Asthma",
        ),
        SOURCE,
    )
    assert r.detailed_description == "Background text\nReferences\nSmith 2020"
    assert r.references == () and r.conditions == ("Asthma",)


def test_a_summary_that_reads_like_furniture_is_kept():
    r = modern.parse(
        page(
            "Title",
            "NCT ID: NCT00000004",
            "Brief Summary",
            "Explore the safety of drug A in adults with asthma in this study.",
        ),
        SOURCE,
    )
    assert r.brief_summary == "Explore the safety of drug A in adults with asthma in this study."


def test_nct_id_after_the_first_heading():
    r = modern.parse(
        page(
            "Title",
            "Basic Information",
            F_BASIC,
            "NCT ID: NCT00000005",
            "Recruitment Status",
            "COMPLETED",
        ),
        SOURCE,
    )
    assert (r.nct_id, r.overall_status, r.brief_title) == ("NCT00000005", "COMPLETED", "Title")


def _seed_004(cut: int) -> list[str]:
    return (DOCUMENTS / "004_e177973aeb9f0c47.txt").read_text(encoding="utf-8").split("\n")[:cut]


def test_cut_off_in_the_interventions_section_keeps_the_groups_reading():
    r = modern.parse(_seed_004(100), SOURCE)  # ends on the intervention's name line
    assert [a.label for a in r.arms] == ["human HER2-targeted CAR-M cell"]
    [item] = r.interventions
    assert item.type == "BIOLOGICAL" and item.description.startswith("The human anti-HER2")


def test_cut_off_after_a_facility_line_with_a_comma():
    [site] = modern.parse(_seed_004(208), SOURCE).locations
    assert site.facility.startswith("Affiliated Hangzhou Cancer Hospital, Zhejiang")
    assert (site.city, site.state, site.country) == (None, None, None)
