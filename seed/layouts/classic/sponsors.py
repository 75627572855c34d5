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


def responsible_party(
    full: str | None, short: str | None, lead: str | None
) -> ResponsiblePartyRecord | None:
    """The responsible party from the "More Information" row (``full``: name, title,
    affiliation) and the header block (``short``: name, affiliation), either of which may be
    missing. The lead sponsor's name in their place says the sponsor is responsible::

    Responsible Party: | Jeffrey Chang, MD, Professor, University of California, San Diego |
    Information provided by (Responsible Party):
    Jeffrey Chang, MD, University of California, San Diego

    Commas inside the name or the affiliation are told apart by comparing the two.
    """
    full, short = clean(full), clean(short)
    text = full or short
    if not text:
        return None
    if lead and text == lead:
        return ResponsiblePartyRecord(type="SPONSOR")
    if full and short:
        found = _split_party(full, short)
        if found:
            return ResponsiblePartyRecord(None, *found)
    elif short:  # the header block only: name and affiliation (the title is not known)
        name, _, affiliation = short.partition(", ")
        if enum_value(short, RESPONSIBLE_PARTY_TYPE) is None:
            return ResponsiblePartyRecord(None, name, None, affiliation or None)
    return parse_responsible_party(text)


def _split_party(full: str, short: str) -> tuple[str, str | None, str | None] | None:
    """``full`` is ``name[, title][, affiliation]`` and ``short`` ``name[, affiliation]``:
    the one split of ``short`` that ``full`` agrees with, the shortest name first."""
    cuts = [i for i in range(len(short)) if short.startswith(", ", i)] + [len(short)]
    for i in cuts:
        name, affiliation = short[:i], short[i + 2 :] or None
        if full == short and affiliation:
            return name, None, affiliation
        tail = f", {affiliation}" if affiliation else ""
        if full.startswith(f"{name}, ") and full.endswith(tail):
            title = full[len(name) + 2 : len(full) - len(tail)]
            if title.strip() and title == title.strip():
                return name, title, affiliation
    return (short, None, None) if full == short else None


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
