"""/v1/enums and /v1/version: what the API serves and how fresh its data is."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from schemas.meta import EnumsSchema, VersionSchema
from service.db import get_session
from service.queries import meta as meta_q
from service.web.openapi import Blueprint

blp = Blueprint("meta", __name__, url_prefix="/v1", description="About the API and its data.")


@blp.route("/enums")
class Enums(MethodView):
    @blp.doc(operationId="list_enums")
    @blp.response(200, EnumsSchema)
    def get(self):
        """List every enum and its values"""
        return meta_q.all_enums()


@blp.route("/version")
class Version(MethodView):
    @blp.doc(operationId="get_version")
    @blp.response(200, VersionSchema)
    def get(self):
        """Get the API version, data load time and record counts"""
        return meta_q.version(get_session(), current_app.config["API_VERSION"])
