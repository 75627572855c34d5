"""WHERE clauses for the trial filters, shared by the list, its CSV export, the stats and the
facets recount that counts the broad filters ahead (hence in store, below seed and service),
and the key that names a set of filters (``filter_key``).

Each filter is answered by an index built for it (see migrations/versions/0002): enum
filters by B-tree or GIN on arrays denormalised at load time, word filters by GIN indexes on
``to_tsvector('simple', …)`` of the child rows, ``q`` by the weighted ``search_vector``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import unicodedata
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
)

from domain.conditions.trials import codes_at_or_above, patient_concepts
from domain.countries import country_keys
from domain.dates import first_day, last_day
from domain.geo import grid_cell
from store import models as m

SIMPLE = literal_column("'simple'::regconfig")
ENGLISH = literal_column("'english'::regconfig")
EARTH_RADIUS_KM = 6371.0088
DEFAULT_DISTANCE_KM = 50.0


def visible(text: str) -> str:
    """The text without invisible format characters (byte-order marks, zero-width spaces,
    direction marks): how PostgreSQL's word parser treats them depends on the server's
    locale, so they are dropped before any search."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def ts_query(q: str) -> ColumnElement:
    """Web-search syntax: words (stemmed), ``"a phrase"``, ``OR``, ``-excluded``."""
    return func.websearch_to_tsquery(ENGLISH, visible(q))


def words_match(column: ColumnElement, words: str) -> ColumnElement:
    return func.to_tsvector(SIMPLE, column).op("@@")(func.plainto_tsquery(SIMPLE, visible(words)))


def any_condition(phrases: list[str], *, trial_words: bool = True) -> ColumnElement:
    """The trial has a condition containing every word of one of ``phrases``.

    ``trial_words``: tested twice, first whether the words of all the trial's conditions
    hold every word of one phrase (``ix_trials_condition_words``, on the trial row: AND-ed in
    one bitmap with the other trial filters' indexes), which a trial with such a condition
    passes, then on each condition of the trials that pass. Without other trial filters it
    only adds a pass over the matching trials' rows: the conditions' own index answers alone
    (and a list walks its sort order, testing each trial's conditions, until its page is
    full)."""
    if not phrases:
        return false()
    names = [words_match(m.Condition.name, words) for words in phrases]
    each = exists().where(m.Condition.trial_id == m.Trial.id, or_(*names))
    if not trial_words:
        return each
    queries = [func.plainto_tsquery(SIMPLE, visible(words)) for words in phrases]
    any_words = functools.reduce(lambda a, b: a.op("||")(b), queries)
    return and_(func.trial_condition_words(m.Trial.condition_names).op("@@")(any_words), each)


# The filters answered on the trial row (its columns and their indexes), with which the words
# of the trial's conditions are AND-ed (``any_condition``)
TRIAL_ROW_FILTERS = (
    "q", "intervention_type", "status", "phase", "study_type", "sex", "age",
    "healthy_volunteers", "country", "near", "start_from", "start_to", "updated_since",
)  # fmt: skip


def related_conditions(codes: list[str], up: list[str]) -> ColumnElement:
    """The trial's conditions relate to a diagnosis (``domain.conditions``): one of its own
    codes is the diagnosis's or above it (``up``: the same disease, or the patient's is
    narrower), or its closure holds the diagnosis's (the patient's is broader). Answered per
    trial through the primary key of ``condition_codes``."""
    c = m.ConditionCode
    return exists().where(
        c.trial_id == m.Trial.id,
        or_(and_(c.kind == "own", c.code.in_(up)), and_(c.kind == "closure", c.code.in_(codes))),
    )


MESH_ID = re.compile(r"D\d{6,9}")


def condition_concept(text: str) -> ColumnElement:
    """``condition_concept=``: a MeSH descriptor id (the registry's index, as a descriptor or
    an ancestor: ``ix_mesh_descriptors_mesh_id``), else a diagnosis resolved to a concept."""
    text = text.strip()
    if MESH_ID.fullmatch(text.upper()):
        digits = text[1:].lstrip("0")  # the registry writes D000003550 and D003550 alike
        ids = {text.upper(), "D" + digits.zfill(9), "D" + digits.zfill(6)}
        d = m.MeshDescriptor
        return exists().where(
            d.trial_id == m.Trial.id, d.kind == "condition", d.mesh_id.in_(sorted(ids))
        )
    concepts, unresolved = patient_concepts([text])
    if not concepts:
        return any_condition(list(unresolved))
    codes = sorted({code for c in concepts for code in c.codes})
    return related_conditions(codes, codes_at_or_above(concepts))


def relation_tiers(codes: list[str], up: list[str]) -> list[tuple[str, list[str]]]:
    """The related trials in three tiers, closest first, as (kind, codes) of ``condition_codes``
    rows: the same disease (own codes the diagnosis's), then those the patient's is narrower
    than (own codes above it), then broader (closure holding the diagnosis's). A trial comes in
    its closest tier first; the caller skips it in later ones."""
    above = [code for code in up if code not in codes]
    return [("own", codes), ("own", above), ("closure", codes)]


def trial_filters(args: dict[str, Any], *, every: bool = False) -> list[ColumnElement]:
    """The WHERE clauses for the filter arguments present in ``args``; ``every``: for a
    statement that reads every match (a count, the facets) rather than the first few in an
    order (see ``_near``)."""
    t = m.Trial
    where: list[ColumnElement] = []
    if q := args.get("q"):
        where.append(t.search_vector.op("@@")(ts_query(q)))
    if words := args.get("condition"):
        narrowed = any(args.get(name) not in (None, "", [], ()) for name in TRIAL_ROW_FILTERS)
        where.append(any_condition([words], trial_words=narrowed))
    if concept := args.get("condition_concept"):
        where.append(condition_concept(concept))
    if words := args.get("intervention"):
        names = func.coalesce(m.Intervention.search_names, m.Intervention.name)
        where.append(exists().where(m.Intervention.trial_id == t.id, words_match(names, words)))
    if words := args.get("sponsor"):
        where.append(exists().where(m.Sponsor.trial_id == t.id, words_match(m.Sponsor.name, words)))
    if values := args.get("intervention_type"):
        where.append(t.intervention_types.overlap(values))
    if values := args.get("status"):
        where.append(t.overall_status.in_(values))
    if values := args.get("phase"):
        where.append(t.phases.overlap(values))
    if values := args.get("study_type"):
        where.append(t.study_type.in_(values))
    if sex := args.get("sex"):
        where.append(or_(t.sex.is_(None), t.sex.in_({"ALL", sex})))
    if (age := args.get("age")) is not None:
        where.append(or_(t.minimum_age_years.is_(None), t.minimum_age_years <= age))
        where.append(or_(t.maximum_age_years.is_(None), t.maximum_age_years >= age))
    if (healthy := args.get("healthy_volunteers")) is not None:
        where.append(t.healthy_volunteers.is_(healthy))
    if country := args.get("country"):
        where.append(t.country_keys.overlap(list(country_keys(country))))
    if city := args.get("city"):
        where.append(
            exists().where(
                m.Location.trial_id == t.id, func.lower(m.Location.city) == city.strip().lower()
            )
        )
    if circle := near_circle(args):
        where.append(_near(*circle, every))
    if start_from := args.get("start_from"):
        where.append(and_(t.start_key >= first_day(start_from), t.start_key < dt.date.max))
    if start_to := args.get("start_to"):
        where.append(t.start_key <= last_day(start_to))
    if updated_since := args.get("updated_since"):
        where.append(t.updated_key >= first_day(updated_since))
    return where


def filter_key(args: dict[str, Any]) -> str:
    """The filters present in ``args`` as one text: equal for filters that ``trial_filters``
    answers alike (values of a list in any order, a country by its code or any of its names),
    whatever the query string spelled. Kept filtered /v1/stats answers are found by it, in a
    worker and in ``facet_answers``."""
    canonical: dict[str, Any] = {}
    for name, value in args.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            value = sorted(set(value))
        elif name == "country":
            value = list(country_keys(value))
        canonical[name] = value
    return json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def near_circle(args: dict[str, Any]) -> tuple[float, float, float] | None:
    """The (latitude, longitude, km) of a ``near`` filter in ``args``, if any."""
    if not (near := args.get("near")):
        return None
    lat, lon = (float(v) for v in near.split(","))
    return lat, lon, args.get("distance_km") or DEFAULT_DISTANCE_KM


def _near(lat: float, lon: float, km: float, every: bool = False) -> ColumnElement:
    """A site within ``km`` of (lat, lon): a bounding box on the index, then the haversine.

    For a page, the trials whose cells are near are checked one by one (a sub-plan), as
    the page's order reaches them; for ``every`` match, the sites in the box are read once
    (``ix_locations_latitude``) and their trials are the matches (a semi-join: no trial is
    visited only to learn it has no site near)."""
    loc = m.Location
    sites = sites_near(lat, lon, km)
    if every:
        return m.Trial.id.in_(select(loc.trial_id).where(*sites))
    cells = _cells(lat - _dlat(km), lat + _dlat(km), lon, km)
    if cells is None:  # a circle too large for a cell list: sites only
        return exists().where(loc.trial_id == m.Trial.id, *sites)
    # The trial's own cell array (inline, GIN-indexed) rules out almost every trial cheaply;
    # the exact distance to its sites is then checked per remaining trial, as a sub-plan
    # (LIMIT 1 keeps the planner from turning it into a join that gathers every nearby site
    # of the registry first).
    site = select(literal(1)).where(loc.trial_id == m.Trial.id, *sites).limit(1).scalar_subquery()
    return and_(m.Trial.site_cells.overlap(cells), site.is_not(None))


def _dlat(km: float) -> float:
    return math.degrees(km / EARTH_RADIUS_KM)


def sites_near(lat: float, lon: float, km: float) -> list[ColumnElement]:
    """The clauses on ``locations`` for a site within ``km`` of (lat, lon): the bounding box
    (``ix_locations_latitude``), then the haversine."""
    loc = m.Location
    dlat = _dlat(km)
    box = [loc.latitude.between(lat - dlat, lat + dlat)]
    cos_lat = math.cos(math.radians(lat))
    if cos_lat > 1e-6:
        dlon = math.degrees(km / (EARTH_RADIUS_KM * cos_lat))
        if dlon < 180 and lon - dlon >= -180 and lon + dlon <= 180:
            box.append(loc.longitude.between(lon - dlon, lon + dlon))
    haversine = (
        2
        * EARTH_RADIUS_KM
        * func.asin(
            func.sqrt(
                func.power(func.sin(func.radians(loc.latitude - lat) / 2), 2)
                + func.cos(func.radians(lat))
                * func.cos(func.radians(loc.latitude))
                * func.power(func.sin(func.radians(loc.longitude - lon) / 2), 2)
            )
        )
    )
    return [*box, haversine <= km]


MAX_CELLS = 2000


def _cells(lat_min: float, lat_max: float, lon: float, km: float) -> list[int] | None:
    """The 1° grid cells a circle's bounding box covers (``None`` past MAX_CELLS)."""
    lat_lo, lat_hi = max(math.floor(lat_min), -90), min(math.floor(lat_max), 89)
    widest = max(abs(lat_min), abs(lat_max))
    cos_lat = math.cos(math.radians(min(widest, 89.9)))
    dlon = math.degrees(km / (EARTH_RADIUS_KM * cos_lat))
    if dlon >= 180:
        lon_cells = range(-180, 180)
    else:
        lon_cells = range(math.floor(lon - dlon), math.floor(lon + dlon) + 1)
    if (lat_hi - lat_lo + 1) * len(lon_cells) > MAX_CELLS:
        return None
    return sorted(
        {
            grid_cell(la + 0.5, ((lo + 180) % 360) - 180 + 0.5)
            for la in range(lat_lo, lat_hi + 1)
            for lo in lon_cells
        }
    )
