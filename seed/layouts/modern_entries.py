"""Entries of the modern layout that are people, organisations, sites and citations.

Sponsors, responsible party, officials, contacts, sites, references, identifiers and outcome
measures of ``seed.layouts.modern``: pure functions over ``Line`` lists, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.records import (
    ContactRecord,
    InvestigatorRecord,
    LocationRecord,
    OfficialRecord,
    OutcomeRecord,
    ReferenceRecord,
    ResponsiblePartyRecord,
    SponsorRecord,
)
from domain.vocab import REFERENCE_TYPE, RESPONSIBLE_PARTY_TYPE, SPONSOR_CLASS, STATUS, enum_value
from seed.layouts.modern_blocks import (
    Line,
    marker,
    nonblank,
    norm,
    paragraphs,
    tagged,
    text_of,
    value,
)

# --------------------------------------------------------------------------- people

_PHONE = re.compile(r"^\+?[\d\s().+/-]{6,}(?:\s*(?:ext\.?|x)\s*\d+)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def phone_of(text: str) -> str | None:
    text = tagged(text, "Phone", "Telephone", "Tel", colon=True) or text
    return (
        text.strip() if _PHONE.match(text.strip()) and sum(c.isdigit() for c in text) >= 5 else None
    )


def email_of(text: str) -> str | None:
    text = (tagged(text, "Email", "E-mail", colon=True) or text).strip()
    return text if _EMAIL.match(text) else None


def role_of(text: str) -> str | None:
    """``Role: CONTACT`` -> ``CONTACT``; ``None`` for a line that is not a role line."""
    rest = tagged(text, "Role", colon=True)
    if rest is None:
        return None
    return re.sub(r"[^A-Z0-9]+", "_", rest.upper()).strip("_") or ""


def name_and_degrees(text: str) -> tuple[str | None, str | None]:
    """``Haichuan Su, Doctor`` -> (``Haichuan Su``, ``Doctor``).

    ``Bing Xia`` -> (``Bing Xia``, None); ``John Roe, Jr., MD`` -> (``John Roe, Jr.``, ``MD``).
    """
    parts = [p.strip() for p in (value(text) or "").split(",")]
    cut = 1
    while cut < len(parts) and _SUFFIX.match(parts[cut]):
        cut += 1
    name = ", ".join(parts[:cut]) or None
    return name, ", ".join(p for p in parts[cut:] if p) or None


@dataclass
class Person:
    line: int  # index of the name line in the list given (or of the role line, no name)
    name: str | None
    degrees: str | None
    role: str | None
    phone: str | None = None
    email: str | None = None
    extra: list[str] = field(default_factory=list)  # affiliation and other lines
    used: set[int] = field(default_factory=set)  # indices of the lines this person takes


def parse_people(items: list[Line], contact_lines_only: bool = False) -> list[Person]:
    """People in the role-line style (non-blank lines)::

        Haichuan Su, Doctor                     name, degrees
        Role: CONTACT
        18629190366                             optional phone
        name@example.org                        optional email
        <affiliation>                           other lines after the role line

    The line before a role line is that person's name; the lines after it, up to the next
    person's name, are the person's (only phone and e-mail lines if ``contact_lines_only``).
    """
    roles = [i for i, line in enumerate(items) if role_of(line.text) is not None]
    people: list[Person] = []
    for k, r in enumerate(roles):
        start = roles[k - 1] + 1 if k else 0
        has_name = r - 1 >= start and not (
            phone_of(items[r - 1].text) or email_of(items[r - 1].text)
        )
        name, degrees = name_and_degrees(items[r - 1].text) if has_name else (None, None)
        person = Person(r - 1 if has_name else r, name, degrees, role_of(items[r].text) or None)
        person.used = {r, r - 1} if has_name else {r}
        end = roles[k + 1] - 1 if k + 1 < len(roles) else len(items)
        for i in range(r + 1, end):
            text = items[i].text
            if (phone := phone_of(text)) and person.phone is None:
                person.phone = phone
            elif (email := email_of(text)) and person.email is None:
                person.email = email
            elif contact_lines_only:
                break
            else:
                person.extra.append(value(text) or "")
            person.used.add(i)
        people.append(person)
    return people


# --------------------------------------------------------------------------- sites

_ZIP = re.compile(r"(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{1,9}")
_COUNTRY_TAIL = re.compile(
    r"^(?:the\s+)?(?:[a-z]+\s+){0,3}(?:republic|states?|province)\s+of(?:\s+the)?$|^the$",
    re.IGNORECASE,
)
_TRAILING_ZIP = re.compile(r"(.*\D)\s+(\d[\d-]{3,9})")


def parse_sites(body: list[Line], countries: list[str] = ()) -> list[LocationRecord]:
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
    return [_site(items, site, people, sites, countries) for site in sites]


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


def _site(items, site, people, sites, countries) -> LocationRecord:
    start, picked, status = site
    texts = [items[i].text for i in picked]
    facility = address = None
    if len(texts) == 2:
        facility, address = texts
    elif texts and _address_like(texts[0], countries, alone=True):
        address = texts[0]
    elif texts:
        facility = texts[0]
    city, state, zip_, country = split_address(address, countries)
    starts = sorted(s for s, _, _ in sites)
    mine = [p for p in people if max((s for s in starts if s <= p.line), default=None) == start]
    return LocationRecord(
        facility=value(facility),
        city=city,
        state=state,
        zip=zip_,
        country=country,
        status=status,
        contacts=tuple(
            ContactRecord(p.name, p.degrees, p.role, p.phone, p.email)
            for p in mine
            if p.role in (None, "CONTACT", "BACKUP")
        ),
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
    parts = [p.strip() for p in (value(text) or "").split(",") if p.strip()]
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


# --------------------------------------------------------------------------- organisations


def parse_sponsors(body: list[Line], default_role: str | None = None) -> list[SponsorRecord]:
    """Sponsors, each as name, class, role::

    su haichuan
    OTHER                      OTHER | INDUSTRY | NIH | UNKNOWN ... (optional)
    Sponsor Role lead          lead | collaborator (optional)
    """
    out: list[SponsorRecord] = []
    run: list[Line] = []
    for line in nonblank(body):
        role = tagged(line.text, "Sponsor Role")
        if role is None:
            role = tagged(line.text, "Role", colon=True)
        if role is None:
            run.append(line)
            continue
        out += _sponsors(run, role, default_role)
        run = []
    return out + _sponsors(run, None, default_role)  # no role line: a list, or a page cut off


_SPONSOR_ROLE = {"lead": "LEAD", "lead sponsor": "LEAD", "sponsor": "LEAD"}
_SPONSOR_ROLE |= {"collaborator": "COLLABORATOR", "collaborators": "COLLABORATOR"}


def _sponsors(run: list[Line], role: str | None, default: str | None) -> list[SponsorRecord]:
    """Name lines, each optionally followed by a class line; ``role`` is the last one's."""
    found: list[list] = []
    for line in run:
        klass = enum_value(line.text, SPONSOR_CLASS)
        if klass and found and found[-1][1] is None:
            found[-1][1] = klass
        elif name := value(line.text):
            found.append([name, None, default])
    if found and role is not None:
        found[-1][2] = _SPONSOR_ROLE.get(" ".join(role.lower().split()), default)
    return [SponsorRecord(name, role_, klass) for name, klass, role_ in found]


def parse_collaborators(body: list[Line]) -> list[SponsorRecord]:
    """Collaborators listed in a section of their own: as Sponsors, role COLLABORATOR."""
    return parse_sponsors(body, default_role="COLLABORATOR")


def parse_responsible_party(body: list[Line]) -> ResponsiblePartyRecord | None:
    """Name, title, role; an affiliation, if given, follows the role line::

    su haichuan
    Head of Department
    Responsibility Role SPONSOR_INVESTIGATOR
    """
    lines = nonblank(body)
    at = next((i for i, ln in enumerate(lines) if tagged(ln.text, "Responsibility Role")), None)
    before, after = (lines, []) if at is None else (lines[:at], lines[at + 1 :])
    labelled = {
        k: tagged(ln.text, k, colon=True)
        for ln in lines
        for k in ("Name", "Title", "Affiliation")
        if tagged(ln.text, k, colon=True)
    }
    plain = [ln.text for ln in before if tagged(ln.text, "Name", "Title", colon=True) is None]
    kind = tagged(lines[at].text, "Responsibility Role") if at is not None else None
    party = ResponsiblePartyRecord(
        type=enum_value(kind, RESPONSIBLE_PARTY_TYPE),
        name=value(labelled.get("Name") or (plain[0] if plain else None)),
        title=value(labelled.get("Title") or (" ".join(plain[1:]) if len(plain) > 1 else None)),
        affiliation=value(labelled.get("Affiliation") or (after[0].text if after else None)),
    )
    return party if any((party.type, party.name, party.title, party.affiliation)) else None


def parse_officials(body: list[Line]) -> list[OfficialRecord]:
    """People with a role and an affiliation::

    Haichuan Su, Doctor
    Role: PRINCIPAL_INVESTIGATOR
    The Second Affiliated Hospital of PLA Air Force Medical University
    """
    return [
        OfficialRecord(p.name, p.degrees, p.role, ", ".join(p.extra) or None)
        for p in parse_people(nonblank(body))
        if p.name
    ]


def parse_contacts(body: list[Line]) -> list[ContactRecord]:
    """Contacts::

    Haichuan Su, Doctor
    Role: CONTACT
    18629190366                  optional phone
    someone@example.org          optional e-mail
    """
    return [
        ContactRecord(p.name, p.degrees, p.role, p.phone, p.email)
        for p in parse_people(nonblank(body))
    ]


# --------------------------------------------------------------------------- references, ids


def parse_references(body: list[Line]) -> list[ReferenceRecord]:
    """Citation paragraph, its type and PubMed id::

    Zhang W, Liu L, ... Br J Cancer. 2019 Nov;121(10):837-845.
    Reference Type BACKGROUND
    PMID: 31570753 (View on PubMed)
    """
    refs: list[dict] = []
    for para in paragraphs(body):
        new = True
        for line in para:
            if (kind := marker(line.text, "Reference Type", REFERENCE_TYPE)) is not None:
                if refs:
                    refs[-1]["type"] = enum_value(kind, REFERENCE_TYPE)
            elif m := re.match(r"PMID\s*:?\s*(\d+)", line.text, re.IGNORECASE):
                if refs:
                    refs[-1]["pmid"] = m.group(1)
            elif new or refs[-1]["type"] or refs[-1]["pmid"]:
                refs.append({"citation": [line.text], "type": None, "pmid": None})
            else:
                refs[-1]["citation"].append(line.text)
            new = False
    return [
        ReferenceRecord(value(" ".join(r["citation"])) or "", r["pmid"], r["type"]) for r in refs
    ]


def parse_identifiers(body: list[Line]) -> tuple[str | None, tuple[str, ...]]:
    """Identifiers, each followed by its type and source: ``(org_study_id, secondary_ids)``::

    HER2-E-CART
    Identifier Type: -
    Identifier Source: org_study_id
    """
    ids: list[list] = []
    for line in nonblank(body):
        if (source := tagged(line.text, "Identifier Source", colon=True)) is not None:
            if ids:
                ids[-1][1] = source
        elif tagged(line.text, "Identifier Type", "Identifier Domain", "Link", colon=True) is None:
            ids.append([value(line.text), None])
    org = next((i for i, s in ids if s and norm(s).replace(" ", "_") == "org_study_id"), None)
    return org, tuple(i for i, s in ids if i and i != org)


# --------------------------------------------------------------------------- outcomes


def parse_outcomes(body: list[Line], kind: str | None = None) -> list[OutcomeRecord]:
    """Outcome measures, each with a time frame; the description may come before or after it::

    Incidence of dose-limiting toxicity        measure
    <description paragraph(s)>                 optional
    Time Frame: 28 days
    """
    runs: list[list[list[Line]]] = [[]]
    frames: list[str] = []
    for para in paragraphs(body):
        for line in para:
            if (frame := tagged(line.text, "Time Frame", colon=True)) is not None:
                frames.append(frame)
                runs.append([])
            elif runs[-1] and runs[-1][-1][-1].n == line.n - 1:
                runs[-1][-1].append(line)
            else:
                runs[-1].append([line])
    out: list[dict] = []
    before = len(runs[0]) >= 2 or not runs[-1]  # description before the time frame
    for k, run in enumerate(runs):
        frame = frames[k] if k < len(frames) else None
        if not before:  # run: [the previous outcome's description...] <this measure>
            if out:
                out[-1]["description"] = run if k == len(frames) else run[:-1]
            run = run[-1:] if k < len(frames) else []
        if run:
            head = run[0]
            out.append({"measure": head[0].text, "time_frame": frame, "description": run})
            out[-1]["description"] = [head[1:], *run[1:]]
    return [
        OutcomeRecord(
            value(_strip_tag(o["measure"])) or "",
            kind,
            value(o["time_frame"]),
            text_of([[_untag(ln) for ln in p] for p in o["description"]]),
        )
        for o in out
    ]


def _strip_tag(text: str) -> str:
    return tagged(text, "Measure", "Outcome Measure", "Title", colon=True) or text


def _untag(line: Line) -> Line:
    return line._replace(text=tagged(line.text, "Description", colon=True) or line.text)
