"""What each text layout can show of a record: ``shown(record, layout)`` is the record as a
page of that layout can state it, the fields it cannot show set to null (``docs/layouts.md``).

A page rendered from ``record`` (``tools.synth.classic`` / ``tools.synth.modern``) and parsed
back must give exactly ``shown(record, layout)`` (``tests/unit/test_layout_round_trip.py``).
"""

from __future__ import annotations

import dataclasses
import re

from domain.records import (
    ContactRecord,
    EligibilityRecord,
    InvestigatorRecord,
    LocationRecord,
    OfficialRecord,
    OrganizationRecord,
    ReferenceRecord,
    ResponsiblePartyRecord,
    SponsorRecord,
    TrialRecord,
)
from seed.criteria_list import parse_criteria
from seed.layouts.values import criteria_lists

replace = dataclasses.replace

# Never on either page: ids the registry keeps for itself, and its derived MeSH records.
_NEVER = {
    "aliases": "older NCT ids of the study: the registry's, not on the page",
    "condition_meshes": "MeSH records (with ids): the page names terms only (mesh_terms)",
    "condition_ancestors": "the registry's MeSH tree: not on the page",
    "intervention_meshes": "MeSH records of the interventions: not on the page",
    "intervention_ancestors": "the registry's MeSH tree: not on the page",
}
# The fields a layout never shows (null or empty by design), and why.
NOT_SHOWN = {
    "classic": _NEVER,
    "modern": _NEVER
    | {"organization": "the organization that gave the record: not on the modern page"},
}
# The fields a layout shows only in part, and what it leaves out (``docs/layouts.md``).
PARTLY_SHOWN = {
    "classic": {
        "organization": "only as 'Information provided by:', when there is no responsible "
        "party; never its class",
        "phases": "only for interventional studies (the Phase column)",
        "sponsors": "names and roles; not their class",
        "responsible_party": "the sponsor (its name where the party is), or a person's name, "
        "title and affiliation; not whether a person is a principal or sponsor-investigator",
        "contacts": "a backup contact is a 'Contact:' as well (role CONTACT)",
        "locations": "not the coordinates; a site contact's role is CONTACT",
        "references": "a reference of no type is listed under 'Publications:' (BACKGROUND)",
    },
    "modern": {
        "locations": "not the coordinates; the address is one line, a comma inside a city "
        "or state reads as a separator",
        "contacts": "a phone written 'Phone: ...' reads as the label and the phone",
    },
}
# Everywhere: a person is one 'Name, Degrees' string (the name ends at the first comma), a
# phone with its extension one 'phone ext N' string, the criteria lists are read in the text.
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def split_person(name: str | None, degrees: str | None, suffixes: bool) -> tuple:
    """A person as a page shows them, ``Name, Degrees`` in one string, read back: the name is
    the text before the first comma (with ``suffixes``, also ``Jr.``, ``III`` ... after it)."""
    shown = " ".join(", ".join(v for v in (name, degrees) if v).split())
    parts = [p.strip() for p in shown.split(",")]
    cut = 1
    while suffixes and cut < len(parts) and _SUFFIX.match(parts[cut]):
        cut += 1
    head, tail = ", ".join(parts[:cut]), ", ".join(p for p in parts[cut:] if p)
    return head or None, tail or None


def arm_cells(rec: TrialRecord) -> list[list[int]]:
    """For each arm, the interventions a page lists under it (indices into
    ``rec.interventions``): those that name the arm among their arm labels, then, for a name
    the arm lists that none of those has, the first intervention of that name."""
    cells = []
    for arm in rec.arms:
        cell = [k for k, i in enumerate(rec.interventions) if arm.label in i.arm_labels]
        for name in arm.interventions:
            if not any(rec.interventions[k].name == name for k in cell):
                cell += [k for k, i in enumerate(rec.interventions) if i.name == name][:1]
        cells.append(cell)
    return cells


def _links(rec: TrialRecord) -> TrialRecord:
    """Arms and interventions linked as the page links them: by the arm a page lists each
    intervention under (``arm_cells``)."""
    cells = arm_cells(rec)
    arms = tuple(
        replace(arm, interventions=tuple(dict.fromkeys(rec.interventions[k].name for k in cell)))
        for arm, cell in zip(rec.arms, cells, strict=True)
    )
    interventions = tuple(
        replace(
            item,
            arm_labels=tuple(
                dict.fromkeys(
                    arm.label for arm, cell in zip(rec.arms, cells, strict=True) if k in cell
                )
            ),
        )
        for k, item in enumerate(rec.interventions)
    )
    return replace(rec, arms=arms, interventions=interventions)


def _criteria(e: EligibilityRecord) -> EligibilityRecord:
    """A page shows the criteria as their text: its lists are what the layouts read in it
    (``seed.layouts.values.criteria_lists``). Where a registry reader reads the same text
    otherwise, ``reading_differences`` says so."""
    if not e.criteria_text:
        return e
    lists = criteria_lists(e.criteria_text.split("\n"))
    return replace(
        e,
        inclusion=parse_criteria(lists["inclusion"]),
        exclusion=parse_criteria(lists["exclusion"]),
    )


def reading_differences(rec: TrialRecord) -> list[str]:
    """The criteria lists a registry reader gave ``rec`` that the text layouts read otherwise
    in the same criteria text (``inclusion``, ``exclusion``)."""
    read = _criteria(rec.eligibility)
    return [
        kind
        for kind in ("inclusion", "exclusion")
        if getattr(read, kind) != getattr(rec.eligibility, kind)
    ]


def shown(rec: TrialRecord, layout: str) -> TrialRecord:
    """``rec`` as a page of ``layout`` ("classic" or "modern") shows it."""
    classic = layout == "classic"
    out = replace(
        _links(rec),
        aliases=(),
        condition_meshes=(),
        condition_ancestors=(),
        intervention_meshes=(),
        intervention_ancestors=(),
        has_results=bool(rec.has_results),
        eligibility=_criteria(rec.eligibility),
        officials=tuple(_official(o, classic) for o in rec.officials if o.role),
        contacts=tuple(_contact(c, classic) for c in rec.contacts),
        locations=tuple(_location(s, classic) for s in rec.locations),
        organization=None,
    )
    if classic:
        party = _classic_party(rec)
        out = replace(
            out,
            organization=(
                OrganizationRecord(rec.organization.full_name)
                if party is None and rec.organization
                else None
            ),
            phases=rec.phases if rec.study_type == "INTERVENTIONAL" else (),
            sponsors=tuple(SponsorRecord(s.name, s.role) for s in rec.sponsors if s.role in _ROLES),
            responsible_party=party,
            references=tuple(
                r if r.type else ReferenceRecord(r.citation, r.pmid, "BACKGROUND")
                for r in rec.references
            ),
        )
    return out


_ROLES = ("LEAD", "COLLABORATOR")


def _classic_party(rec: TrialRecord) -> ResponsiblePartyRecord | None:
    party = rec.responsible_party
    if party is None:
        return None
    if party.type == "SPONSOR":
        return ResponsiblePartyRecord(type="SPONSOR")
    if not party.name:
        return None
    return ResponsiblePartyRecord(None, party.name, party.title, party.affiliation)


def _official(o: OfficialRecord, classic: bool) -> OfficialRecord:
    name, degrees = split_person(o.name, o.degrees, not classic)
    return replace(o, name=name or "", degrees=degrees)


def split_phone(phone: str | None, ext: str | None) -> tuple[str | None, str | None]:
    """A phone as the pages show it, ``phone ext N`` in one string, read back: the extension
    is what follows the last ``ext``."""
    shown = " ".join(f"{phone or ''} ext {ext}".split()) if ext else phone
    m = _EXT.match(shown or "")
    return (m.group(1), m.group(2)) if m else (shown, None)


_PHONE_LABEL = re.compile(r"^(?:phone|telephone|tel)\s*:\s*", re.IGNORECASE)
_EXT = re.compile(r"^(.*\S)\s+(?:ext\.?|extension)\s*:?\s*(\S+)$", re.IGNORECASE)


def _contact(c: ContactRecord, classic: bool) -> ContactRecord:
    name, degrees = split_person(c.name, c.degrees, not classic)
    phone, ext = split_phone(c.phone, c.phone_ext)
    if not classic and phone:  # the modern page writes a phone bare: "Phone: ..." is a label
        phone = _PHONE_LABEL.sub("", phone) or None
    role = "CONTACT" if classic else c.role
    return replace(c, name=name, degrees=degrees, role=role, phone=phone, phone_ext=ext)


def _investigator(i: InvestigatorRecord, classic: bool) -> InvestigatorRecord:
    name, degrees = split_person(i.name, i.degrees, not classic)
    return replace(i, name=name or "", degrees=degrees)


def _location(s: LocationRecord, classic: bool) -> LocationRecord:
    return replace(
        s,
        latitude=None,
        longitude=None,
        contacts=tuple(_contact(c, classic) for c in s.contacts),
        investigators=tuple(_investigator(i, classic) for i in s.investigators if i.role),
    )
