"""Liveness and readiness probes."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields

from schemas.common import ProblemSchema
from service.db import get_session
from service.queries import health as health_q
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint("health", __name__, description="Liveness and readiness probes.")


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})


class ReadySchema(Schema):
    status = fields.String(required=True, metadata={"example": "ready"})
    database = fields.String(required=True, metadata={"example": "ok"})
    migration = fields.String(required=True, metadata={"example": "0001"})
    seed_finished_at = fields.DateTime(required=True)


@blp.route("/healthz")
class Health(MethodView):
    @blp.doc(operationId="get_health")
    @blp.response(200, HealthSchema)
    def get(self):
        """Liveness: the process answers

        Touches nothing else, so a database outage never restarts the service.
        """
        return {"status": "ok"}


@blp.route("/readyz")
class Ready(MethodView):
    @blp.doc(operationId="get_readiness")
    @blp.response(200, ReadySchema)
    @blp.alt_response(
        503,
        schema=ProblemSchema,
        content_type=PROBLEM_JSON,
        description="Database unreachable, not migrated, or seed not finished.",
    )
    def get(self):
        """Readiness: database reachable, migrated, seed finished"""
        return health_q.readiness(get_session())
