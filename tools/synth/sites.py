"""A trial's sites: how many, in which countries, each with its status and people."""

from __future__ import annotations

import random

from domain.records import InvestigatorRecord, LocationRecord
from tools.synth.draw import choice, lognormal_int, pick, randint, weighted
from tools.synth.parties import contact, person
from tools.synth.vocab.people import DEGREES
from tools.synth.vocab.places import (
    COUNTRIES,
    COUNTRY_CUM,
    COUNTRY_NAMES,
    FACILITY_CUM,
    FACILITY_TEMPLATES,
    US_CITIES,
)

_SITE_STATUS = weighted(
    [("RECRUITING", 70), ("NOT_YET_RECRUITING", 12), ("ACTIVE_NOT_RECRUITING", 8)]
    + [("COMPLETED", 5), ("WITHDRAWN", 5)]
)


def draw_sites(rng, status, lead_class, phases, home, classic) -> tuple[LocationRecord, ...]:
    r = rng.random()
    if status == "WITHDRAWN" and r < 0.5 or r < 0.1:
        n = 0
    elif r < 0.62:
        n = 1
    elif r < 0.8:
        n = randint(rng, 2, 3)
    else:
        big = lead_class in ("INDUSTRY", "NETWORK") or "PHASE3" in phases
        n = lognormal_int(rng, 12 if big else 6, 0.7, 4, 40)
    if n == 0:
        return ()
    international = n > 3 and rng.random() < 0.5
    countries = [home]
    if international:
        for _ in range(min(n - 1, randint(rng, 1, 12))):
            c = pick(rng, COUNTRY_NAMES, COUNTRY_CUM)
            if c not in countries:
                countries.append(c)
    site_status = None
    open_status = status in (
        "RECRUITING",
        "NOT_YET_RECRUITING",
        "ENROLLING_BY_INVITATION",
        "ACTIVE_NOT_RECRUITING",
        "SUSPENDED",
    )
    sites = []
    for k in range(n):
        country = countries[0] if k < n // 2 or len(countries) == 1 else choice(rng, countries)
        state = zip_ = None
        if country == "United States":
            city, state, prefix = choice(rng, US_CITIES)
            zip_ = f"{prefix}{randint(rng, 0, 99):02d}"
        else:
            _, cities, style = COUNTRIES[country]
            city = choice(rng, cities)
            zip_ = _zip_code(rng, style)
            if rng.random() < 0.3:
                zip_ = None
        facility = pick(rng, FACILITY_TEMPLATES, FACILITY_CUM).format(
            city=city, n=randint(rng, 100, 999)
        )
        if open_status:
            site_status = pick(rng, *_SITE_STATUS)
            if status == "NOT_YET_RECRUITING":
                site_status = "NOT_YET_RECRUITING"
        contacts = ()
        investigators = ()
        if site_status in ("RECRUITING", "NOT_YET_RECRUITING") and rng.random() < 0.5:
            contacts = (contact(rng, "CONTACT", country),)
            if rng.random() < 0.6:
                investigators = (
                    InvestigatorRecord(person(rng), choice(rng, DEGREES), "PRINCIPAL_INVESTIGATOR"),
                )
        sites.append(
            LocationRecord(
                facility, city, state, zip_, country, site_status, contacts, investigators
            )
        )
    # both layouts group sites by country (and US state)
    sites.sort(key=lambda s: (s.country != "United States", s.country, s.state or "", s.city))
    return tuple(sites)


def _zip_code(rng: random.Random, style: str) -> str | None:
    if style == "5":
        return str(randint(rng, 10000, 99999))
    if style == "6":
        return str(randint(rng, 100000, 999999))
    if style == "4":
        return str(randint(rng, 1000, 9999))
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if style == "uk":
        area = choice(rng, ("SW1", "M13", "OX3", "G12", "LS9"))
        return f"{area} {randint(rng, 1, 9)}{choice(rng, letters)}{choice(rng, letters)}"
    if style == "ca":
        return (
            f"{choice(rng, 'MHTVK')}{randint(rng, 1, 9)}{choice(rng, 'ABCEGH')} "
            f"{randint(rng, 1, 9)}{choice(rng, 'ABCEGH')}{randint(rng, 1, 9)}"
        )
    return None
