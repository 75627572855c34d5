"""The modern renderer: a record as the modern study detail page (``seed.layouts.modern`` reads
it back)."""

from __future__ import annotations

from domain.records import DateRecord, TrialRecord

_F = {
    "basic": "Get a concise snapshot of the trial, including recruitment status, study phase, "
    "enrollment targets, and key timeline milestones.",
    "summary": "Review the sponsor-provided synopsis that highlights what the study is about "
    "and why it is being conducted.",
    "detailed": "Dive into the extended narrative that explains the scientific background, "
    "objectives, and procedures in greater depth.",
    "conditions": "See the medical conditions and disease areas that this research is "
    "targeting or investigating.",
    "design": "Understand how the trial is structured, including allocation methods, masking "
    "strategies, primary purpose, and other design elements.",
    "groups": "Review each arm or cohort in the study, along with the interventions and "
    "objectives associated with them.",
    "interventions": "Learn about the drugs, procedures, or behavioral strategies being tested "
    "and how they are applied within this trial.",
    "other_names": "Discover alternative or legacy names that may be used to describe the "
    "listed interventions across different sources.",
    "eligibility": "Check the participation requirements, including inclusion and exclusion "
    "rules, age limits, and whether healthy volunteers are accepted.",
    "sponsors": "Meet the organizations funding or collaborating on the study and learn about "
    "their roles.",
    "party": "Identify the individual or organization who holds primary responsibility for the "
    "study information submitted to regulators.",
    "officials": "Learn about the lead researchers overseeing the trial and their institutional "
    "affiliations.",
    "contacts": "Reach out to these primary contacts for questions about participation or study "
    "logistics.",
    "locations": "Explore where the study is taking place and check the recruitment status at "
    "each participating site.",
    "countries": "Review the countries where the study has at least one active or historical site.",
    "references": "Explore related publications, articles, or registry entries linked to this "
    "study.",
    "identifiers": "Review additional registry numbers or institutional identifiers associated "
    "with this trial.",
    "related": "Additional clinical trials that may be relevant based on similarity analysis.",
    "primary": "Review the main measurements used to judge whether this study met its goals.",
    "secondary": "Explore the additional measurements the study team tracks beyond the primary "
    "outcomes.",
}
_RESULTS_PENDING = (
    "Study Results\n\nResults pending\n\nThe study team has not published outcome "
    "measurements, participant flow, or safety data for this trial yet. Check back later for "
    "updates."
)


def _md(text: str) -> str:
    """Markdown escapes as the modern pages write them: ``\\>``, ``\\<``, ``10\\^9``."""
    if ">" in text or "<" in text or "^" in text:
        return text.replace(">", "\\>").replace("<", "\\<").replace("^", "\\^")
    return text


def _modern_date(date: DateRecord | None) -> str | None:
    if date is None:
        return None
    suffix = {"ACTUAL": " (Actual)", "ESTIMATED": " (Estimated)", None: ""}[date.type]
    return date.date + suffix


def render_modern(rec: TrialRecord) -> str:
    """The record as the modern study detail page (``seed.layouts.modern`` reads it)."""
    b: list[str] = [rec.brief_title or "", f"NCT ID: {rec.nct_id}"]
    b.append(f"Last Updated: {rec.dates.last_update_posted}")
    b.append(_RESULTS_PENDING)

    def section(title: str, furniture: str | None) -> None:
        b.append(title)
        if furniture:
            b.append(_F[furniture])

    section("Basic Information", "basic")
    b += ["Recruitment Status", rec.overall_status]
    if rec.last_known_status:
        b += ["Last Known Status", rec.last_known_status]
    if rec.why_stopped:
        b += ["Why Stopped", rec.why_stopped]
    if rec.phases:
        b += ["Clinical Phase", ", ".join(rec.phases)]
    e = rec.enrollment
    if e.count is not None:
        suffix = {"ACTUAL": " (Actual)", "ESTIMATED": " (Estimated)", None: ""}[e.type]
        b += ["Total Enrollment", f"{e.count} participants{suffix}"]
    b += ["Study Classification", rec.study_type]
    for label, date in (
        ("Study Start Date", rec.dates.start),
        ("Primary Completion Date", rec.dates.primary_completion),
        ("Study Completion Date", rec.dates.completion),
    ):
        if date:
            b += [label, _modern_date(date)]
    b += ["First Posted", rec.dates.first_posted]
    b += ["Last Verified", rec.dates.last_verified]
    if rec.official_title:
        b += ["Official Title", rec.official_title]
    if rec.acronym:
        b += ["Acronym", rec.acronym]

    section("Brief Summary", "summary")
    b.append(_md(rec.brief_summary or ""))
    if rec.detailed_description:
        section("Detailed Description", "detailed")
        b.append(_md(rec.detailed_description))
    section("Conditions", "conditions")
    b.append("\n".join(rec.conditions))
    if rec.keywords:
        b += ["Keywords", "\n".join(rec.keywords)]
    if rec.mesh_terms:
        b += ["MeSH Terms", "\n".join(rec.mesh_terms)]

    d = rec.design
    if rec.study_type != "EXPANDED_ACCESS":
        section("Study Design", "design")
        if rec.study_type == "OBSERVATIONAL":
            b += ["Observational Model", d.observational_model]
            b += ["Time Perspective", d.time_perspective]
        else:
            b += ["Allocation Method", d.allocation, "Intervention Model", d.intervention_model]
            b += ["Primary Study Purpose", d.primary_purpose, "Blinding Strategy", d.masking]
            if d.who_masked:
                b += ["Who Is Blinded", ", ".join(d.who_masked)]

    items = {i.name: i for i in rec.interventions}
    if rec.arms:
        section("Study Groups", "groups")
        for arm in rec.arms:
            b.append(arm.label)
            if arm.description:
                b.append(_md(arm.description))
            if arm.type:
                b.append(f"Group Type {arm.type}")
            for name in arm.interventions:
                item = items[name]
                b += [item.name, f"Intervention Type {item.type}"]
                if item.description:
                    b.append(_md(item.description))
    if rec.interventions:
        section("Interventions", "interventions")
        for item in rec.interventions:
            b.append(item.name)
            if item.description:
                b.append(_md(item.description))
            b.append(f"Intervention Type {item.type}")
            if item.other_names:
                b += ["Other Intervention Names", _F["other_names"], "\n".join(item.other_names)]

    for kind, title, furniture in (
        ("PRIMARY", "Primary Outcomes", "primary"),
        ("SECONDARY", "Secondary Outcomes", "secondary"),
        ("OTHER", "Other Outcomes", None),
    ):
        found = [o for o in rec.outcomes if o.type == kind]
        if found:
            section(title, furniture)
            for o in found:
                b.append(o.measure)
                if o.description:
                    b.append(o.description)
                b.append(f"Time Frame: {o.time_frame}")

    el = rec.eligibility
    section("Eligibility Criteria", "eligibility")
    b.append("Inclusion Criteria")
    b.append("\n".join(f"{c.ordinal}. {_md(c.text)}" for c in el.inclusion))
    b.append("Exclusion Criteria")
    labels = []
    if el.minimum_age:
        labels += ["Minimum Eligible Age", el.minimum_age]
    if el.maximum_age:
        labels += ["Maximum Eligible Age", el.maximum_age]
    labels += ["Eligible Sex", el.sex, "Accepts Healthy Volunteers"]
    labels += ["Yes" if el.healthy_volunteers else "No"]
    if el.std_ages:
        labels += ["Standard Ages", ", ".join(el.std_ages)]
    # the first label follows the last criterion with no blank line, as the pages print it
    b.append("\n".join(f"{c.ordinal}. {_md(c.text)}" for c in el.exclusion) + "\n" + labels[0])
    b += labels[1:]

    if rec.sponsors:
        section("Sponsors", "sponsors")
        for s in rec.sponsors:
            b.append(s.name)
            if s.class_:
                b.append(s.class_)
            b.append(f"Sponsor Role {s.role.lower()}")
    party = rec.responsible_party
    if party is not None:
        section("Responsible Party", "party")
        if party.name:
            b += [party.name, party.title]
        b.append(f"Responsibility Role {party.type}")
        if party.affiliation:
            b.append(party.affiliation)
    if rec.officials:
        section("Principal Investigators", "officials")
        for o in rec.officials:
            b += [f"{o.name}, {o.degrees}" if o.degrees else o.name, f"Role: {o.role}"]
            if o.affiliation:
                b.append(o.affiliation)
    if rec.locations:
        section("Locations", "locations")
        for s in rec.locations:
            b.append(s.facility)
            b.append(", ".join(v for v in (s.city, s.state, s.zip, s.country) if v))
            b.append(f"Site Status {s.status}" if s.status else "Site Status")
            for c in s.contacts:
                b += _modern_person(c.name, c.degrees, c.role, c.phone, c.email)
            for inv in s.investigators:
                b += _modern_person(inv.name, inv.degrees, inv.role, None, None)
        section("Countries", "countries")
        b.append("\n\n".join(dict.fromkeys(s.country for s in rec.locations)))
    if rec.contacts:
        section("Central Contacts", "contacts")
        for c in rec.contacts:
            b += _modern_person(c.name, c.degrees, c.role, c.phone, c.email)
    if rec.references:
        section("References", "references")
        for ref in rec.references:
            b.append(ref.citation)
            tail = f"Reference Type {ref.type}"
            if ref.pmid:
                tail += f"\nPMID: {ref.pmid} (View on PubMed)"
            b.append(tail)
    section("Other Identifiers", "identifiers")
    if rec.org_study_id:
        b += [rec.org_study_id, "Identifier Type: -", "Identifier Source: org_study_id"]
    for other in rec.secondary_ids:
        b += [other, "Identifier Type: EUDRACT_NUMBER", "Identifier Source: secondary_id"]
    section("More Related Trials", "related")
    return "\n\n".join(b) + "\n"


def _modern_person(name, degrees, role, phone, email) -> list[str]:
    out = [f"{name}, {degrees}" if degrees else name, f"Role: {role}"]
    return out + [v for v in (phone, email) if v]
