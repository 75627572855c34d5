"""``GET /v1/trials.csv``: every trial matching the trial list's filters, streamed as CSV.

Its own operation, so that generated clients read it as text. The trial list's older ways to
ask for CSV, ``GET /v1/trials?format=csv`` and ``Accept: text/csv``, redirect here (308) with
the same filters and sort."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, json, request
from flask.views import MethodView

from schemas.common import ProblemSchema
from schemas.export import TrialExportArgsSchema
from service.db import export_session
from service.queries import trial_export as export_q
from service.web.http import csv_response
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint("export", __name__, url_prefix="/v1", description="Trials as CSV.")

CSV_EXAMPLE = "nct_id,brief_title,overall_status,...\r\nNCT06224738,Human HER2-targeted ...\r\n"
LIST_ENDPOINT = "trials.Trials"
NOT_EXPORTED = {"limit", "cursor", "count_total", "fields", "format"}  # paging and shape


@blp.route("/trials.csv")
class TrialsCsv(MethodView):
    @blp.doc(
        operationId="export_trials",
        responses={
            "200": {
                "description": "Every matching trial, one CSV row each.",
                "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
            }
        },
    )
    @blp.arguments(TrialExportArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200)
    @blp.alt_response(
        400,
        schema=ProblemSchema,
        content_type=PROBLEM_JSON,
        description="A malformed parameter; `invalid_params` names each one.",
    )
    def get(self, sort=None, **filters):
        """Export trials as CSV

        Every trial matching the filters of `GET /v1/trials`, streamed as CSV: the fields of
        a trial summary, nested ones dotted (`enrollment.count`), lists joined with `; `.
        """
        rows = export_q.iter_trial_rows(export_session(), filters, sort)
        return csv_response(rows, export_q.CSV_COLUMNS, "trials.csv")


@blp.before_app_request
def redirect_csv_requests() -> Response | None:
    """``GET /v1/trials?format=csv`` (or ``Accept`` preferring ``text/csv``) -> 308 to
    ``/v1/trials.csv`` with the same filters and sort; ``format=json`` is dropped."""
    if request.endpoint != LIST_ENDPOINT or request.method not in ("GET", "HEAD"):
        return None
    formats = request.args.getlist("format")
    if len(formats) > 1 or (formats and formats[0] not in ("csv", "json")):
        return None  # the parser names `format` as unknown
    if formats:
        wants_csv = formats[0] == "csv"
    elif request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv":
        wants_csv = True
    else:
        return None
    keep = [(k, v) for k, v in request.args.items(multi=True) if k != "format"]
    if wants_csv:
        keep = [(k, v) for k, v in keep if k not in NOT_EXPORTED]
    location = ("/v1/trials.csv" if wants_csv else "/v1/trials") + (
        f"?{urlencode(keep)}" if keep else ""
    )
    response = Response(json.dumps({"location": location}), 308, mimetype="application/json")
    response.headers["Location"] = location
    response.vary.add("Accept")
    return response
