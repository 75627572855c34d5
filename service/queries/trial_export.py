"""The CSV export: every matching trial's summary, flattened, streamed from a server-side cursor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from service.queries.trials import SORTS, SUMMARY_COLUMNS, trial_summary
from store import models as m
from store.filters import trial_filters

CSV_COLUMNS = [
    "nct_id", "brief_title", "overall_status", "phases", "study_type", "conditions",
    "enrollment.count", "enrollment.type", "dates.start.date", "dates.start.type",
    "dates.primary_completion.date", "dates.primary_completion.type", "dates.completion.date",
    "dates.completion.type", "dates.first_posted", "dates.last_update_posted",
    "dates.last_verified", "minimum_age_years", "maximum_age_years", "sex",
]  # fmt: skip


def iter_trial_rows(session: Session, filters: dict[str, Any], sort: str | None) -> Iterator[dict]:
    """Every matching trial's summary, flattened, from a server-side cursor.

    ``session`` must be in a transaction (a server-side cursor lives in one). The query runs
    before this returns, so a failure is an error response, not a cut-off download."""
    sort = sort or "-last_update_posted"
    if sort == "relevance":
        sort = "-last_update_posted"  # a full export has no relevance window
    spec = SORTS[sort]
    conditions = (
        select(func.array_agg(aggregate_order_by(m.Condition.name, m.Condition.ordinal)))
        .where(m.Condition.trial_id == m.Trial.id)
        .scalar_subquery()
    )
    stmt = (
        select(*SUMMARY_COLUMNS, conditions.label("condition_names"))
        .where(*trial_filters(filters))
        .execution_options(yield_per=1000)
    )
    parts = [stmt.order_by(*spec.order)]
    if spec.missing is not None:  # those that have the sort value, then those that lack it
        parts = [parts[0].where(spec.valued), stmt.where(spec.lacking()).order_by(*spec.order)]
    first = session.execute(parts[0])

    def results() -> Iterator[Any]:
        yield first
        for part in parts[1:]:
            yield session.execute(part)

    def rows() -> Iterator[dict]:
        try:
            for result in results():
                try:
                    for row in result:
                        yield flatten(trial_summary(row, row.condition_names or []))
                finally:
                    result.close()
        finally:
            first.close()
            session.close()

    return rows()


def flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif value is None and name in _NESTED_DATES:
            out.update({f"{name}.date": None, f"{name}.type": None})
        else:
            out[name] = value
    return out


_NESTED_DATES = {"dates.start", "dates.primary_completion", "dates.completion"}
