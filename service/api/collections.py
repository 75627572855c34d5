"""/v1/arms, /v1/interventions, /v1/outcomes: across every trial, each item with its NCT id."""

from __future__ import annotations

from flask.views import MethodView

from schemas.common import ProblemSchema
from schemas.meta import (
    ArmArgsSchema,
    ArmPageSchema,
    InterventionArgsSchema,
    InterventionPageSchema,
    OutcomeArgsSchema,
    OutcomePageSchema,
)
from service.db import get_session
from service.queries import collections as collections_q
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint(
    "collections", __name__, url_prefix="/v1", description="Arms, interventions, outcomes."
)


def _collection(name: str, args_schema, page_schema, summary: str, operation_id: str):
    class Collection(MethodView):
        @blp.doc(operationId=operation_id)
        @blp.arguments(args_schema(), location="query", as_kwargs=True)
        @blp.response(200, page_schema)
        @blp.alt_response(400, schema=ProblemSchema, content_type=PROBLEM_JSON)
        def get(self, **args):
            return collections_q.list_collection(get_session(), name, **args)

    Collection.get.__doc__ = summary
    Collection.__name__ = f"{name.capitalize()}Collection"
    blp.route(f"/{name}", endpoint=name)(Collection)


_collection(
    "arms",
    ArmArgsSchema,
    ArmPageSchema,
    "Find arms across trials\n\nFiltered by `type` and full text `q`; each with its `nct_id`.",
    "list_arms",
)
_collection(
    "interventions",
    InterventionArgsSchema,
    InterventionPageSchema,
    "Find interventions across trials\n\ne.g. `type=DRUG&q=paclitaxel`; each with its `nct_id`.",
    "list_interventions",
)
_collection(
    "outcomes",
    OutcomeArgsSchema,
    OutcomePageSchema,
    "Find outcome measures across trials\n\ne.g. `type=PRIMARY&q=survival`; each with its "
    "`nct_id`.",
    "list_outcomes",
)
