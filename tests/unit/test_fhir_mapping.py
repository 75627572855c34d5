"""The ResearchStudy mapping (domain/fhir/mapping.py): every seed and handcrafted trials
validate as FHIR R5 resources (fhir.resources), with the values the mapping promises."""

from __future__ import annotations

import dataclasses
import json

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.researchstudy import ResearchStudy

from domain.fhir.codes import ELEMENTS, SUMMARY_ELEMENTS
from domain.fhir.mapping import research_study
from domain.fhir.resources import searchset, subset
from domain.records import (
    ContactRecord,
    DateRecord,
    DatesRecord,
    DesignRecord,
    EligibilityRecord,
    EnrollmentRecord,
    InvestigatorRecord,
    LocationRecord,
    MeshRecord,
    OfficialRecord,
    OrganizationRecord,
    OutcomeRecord,
    ReferenceRecord,
    SponsorRecord,
    to_dict,
)
from tests.support.factories import trial_record
from tests.support.paths import ROOT

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


def valid(resource: dict) -> dict:
    """The resource, after fhir.resources has validated it as R5 (it rejects unknown
    elements, wrong types, bad dates and codes, and missing required elements)."""
    ResearchStudy.model_validate(resource)
    return resource


def coding(concept: dict) -> tuple[str, str]:
    (c,) = concept["coding"]
    return c["system"], c["code"]


def full_trial(**overrides) -> dict:
    """A trial with every field the mapping reads, as the served document has it."""
    record = trial_record(
        "NCT01234567",
        aliases=("NCT00000042",),
        org_study_id="ABC-123",
        organization=OrganizationRecord("Example University", "OTHER"),
        secondary_ids=("2020-001234-56",),
        official_title="A Randomised Trial of Drug X in Gastric Cancer",
        acronym="XGC",
        has_results=True,
        phases=("PHASE2", "PHASE3"),
        enrollment=EnrollmentRecord(120, "ESTIMATED"),
        design=DesignRecord(
            allocation="RANDOMIZED",
            intervention_model="PARALLEL",
            masking="DOUBLE",
            who_masked=("PARTICIPANT", "INVESTIGATOR"),
            primary_purpose="TREATMENT",
        ),
        dates=DatesRecord(
            start=DateRecord("2020-03", "ACTUAL"),
            primary_completion=DateRecord("2023-06-30", "ESTIMATED"),
            completion=DateRecord("2024", "ESTIMATED"),
            first_posted="2020-01-15",
            last_update_posted="2024-05-02",
        ),
        conditions=("Stomach Neoplasms", "Peritoneal metastasis"),
        keywords=("HER2",),
        condition_meshes=(MeshRecord("Stomach Neoplasms", "D013274"),),
        condition_ancestors=(MeshRecord("Neoplasms", "D009369"),),
        intervention_meshes=(MeshRecord("Paclitaxel", "D017239"),),
        brief_summary="Drug X against gastric cancer.",
        detailed_description="**Long** description.",
        sponsors=(
            SponsorRecord("Example University", "LEAD", "OTHER"),
            SponsorRecord("Pharma Inc", "COLLABORATOR", "INDUSTRY"),
            SponsorRecord("National Cancer Institute", "COLLABORATOR", "NIH"),
        ),
        officials=(OfficialRecord("Ann Lee", "MD", "PRINCIPAL_INVESTIGATOR", "Example Hospital"),),
        contacts=(
            ContactRecord("Bo Chen", None, "CONTACT", "+1 555 0100", "bo@example.org", "12"),
        ),
        locations=(
            LocationRecord(
                facility="Example Hospital",
                city="Boston",
                state="Massachusetts",
                zip="02115",
                country="United States",
                status="RECRUITING",
                contacts=(ContactRecord("Site Desk", phone="+1 555 0199"),),
                investigators=(InvestigatorRecord("Cy Park", "PhD", "SUB_INVESTIGATOR"),),
                latitude=42.3601,
                longitude=-71.0589,
            ),
            LocationRecord(facility="Hangzhou Site", city="Hangzhou", country="China"),
        ),
        references=(
            ReferenceRecord("Lee A. Drug X. J Onc. 2019.", "31570753", "BACKGROUND"),
            ReferenceRecord("A citation without a PubMed id."),
        ),
        eligibility=EligibilityRecord(
            minimum_age="6 Months",
            minimum_age_years=0.5,
            sex="FEMALE",
            healthy_volunteers=False,
            criteria_text="Inclusion Criteria:\n- Gastric cancer",
        ),
        outcomes=(
            OutcomeRecord("Overall survival", "PRIMARY", "2 years", "Death from any cause"),
            OutcomeRecord("Toxicity", "OTHER"),
            OutcomeRecord("Quality of life"),
        ),
    )
    return to_dict(dataclasses.replace(record, **overrides))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_every_seed_maps_to_a_valid_research_study(path):
    trial = json.loads(path.read_text())
    study = valid(research_study(trial))
    assert study["id"] == trial["nct_id"]
    assert study["identifier"][0] == {
        "use": "official",
        "system": "https://clinicaltrials.gov",
        "value": trial["nct_id"],
    }
    assert [c["text"] for c in study["condition"]][: len(trial["conditions"])] == trial[
        "conditions"
    ]
    assert [g["name"] for g in study.get("comparisonGroup", [])] == [
        a["label"] for a in trial["arms"]
    ]
    assert len(study.get("site", [])) == len(trial["locations"])
    assert [o["name"] for o in study.get("outcomeMeasure", [])] == [
        o["measure"] for o in trial["outcomes"]
    ]
    assert list(study) == ["resourceType", *[e for e in ELEMENTS if e in study]]


def test_a_seed_in_detail():
    trial = json.loads(GOLDEN[0].read_text())  # NCT02713984: withdrawn, phase 1/2
    study = valid(research_study(trial))
    assert study["status"] == "active"
    assert coding(study["phase"]) == ("http://hl7.org/fhir/research-study-phase", "phase-1-phase-2")
    assert coding(study["progressStatus"][0]["state"]) == (
        "http://hl7.org/fhir/research-study-status",
        "withdrawn",
    )
    assert study["progressStatus"][1] == {
        "state": {
            "coding": [
                {
                    "system": "http://hl7.org/fhir/research-study-status",
                    "code": "overall-study",
                    "display": "Overall study",
                }
            ]
        },
        "actual": False,  # the start date's type is not given
        "period": {"start": "2016-03", "end": "2019-07"},
    }
    assert study["period"] == {"start": "2016-03", "end": "2019-07"}
    assert study["whyStopped"] == {"text": "Reform CAR structure due to safety consideration"}
    assert study["recruitment"] == {"actualNumber": 0, "eligibility": {"reference": "#eligibility"}}
    group = study["contained"][0]
    assert group["resourceType"] == "Group" and group["id"] == "eligibility"
    assert group["characteristic"][0]["valueRange"] == {
        "low": {"value": 18, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
        "high": {"value": 80, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"},
    }
    assert group["description"].startswith("Inclusion Criteria:\n- Relapsed or refractory")
    assert study["region"] == [
        {"coding": [{"system": "urn:iso:std:iso:3166", "code": "CN"}], "text": "China"}
    ]
    site = study["contained"][1]
    assert site["address"] == {
        "city": "Chongqing",
        "state": "Chongqing",
        "postalCode": "400000",
        "country": "China",
    }
    assert study["site"] == [{"reference": "#site-1", "display": site["name"]}]
    (arm,) = study["comparisonGroup"]
    assert arm["type"]["coding"][0]["code"] == "experimental"
    assert arm["intendedExposure"] == [{"display": "Anti-HER2 CAR-T"}]
    assert study["focus"] == [{"concept": {"text": "Anti-HER2 CAR-T"}}]
    official = next(p for p in study["associatedParty"] if p["name"] == "Cheng Qian, MD,PhD")
    assert coding(official["role"]) == (
        "http://hl7.org/fhir/research-study-party-role",
        "primary-investigator",
    )
    role = next(c for c in study["contained"] if f"#{c['id']}" == official["party"]["reference"])
    assert role["organization"] == {"display": "Southwest Hospital, China"}


def test_every_field_of_a_full_trial():
    study = valid(research_study(full_trial()))
    assert study["identifier"] == [
        {"use": "official", "system": "https://clinicaltrials.gov", "value": "NCT01234567"},
        {"use": "old", "system": "https://clinicaltrials.gov", "value": "NCT00000042"},
        {"use": "secondary", "value": "ABC-123", "assigner": {"display": "Example University"}},
        {"use": "secondary", "value": "2020-001234-56"},
    ]
    assert [(lab["type"]["coding"][0]["code"], lab["value"]) for lab in study["label"]] == [
        ("short-title", "Trial NCT01234567"),
        ("official", "A Randomised Trial of Drug X in Gastric Cancer"),
        ("acronym", "XGC"),
    ]
    assert study["condition"] == [
        {
            "text": "Stomach Neoplasms",
            "coding": [
                {
                    "system": "https://www.nlm.nih.gov/mesh",
                    "code": "D013274",
                    "display": "Stomach Neoplasms",
                }
            ],
        },
        {"text": "Peritoneal metastasis"},
    ]
    assert study["keyword"][1]["coding"][0]["code"] == "D009369"  # the ancestor, coded
    assert [f["concept"].get("coding", [{}])[0].get("code") for f in study["focus"]] == [
        None,
        "D017239",
    ]
    assert coding(study["phase"])[1] == "phase-2-phase-3"
    assert coding(study["primaryPurposeType"])[1] == "treatment"
    assert [d["text"] for d in study["studyDesign"]] == [
        "Study type: interventional",
        "Allocation: randomized",
        "Intervention model: parallel",
        "Masking: double (participant, investigator)",
    ]
    assert study["period"] == {"start": "2020-03", "end": "2024"}
    assert study["recruitment"]["targetNumber"] == 120
    assert study["descriptionSummary"] == "Drug X against gastric cancer."
    assert study["description"] == "**Long** description."
    results = study["relatedArtifact"][1]
    assert results["document"] == {
        "url": "https://clinicaltrials.gov/study/NCT01234567?tab=results"
    }
    citation = study["relatedArtifact"][2]
    assert citation["document"] == {"url": "https://pubmed.ncbi.nlm.nih.gov/31570753/"}
    assert citation["classifier"] == [{"text": "Background"}]
    roles = [
        (p["name"], p["role"].get("coding", [{}])[0].get("code")) for p in study["associatedParty"]
    ]
    assert roles == [
        ("Example University", "lead-sponsor"),
        ("Pharma Inc", "collaborator"),
        ("National Cancer Institute", "collaborator"),
        ("Ann Lee, MD", "primary-investigator"),
        ("Bo Chen", "recruitment-contact"),
        ("Cy Park, PhD", "sub-investigator"),
    ]
    industry = study["associatedParty"][1]["classifier"][0]
    assert coding(industry) == (
        "http://hl7.org/fhir/research-study-party-organization-type",
        "industry",
    )
    contained = {c["id"]: c for c in study["contained"]}
    site = contained["site-1"]
    assert site["position"] == {"latitude": 42.3601, "longitude": -71.0589}
    assert site["description"] == "Recruitment status: recruiting"
    assert site["contact"] == [
        {"name": [{"text": "Site Desk"}], "telecom": [{"system": "phone", "value": "+1 555 0199"}]}
    ]
    contact = next(c for c in contained.values() if c["id"].startswith("contact-"))
    assert contact["contact"] == [
        {
            "telecom": [
                {"system": "phone", "value": "+1 555 0100 ext. 12"},
                {"system": "email", "value": "bo@example.org"},
            ]
        }
    ]
    investigator = next(c for c in contained.values() if c["id"].startswith("investigator-"))
    assert investigator["location"] == [{"reference": "#site-1"}]
    assert [r["coding"][0]["code"] for r in study["region"]] == ["US", "CN"]
    group = contained["eligibility"]
    assert group["characteristic"][0]["valueRange"] == {
        "low": {"value": 0.5, "unit": "years", "system": "http://unitsofmeasure.org", "code": "a"}
    }
    assert group["characteristic"][1]["valueCodeableConcept"]["coding"][0]["code"] == "female"
    assert [(o["name"], o.get("type", [{}])[0].get("text")) for o in study["outcomeMeasure"]] == [
        ("Overall survival", "Primary"),
        ("Toxicity", "Exploratory"),
        ("Quality of life", None),
    ]
    assert (
        study["outcomeMeasure"][0]["description"] == "Death from any cause\n\nTime frame: 2 years"
    )


def test_codes_degrade_to_text():
    trial = full_trial(
        overall_status="UNKNOWN",
        last_known_status="RECRUITING",
        phases=("PHASE1", "PHASE3"),  # no R5 code for this pair
        condition_meshes=(),
        mesh_terms=("Stomach Neoplasms", "Neoplasm Metastasis"),
        design=DesignRecord(primary_purpose="ECT"),
    )
    study = valid(research_study(trial))
    assert study["progressStatus"][0]["state"] == {"text": "Unknown (last known: recruiting)"}
    assert study["phase"] == {"text": "Phase1, Phase3"}
    assert study["primaryPurposeType"] == {"text": "Ect"}
    assert study["condition"] == [{"text": "Stomach Neoplasms"}, {"text": "Peritoneal metastasis"}]
    assert study["keyword"] == [  # MeSH names without ids: search terms, none repeated
        {"text": "HER2"},
        {
            "text": "Neoplasms",
            "coding": [
                {
                    "system": "https://www.nlm.nih.gov/mesh",
                    "code": "D009369",
                    "display": "Neoplasms",
                }
            ],
        },
        {"text": "Neoplasm Metastasis"},
    ]


def test_a_bare_trial_is_still_a_valid_study():
    study = valid(research_study({"nct_id": "NCT00000009"}))
    assert study == {
        "resourceType": "ResearchStudy",
        "id": "NCT00000009",
        "identifier": [
            {"use": "official", "system": "https://clinicaltrials.gov", "value": "NCT00000009"}
        ],
        "relatedArtifact": [
            {
                "type": "documentation",
                "display": "The study's record on ClinicalTrials.gov",
                "document": {"url": "https://clinicaltrials.gov/study/NCT00000009"},
            }
        ],
        "status": "active",
    }


def test_an_observational_trial():
    trial = full_trial(
        study_type="OBSERVATIONAL",
        phases=(),
        design=DesignRecord(observational_model="COHORT", time_perspective="PROSPECTIVE"),
        eligibility=EligibilityRecord(
            sex="ALL",
            study_population="Adults seen at the clinic",
            sampling_method="PROBABILITY_SAMPLE",
        ),
    )
    study = valid(research_study(trial))
    assert "phase" not in study
    assert [d["text"] for d in study["studyDesign"]] == [
        "Study type: observational",
        "Observational model: cohort",
        "Time perspective: prospective",
    ]
    group = next(c for c in study["contained"] if c["id"] == "eligibility")
    assert group == {
        "resourceType": "Group",
        "id": "eligibility",
        "type": "person",
        "membership": "definitional",
        "name": "Eligibility criteria",
        "description": "Study population: Adults seen at the clinic",
    }


def test_element_lists_are_r5s():
    assert list(ELEMENTS) == ResearchStudy.elements_sequence()
    assert list(SUMMARY_ELEMENTS) == ResearchStudy.summary_elements_sequence()


def test_summary_keeps_the_summary_elements_and_what_they_refer_to():
    study = research_study(full_trial())
    summary = valid(subset(study, "true", ()))
    assert [k for k in summary if k not in ("resourceType", "contained")] == [
        e for e in SUMMARY_ELEMENTS if e in summary
    ]
    assert summary["meta"]["tag"][0]["code"] == "SUBSETTED"
    assert {c["id"] for c in summary["contained"]} == {"eligibility", "site-1", "site-2"}
    only_title = valid(subset(study, None, ("title",)))
    assert set(only_title) == {"resourceType", "id", "meta", "title", "status"}
    parties = valid(subset(study, None, ("associatedParty",)))
    assert {c["id"] for c in parties["contained"]} == {
        "investigator-1",
        "official-2",
        "contact-3",
        "site-1",  # the investigator's role refers to the site
    }
    assert subset(study, "false", ()) is study
    assert subset(study, "data", ()) is study


def test_a_searchset_bundle_validates():
    studies = [research_study(json.loads(p.read_text())) for p in GOLDEN]
    bundle = searchset(
        studies,
        base="http://example.org/fhir",
        self_url="http://example.org/fhir/ResearchStudy?_count=5",
        next_url="http://example.org/fhir/ResearchStudy?_count=5&_cursor=abc",
        total=9,
    )
    Bundle.model_validate(bundle)
    assert (
        bundle["entry"][0]["fullUrl"] == f"http://example.org/fhir/ResearchStudy/{studies[0]['id']}"
    )
    assert [link["relation"] for link in bundle["link"]] == ["self", "next"]
