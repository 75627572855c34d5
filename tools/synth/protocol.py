"""The ``protocolSection`` of an API v2 study, written from a ``TrialRecord``: every field the
record holds at its v2 path, and what no record field holds but a real study carries (submission
dates, oversight, data sharing), drawn from the caller's ``random.Random``.

Markup fields (summaries, descriptions, criteria, populations) are CommonMark (``markup``);
people's degrees go into their names (``Jane Roe, MD, PhD``); an arm names its interventions
``Drug: X``; empty values are left out (``pruned``), as the registry leaves them out.
"""

from __future__ import annotations

import datetime as dt
import random

from domain.records import (
    ContactRecord,
    DateRecord,
    LocationRecord,
    TrialRecord,
)
from tools.synth.draw import choice, randint, sample
from tools.synth.markup import criteria_markdown, numbered, paragraphs
from tools.synth.vocab.registry import IPD_DESCRIPTIONS, IPD_INFO_TYPES


def pruned(obj: dict) -> dict:
    """``obj`` without ``None``, empty strings, lists and objects: the registry leaves them out."""
    return {k: v for k, v in obj.items() if v is not None and v != () and v != [] and v != {}}


def _with_degrees(name: str | None, degrees: str | None) -> str | None:
    return f"{name}, {degrees}" if name and degrees else name


def _type_label(kind: str | None) -> str:
    """``DIETARY_SUPPLEMENT`` -> ``Dietary Supplement`` (an arm's ``interventionNames``)."""
    return (kind or "OTHER").replace("_", " ").title()


def _date_struct(date: str | None, kind: str | None = None) -> dict | None:
    return pruned({"date": date, "type": kind}) if date else None


def _date_of(date: DateRecord | None) -> dict | None:
    return _date_struct(date.date, date.type) if date else None


def _days_before(date: str | None, days: int) -> str | None:
    if date is None or len(date) != 10:
        return date
    return (dt.date.fromisoformat(date) - dt.timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------- protocolSection


def _identification(rec: TrialRecord) -> dict:
    org = rec.organization
    return pruned(
        {
            "nctId": rec.nct_id,
            "nctIdAliases": list(rec.aliases),
            "orgStudyIdInfo": {"id": rec.org_study_id} if rec.org_study_id else None,
            "secondaryIdInfos": [
                pruned({"id": s, "type": "EUDRACT_NUMBER" if s[:2] in ("19", "20") else None})
                for s in rec.secondary_ids
            ],
            "organization": pruned({"fullName": org.full_name, "class": org.class_})
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
    return pruned(out)


def _sponsors(rec: TrialRecord) -> dict:
    party = rec.responsible_party
    lead = [s for s in rec.sponsors if s.role == "LEAD"]
    return pruned(
        {
            "responsibleParty": pruned(
                {
                    "type": party.type,
                    "investigatorFullName": party.name,
                    "investigatorTitle": party.title,
                    "investigatorAffiliation": party.affiliation,
                }
            )
            if party
            else None,
            "leadSponsor": pruned({"name": lead[0].name, "class": lead[0].class_})
            if lead
            else None,
            "collaborators": [
                pruned({"name": s.name, "class": s.class_})
                for s in rec.sponsors
                if s.role == "COLLABORATOR"
            ],
        }
    )


def _design(rec: TrialRecord) -> dict:
    d = rec.design
    info = pruned(
        {
            "allocation": d.allocation,
            "interventionModel": d.intervention_model,
            "primaryPurpose": d.primary_purpose,
            "observationalModel": d.observational_model,
            "timePerspective": d.time_perspective,
            "maskingInfo": pruned({"masking": d.masking, "whoMasked": list(d.who_masked)}),
        }
    )
    e = rec.enrollment
    return pruned(
        {
            "studyType": rec.study_type,
            "expandedAccessTypes": {"individual": True}
            if rec.study_type == "EXPANDED_ACCESS"
            else None,
            "phases": list(rec.phases),
            "designInfo": info,
            "bioSpec": pruned(
                {
                    "retention": d.bio_spec_retention,
                    "description": paragraphs(d.bio_spec_description),
                }
            ),
            "enrollmentInfo": pruned({"count": e.count, "type": e.type}),
            "targetDuration": d.target_duration,
        }
    )


def _arms_interventions(rec: TrialRecord) -> dict:
    kinds = {i.name: i.type for i in rec.interventions}
    return pruned(
        {
            "armGroups": [
                pruned(
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
                pruned(
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
            pruned(
                {
                    "measure": o.measure,
                    "description": paragraphs(o.description),
                    "timeFrame": o.time_frame,
                }
            )
        )
    return pruned(
        {
            "primaryOutcomes": lists["PRIMARY"],
            "secondaryOutcomes": lists["SECONDARY"],
            "otherOutcomes": lists["OTHER"],
        }
    )


def _eligibility(rec: TrialRecord) -> dict:
    e = rec.eligibility
    return pruned(
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
    return pruned(
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
        pruned({"name": _with_degrees(p.name, p.degrees), "role": p.role})
        for p in site.investigators
    ]
    geo = None
    if site.latitude is not None and site.longitude is not None:
        geo = {"lat": site.latitude, "lon": site.longitude}
    return pruned(
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
    return pruned(
        {
            "centralContacts": [_contact(c) for c in rec.contacts],
            "overallOfficials": [
                pruned(
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
    return pruned(
        {
            "references": [
                pruned({"pmid": r.pmid, "type": r.type, "citation": r.citation})
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
    return pruned(
        {
            "identificationModule": _identification(rec),
            "statusModule": _status(rec, rng),
            "sponsorCollaboratorsModule": _sponsors(rec),
            "oversightModule": pruned(
                {
                    "oversightHasDmc": rng.random() < 0.35,
                    "isFdaRegulatedDrug": rng.random() < 0.3 if interventional else None,
                    "isFdaRegulatedDevice": rng.random() < 0.1 if interventional else None,
                }
            ),
            "descriptionModule": pruned(
                {
                    "briefSummary": paragraphs(rec.brief_summary),
                    "detailedDescription": paragraphs(rec.detailed_description),
                }
            ),
            "conditionsModule": pruned(
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
