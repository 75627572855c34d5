"""Parts of the modern page: the furniture sentences, markdown escapes, the study groups and
interventions, and the people and places (sponsors, responsible party, investigators, sites,
central contacts)."""

from __future__ import annotations

from domain.records import ContactRecord, TrialRecord
from tools.synth.shown import arm_cells

FURNITURE = {
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


def md(text: str) -> str:
    """Markdown escapes as the modern pages write them: ``\\>``, ``\\<``, ``10\\^9``."""
    if ">" in text or "<" in text or "^" in text:
        return text.replace(">", "\\>").replace("<", "\\<").replace("^", "\\^")
    return text


def render_groups(rec: TrialRecord) -> list[str]:
    """Study Groups (each group's label, description, type line and interventions), then the
    Interventions section (each one's name, description, type line and other names)."""
    b: list[str] = []
    if rec.arms:
        b += ["Study Groups", FURNITURE["groups"]]
        for arm, cell in zip(rec.arms, arm_cells(rec), strict=True):
            if arm.type:
                b.append(arm.label)
                if arm.description:
                    b.append(md(arm.description))
                b.append(f"Group Type {arm.type}")
            else:  # no type line: the description right below the label
                b.append(
                    "\n".join([arm.label, *([md(arm.description)] if arm.description else [])])
                )
            for item in (rec.interventions[k] for k in cell):
                b += [item.name, f"Intervention Type {item.type or ''}".strip()]
                if item.description:
                    b.append(md(item.description))
    if rec.interventions:
        b += ["Interventions", FURNITURE["interventions"]]
        for item in rec.interventions:
            b.append(item.name)
            if item.description:
                b.append(md(item.description))
            b.append(f"Intervention Type {item.type or ''}".strip())
            if item.other_names:
                b += ["Other Intervention Names", FURNITURE["other_names"]]
                b.append("\n".join(item.other_names))
    return b


def _person(name, degrees, role, phone=None, email=None) -> list[str]:
    shown = ", ".join(v for v in (name, degrees) if v)
    return [v for v in (shown, f"Role: {role}", phone, email) if v]


def _phone(c: ContactRecord) -> str | None:
    return f"{c.phone} ext {c.phone_ext}" if c.phone and c.phone_ext else c.phone


def render_parties(rec: TrialRecord) -> list[str]:
    """Sponsors, Responsible Party, Principal Investigators, Locations, Countries, Central
    Contacts."""
    b: list[str] = []
    sponsors = [s for s in rec.sponsors if s.role]
    if sponsors:
        b += ["Sponsors", FURNITURE["sponsors"]]
        for s in sponsors:
            b += [s.name, *([s.class_] if s.class_ else []), f"Sponsor Role {s.role.lower()}"]
    party = rec.responsible_party
    if party is not None and (party.type or party.name):
        b += ["Responsible Party", FURNITURE["party"]]
        b += [v for v in (party.name, party.title) if v]
        if party.type or party.affiliation:
            b.append(f"Responsibility Role {party.type or ''}".strip())
        if party.affiliation:
            b.append(party.affiliation)
    officials = [o for o in rec.officials if o.role]
    if officials:
        b += ["Principal Investigators", FURNITURE["officials"]]
        for o in officials:
            b += _person(o.name, o.degrees, o.role)
            if o.affiliation:
                b.append(o.affiliation)
    if rec.locations:
        b += ["Locations", FURNITURE["locations"]]
        for s in rec.locations:
            if s.facility:
                b.append(md(s.facility))
            b.append(", ".join(v for v in (s.city, s.state, s.zip, s.country) if v))
            b.append(f"Site Status {s.status}" if s.status else "Site Status")
            for c in s.contacts:
                b += _person(c.name, c.degrees, c.role, _phone(c), c.email)
            for inv in s.investigators:
                if inv.role:
                    b += _person(inv.name, inv.degrees, inv.role)
        countries = [c for c in dict.fromkeys(s.country for s in rec.locations) if c]
        if countries:
            b += ["Countries", FURNITURE["countries"], *countries]
    if rec.contacts:
        b += ["Central Contacts", FURNITURE["contacts"]]
        for c in rec.contacts:
            b += _person(c.name, c.degrees, c.role, _phone(c), c.email)
    return b
