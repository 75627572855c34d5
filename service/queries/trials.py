"""Trial lists: the filters, the sorts and keyset paging (or relevance), the summaries a page
shows. One trial in full is ``trial_detail``; the CSV export ``trial_export``."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Float,
    Integer,
    Text,
    cast,
    distinct,
    func,
    literal,
    select,
    text,
    tuple_,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from domain.errors import InvalidCursor
from service.queries.paging import decode_cursor, encode_cursor, page
from store import models as m
from store.filters import near_circle, sites_near, trial_filters, ts_query

RELEVANCE_WINDOW = 1000  # matches ranked per query; see rank_window()


@dataclass(frozen=True)
class Sort:
    """One ``sort`` value: its keyset columns (NOT NULL, the tie-breaker last) and direction.

    ``missing`` is what the first column holds for a trial that lacks the value (a sentinel
    below or above every real one) and ``valued`` the range of the others: trials that lack
    the value come last, in either direction."""

    name: str
    keys: tuple[Any, ...]
    descending: bool
    types: tuple[type, ...]
    missing: Any = None
    valued: Any = None

    @property
    def order(self) -> list:
        return [k.desc() if self.descending else k.asc() for k in self.keys]

    def lacking(self) -> ColumnElement:
        return self.keys[0] == self.missing


def _both_ways(name: str, keys: tuple, types: tuple, missing=None, valued=None) -> dict:
    return {
        name: Sort(name, keys, False, types, missing, valued),
        f"-{name}": Sort(f"-{name}", keys, True, types, missing, valued),
    }


T = m.Trial
# Every sort in both directions: `sort=name` ascending, `sort=-name` descending.
SORTS: dict[str, Sort] = {
    **_both_ways("last_update_posted", (T.updated_key, T.nct_id), (str, str),
                 dt.date.min, T.updated_key > dt.date.min),
    **_both_ways("start_date", (T.start_key, T.nct_id), (str, str),
                 dt.date.max, T.start_key < dt.date.max),
    **_both_ways("enrollment", (T.enrollment_key, T.nct_id), (int, str),
                 -1, T.enrollment_key >= 0),
    **_both_ways("nct_id", (T.nct_id,), (str,)),
}  # fmt: skip


def list_trials(
    session: Session,
    *,
    limit: int = 20,
    cursor: str | None = None,
    sort: str | None = None,
    count_total: bool = False,
    fields_: list[str] | None = None,
    extra_where: list | None = None,
    **filters: Any,
) -> dict:
    """One page of trial summaries matching ``filters`` (and ``extra_where``, clauses of a
    caller's own such as the FHIR search's), in ``sort`` order (keyset-paged)."""
    sort = sort or ("relevance" if filters.get("q") else "-last_update_posted")
    extra = list(extra_where or [])
    where = trial_filters(filters) + extra
    # The total from the relevance window's own scan of every match, when it makes one (and
    # the filters read the same matches counted as listed: no ``near``, see ``trial_filters``)
    counted = count_total and near_circle(filters) is None
    total = None
    if sort == "relevance":
        rows, next_values, total = _relevance_page(
            session, filters["q"], where, limit, cursor, counted=counted
        )
    else:
        rows, next_values = _keyset_page(session, SORTS[sort], where, limit, cursor)
    conditions = _conditions(session, [r.id for r in rows])
    page_meta: dict[str, Any] = {
        "limit": limit,
        "next_cursor": encode_cursor([sort, *next_values]) if next_values else None,
    }
    if count_total:
        if total is None:
            total = session.scalar(_count(filters, extra))
        page_meta["total"] = total
    return {
        "data": [only(trial_summary(r, conditions[r.id]), fields_) for r in rows],
        "page": page_meta,
    }


def _count(filters: dict[str, Any], extra_where: list):
    """The statement counting the trials that match. A ``near`` alone is counted on the
    sites: the distinct trials of the sites within the circle, from ``ix_locations_latitude``
    alone (it holds each site's trial), visiting no trial row (a site's trial exists: a
    foreign key)."""
    circle = near_circle(filters)
    if circle and not extra_where and not trial_filters({**filters, "near": None}):
        trial_ids = func.count(distinct(m.Location.trial_id))
        return select(trial_ids).where(*sites_near(*circle))
    every = trial_filters(filters, every=True) + extra_where
    return select(func.count()).select_from(m.Trial).where(*every)


def _cursor_values(cursor: str | None, sort: str, types: tuple[type, ...]) -> list | None:
    return decode_cursor(cursor, types, sort=sort) if cursor else None


def _keyset_page(session, sort: Sort, where, limit, cursor) -> tuple[list[Row], list | None]:
    """A page in ``sort`` order after the cursor's position: the trials that have the sort
    value first, then those that lack it (each part a range scan of the key's index)."""
    after = _cursor_values(cursor, sort.name, sort.types)
    stmt = select(*SUMMARY_COLUMNS).where(*where)
    if sort.missing is None:
        rows = _after(session, stmt, sort, after, limit + 1)
    else:
        lacking = after is not None and after[0] == _json_value(sort.missing)
        rows = [] if lacking else _after(session, stmt.where(sort.valued), sort, after, limit + 1)
        if len(rows) <= limit:
            rest = stmt.where(sort.lacking())
            tie_break = Sort(sort.name, sort.keys[1:], sort.descending, sort.types[1:])
            rows += _after(session, rest, tie_break, after[1:] if lacking else None,
                           limit + 1 - len(rows))  # fmt: skip
    rows, last = page(rows, limit, key=lambda t: t)
    if last is None:
        return rows, None
    return rows, [_json_value(getattr(last, k.key)) for k in sort.keys]


def _after(session, stmt, sort: Sort, after: list | None, count: int) -> list[Row]:
    if after is not None:
        position = tuple_(*sort.keys)
        bound = tuple_(*[_bind(v, k) for v, k in zip(after, sort.keys, strict=True)])
        stmt = stmt.where(position < bound if sort.descending else position > bound)
    return list(session.execute(stmt.order_by(*sort.order).limit(count)))


def rank_window(session: Session, q: str, where: list, *, counted: bool = False):
    """The matches a relevance query ranks: all of them when there are at most
    RELEVANCE_WINDOW, else the RELEVANCE_WINDOW most recently updated. Ranking every match of
    a broad query (``cancer`` matches a quarter of the registry) would read every matching
    trial's vector; the window bounds the work whatever the query.

    How the window is found depends on the query. Words and their AND/OR/NOT are answered
    exactly by the GIN index, so the matches come from a bitmap and are sorted (the planner
    would otherwise walk the recency index and read a vector from TOAST for every row it
    passes). A phrase needs every candidate's vector read to check word positions, so there
    walking the recency index and stopping at RELEVANCE_WINDOW matches is the cheaper way;
    so it is for a very broad query, whose matches are so dense that the walk stops early.

    ``counted``: when the window comes from the bitmap, which visits every match, it also
    carries their number (column ``total``), so that ``count_total`` needs no second scan;
    a walked window's ``total`` is NULL.
    """
    t = m.Trial
    if _walk_recency_index(session, q, where):
        total = [literal(None, Integer).label("total")] if counted else []
        return (
            select(t.id, *total)
            .where(*where)
            .order_by(t.updated_key.desc(), t.nct_id.desc())
            .limit(RELEVANCE_WINDOW)
            .subquery("window")
        )
    total = [func.count().over().label("total")] if counted else []
    matches = (
        select(t.id, t.updated_key, t.nct_id, *total).where(*where).offset(0).subquery("matches")
    )
    return (
        select(matches.c.id, *([matches.c.total] if counted else []))
        .order_by(matches.c.updated_key.desc(), matches.c.nct_id.desc())
        .limit(RELEVANCE_WINDOW)
        .subquery("window")
    )


def _walk_recency_index(session: Session, q: str, where: list) -> bool:
    """Whether to find the window by walking the recency index (see rank_window).

    Walking reads one vector from TOAST per row passed, about RELEVANCE_WINDOW / selectivity
    rows; the bitmap visits every match, each about a tenth of that cost. So the walk wins
    when matches > sqrt(10 × RELEVANCE_WINDOW × trials): ~70,000 of 500,000. The match count
    is the planner's estimate (tsvector statistics), which costs a plan, not a scan."""
    if "<" in (session.scalar(select(cast(ts_query(q), Text))) or ""):  # a phrase: <->, <N>
        return True
    stmt = select(literal(1)).select_from(m.Trial).where(*where)
    compiled = stmt.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
    )
    plan = (
        session.connection()
        .exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
        .scalar()
    )
    plan = json.loads(plan) if isinstance(plan, str) else plan
    estimated = plan[0]["Plan"]["Plan Rows"]
    total = session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = 'trials'")) or 0
    return estimated > math.sqrt(10 * RELEVANCE_WINDOW * max(total, 1))


def _relevance_page(
    session, q, where, limit, cursor, *, counted: bool
) -> tuple[list[Row], list | None, int | None]:
    """A page by relevance, and (``counted``) the number of matches when the window's scan
    knew it (None otherwise, or when the page is empty)."""
    window = rank_window(session, q, where, counted=counted)
    rank = cast(func.ts_rank_cd(m.Trial.search_vector, ts_query(q), 1), Float)
    total = [window.c.total] if counted else []
    stmt = select(*SUMMARY_COLUMNS, rank.label("rank"), *total).join(
        window, window.c.id == m.Trial.id
    )
    if (after := _cursor_values(cursor, "relevance", (float, str))) is not None:
        stmt = stmt.where(tuple_(rank, m.Trial.nct_id) < tuple_(literal(after[0], Float), after[1]))
    rows = session.execute(stmt.order_by(rank.desc(), m.Trial.nct_id.desc()).limit(limit + 1)).all()
    total = rows[0].total if counted and rows else None
    rows, last = page(rows, limit, key=lambda r: r)
    return rows, ([last.rank, last.nct_id] if last is not None else None), total


def _bind(value: Any, column: Any):
    if isinstance(column.type, Date):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidCursor() from exc
    return literal(value, column.type)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _conditions(session: Session, trial_ids: list[int]) -> dict[int, list[str]]:
    """Conditions of a page of trials, in one query (the summaries show them)."""
    by_trial: dict[int, list[str]] = {tid: [] for tid in trial_ids}
    if trial_ids:
        for trial_id, name in session.execute(
            select(m.Condition.trial_id, m.Condition.name)
            .where(m.Condition.trial_id.in_(trial_ids))
            .order_by(m.Condition.trial_id, m.Condition.ordinal)
        ):
            by_trial[trial_id].append(name)
    return by_trial


def only(item: dict[str, Any], fields_: list[str] | None) -> dict[str, Any]:
    """Sparse fieldsets: keep the named fields (and always ``nct_id``)."""
    if not fields_:
        return item
    keep = {"nct_id", *fields_}
    return {k: v for k, v in item.items() if k in keep}


# What a summary (and a CSV row) needs, plus the sort keys: never the long texts.
SUMMARY_COLUMNS = (
    T.id, T.nct_id, T.brief_title, T.overall_status, T.phases, T.study_type,
    T.enrollment_count, T.enrollment_type, T.start_date, T.start_date_type,
    T.primary_completion_date, T.primary_completion_date_type, T.completion_date,
    T.completion_date_type, T.first_posted, T.last_update_posted, T.last_verified,
    T.minimum_age_years, T.maximum_age_years, T.sex, T.updated_key, T.start_key,
    T.enrollment_key,
)  # fmt: skip


def trial_summary(t: Row, conditions: list[str]) -> dict[str, Any]:
    return {
        "nct_id": t.nct_id,
        "brief_title": t.brief_title,
        "overall_status": t.overall_status,
        "phases": t.phases,
        "study_type": t.study_type,
        "conditions": conditions,
        "enrollment": {"count": t.enrollment_count, "type": t.enrollment_type},
        "dates": _dates(t),
        "minimum_age_years": t.minimum_age_years,
        "maximum_age_years": t.maximum_age_years,
        "sex": t.sex,
    }


def _dates(t: m.Trial) -> dict[str, Any]:
    def d(date: str | None, type_: str | None) -> dict | None:
        return {"date": date, "type": type_} if date else None

    return {
        "start": d(t.start_date, t.start_date_type),
        "primary_completion": d(t.primary_completion_date, t.primary_completion_date_type),
        "completion": d(t.completion_date, t.completion_date_type),
        "first_posted": t.first_posted,
        "last_update_posted": t.last_update_posted,
        "last_verified": t.last_verified,
    }
