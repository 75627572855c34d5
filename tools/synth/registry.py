"""The intended record of a synthetic API v2 study: a modern page's record plus what only the
registry's own format holds, at the registry's sizes.

``build_registry_record(index, seed)`` starts from ``build_record(index, seed,
layout="ctgov-json")`` and adds, from a second ``random.Random`` seeded from both: NCT id
aliases, the organization, ``has_results``, condition and intervention MeSH descriptors with
ids and ancestors, site coordinates (the gazetteer's, as the registry's geoPoints are city
centres), phone extensions, the observational population, sampling and biospecimen fields,
and the size tail: multicentre trials with hundreds of sites (rarely thousands), long criteria
lists with less repetitive wording, long multi-paragraph descriptions.
"""

from __future__ import annotations

import dataclasses
import random

from domain.geo import coordinates
from domain.records import (
    ContactRecord,
    CriterionRecord,
    DesignRecord,
    EligibilityRecord,
    InvestigatorRecord,
    LocationRecord,
    MeshRecord,
    OrganizationRecord,
    TrialRecord,
)
from tools.synth.draw import choice, lognormal_int, pick, randint, sample
from tools.synth.eligibility import NUMBERS
from tools.synth.markup import criteria_markdown, numbered
from tools.synth.parties import contact, person
from tools.synth.record import MAX_INDEX, build_record
from tools.synth.vocab.conditions import CONDITIONS
from tools.synth.vocab.criteria import EXCLUSION, INCLUSION
from tools.synth.vocab.mesh import (
    CONDITION_ANCESTORS,
    INTERVENTION_ANCESTORS,
    condition_term,
    mesh_id,
)
from tools.synth.vocab.people import DEGREES
from tools.synth.vocab.places import (
    COUNTRIES,
    COUNTRY_CUM,
    COUNTRY_NAMES,
    FACILITY_CUM,
    FACILITY_TEMPLATES,
    REGISTRY_ONLY_COORDINATES,
    US_CITIES,
)
from tools.synth.vocab.registry import (
    BIOSPEC_DESCRIPTIONS,
    CRITERION_QUALIFIERS,
    DESCRIPTION_SENTENCES,
    POPULATION_TEXTS,
    TARGET_DURATIONS,
)

LAYOUT = "ctgov-json"
AREA_OF = dict(CONDITIONS)
_RNG = random.Random()  # re-seeded per study, apart from the record builder's
_SALT = 0x5EED_7E57


def registry_rng(index: int, seed: int) -> random.Random:
    """The generator of the registry-only parts of study ``index``; re-seeded on each call."""
    _RNG.seed((seed * 10_000_019 + index) ^ _SALT)
    return _RNG


def build_registry_record(index: int, seed: int = 0) -> TrialRecord:
    """The record an API v2 reader should read from synthetic study ``index``."""
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"index {index} out of range 0..{MAX_INDEX}")
    rec = build_record(index, seed, layout=LAYOUT)
    rng = registry_rng(index, seed)
    area = AREA_OF.get(rec.conditions[0], "other") if rec.conditions else "other"
    lead = rec.sponsors[0]
    cond_meshes, cond_ancestors = _condition_meshes(rng, rec.conditions, area)
    drug_meshes, drug_ancestors = _intervention_meshes(rng, rec, area)
    return dataclasses.replace(
        rec,
        aliases=(f"NCT8{index:07d}",) if rng.random() < 0.004 else (),
        organization=OrganizationRecord(lead.name, lead.class_),
        has_results=_has_results(rng, rec),
        mesh_terms=tuple(m.term for m in cond_meshes),
        condition_meshes=cond_meshes,
        condition_ancestors=cond_ancestors,
        intervention_meshes=drug_meshes,
        intervention_ancestors=drug_ancestors,
        detailed_description=_description(rng, rec.detailed_description),
        design=_design(rng, rec),
        contacts=tuple(_contact(rng, c) for c in rec.contacts),
        locations=_locations(rng, rec),
        eligibility=_eligibility(rng, rec, area),
    )


# --------------------------------------------------------------------------- parts


def _has_results(rng: random.Random, rec: TrialRecord) -> bool:
    """About one study in nine: closed interventional trials, rarely observational ones."""
    if rec.overall_status not in ("COMPLETED", "TERMINATED"):
        return False
    start = rec.dates.start.date if rec.dates.start else "9999"
    if start > "2023":
        return False
    return rng.random() < (0.28 if rec.study_type == "INTERVENTIONAL" else 0.03)


def _condition_meshes(
    rng: random.Random, conditions: tuple[str, ...], area: str
) -> tuple[tuple[MeshRecord, ...], tuple[MeshRecord, ...]]:
    """One descriptor for most conditions, and some of the area's ancestors."""
    terms: list[str] = []
    for name in conditions:
        if name != "Healthy" and rng.random() < 0.88:
            term = condition_term(name)
            if term not in terms:
                terms.append(term)
    if not terms:
        return (), ()
    pool = CONDITION_ANCESTORS[area]
    ancestors = [t for t in sample(rng, pool, randint(rng, 1, 9)) if t not in terms]
    return (
        tuple(MeshRecord(t, mesh_id(t)) for t in terms),
        tuple(MeshRecord(t, mesh_id(t)) for t in ancestors),
    )


def _intervention_meshes(
    rng: random.Random, rec: TrialRecord, area: str
) -> tuple[tuple[MeshRecord, ...], tuple[MeshRecord, ...]]:
    """Drugs and biologicals the registry indexes, and their pharmacological classes."""
    terms: list[str] = []
    for item in rec.interventions:
        indexed = item.type in ("DRUG", "BIOLOGICAL") and item.name != "Placebo"
        if indexed and rng.random() < 0.7:
            term = item.name[:1].upper() + item.name[1:]
            if term not in terms:
                terms.append(term)
    if not terms:
        return (), ()
    pool = INTERVENTION_ANCESTORS[area]
    ancestors = sample(rng, pool, randint(rng, 1, 7))
    return (
        tuple(MeshRecord(t, mesh_id(t)) for t in terms),
        tuple(MeshRecord(t, mesh_id(t)) for t in ancestors if t not in terms),
    )


def _description(rng: random.Random, text: str | None) -> str | None:
    """Some descriptions run to paragraphs (one line each), a few to the registry's limit."""
    r = rng.random()
    if text is None or r > 0.3:
        return text
    paragraphs = lognormal_int(rng, 6, 0.7, 2, 40) if r > 0.004 else randint(rng, 80, 120)
    lines = [text]
    for _ in range(paragraphs):
        count = randint(rng, 2, 6)
        lines.append(" ".join(_sentence(rng) for _ in range(count)))
    return "\n".join(lines)


def _sentence(rng: random.Random) -> str:
    return choice(rng, DESCRIPTION_SENTENCES).format(
        n=randint(rng, 2, 48), p=randint(rng, 5, 95), k=randint(rng, 2, 12)
    )


def _design(rng: random.Random, rec: TrialRecord) -> DesignRecord:
    """Observational studies: biospecimens and follow-up, as the registry's design holds them."""
    design = rec.design
    if rec.study_type != "OBSERVATIONAL":
        return design
    if rng.random() < 0.3:
        retention = choice(rng, ("SAMPLES_WITH_DNA", "SAMPLES_WITHOUT_DNA", "NONE_RETAINED"))
        design = dataclasses.replace(
            design,
            bio_spec_retention=retention,
            bio_spec_description=choice(rng, BIOSPEC_DESCRIPTIONS),
        )
    if rng.random() < 0.45:
        design = dataclasses.replace(design, target_duration=choice(rng, TARGET_DURATIONS))
    return design


def _contact(rng: random.Random, person_: ContactRecord) -> ContactRecord:
    """A contact as API v2 lists it: every contact's role is CONTACT (v2 has no BACKUP role);
    some phone numbers have an extension."""
    if person_.role == "BACKUP":
        person_ = dataclasses.replace(person_, role="CONTACT")
    if person_.phone and rng.random() < 0.15:
        return dataclasses.replace(person_, phone_ext=str(randint(rng, 100, 9999)))
    return person_


# --------------------------------------------------------------------------- sites


def _place(city: str, country: str) -> tuple[float, float] | None:
    return coordinates(city, country) or REGISTRY_ONLY_COORDINATES.get((city, country))


def _locations(rng: random.Random, rec: TrialRecord) -> tuple[LocationRecord, ...]:
    """The page's sites with their geoPoints (a few the registry does not place), and for
    multicentre trials many more: hundreds for one in forty, thousands for one in a thousand."""
    sites = list(rec.locations)
    if len(sites) >= 4:
        r = rng.random()
        if r < 0.0015:
            target = lognormal_int(rng, 1400, 0.45, 500, 4000)
        elif r < 0.04:
            target = lognormal_int(rng, 90, 0.8, 41, 900)
        else:
            target = len(sites)
        if target > len(sites):
            sites += _more_sites(rng, rec, sites, target - len(sites))
            sites.sort(
                key=lambda s: (s.country != "United States", s.country, s.state or "", s.city)
            )
    placed = []
    for site in sites:
        point = _place(site.city, site.country) if rng.random() < 0.97 else None
        if point:
            site = dataclasses.replace(site, latitude=point[0], longitude=point[1])
        if site.contacts:
            site = dataclasses.replace(
                site, contacts=tuple(_contact(rng, c) for c in site.contacts)
            )
        placed.append(site)
    return tuple(placed)


def _more_sites(
    rng: random.Random, rec: TrialRecord, sites: list[LocationRecord], n: int
) -> list[LocationRecord]:
    """``n`` more sites of a large trial: its countries and others, numbered research sites."""
    countries = list(dict.fromkeys(s.country for s in sites))
    for _ in range(randint(rng, 2, 30)):
        country = pick(rng, COUNTRY_NAMES, COUNTRY_CUM)
        if country not in countries:
            countries.append(country)
    statuses = list(dict.fromkeys(s.status for s in sites))
    more = []
    for _ in range(n):
        country = choice(rng, countries)
        state = zip_ = None
        if country == "United States":
            city, state, prefix = choice(rng, US_CITIES)
            zip_ = f"{prefix}{randint(rng, 0, 99):02d}"
        else:
            city = choice(rng, COUNTRIES[country][1])
        facility = pick(rng, FACILITY_TEMPLATES, FACILITY_CUM).format(
            city=city, n=randint(rng, 100, 99999)
        )
        status = choice(rng, statuses)
        contacts: tuple[ContactRecord, ...] = ()
        investigators: tuple[InvestigatorRecord, ...] = ()
        if status in ("RECRUITING", "NOT_YET_RECRUITING") and rng.random() < 0.5:
            contacts = (contact(rng, "CONTACT", country),)
            if rng.random() < 0.3:
                contacts += (contact(rng, "CONTACT", country),)
            if rng.random() < 0.6:
                investigators = (
                    InvestigatorRecord(person(rng), choice(rng, DEGREES), "PRINCIPAL_INVESTIGATOR"),
                )
        more.append(
            LocationRecord(facility, city, state, zip_, country, status, contacts, investigators)
        )
    return more


# --------------------------------------------------------------------------- eligibility


def _eligibility(rng: random.Random, rec: TrialRecord, area: str) -> EligibilityRecord:
    """Longer, less repetitive criteria for some trials; the observational population; the
    criteria text as the registry's markdown reads (see ``ctgov_json.criteria_markdown``)."""
    elig = rec.eligibility
    inclusion, exclusion = elig.inclusion, elig.exclusion
    r = rng.random()
    if r < 0.22:
        fill = {
            "cond": rec.conditions[0].lower() if rec.conditions else "the study condition",
            "drug": rec.interventions[0].name if rec.interventions else "the study drug",
        }
        inclusion = _longer(rng, inclusion, INCLUSION, r < 0.01, fill)
        exclusion = _longer(rng, exclusion, EXCLUSION, r < 0.01, fill)
    population = sampling = None
    if rec.study_type == "OBSERVATIONAL":
        cond = rec.conditions[0].lower() if rec.conditions else "the condition"
        population = choice(rng, POPULATION_TEXTS).format(cond=cond)
        sampling = "PROBABILITY_SAMPLE" if rng.random() < 0.2 else "NON_PROBABILITY_SAMPLE"
    elig = dataclasses.replace(
        elig,
        inclusion=inclusion,
        exclusion=exclusion,
        study_population=population,
        sampling_method=sampling,
    )
    text = criteria_markdown(elig, numbered(rec.nct_id)).text
    return dataclasses.replace(elig, criteria_text=text)


def _longer(
    rng: random.Random,
    criteria: tuple[CriterionRecord, ...],
    templates: list[str],
    very: bool,
    fill: dict,
) -> tuple[CriterionRecord, ...]:
    """More criteria, each qualified in its own words (the registry's rarely repeat)."""
    n = lognormal_int(rng, 60 if very else 22, 0.4, len(criteria) + 1, 150)
    out = list(criteria)
    for k in range(len(criteria), n):
        values = dict(fill, **{key: choice(rng, options) for key, options in NUMBERS})
        text = choice(rng, templates).format_map(values)
        qualifier = choice(rng, CRITERION_QUALIFIERS).format(
            n=randint(rng, 2, 90), k=randint(rng, 1, 8)
        )
        out.append(CriterionRecord(k + 1, f"{text}, {qualifier}"))
    return tuple(out)
