"""The classic renderer: a record as the classic study record page (``seed.layouts.classic``
reads it back)."""

from __future__ import annotations

from domain.records import ContactRecord, EligibilityRecord, TrialRecord
from tools.synth.vocab import words
from tools.synth.vocab.conditions import ends_in_head_noun
from tools.synth.vocab.design import CLASSIC_LABELS, CLASSIC_PHASE, PURPOSES

_CLASSIC_STATUS = {
    "COMPLETED": "Completed",
    "RECRUITING": "Recruiting",
    "UNKNOWN": "Unknown",
    "TERMINATED": "Terminated",
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "WITHDRAWN": "Withdrawn",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "SUSPENDED": "Suspended",
    "AVAILABLE": "Available",
    "NO_LONGER_AVAILABLE": "No longer available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
}
_CLASSIC_ITYPE = {
    "DRUG": "Drug",
    "BIOLOGICAL": "Biological",
    "DEVICE": "Device",
    "PROCEDURE": "Procedure",
    "BEHAVIORAL": "Behavioral",
    "RADIATION": "Radiation",
    "DIETARY_SUPPLEMENT": "Dietary Supplement",
    "OTHER": "Other",
    "DIAGNOSTIC_TEST": "Diagnostic Test",
}
_MONTHS = words(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_CLASSIC_HEAD = (
    "![]() |\nThe safety and scientific validity of this study is the responsibility of the "
    "study sponsor and investigators. Listing a study does not mean it has been evaluated by "
    "the U.S. Federal Government. Know the risks and potential benefits of clinical studies and "
    "talk to your health care provider before participating. Read our disclaimer for details. |"
)
_CLASSIC_TABS = (
    "|\n- Study Details\n- Tabular View\n- No Results Posted\n- Disclaimer\n"
    "- How to Read a Study Record"
)
_CLASSIC_CHOOSING = (
    "Choosing to participate in a study is an important personal decision. Talk with your "
    "doctor and family members or friends about deciding to join a study. To learn more about "
    "this study, you or your doctor may contact the study research staff using the contacts "
    "provided below. For general information, Learn About Clinical Studies."
)
_CLASSIC_LEARN = (
    "To learn more about this study, you or your doctor may contact the study research staff "
    "using the contact information provided by the sponsor."
)


def _classic_date(iso: str) -> str:
    parts = iso.split("-")
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 3:
        return f"{month} {int(parts[2])}, {parts[0]}"
    return f"{month} {parts[0]}"


def _classic_age(e: EligibilityRecord) -> str:
    std = ", ".join(
        {"CHILD": "Child", "ADULT": "Adult", "OLDER_ADULT": "Older Adult"}[s] for s in e.std_ages
    )
    if e.minimum_age and e.maximum_age:
        return f"{e.minimum_age} to {e.maximum_age} ({std})"
    if e.minimum_age:
        return f"{e.minimum_age} and older ({std})"
    if e.maximum_age:
        return f"up to {e.maximum_age} ({std})"
    return std


def condition_cell(conditions: tuple[str, ...]) -> str:
    """Run together as the record page prints them; a name that does not end in a head noun
    is followed by a line break (the row wraps) unless it is the last."""
    out = []
    for k, name in enumerate(conditions):
        out.append(name)
        if k + 1 < len(conditions):
            out.append(" " if ends_in_head_noun(name) else "\n")
    return "".join(out)


def _classic_contact(c: ContactRecord, central: bool) -> str:
    name = f"{c.name}, {c.degrees}" if c.degrees else c.name
    if central:
        cells = [name, *(v for v in (c.phone, c.email) if v)]
        return "Contact: " + " | ".join(cells) + " | |"
    return "Contact: " + " ".join(v for v in (name, c.phone, c.email) if v) + " | |"


def render_classic(rec: TrialRecord) -> str:
    """The record as the classic study record page (``seed.layouts.classic`` reads it)."""
    out = [rec.brief_title or "", _CLASSIC_HEAD, f"ClinicalTrials.gov Identifier: {rec.nct_id} |"]
    status = _CLASSIC_STATUS[rec.overall_status]
    if rec.overall_status == "UNKNOWN":
        lead = rec.sponsors[0].name if rec.sponsors else "the sponsor"
        out.append(f"Recruitment Status : {status}")
        out.append(f"Verified {_classic_date(rec.dates.last_verified)} by {lead}.")
        out.append(f"Recruitment status was: {_CLASSIC_STATUS[rec.last_known_status]}")
    elif rec.why_stopped:
        out += ["Recruitment Status :", status, f"({rec.why_stopped})"]
    else:
        out.append(f"Recruitment Status : {status}")
    out.append(f"First Posted : {_classic_date(rec.dates.first_posted)}")
    out.append(f"Last Update Posted : {_classic_date(rec.dates.last_update_posted)}")
    out.append(_CLASSIC_TABS)

    # conditions table
    heads = ["Condition or disease"]
    row = [condition_cell(rec.conditions)]
    if rec.interventions:
        heads.append("Intervention/treatment")
        row.append(" ".join(f"{_CLASSIC_ITYPE[i.type]}: {i.name}" for i in rec.interventions))
    if rec.study_type == "INTERVENTIONAL":
        heads.append("Phase")
        row.append(" ".join(CLASSIC_PHASE[p] for p in rec.phases))
    out.append(" | ".join(heads) + " |")
    out.append("---|" * len(heads))
    out.append(" | ".join(row) + " |")

    out.append("Brief Summary:")
    out.append(rec.brief_summary or "")
    if rec.detailed_description:
        out.append("Detailed Description:")
        out.append(rec.detailed_description)

    # design
    study_type = {
        "INTERVENTIONAL": "Interventional (Clinical Trial)",
        "OBSERVATIONAL": "Observational",
        "EXPANDED_ACCESS": "Expanded Access",
    }[rec.study_type]
    if rec.study_type == "OBSERVATIONAL" and len(rec.nct_id) and rec.nct_id[-1] in "07":
        study_type = "Observational [Patient Registry]"
    out.append(f"Study Type : | {study_type} |")
    e = rec.enrollment
    if e.count is not None:
        label = {"ACTUAL": "Actual ", "ESTIMATED": "Estimated ", None: ""}[e.type]
        out.append(f"{label}Enrollment : | {e.count:,} participants |")
    d = rec.design
    if rec.study_type == "OBSERVATIONAL":
        out.append(f"Observational Model: | {CLASSIC_LABELS[d.observational_model]} |")
        out.append(f"Time Perspective: | {CLASSIC_LABELS[d.time_perspective]} |")
    elif rec.study_type == "INTERVENTIONAL":
        out.append(f"Allocation: | {CLASSIC_LABELS[d.allocation]} |")
        out.append(f"Intervention Model: | {CLASSIC_LABELS[d.intervention_model]} |")
        masking = CLASSIC_LABELS[d.masking]
        if d.who_masked:
            masking += " (" + ", ".join(CLASSIC_LABELS[w] for w in d.who_masked) + ")"
        out.append(f"Masking: | {masking} |")
        purpose = next(p[1] for p in PURPOSES if p[0] == d.primary_purpose)
        out.append(f"Primary Purpose: | {purpose} |")
    out.append(f"Official Title: | {rec.official_title} |")
    if rec.acronym:
        out.append(f"Acronym: | {rec.acronym} |")
    for label, date in (
        ("Study Start Date", rec.dates.start),
        ("Primary Completion Date", rec.dates.primary_completion),
        ("Study Completion Date", rec.dates.completion),
    ):
        if date:
            prefix = {"ACTUAL": "Actual ", "ESTIMATED": "Estimated ", None: ""}[date.type]
            out.append(f"{prefix}{label} : | {_classic_date(date.date)} |")
    out.append("")

    # arms
    if rec.arms:
        types = {i.name: i for i in rec.interventions}
        observational = rec.study_type == "OBSERVATIONAL"
        out.append(
            "Group/Cohort | Intervention/treatment |"
            if observational
            else "Arm | Intervention/treatment |"
        )
        out.append("---|---|")
        for arm in rec.arms:
            out.append(f"{CLASSIC_LABELS[arm.type]}: {arm.label}" if arm.type else arm.label)
            if arm.description:
                out.append(arm.description)
            out.append("|")
            cell = []
            for name in arm.interventions:
                item = types[name]
                cell.append(f"{_CLASSIC_ITYPE[item.type]}: {item.name}")
                if item.description:
                    cell.append(item.description)
                if item.other_names:
                    cell.append("Other Names:")
                    cell += [f"- {n}" for n in item.other_names]
            out.append("\n".join(cell) + " |" if cell else "|")

    # outcomes
    heading = {
        "PRIMARY": "Primary Outcome Measures :",
        "SECONDARY": "Secondary Outcome Measures :",
        "OTHER": "Other Outcome Measures:",
    }
    kind = None
    for o in rec.outcomes:
        if o.type != kind:
            kind = o.type
            out.append(heading[kind])
        out.append(f"- {o.measure} [ Time Frame: {o.time_frame} ]{o.description or ''}")
    out.append("")

    # eligibility
    el = rec.eligibility
    out.append(_CLASSIC_CHOOSING)
    out.append(f"Ages Eligible for Study: | {_classic_age(el)} |")
    out.append(f"Sexes Eligible for Study: | {CLASSIC_LABELS[el.sex]} |")
    out.append(f"Accepts Healthy Volunteers: | {'Yes' if el.healthy_volunteers else 'No'} |")
    if rec.study_type == "OBSERVATIONAL":
        out.append("Sampling Method: | Non-Probability Sample |")
    out.append("Inclusion Criteria:")
    out += [f"- {c.text}" for c in el.inclusion]
    out.append("Exclusion Criteria:")
    out += [f"- {c.text}" for c in el.exclusion]
    out.append("")

    # contacts and locations
    out.append(_CLASSIC_LEARN)
    out.append(
        "Please refer to this study by its ClinicalTrials.gov identifier (NCT number): "
        + rec.nct_id
    )
    out += [_classic_contact(c, True) for c in rec.contacts]
    group = None
    for s in rec.locations:
        if (s.country, s.state) != group:
            group = (s.country, s.state)
            out.append(f"{s.country}, {s.state} | |" if s.state else f"{s.country} | |")
        out.append(
            f"{s.facility} | {_CLASSIC_STATUS[s.status]} |" if s.status else f"{s.facility} | |"
        )
        address = ", ".join(v for v in (s.city, s.state, s.country, s.zip) if v)
        out.append(f"{address} |")
        out += [_classic_contact(c, False) for c in s.contacts]
        for inv in s.investigators:
            name = f"{inv.name}, {inv.degrees}" if inv.degrees else inv.name
            out.append(f"{CLASSIC_LABELS[inv.role]}: {name} | |")

    # sponsors, officials, publications, more information
    for s in rec.sponsors:
        if s.role == "LEAD":
            out.append(f"Sponsor: | {s.name} |")
    collaborators = [s.name for s in rec.sponsors if s.role == "COLLABORATOR"]
    if collaborators:
        out.append("Collaborators: |")
        out += [f"{name} |" for name in collaborators]
    for o in rec.officials:
        name = f"{o.name}, {o.degrees}" if o.degrees else o.name
        out.append(f"{CLASSIC_LABELS[o.role]}: | {name} | {o.affiliation} |")
    kind = None
    for ref in rec.references:
        if ref.type != kind:
            kind = ref.type
            out.append("Publications of Results:" if kind == "RESULT" else "Publications:")
        out.append(f"{ref.citation} |")
    party = rec.responsible_party
    if party is not None:
        text = f"{party.name}, {party.title}, {party.affiliation}" if party.name else "Sponsor"
        out.append(f"Responsible Party: | {text} |")
    out.append(f"ClinicalTrials.gov Identifier: | {rec.nct_id} |")
    out.append("Other Study ID Numbers: |")
    out += [f"{i} |" for i in (rec.org_study_id, *rec.secondary_ids) if i]
    out.append(f"First Posted: | {_classic_date(rec.dates.first_posted)} Key Record Dates |")
    out.append(f"Last Update Posted: | {_classic_date(rec.dates.last_update_posted)} |")
    out.append(f"Last Verified: | {_classic_date(rec.dates.last_verified)} |")
    out.append("Individual Participant Data (IPD) Sharing Statement: | |")
    out.append(
        f"Plan to Share IPD: | {'No' if len(rec.brief_summary or '') % 3 else 'Undecided'} |"
    )
    if rec.keywords:
        lead = rec.sponsors[0].name if rec.sponsors else "the sponsor"
        out.append(f"Keywords provided by {lead}: |")
        out += [f"{k} |" for k in rec.keywords]
    if rec.mesh_terms:
        out.append("Additional relevant MeSH terms: |")
        out.append(" ".join(rec.mesh_terms) + " |")
    return "\n".join(out) + "\n"
