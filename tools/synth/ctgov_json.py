"""A ``TrialRecord`` written as a ClinicalTrials.gov API v2 study object.

``study_object(rec, rng)`` maps every field the record holds to its v2 path (the samples in the
registry's own JSON and its ``ctg-oas-v2.yaml`` data model): ``protocolSection`` module by
module, ``derivedSection`` (MeSH browse modules with ids, ancestors, leaves and branches) and
``hasResults``; ``rng`` draws what no record field holds but a real study carries (submission
dates, oversight, data sharing, browse leaves, the ``resultsSection`` of a study with results),
so a reader gets through the registry's bulk, not only the fields it keeps.

Markup fields (summaries, descriptions, criteria, populations) are CommonMark (``markup``);
people's degrees go into their names (``Jane Roe, MD, PhD``); an arm names its interventions
``Drug: X``; empty values are left out, as the registry leaves them out.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from domain.records import (
    ContactRecord,
    DateRecord,
    LocationRecord,
    MeshRecord,
    TrialRecord,
)
from tools.synth.draw import choice, randint, sample
from tools.synth.markup import criteria_markdown, numbered, paragraphs
from tools.synth.registry import AREA_OF
from tools.synth.results import results_section
from tools.synth.vocab.mesh import (
    ALL_CONDITIONS,
    ALL_DRUGS,
    CONDITION_BRANCHES,
    INTERVENTION_BRANCHES,
    leaf_id,
)
from tools.synth.vocab.registry import IPD_DESCRIPTIONS, IPD_INFO_TYPES

VERSION_HOLDER = "2025-06-27"  # the registry data version the synthetic studies claim


def _pruned(obj: dict) -> dict:
    """``obj`` without ``None``, empty strings, lists and objects: the registry leaves them out."""
    return {k: v for k, v in obj.items() if v is not None and v != () and v != [] and v != {}}


def _with_degrees(name: str | None, degrees: str | None) -> str | None:
    return f"{name}, {degrees}" if name and degrees else name


def _type_label(kind: str | None) -> str:
    """``DIETARY_SUPPLEMENT`` -> ``Dietary Supplement`` (an arm's ``interventionNames``)."""
    return (kind or "OTHER").replace("_", " ").title()


def _date_struct(date: str | None, kind: str | None = None) -> dict | None:
    return _pruned({"date": date, "type": kind}) if date else None


def _date_of(date: DateRecord | None) -> dict | None:
    return _date_struct(date.date, date.type) if date else None


def _days_before(date: str | None, days: int) -> str | None:
    if date is None or len(date) != 10:
        return date
    return (dt.date.fromisoformat(date) - dt.timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------- protocolSection


def _identification(rec: TrialRecord) -> dict:
    org = rec.organization
    return _pruned(
        {
            "nctId": rec.nct_id,
            "nctIdAliases": list(rec.aliases),
            "orgStudyIdInfo": {"id": rec.org_study_id} if rec.org_study_id else None,
            "secondaryIdInfos": [
                _pruned({"id": s, "type": "EUDRACT_NUMBER" if s[:2] in ("19", "20") else None})
                for s in rec.secondary_ids
            ],
            "organization": _pruned({"fullName": org.full_name, "class": org.class_})
            if org
            else None,
            "briefTitle": rec.brief_title,
            "officialTitle": rec.official_title,
            "acronym": rec.acronym,
        }
    )


def _status(rec: TrialRecord, rng: random.Random) -> dict:
    d = rec.dates
    posted, updated = d.first_posted, d.last_update_posted
    out = {
        "statusVerifiedDate": d.last_verified,
        "overallStatus": rec.overall_status,
        "lastKnownStatus": rec.last_known_status,
        "whyStopped": rec.why_stopped,
        "expandedAccessInfo": {"hasExpandedAccess": rng.random() < 0.01},
        "startDateStruct": _date_of(d.start),
        "primaryCompletionDateStruct": _date_of(d.primary_completion),
        "completionDateStruct": _date_of(d.completion),
        "studyFirstSubmitDate": _days_before(posted, randint(rng, 2, 30)),
        "studyFirstSubmitQcDate": _days_before(posted, randint(rng, 0, 2)),
        "studyFirstPostDateStruct": _date_struct(posted, "ACTUAL"),
    }
    if rec.has_results:
        results = max(_days_before(updated, randint(rng, 0, 400)), posted or "")
        out.update(
            resultsFirstSubmitDate=_days_before(results, randint(rng, 20, 90)),
            resultsFirstSubmitQcDate=_days_before(results, randint(rng, 0, 3)),
            resultsFirstPostDateStruct=_date_struct(results, "ACTUAL"),
        )
    out.update(
        lastUpdateSubmitDate=_days_before(updated, randint(rng, 0, 3)),
        lastUpdatePostDateStruct=_date_struct(updated, "ACTUAL"),
    )
    return _pruned(out)


def _sponsors(rec: TrialRecord) -> dict:
    party = rec.responsible_party
    lead = [s for s in rec.sponsors if s.role == "LEAD"]
    return _pruned(
        {
            "responsibleParty": _pruned(
                {
                    "type": party.type,
                    "investigatorFullName": party.name,
                    "investigatorTitle": party.title,
                    "investigatorAffiliation": party.affiliation,
                }
            )
            if party
            else None,
            "leadSponsor": _pruned({"name": lead[0].name, "class": lead[0].class_})
            if lead
            else None,
            "collaborators": [
                _pruned({"name": s.name, "class": s.class_})
                for s in rec.sponsors
                if s.role == "COLLABORATOR"
            ],
        }
    )


def _design(rec: TrialRecord) -> dict:
    d = rec.design
    info = _pruned(
        {
            "allocation": d.allocation,
            "interventionModel": d.intervention_model,
            "primaryPurpose": d.primary_purpose,
            "observationalModel": d.observational_model,
            "timePerspective": d.time_perspective,
            "maskingInfo": _pruned({"masking": d.masking, "whoMasked": list(d.who_masked)}),
        }
    )
    e = rec.enrollment
    return _pruned(
        {
            "studyType": rec.study_type,
            "expandedAccessTypes": {"individual": True}
            if rec.study_type == "EXPANDED_ACCESS"
            else None,
            "phases": list(rec.phases),
            "designInfo": info,
            "bioSpec": _pruned(
                {
                    "retention": d.bio_spec_retention,
                    "description": paragraphs(d.bio_spec_description),
                }
            ),
            "enrollmentInfo": _pruned({"count": e.count, "type": e.type}),
            "targetDuration": d.target_duration,
        }
    )


def _arms_interventions(rec: TrialRecord) -> dict:
    kinds = {i.name: i.type for i in rec.interventions}
    return _pruned(
        {
            "armGroups": [
                _pruned(
                    {
                        "label": a.label,
                        "type": a.type,
                        "description": paragraphs(a.description),
                        "interventionNames": [
                            f"{_type_label(kinds.get(n))}: {n}" for n in a.interventions
                        ],
                    }
                )
                for a in rec.arms
            ],
            "interventions": [
                _pruned(
                    {
                        "type": i.type,
                        "name": i.name,
                        "description": paragraphs(i.description),
                        "armGroupLabels": list(i.arm_labels),
                        "otherNames": list(i.other_names),
                    }
                )
                for i in rec.interventions
            ],
        }
    )


def _outcomes(rec: TrialRecord) -> dict:
    lists: dict[str, list] = {"PRIMARY": [], "SECONDARY": [], "OTHER": []}
    for o in rec.outcomes:
        lists[o.type or "PRIMARY"].append(
            _pruned(
                {
                    "measure": o.measure,
                    "description": paragraphs(o.description),
                    "timeFrame": o.time_frame,
                }
            )
        )
    return _pruned(
        {
            "primaryOutcomes": lists["PRIMARY"],
            "secondaryOutcomes": lists["SECONDARY"],
            "otherOutcomes": lists["OTHER"],
        }
    )


def _eligibility(rec: TrialRecord) -> dict:
    e = rec.eligibility
    return _pruned(
        {
            "eligibilityCriteria": criteria_markdown(e, numbered(rec.nct_id)).markdown,
            "healthyVolunteers": e.healthy_volunteers,
            "sex": e.sex,
            "minimumAge": e.minimum_age,
            "maximumAge": e.maximum_age,
            "stdAges": list(e.std_ages),
            "studyPopulation": paragraphs(e.study_population),
            "samplingMethod": e.sampling_method,
        }
    )


def _contact(c: ContactRecord) -> dict:
    return _pruned(
        {
            "name": _with_degrees(c.name, c.degrees),
            "role": c.role,
            "phone": c.phone,
            "phoneExt": c.phone_ext,
            "email": c.email,
        }
    )


def _location(site: LocationRecord) -> dict:
    people = [_contact(c) for c in site.contacts] + [
        _pruned({"name": _with_degrees(p.name, p.degrees), "role": p.role})
        for p in site.investigators
    ]
    geo = None
    if site.latitude is not None and site.longitude is not None:
        geo = {"lat": site.latitude, "lon": site.longitude}
    return _pruned(
        {
            "facility": site.facility,
            "status": site.status,
            "city": site.city,
            "state": site.state,
            "zip": site.zip,
            "country": site.country,
            "contacts": people,
            "geoPoint": geo,
        }
    )


def _contacts_locations(rec: TrialRecord) -> dict:
    return _pruned(
        {
            "centralContacts": [_contact(c) for c in rec.contacts],
            "overallOfficials": [
                _pruned(
                    {
                        "name": _with_degrees(o.name, o.degrees),
                        "affiliation": o.affiliation,
                        "role": o.role,
                    }
                )
                for o in rec.officials
            ],
            "locations": [_location(s) for s in rec.locations],
        }
    )


def _references(rec: TrialRecord, rng: random.Random) -> dict:
    links = []
    if rng.random() < 0.05:
        links.append({"label": "Study website", "url": f"https://example.org/{rec.nct_id}"})
    return _pruned(
        {
            "references": [
                _pruned({"pmid": r.pmid, "type": r.type, "citation": r.citation})
                for r in rec.references
            ],
            "seeAlsoLinks": links,
        }
    )


def _ipd_sharing(rng: random.Random) -> dict:
    r = rng.random()
    if r < 0.6:
        return {"ipdSharing": "NO"}
    if r < 0.8:
        return {"ipdSharing": "UNDECIDED"}
    return {
        "ipdSharing": "YES",
        "description": choice(rng, IPD_DESCRIPTIONS),
        "infoTypes": sample(rng, IPD_INFO_TYPES, randint(rng, 1, 4)),
        "timeFrame": "Beginning 6 months after publication, for 5 years.",
        "accessCriteria": "Proposals are reviewed by an independent review panel.",
    }


def protocol_section(rec: TrialRecord, rng: random.Random) -> dict:
    """The ``protocolSection`` of ``rec``: every field the record holds, and the registry's
    administrative extras (submission dates, oversight, data sharing) drawn from ``rng``."""
    interventional = rec.study_type == "INTERVENTIONAL"
    return _pruned(
        {
            "identificationModule": _identification(rec),
            "statusModule": _status(rec, rng),
            "sponsorCollaboratorsModule": _sponsors(rec),
            "oversightModule": _pruned(
                {
                    "oversightHasDmc": rng.random() < 0.35,
                    "isFdaRegulatedDrug": rng.random() < 0.3 if interventional else None,
                    "isFdaRegulatedDevice": rng.random() < 0.1 if interventional else None,
                }
            ),
            "descriptionModule": _pruned(
                {
                    "briefSummary": paragraphs(rec.brief_summary),
                    "detailedDescription": paragraphs(rec.detailed_description),
                }
            ),
            "conditionsModule": _pruned(
                {"conditions": list(rec.conditions), "keywords": list(rec.keywords)}
            ),
            "designModule": _design(rec),
            "armsInterventionsModule": _arms_interventions(rec),
            "outcomesModule": _outcomes(rec),
            "eligibilityModule": _eligibility(rec),
            "contactsLocationsModule": _contacts_locations(rec),
            "referencesModule": _references(rec, rng),
            "ipdSharingStatementModule": _ipd_sharing(rng),
        }
    )


# --------------------------------------------------------------------------- derivedSection


def _meshes(items: tuple[MeshRecord, ...]) -> list[dict]:
    return [_pruned({"id": m.id, "term": m.term}) for m in items]


def _browse(
    rng: random.Random,
    meshes: tuple[MeshRecord, ...],
    ancestors: tuple[MeshRecord, ...],
    found: tuple[str, ...],
    branches: list[tuple[str, str]],
    every: tuple[str, str],
) -> dict:
    leaves = []
    for k, m in enumerate(meshes):
        leaf = {"id": leaf_id(m.term), "name": m.term}
        if k < len(found) and found[k] != m.term:
            leaf["asFound"] = found[k]
        leaf["relevance"] = "HIGH"
        leaves.append(leaf)
    leaves += [{"id": leaf_id(m.term), "name": m.term, "relevance": "LOW"} for m in ancestors]
    chosen = branches[: randint(rng, 1, len(branches))] + [every]
    return _pruned(
        {
            "meshes": _meshes(meshes),
            "ancestors": _meshes(ancestors),
            "browseLeaves": leaves,
            "browseBranches": [{"abbrev": a, "name": n} for a, n in chosen],
        }
    )


def derived_section(rec: TrialRecord, rng: random.Random) -> dict:
    """The ``derivedSection``: the browse modules the record's MeSH descriptors come from."""
    area = AREA_OF.get(rec.conditions[0], "other") if rec.conditions else "other"
    out: dict = {"miscInfoModule": {"versionHolder": VERSION_HOLDER}}
    if rec.condition_meshes:
        out["conditionBrowseModule"] = _browse(
            rng,
            rec.condition_meshes,
            rec.condition_ancestors,
            rec.conditions,
            CONDITION_BRANCHES[area],
            ALL_CONDITIONS,
        )
    if rec.intervention_meshes:
        out["interventionBrowseModule"] = _browse(
            rng,
            rec.intervention_meshes,
            rec.intervention_ancestors,
            tuple(i.name for i in rec.interventions),
            INTERVENTION_BRANCHES[area],
            ALL_DRUGS,
        )
    return out


# --------------------------------------------------------------------------- the study


def study_object(rec: TrialRecord, rng: random.Random) -> dict:
    """``rec`` as an API v2 study: ``protocolSection``, ``resultsSection`` (a study with
    results), ``documentSection`` (some of those), ``derivedSection`` and ``hasResults``."""
    study: dict = {"protocolSection": protocol_section(rec, rng)}
    if rec.has_results:
        study["resultsSection"] = results_section(rec, rng)
        if rng.random() < 0.5:
            study["documentSection"] = {
                "largeDocumentModule": {
                    "largeDocs": [
                        _pruned(
                            {
                                "typeAbbrev": "Prot_SAP",
                                "hasProtocol": True,
                                "hasSap": True,
                                "hasIcf": False,
                                "label": "Study Protocol and Statistical Analysis Plan",
                                "date": rec.dates.start.date if rec.dates.start else None,
                                "uploadDate": f"{rec.dates.last_update_posted}T12:00",
                                "filename": "Prot_SAP_000.pdf",
                                "size": randint(rng, 200_000, 9_000_000),
                            }
                        )
                    ]
                }
            }
    study["derivedSection"] = derived_section(rec, rng)
    study["hasResults"] = bool(rec.has_results)
    return study


def study_bytes(study: dict, indent: int | None = 2) -> bytes:
    """A study as a file of the bulk ZIP holds it: UTF-8 JSON, ``indent`` spaces a level
    (``None``: one line, as JSON Lines and API pages hold it)."""
    if indent is None:
        return json.dumps(study, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return json.dumps(study, ensure_ascii=False, indent=indent).encode("utf-8")
