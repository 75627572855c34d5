"""A trial's parties: sponsors, officials, central contacts and the responsible party."""

from __future__ import annotations

import random

from domain.records import (
    ContactRecord,
    LocationRecord,
    OfficialRecord,
    ResponsiblePartyRecord,
    SponsorRecord,
)
from tools.synth.draw import choice, pick, randint
from tools.synth.vocab.interventions import CODE_PREFIXES
from tools.synth.vocab.people import (
    DEGREES,
    FED,
    FIRST_NAMES,
    INDUSTRY,
    LAST_NAMES,
    NETWORK,
    NIH,
    OTHER_GOV,
    OTHER_ORG,
    SPONSOR_CLASS_CUM,
    SPONSOR_CLASSES,
)
from tools.synth.vocab.places import COUNTRIES, COUNTRY_CUM, COUNTRY_NAMES, US_CITIES


def person(rng: random.Random) -> str:
    """A first and a last name."""
    return f"{choice(rng, FIRST_NAMES)} {choice(rng, LAST_NAMES)}"


def draw_sponsors(rng: random.Random, classic: bool) -> tuple[list[SponsorRecord], str, str, str]:
    """The sponsors (the lead first), the lead's name and class, and the trial's home country."""
    lead_class = pick(rng, SPONSOR_CLASSES, SPONSOR_CLASS_CUM)
    home = pick(rng, COUNTRY_NAMES, COUNTRY_CUM)
    while classic and "," in home:
        home = pick(rng, COUNTRY_NAMES, COUNTRY_CUM)
    lead = _org(rng, lead_class, home)
    sponsors = [SponsorRecord(lead, "LEAD", None if classic else lead_class)]
    for _ in range(int(rng.random() < 0.3) + (rng.random() < 0.1) + (rng.random() < 0.04)):
        cls = pick(rng, SPONSOR_CLASSES, SPONSOR_CLASS_CUM)
        name = _org(rng, cls, home)
        if all(s.name != name for s in sponsors):
            sponsors.append(SponsorRecord(name, "COLLABORATOR", None if classic else cls))
    return sponsors, lead, lead_class, home


def draw_people(
    rng: random.Random,
    status: str,
    classic: bool,
    locations: tuple[LocationRecord, ...],
    lead: str,
    home: str,
) -> tuple[list[OfficialRecord], list[ContactRecord], ResponsiblePartyRecord]:
    """Officials, central contacts (recruiting trials only) and the responsible party."""
    officials = []
    for _ in range(int(rng.random() < 0.7) + (rng.random() < 0.1)):
        role = choice(
            rng, ["PRINCIPAL_INVESTIGATOR"] * 5 + ["STUDY_DIRECTOR"] * 3 + ["STUDY_CHAIR"]
        )
        where = locations[0].facility if locations and rng.random() < 0.7 else lead
        officials.append(OfficialRecord(person(rng), choice(rng, DEGREES), role, where))
    contacts = []
    if status in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"):
        for k in range(1 + (rng.random() < 0.5)):
            role = "CONTACT" if k == 0 or classic else "BACKUP"  # the record page has no role
            contacts.append(contact(rng, role, home))
    if rng.random() < 0.3:
        party = ResponsiblePartyRecord(type="SPONSOR")
    else:
        who = officials[0].name if officials else person(rng)
        party = ResponsiblePartyRecord(
            type=None
            if classic  # the record page prints "name, title, affiliation" only
            else "PRINCIPAL_INVESTIGATOR"
            if rng.random() < 0.8
            else "SPONSOR_INVESTIGATOR",
            name=who,
            title=choice(
                rng,
                [
                    "Professor",
                    "Principal Investigator",
                    "Associate Professor",
                    "Head of Department",
                    "Clinical Research Fellow",
                    "Chief Physician",
                ],
            ),
            affiliation=lead,
        )
    return officials, contacts, party


def _org(rng: random.Random, cls: str, country: str) -> str:
    if cls == "INDUSTRY":
        return choice(rng, INDUSTRY)
    if cls == "NIH":
        return choice(rng, NIH)
    if cls == "FED":
        return choice(rng, FED)
    if cls == "NETWORK":
        return choice(rng, NETWORK)
    if cls == "OTHER_GOV":
        return choice(rng, OTHER_GOV)
    if cls == "INDIV":
        return person(rng)
    city = (
        choice(rng, US_CITIES)[0]
        if country == "United States"
        else choice(rng, COUNTRIES[country][1])
    )
    return choice(rng, OTHER_ORG).format(city=city)


def org_study_id(rng: random.Random, lead: str, year: int) -> str:
    letters = "".join(w[0] for w in lead.split() if w[:1].isalpha()).upper()[:4] or "STUDY"
    form = rng.random()
    if form < 0.4:
        return f"{letters}-{year}-{randint(rng, 1, 999):03d}"
    if form < 0.7:
        return f"{choice(rng, CODE_PREFIXES)}{randint(rng, 1000, 9999)}-{randint(rng, 1, 399):03d}"
    if form < 0.85:
        return f"{year}{randint(rng, 100, 9999)}"
    return f"IRB{randint(rng, 10000, 99999)}"


def contact(rng: random.Random, role: str, country: str) -> ContactRecord:
    first, last = choice(rng, FIRST_NAMES), choice(rng, LAST_NAMES)
    phone = (
        f"{randint(rng, 200, 989)}-{randint(rng, 200, 989)}-{randint(rng, 1000, 9999)}"
        if country == "United States"
        else f"+{randint(rng, 20, 98)} {randint(rng, 10, 99)} {randint(rng, 1000, 9999)} "
        f"{randint(rng, 1000, 9999)}"
    )
    domain = choice(rng, ("example.org", "hospital.org", "uni.edu"))
    email = f"{first[0].lower()}.{last.lower()}@{domain}"
    degrees = choice(rng, DEGREES) if rng.random() < 0.7 else None
    return ContactRecord(
        f"{first} {last}",
        degrees,
        role,
        phone if rng.random() < 0.9 else None,
        email if rng.random() < 0.8 else None,
    )
