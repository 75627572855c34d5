"""The legacy ``<clinical_study>`` XML reader, on the registry's own records (no database).

Samples: ``tests/data/registry/{xml,changed,hostile}`` (see PROVENANCE there). Parsed values are
compared with the raw XML through a table of (element path, record getter) pairs: the expected
side is read with plain ElementTree lookups, not with the reader's own mapping.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from domain.records import (
    CriterionRecord,
    DateRecord,
    EnrollmentRecord,
    LocationRecord,
    MeshRecord,
    ParseError,
    ResponsiblePartyRecord,
    TrialRecord,
    to_dict,
)
from seed.formats import ctgov_xml
from seed.formats.ctgov_xml import looks_like, parse
from seed.formats.legacy_design import legacy_design
from seed.formats.textblock import logical_lines, split_criteria

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"
SAMPLES = sorted(DATA.glob("xml/*.xml")) + sorted(DATA.glob("changed/*.xml"))


def read(relative: str) -> TrialRecord:
    return parse(relative, (DATA / relative).read_bytes())


def test_the_samples_are_all_there():
    assert len(list(DATA.glob("xml/*.xml"))) == 54
    assert len(list(DATA.glob("changed/*.xml"))) == 4
    for folder in ("xml", "changed", "hostile"):
        assert "ctti-clinicaltrials/aact" in (DATA / folder / "PROVENANCE").read_text()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_sample_parses(path: Path):
    record = parse(path.name, path.read_bytes())
    root = ET.parse(path).getroot()
    assert record.nct_id == root.findtext("id_info/nct_id")
    assert record.source.layout == "ctgov-xml"
    assert record.source.document == path.name
    assert len(record.source.sha256) == 64


# --------------------------------------------------------------------------- raw vs parsed

# The registry's legacy spellings whose API v2 value is not simply the spelling in upper snake
# case ("Active, not recruiting" -> ACTIVE_NOT_RECRUITING needs no entry).
V2 = {
    "N/A": None,
    "Observational [Patient Registry]": "OBSERVATIONAL",
    "Single Group Assignment": "SINGLE_GROUP",
    "Parallel Assignment": "PARALLEL",
    "Crossover Assignment": "CROSSOVER",
    "Factorial Assignment": "FACTORIAL",
    "Sequential Assignment": "SEQUENTIAL",
    "Accepts Healthy Volunteers": True,
    "No": False,
    "Actual": "ACTUAL",
    "Anticipated": "ESTIMATED",
    "Estimated": "ESTIMATED",
}


def raw(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def v2(el: ET.Element | str) -> Any:
    said = raw(el) if isinstance(el, ET.Element) else el.strip()
    if said in V2:
        return V2[said]
    return re.sub(r"[^A-Z0-9]+", "_", said.upper()).strip("_")


def iso(el: ET.Element) -> str:
    said = raw(el)
    for form, width in (("%B %d, %Y", 10), ("%B %Y", 7)):
        try:
            return datetime.datetime.strptime(said, form).date().isoformat()[:width]
        except ValueError:
            continue
    raise AssertionError(f"a date form the test does not know: {said!r}")


def date_type(el: ET.Element) -> Any:
    return V2[el.get("type")] if el.get("type") else None


def phase(el: ET.Element) -> list[str]:
    """``Phase 1/Phase 2`` -> [PHASE1, PHASE2]; ``N/A`` -> [NA]."""
    return ["NA"] if raw(el) == "N/A" else [v2(p).replace("_", "") for p in raw(el).split("/")]


def masked_who(el: ET.Element) -> list[str]:
    head, _, inside = raw(el).partition("(")
    return [] if head.strip() == "None" else [v2(w) for w in inside.rstrip(")").split(",")]


def age(el: ET.Element) -> str | None:
    return None if raw(el) == "N/A" else raw(el)


def by_role(items, role, attr):
    return [getattr(i, attr) for i in items if i.role == role]


def site_people(r: TrialRecord, kind: str, role: str | None, attr: str) -> list:
    return [
        getattr(p, attr)
        for site in r.locations
        for p in getattr(site, kind)
        if role is None or p.role == role
    ]


def outcomes(r: TrialRecord, kind: str, attr: str) -> list:
    return [getattr(o, attr) for o in r.outcomes if o.type == kind]


def refs(r: TrialRecord, kind: str | None, attr: str) -> list:
    return [getattr(x, attr) for x in r.references if x.type == kind]


Row = tuple[str, Callable[[TrialRecord], Any], Callable[[ET.Element], Any]]
D = "study_design_info/"  # read from <study_design> in older records: see test_legacy_design_*

# (element path, or "newer | older" names; record getter; raw element -> expected value)
FIELDS: tuple[Row, ...] = (
    ("id_info/nct_id", lambda r: [r.nct_id], raw),
    ("id_info/nct_alias", lambda r: r.aliases, raw),
    ("id_info/org_study_id", lambda r: [r.org_study_id], raw),
    ("id_info/secondary_id", lambda r: r.secondary_ids, raw),
    ("brief_title", lambda r: [r.brief_title], raw),
    ("official_title", lambda r: [r.official_title], raw),
    ("acronym", lambda r: [r.acronym], raw),
    ("source", lambda r: [r.organization and r.organization.full_name], raw),
    ("overall_status", lambda r: [r.overall_status], v2),
    ("why_stopped", lambda r: [r.why_stopped], raw),
    ("clinical_results", lambda r: [True] if r.has_results else [], lambda el: True),
    ("study_type", lambda r: [r.study_type], v2),
    ("phase", lambda r: r.phases, phase),
    ("enrollment", lambda r: [r.enrollment.count], lambda el: int(raw(el))),
    ("enrollment", lambda r: [r.enrollment.type], date_type),
    ("start_date", lambda r: [r.dates.start and r.dates.start.date], iso),
    ("start_date", lambda r: [r.dates.start and r.dates.start.type], date_type),
    ("primary_completion_date", lambda r: [r.dates.primary_completion.date], iso),
    ("primary_completion_date", lambda r: [r.dates.primary_completion.type], date_type),
    ("completion_date", lambda r: [r.dates.completion.date], iso),
    ("completion_date", lambda r: [r.dates.completion.type], date_type),
    ("study_first_posted | firstreceived_date", lambda r: [r.dates.first_posted], iso),
    ("last_update_posted | lastchanged_date", lambda r: [r.dates.last_update_posted], iso),
    ("verification_date", lambda r: [r.dates.last_verified], iso),
    ("condition", lambda r: r.conditions, raw),
    ("keyword", lambda r: r.keywords, raw),
    ("condition_browse/mesh_term", lambda r: r.mesh_terms, raw),
    ("condition_browse/mesh_term", lambda r: [m.term for m in r.condition_meshes], raw),
    ("intervention_browse/mesh_term", lambda r: [m.term for m in r.intervention_meshes], raw),
    ("brief_summary/textblock", lambda r: [r.brief_summary], raw),
    ("detailed_description/textblock", lambda r: [r.detailed_description], raw),
    (D + "allocation", lambda r: [r.design.allocation], v2),
    (D + "intervention_model", lambda r: [r.design.intervention_model], v2),
    (D + "masking", lambda r: [r.design.masking], lambda el: v2(raw(el).split("(")[0])),
    (D + "masking", lambda r: r.design.who_masked, masked_who),
    (D + "primary_purpose", lambda r: [r.design.primary_purpose], v2),
    (D + "observational_model", lambda r: [r.design.observational_model], v2),
    (D + "time_perspective", lambda r: [r.design.time_perspective], v2),
    ("biospec_retention", lambda r: [r.design.bio_spec_retention], v2),
    ("biospec_descr/textblock", lambda r: [r.design.bio_spec_description], raw),
    ("target_duration", lambda r: [r.design.target_duration], raw),
    ("sponsors/lead_sponsor/agency", lambda r: by_role(r.sponsors, "LEAD", "name"), raw),
    ("sponsors/lead_sponsor/agency_class", lambda r: by_role(r.sponsors, "LEAD", "class_"), v2),
    ("sponsors/collaborator/agency", lambda r: by_role(r.sponsors, "COLLABORATOR", "name"), raw),
    (
        "sponsors/collaborator/agency_class",
        lambda r: by_role(r.sponsors, "COLLABORATOR", "class_"),
        v2,
    ),
    ("responsible_party/responsible_party_type", lambda r: [r.responsible_party.type], v2),
    (
        "responsible_party/investigator_full_name | responsible_party/name_title",
        lambda r: [r.responsible_party.name],
        raw,
    ),
    ("responsible_party/investigator_title", lambda r: [r.responsible_party.title], raw),
    (
        "responsible_party/investigator_affiliation | responsible_party/organization",
        lambda r: [r.responsible_party.affiliation],
        raw,
    ),
    ("overall_official/last_name", lambda r: [o.name for o in r.officials], raw),
    ("overall_official/role", lambda r: [o.role for o in r.officials], v2),
    ("overall_official/affiliation", lambda r: [o.affiliation for o in r.officials], raw),
    ("overall_contact/last_name", lambda r: by_role(r.contacts, "CONTACT", "name"), raw),
    ("overall_contact/phone", lambda r: by_role(r.contacts, "CONTACT", "phone"), raw),
    ("overall_contact/phone_ext", lambda r: by_role(r.contacts, "CONTACT", "phone_ext"), raw),
    ("overall_contact/email", lambda r: by_role(r.contacts, "CONTACT", "email"), raw),
    ("overall_contact_backup/last_name", lambda r: by_role(r.contacts, "BACKUP", "name"), raw),
    ("overall_contact_backup/phone", lambda r: by_role(r.contacts, "BACKUP", "phone"), raw),
    (
        "overall_contact_backup/phone_ext",
        lambda r: by_role(r.contacts, "BACKUP", "phone_ext"),
        raw,
    ),
    ("overall_contact_backup/email", lambda r: by_role(r.contacts, "BACKUP", "email"), raw),
    ("location/facility/name", lambda r: [s.facility for s in r.locations], raw),
    ("location/facility/address/city", lambda r: [s.city for s in r.locations], raw),
    ("location/facility/address/state", lambda r: [s.state for s in r.locations], raw),
    ("location/facility/address/zip", lambda r: [s.zip for s in r.locations], raw),
    ("location/facility/address/country", lambda r: [s.country for s in r.locations], raw),
    ("location/status", lambda r: [s.status for s in r.locations], v2),
    ("location/contact/last_name", lambda r: site_people(r, "contacts", "CONTACT", "name"), raw),
    ("location/contact/phone", lambda r: site_people(r, "contacts", "CONTACT", "phone"), raw),
    (
        "location/contact/phone_ext",
        lambda r: site_people(r, "contacts", "CONTACT", "phone_ext"),
        raw,
    ),
    ("location/contact/email", lambda r: site_people(r, "contacts", "CONTACT", "email"), raw),
    (
        "location/contact_backup/last_name",
        lambda r: site_people(r, "contacts", "BACKUP", "name"),
        raw,
    ),
    (
        "location/contact_backup/phone",
        lambda r: site_people(r, "contacts", "BACKUP", "phone"),
        raw,
    ),
    (
        "location/contact_backup/email",
        lambda r: site_people(r, "contacts", "BACKUP", "email"),
        raw,
    ),
    (
        "location/investigator/last_name",
        lambda r: site_people(r, "investigators", None, "name"),
        raw,
    ),
    ("location/investigator/role", lambda r: site_people(r, "investigators", None, "role"), v2),
    ("reference/citation", lambda r: refs(r, None, "citation"), raw),
    ("reference/PMID", lambda r: refs(r, None, "pmid"), raw),
    ("results_reference/citation", lambda r: refs(r, "RESULT", "citation"), raw),
    ("results_reference/PMID", lambda r: refs(r, "RESULT", "pmid"), raw),
    ("arm_group/arm_group_label", lambda r: [a.label for a in r.arms], raw),
    ("arm_group/arm_group_type", lambda r: [a.type for a in r.arms], v2),
    ("arm_group/description", lambda r: [a.description for a in r.arms], raw),
    ("intervention/intervention_name", lambda r: [i.name for i in r.interventions], raw),
    ("intervention/intervention_type", lambda r: [i.type for i in r.interventions], v2),
    ("intervention/description", lambda r: [i.description for i in r.interventions], raw),
    (
        "intervention/other_name",
        lambda r: [n for i in r.interventions for n in i.other_names],
        raw,
    ),
    (
        "intervention/arm_group_label",
        lambda r: [n for i in r.interventions for n in i.arm_labels],
        raw,
    ),
    ("primary_outcome/measure", lambda r: outcomes(r, "PRIMARY", "measure"), raw),
    ("primary_outcome/time_frame", lambda r: outcomes(r, "PRIMARY", "time_frame"), raw),
    ("primary_outcome/description", lambda r: outcomes(r, "PRIMARY", "description"), raw),
    ("secondary_outcome/measure", lambda r: outcomes(r, "SECONDARY", "measure"), raw),
    ("secondary_outcome/time_frame", lambda r: outcomes(r, "SECONDARY", "time_frame"), raw),
    ("secondary_outcome/description", lambda r: outcomes(r, "SECONDARY", "description"), raw),
    ("other_outcome/measure", lambda r: outcomes(r, "OTHER", "measure"), raw),
    ("other_outcome/time_frame", lambda r: outcomes(r, "OTHER", "time_frame"), raw),
    ("other_outcome/description", lambda r: outcomes(r, "OTHER", "description"), raw),
    ("eligibility/criteria/textblock", lambda r: [r.eligibility.criteria_text], raw),
    ("eligibility/gender", lambda r: [r.eligibility.sex], v2),
    ("eligibility/minimum_age", lambda r: [r.eligibility.minimum_age], age),
    ("eligibility/maximum_age", lambda r: [r.eligibility.maximum_age], age),
    ("eligibility/healthy_volunteers", lambda r: [r.eligibility.healthy_volunteers], v2),
    ("eligibility/study_pop/textblock", lambda r: [r.eligibility.study_population], raw),
    ("eligibility/sampling_method", lambda r: [r.eligibility.sampling_method], v2),
)


def flat(values) -> list:
    """Values compared: ``None`` and empty text left out, lists spread, blanks collapsed."""
    out: list = []
    for v in values:
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, str):
                item = " ".join(item.split()) or None
            if item is not None:
                out.append(item)
    return out


def expected(root: ET.Element, path: str, convert: Callable[[ET.Element], Any]) -> list:
    for choice in path.split("|"):
        if found := root.findall(choice.strip()):
            return flat(convert(el) for el in found)
    return []


def compared(root: ET.Element, record: TrialRecord, row: Row) -> tuple[list, list] | None:
    path, getter, convert = row
    if path.startswith(D) and root.find("study_design") is not None:
        return None  # the older form of the design: see test_legacy_design_*
    want = expected(root, path, convert)
    try:
        got = flat(getter(record))
    except AttributeError:  # e.g. a date the record does not have
        got = []
    return want, got


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_parsed_values_are_the_raw_xml_values(path: Path):
    root = ET.parse(path).getroot()
    record = parse(path.name, path.read_bytes())
    wrong = []
    for row in FIELDS:
        if (pair := compared(root, record, row)) and pair[0] != pair[1]:
            wrong.append(f"{row[0]}: XML {pair[0]!r:.300} != parsed {pair[1]!r:.300}")
    assert not wrong, "\n".join(wrong)


def test_every_row_of_the_table_is_exercised_by_some_sample():
    roots = [(ET.parse(p).getroot(), parse(p.name, p.read_bytes())) for p in SAMPLES]
    idle = [
        row[0]
        for row in FIELDS
        if not any((pair := compared(root, rec, row)) and pair[0] for root, rec in roots)
    ]
    assert idle == []


# --------------------------------------------------------------------------- traits of the samples


def test_nct_alias():
    record = read("xml/NCT00081588.xml")
    assert record.nct_id == "NCT00081588"
    assert record.aliases == ("NCT00980226",)


def test_a_file_named_after_the_alias_is_the_current_study():
    by_alias = read("xml/NCT00980226.xml")
    assert by_alias.nct_id == "NCT00081588"
    assert by_alias.aliases == ("NCT00980226",)
    current = read("xml/NCT00081588.xml")
    assert dataclasses.replace(by_alias, source=current.source) == current


def test_facilities_with_an_address_and_no_name():
    sites = read("xml/NCT00081588.xml").locations
    assert len(sites) == 68
    assert all(s.facility is None and s.city and s.country for s in sites)
    assert sites[0] == LocationRecord(
        facility=None, city="Birmingham", state="Alabama", zip=None, country="United States"
    )


def test_a_date_with_month_and_year_and_no_type():
    record = read("xml/NCT00023673.xml")
    assert record.dates.start == DateRecord("2001-07", None)  # <start_date>July 2001
    assert record.dates.completion == DateRecord("2013-11", "ACTUAL")


def test_anticipated_dates_are_estimated():
    dates = read("xml/NCT00513591.xml").dates
    assert dates.start == DateRecord("2007-08", None)
    assert dates.primary_completion == DateRecord("2018-06", "ESTIMATED")  # type="Anticipated"
    assert dates.completion == DateRecord("2018-06", "ESTIMATED")
    assert (dates.first_posted, dates.last_update_posted) == ("2007-08-08", "2017-06-16")
    assert dates.last_verified == "2017-06"
    assert read("xml/NCT01029262.xml").dates.start == DateRecord("2010-01-26", "ACTUAL")
    assert read("xml/NCT03391583.xml").enrollment == EnrollmentRecord(70, "ESTIMATED")


def test_phase_1_phase_2_and_not_applicable():
    assert read("xml/NCT00023673.xml").phases == ("PHASE1", "PHASE2")  # Phase 1/Phase 2
    assert read("xml/NCT01534533.xml").phases == ("PHASE2", "PHASE3")
    assert read("xml/NCT01174550.xml").phases == ("NA",)  # N/A
    assert read("xml/NCT00513591.xml").phases == ()  # observational: no <phase>


def test_n_a_ages_and_study_type_are_not_values():
    record = read("xml/NCT03182660.xml")  # withheld: <study_type>N/A
    assert (record.overall_status, record.study_type) == ("WITHHELD", None)
    eligibility = read("xml/NCT00513591.xml").eligibility
    assert (eligibility.minimum_age, eligibility.maximum_age) == ("18 Years", None)
    assert (eligibility.minimum_age_years, eligibility.maximum_age_years) == (18.0, None)


def test_legacy_enum_spellings():
    assert read("xml/NCT00151216.xml").overall_status == "ACTIVE_NOT_RECRUITING"
    assert read("xml/NCT00277524.xml").why_stopped == "Ended follow-up after four years"
    design = read("xml/NCT01029262.xml").design
    assert (design.allocation, design.intervention_model) == ("RANDOMIZED", "PARALLEL")
    assert design.masking == "QUADRUPLE"
    assert design.who_masked == (
        "PARTICIPANT",
        "CARE_PROVIDER",
        "INVESTIGATOR",
        "OUTCOMES_ASSESSOR",
    )
    double = read("xml/NCT02970669.xml").design  # Double (Participant, Investigator)
    assert (double.masking, double.who_masked) == ("DOUBLE", ("PARTICIPANT", "INVESTIGATOR"))
    open_label = read("xml/NCT00081588.xml").design  # None (Open Label)
    assert (open_label.masking, open_label.who_masked) == ("NONE", ())


def test_nested_bullets_are_criteria_of_their_own_and_keep_their_indentation():
    eligibility = read("xml/NCT00513591.xml").eligibility
    assert eligibility.inclusion[2:5] == (
        CriterionRecord(3, "Women with systemic autoimmune disease, including:"),
        CriterionRecord(4, "Lupus (systemic lupus erythematosus or cutaneous lupus)"),
        CriterionRecord(5, "Antiphospholipid Syndrome or positive antiphospholipid antibodies"),
    )
    assert len(eligibility.inclusion) == 13
    assert [c.text for c in eligibility.exclusion] == [
        "Unable to speak English",
        "Unable to provide informed consent",
        "Unable to travel to Duke University for follow-up visits",
    ]
    lines = eligibility.criteria_text.split("\n")
    assert lines[:5] == [
        "Inclusion Criteria:",
        "- 18 years of age or older",
        "- Desire for pregnancy within 6 months or currently pregnant",
        "- Women with systemic autoimmune disease, including:",
        "  - Lupus (systemic lupus erythematosus or cutaneous lupus)",
    ]
    # a wrapped line is one line again
    assert (
        "  - Inflammatory Arthritis (including Psoriatic Arthritis and Ankylosing Spondylitis)"
        in (lines)
    )


def test_numbered_criteria_under_key_headings():
    eligibility = read("xml/NCT02260193.xml").eligibility
    assert (len(eligibility.inclusion), len(eligibility.exclusion)) == (3, 6)
    assert eligibility.criteria_text.startswith("Key Inclusion Criteria:\n")


def test_criteria_without_list_headings_are_one_inclusion_list_with_sections():
    eligibility = read("xml/NCT00023673.xml").eligibility  # PDQ: DISEASE CHARACTERISTICS: ...
    assert eligibility.exclusion == ()
    assert eligibility.inclusion[0].section == "DISEASE CHARACTERISTICS"
    platelets = [c for c in eligibility.inclusion if c.text.startswith("Platelet count")]
    assert platelets == [
        CriterionRecord(19, "Platelet count at least 100,000/mm^3", "Hematopoietic")
    ]


def test_observational_population_sampling_and_biospecimens():
    record = read("xml/NCT00513591.xml")
    assert record.eligibility.study_population == "Pregnant women with autoimmune disease."
    assert record.eligibility.sampling_method == "NON_PROBABILITY_SAMPLE"
    assert record.design.bio_spec_retention == "SAMPLES_WITH_DNA"
    assert record.design.bio_spec_description == (
        "Blood samples will be collected and stored for future analysis."
    )
    assert (record.design.observational_model, record.design.time_perspective) == (
        "COHORT",
        "PROSPECTIVE",
    )
    assert read("xml/NCT01076361.xml").design.target_duration == "5 Years"


def test_responsible_party_in_both_forms():
    assert read("xml/NCT01339988.xml").responsible_party == ResponsiblePartyRecord(
        type=None, name="Menachem Bitan", affiliation="Tel-Aviv Sourasky Medical Center"
    )
    assert read("xml/NCT01065844.xml").responsible_party == ResponsiblePartyRecord(
        type="PRINCIPAL_INVESTIGATOR",
        name="John M. Buatti",
        title="Professor & Chair of Radiation Oncology",
        affiliation="University of Iowa",
    )


def test_contacts_with_phone_extensions():
    record = read("xml/NCT03391583.xml")
    assert [(c.role, c.phone_ext) for c in record.contacts] == [
        ("CONTACT", "77081"),
        ("BACKUP", "6262"),
    ]


def test_sponsors_collaborators_and_the_organization():
    record = read("xml/NCT02028676.xml")
    assert [(s.name, s.role, s.class_) for s in record.sponsors] == [
        ("Medical Research Council", "LEAD", "OTHER"),
        ("Department for International Development, United Kingdom", "COLLABORATOR", "OTHER"),
        ("ViiV Healthcare", "COLLABORATOR", "INDUSTRY"),
        ("GlaxoSmithKline", "COLLABORATOR", "INDUSTRY"),
    ]
    assert record.organization.full_name == "Medical Research Council"
    assert record.organization.class_ is None  # <source> has no class


def test_arms_and_interventions_name_each_other():
    record = read("xml/NCT00081588.xml")
    assert [(a.label, a.type, a.interventions) for a in record.arms] == [
        ("001", "EXPERIMENTAL", ("TMC114",))
    ]
    assert [(i.name, i.type, i.arm_labels) for i in record.interventions] == [
        ("TMC114", "DRUG", ("001",))
    ]


def test_has_results_mesh_terms_and_references():
    record = read("xml/NCT00023673.xml")
    assert record.has_results is True
    assert read("xml/NCT00513591.xml").has_results is False
    assert MeshRecord("Lung Neoplasms") in record.condition_meshes
    assert record.mesh_terms == tuple(m.term for m in record.condition_meshes)
    results = [r for r in read("xml/NCT02028676.xml").references if r.type == "RESULT"]
    assert results and all(r.pmid for r in results)


def test_last_known_status():
    document = (
        b"<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info>"
        b"<overall_status>Unknown status</overall_status>"
        b"<last_known_status>Active, not recruiting</last_known_status></clinical_study>"
    )
    record = parse("t.xml", document)
    assert (record.overall_status, record.last_known_status) == ("UNKNOWN", "ACTIVE_NOT_RECRUITING")


# --------------------------------------------------------------------------- changed versions


def differing(a: TrialRecord, b: TrialRecord) -> set[str]:
    da, db = to_dict(a), to_dict(b)
    return {k for k in da if k != "source" and da[k] != db[k]}


def test_an_edited_version_differs_where_the_file_differs():
    before, after = read("xml/NCT00513591.xml"), read("changed/NCT00513591_mod.xml")
    assert differing(before, after) == {
        "official_title",
        "phases",
        "enrollment",
        "dates",
        "mesh_terms",
        "condition_meshes",
    }
    assert after.official_title == "This Is An Updated Title"
    assert after.enrollment == EnrollmentRecord(500, "ESTIMATED")
    assert after.dates.completion is None
    assert after.dates.primary_completion == DateRecord("2017-12", "ESTIMATED")
    # older date names: lastchanged_date and firstreceived_date
    assert (after.dates.last_update_posted, after.dates.first_posted) == (
        "2016-06-15",
        "2007-08-06",
    )
    # the textblocks were wrapped at other places: the same text
    assert (after.brief_summary, after.eligibility) == (before.brief_summary, before.eligibility)


def test_a_redownload_differs_from_the_edit_only_in_its_title_and_date():
    edited, again = (
        read("changed/NCT00513591_mod.xml"),
        read("changed/NCT00513591_redownloaded.xml"),
    )
    assert differing(edited, again) == {"official_title", "dates"}
    assert again.official_title == "Duke Autoimmunity in Pregnancy Registry"
    assert again.dates.last_update_posted == "2016-06-14"


def test_a_modified_version_loses_its_collaborators_and_secondary_id():
    before, after = read("xml/NCT02028676.xml"), read("changed/NCT02028676_modified.xml")
    assert differing(before, after) == {
        "secondary_ids",
        "dates",
        "intervention_meshes",
        "sponsors",
        "references",
    }
    assert after.secondary_ids == ("G0300400",)
    assert [s.role for s in after.sponsors] == ["LEAD"]
    assert after.design == before.design  # read from the older <study_design> string


def test_the_alias_named_download_is_the_same_record():
    before, after = read("xml/NCT00081588.xml"), read("changed/NCT00980226-id-mismatch.xml")
    assert differing(before, after) == set()  # the older date names are there as well


def test_legacy_design_labelled():
    design = read("changed/NCT02028676_modified.xml").design
    assert (design.allocation, design.intervention_model) == ("RANDOMIZED", "FACTORIAL")
    assert (design.masking, design.primary_purpose) == ("NONE", "TREATMENT")
    observational = read("changed/NCT00513591_mod.xml").design
    assert (observational.observational_model, observational.time_perspective) == (
        "COHORT",
        "PROSPECTIVE",
    )


def test_legacy_design_unlabelled_and_double_blind():
    said = (
        "Treatment, Randomized, Double Blind (Subject, Caregiver, Investigator), "
        "Placebo Control, Parallel Assignment, Safety/Efficacy Study"
    )
    document = (
        b"<clinical_study><id_info><nct_id>NCT00000002</nct_id></id_info>"
        b"<study_design>" + said.encode() + b"</study_design></clinical_study>"
    )
    design = parse("t.xml", document).design
    assert design.primary_purpose == "TREATMENT"
    assert design.allocation == "RANDOMIZED"
    assert design.masking == "DOUBLE"
    assert design.who_masked == ("PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR")
    assert design.intervention_model == "PARALLEL"
    info = legacy_design(ET.Element("clinical_study"), "Other, Cohort")
    assert [c.tag for c in info] == ["observational_model"]  # "Other" fits three: left out


# --------------------------------------------------------------------------- textblocks


def test_logical_lines_unwrap_and_keep_nesting():
    block = """
        Inclusion Criteria:

          -  Study participation for a total of at
             least 12 weeks

               -  nested one
                  wrapped

          1. numbered

        Exclusion Criteria:
          -  none
    """
    assert logical_lines(block) == [
        "Inclusion Criteria:",
        "- Study participation for a total of at least 12 weeks",
        "  - nested one wrapped",
        "1. numbered",
        "Exclusion Criteria:",
        "- none",
    ]


def test_split_criteria_headings():
    lines = ["Preamble", "Transplant Inclusion:", "- a", "Transplant Exclusion:", "- b"]
    lines += ["Mother Inclusion/Exclusion:", "- c", "Non-inclusion criteria:", "- d"]
    assert split_criteria(lines) == {"inclusion": ["- a"], "exclusion": ["- b", "- d"]}
    assert split_criteria(["DISEASE CHARACTERISTICS:", "- x"])["inclusion"] == [
        "DISEASE CHARACTERISTICS:",
        "- x",
    ]


# --------------------------------------------------------------------------- hostile input


def refused(document: bytes, name: str = "t.xml") -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse(name, document)
    assert caught.value.document == name
    return caught.value


def test_an_rss_feed_is_refused():
    error = refused((DATA / "hostile" / "covid_search.xml").read_bytes(), "covid_search.xml")
    assert error.reason == "an RSS feed, not a study record"


def test_an_html_page_is_refused():
    error = refused((DATA / "hostile" / "Invalid-nct-id.html").read_bytes())
    assert error.reason == (
        "an HTML page ('Invalid URL Path - ClinicalTrials.gov'), not a study record"
    )


def test_an_entity_expansion_bomb_is_refused_at_once():
    entities = "".join(
        f'  <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">\n' for i in range(10)
    )
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE clinical_study [\n{entities}]>\n'
    bomb += "<clinical_study>&lol9;</clinical_study>\n"
    started = time.perf_counter()
    error = refused(bomb.encode())
    assert time.perf_counter() - started < 1
    assert error.reason == "the XML declares an entity ('lol0'): refused (entity expansion)"
    assert error.line == 3


def test_an_external_entity_is_refused_not_read(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("NCT99999999 a secret")
    document = (
        '<?xml version="1.0"?>\n<!DOCTYPE clinical_study [\n'
        f'  <!ENTITY ext SYSTEM "{secret.as_uri()}">\n]>\n'
        "<clinical_study><id_info><nct_id>&ext;</nct_id></id_info></clinical_study>"
    )
    error = refused(document.encode())
    assert error.reason == "the XML declares an external entity ('ext'): refused, not fetched"
    assert error.line == 3
    assert "secret" not in str(error)


def test_truncated_xml_says_where_it_stopped():
    data = (DATA / "xml" / "NCT00513591.xml").read_bytes()
    cut = data[: data.index(b"<eligibility>") + 5]
    error = refused(cut)
    assert error.reason == "the XML is broken: unclosed token"
    assert error.line == cut.count(b"\n") + 1 == 94
    half = refused(data[: len(data) // 2])
    assert (half.reason, half.line) == ("the XML is broken: no element found", 107)


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (b"", "the document is empty"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'/>", "an Atom feed, not a study record"),
        (b"<studies/>", "XML whose root is <studies>, not a study record"),
        (b"<search_results/>", "a list of search results, not a study record"),
        (b"<clinical_study/>", "no valid <id_info><nct_id>: not a study record"),
        (
            b"<clinical_study><id_info><nct_id>X1</nct_id></id_info></clinical_study>",
            "no valid <id_info><nct_id> ('X1'): not a study record",
        ),
    ],
)
def test_other_documents_are_refused(document: bytes, reason: str):
    assert refused(document).reason == reason


def test_looks_like_claims_markup_only():
    assert looks_like((DATA / "xml" / "NCT00513591.xml").read_text())
    assert looks_like("\ufeff\n  <rss version='2.0'>")
    assert looks_like((DATA / "hostile" / "Invalid-nct-id.html").read_text())
    assert not looks_like('{"protocolSection": {}}')
    assert not looks_like("ClinicalTrials.gov Identifier: NCT01234567")
    assert ctgov_xml.LAYOUT == "ctgov-xml"
