"""The people and organisations of a study: sponsors, the responsible party, officials and
contacts (ResearchStudy associatedParty, contained PractitionerRoles)."""

from __future__ import annotations

from typing import Any

from domain.fhir.codes import ORG_TYPE_SYSTEM, ORGANIZATION_TYPE, PARTY_ROLE, PARTY_ROLE_SYSTEM
from domain.fhir.datatypes import displayed, enum_concept, prune


class Parties:
    """The contained PractitionerRoles that associatedParty and sites refer to."""

    def __init__(self) -> None:
        self.resources: list[dict] = []

    def add(self, prefix: str, **role: Any) -> dict:
        rid = f"{prefix}-{len(self.resources) + 1}"
        self.resources.append(prune({"resourceType": "PractitionerRole", "id": rid, **role}))
        return {"reference": f"#{rid}"}


def contact_points(contact: dict) -> list[dict]:
    out = []
    if phone := contact.get("phone"):
        ext = contact.get("phone_ext")
        out.append({"system": "phone", "value": f"{phone} ext. {ext}" if ext else phone})
    if email := contact.get("email"):
        out.append({"system": "email", "value": email})
    return out


def person_name(person: dict) -> str | None:
    name, degrees = person.get("name"), person.get("degrees")
    return f"{name}, {degrees}" if name and degrees else name


def associated_party(name: str | None, role: dict, **extra: Any) -> dict:
    return prune({"name": name, "role": role, **extra})


def party_role(key: str | None, fallback: str) -> dict:
    return enum_concept(PARTY_ROLE, PARTY_ROLE_SYSTEM, key) if key else {"text": fallback}


def associated_parties(trial: dict, parties: Parties) -> list[dict]:
    out = []
    for s in trial.get("sponsors") or []:
        org_type = enum_concept(ORGANIZATION_TYPE, ORG_TYPE_SYSTEM, s.get("class"))
        out.append(
            associated_party(
                s["name"],
                party_role(s.get("role"), "Sponsor"),
                classifier=[org_type] if org_type else None,
            )
        )
    rp = trial.get("responsible_party") or {}
    if rp.get("name"):
        out.append(
            associated_party(
                rp["name"],
                party_role(rp.get("type"), "Responsible party"),
                party=parties.add(
                    "responsible-party",
                    practitioner=displayed(rp["name"]),
                    organization=displayed(rp.get("affiliation")),
                    code=[{"text": rp["title"]}] if rp.get("title") else None,
                ),
            )
        )
    for o in trial.get("officials") or []:
        out.append(
            associated_party(
                person_name(o),
                party_role(o.get("role"), "Study official"),
                party=parties.add(
                    "official",
                    practitioner=displayed(person_name(o)),
                    organization=displayed(o.get("affiliation")),
                ),
            )
        )
    for c in trial.get("contacts") or []:
        telecom = contact_points(c)
        out.append(
            associated_party(
                person_name(c) or "Central contact",
                party_role("CONTACT", "Central contact"),
                party=parties.add(
                    "contact",
                    practitioner=displayed(person_name(c)),
                    contact=[{"telecom": telecom}] if telecom else None,
                ),
            )
        )
    return out
