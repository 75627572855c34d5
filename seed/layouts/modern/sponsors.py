"""Sponsors, Collaborators and Responsible Party sections of the modern page."""

from __future__ import annotations

from domain.records import ResponsiblePartyRecord, SponsorRecord
from domain.vocab import RESPONSIBLE_PARTY_TYPE, SPONSOR_CLASS, enum_value
from seed.layouts.modern.lines import Line, nonblank, tagged
from seed.layouts.values import value


def _parse_sponsors(body: list[Line], default_role: str | None = None) -> list[SponsorRecord]:
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
        if klass and found and found[-1][1] in (None, klass):
            found[-1][1] = klass  # (the same class line again is no sponsor of that name)
        elif name := value(line.text):
            found.append([name, None, default])
    if found and role is not None:
        found[-1][2] = _SPONSOR_ROLE.get(" ".join(role.lower().split()), default)
    return [SponsorRecord(name, role_, klass) for name, klass, role_ in found]


def _parse_collaborators(body: list[Line]) -> list[SponsorRecord]:
    """Collaborators listed in a section of their own: as Sponsors, role COLLABORATOR::

    Fudan University
    OTHER                      OTHER | INDUSTRY | NIH | UNKNOWN ... (optional)
    """
    return _parse_sponsors(body, default_role="COLLABORATOR")


def _parse_responsible_party(body: list[Line]) -> ResponsiblePartyRecord | None:
    """Name, title, role; an affiliation, if given, follows the role line::

    su haichuan
    Head of Department
    Responsibility Role SPONSOR_INVESTIGATOR      (a bare "Responsibility Role": not said)
    The Second Affiliated Hospital
    """
    lines = nonblank(body)
    at = next(
        (i for i, ln in enumerate(lines) if tagged(ln.text, "Responsibility Role") is not None),
        None,
    )
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
