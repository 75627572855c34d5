"""People on the modern page: the role-line style, the officials and the central contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.records import ContactRecord, OfficialRecord
from seed.layouts.modern.lines import Line, nonblank, tagged
from seed.layouts.values import phone_and_ext, value

# a phone, its extension, a note in parentheses: "+81-3-6225-1111 (M-F 9-5 JST)"
_PHONE = re.compile(
    r"^\+?[\d\s().+/-]{6,}(?:\s*(?:ext\.?|x)\s*\+?\d+)?(?:\s*\([^()]*\))?$", re.IGNORECASE
)
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
    after: list[str] = field(default_factory=list)  # every line after the role line
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
            if not contact_lines_only:
                person.after.append(value(text) or "")
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


def _parse_officials(body: list[Line]) -> list[OfficialRecord]:
    """People with a role and an affiliation (the lines after the role line, even one that
    reads like a phone: an official has none)::

    Haichuan Su, Doctor
    Role: PRINCIPAL_INVESTIGATOR
    The Second Affiliated Hospital of PLA Air Force Medical University
    """
    return [
        OfficialRecord(p.name, p.degrees, p.role, ", ".join(p.after) or None)
        for p in parse_people(nonblank(body))
        if p.name
    ]


def contact_record(p: Person) -> ContactRecord:
    """A person of the role-line style as a contact; ``555-0100 ext 12``: the extension."""
    phone, ext = phone_and_ext(p.phone)
    return ContactRecord(p.name, p.degrees, p.role, phone, p.email, ext)


def _parse_contacts(body: list[Line]) -> list[ContactRecord]:
    """Contacts::

    Haichuan Su, Doctor
    Role: CONTACT
    18629190366                  optional phone
    someone@example.org          optional e-mail
    """
    return [contact_record(p) for p in parse_people(nonblank(body))]
