"""Our trial document -> a FHIR R5 ResearchStudy: the one mapping, written once.

``research_study(trial)`` takes the document ``GET /v1/trials/{nct_id}`` serves (stored
pre-serialised in ``trial_json``) and returns the ResearchStudy as plain JSON-ready data.
Codes come from the R5 value sets; a value with no code there is kept as text. Keys a record
may lack (``aliases``, ``organization``, ``condition_meshes``, site coordinates ...) are used
when present. docs/fhir.md shows the mapping as a table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from domain.fhir.codes import (
    ARM_TYPE,
    ARM_TYPE_SYSTEM,
    DESIGN_LABELS,
    ELEMENTS,
    GENDER,
    GENDER_SYSTEM,
    ISO_3166,
    LOINC,
    MESH_SYSTEM,
    NCT_SYSTEM,
    OBJECTIVE_TYPE_SYSTEM,
    ORG_TYPE_SYSTEM,
    ORGANIZATION_TYPE,
    OUTCOME_TYPE,
    PARTY_ROLE,
    PARTY_ROLE_SYSTEM,
    PHASE_SYSTEM,
    PHASES,
    PRIMARY_PURPOSE,
    PURPOSE_SYSTEM,
    REFERENCE_TYPE,
    STUDY_STATUS,
    STUDY_STATUS_SYSTEM,
    TITLE_TYPE_SYSTEM,
    UCUM,
)
from domain.geo import country_code


def research_study(trial: dict[str, Any]) -> dict[str, Any]:
    """The ResearchStudy for one trial document (``GET /v1/trials/{nct_id}``)."""
    nct_id = trial["nct_id"]
    dates = trial.get("dates") or {}
    parties = _Parties()
    sites, site_parties = [], []
    for n, loc in enumerate(trial.get("locations") or [], 1):
        site, investigators = _site(n, loc, parties)
        sites.append(site)
        site_parties += investigators
    eligibility = _eligibility_group(trial.get("eligibility") or {})
    study: dict[str, Any] = {
        "resourceType": "ResearchStudy",
        "id": nct_id,
        "meta": _meta(dates.get("last_update_posted")),
        "identifier": _identifiers(trial),
        "title": trial.get("brief_title") or trial.get("official_title"),
        "label": _labels(trial),
        "relatedArtifact": _related_artifacts(trial),
        "date": dates.get("last_update_posted"),
        "status": "active",  # the record is published; the study's own state: progressStatus
        "primaryPurposeType": _concept(
            PRIMARY_PURPOSE, PURPOSE_SYSTEM, (trial.get("design") or {}).get("primary_purpose")
        ),
        "phase": _phase(trial.get("phases") or []),
        "studyDesign": _study_design(trial),
        "focus": _focus(trial),
        "condition": _conditions(trial),
        "keyword": _keywords(trial),
        "region": _regions(trial.get("locations") or []),
        "descriptionSummary": trial.get("brief_summary"),
        "description": trial.get("detailed_description"),
        "period": _period(dates),
        "site": [{"reference": f"#{s['id']}", "display": s.get("name")} for s in sites],
        "associatedParty": _associated_parties(trial, parties) + site_parties,
        "progressStatus": _progress(trial, dates),
        "whyStopped": {"text": trial["why_stopped"]} if trial.get("why_stopped") else None,
        "recruitment": _recruitment(trial.get("enrollment") or {}, eligibility),
        "comparisonGroup": [_arm(n, a) for n, a in enumerate(trial.get("arms") or [], 1)],
        "outcomeMeasure": [_outcome(o) for o in trial.get("outcomes") or []],
    }  # fmt: skip
    contained = ([eligibility] if eligibility else []) + sites + parties.resources
    if contained:
        study["contained"] = contained
    return _ordered(_prune(study))


# --------------------------------------------------------------------------- building blocks


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    return _prune({"system": system, "code": code, "display": display})


def _concept(table: dict, system: str, value: str | None) -> dict | None:
    """A CodeableConcept for one of our enum values: coded when ``table`` knows it."""
    if not value:
        return None
    if value in table:
        code, display = table[value]
        return {"coding": [_coding(system, code, display)], "text": display}
    return {"text": _human(value)}


def _human(value: str) -> str:
    """``ACTIVE_NOT_RECRUITING`` -> ``Active not recruiting``."""
    return value.replace("_", " ").capitalize()


def _meta(last_update: str | None) -> dict | None:
    """``meta.lastUpdated`` is an instant: only a full date gives one."""
    if last_update and len(last_update) == 10:
        return {"lastUpdated": f"{last_update}T00:00:00Z"}
    return None


def _identifiers(trial: dict) -> list[dict]:
    out = [{"use": "official", "system": NCT_SYSTEM, "value": trial["nct_id"]}]
    out += [{"use": "old", "system": NCT_SYSTEM, "value": a} for a in trial.get("aliases") or []]
    if org_id := trial.get("org_study_id"):
        assigner = (trial.get("organization") or {}).get("full_name") or _lead_sponsor(trial)
        out.append(_prune({"use": "secondary", "value": org_id, "assigner": _display(assigner)}))
    out += [{"use": "secondary", "value": s} for s in trial.get("secondary_ids") or []]
    return out


def _lead_sponsor(trial: dict) -> str | None:
    return next((s["name"] for s in trial.get("sponsors") or [] if s.get("role") == "LEAD"), None)


def _display(text: str | None) -> dict | None:
    return {"display": text} if text else None


def _labels(trial: dict) -> list[dict]:
    kinds = (
        ("brief_title", "short-title", "Short title"),
        ("official_title", "official", "Official title"),
        ("acronym", "acronym", "Acronym"),
    )
    return [
        {"type": {"coding": [_coding(TITLE_TYPE_SYSTEM, code, display)]}, "value": trial[key]}
        for key, code, display in kinds
        if trial.get(key)
    ]


def _related_artifacts(trial: dict) -> list[dict]:
    page = f"https://clinicaltrials.gov/study/{trial['nct_id']}"
    out = [
        {
            "type": "documentation",
            "display": "The study's record on ClinicalTrials.gov",
            "document": {"url": page},
        }
    ]
    if trial.get("has_results"):
        out.append(
            {
                "type": "documentation",
                "label": "Results",
                "display": "Results posted on ClinicalTrials.gov",
                "document": {"url": f"{page}?tab=results"},
            }
        )
    for ref in trial.get("references") or []:
        kind = REFERENCE_TYPE.get(ref.get("type") or "")
        pmid = ref.get("pmid")
        out.append(
            _prune(
                {
                    "type": "citation",
                    "classifier": [{"text": kind}] if kind else None,
                    "label": f"PMID {pmid}" if pmid else None,
                    "citation": ref["citation"],
                    "document": {"url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"}
                    if pmid
                    else None,
                }
            )
        )
    return out


def _phase(phases: list[str]) -> dict | None:
    if not phases:
        return None
    found = PHASES.get(frozenset(phases))
    if found is None:
        return {"text": ", ".join(_human(p) for p in phases)}
    return {"coding": [_coding(PHASE_SYSTEM, *found)], "text": found[1]}


def _study_design(trial: dict) -> list[dict]:
    design = trial.get("design") or {}
    out = []
    if study_type := trial.get("study_type"):
        out.append({"text": f"Study type: {_human(study_type).lower()}"})
    for key, label in DESIGN_LABELS:
        if value := design.get(key):
            text = f"{label}: {_human(value).lower()}"
            if key == "masking" and design.get("who_masked"):
                text += f" ({', '.join(_human(w).lower() for w in design['who_masked'])})"
            out.append({"text": text})
    return out


def _mesh_concept(term: str, mesh_id: str | None, text: str | None = None) -> dict:
    concept: dict[str, Any] = {"text": text or term}
    if mesh_id:
        concept["coding"] = [_coding(MESH_SYSTEM, mesh_id, term)]
    return concept


def _coded(texts: Iterable[str], meshes: list[dict]) -> list[dict]:
    """One concept per text, with the MeSH coding of the same term; then the MeSH terms that
    match no text, each a concept of its own."""
    by_term = {m["term"].casefold(): m for m in meshes if m.get("term")}
    out, used = [], set()
    for text in texts:
        mesh = by_term.get(text.casefold())
        if mesh is not None:
            used.add(text.casefold())
            out.append(_mesh_concept(mesh["term"], mesh.get("id"), text))
        else:
            out.append({"text": text})
    for key, mesh in by_term.items():
        if key not in used:
            out.append(_mesh_concept(mesh["term"], mesh.get("id")))
    return out


def _conditions(trial: dict) -> list[dict]:
    return _coded(trial.get("conditions") or [], trial.get("condition_meshes") or [])


def _keywords(trial: dict) -> list[dict]:
    """The keywords as written, then the condition MeSH ancestors (coded) and the record's
    other MeSH terms (names only: the text layouts mix condition and intervention terms), as
    terms to find the study by; none repeats a condition or an earlier keyword."""
    out = []
    seen = {c.casefold() for c in trial.get("conditions") or []}
    seen |= {m["term"].casefold() for m in trial.get("condition_meshes") or [] if m.get("term")}
    terms = [
        *({"term": k, "id": None, "plain": True} for k in trial.get("keywords") or []),
        *(trial.get("condition_ancestors") or []),
        *({"term": t, "id": None} for t in trial.get("mesh_terms") or []),
    ]
    for mesh in terms:
        term = mesh.get("term")
        if term and (mesh.get("plain") or term.casefold() not in seen):
            seen.add(term.casefold())
            out.append(_mesh_concept(term, mesh.get("id")))
    return out


def _focus(trial: dict) -> list[dict]:
    names = [i["name"] for i in trial.get("interventions") or []]
    return [{"concept": c} for c in _coded(names, trial.get("intervention_meshes") or [])]


def _regions(locations: list[dict]) -> list[dict]:
    out, seen = [], set()
    for loc in locations:
        country = loc.get("country")
        if not country or country.casefold() in seen:
            continue
        seen.add(country.casefold())
        code = country_code(country)
        out.append(_prune({"coding": [_coding(ISO_3166, code)] if code else None, "text": country}))
    return out


def _period(dates: dict) -> dict | None:
    start = (dates.get("start") or {}).get("date")
    end = (dates.get("completion") or dates.get("primary_completion") or {}).get("date")
    if end and start and end[: len(start)] < start[: len(end)]:
        end = None  # an end before the start: the registry's typo, not a period
    return _prune({"start": start, "end": end}) or None


def _progress(trial: dict, dates: dict) -> list[dict]:
    out = []
    if status := trial.get("overall_status"):
        state = _concept(STUDY_STATUS, STUDY_STATUS_SYSTEM, status)
        if status == "UNKNOWN" and trial.get("last_known_status"):
            state["text"] = f"Unknown (last known: {_human(trial['last_known_status']).lower()})"
        out.append({"state": state, "actual": True})
    if period := _period(dates):
        given = [d for d in (dates.get("start"), dates.get("completion")) if d]
        out.append(
            {
                "state": {
                    "coding": [_coding(STUDY_STATUS_SYSTEM, "overall-study", "Overall study")]
                },
                "actual": all(d.get("type") == "ACTUAL" for d in given),
                "period": period,
            }
        )
    return out


def _recruitment(enrollment: dict, eligibility: dict | None) -> dict | None:
    count = enrollment.get("count")
    actual = enrollment.get("type") == "ACTUAL"
    return (
        _prune(
            {
                "targetNumber": count if count is not None and not actual else None,
                "actualNumber": count if count is not None and actual else None,
                "eligibility": {"reference": "#eligibility"} if eligibility else None,
            }
        )
        or None
    )


def _years(value: float | None) -> dict | None:
    if value is None:
        return None
    number = int(value) if float(value).is_integer() else value
    return {"value": number, "unit": "years", "system": UCUM, "code": "a"}


def _eligibility_group(e: dict) -> dict | None:
    """The eligibility as a contained Group: age, sex and healthy volunteers as characteristics,
    the criteria as the description."""
    chars = []
    if e.get("minimum_age_years") is not None or e.get("maximum_age_years") is not None:
        age_range = _prune(
            {"low": _years(e.get("minimum_age_years")), "high": _years(e.get("maximum_age_years"))}
        )
        chars.append(
            {
                "code": {"coding": [_coding(LOINC, "30525-0", "Age")], "text": "Age"},
                "valueRange": age_range,
                "exclude": False,
            }
        )
    if e.get("sex") in GENDER:
        chars.append(
            {
                "code": {"text": "Sex"},
                "valueCodeableConcept": _concept(GENDER, GENDER_SYSTEM, e["sex"]),
                "exclude": False,
            }
        )
    if e.get("healthy_volunteers") is not None:
        chars.append(
            {
                "code": {"text": "Accepts healthy volunteers"},
                "valueBoolean": e["healthy_volunteers"],
                "exclude": False,
            }
        )
    description = "\n\n".join(
        part
        for part in (
            e.get("criteria_text") or _criteria_text(e),
            f"Study population: {e['study_population']}" if e.get("study_population") else None,
        )
        if part
    )
    if not chars and not description:
        return None
    return _prune(
        {
            "resourceType": "Group",
            "id": "eligibility",
            "type": "person",
            "membership": "definitional",
            "name": "Eligibility criteria",
            "description": description or None,
            "characteristic": chars,
        }
    )


def _criteria_text(e: dict) -> str | None:
    parts = []
    for key in ("inclusion", "exclusion"):
        heading = f"{key.capitalize()} Criteria:"
        if e.get(key):
            parts.append("\n".join([heading, *(f"- {c['text']}" for c in e[key])]))
    return "\n".join(parts) or None


class _Parties:
    """The contained PractitionerRoles that associatedParty and sites refer to."""

    def __init__(self) -> None:
        self.resources: list[dict] = []

    def add(self, prefix: str, **role: Any) -> dict:
        rid = f"{prefix}-{len(self.resources) + 1}"
        self.resources.append(_prune({"resourceType": "PractitionerRole", "id": rid, **role}))
        return {"reference": f"#{rid}"}


def _telecom(contact: dict) -> list[dict]:
    out = []
    if phone := contact.get("phone"):
        ext = contact.get("phone_ext")
        out.append({"system": "phone", "value": f"{phone} ext. {ext}" if ext else phone})
    if email := contact.get("email"):
        out.append({"system": "email", "value": email})
    return out


def _site(n: int, loc: dict, parties: _Parties) -> tuple[dict, list[dict]]:
    """A site as a contained Location, and its investigators as associated parties."""
    sid = f"site-{n}"
    address = _prune(
        {
            "city": loc.get("city"),
            "state": loc.get("state"),
            "postalCode": loc.get("zip"),
            "country": loc.get("country"),
        }
    )
    lat, lon = loc.get("latitude"), loc.get("longitude")
    contacts = [
        _prune(
            {
                "name": [{"text": c["name"]}] if c.get("name") else None,
                "telecom": _telecom(c),
            }
        )
        for c in loc.get("contacts") or []
    ]
    site = {
        "resourceType": "Location",
        "id": sid,
        "name": loc.get("facility"),
        "description": f"Recruitment status: {_human(loc['status']).lower()}"
        if loc.get("status")
        else None,
        "contact": [c for c in contacts if c],
        "address": address or None,
        "position": {"latitude": lat, "longitude": lon}
        if lat is not None and lon is not None
        else None,
    }
    investigators = [
        _party(
            _name(inv),
            _role(inv.get("role"), "Site investigator"),
            party=parties.add(
                "investigator",
                practitioner=_display(_name(inv)),
                location=[{"reference": f"#{sid}"}],
            ),
        )
        for inv in loc.get("investigators") or []
    ]
    return site, investigators


def _name(person: dict) -> str | None:
    name, degrees = person.get("name"), person.get("degrees")
    return f"{name}, {degrees}" if name and degrees else name


def _party(name: str | None, role: dict, **extra: Any) -> dict:
    return _prune({"name": name, "role": role, **extra})


def _role(key: str | None, fallback: str) -> dict:
    return _concept(PARTY_ROLE, PARTY_ROLE_SYSTEM, key) if key else {"text": fallback}


def _associated_parties(trial: dict, parties: _Parties) -> list[dict]:
    out = []
    for s in trial.get("sponsors") or []:
        org_type = _concept(ORGANIZATION_TYPE, ORG_TYPE_SYSTEM, s.get("class"))
        out.append(
            _party(
                s["name"],
                _role(s.get("role"), "Sponsor"),
                classifier=[org_type] if org_type else None,
            )
        )
    rp = trial.get("responsible_party") or {}
    if rp.get("name"):
        out.append(
            _party(
                rp["name"],
                _role(rp.get("type"), "Responsible party"),
                party=parties.add(
                    "responsible-party",
                    practitioner=_display(rp["name"]),
                    organization=_display(rp.get("affiliation")),
                    code=[{"text": rp["title"]}] if rp.get("title") else None,
                ),
            )
        )
    for o in trial.get("officials") or []:
        out.append(
            _party(
                _name(o),
                _role(o.get("role"), "Study official"),
                party=parties.add(
                    "official",
                    practitioner=_display(_name(o)),
                    organization=_display(o.get("affiliation")),
                ),
            )
        )
    for c in trial.get("contacts") or []:
        telecom = _telecom(c)
        out.append(
            _party(
                _name(c) or "Central contact",
                _role("CONTACT", "Central contact"),
                party=parties.add(
                    "contact",
                    practitioner=_display(_name(c)),
                    contact=[{"telecom": telecom}] if telecom else None,
                ),
            )
        )
    return out


def _arm(n: int, arm: dict) -> dict:
    return _prune(
        {
            "linkId": f"arm-{n}",
            "name": arm["label"],
            "type": _concept(ARM_TYPE, ARM_TYPE_SYSTEM, arm.get("type")),
            "description": arm.get("description"),
            "intendedExposure": [{"display": i} for i in arm.get("interventions") or []],
        }
    )


def _outcome(o: dict) -> dict:
    frame = f"Time frame: {o['time_frame']}" if o.get("time_frame") else None
    parts = [o.get("description"), frame]
    kind = _concept(OUTCOME_TYPE, OBJECTIVE_TYPE_SYSTEM, o.get("type"))
    return _prune(
        {
            "name": o["measure"],
            "type": [kind] if kind else None,
            "description": "\n\n".join(p for p in parts if p) or None,
        }
    )


# --------------------------------------------------------------------------- shape


def _prune(value: Any) -> Any:
    """Drop ``None``, empty lists and empty objects, at every depth (FHIR allows none)."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        items = [_prune(v) for v in value]
        return [v for v in items if v is not None and v != [] and v != {}]
    return value


def _ordered(study: dict) -> dict:
    ordered = {"resourceType": study["resourceType"]}
    ordered.update((k, study[k]) for k in ELEMENTS if k in study)
    return ordered
