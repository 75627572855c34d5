"""Parser for the "modern" layout: a study detail page rendered as text.

The page (``seed/documents/pages/001_*.txt``) is a title, a small header, then sections::

    <brief title>
    NCT ID: NCT05745454
    Last Updated: 2023-02-27
    Basic Information                   a section heading, on its own line
    Get a concise snapshot of ...       one generic sentence (page furniture): dropped
    Recruitment Status                  the section's content: labels, values, entries
    NOT_YET_RECRUITING
    ...
    More Related Trials                 other trials: the record ends here

Sections are found by their known headings (``sections.SECTIONS``); a heading not known there
(a short line followed by a furniture sentence) starts a section that is skipped. Each known
section has one ``_parse_<section>`` function in the module named for it; ``parse`` puts
their results together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.records import (
    DatesRecord,
    DesignRecord,
    EligibilityRecord,
    OutcomeRecord,
    ParseError,
    SourceRecord,
    TrialRecord,
)
from seed.layouts.modern.basic_information import _parse_basic_information, _parse_results
from seed.layouts.modern.design import _parse_study_design
from seed.layouts.modern.eligibility import _parse_eligibility
from seed.layouts.modern.header import _parse_header
from seed.layouts.modern.identifiers import _parse_identifiers
from seed.layouts.modern.interventions import _parse_groups_and_interventions
from seed.layouts.modern.lines import Line
from seed.layouts.modern.outcomes import _parse_outcomes
from seed.layouts.modern.people import _parse_contacts, _parse_officials
from seed.layouts.modern.references import _parse_references
from seed.layouts.modern.sections import split_sections
from seed.layouts.modern.sites import _parse_sites
from seed.layouts.modern.sponsors import (
    _parse_collaborators,
    _parse_responsible_party,
    _parse_sponsors,
)
from seed.layouts.modern.text import _parse_list, _parse_text


def _outcomes(kind: str | None) -> Callable[[list[Line]], list[OutcomeRecord]]:
    """The handler of an outcome section whose heading gives its outcomes' type."""
    return lambda body: _parse_outcomes(body, kind)


# Study Groups, Interventions and Locations need each other's results: see ``parse``.
_HANDLERS: dict[str, Callable[[list[Line]], object]] = {
    "basic": _parse_basic_information,
    "results": _parse_results,
    "brief_summary": _parse_text,
    "detailed_description": _parse_text,
    "conditions": _parse_list,
    "keywords": _parse_list,
    "mesh": _parse_list,
    "design": _parse_study_design,
    "eligibility": _parse_eligibility,
    "sponsors": _parse_sponsors,
    "collaborators": _parse_collaborators,
    "responsible_party": _parse_responsible_party,
    "officials": _parse_officials,
    "contacts": _parse_contacts,
    "countries": _parse_list,
    "references": _parse_references,
    "identifiers": _parse_identifiers,
    "primary_outcomes": _outcomes("PRIMARY"),
    "secondary_outcomes": _outcomes("SECONDARY"),
    "other_outcomes": _outcomes("OTHER"),
    "outcomes": _outcomes(None),
}
_OUTCOMES = ("primary_outcomes", "secondary_outcomes", "other_outcomes", "outcomes")


def parse(lines: list[str], source: SourceRecord) -> TrialRecord:
    """One ``TrialRecord`` from a modern-layout page; ``ParseError`` if it has no NCT id."""
    header_lines, sections = split_sections(lines)
    header = _parse_header(header_lines, source.document)
    if header["nct_id"] is None:  # an "NCT ID:" line placed after the first section heading
        later = [ln for _, body in sections for ln in body if ln.text.startswith("NCT ID")]
        found = _parse_header(later, source.document)
        header["nct_id"], header["nct_line"] = found["nct_id"], found.get("nct_line")
    nct = re.fullmatch(r"NCT\d{8}", header["nct_id"] or "")
    if nct is None:
        reason = "no NCT id: the 'NCT ID:' line is missing or malformed"
        raise ParseError(source.document, reason, header.get("nct_line"))
    bodies: dict[str, list[Line]] = {}
    for key, body in sections:
        if key is not None:
            bodies.setdefault(key, []).extend([*body, Line(0, "", "")])
    got = {key: _HANDLERS[key](body) for key, body in bodies.items() if key in _HANDLERS}
    basic = got.get("basic") or _parse_basic_information([])
    arms, interventions = _parse_groups_and_interventions(
        bodies.get("groups"), bodies.get("interventions")
    )
    sites = _parse_sites(bodies.get("locations", []), got.get("countries", ()))
    org_id, secondary = got.get("identifiers") or (None, ())
    return TrialRecord(
        nct_id=nct.group(0),
        source=source,
        org_study_id=org_id,
        secondary_ids=secondary,
        brief_title=header["brief_title"],
        official_title=basic["official_title"],
        acronym=basic["acronym"],
        overall_status=basic["overall_status"],
        last_known_status=basic["last_known_status"],
        why_stopped=basic["why_stopped"],
        has_results=got.get("results"),
        study_type=basic["study_type"],
        phases=basic["phases"],
        enrollment=basic["enrollment"],
        design=got.get("design") or DesignRecord(),
        dates=DatesRecord(
            start=basic["start"],
            primary_completion=basic["primary_completion"],
            completion=basic["completion"],
            first_posted=basic["first_posted"],
            last_update_posted=header["last_update"] or basic["last_update"],
            last_verified=basic["last_verified"],
        ),
        conditions=got.get("conditions", ()),
        keywords=got.get("keywords", ()),
        mesh_terms=got.get("mesh", ()),
        brief_summary=got.get("brief_summary"),
        detailed_description=got.get("detailed_description"),
        sponsors=(*got.get("sponsors", []), *got.get("collaborators", [])),
        responsible_party=got.get("responsible_party"),
        officials=tuple(got.get("officials", [])),
        contacts=tuple(got.get("contacts", [])),
        locations=tuple(sites),
        references=tuple(got.get("references", [])),
        arms=arms,
        interventions=interventions,
        eligibility=got.get("eligibility") or EligibilityRecord(),
        outcomes=tuple(o for key in _OUTCOMES for o in got.get(key, [])),
    )
