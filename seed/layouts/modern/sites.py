"""The Locations section of the modern page: sites, their status, contacts and investigators."""

from __future__ import annotations

import re
from bisect import bisect_right

from domain.records import InvestigatorRecord, LocationRecord
from domain.vocab import STATUS, enum_value
from seed.layouts.modern.lines import Line, nonblank, norm, tagged
from seed.layouts.modern.people import contact_record, parse_people
from seed.layouts.values import value
from seed.text import split_place

_ZIP = re.compile(r"(?=.*\d)[+A-Za-z0-9][A-Za-z0-9 -]{1,9}")
_COUNTRY_TAIL = re.compile(
    r"^(?:the\s+)?(?:[a-z]+\s+){0,3}(?:republic|states?|province)\s+of(?:\s+the)?$|^the$",
    re.IGNORECASE,
)
_TRAILING_ZIP = re.compile(r"(.*\D)\s+(\d[\d-]{3,9})")


def _parse_sites(body: list[Line], countries: list[str] = ()) -> list[LocationRecord]:
    """Sites (non-blank lines)::

        Affiliated Hangzhou Cancer Hospital      facility (optional)
        Hangzhou, Zhejiang, China                City[, State][, Zip], Country
        Site Status RECRUITING                   the status may be on the next line, or absent
        Jane Roe, MD                             optional people, before or after the status:
        Role: CONTACT                              CONTACT/BACKUP are contacts, other roles
        +1 555 0100 / jane@example.org             investigators; phone and e-mail lines

    ``countries`` (the Countries section) tells a country from a state in an address.
    """
    items = nonblank(body)
    used: set[int] = set()
    statuses: dict[int, str | None] = {}
    for i, line in enumerate(items):
        rest = tagged(line.text, "Site Status")
        if rest is None:
            continue
        used.add(i)
        nxt = items[i + 1].text if i + 1 < len(items) else ""
        if not rest and enum_value(nxt, STATUS) and tagged(nxt, "Site Status") is None:
            rest = nxt
            used.add(i + 1)
        statuses[i] = enum_value(rest, STATUS)
    people = parse_people(items, contact_lines_only=True)
    for person in people:
        used |= person.used
    sites: list[tuple[int, list[int], str | None]] = []  # (first line, text lines, status)
    prev = -1
    for s in sorted(statuses):
        picked: list[int] = []
        i = s - 1
        while i > prev and len(picked) < 2:
            if i not in used:
                picked.insert(0, i)
            elif picked:
                break
            i -= 1
        sites.append((picked[0] if picked else s, picked, statuses[s]))
        prev = s
    rest = [i for i in range(prev + 1, len(items)) if i not in used]  # no status: a page cut off
    while rest:
        take = 2 if len(rest) > 1 and _address_like(items[rest[1]].text, countries) else 1
        sites.append((rest[0], rest[:take], None))
        rest = rest[take:]
    starts = sorted(start for start, _, _ in sites)
    mine: dict[int, list] = {}
    for person in people:  # a person belongs to the site that starts last before them
        at = bisect_right(starts, person.line) - 1
        if at >= 0:
            mine.setdefault(starts[at], []).append(person)
    return [_site(items, site, mine.get(site[0], []), countries) for site in sites]


_FACILITY_WORDS = re.compile(
    r"\b(?:hospital|universit\w*|clinic|cent(?:er|re)|institute|college|school|medical|health"
    r"|foundation|research|inc|ltd|gmbh|llc|pharma\w*)\b",
    re.IGNORECASE,
)


def _address_like(text: str, countries, alone: bool = False) -> bool:
    """``City, ..., Country``; a line ``alone`` (no facility line beside it) must end with a
    country the Countries section names, or, without that section, name no facility."""
    known = {norm(c) for c in countries}
    if norm(text) in known:
        return True
    if "," not in text:
        return False
    if not alone:
        return True
    if known:
        parts = [p.strip() for p in text.split(",")]
        return norm(parts[-1]) in known or norm(", ".join(parts[-2:])) in known
    return not _FACILITY_WORDS.search(text)


def _site(items, site, mine, countries) -> LocationRecord:
    _, picked, status = site
    texts = [items[i].text for i in picked]
    facility = address = None
    if len(texts) == 2:
        facility, address = texts
    elif texts and _address_like(texts[0], countries, alone=True):
        address = texts[0]
    elif texts:
        facility = texts[0]
    city, state, zip_, country = split_address(address, countries)
    return LocationRecord(
        facility=value(facility),
        city=city,
        state=state,
        zip=zip_,
        country=country,
        status=status,
        contacts=tuple(contact_record(p) for p in mine if p.role in (None, "CONTACT", "BACKUP")),
        investigators=tuple(
            InvestigatorRecord(p.name, p.degrees, p.role)
            for p in mine
            if p.name and p.role not in (None, "CONTACT", "BACKUP")
        ),
    )


def split_address(text: str | None, countries=()) -> tuple[str | None, ...]:
    """``Hangzhou, Zhejiang, China`` -> (Hangzhou, Zhejiang, None, China): city, state, zip,
    country. The last part is the country, unless the Countries section names others; then,
    when it names just one, that one is every site's country.
    """
    parts = split_place(value(text) or "")
    if not parts:
        return None, None, None, None
    known = {norm(c): c for c in countries}
    if len(parts) > 2 and (
        norm(", ".join(parts[-2:])) in known or (not known and _COUNTRY_TAIL.match(parts[-1]))
    ):
        parts[-2:] = [", ".join(parts[-2:])]  # "Korea, Republic of"
    country = None
    if not known or norm(parts[-1]) in known:
        country = parts.pop()
    elif len(known) == 1:
        country = next(iter(known.values()))
    zip_ = None
    for k in range(len(parts) - 1, 0, -1):
        if _ZIP.fullmatch(parts[k]):
            zip_ = parts.pop(k)
            break
        if m := _TRAILING_ZIP.fullmatch(parts[k]):
            parts[k], zip_ = m.group(1).strip(), m.group(2)
            break
    city = parts[0] if parts else None
    return city, ", ".join(parts[1:]) or None, zip_, country
