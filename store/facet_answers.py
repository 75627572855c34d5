"""The facet counts over the trials matching some filters: what a filtered /v1/stats answers,
counted by one statement. The service counts them live; the recount after each load and sync
(``seed.load.facets``) counts the broad ones ahead and stores them (``m.FacetAnswer``), with
this very function, so a stored answer is the one a live count gives."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from store import models as m
from store.filters import trial_filters

FACETS = ("overall_status", "phase", "study_type", "intervention_type", "condition", "country")
TOP = {"condition": 20, "country": 50}
# A trial's combination: the columns that decide the filters on status, study type, phase and
# intervention type, in this order, and the filter each decides.
_COMBINATION = ("overall_status", "study_type", "phases", "intervention_types")
_DECIDED_BY = {"status": 0, "study_type": 1, "phase": 2, "intervention_type": 3}
_ARRAYS = {
    "phase": "phases",
    "intervention_type": "intervention_types",
    "condition": "condition_names",
    "country": "country_names",
}


def filtered_stats(db: Session | Connection, filters: dict[str, Any]) -> dict[str, Any]:
    """The facet counts over the trials matching ``filters``, counted now."""
    return grouped(*_facet_rows(db.execute(_facet_statement(filters))))


def combinations(db: Session | Connection) -> list[tuple]:
    """The trials by their combination of status, study type, phases and intervention types,
    a few thousand groups whatever their count: (key, status, study type, phases,
    intervention types, count) rows, the key the combination as one text (``_key``)."""
    t = m.Trial
    columns = [getattr(t, name) for name in _COMBINATION]
    return db.execute(select(_key(columns), *columns, func.count()).group_by(*columns)).all()


def combination_stats(combos: list[tuple], filters: dict[str, Any]) -> dict[str, Any]:
    """The status, study type, phase and intervention type counts of the trials matching
    ``filters`` (on those four alone, ``_DECIDED_BY``; none: every trial), summed over their
    ``combinations`` (conditions and countries not counted)."""
    return grouped(*_facet_rows([_part_zero(c) for c in _matching(combos, filters)]))


def decided_stats(
    db: Session | Connection, combos: list[tuple], filters: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``filtered_stats(db, f)`` for each ``f`` of ``filters``, which filter on status, study
    type, phase and intervention type alone (``_DECIDED_BY``), all counted by one statement
    that reads the trials once, whatever their number: the four enum facets are summed over
    the matching ``combinations`` (``combos``, counted in the same transaction), the
    conditions and countries grouped by combination and name and summed over the matching
    ones (``_names_statement``). The same rows as ``filtered_stats`` counts, so the same
    answers."""
    if not filters:
        return []
    members = [_matching(combos, f) for f in filters]
    pairs = [(combo[0], i) for i, matching in enumerate(members) for combo in matching]
    rows = [[_part_zero(combo) for combo in matching] for matching in members]
    names = db.execute(
        _names_statement(), {"combos": [k for k, _ in pairs], "filters": [i for _, i in pairs]}
    )
    for i, part, value, count in names:
        rows[i].append((part, None, None, None, None, value, count))
    return [grouped(*_facet_rows(r)) for r in rows]


def registry_stats(rows) -> dict[str, Any]:
    """The unfiltered /v1/stats answer from the (facet, value, count) rows of ``facet_counts``
    (its total the ``summary`` row of ``trials``)."""
    total = next((c for f, v, c in rows if (f, v) == ("summary", "trials")), 0)
    return grouped(total, rows)


def grouped(total: int, rows) -> dict[str, Any]:
    """The /v1/stats answer from (facet, value, count) rows: each facet's values by count
    (most first, then by value), the top ``TOP`` of conditions and countries."""
    by_facet: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    for facet, value, count in rows:
        if facet in by_facet:
            by_facet[facet].append((value, count))
    return {
        "total": total,
        **{
            facet: [
                {"value": v, "count": c}
                for v, c in sorted(by_facet[facet], key=lambda r: (-r[1], r[0]))[: TOP.get(facet)]
            ]
            for facet in FACETS
        },
    }


def _facet_statement(filters: dict[str, Any]):
    """The matching trials read once (a materialised CTE of their enum and name arrays,
    denormalised at load time) and counted with no join, in three parts: (0) the trials by
    their combination of status, study type, phases and intervention types, a few hundred
    groups whatever the count, split into those four facets by ``_facet_rows`` (one hash
    lookup a trial, not one per value); (1) condition and (2) country names, one row per
    name (too many combinations to group by)."""
    t = m.Trial
    matching = (
        select(t.overall_status, t.study_type, *(getattr(t, name) for name in _ARRAYS.values()))
        .where(*trial_filters(filters, every=True))
        .cte("matching")
        .prefix_with("MATERIALIZED")
    )
    c = matching.c
    combos = (c.overall_status, c.study_type, c.phases, c.intervention_types)
    parts = [select(literal(0), *combos, _null_text(), func.count()).group_by(*combos)]
    for part, name in ((1, "condition_names"), (2, "country_names")):
        # unnest in the select list (a ProjectSet): half the time of a lateral unnest per row
        names = select(func.unnest(c[name], type_=Text).label("value")).subquery()
        parts.append(
            select(literal(part), _null_text(), _null_text(), _null_array(), _null_array(),
                   names.c.value, func.count())
            .group_by(names.c.value)
        )  # fmt: skip
    return union_all(*parts)


def _names_statement():
    """For each (combination key, filter index) pair of the ``combos`` and ``filters`` array
    parameters, the condition (part 1) and country (part 2) names of the trials of that
    combination, counted, summed by (filter, part, name): (filter, part, name, count) rows.
    Only a filter's top ``TOP`` names by count and those tied with them (``rank``): the
    answer keeps no others, and which of the tied ones it keeps is decided by ``grouped``."""
    t = m.Trial
    parts = []
    for part, name in ((1, "condition_names"), (2, "country_names")):
        named = select(
            *(getattr(t, c) for c in _COMBINATION),
            func.unnest(getattr(t, name), type_=Text).label("value"),
        ).subquery()
        combination = [named.c[c] for c in _COMBINATION]
        parts.append(
            select(_key(combination).label("combo"), literal(part).label("part"),
                   named.c.value, func.count().label("count"))
            .group_by(*combination, named.c.value)
        )  # fmt: skip
    counted = union_all(*parts).subquery("counted")
    wanted = select(
        func.unnest(bindparam("combos", type_=ARRAY(Text))).label("combo"),
        func.unnest(bindparam("filters", type_=ARRAY(Integer))).label("filter"),
    ).subquery("wanted")
    summed = (
        select(wanted.c.filter, counted.c.part, counted.c.value,
               cast(func.sum(counted.c.count), BigInteger).label("count"))
        .join_from(counted, wanted, counted.c.combo == wanted.c.combo)
        .group_by(wanted.c.filter, counted.c.part, counted.c.value)
        .subquery("summed")
    )  # fmt: skip
    rank = func.rank().over(partition_by=(summed.c.filter, summed.c.part),
                            order_by=summed.c.count.desc())  # fmt: skip
    ranked = select(summed, rank.label("rank")).subquery("ranked")
    top = case((ranked.c.part == 1, TOP["condition"]), else_=TOP["country"])
    return select(ranked.c.filter, ranked.c.part, ranked.c.value, ranked.c.count).where(
        ranked.c.rank <= top
    )


def _key(columns):
    """A combination as one text, distinct for distinct combinations (a JSON array: a null
    apart from an empty array, each value quoted)."""
    return cast(func.json_build_array(*columns), Text)


def _matching(combos: list[tuple], filters: dict[str, Any]) -> list[tuple]:
    """The ``combos`` whose trials ``filters`` matches, as ``trial_filters`` tests them: the
    status or study type among the filter's values, the phases or intervention types
    overlapping them (a null matching none)."""
    return [
        combo
        for combo in combos
        if all(
            not set(values).isdisjoint(_as_values(combo[1 + _DECIDED_BY[name]]))
            for name, values in filters.items()
        )
    ]


def _as_values(value) -> tuple:
    """A combination's column as the values a filter can match: a text alone, an array's."""
    return (value,) if isinstance(value, str) else tuple(value or ())


def _part_zero(combo: tuple) -> tuple:
    """A ``combinations`` row as a part-0 row of ``_facet_statement``."""
    _key, status, study_type, phases, intervention_types, count = combo
    return (0, status, study_type, phases, intervention_types, None, count)


def _null_text():
    return cast(null(), Text)


def _null_array():
    return cast(null(), ARRAY(Text))


def _facet_rows(rows) -> tuple[int, list[tuple[str, Any, int]]]:
    """The total and the (facet, value, count) rows of ``_facet_statement``'s answer."""
    total = 0
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    for part, status, study_type, phases, intervention_types, value, count in rows:
        if part == 0:
            total += count
            if status is not None:
                counts["overall_status"][status] += count
            if study_type is not None:
                counts["study_type"][study_type] += count
            for phase in phases or ():
                counts["phase"][phase] += count
            for kind in intervention_types or ():
                counts["intervention_type"][kind] += count
        else:
            counts["condition" if part == 1 else "country"][value] += count
    return total, [(f, v, n) for f, values in counts.items() for v, n in values.items()]
