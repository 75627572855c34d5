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
    """``City[, State], Country[, Zip]`` -> (city, state, zip, country). Under a heading the
    heading's country and state are the site's: what comes before them is the city (which may
    hold a comma); without one, the last part with a digit is the zip, then the country."""
    parts = split_place(strip_cell(text))
    country, state = group if group else (None, None)
    zip_code = None
    if country and country in parts:
        at = len(parts) - 1 - parts[::-1].index(country)
        zip_code = ", ".join(parts[at + 1 :]) or None
        before = parts[:at]
        if state and len(before) > 1 and before[-1] == state:
            before = before[:-1]
        return ", ".join(before) or None, state, zip_code, country
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


def _is_address(text: str, group: tuple[str, str | None] | None) -> bool:
    """``Houston, Texas, United States, 77030`` under the heading ``United States, Texas``:
    the heading's country after the first part (and its state just before the country)."""
    if group is None:
        return False
    parts = split_place(strip_cell(text))
    country, state = group
    if country not in parts[1:]:
        return False
    at = len(parts) - 1 - parts[::-1].index(country)
    return not state or (at >= 2 and parts[at - 1] == state)


def _is_group_header(items: list[str], k: int) -> bool:
    """``China, Chongqing | |`` heads a group when one of the next two lines is an address in
    it (a site's address, or a site without a facility name)."""
    own = cells(items[k])
    if len(own) != 1:
        return False
    head = split_place(own[0])
    group = (head[0], ", ".join(head[1:]) or None)
    return any(
        j < len(items) and not _PERSON.match(items[j]) and _is_address(cells(items[j])[0], group)
        for j in (k + 1, k + 2)
        if j < len(items) and cells(items[j])
    )


def _parse_sites(lines: list[str]) -> tuple[tuple[ContactRecord, ...], tuple[LocationRecord, ...]]:
    """Central contacts, then sites grouped under a ``Country[, State]`` header.

    Input (after "Please refer to this study by its ClinicalTrials.gov identifier ...")::

        Contact: Kaichao Feng, MD | +861066939460 | timothyfkc@126.com | |   central contact
        China, Chongqing | |                          group header: country[, state]
        Southwest Hospital | Recruiting |             facility | status (may be empty)
        Chongqing, Chongqing, China, 400000 |         city[, state], country[, zip]
        Contact: Huajun Jin, PHD +86-21-81875372 hj-jin@hotmail.com | |   site contact
        Principal Investigator: Qijun Qian, PHD | |   site investigators (also Sub-Investigator)
        Chongqing, Chongqing, China | Recruiting |    a site without a facility name: its address
        Next Hospital | Not yet recruiting |          another site of the same group ...

    A "facility" that no address follows (a page cut off after a heading and a facility line)
    was a heading.
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
        if not parts:
            continue
        status = enum_value(parts[1], STATUS) if len(parts) > 1 else None
        if expect == "address" and status is None and len(split_place(parts[0])) >= 2:
            sites[-1].update(zip(_PLACE, _address(line, group), strict=True))
            expect = "facility"
            continue
        if expect == "address" and sites[-1]["heading"] and _was_heading(items, k, sites[-1]):
            head = split_place(sites.pop()["facility"] or "")
            group = (head[0], ", ".join(head[1:]) or None)
        if status is None and _is_group_header(items, k):
            head = split_place(parts[0])
            group, expect = (head[0], ", ".join(head[1:]) or None), "facility"
            continue
        nameless = _is_address(parts[0], group)
        facility = None if nameless else clean(parts[0])
        sites.append({"facility": facility, "status": status, "contacts": [], "investigators": []})
        sites[-1]["heading"] = len(parts) == 1  # "Belgium | |" might yet prove a heading
        place = _address(parts[0], group) if nameless else _ungrouped(group)
        sites[-1].update(zip(_PLACE, place, strict=True))
        expect = "facility" if nameless else "address"
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


_PLACE = ("city", "state", "zip", "country")


def _was_heading(items: list[str], k: int, site: dict) -> bool:
    """The last "facility" had no address after it (an address is "City, Country" at least):
    it was a heading when nothing follows the line after it (a page cut off) or an address in
    that heading's country does::

        Belgium | |
        1504 | |            <- items[k]
        Antwerpen, Belgium |
    """
    head = split_place(site["facility"] or "")
    if not head or site["status"] is not None:
        return False
    group = (head[0], ", ".join(head[1:]) or None)
    return k + 1 >= len(items) or _is_address((cells(items[k + 1]) or [""])[0], group)


def _ungrouped(group: tuple[str, str | None] | None) -> tuple:
    """What a site's heading says before its address line is read: its country and state."""
    country, state = group if group else (None, None)
    return None, state, None, country
