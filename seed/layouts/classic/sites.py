"""Contacts and sites of the classic page: central contacts, then sites grouped by country."""

from __future__ import annotations

import re

from domain.records import ContactRecord, InvestigatorRecord, LocationRecord
from domain.vocab import OFFICIAL_ROLE, STATUS, enum_value
from seed.layouts.classic.people import name_degrees, parse_contact
from seed.layouts.classic.table import ROW, cells
from seed.text import clean, split_place, strip_cell

_PERSON = re.compile(
    r"^(?P<role>Contact|Principal Investigator|Sub-Investigator|Study Director|Study Chair)"
    r"\s*:\s*(?P<rest>[^|\s].*)$",
    re.IGNORECASE,
)


def _address(
    text: str, group: tuple[str, str | None] | None
) -> tuple[str | None, str | None, str | None, str | None]:
    """``City[, State], Country[, Zip]`` -> (city, state, zip, country), the header's help first."""
    parts = split_place(strip_cell(text))
    country, state = group if group else (None, None)
    zip_code = None
    if country and country in parts:
        at = len(parts) - 1 - parts[::-1].index(country)
        zip_code = ", ".join(parts[at + 1 :]) or None
        before = parts[:at]
    else:
        if len(parts) >= 3 and re.search(r"\d", parts[-1]):
            zip_code = parts.pop()
        if len(parts) >= 2:
            country = parts.pop()
        before = parts
    if state and len(before) > 1 and before[-1] == state:
        before = before[:-1]
    elif not state and len(before) == 2:
        state = before.pop()
    return ", ".join(before) or None, state, zip_code, country


def _is_group_header(items: list[str], k: int) -> bool:
    """``China, Chongqing | |`` heads a group when the line two on is an address (``City, …``,
    at least two parts) that names the header's country. A facility line two on (a site with
    the same name, ``Research Site | |``) is not an address."""
    own = cells(items[k])
    if len(own) != 1 or k + 2 >= len(items) or _PERSON.match(items[k + 2]):
        return False
    country = split_place(own[0])[0]
    address = split_place(strip_cell(items[k + 2]))
    return len(address) >= 2 and country in address


def _parse_sites(lines: list[str]) -> tuple[tuple[ContactRecord, ...], tuple[LocationRecord, ...]]:
    """Central contacts, then sites grouped under a ``Country[, State]`` header.

    Input (after "Please refer to this study by its ClinicalTrials.gov identifier ...")::

        Contact: Kaichao Feng, MD | +861066939460 | timothyfkc@126.com | |   central contact
        China, Chongqing | |                          group header: country[, state]
        Southwest Hospital | Recruiting |             facility | status (may be empty)
        Chongqing, Chongqing, China, 400000 |         city[, state], country[, zip]
        Contact: Huajun Jin, PHD +86-21-81875372 hj-jin@hotmail.com | |   site contact
        Principal Investigator: Qijun Qian, PHD | |   site investigators (also Sub-Investigator)
        Next Hospital | Not yet recruiting |          another site of the same group ...
    """
    items = [s for s in (line.strip() for line in lines) if s and not ROW.match(s)]
    central: list[ContactRecord] = []
    sites: list[dict] = []
    group: tuple[str, str | None] | None = None
    expect = "facility"
    for k, line in enumerate(items):
        if m := _PERSON.match(line):
            role = m.group("role").lower()
            if role == "contact":
                contact = parse_contact(m.group("rest"))
                (sites[-1]["contacts"] if sites else central).append(contact)
            elif sites:
                name, degrees = name_degrees(strip_cell(m.group("rest")))
                if name:
                    inv = InvestigatorRecord(name, degrees, enum_value(role, OFFICIAL_ROLE))
                    sites[-1]["investigators"].append(inv)
            expect = "facility"
            continue
        parts = cells(line)
        status = enum_value(parts[1], STATUS) if len(parts) > 1 else None
        if expect == "address" and status is None:
            city, state, zip_code, country = _address(line, group)
            sites[-1].update(city=city, state=state, zip=zip_code, country=country)
            expect = "facility"
            continue
        if status is None and expect == "facility" and _is_group_header(items, k):
            head = split_place(parts[0])
            group = (head[0], ", ".join(head[1:]) or None)
            continue
        facility = clean(parts[0]) if parts else None
        country, state = group if group else (None, None)
        sites.append({"facility": facility, "status": status, "country": country, "state": state})
        sites[-1].update(contacts=[], investigators=[])
        expect = "address"
    locations = tuple(
        LocationRecord(
            facility=s["facility"],
            city=s.get("city"),
            state=s.get("state"),
            zip=s.get("zip"),
            country=s.get("country"),
            status=s["status"],
            contacts=tuple(s["contacts"]),
            investigators=tuple(s["investigators"]),
        )
        for s in sites
    )
    return tuple(central), locations
