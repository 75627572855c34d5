"""Every API v2 JSON sample against its parsed record, field by field, through a table of
(JSON path, record getter) pairs: the table says where each value sits in the raw file and in
the record, not how one becomes the other. Then the reader's own rules, one test each."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from domain.records import (
    ContactRecord,
    DateRecord,
    InvestigatorRecord,
    OrganizationRecord,
    ParseError,
    SourceRecord,
    TrialRecord,
)
from seed.formats import ctgov_json
from seed.parse import parse_document

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "registry" / "json"
NAMES = sorted(p.name for p in SAMPLES.glob("*.json"))


@functools.cache
def raw(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@functools.cache
def parsed(name: str) -> TrialRecord:
    return parse_document(name, (SAMPLES / name).read_bytes())


def at(obj: Any, path: str) -> Any:
    """The raw value at ``path``; ``a[].b`` is the list of the ``b`` of every item of ``a``
    (items without one left out)."""
    values, many = [obj], False
    for step in path.split("."):
        name = step.removesuffix("[]")
        found = [v.get(name) for v in values if isinstance(v, dict)]
        if step.endswith("[]"):
            many, found = True, [item for v in found for item in (v or [])]
        values = [v for v in found if v is not None]
    if many:
        return values or None
    return values[0] if values else None


# How a raw value compares with the record's: as is, or by a rule the record's docs state.
def same(raw_value: Any, value: Any) -> bool:
    return raw_value == value


def text(raw_value: str, value: str | None) -> bool:
    """Markup: the same characters once escapes and white space are set aside."""
    return re.sub(r"[\s\\]", "", raw_value) == re.sub(r"\s", "", value or "")


def person(raw_value: str, value: tuple[str, str | None]) -> bool:
    """``Jane Roe, MD`` is the name ``Jane Roe`` with the degrees ``MD``."""
    name, degrees = value
    return raw_value == (f"{name}, {degrees}" if degrees else name)


def typed_name(raw_value: str, value: str) -> bool:
    """An arm's ``Drug: GET73`` names the intervention ``GET73``."""
    return raw_value.split(": ", 1)[1] == value


def each(rule):
    def compare(raw_values: list, values: list) -> bool:
        return len(raw_values) == len(values) and all(map(rule, raw_values, values))

    return compare


ID = "protocolSection.identificationModule"
STATUS = "protocolSection.statusModule"
SPONSORS = "protocolSection.sponsorCollaboratorsModule"
DESIGN = "protocolSection.designModule"
ARMS = "protocolSection.armsInterventionsModule"
OUTCOMES = "protocolSection.outcomesModule"
ELIGIBILITY = "protocolSection.eligibilityModule"
CONTACTS = "protocolSection.contactsLocationsModule"
CONDITION_BROWSE = "derivedSection.conditionBrowseModule"
INTERVENTION_BROWSE = "derivedSection.interventionBrowseModule"


def outcomes(kind: str, attr: str):
    return lambda r: [getattr(o, attr) for o in r.outcomes if o.type == kind]


def site_people(attr: str):
    return lambda r: [
        getattr(p, attr) for s in r.locations for p in (*s.contacts, *s.investigators)
    ]


PATHS: list[tuple[str, Any, Any]] = [
    (f"{ID}.nctId", lambda r: r.nct_id, same),
    (f"{ID}.nctIdAliases", lambda r: list(r.aliases), same),
    (f"{ID}.orgStudyIdInfo.id", lambda r: r.org_study_id, same),
    (f"{ID}.organization.fullName", lambda r: r.organization.full_name, same),
    (f"{ID}.organization.class", lambda r: r.organization.class_, same),
    (f"{ID}.secondaryIdInfos[].id", lambda r: list(r.secondary_ids), same),
    (f"{ID}.briefTitle", lambda r: r.brief_title, same),
    (f"{ID}.officialTitle", lambda r: r.official_title, same),
    (f"{ID}.acronym", lambda r: r.acronym, same),
    ("hasResults", lambda r: r.has_results, same),
    (f"{STATUS}.overallStatus", lambda r: r.overall_status, same),
    (f"{STATUS}.lastKnownStatus", lambda r: r.last_known_status, same),
    (f"{STATUS}.whyStopped", lambda r: r.why_stopped, same),
    (f"{STATUS}.statusVerifiedDate", lambda r: r.dates.last_verified, same),
    (f"{STATUS}.startDateStruct.date", lambda r: r.dates.start.date, same),
    (f"{STATUS}.startDateStruct.type", lambda r: r.dates.start.type, same),
    (f"{STATUS}.primaryCompletionDateStruct.date", lambda r: r.dates.primary_completion.date, same),
    (f"{STATUS}.primaryCompletionDateStruct.type", lambda r: r.dates.primary_completion.type, same),
    (f"{STATUS}.completionDateStruct.date", lambda r: r.dates.completion.date, same),
    (f"{STATUS}.completionDateStruct.type", lambda r: r.dates.completion.type, same),
    (f"{STATUS}.studyFirstPostDateStruct.date", lambda r: r.dates.first_posted, same),
    (f"{STATUS}.lastUpdatePostDateStruct.date", lambda r: r.dates.last_update_posted, same),
    (f"{SPONSORS}.leadSponsor.name", lambda r: r.sponsors[0].name, same),
    (f"{SPONSORS}.leadSponsor.class", lambda r: r.sponsors[0].class_, same),
    (f"{SPONSORS}.collaborators[].name", lambda r: [s.name for s in r.sponsors[1:]], same),
    (f"{SPONSORS}.collaborators[].class", lambda r: [s.class_ for s in r.sponsors[1:]], same),
    (f"{SPONSORS}.responsibleParty.type", lambda r: r.responsible_party.type, same),
    (
        f"{SPONSORS}.responsibleParty.investigatorFullName",
        lambda r: r.responsible_party.name,
        same,
    ),
    (f"{SPONSORS}.responsibleParty.investigatorTitle", lambda r: r.responsible_party.title, same),
    (
        f"{SPONSORS}.responsibleParty.investigatorAffiliation",
        lambda r: r.responsible_party.affiliation,
        same,
    ),
    ("protocolSection.descriptionModule.briefSummary", lambda r: r.brief_summary, text),
    (
        "protocolSection.descriptionModule.detailedDescription",
        lambda r: r.detailed_description,
        text,
    ),
    ("protocolSection.conditionsModule.conditions", lambda r: list(r.conditions), same),
    ("protocolSection.conditionsModule.keywords", lambda r: list(r.keywords), same),
    (f"{DESIGN}.studyType", lambda r: r.study_type, same),
    (f"{DESIGN}.phases", lambda r: list(r.phases), same),
    (f"{DESIGN}.targetDuration", lambda r: r.design.target_duration, same),
    (f"{DESIGN}.designInfo.allocation", lambda r: r.design.allocation, same),
    (f"{DESIGN}.designInfo.interventionModel", lambda r: r.design.intervention_model, same),
    (f"{DESIGN}.designInfo.primaryPurpose", lambda r: r.design.primary_purpose, same),
    (f"{DESIGN}.designInfo.observationalModel", lambda r: r.design.observational_model, same),
    (f"{DESIGN}.designInfo.timePerspective", lambda r: r.design.time_perspective, same),
    (f"{DESIGN}.designInfo.maskingInfo.masking", lambda r: r.design.masking, same),
    (f"{DESIGN}.designInfo.maskingInfo.whoMasked", lambda r: list(r.design.who_masked), same),
    (f"{DESIGN}.bioSpec.retention", lambda r: r.design.bio_spec_retention, same),
    (f"{DESIGN}.bioSpec.description", lambda r: r.design.bio_spec_description, text),
    (f"{DESIGN}.enrollmentInfo.count", lambda r: r.enrollment.count, same),
    (f"{DESIGN}.enrollmentInfo.type", lambda r: r.enrollment.type, same),
    (f"{ARMS}.armGroups[].label", lambda r: [a.label for a in r.arms], same),
    (f"{ARMS}.armGroups[].type", lambda r: [a.type for a in r.arms], same),
    (f"{ARMS}.armGroups[].description", lambda r: [a.description for a in r.arms], each(text)),
    (
        f"{ARMS}.armGroups[].interventionNames[]",
        lambda r: [n for a in r.arms for n in a.interventions],
        each(typed_name),
    ),
    (f"{ARMS}.interventions[].name", lambda r: [i.name for i in r.interventions], same),
    (f"{ARMS}.interventions[].type", lambda r: [i.type for i in r.interventions], same),
    (
        f"{ARMS}.interventions[].description",
        lambda r: [i.description for i in r.interventions],
        each(text),
    ),
    (
        f"{ARMS}.interventions[].otherNames[]",
        lambda r: [n for i in r.interventions for n in i.other_names],
        same,
    ),
    (
        f"{ARMS}.interventions[].armGroupLabels[]",
        lambda r: [n for i in r.interventions for n in i.arm_labels],
        same,
    ),
    (f"{OUTCOMES}.primaryOutcomes[].measure", outcomes("PRIMARY", "measure"), same),
    (f"{OUTCOMES}.primaryOutcomes[].timeFrame", outcomes("PRIMARY", "time_frame"), same),
    (f"{OUTCOMES}.primaryOutcomes[].description", outcomes("PRIMARY", "description"), each(text)),
    (f"{OUTCOMES}.secondaryOutcomes[].measure", outcomes("SECONDARY", "measure"), same),
    (f"{OUTCOMES}.secondaryOutcomes[].timeFrame", outcomes("SECONDARY", "time_frame"), same),
    (
        f"{OUTCOMES}.secondaryOutcomes[].description",
        outcomes("SECONDARY", "description"),
        each(text),
    ),
    (f"{OUTCOMES}.otherOutcomes[].measure", outcomes("OTHER", "measure"), same),
    (f"{ELIGIBILITY}.eligibilityCriteria", lambda r: r.eligibility.criteria_text, text),
    (f"{ELIGIBILITY}.healthyVolunteers", lambda r: r.eligibility.healthy_volunteers, same),
    (f"{ELIGIBILITY}.sex", lambda r: r.eligibility.sex, same),
    (f"{ELIGIBILITY}.minimumAge", lambda r: r.eligibility.minimum_age, same),
    (f"{ELIGIBILITY}.maximumAge", lambda r: r.eligibility.maximum_age, same),
    (f"{ELIGIBILITY}.stdAges", lambda r: list(r.eligibility.std_ages), same),
    (f"{ELIGIBILITY}.studyPopulation", lambda r: r.eligibility.study_population, text),
    (f"{ELIGIBILITY}.samplingMethod", lambda r: r.eligibility.sampling_method, same),
    (
        f"{CONTACTS}.centralContacts[].name",
        lambda r: [(c.name, c.degrees) for c in r.contacts],
        each(person),
    ),
    (f"{CONTACTS}.centralContacts[].role", lambda r: [c.role for c in r.contacts], same),
    (f"{CONTACTS}.centralContacts[].phone", lambda r: [c.phone for c in r.contacts], same),
    (
        f"{CONTACTS}.centralContacts[].phoneExt",
        lambda r: [c.phone_ext for c in r.contacts],
        same,
    ),
    (f"{CONTACTS}.centralContacts[].email", lambda r: [c.email for c in r.contacts], same),
    (
        f"{CONTACTS}.overallOfficials[].name",
        lambda r: [(o.name, o.degrees) for o in r.officials],
        each(person),
    ),
    (f"{CONTACTS}.overallOfficials[].role", lambda r: [o.role for o in r.officials], same),
    (
        f"{CONTACTS}.overallOfficials[].affiliation",
        lambda r: [o.affiliation for o in r.officials],
        same,
    ),
    (f"{CONTACTS}.locations[].facility", lambda r: [s.facility for s in r.locations], same),
    (f"{CONTACTS}.locations[].status", lambda r: [s.status for s in r.locations], same),
    (f"{CONTACTS}.locations[].city", lambda r: [s.city for s in r.locations], same),
    (f"{CONTACTS}.locations[].state", lambda r: [s.state for s in r.locations], same),
    (f"{CONTACTS}.locations[].zip", lambda r: [s.zip for s in r.locations], same),
    (f"{CONTACTS}.locations[].country", lambda r: [s.country for s in r.locations], same),
    (f"{CONTACTS}.locations[].geoPoint.lat", lambda r: [s.latitude for s in r.locations], same),
    (f"{CONTACTS}.locations[].geoPoint.lon", lambda r: [s.longitude for s in r.locations], same),
    (
        f"{CONTACTS}.locations[].contacts[].name",
        lambda r: [
            (p.name, p.degrees) for s in r.locations for p in (*s.contacts, *s.investigators)
        ],
        each(person),
    ),
    (f"{CONTACTS}.locations[].contacts[].role", site_people("role"), same),
    (f"{CONTACTS}.locations[].contacts[].phone", site_people("phone"), same),
    (
        f"{CONTACTS}.locations[].contacts[].phoneExt",
        site_people("phone_ext"),
        same,
    ),
    (f"{CONTACTS}.locations[].contacts[].email", site_people("email"), same),
    (
        "protocolSection.referencesModule.references[].pmid",
        lambda r: [x.pmid for x in r.references],
        same,
    ),
    (
        "protocolSection.referencesModule.references[].type",
        lambda r: [x.type for x in r.references],
        same,
    ),
    (
        "protocolSection.referencesModule.references[].citation",
        lambda r: [x.citation for x in r.references],
        same,
    ),
    (f"{CONDITION_BROWSE}.meshes[].term", lambda r: list(r.mesh_terms), same),
    (f"{CONDITION_BROWSE}.meshes[].term", lambda r: [m.term for m in r.condition_meshes], same),
    (f"{CONDITION_BROWSE}.meshes[].id", lambda r: [m.id for m in r.condition_meshes], same),
    (
        f"{CONDITION_BROWSE}.ancestors[].term",
        lambda r: [m.term for m in r.condition_ancestors],
        same,
    ),
    (f"{CONDITION_BROWSE}.ancestors[].id", lambda r: [m.id for m in r.condition_ancestors], same),
    (
        f"{INTERVENTION_BROWSE}.meshes[].term",
        lambda r: [m.term for m in r.intervention_meshes],
        same,
    ),
    (f"{INTERVENTION_BROWSE}.meshes[].id", lambda r: [m.id for m in r.intervention_meshes], same),
    (
        f"{INTERVENTION_BROWSE}.ancestors[].term",
        lambda r: [m.term for m in r.intervention_ancestors],
        same,
    ),
    (
        f"{INTERVENTION_BROWSE}.ancestors[].id",
        lambda r: [m.id for m in r.intervention_ancestors],
        same,
    ),
]

# What the samples hold and the record does not (yet): each is named, none is dropped unseen.
NOT_IN_RECORD = (
    "annotationSection",
    "documentSection",
    "resultsSection",
    f"{CONDITION_BROWSE}.browseLeaves",
    f"{CONDITION_BROWSE}.browseBranches",
    f"{INTERVENTION_BROWSE}.browseLeaves",
    f"{INTERVENTION_BROWSE}.browseBranches",
    "derivedSection.miscInfoModule",
    f"{ID}.secondaryIdInfos[].type",
    f"{ID}.secondaryIdInfos[].domain",
    f"{ID}.secondaryIdInfos[].link",
    f"{STATUS}.expandedAccessInfo",
    f"{STATUS}.studyFirstSubmitDate",
    f"{STATUS}.studyFirstSubmitQcDate",
    f"{STATUS}.studyFirstPostDateStruct.type",
    f"{STATUS}.lastUpdateSubmitDate",
    f"{STATUS}.lastUpdatePostDateStruct.type",
    f"{STATUS}.resultsFirstSubmitDate",
    f"{STATUS}.resultsFirstSubmitQcDate",
    f"{STATUS}.resultsFirstPostDateStruct",
    f"{STATUS}.dispFirstSubmitDate",
    f"{STATUS}.dispFirstSubmitQcDate",
    f"{STATUS}.dispFirstPostDateStruct",
    "protocolSection.oversightModule",
    f"{DESIGN}.patientRegistry",
    f"{DESIGN}.designInfo.interventionModelDescription",
    f"{DESIGN}.designInfo.maskingInfo.maskingDescription",
    "protocolSection.ipdSharingStatementModule",
    "protocolSection.referencesModule.seeAlsoLinks",
    "protocolSection.referencesModule.availIpds",
)


def leaves(obj: Any, path: str = "") -> set[str]:
    if isinstance(obj, dict):
        return set().union(*(leaves(v, f"{path}.{k}" if path else k) for k, v in obj.items()))
    if isinstance(obj, list):
        return set().union(set(), *(leaves(v, f"{path}[]") for v in obj))
    return {path}


def covered(path: str) -> bool:
    def under(prefix: str) -> bool:
        return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))

    return any(under(p) for p, _, _ in PATHS) or any(under(p) for p in NOT_IN_RECORD)


CASES = [(name, i) for name in NAMES for i in range(len(PATHS))]


@pytest.mark.parametrize(("name", "row"), CASES, ids=[f"{n[:11]}-{i}" for n, i in CASES])
def test_sample_field(name: str, row: int) -> None:
    path, getter, compare = PATHS[row]
    raw_value = at(raw(name), path)
    try:
        value = getter(parsed(name))
    except (AttributeError, IndexError):  # no sponsor, no responsible party ...
        value = None
    if isinstance(value, list):
        value = [v for v in value if v is not None] or None
    if raw_value is None:
        assert value is None, path  # the record has nothing there, as the file has nothing
    else:
        assert compare(raw_value, value), path


@pytest.mark.parametrize("name", NAMES)
def test_every_sample_value_is_mapped_or_named_as_not_held(name: str) -> None:
    assert sorted(p for p in leaves(raw(name)) if not covered(p)) == []


def test_the_samples_show_coordinates_mesh_ids_organization_and_results():
    record = parsed("NCT03418623.json")
    site = record.locations[0]
    assert (site.city, site.latitude, site.longitude) == ("Charleston", 32.77657, -79.93092)
    assert record.condition_meshes[0].id == "D000000437"
    assert record.condition_ancestors[-1].term == "Mental Disorders"
    assert record.organization.full_name == "Laboratorio Farmaceutico Ct S.r.l."
    assert record.has_results is False
    assert (
        record.source == SourceRecord("NCT03418623.json", "ctgov-json", record.source.sha256)
        and len(record.source.sha256) == 64
    )
    assert parsed("NCT02552212.json").has_results is True


# --------------------------------------------------------------------------- the reader's rules

SOURCE = SourceRecord("study.json", "ctgov-json", "0" * 64)


def study(**modules: Any) -> dict:
    """A minimal study: an NCT id, plus the given protocolSection modules."""
    identification = {"nctId": "NCT01234567"} | modules.pop("identificationModule", {})
    return {"protocolSection": {"identificationModule": identification, **modules}}


def read(obj: dict) -> TrialRecord:
    return ctgov_json.parse_study(obj, SOURCE)


def refused(obj: Any) -> str:
    with pytest.raises(ParseError) as info:
        read(obj)
    assert info.value.document == "study.json"
    return info.value.reason


def test_a_wrong_type_where_a_string_belongs_names_the_path():
    reason = refused(study(identificationModule={"briefTitle": 42}))
    assert reason == (
        "protocolSection.identificationModule.briefTitle: expected a string, got a number (42)"
    )
    sites = {"locations": [{"city": "Oslo"}, {"city": ["Bergen"]}]}
    assert refused(study(contactsLocationsModule=sites)) == (
        "protocolSection.contactsLocationsModule.locations[1].city: expected a string, got an array"
    )
    sites = {"locations": [{"geoPoint": {"lat": "59.9", "lon": 10.7}}]}
    assert refused(study(contactsLocationsModule=sites)).startswith(
        "protocolSection.contactsLocationsModule.locations[0].geoPoint.lat: expected a number"
    )
    assert refused(study(statusModule=["COMPLETED"])) == (
        "protocolSection.statusModule: expected an object, got an array"
    )


def test_no_protocol_section_no_nct_id_and_no_object_are_refused():
    assert refused({"derivedSection": {}, "hasResults": False}) == (
        "a study without protocolSection"
    )
    assert refused({"protocolSection": {"identificationModule": {}}}).startswith(
        "no protocolSection.identificationModule.nctId"
    )
    assert refused(study(identificationModule={"nctId": "12345"})).startswith(
        "protocolSection.identificationModule.nctId: expected an NCT id"
    )
    assert refused([1, 2]) == "not a study object: an array"


def test_enums_are_v2_values_and_unknown_ones_are_left_out():
    record = read(
        study(
            statusModule={"overallStatus": "RECRUITING", "lastKnownStatus": "SOMETHING_NEW"},
            designModule={"phases": ["PHASE1", "PHASE2", "PHASE9"], "studyType": "INTERVENTIONAL"},
        )
    )
    assert record.overall_status == "RECRUITING"
    assert record.last_known_status is None
    assert record.phases == ("PHASE1", "PHASE2")
    assert record.study_type == "INTERVENTIONAL"


def test_dates_keep_their_precision_and_their_type():
    record = read(
        study(
            statusModule={
                "startDateStruct": {"date": "2016-03"},
                "completionDateStruct": {"date": "2019", "type": "ESTIMATED"},
                "primaryCompletionDateStruct": {"date": "2018-02-30", "type": "ACTUAL"},
                "statusVerifiedDate": "2020-10",
            }
        )
    )
    assert record.dates.start == DateRecord("2016-03")
    assert record.dates.completion == DateRecord("2019", "ESTIMATED")
    assert record.dates.primary_completion is None  # no such day: not a date at all
    assert record.dates.last_verified == "2020-10"


def test_ages_use_the_age_helpers():
    record = read(study(eligibilityModule={"minimumAge": "6 Months", "maximumAge": "17 Years"}))
    e = record.eligibility
    assert (e.minimum_age, e.minimum_age_years) == ("6 Months", 0.5)
    assert (e.maximum_age, e.maximum_age_years) == ("17 Years", 17.0)


def test_arms_name_interventions_as_the_interventions_do():
    module = {
        "armGroups": [
            {"label": "A", "interventionNames": ["Drug: GET73", "Dietary Supplement: Vit: D"]},
            {"label": "B", "interventionNames": ["Other: Placebo", "Radiation: Unlisted"]},
        ],
        "interventions": [
            {"type": "DRUG", "name": "GET73", "armGroupLabels": ["A"]},
            {"type": "DIETARY_SUPPLEMENT", "name": "Vit: D", "armGroupLabels": ["A"]},
            {"type": "OTHER", "name": "Placebo", "armGroupLabels": ["B"]},
        ],
    }
    record = read(study(armsInterventionsModule=module))
    assert [a.interventions for a in record.arms] == [("GET73", "Vit: D"), ("Placebo", "Unlisted")]
    assert [i.arm_labels for i in record.interventions] == [("A",), ("A",), ("B",)]


def test_site_contacts_and_investigators_are_told_apart_by_role():
    people = [
        {"name": "Jane Roe, MD, PhD", "role": "CONTACT", "phone": "555", "phoneExt": "12"},
        {"name": "John Roe, Jr., MD", "role": "PRINCIPAL_INVESTIGATOR"},
        {"name": "Ann Poe", "role": "SUB_INVESTIGATOR"},
    ]
    record = read(study(contactsLocationsModule={"locations": [{"contacts": people}]}))
    site = record.locations[0]
    assert site.contacts == (ContactRecord("Jane Roe", "MD, PhD", "CONTACT", "555", None, "12"),)
    assert site.investigators == (
        InvestigatorRecord("John Roe, Jr.", "MD", "PRINCIPAL_INVESTIGATOR"),
        InvestigatorRecord("Ann Poe", None, "SUB_INVESTIGATOR"),
    )


def test_sponsors_outcomes_and_records_without_their_required_field():
    record = read(
        study(
            sponsorCollaboratorsModule={
                "leadSponsor": {"name": "Acme", "class": "INDUSTRY"},
                "collaborators": [{"class": "NIH"}, {"name": "NCI", "class": "NIH"}],
            },
            outcomesModule={
                "primaryOutcomes": [{"measure": "OS", "timeFrame": "2 years"}],
                "otherOutcomes": [{"measure": "QoL"}, {"timeFrame": "no measure"}],
            },
        )
    )
    assert [(s.name, s.role, s.class_) for s in record.sponsors] == [
        ("Acme", "LEAD", "INDUSTRY"),
        ("NCI", "COLLABORATOR", "NIH"),
    ]
    assert [(o.measure, o.type) for o in record.outcomes] == [("OS", "PRIMARY"), ("QoL", "OTHER")]


def test_markup_fields_lose_their_escapes_and_plain_fields_keep_backslashes():
    record = read(
        study(
            identificationModule={"briefTitle": "A  study of X\\Y"},
            descriptionModule={"briefSummary": "Platelets \\> 100 \\[sic\\]\n\nAT\\&T"},
        )
    )
    assert record.brief_title == "A study of X\\Y"
    assert record.brief_summary == "Platelets > 100 [sic]\nAT&T"


def test_aliases_organization_has_results_and_observational_fields():
    record = read(
        study(
            identificationModule={
                "nctIdAliases": ["NCT00980226"],
                "organization": {"fullName": "NCI", "class": "NIH"},
            },
            designModule={
                "bioSpec": {"retention": "SAMPLES_WITH_DNA", "description": "Whole blood"},
                "targetDuration": "6 Months",
            },
            eligibilityModule={
                "studyPopulation": "Adults \\>= 65",
                "samplingMethod": "PROBABILITY_SAMPLE",
            },
        )
        | {"hasResults": True}
    )
    assert record.aliases == ("NCT00980226",)
    assert record.organization == OrganizationRecord("NCI", "NIH")
    assert record.has_results is True
    assert (record.design.bio_spec_retention, record.design.bio_spec_description) == (
        "SAMPLES_WITH_DNA",
        "Whole blood",
    )
    assert record.design.target_duration == "6 Months"
    assert record.eligibility.study_population == "Adults >= 65"
    assert record.eligibility.sampling_method == "PROBABILITY_SAMPLE"
