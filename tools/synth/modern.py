"""The modern renderer: a record as the modern study detail page (``seed.layouts.modern`` reads
it back)."""

from __future__ import annotations

from domain.records import DateRecord, TrialRecord
from tools.synth.modern_parts import FURNITURE as _F
from tools.synth.modern_parts import md as _md
from tools.synth.modern_parts import render_groups, render_parties

_RESULTS_PENDING = (
    "Study Results\n\nResults pending\n\nThe study team has not published outcome "
    "measurements, participant flow, or safety data for this trial yet. Check back later for "
    "updates."
)
_RESULTS_POSTED = (
    "Study Results\n\nResults posted\n\nThe study team has published outcome measurements, "
    "participant flow, and safety data for this trial."
)


def _modern_date(date: DateRecord | None) -> str | None:
    if date is None:
        return None
    suffix = {"ACTUAL": " (Actual)", "ESTIMATED": " (Estimated)", None: ""}[date.type]
    return date.date + suffix


def _labelled(pairs: list[tuple[str, str | None]]) -> list[str]:
    """``Label`` then its value, for the values that are set."""
    return [line for label, value in pairs if value for line in (label, value)]


def render_modern(rec: TrialRecord) -> str:
    """The record as the modern study detail page (``seed.layouts.modern`` reads it)."""
    b: list[str] = [rec.brief_title or "", f"NCT ID: {rec.nct_id}"]
    if rec.dates.last_update_posted:
        b.append(f"Last Updated: {rec.dates.last_update_posted}")
    b.append(_RESULTS_POSTED if rec.has_results else _RESULTS_PENDING)

    def section(title: str, furniture: str | None) -> None:
        b.append(title)
        if furniture:
            b.append(_F[furniture])

    section("Basic Information", "basic")
    e = rec.enrollment
    enrollment = None
    if e.count is not None:
        suffix = {"ACTUAL": " (Actual)", "ESTIMATED": " (Estimated)", None: ""}[e.type]
        enrollment = f"{e.count} participants{suffix}"
    access = rec.study_type == "EXPANDED_ACCESS"
    b += _labelled(
        [
            ("Expanded Access Status" if access else "Recruitment Status", rec.overall_status),
            ("Last Known Status", rec.last_known_status),
            ("Why Stopped", rec.why_stopped),
            ("Clinical Phase", ", ".join(rec.phases)),
            ("Total Enrollment", enrollment),
            ("Study Classification", rec.study_type),
            ("Study Start Date", _modern_date(rec.dates.start)),
            ("Primary Completion Date", _modern_date(rec.dates.primary_completion)),
            ("Study Completion Date", _modern_date(rec.dates.completion)),
            ("First Posted", rec.dates.first_posted),
            ("Last Verified", rec.dates.last_verified),
            ("Official Title", rec.official_title),
            ("Acronym", rec.acronym),
        ]
    )
    if rec.brief_summary:
        section("Brief Summary", "summary")
        b.append(_md(rec.brief_summary))
    if rec.detailed_description:
        section("Detailed Description", "detailed")
        b.append(_md(rec.detailed_description))
    if rec.conditions:
        section("Conditions", "conditions")
        b.append("\n".join(rec.conditions))
    if rec.keywords:
        b += ["Keywords", "\n".join(rec.keywords)]
    if rec.mesh_terms:
        b += ["MeSH Terms", "\n".join(rec.mesh_terms)]
    b += _design(rec)
    b += render_groups(rec)
    b += _outcomes(rec)
    b += _eligibility(rec)
    b += render_parties(rec)
    b += _references(rec)
    section("Other Identifiers", "identifiers")
    if rec.org_study_id:
        b += [rec.org_study_id, "Identifier Type: -", "Identifier Source: org_study_id"]
    for other in rec.secondary_ids:
        b += [other, "Identifier Type: -", "Identifier Source: secondary_id"]
    section("More Related Trials", "related")
    return "\n\n".join(b) + "\n"


def _design(rec: TrialRecord) -> list[str]:
    d = rec.design
    pairs = [
        ("Allocation Method", d.allocation),
        ("Intervention Model", d.intervention_model),
        ("Primary Study Purpose", d.primary_purpose),
        ("Blinding Strategy", d.masking),
        ("Who Is Blinded", ", ".join(d.who_masked)),
        ("Observational Model", d.observational_model),
        ("Time Perspective", d.time_perspective),
        ("Biospecimen Retention", d.bio_spec_retention),
        ("Biospecimen Description", d.bio_spec_description and _md(d.bio_spec_description)),
        ("Target Follow-Up Duration", d.target_duration),
    ]
    lines = _labelled(pairs)
    return ["Study Design", _F["design"], *lines] if lines else []


def _outcomes(rec: TrialRecord) -> list[str]:
    b = []
    for kind, title, furniture in (
        ("PRIMARY", "Primary Outcomes", "primary"),
        ("SECONDARY", "Secondary Outcomes", "secondary"),
        ("OTHER", "Other Outcomes", None),
        (None, "Outcome Measures", None),
    ):
        found = [o for o in rec.outcomes if o.type == kind]
        if found:
            b += [title, *([_F[furniture]] if furniture else [])]
            for o in found:  # one paragraph: a measure that reads like a heading stays a measure
                lines = [_md(o.measure), *([_md(o.description)] if o.description else [])]
                b.append(
                    "\n".join([*lines, *([f"Time Frame: {o.time_frame}"] if o.time_frame else [])])
                )
    return b


def _eligibility(rec: TrialRecord) -> list[str]:
    el = rec.eligibility
    healthy = {True: "Yes", False: "No", None: None}[el.healthy_volunteers]
    labels = _labelled(
        [
            ("Minimum Eligible Age", el.minimum_age),
            ("Maximum Eligible Age", el.maximum_age),
            ("Eligible Sex", el.sex),
            ("Accepts Healthy Volunteers", healthy),
            ("Standard Ages", ", ".join(el.std_ages)),
            ("Study Population", el.study_population and _md(el.study_population)),
            ("Sampling Method", el.sampling_method),
        ]
    )
    if el.criteria_text:
        criteria = [_md(el.criteria_text)]
    elif el.inclusion or el.exclusion:
        criteria = [
            "Inclusion Criteria",
            "\n".join(f"{c.ordinal}. {_md(c.text)}" for c in el.inclusion),
            "Exclusion Criteria",
            "\n".join(f"{c.ordinal}. {_md(c.text)}" for c in el.exclusion),
        ]
    else:
        criteria = []
    if not criteria and not labels:
        return []
    if criteria and labels:  # the first label follows the last criterion with no blank line
        criteria[-1] += "\n" + labels.pop(0)
    return ["Eligibility Criteria", _F["eligibility"], *criteria, *labels]


def _references(rec: TrialRecord) -> list[str]:
    b = []
    if rec.references:
        b += ["References", _F["references"]]
        for ref in rec.references:
            b.append(_md(ref.citation))
            tail = [f"Reference Type {ref.type}"] if ref.type else []
            if ref.pmid:
                tail.append(f"PMID: {ref.pmid} (View on PubMed)")
            if tail:
                b.append("\n".join(tail))
    return b
