"""/v1/sources: every source the loader read, with its status and, when it is not served, why."""

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
    description="The sources the loader read (files, ZIP members, synced records): loaded, "
    "superseded by another source of the same study, or failed, and why.",
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
        """List sources

        Every source the loader read, in name order, `limit` per page (follow
        `page.next_cursor`): a seed or imported file, each member of a bulk ZIP
        (`ctg-studies.json.zip!/67/NCT01234567.json`), each study of a JSON page or JSON
        Lines file, each record a sync fetched. For each: its format, origin, container,
        sha256, status, the NCT id it holds and its last-update date; `reason` says why it
        failed, or, when another source of the same study is served (a later last update;
        on the same date, the registry's own format before a page rendering; then the one
        loaded first), names that source and why. `status=failed` lists the broken ones,
        `nct_id=` every source of one study.
        """
        return sources_q.list_sources(get_session(), **args)
