"""The people and places of the classic page: contacts, sites grouped under country/state
headings, sponsors, investigators and the responsible party."""

from __future__ import annotations

from domain.records import ContactRecord, LocationRecord, TrialRecord
from tools.synth.pages import cell, classic_words


def person(name: str | None, degrees: str | None) -> str:
    """``Jane Roe, MD``: a name and its degrees, as one string."""
    return ", ".join(v for v in (name, degrees) if v)


def phone(contact: ContactRecord) -> str | None:
    if contact.phone and contact.phone_ext:
        return f"{contact.phone} ext {contact.phone_ext}"
    return contact.phone


def party_lines(rec: TrialRecord) -> tuple[str | None, str | None]:
    """The responsible party as the header block and the "More Information" row write it.

    The sponsor: its name, both places (``Sponsor`` when no lead sponsor is named). A person:
    ``name, affiliation`` in the header block, ``name, title, affiliation`` in the row.
    """
    party = rec.responsible_party
    if party is None:
        return None, None
    if party.type == "SPONSOR":
        lead = next((s.name for s in rec.sponsors if s.role == "LEAD"), "Sponsor")
        return lead, lead
    if not party.name:
        return None, None
    short = ", ".join(v for v in (party.name, party.affiliation) if v)
    return short, ", ".join(v for v in (party.name, party.title, party.affiliation) if v)


def _contact(c: ContactRecord, central: bool) -> str:
    parts = [v for v in (person(c.name, c.degrees), phone(c), c.email) if v]
    if central:
        return "Contact: " + " | ".join(cell(p) for p in parts) + " | |"
    return "Contact: " + cell(" ".join(parts)) + " | |"


def _address(site: LocationRecord) -> str:
    return ", ".join(v for v in (site.city, site.state, site.country, site.zip) if v)


def render_sites(rec: TrialRecord) -> list[str]:
    """Central contacts, then the sites under ``Country[, State]`` headings::

    Contact: Jane Roe, MD | 555-0100 | jane@example.org | |      central contact
    United States, Texas | |                                      heading
    Baylor Clinic | Recruiting |                                  facility | status
    Houston, Texas, United States, 77030 |                        its address
    Houston, Texas, United States, 77030 | Recruiting |           a site without a name
    Contact: John Doe 555-0101 john@example.org | |              site contact
    Principal Investigator: John Doe, MD | |                      site investigator
    """
    out = [_contact(c, True) for c in rec.contacts]
    group: tuple | None = None
    for site in rec.locations:
        if (site.country, site.state) != group and site.country:
            group = (site.country, site.state)
            out.append(f"{', '.join(v for v in group if v)} | |")
        status = classic_words(site.status) or ""
        status_cell = f" {status} |" if status else " |"
        if site.facility:
            out.append(f"{cell(site.facility)} |{status_cell}")
            out.append(f"{_address(site)} |")
        else:
            out.append(f"{_address(site)} |{status_cell}")
        out += [_contact(c, False) for c in site.contacts]
        for inv in site.investigators:
            if inv.role:
                role = classic_words(inv.role)
                out.append(f"{role}: {cell(person(inv.name, inv.degrees))} | |")
    return out


def render_sponsor_rows(rec: TrialRecord) -> list[str]:
    """The sponsor rows again, after the sites: ``Sponsor: | X |``, ``Collaborators: |``."""
    out = [f"Sponsor: | {cell(s.name)} |" for s in rec.sponsors if s.role == "LEAD"]
    collaborators = [s.name for s in rec.sponsors if s.role == "COLLABORATOR"]
    if collaborators:
        out += ["Collaborators: |", *(f"{cell(name)} |" for name in collaborators)]
    return out


def render_officials(rec: TrialRecord) -> list[str]:
    out = []
    for o in rec.officials:
        if not o.role:
            continue
        cells = [person(o.name, o.degrees), *([o.affiliation] if o.affiliation else [])]
        out.append(f"{classic_words(o.role)}: | " + " | ".join(cell(c) for c in cells) + " |")
    return out
