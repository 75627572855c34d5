"""People on the classic page: names with degrees, contacts, and the overall officials rows."""

from __future__ import annotations

import re

from domain.records import ContactRecord, OfficialRecord
from domain.vocab import OFFICIAL_ROLE, enum_value
from seed.layouts.classic.table import ROW, cells
from seed.layouts.values import phone_and_ext
from seed.text import clean

_EMAIL = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(
    r"(?:\+|\(|\b)\d[\d\s().\-/]{4,}\d(?:\s*(?:ext\.?|x|extension)\s*:?\s*\+?\d+)?",
    re.IGNORECASE,
)


def name_degrees(text: str) -> tuple[str | None, str | None]:
    """``Kaichao Feng, MD`` -> ("Kaichao Feng", "MD"); ``Cheng Qian, MD,PhD`` keeps "MD,PhD"."""
    name, _, degrees = (clean(text) or "").partition(",")
    return clean(name), clean(degrees)


def parse_contact(text: str, role: str = "CONTACT") -> ContactRecord:
    """One contact, in either rendering::

    Kaichao Feng, MD | +861066939460 | timothyfkc@126.com | |   central: one cell each
    Huajun Jin, PHD +86-21-81875372 ext 12 hj-jin@hotmail.com | |   site: run together
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
    phone, ext = phone_and_ext(phone)
    return ContactRecord(name, degrees, role, phone, email, ext)


def _parse_officials(lines: list[str]) -> tuple[OfficialRecord, ...]:
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
