"""``GET /`` and ``GET /v1``: a small index of the API, for someone who starts at the top."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView

from schemas.index import ApiIndexSchema
from service.web.openapi import Blueprint

blp = Blueprint("index", __name__, description="Where to start: the API's parts and its docs.")

DESCRIPTION = (
    "ClinicalTrials.gov records as JSON: find trials, read one in full, match a patient to "
    "trials criterion by criterion. Interactive docs at /docs."
)
LINKS = {
    "docs": "/docs",
    "openapi": "/v1/openapi.json",
    "trials": "/v1/trials",
    "trials_csv": "/v1/trials.csv",
    "match": "/v1/match",
    "arms": "/v1/arms",
    "interventions": "/v1/interventions",
    "outcomes": "/v1/outcomes",
    "stats": "/v1/stats",
    "sources": "/v1/sources",
    "enums": "/v1/enums",
    "version": "/v1/version",
    "health": "/healthz",
    "ready": "/readyz",
}


def api_index() -> dict:
    return {
        "name": current_app.config["API_TITLE"],
        "description": DESCRIPTION,
        "version": current_app.config["API_VERSION"],
        "links": LINKS,
    }


@blp.route("/")
class Root(MethodView):
    @blp.doc(operationId="get_root")
    @blp.response(200, ApiIndexSchema)
    def get(self):
        """The API's index

        The same as `GET /v1`: the API's name, version and where its parts are.
        """
        return api_index()


@blp.route("/v1")
class Index(MethodView):
    @blp.doc(operationId="get_index")
    @blp.response(200, ApiIndexSchema)
    def get(self):
        """The API's index

        Links to the docs (`/docs`), the OpenAPI document, every collection and the probes,
        with the API version.
        """
        return api_index()
