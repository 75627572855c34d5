"""A trial's rows: the trial row (with its search texts and sort keys), its child rows in
COPY order, its criterion facts, its NCT id aliases and its served JSON, inserted together by
``insert_trials``."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, text

from domain import compact_json, geo
from domain.conditions import concepts
from domain.conditions.trials import (
    TrialCondition,
    condition_arrays,
    encode_conditions,
    trial_conditions,
)
from domain.dates import first_day
from domain.eligibility.facts import encode_facts, extract_facts
from domain.geo import coordinates, grid_cell
from domain.records import FactRecord, LocationRecord, TrialRecord
from seed.load.copy import copy_rows, insert_staged_trials, reserve_ids

# The record as the API serves it, stored beside its rows: (record, loaded at, its facts) ->
# JSON text. The loader does not know the wire schema: its caller passes this in.
Render = Callable[[TrialRecord, dt.datetime, tuple[FactRecord, ...]], str]
# Bump when what the loader derives from a record changes (columns, the serialised record):
# documents stored by an older loader are then reloaded even though their bytes are the same.
LOADER_VERSION = 11


def insert_trials(
    conn: Connection, items: list[tuple[TrialRecord, int]], render: Render
) -> list[int]:
    """Insert trials and all their children; returns the new trial ids in input order.

    Trials go in with one multi-row INSERT (their search vector is computed by PostgreSQL);
    the child rows, tens per trial, go in with COPY, ids for the rows other rows point at
    (arms, interventions, locations) reserved from their sequences first.
    """
    records = [rec for rec, _ in items]
    trial_ids = reserve_ids(conn, "trials", len(records))
    conditions = [_conditions(rec) for rec in records]  # for the trial row and its codes
    staged = [
        {"id": tid} | _trial_row(rec, source_id, conds) | _search_texts(rec)
        for tid, (rec, source_id), conds in zip(trial_ids, items, conditions, strict=True)
    ]
    insert_staged_trials(conn, staged)
    arm_ids = iter(reserve_ids(conn, "arms", sum(len(r.arms) for r in records)))
    int_ids = iter(reserve_ids(conn, "interventions", sum(len(r.interventions) for r in records)))
    loc_ids = iter(reserve_ids(conn, "locations", sum(len(r.locations) for r in records)))
    rows: dict[str, list[tuple]] = {table: [] for table in COPY_COLUMNS}
    facts = [extract_facts(rec.eligibility) for rec in records]
    for rec, tid, trial_facts, conds in zip(records, trial_ids, facts, conditions, strict=True):
        _child_rows(rec, tid, rows, arm_ids, int_ids, loc_ids, trial_facts)
        rows["criterion_facts"].extend(_fact_rows(tid, trial_facts))
        rows["condition_codes"].extend(_condition_code_rows(tid, rec, conds))
    loaded_at = dt.datetime.now(dt.UTC)
    for rec, tid, trial_facts in zip(records, trial_ids, facts, strict=True):
        body = render(rec, loaded_at, trial_facts)
        etag = hashlib.sha256(body.encode()).hexdigest()[:32]
        rows["trial_json"].append((rec.nct_id, tid, etag, body))
    for table, columns in COPY_COLUMNS.items():
        copy_rows(conn, table, columns, rows[table])
    _insert_aliases(conn, records, trial_ids)
    return trial_ids


def _insert_aliases(conn: Connection, records: list[TrialRecord], trial_ids: list[int]) -> None:
    """Each record's older NCT ids. An alias belongs to one trial: when another trial holds it
    already (two sources disagree), that one keeps it, and this record's claim is dropped
    rather than failing the whole record. Sorted, so parallel batches lock in one order."""
    rows = sorted(
        (alias, tid, n)
        for rec, tid in zip(records, trial_ids, strict=True)
        for n, alias in enumerate(dict.fromkeys(a for a in rec.aliases if a != rec.nct_id), 1)
    )
    if not rows:
        return
    aliases, tids, ordinals = (list(column) for column in zip(*rows, strict=True))
    conn.execute(
        text(
            "INSERT INTO trial_aliases (alias, trial_id, ordinal) "
            "SELECT * FROM unnest(CAST(:aliases AS text[]), CAST(:tids AS bigint[]), "
            "CAST(:ordinals AS smallint[])) ON CONFLICT (alias) DO NOTHING"
        ),
        {"aliases": aliases, "tids": tids, "ordinals": ordinals},
    )


COPY_COLUMNS = {
    "conditions": ("trial_id", "ordinal", "name"),
    "keywords": ("trial_id", "ordinal", "term"),
    "mesh_terms": ("trial_id", "ordinal", "term"),
    "condition_codes": ("trial_id", "kind", "code", "overall_status", "updated_key"),
    "sponsors": ("trial_id", "ordinal", "name", "role", "class"),
    "officials": ("trial_id", "ordinal", "name", "degrees", "role", "affiliation"),
    "contacts": ("trial_id", "ordinal", "name", "degrees", "role", "phone", "email", "phone_ext"),
    "mesh_descriptors": ("trial_id", "kind", "ancestor", "ordinal", "mesh_id", "term"),
    "references": ("trial_id", "ordinal", "citation", "pmid", "type"),
    "outcomes": ("trial_id", "ordinal", "type", "measure", "time_frame", "description"),
    "eligibility": (
        "trial_id", "minimum_age", "maximum_age", "minimum_age_years", "maximum_age_years",
        "sex", "healthy_volunteers", "std_ages", "criteria_text", "match_facts",
        "study_population", "sampling_method",
    ),
    "criteria": ("trial_id", "kind", "ordinal", "text", "section"),
    "arms": ("id", "trial_id", "ordinal", "label", "type", "description"),
    "interventions": (
        "id", "trial_id", "ordinal", "name", "type", "description", "other_names", "search_names",
    ),
    "arm_interventions": ("arm_id", "intervention_id"),
    "locations": (
        "id", "trial_id", "ordinal", "facility", "city", "state", "zip", "country", "status",
        "latitude", "longitude",
    ),
    "location_contacts": (
        "location_id", "ordinal", "name", "degrees", "role", "phone", "email", "phone_ext",
    ),
    "location_investigators": ("location_id", "ordinal", "name", "degrees", "role"),
    "criterion_facts": (
        "trial_id", "seq", "list", "ordinal", "kind", "name", "effect", "operator", "value",
        "value_max", "unit", "relative_to", "values", "as_written", "applies_when", "exception",
        "alternative", "span",
    ),
    "trial_json": ("nct_id", "trial_id", "etag", "body"),
}  # fmt: skip


def _fact_rows(tid: int, facts: tuple[FactRecord, ...]) -> Iterator[tuple]:
    for seq, f in enumerate(facts, start=1):
        yield (
            tid, seq, f.list, f.ordinal, f.kind, f.name, f.effect, f.operator, f.value,
            f.value_max, f.unit, f.relative_to, list(f.values), f.as_written, f.when,
            f.exception, f.alternative, f.span,
        )  # fmt: skip


def warm() -> None:
    """Build the tables a trial's rows look up (the condition vocabulary's index, ~2-3 s of
    CPU; the gazetteer, ~0.5 s) now: called before worker processes are forked, they are built
    once and shared copy-on-write, not once in every worker."""
    concepts.warm()
    geo.warm()


def _child_rows(
    rec: TrialRecord,
    tid: int,
    rows: dict[str, list[tuple]],
    arm_ids,
    int_ids,
    loc_ids,
    facts: tuple[FactRecord, ...] = (),
):
    """Append one trial's child rows, as tuples in COPY_COLUMNS order, to ``rows``."""

    def add(table: str, values: Iterable[tuple]) -> None:
        rows[table].extend((tid, n, *v) for n, v in enumerate(values, start=1))

    add("conditions", ((c,) for c in rec.conditions))
    add("keywords", ((k,) for k in rec.keywords))
    add("mesh_terms", ((k,) for k in rec.mesh_terms))
    for kind, ancestor, meshes in (
        ("condition", False, rec.condition_meshes),
        ("condition", True, rec.condition_ancestors),
        ("intervention", False, rec.intervention_meshes),
        ("intervention", True, rec.intervention_ancestors),
    ):
        rows["mesh_descriptors"].extend(
            (tid, kind, ancestor, n, mesh.id, mesh.term) for n, mesh in enumerate(meshes, 1)
        )
    add("sponsors", ((s.name, s.role, s.class_) for s in rec.sponsors))
    add("officials", ((o.name, o.degrees, o.role, o.affiliation) for o in rec.officials))
    add("contacts", (_person(c) for c in rec.contacts))
    add("references", ((r.citation, r.pmid, r.type) for r in rec.references))
    add("outcomes", ((o.type, o.measure, o.time_frame, o.description) for o in rec.outcomes))
    e = rec.eligibility
    rows["eligibility"].append(
        (tid, e.minimum_age, e.maximum_age, e.minimum_age_years, e.maximum_age_years, e.sex,
         e.healthy_volunteers, list(e.std_ages), e.criteria_text, encode_facts(e, facts),
         e.study_population, e.sampling_method)
    )  # fmt: skip
    for kind, criteria in (("inclusion", e.inclusion), ("exclusion", e.exclusion)):
        rows["criteria"].extend((tid, kind, c.ordinal, c.text, c.section) for c in criteria)
    arms: dict[str, int] = {}
    for n, a in enumerate(rec.arms, start=1):
        arms.setdefault(a.label, aid := next(arm_ids))
        rows["arms"].append((aid, tid, n, a.label, a.type, a.description))
    interventions: dict[str, int] = {}
    for n, i in enumerate(rec.interventions, start=1):
        interventions.setdefault(i.name, iid := next(int_ids))
        rows["interventions"].append(
            (iid, tid, n, i.name, i.type, i.description, list(i.other_names),
             " ; ".join((i.name, *i.other_names)))
        )  # fmt: skip
    links = {(arms[a.label], interventions[name]) for a in rec.arms for name in a.interventions
             if name in interventions}  # fmt: skip
    links |= {(arms[label], interventions[i.name]) for i in rec.interventions
              for label in i.arm_labels if label in arms}  # fmt: skip
    rows["arm_interventions"].extend(sorted(links))
    for n, loc in enumerate(rec.locations, start=1):
        lid = next(loc_ids)
        lat, lon = _site_point(loc) or (None, None)
        rows["locations"].append(
            (lid, tid, n, loc.facility, loc.city, loc.state, loc.zip, loc.country, loc.status,
             lat, lon)
        )  # fmt: skip
        rows["location_contacts"].extend(
            (lid, k, *_person(c)) for k, c in enumerate(loc.contacts, start=1)
        )
        rows["location_investigators"].extend(
            (lid, k, i.name, i.degrees, i.role) for k, i in enumerate(loc.investigators, start=1)
        )


def _person(c: Any) -> tuple:
    return (c.name, c.degrees, c.role, c.phone, c.email, c.phone_ext)


def _site_point(loc: LocationRecord) -> tuple[float, float] | None:
    """Where a site is, for ``near=``: the registry's coordinates (its geoPoint) when the
    record has them, else the gazetteer's for its city and country, else unknown."""
    if loc.latitude is not None and loc.longitude is not None:
        return loc.latitude, loc.longitude
    return coordinates(loc.city, loc.country)


# Titles and conditions weigh most (A), then interventions, arms and keywords (B), then
# summaries and outcomes (C), then descriptions and criteria (D): ts_rank_cd uses the weights.
def _search_texts(rec: TrialRecord) -> dict[str, str]:
    """The text a trial is found by, in four weights (A most important)."""

    def join(*parts: Any) -> str:
        return " ".join(p for p in parts if p)

    e = rec.eligibility
    return {
        "sv_a": join(rec.nct_id, rec.brief_title, rec.official_title, rec.acronym,
                     *rec.conditions),
        "sv_b": join(*rec.keywords, *rec.mesh_terms,
                     *(join(i.name, *i.other_names) for i in rec.interventions),
                     *(a.label for a in rec.arms)),
        "sv_c": join(rec.brief_summary, *(join(o.measure, o.description) for o in rec.outcomes)),
        "sv_d": join(rec.detailed_description,
                     *(a.description for a in rec.arms),
                     *(i.description for i in rec.interventions),
                     *(c.text for c in (*e.inclusion, *e.exclusion))),
    }  # fmt: skip


def _trial_row(
    rec: TrialRecord, source_id: int, conditions: tuple[TrialCondition, ...]
) -> dict[str, Any]:
    d, dates, rp = rec.design, rec.dates, rec.responsible_party
    return {
        "nct_id": rec.nct_id,
        "source_document_id": source_id,
        "org_study_id": rec.org_study_id,
        "secondary_ids": list(rec.secondary_ids),
        "brief_title": rec.brief_title,
        "official_title": rec.official_title,
        "acronym": rec.acronym,
        "overall_status": rec.overall_status,
        "last_known_status": rec.last_known_status,
        "why_stopped": rec.why_stopped,
        "study_type": rec.study_type,
        "phases": list(rec.phases),
        "enrollment_count": rec.enrollment.count,
        "enrollment_type": rec.enrollment.type,
        "allocation": d.allocation,
        "intervention_model": d.intervention_model,
        "masking": d.masking,
        "who_masked": list(d.who_masked),
        "primary_purpose": d.primary_purpose,
        "observational_model": d.observational_model,
        "time_perspective": d.time_perspective,
        "bio_spec_retention": d.bio_spec_retention,
        "bio_spec_description": d.bio_spec_description,
        "target_duration": d.target_duration,
        "organization_name": rec.organization.full_name if rec.organization else None,
        "organization_class": rec.organization.class_ if rec.organization else None,
        "has_results": rec.has_results,
        "start_date": dates.start.date if dates.start else None,
        "start_date_type": dates.start.type if dates.start else None,
        "primary_completion_date": (
            dates.primary_completion.date if dates.primary_completion else None
        ),
        "primary_completion_date_type": (
            dates.primary_completion.type if dates.primary_completion else None
        ),
        "completion_date": dates.completion.date if dates.completion else None,
        "completion_date_type": dates.completion.type if dates.completion else None,
        "first_posted": dates.first_posted,
        "last_update_posted": dates.last_update_posted,
        "last_verified": dates.last_verified,
        "brief_summary": rec.brief_summary,
        "detailed_description": rec.detailed_description,
        "responsible_party_type": rp.type if rp else None,
        "responsible_party_name": rp.name if rp else None,
        "responsible_party_title": rp.title if rp else None,
        "responsible_party_affiliation": rp.affiliation if rp else None,
        # denormalised for filters and sorting
        "minimum_age_years": rec.eligibility.minimum_age_years,
        "maximum_age_years": rec.eligibility.maximum_age_years,
        "sex": rec.eligibility.sex,
        "healthy_volunteers": rec.eligibility.healthy_volunteers,
        "intervention_types": sorted({i.type for i in rec.interventions if i.type}),
        "country_keys": sorted({loc.country.lower() for loc in rec.locations if loc.country}),
        "condition_names": list(rec.conditions),
        "country_names": sorted({loc.country for loc in rec.locations if loc.country}),
        "site_cells": _site_cells(rec),
        # JSONB: names, codes and flags, no float
        "condition_concepts": compact_json.dumps(encode_conditions(conditions), floats_plain=True),
        "updated_key": first_day(dates.last_update_posted) or dt.date.min,
        "start_key": first_day(dates.start.date if dates.start else None) or dt.date.max,
        "enrollment_key": rec.enrollment.count if rec.enrollment.count is not None else -1,
    }


def _conditions(rec: TrialRecord) -> tuple[TrialCondition, ...]:
    """The conditions as concepts (domain.conditions.trials): the registry's descriptors are
    the trial's own; their ancestors, and a text page's MeSH names (descriptors and ancestors
    mixed), are context."""
    meshes = [(m.term, m.id) for m in rec.condition_meshes]
    context = [(m.term, m.id) for m in rec.condition_ancestors]
    if not meshes:
        context += [(term, None) for term in rec.mesh_terms]
    return trial_conditions(rec.conditions, meshes, context)


def _condition_code_rows(
    tid: int, rec: TrialRecord, conditions: tuple[TrialCondition, ...]
) -> Iterator[tuple]:
    own, closure = condition_arrays(conditions)
    updated = first_day(rec.dates.last_update_posted) or dt.date.min
    for kind, codes in (("own", own), ("closure", closure)):
        for code in codes:
            yield (tid, kind, code, rec.overall_status, updated)


def _site_cells(rec: TrialRecord) -> list[int]:
    found = (_site_point(loc) for loc in rec.locations)
    return sorted({grid_cell(*point) for point in found if point})
