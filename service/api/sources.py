"""/v1/sources: every seed document, with its status and, for a broken one, why it failed."""

from __future__ import annotations

from flask.views import MethodView

from schemas.common import ProblemSchema
from schemas.sources import SourceDocumentPageSchema, SourceQueryArgsSchema
from service.db import get_session
from service.queries import sources as sources_q
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint(
    "sources",
    __name__,
    url_prefix="/v1/sources",
    description="The documents the seed job read: loaded, or failed and why.",
)


@blp.route("")
class Sources(MethodView):
    @blp.doc(operationId="list_sources")
    @blp.arguments(SourceQueryArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, SourceDocumentPageSchema)
    @blp.alt_response(
        400,
        schema=ProblemSchema,
        content_type=PROBLEM_JSON,
        description="A malformed parameter; `invalid_params` names each one.",
    )
    def get(self, **args):
        """List source documents

        Every document of the seed directory in name order, `limit` per page (follow
        `page.next_cursor`): its layout, sha256, status, the reason it failed and the NCT id
        of the trial it holds. `status=failed` lists only the broken ones.
        """
        return sources_q.list_sources(get_session(), **args)
