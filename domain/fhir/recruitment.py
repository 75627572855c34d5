"""Where and whom the study recruits: its sites (contained Locations, their investigators),
regions, enrolment and eligibility (a contained Group) (ResearchStudy site, region, recruitment)."""

from __future__ import annotations

from domain.fhir.codes import GENDER, GENDER_SYSTEM, ISO_3166, LOINC, UCUM
from domain.fhir.datatypes import coding, displayed, enum_concept, human, prune
from domain.fhir.parties import Parties, associated_party, contact_points, party_role, person_name
from domain.geo import country_code


def contained_site(n: int, loc: dict, parties: Parties) -> tuple[dict, list[dict]]:
    """A site as a contained Location, and its investigators as associated parties."""
    sid = f"site-{n}"
    address = prune(
        {
            "city": loc.get("city"),
            "state": loc.get("state"),
            "postalCode": loc.get("zip"),
            "country": loc.get("country"),
        }
    )
    lat, lon = loc.get("latitude"), loc.get("longitude")
    contacts = [
        prune(
            {
                "name": [{"text": c["name"]}] if c.get("name") else None,
                "telecom": contact_points(c),
            }
        )
        for c in loc.get("contacts") or []
    ]
    site = {
        "resourceType": "Location",
        "id": sid,
        "name": loc.get("facility"),
        "description": f"Recruitment status: {human(loc['status']).lower()}"
        if loc.get("status")
        else None,
        "contact": [c for c in contacts if c],
        "address": address or None,
        "position": {"latitude": lat, "longitude": lon}
        if lat is not None and lon is not None
        else None,
    }
    investigators = [
        associated_party(
            person_name(inv),
            party_role(inv.get("role"), "Site investigator"),
            party=parties.add(
                "investigator",
                practitioner=displayed(person_name(inv)),
                location=[{"reference": f"#{sid}"}],
            ),
        )
        for inv in loc.get("investigators") or []
    ]
    return site, investigators


def regions(locations: list[dict]) -> list[dict]:
    out, seen = [], set()
    for loc in locations:
        country = loc.get("country")
        if not country or country.casefold() in seen:
            continue
        seen.add(country.casefold())
        code = country_code(country)
        out.append(prune({"coding": [coding(ISO_3166, code)] if code else None, "text": country}))
    return out


def recruitment(enrollment: dict, eligibility: dict | None) -> dict | None:
    count = enrollment.get("count")
    actual = enrollment.get("type") == "ACTUAL"
    return (
        prune(
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


def eligibility_group(e: dict) -> dict | None:
    """The eligibility as a contained Group: age, sex and healthy volunteers as characteristics,
    the criteria as the description."""
    chars = []
    if e.get("minimum_age_years") is not None or e.get("maximum_age_years") is not None:
        age_range = prune(
            {"low": _years(e.get("minimum_age_years")), "high": _years(e.get("maximum_age_years"))}
        )
        chars.append(
            {
                "code": {"coding": [coding(LOINC, "30525-0", "Age")], "text": "Age"},
                "valueRange": age_range,
                "exclude": False,
            }
        )
    if e.get("sex") in GENDER:
        chars.append(
            {
                "code": {"text": "Sex"},
                "valueCodeableConcept": enum_concept(GENDER, GENDER_SYSTEM, e["sex"]),
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
    return prune(
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
