"""People and places of the classic layout: contacts, sites, officials, responsible party.

Pure functions over the text of the classic ClinicalTrials.gov record page, used by
``seed.layouts.classic``.
"""

from __future__ import annotations

import re

from domain.records import (
    ContactRecord,
    InvestigatorRecord,
    LocationRecord,
    OfficialRecord,
    ResponsiblePartyRecord,
)
from domain.vocab import OFFICIAL_ROLE, RESPONSIBLE_PARTY_TYPE, STATUS, enum_value
from seed.text import clean, split_place, strip_cell, unescape_markdown

ROW = re.compile(r"^(?P<label>[A-Z][^|:]*?)\s*:\s*\|(?P<rest>.*)$")
_PERSON = re.compile(
    r"^(?P<role>Contact|Principal Investigator|Sub-Investigator|Study Director|Study Chair)"
    r"\s*:\s*(?P<rest>[^|\s].*)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(
    r"(?:\+|\(|\b)\d[\d\s().\-/]{4,}\d(?:\s*(?:ext\.?|x|extension)\s*:?\s*\d+)?", re.IGNORECASE
)


def cells(line: str) -> list[str]:
    """The cells of a table line, trailing empty cells dropped: ``a | b | |`` -> [a, b]."""
    out = [unescape_markdown(c.strip()) for c in re.split(r"(?<!\\)\|", line)]
    while out and not out[-1]:
        out.pop()
    return out


def name_degrees(text: str) -> tuple[str | None, str | None]:
    """``Kaichao Feng, MD`` -> ("Kaichao Feng", "MD"); ``Cheng Qian, MD,PhD`` keeps "MD,PhD"."""
    name, _, degrees = (clean(text) or "").partition(",")
    return clean(name), clean(degrees)


def parse_contact(text: str, role: str = "CONTACT") -> ContactRecord:
    """One contact, in either rendering::

    Kaichao Feng, MD | +861066939460 | timothyfkc@126.com | |   central: one cell each
    Huajun Jin, PHD +86-21-81875372 hj-jin@hotmail.com | |      site: run together
    """
    parts = cells(text)
    if len(parts) > 1:
        head, rest = parts[0], parts[1:]
        email = next((p for p in rest if _EMAIL.fullmatch(p)), None)
        phone = next((p for p in rest if p != email and _PHONE.search(p)), None)
    else:
        head = parts[0] if parts else ""
        email_m = _EMAIL.search(head)
        email = email_m.group(0) if email_m else None
        head = _EMAIL.sub(" ", head)
        phone_m = _PHONE.search(head)
        phone = clean(phone_m.group(0)) if phone_m else None
        head = head[: phone_m.start()] if phone_m else head
    name, degrees = name_degrees(head)
    return ContactRecord(name=name, degrees=degrees, role=role, phone=phone, email=email)


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


def parse_sites(lines: list[str]) -> tuple[tuple[ContactRecord, ...], tuple[LocationRecord, ...]]:
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


def parse_officials(lines: list[str]) -> tuple[OfficialRecord, ...]:
    """Overall officials, in the table form (site investigators have ``Role: name | |``)::

    Principal Investigator: | Cheng Qian, MD,PhD | Southwest Hospital, China |
    Study Director: | Jianqing Xu, PhD | Fudan University |
    Study Chair: | Qijun Qian, PHD | Eastern Hepatobiliary Surgery Hospital |
    """
    out = []
    for line in lines:
        m = ROW.match(line.strip())
        role = enum_value(m.group("label"), OFFICIAL_ROLE) if m else None
        parts = cells(m.group("rest")) if m else []
        if role and parts and parts[0]:
            name, degrees = name_degrees(parts[0])
            if name:
                affiliation = clean(parts[1]) if len(parts) > 1 else None
                out.append(OfficialRecord(name, degrees, role, affiliation))
    return tuple(out)


def parse_responsible_party(text: str | None) -> ResponsiblePartyRecord | None:
    """``Zhi Yang, Researcher of Biotherpy Center, Southwest Hospital, China`` -> name, title,
    affiliation (a person: name, title, then the affiliation, which may hold commas);
    ``Second Military Medical University`` -> name only; ``Sponsor`` -> type only."""
    text = clean(text)
    if not text:
        return None
    kind = enum_value(text, RESPONSIBLE_PARTY_TYPE)
    if kind:
        return ResponsiblePartyRecord(type=kind)
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 3 and all(parts[:2]):
        return ResponsiblePartyRecord(
            name=parts[0], title=parts[1], affiliation=clean(", ".join(parts[2:]))
        )
    return ResponsiblePartyRecord(name=text)
