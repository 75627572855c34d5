"""FHIR reads: one ResearchStudy, and a page of them for a search.

A search is the ``/v1/trials`` list underneath: its filters where they fit (status, near,
condition words, full text), a few clauses of its own, and the same keyset paging and cursor.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from domain.errors import InvalidParameter
from domain.fhir.mapping import research_study
from domain.fhir.resources import searchset, subset
from domain.fhir.search_syntax import Criterion, SearchError, StudySearch, parse_search, read_params
from service.queries import trial_detail as trial_q
from service.queries import trials as trials_q
from store import models as m
from store.driver import DriverConnection
from store.filters import any_condition, trial_filters, words_match

T = m.Trial


def get_research_study(conn: DriverConnection, study_id: str) -> dict[str, Any] | None:
    """The ResearchStudy with this id (an NCT id, any case); ``None`` if there is none."""
    if not trial_q.NCT_ID.match(study_id):
        return None  # a FHIR id, but not one of ours: not found (not a 400)
    trial = trial_q.get_trial(conn, study_id.upper())
    return research_study(trial) if trial is not None else None


def read_search(params: dict[str, list[str]], *, strict: bool) -> StudySearch:
    """The search the parameters ask for; a malformed one is a 400 naming the parameter."""
    try:
        return parse_search(params, strict=strict)
    except SearchError as exc:
        raise InvalidParameter(exc.parameter, exc.reason) from exc


def read_research_study(
    conn: DriverConnection, nct_id: str, params: dict[str, list[str]], *, strict: bool
) -> dict[str, Any] | None:
    """The ResearchStudy as ``_summary`` / ``_elements`` ask; ``None`` if there is none. A
    malformed or (``strict``) unknown parameter is a 400."""
    try:
        summary, elements = read_params(params, strict=strict)
    except SearchError as exc:
        raise InvalidParameter(exc.parameter, exc.reason) from exc
    study = get_research_study(conn, nct_id)
    return subset(study, summary, elements) if study is not None else None


def search_bundle(
    session: Session, params: dict[str, list[str]], *, strict: bool, base: str
) -> dict[str, Any]:
    """The searchset Bundle for a ResearchStudy search: one page, ``self`` and ``next``."""
    search = read_search(params, strict=strict)
    page = search_research_studies(session, search)
    return searchset(
        [subset(s, search.summary, search.elements) for s in page.studies],
        base=base,
        self_url=search.url(base, search.cursor),
        next_url=search.url(base, page.next_cursor) if page.next_cursor else None,
        total=page.total,
    )


@dataclass(frozen=True)
class StudyPage:
    studies: list[dict[str, Any]]
    next_cursor: str | None
    total: int | None


def search_research_studies(session: Session, search: StudySearch) -> StudyPage:
    """One page of ResearchStudies matching every criterion, in the search's order."""
    filters: dict[str, Any] = {}
    contents = [c.values[0] for c in search.criteria if c.kind == "content"]
    if contents:
        filters["q"] = " ".join(contents)  # in the filters: relevance order needs it there
    where = [_clause(c) for c in search.criteria if c.kind != "content"]
    page = trials_q.list_trials(
        session,
        limit=max(search.count, 1),
        cursor=search.cursor,
        sort=search.sort,
        count_total=search.total,
        fields_=["nct_id"],
        extra_where=where,
        **filters,
    )
    total = page["page"].get("total")
    if search.count == 0:
        return StudyPage([], None, total)
    ids = [item["nct_id"] for item in page["data"]]
    documents = _documents(session, ids)
    studies = [research_study(documents[i]) for i in ids if i in documents]
    return StudyPage(studies, page["page"]["next_cursor"], total)


def _documents(session: Session, nct_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The served documents of a page of trials, in one query."""
    if not nct_ids:
        return {}
    rows = session.execute(
        select(m.TrialJson.nct_id, m.TrialJson.body).where(m.TrialJson.nct_id.in_(nct_ids))
    )
    return {nct_id: json.loads(body) for nct_id, body in rows}


# --------------------------------------------------------------------------- criteria


def _clause(criterion: Criterion) -> ColumnElement:
    """All criteria must hold; within one, any of its alternatives."""
    if criterion.kind == "all":
        return true()
    if not criterion.values:
        return false()  # codes this server has no studies for
    return _CLAUSES[criterion.kind](criterion.values)


def _ids(values) -> ColumnElement:
    return T.nct_id.in_(values)


def _identifiers(values) -> ColumnElement:
    tests = []
    for scope, value in values:
        if scope in ("nct", "any"):
            tests.append(T.nct_id == value.upper())
        if scope in ("sponsor", "any"):
            tests += [T.org_study_id == value, T.secondary_ids.contains([value])]
    return or_(*tests)


def _statuses(values) -> ColumnElement:
    return and_(*trial_filters({"status": list(values)}))


def _phases(values) -> ColumnElement:
    """The trial's phases exactly (``phase-2`` is not a phase 1/2 trial)."""
    return or_(*[and_(T.phases.contains(list(p)), T.phases.contained_by(list(p))) for p in values])


def _condition_codes(values) -> ColumnElement:
    """A MeSH descriptor of the trial's conditions, or an ancestor of one (read from the served
    document: the tables hold MeSH terms by name only)."""
    body = cast(m.TrialJson.body, JSONB)
    tests = [
        body.op("@>")(cast(literal(json.dumps({key: [{"id": code}]})), JSONB))
        for code in values
        for key in ("condition_meshes", "condition_ancestors")
    ]
    return exists().where(m.TrialJson.trial_id == T.id, or_(*tests))


def _condition_words(values) -> ColumnElement:
    return any_condition(list(values))


def _condition_either(values) -> ColumnElement:
    codes, words = values
    return or_(_condition_codes(codes), _condition_words(words))


def _keywords(values) -> ColumnElement:
    k = m.Keyword
    return exists().where(k.trial_id == T.id, or_(*[words_match(k.term, w) for w in values]))


def _titles(test: Callable[[Any, str], ColumnElement]) -> Callable[..., ColumnElement]:
    def clause(values) -> ColumnElement:
        return or_(*[test(col, v) for v in values for col in (T.brief_title, T.official_title)])

    return clause


def _near(values) -> ColumnElement:
    return or_(
        *[
            and_(*trial_filters({"near": f"{p.latitude},{p.longitude}", "distance_km": p.km}))
            for p in values
        ]
    )


# ---- dates: a partial ISO date as text spans rpad(date, '-01') .. rpad(date, '-99')

_OPEN_LOW, _OPEN_HIGH = "0000-00-00", "9999-99-99"


def _span(low_text, high_text) -> tuple[ColumnElement, ColumnElement]:
    low = func.coalesce(func.rpad(low_text, 10, "-01"), _OPEN_LOW)
    high = func.coalesce(func.rpad(high_text, 10, "-99"), _OPEN_HIGH)
    return low, high


def _compare(prefix: str, low, high, value) -> ColumnElement:
    """FHIR date prefixes on ranges: the target spans [low, high], the value its precision."""
    lo, hi = value.low.isoformat(), value.high.isoformat()
    tests = {
        "eq": lambda: and_(low >= lo, high <= hi),
        "ne": lambda: not_(and_(low >= lo, high <= hi)),
        "gt": lambda: high > hi,
        "lt": lambda: low < lo,
        "ge": lambda: high >= lo,
        "le": lambda: low <= hi,
        "sa": lambda: low > hi,
        "eb": lambda: high < lo,
    }
    return tests[prefix]()


def _period(values) -> ColumnElement:
    """The study's period: start to completion (primary completion when no completion)."""
    end = func.coalesce(T.completion_date, T.primary_completion_date)
    low, high = _span(T.start_date, end)
    known = or_(T.start_date.is_not(None), end.is_not(None))
    return and_(known, or_(*[_compare(v.prefix, low, high, v) for v in values]))


def _last_updated(values) -> ColumnElement:
    low, high = _span(T.last_update_posted, T.last_update_posted)
    known = T.last_update_posted.is_not(None)
    return and_(known, or_(*[_compare(v.prefix, low, high, v) for v in values]))


_CLAUSES: dict[str, Callable[..., ColumnElement]] = {
    "id": _ids,
    "identifier": _identifiers,
    "status": _statuses,
    "phase": _phases,
    "condition-code": _condition_codes,
    "condition-text": _condition_words,
    "condition-any": _condition_either,
    "keyword": _keywords,
    "title-start": _titles(lambda col, v: col.istartswith(v, autoescape=True)),
    "title-contains": _titles(lambda col, v: col.icontains(v, autoescape=True)),
    "title-exact": _titles(lambda col, v: col == v),
    "date": _period,
    "last-updated": _last_updated,
    "near": _near,
}
