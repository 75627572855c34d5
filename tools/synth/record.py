"""The intended record of a synthetic document: what ``parse_document`` should read back.

``build_record(index, seed)`` draws it from one ``random.Random`` seeded from both, so any range
of indices gives the same records. Distributions are roughly the ClinicalTrials.gov registry's.
"""

from __future__ import annotations

import random
from bisect import bisect

from domain.records import (
    EnrollmentRecord,
    InterventionRecord,
    OutcomeRecord,
    SourceRecord,
    TrialRecord,
)
from tools.synth.arms import draw_design
from tools.synth.dates import draw_dates
from tools.synth.draw import RNG, choice, lognormal_int, pick, randint, sample
from tools.synth.eligibility import draw_eligibility
from tools.synth.parties import draw_people, draw_sponsors, org_study_id
from tools.synth.prose import draw_official_title, draw_references, draw_summary, draw_title
from tools.synth.sites import draw_sites
from tools.synth.vocab.conditions import (
    AREA_CUM,
    BY_AREA,
    CONDITION_CUM,
    CONDITIONS,
    MESH_BY_AREA,
    ends_in_head_noun,
)
from tools.synth.vocab.design import (
    CLASSIC_PHASE,
    LAST_KNOWN,
    PHASE_CUM,
    PHASES,
    STATUS_CUM,
    STATUS_NAMES,
    WHY_STOPPED,
)
from tools.synth.vocab.texts import (
    KEYWORDS,
    OUTCOME_DESCRIPTIONS,
    OUTCOME_MEASURES,
    POPULATIONS,
    TIME_FRAMES,
)

MAX_INDEX = 9_999_999


def document_name(index: int, layout: str | None = None) -> str:
    """``synth_0000042.txt`` for a text page; ``NCT90000042.json`` for an API v2 study."""
    if layout == "ctgov-json":
        return f"{nct_id(index)}.json"
    return f"synth_{index:07d}.txt"


def nct_id(index: int) -> str:
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"index {index} out of range 0..{MAX_INDEX}")
    return f"NCT9{index:07d}"


def layout_of(index: int) -> str:
    return "classic" if index % 2 == 0 else "modern"


def build_record(index: int, seed: int = 0, layout: str | None = None) -> TrialRecord:
    """The intended record of document ``index``: what ``parse_document`` should read back.

    ``layout`` is the index's text layout (``layout_of``) unless given: ``ctgov-json`` draws
    the same record as a modern page would (every field the registry's own format holds) for
    ``tools.synth.registry`` to add the registry-only fields to."""
    rng = RNG
    rng.seed(seed * 10_000_019 + index)
    layout = layout or layout_of(index)
    classic = layout == "classic"
    study_type, status, last_known, why, phases = _status(rng)
    conditions, first, area = _conditions(rng)
    cond_text = conditions[0]
    dates, start_year, typed = draw_dates(rng, status, study_type)
    enrollment = _enrollment(rng, status, study_type, phases, typed)
    sponsors, lead, lead_class, home = draw_sponsors(rng, classic)

    # -- design, arms, interventions
    drug_area = area
    design, arms, interventions = draw_design(rng, study_type, phases, drug_area, conditions)
    if classic and not arms:  # the record page describes interventions in the arms table only
        interventions = tuple(InterventionRecord(i.name, i.type) for i in interventions)

    eligibility, fill = draw_eligibility(rng, conditions, first, study_type, interventions)
    outcomes = _outcomes(rng, study_type)
    locations = draw_sites(rng, status, lead_class, phases, home, classic)
    officials, contacts, party = draw_people(rng, status, classic, locations, lead, home)

    # -- texts, ids, references (the templates quote what is drawn above)
    outcome_name = outcomes[0].measure.lower() if outcomes else "clinical outcomes"
    comparator = next((a.label for a in arms[1:]), "standard care")
    fill.update(
        outcome=outcome_name,
        outcome2=outcomes[-1].measure.lower() if outcomes else "tolerability",
        comparator=comparator.lower(),
        pop=choice(rng, POPULATIONS),
        phase=(CLASSIC_PHASE[phases[-1]] + " ") if phases and phases[-1] != "NA" else "",
        n=enrollment.count or 100,
        s=max(1, len(locations)),
    )
    summary, detailed = draw_summary(rng, fill)
    drug_word = interventions[0].name if interventions else "Standard Care"
    title = draw_title(rng, study_type, phases, drug_word, cond_text, fill["pop"])
    official = draw_official_title(
        rng, study_type, phases, drug_word, cond_text, design, fill["pop"]
    )
    references = draw_references(rng, fill, classic)
    keywords = tuple(sample(rng, KEYWORDS, randint(rng, 0, 4))) if rng.random() < 0.55 else ()
    mesh = tuple(MESH_BY_AREA[area][: randint(rng, 0, 3)])
    acronym = None
    if rng.random() < 0.15:
        acronym = "".join(choice(rng, "ABCDEFGHIKLMNOPRSTUVXZ") for _ in range(randint(rng, 3, 7)))
    org_id = org_study_id(rng, lead, start_year)
    secondary_ids = (
        (f"{start_year}-{randint(rng, 0, 999999):06d}-{randint(rng, 10, 99)}",)
        if (rng.random() < 0.15)
        else ()
    )

    return TrialRecord(
        nct_id=nct_id(index),
        source=SourceRecord(document=document_name(index, layout), layout=layout, sha256=""),
        org_study_id=org_id,
        secondary_ids=secondary_ids,
        brief_title=title,
        official_title=official,
        acronym=acronym,
        overall_status=status,
        last_known_status=last_known,
        why_stopped=why,
        study_type=study_type,
        phases=phases,
        enrollment=enrollment,
        design=design,
        dates=dates,
        conditions=tuple(conditions),
        keywords=keywords,
        mesh_terms=mesh,
        brief_summary=summary,
        detailed_description=detailed,
        sponsors=tuple(sponsors),
        responsible_party=party,
        officials=tuple(officials),
        contacts=tuple(contacts),
        locations=locations,
        references=tuple(references),
        arms=arms,
        interventions=interventions,
        eligibility=eligibility,
        outcomes=tuple(outcomes),
    )


def _status(rng: random.Random) -> tuple[str, str, str | None, str | None, tuple[str, ...]]:
    """Study type, overall status, last known status, why stopped, phases."""
    r = rng.random()
    study_type = (
        "INTERVENTIONAL" if r < 0.77 else "OBSERVATIONAL" if r < 0.992 else "EXPANDED_ACCESS"
    )
    last_known = why = None
    if study_type == "EXPANDED_ACCESS":
        status = choice(
            rng, ["AVAILABLE", "NO_LONGER_AVAILABLE", "APPROVED_FOR_MARKETING", "AVAILABLE"]
        )
    else:
        status = pick(rng, STATUS_NAMES, STATUS_CUM)
    if status == "UNKNOWN":
        last_known = choice(rng, LAST_KNOWN)
    elif status in ("TERMINATED", "WITHDRAWN", "SUSPENDED"):
        why = choice(rng, WHY_STOPPED)
    phases: tuple[str, ...] = ()
    if study_type == "INTERVENTIONAL":
        phases = pick(rng, PHASES, PHASE_CUM)[0]
    return study_type, status, last_known, why, phases


def _conditions(rng: random.Random) -> tuple[list[str], str, str]:
    """The conditions (in the classic cell's order), the first one drawn and its area."""
    first, area = CONDITIONS[bisect(CONDITION_CUM, rng.random() * CONDITION_CUM[-1])]
    conditions = [first]
    n_cond = 1 + (rng.random() < 0.35) + (rng.random() < 0.12) + (rng.random() < 0.05)
    if first == "Healthy":
        n_cond = 1 + (rng.random() < 0.3)
    for _ in range(n_cond - 1):
        if rng.random() < 0.8:
            name = pick(rng, BY_AREA[area], AREA_CUM[area])
        else:
            name = CONDITIONS[bisect(CONDITION_CUM, rng.random() * CONDITION_CUM[-1])][0]
        if name not in conditions:
            conditions.append(name)
    # the classic cell runs them together: names that end in a head noun first
    conditions.sort(key=lambda c: not ends_in_head_noun(c))
    return conditions, first, area


def _enrollment(
    rng: random.Random, status: str, study_type: str, phases: tuple[str, ...], typed: bool
) -> EnrollmentRecord:
    """The participant count (a log-normal draw by phase) and whether it is ACTUAL or ESTIMATED."""
    enrollment = EnrollmentRecord()
    if study_type != "EXPANDED_ACCESS":
        if status == "WITHDRAWN":
            count = 0
        elif study_type == "OBSERVATIONAL":
            count = lognormal_int(rng, 180, 1.7, 1, 5_000_000)
        else:
            median = {"PHASE1": 30, "EARLY_PHASE1": 20, "PHASE3": 400, "PHASE2": 70}
            count = lognormal_int(rng, median.get(phases[-1] if phases else "", 60), 1.0, 1, 60000)
        closed = status in ("COMPLETED", "TERMINATED", "WITHDRAWN")
        closed = closed or status == "ACTIVE_NOT_RECRUITING" and rng.random() < 0.6
        etype = ("ACTUAL" if closed else "ESTIMATED") if typed else None
        enrollment = EnrollmentRecord(count, etype)
    return enrollment


def _outcomes(rng: random.Random, study_type: str) -> list[OutcomeRecord]:
    """One or two primary outcomes, some secondary, rarely another (expanded access: none)."""
    outcomes = []
    if study_type != "EXPANDED_ACCESS":
        n_primary = 1 + (rng.random() < 0.25)
        n_secondary = min(6 - n_primary, int(rng.expovariate(1 / 1.8)))
        n_other = int(rng.random() < 0.05) if n_primary + n_secondary < 6 else 0
        measures = sample(rng, OUTCOME_MEASURES, n_primary + n_secondary + n_other)
        kinds = ["PRIMARY"] * n_primary + ["SECONDARY"] * n_secondary + ["OTHER"] * n_other
        for measure, kind_ in zip(measures, kinds, strict=True):
            desc = choice(rng, OUTCOME_DESCRIPTIONS) if rng.random() < 0.6 else None
            outcomes.append(OutcomeRecord(measure, kind_, choice(rng, TIME_FRAMES), desc))
    return outcomes
