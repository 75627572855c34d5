"""Sponsors of the classic page: the sponsor rows and the responsible party."""

from __future__ import annotations

from domain.records import ResponsiblePartyRecord, SponsorRecord
from domain.vocab import RESPONSIBLE_PARTY_TYPE, enum_value
from seed.layouts.classic.table import ROW
from seed.layouts.values import value
from seed.text import clean, strip_cell


def _parse_sponsors(lines: list[str]) -> tuple[tuple[SponsorRecord, ...], str | None]:
    """Sponsor rows; collaborators one per line under a bare label::

    Sponsor: | Southwest Hospital, China |
    Collaborators: |
    Fudan University |
    Information provided by (Responsible Party): | Zhi Yang |
    """
    sponsors: list[SponsorRecord] = []
    provided: list[str] = []
    role = None  # of the lines under a bare label
    for raw in lines:
        line = raw.strip()
        if m := ROW.match(line):
            label, cell = m.group("label").lower(), strip_cell(m.group("rest"))
            role = "LEAD" if label == "sponsor" else "COLLABORATOR" if "collab" in label else None
            role = "PROVIDED" if label.startswith("information provided") else role
            if m.group("rest").strip():  # the value is on the row: no lines follow
                _add(sponsors, provided, role, cell)
                role = None
            continue
        _add(sponsors, provided, role, strip_cell(line))
    return tuple(sponsors), provided[0] if provided else None


def _add(sponsors: list[SponsorRecord], provided: list[str], role: str | None, text: str) -> None:
    name = value(text)
    if name and role == "PROVIDED":
        provided.append(name)
    elif name and role:
        sponsors.append(SponsorRecord(name, role))


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
