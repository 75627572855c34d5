"""/v1/trials: find trials (filters, full text, sorting, paging, sparse fields), one trial in
full, and its arms, interventions, eligibility and outcomes. CSV: service.api.export."""

from __future__ import annotations

import json

from flask.views import MethodView

from schemas.common import ProblemSchema
from schemas.eligibility import EligibilitySchema
from schemas.trial_args import TrialFieldsArgsSchema, TrialQueryArgsSchema
from schemas.trials import (
    ArmListSchema,
    InterventionListSchema,
    OutcomeListSchema,
    TrialPageSchema,
    TrialSchema,
)
from service.db import driver_connection, get_session, trial_cache
from service.queries import trial_detail as trial_q
from service.queries import trials as trials_q
from service.web.http import json_response
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint(
    "trials", __name__, url_prefix="/v1/trials", description="Clinical trials and their parts."
)

NCT_ID_PARAM = {
    "in": "path",
    "name": "nct_id",
    "required": True,
    "description": "ClinicalTrials.gov identifier, case-insensitive.",
    "schema": {"type": "string", "pattern": "^[Nn][Cc][Tt][0-9]{8}$", "example": "NCT02713984"},
}

_404 = {"schema": ProblemSchema, "content_type": PROBLEM_JSON, "description": "No such trial."}
_301 = {
    "schema": ProblemSchema,
    "content_type": PROBLEM_JSON,
    "description": "`nct_id` is an older NCT id (an alias) of a trial: the same request under "
    "the trial's current NCT id is in `Location`.",
    "headers": {
        "Location": {
            "description": "This URL with the current NCT id in place of the alias: the rest "
            "of the path and the query string as they were.",
            "schema": {"type": "string", "example": "/v1/trials/NCT00081588"},
        }
    },
}
_400 = {
    "schema": ProblemSchema,
    "content_type": PROBLEM_JSON,
    "description": "A malformed NCT id or parameter; `invalid_params` names each one.",
}


@blp.route("")
class Trials(MethodView):
    @blp.doc(operationId="list_trials")
    @blp.arguments(TrialQueryArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, TrialPageSchema)
    @blp.alt_response(400, **_400)
    def get(self, **args):
        """Find trials

        Trial summaries matching every filter given, `limit` per page; follow
        `page.next_cursor` to page through all of them. Every matching trial as CSV:
        `GET /v1/trials.csv` with the same filters (`format=csv` or `Accept: text/csv` here
        redirect there).
        """
        return trials_q.list_trials(get_session(), **args)


@blp.route("/<string:nct_id>", parameters=[NCT_ID_PARAM])
class TrialById(MethodView):
    @blp.doc(operationId="get_trial")
    @blp.arguments(TrialFieldsArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, TrialSchema)
    @blp.alt_response(301, **_301)
    @blp.alt_response(400, **_400)
    @blp.alt_response(404, **_404)
    def get(self, nct_id, fields_=None):
        """Get one trial

        The full record: design, dates, eligibility with criteria, arms, interventions,
        outcomes, sponsors, officials, contacts, locations with their coordinates, references,
        MeSH descriptors and its source document. The NCT id is case-insensitive; `fields`
        returns only the named fields. An older NCT id of a trial (one of its `aliases`) is
        a 301 to the trial under its current id.
        """
        nct_id = trial_q.normalize_nct_id(nct_id)
        found = trial_q.read_trial_json(nct_id, driver_connection, trial_cache())
        if fields_:  # trimmed, not dumped again: it went through TrialSchema at load time
            trimmed = trials_q.only(json.loads(found[0]), fields_)
            return json_response(json.dumps(trimmed, ensure_ascii=False, separators=(",", ":")))
        return json_response(*found)  # serialised through TrialSchema at load time


def _part_view(part: str, schema, summary: str, operation_id: str):
    class Part(MethodView):
        @blp.doc(operationId=operation_id)
        @blp.response(200, schema)
        @blp.alt_response(301, **_301)
        @blp.alt_response(400, **_400)
        @blp.alt_response(404, **_404)
        def get(self, nct_id):
            nct_id = trial_q.normalize_nct_id(nct_id)
            body, _etag = trial_q.read_trial_json(nct_id, driver_connection, trial_cache())
            return trial_q.trial_part(body, part)

    Part.get.__doc__ = summary
    Part.__name__ = f"Trial{part.capitalize()}"
    blp.route(f"/<string:nct_id>/{part}", endpoint=f"trial_{part}", parameters=[NCT_ID_PARAM])(Part)


_part_view(
    "arms",
    ArmListSchema,
    "List a trial's arms\n\nArms in the order the record lists them.",
    "list_trial_arms",
)
_part_view(
    "interventions",
    InterventionListSchema,
    "List a trial's interventions\n\nEach with the labels of the arms that use it.",
    "list_trial_interventions",
)
_part_view(
    "outcomes",
    OutcomeListSchema,
    "List a trial's outcome measures\n\nIn the order the record lists them.",
    "list_trial_outcomes",
)
_part_view(
    "eligibility",
    EligibilitySchema,
    "Get a trial's eligibility\n\nAges, sex, healthy volunteers and one item per criterion.",
    "get_trial_eligibility",
)
