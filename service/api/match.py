"""/v1/match: which trials could this patient join, and why (criterion by criterion)."""

from __future__ import annotations

from flask.views import MethodView

from domain.eligibility.patient import patient_from_profile
from schemas.common import ProblemSchema
from schemas.match import (
    EXAMPLE_PROFILE,
    EXAMPLE_RESPONSE,
    MatchRequestSchema,
    MatchResponseSchema,
)
from service.db import export_session
from service.queries import match as match_q
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint("match", __name__, url_prefix="/v1/match", description="Patient-to-trial matching.")


@blp.route("")
class Match(MethodView):
    @blp.doc(operationId="match_patient")
    @blp.arguments(MatchRequestSchema(), location="json", example=EXAMPLE_PROFILE)
    @blp.response(200, MatchResponseSchema, example=EXAMPLE_RESPONSE)
    @blp.alt_response(
        400,
        schema=ProblemSchema,
        content_type=PROBLEM_JSON,
        description="A malformed profile: `invalid_params` names each field (an unknown "
        "field, lab, flag or unit).",
    )
    def post(self, profile):
        """Match a patient to trials

        Pre-filters trials in SQL (statuses, default recruiting and not yet recruiting; age;
        sex; condition words; `near`), then decides every criterion of each candidate from
        the facts read from it at load time. Each criterion's verdict is `MET`, `NOT_MET`
        or `UNKNOWN` with a one-line reason comparing the values in the same unit; a trial
        is `ELIGIBLE` (every criterion decided and met), `POSSIBLY_ELIGIBLE` (nothing
        failed, something unknown) or `INELIGIBLE` (some criterion failed). Ranked:
        eligible first, then fewest failed, fewest unknown, most met.
        """
        patient = patient_from_profile(profile)  # ProfileError: a 400 (service.web.errors)
        session = export_session()
        try:
            return match_q.match(session.connection(), profile, patient)
        finally:
            session.close()
