"""/v1/stats: facet counts over the trials matching the same filters as /v1/trials."""

from __future__ import annotations

from flask.views import MethodView

from schemas.common import ProblemSchema
from schemas.meta import StatsSchema
from schemas.trial_args import TrialFilterArgsSchema
from service.db import get_session
from service.queries import stats as stats_q
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint("stats", __name__, url_prefix="/v1/stats", description="Facet counts.")


@blp.route("")
class Stats(MethodView):
    @blp.doc(operationId="get_stats")
    @blp.arguments(TrialFilterArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, StatsSchema)
    @blp.alt_response(400, schema=ProblemSchema, content_type=PROBLEM_JSON)
    def get(self, **filters):
        """Count trials by facet

        Counts by status, phase, study type, intervention type, top conditions and
        countries, over the trials matching the filters (the same as `GET /v1/trials`):
        the facets of a search page.
        """
        return stats_q.trial_stats(get_session(), filters)
