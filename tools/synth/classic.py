"""The classic renderer: any ``TrialRecord`` as the classic study record page, as a text
conversion of that page prints it (``seed.layouts.classic`` reads it back).

The page, top to bottom (the five seed pages show most of it; ``docs/layouts.md`` lists it)::

    <brief title> / disclaimer / ClinicalTrials.gov Identifier: NCT…
    Recruitment Status : …   (Expanded Access Status : … for expanded access), the reason in
                             parentheses, First Posted, Last Update Posted
    Sponsor: / Collaborator(s): / Information provided by (Responsible Party):   header block
    tabs ("Study Results" when results are posted, else "No Results Posted")
    Brief Summary / Detailed Description, the conditions table, the study design rows,
    the arms (or Group/Cohort) table or "Intervention Details:", the outcome measures,
    the eligibility rows and criteria, contacts and sites (grouped under country/state),
    sponsors, investigators, publications, "More Information" rows.

A value the record does not hold is left out, never written as a placeholder.
"""

from __future__ import annotations

from domain.records import (
    ArmRecord,
    DateRecord,
    EligibilityRecord,
    InterventionRecord,
    TrialRecord,
)
from tools.synth.classic_people import (
    party_lines,
    render_officials,
    render_sites,
    render_sponsor_rows,
)
from tools.synth.pages import cell, classic_date, classic_words, lines_of
from tools.synth.shown import arm_cells
from tools.synth.vocab.design import CLASSIC_PHASE

_HEAD = (
    "![]() |\nThe safety and scientific validity of this study is the responsibility of the "
    "study sponsor and investigators. Listing a study does not mean it has been evaluated by "
    "the U.S. Federal Government. Know the risks and potential benefits of clinical studies and "
    "talk to your health care provider before participating. Read our disclaimer for details. |"
)
_CHOOSING = (
    "Choosing to participate in a study is an important personal decision. Talk with your "
    "doctor and family members or friends about deciding to join a study. To learn more about "
    "this study, you or your doctor may contact the study research staff using the contacts "
    "provided below. For general information, Learn About Clinical Studies."
)
_LEARN = (
    "To learn more about this study, you or your doctor may contact the study research staff "
    "using the contact information provided by the sponsor."
)
_STUDY_TYPE = {
    "INTERVENTIONAL": "Interventional (Clinical Trial)",
    "OBSERVATIONAL": "Observational",
    "EXPANDED_ACCESS": "Expanded Access",
}
_DATE_TYPE = {"ACTUAL": "Actual ", "ESTIMATED": "Estimated ", None: ""}
_STD_AGES = {"CHILD": "Child", "ADULT": "Adult", "OLDER_ADULT": "Older Adult"}
_OUTCOME_HEADINGS = {
    "PRIMARY": "Primary Outcome Measures :",
    "SECONDARY": "Secondary Outcome Measures :",
    "OTHER": "Other Outcome Measures:",
}


def render_classic(rec: TrialRecord) -> str:
    """The record as the classic study record page (``seed.layouts.classic`` reads it)."""
    out = [rec.brief_title or "", _HEAD, f"ClinicalTrials.gov Identifier: {rec.nct_id} |"]
    out += _status(rec)
    out += _header_block(rec)
    results = "Study Results" if rec.has_results else "No Results Posted"
    out.append(f"|\n- Study Details\n- Tabular View\n- {results}\n- Disclaimer")
    out.append("- How to Read a Study Record")
    if rec.brief_summary:
        out += ["Brief Summary:", rec.brief_summary]
    if rec.detailed_description:
        out += ["Detailed Description:", rec.detailed_description]
    out += _conditions_table(rec)
    out += _design(rec)
    out.append("")
    out += _arms(rec)
    out += _outcomes(rec)
    out.append("")
    out.append(_CHOOSING)
    out += _eligibility(rec.eligibility)
    out.append("")
    out.append(_LEARN)
    out.append(
        "Please refer to this study by its ClinicalTrials.gov identifier (NCT number): "
        + rec.nct_id
    )
    out += render_sites(rec)
    out += render_sponsor_rows(rec)
    out += render_officials(rec)
    out += _references(rec)
    out += _more_information(rec)
    return "\n".join(out) + "\n"


def _status(rec: TrialRecord) -> list[str]:
    """``Recruitment Status : Completed`` (the reason on lines of its own), posting dates."""
    access = rec.study_type == "EXPANDED_ACCESS"
    label = "Expanded Access Status" if access else "Recruitment Status"
    status = classic_words(rec.overall_status) if rec.overall_status else ""
    out = []
    if rec.overall_status == "UNKNOWN":
        out.append(f"{label} : {status}")
        if rec.dates.last_verified:
            lead = next((s.name for s in rec.sponsors if s.role == "LEAD"), "the sponsor")
            out.append(f"Verified {classic_date(rec.dates.last_verified)} by {lead}.")
        if rec.last_known_status:
            out.append(f"Recruitment status was: {classic_words(rec.last_known_status)}")
    elif rec.why_stopped:
        out += [f"{label} :", status, f"({rec.why_stopped})"]
    else:
        out.append(f"{label} : {status}")
    if rec.dates.first_posted:
        out.append(f"First Posted : {classic_date(rec.dates.first_posted)}")
    if rec.dates.last_update_posted:
        out.append(f"Last Update Posted : {classic_date(rec.dates.last_update_posted)}")
    return out


def _header_block(rec: TrialRecord) -> list[str]:
    """Sponsor, collaborators and who provided the information, under the status lines."""
    out = []
    lead = [s.name for s in rec.sponsors if s.role == "LEAD"]
    collaborators = [s.name for s in rec.sponsors if s.role == "COLLABORATOR"]
    if lead:
        out += ["Sponsor:", *lead]
    if collaborators:
        out += ["Collaborators:" if len(collaborators) > 1 else "Collaborator:", *collaborators]
    short, _ = party_lines(rec)
    if short:
        out += ["Information provided by (Responsible Party):", short]
    elif rec.organization is not None:
        out += ["Information provided by:", rec.organization.full_name]
    return out


def _conditions_table(rec: TrialRecord) -> list[str]:
    """One row; the conditions and the interventions one a line, the phases run together."""
    heads = ["Condition or disease"]
    row = ["\n".join(cell(c) for c in rec.conditions)]
    if rec.interventions:
        heads.append("Intervention/treatment")
        row.append("\n".join(cell(_typed(i)) for i in rec.interventions))
    if rec.study_type == "INTERVENTIONAL":
        heads.append("Phase")
        row.append(" ".join(CLASSIC_PHASE[p] for p in rec.phases))
    return [" | ".join(heads) + " |", "---|" * len(heads), " | ".join(row) + " |"]


def _typed(item: InterventionRecord) -> str:
    return f"{classic_words(item.type or 'OTHER')}: {item.name}"


def _design(rec: TrialRecord) -> list[str]:
    """The study design rows; a value that runs over lines ends with `` |`` on its last line."""
    d, e = rec.design, rec.enrollment
    rows: list[tuple[str, str | None]] = [("Study Type :", _STUDY_TYPE.get(rec.study_type or ""))]
    if e.count is not None:
        rows.append((f"{_DATE_TYPE[e.type]}Enrollment :", f"{e.count:,} participants"))
    masking = classic_words(d.masking) if d.masking else None
    if masking and d.who_masked:
        masking += " (" + ", ".join(classic_words(w) for w in d.who_masked) + ")"
    rows += [
        ("Allocation:", classic_words(d.allocation)),
        ("Intervention Model:", classic_words(d.intervention_model)),
        ("Masking:", masking),
        ("Primary Purpose:", classic_words(d.primary_purpose)),
        ("Observational Model:", classic_words(d.observational_model)),
        ("Time Perspective:", classic_words(d.time_perspective)),
        ("Biospecimen Retention:", classic_words(d.bio_spec_retention)),
        ("Biospecimen Description:", d.bio_spec_description),
        ("Target Follow-Up Duration:", d.target_duration),
        ("Official Title:", rec.official_title),
        ("Acronym:", rec.acronym),
    ]
    for label, date in (
        ("Study Start Date :", rec.dates.start),
        ("Primary Completion Date :", rec.dates.primary_completion),
        ("Study Completion Date :", rec.dates.completion),
    ):
        rows.append((f"{_DATE_TYPE[date.type]}{label}" if date else label, _date(date)))
    return [f"{label} | {lines_of(value)} |" for label, value in rows if value]


def _date(date: DateRecord | None) -> str | None:
    return classic_date(date.date) if date else None


def _arms(rec: TrialRecord) -> list[str]:
    """The arms (or groups/cohorts) table; interventions no arm lists under "Intervention
    Details:" (all of them when there are no arms, as for expanded access)."""
    out = []
    cells = arm_cells(rec)
    if rec.arms:
        head = "Group/Cohort" if rec.study_type == "OBSERVATIONAL" else "Arm"
        out += [f"{head} | Intervention/treatment |", "---|---|"]
        for arm, cell_items in zip(rec.arms, cells, strict=True):
            out += _arm_cell(arm)
            items = [rec.interventions[k] for k in cell_items]
            out.append("\n".join(line for i in items for line in _intervention(i)) + " |")
    listed = {k for cell_items in cells for k in cell_items}
    unlisted = [i for k, i in enumerate(rec.interventions) if k not in listed]
    if unlisted:
        out.append("Intervention Details:")
        out += [line for i in unlisted for line in _intervention(i)]
    return out


def _arm_cell(arm: ArmRecord) -> list[str]:
    label = f"{classic_words(arm.type)}: {arm.label}" if arm.type else arm.label
    return [cell(label), *([cell(arm.description)] if arm.description else []), "|"]


def _intervention(item: InterventionRecord) -> list[str]:
    out = [cell(_typed(item))]
    if item.description:
        out.append(cell(item.description))
    if len(item.other_names) == 1:
        out.append(f"Other Name: {cell(item.other_names[0])}")
    elif item.other_names:
        out += ["Other Names:", *(f"- {cell(n)}" for n in item.other_names)]
    return out


def _outcomes(rec: TrialRecord) -> list[str]:
    out, kind = [], None
    for o in rec.outcomes:
        if o.type != kind and o.type in _OUTCOME_HEADINGS:
            kind = o.type
            out.append(_OUTCOME_HEADINGS[kind])
        frame = f" [ Time Frame: {o.time_frame} ]" if o.time_frame else ""
        out.append(f"- {o.measure}{frame}{o.description or ''}")
    return out


def _ages(e: EligibilityRecord) -> str | None:
    """``18 Years to 80 Years (Adult, Older Adult)``; only the categories when no limit is set."""
    std = ", ".join(_STD_AGES[s] for s in e.std_ages)
    if e.minimum_age and e.maximum_age:
        limits = f"{e.minimum_age} to {e.maximum_age}"
    elif e.minimum_age:
        limits = f"{e.minimum_age} and older"
    elif e.maximum_age:
        limits = f"up to {e.maximum_age}"
    else:
        return std or None
    return f"{limits} ({std})" if std else limits


def _eligibility(e: EligibilityRecord) -> list[str]:
    healthy = {True: "Yes", False: "No", None: None}[e.healthy_volunteers]
    rows = [
        ("Ages Eligible for Study:", _ages(e)),
        ("Sexes Eligible for Study:", classic_words(e.sex)),
        ("Accepts Healthy Volunteers:", healthy),
        ("Sampling Method:", classic_words(e.sampling_method)),
        ("Study Population:", e.study_population),
    ]
    out = [f"{label} | {lines_of(value)} |" for label, value in rows if value]
    if e.criteria_text:
        out.append(e.criteria_text)
    elif e.inclusion or e.exclusion:
        out += ["Inclusion Criteria:", *(f"- {c.text}" for c in e.inclusion)]
        out += ["Exclusion Criteria:", *(f"- {c.text}" for c in e.exclusion)]
    return out


def _references(rec: TrialRecord) -> list[str]:
    heads = {
        "RESULT": "Publications of Results:",
        "DERIVED": "Publications automatically indexed to this study by ClinicalTrials.gov "
        "Identifier (NCT Number):",
    }
    out, head = [], None
    for ref in rec.references:
        if heads.get(ref.type, "Publications:") != head:
            head = heads.get(ref.type, "Publications:")
            out.append(head)
        pmid = f" PubMed ID: {ref.pmid}" if ref.pmid else ""
        out.append(f"{cell(ref.citation)}{pmid} |")
    return out


def _more_information(rec: TrialRecord) -> list[str]:
    out = []
    _, full = party_lines(rec)
    if full:
        out.append(f"Responsible Party: | {cell(full)} |")
    out.append(f"ClinicalTrials.gov Identifier: | {rec.nct_id} |")
    ids = [i for i in (rec.org_study_id, *rec.secondary_ids) if i]
    if ids:
        out += ["Other Study ID Numbers: |", *(f"{cell(i)} |" for i in ids)]
    dates = rec.dates
    if dates.first_posted:
        out.append(f"First Posted: | {classic_date(dates.first_posted)} Key Record Dates |")
    if dates.last_update_posted:
        out.append(f"Last Update Posted: | {classic_date(dates.last_update_posted)} |")
    if dates.last_verified:
        out.append(f"Last Verified: | {classic_date(dates.last_verified)} |")
    if rec.keywords:
        lead = next((s.name for s in rec.sponsors if s.role == "LEAD"), "the sponsor")
        out.append(f"Keywords provided by {cell(lead)}: |")
        out += [f"{cell(k)} |" for k in rec.keywords]
    if rec.mesh_terms:
        out.append("Additional relevant MeSH terms: |")
        out += [f"{cell(t)} |" for t in rec.mesh_terms]
    return out
