"""Query parameters of ``GET /v1/trials.csv``: the filters and sorts of ``GET /v1/trials``."""

from __future__ import annotations

from marshmallow import fields, validate

from schemas.trial_args import SORTS, TrialFilterArgsSchema


class TrialExportArgsSchema(TrialFilterArgsSchema):
    """The trial list's filters and sort, without paging: every matching trial."""

    sort = fields.String(
        validate=validate.OneOf(SORTS),
        metadata={
            "description": "Order, as in `GET /v1/trials` (default `-last_update_posted`); "
            "`relevance` orders as `-last_update_posted` here: a full export is not ranked."
        },
    )
