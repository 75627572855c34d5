"""Parser for the "classic" layout: the classic ClinicalTrials.gov study record page as text.

``parse()`` cuts the page into sections by structure (``sections``: a section starts at its own
label, found anywhere; page furniture ends one) and hands each to its ``_parse_<section>``
function, one module per section: ``header``, ``status`` (and the header block), ``conditions``,
``description``, ``design``, ``arms`` (and Intervention Details), ``outcomes``, ``eligibility``,
``sites``, ``sponsors``, ``people`` (officials), ``references`` and ``more_information``. Pure
functions: no I/O, no database. A label never seen before is skipped, and a page cut off
part-way gives whatever is there and nothing more. ``docs/layouts.md`` shows each part.
"""

from __future__ import annotations

from domain.dates import parse_date
from domain.records import (
    DatesRecord,
    DesignRecord,
    EnrollmentRecord,
    OrganizationRecord,
    SourceRecord,
    TrialRecord,
)
from seed.layouts.classic.arms import _parse_arms, _parse_details, assemble
from seed.layouts.classic.conditions import _parse_conditions
from seed.layouts.classic.description import _parse_description
from seed.layouts.classic.design import _parse_design
from seed.layouts.classic.eligibility import _parse_eligibility
from seed.layouts.classic.header import _parse_header, _parse_identity
from seed.layouts.classic.more_information import _parse_more, _parse_terms
from seed.layouts.classic.outcomes import _parse_outcomes
from seed.layouts.classic.people import _parse_officials
from seed.layouts.classic.references import _parse_references
from seed.layouts.classic.sections import split_sections
from seed.layouts.classic.sites import _parse_sites
from seed.layouts.classic.sponsors import _parse_sponsors, responsible_party
from seed.layouts.classic.status import _parse_results, _parse_status
from seed.text import strip_cell


def parse(lines: list[str], source: SourceRecord) -> TrialRecord:
    """One classic record page (its lines) -> ``TrialRecord``; ``ParseError`` without an NCT id."""
    nct = _parse_identity(lines, source.document)
    sec = split_sections(lines)
    title = _parse_header(sec.get("header", []))
    status = _parse_status(sec.get("status", []))
    conditions, known, phases = _parse_conditions(sec.get("conditions", []))
    brief, detailed = _parse_description(sec.get("description", []))
    design = _parse_design(sec.get("design", []))
    details = _parse_details(sec.get("details", []), known)
    arms, interventions = assemble(_parse_arms(sec.get("arms", []), known), details, known)
    rows, provided_by = _parse_sponsors(sec.get("sponsors", []))
    sponsors = tuple(dict.fromkeys([*status["sponsors"], *rows]))  # the header block's first
    lead = next((s.name for s in sponsors if s.role == "LEAD"), None)
    more = _parse_more(sec.get("more", []))
    values = more["values"]
    ids = [strip_cell(v) for v in values.get("other study id numbers", []) if strip_cell(v)]
    vocabulary = (*conditions, *(i.name for i in interventions))
    keywords, mesh = _parse_terms(more, vocabulary)
    central, locations = _parse_sites(sec.get("sites", []))

    def row_date(label: str) -> str | None:
        found = values.get(label)
        return parse_date(found[0].replace("Key Record Dates", "")) if found else None

    return TrialRecord(
        nct_id=nct,
        source=source,
        org_study_id=ids[0] if ids else None,
        organization=OrganizationRecord(status["organization"])
        if status.get("organization")
        else None,
        secondary_ids=tuple(ids[1:]),
        brief_title=title,
        official_title=design.get("official_title"),
        acronym=design.get("acronym"),
        overall_status=status.get("overall_status"),
        last_known_status=status.get("last_known_status"),
        why_stopped=status.get("why_stopped"),
        has_results=_parse_results(lines),
        study_type=design.get("study_type"),
        phases=phases,
        enrollment=design.get("enrollment") or EnrollmentRecord(),
        design=DesignRecord(**design["design"]),
        dates=DatesRecord(
            **design["dates"],
            first_posted=row_date("first posted") or status.get("first_posted"),
            last_update_posted=row_date("last update posted") or status.get("last_update_posted"),
            last_verified=row_date("last verified") or status.get("last_verified"),
        ),
        conditions=conditions,
        keywords=keywords,
        mesh_terms=mesh,
        brief_summary=brief,
        detailed_description=detailed,
        sponsors=sponsors,
        responsible_party=responsible_party(
            (values.get("responsible party") or [None])[0],
            status.get("party") or provided_by,
            lead,
        ),
        officials=_parse_officials(sec.get("officials", [])),
        contacts=central,
        locations=locations,
        references=_parse_references(sec.get("references", [])),
        arms=arms,
        interventions=interventions,
        eligibility=_parse_eligibility(sec.get("eligibility", [])),
        outcomes=_parse_outcomes(sec.get("outcomes", [])),
    )
