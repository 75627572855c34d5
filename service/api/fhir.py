"""/fhir: a read-only FHIR R5 facade. The CapabilityStatement, a trial as a ResearchStudy, and
ResearchStudy search as searchset Bundles. Errors are OperationOutcomes: the one error mapping
(service.web.errors) builds the problem, and this blueprint re-envelopes it (for every path under
/fhir, routing's 404 and 405 included)."""

from __future__ import annotations

import json
from typing import Any

import marshmallow as ma
from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import abort

from domain.errors import UnknownTrial
from domain.fhir.resources import FHIR_JSON, capability_statement, operation_outcome
from schemas.fhir import (
    BundleSchema,
    CapabilityStatementSchema,
    FhirFormatArgsSchema,
    FhirReadArgsSchema,
    FhirSearchArgsSchema,
    OperationOutcomeSchema,
    PreferHeaderSchema,
    ResearchStudySchema,
)
from service.db import driver_connection, get_session
from service.queries import fhir as fhir_q
from service.web.openapi import PROBLEM_JSON, Blueprint

blp = Blueprint(
    "fhir",
    __name__,
    url_prefix="/fhir",
    description="FHIR R5 (read-only): trials as ResearchStudy resources, "
    "`application/fhir+json`. `GET /fhir/metadata` is the CapabilityStatement.",
)

ID_PARAM = {
    "in": "path",
    "name": "nct_id",
    "required": True,
    "description": "The ResearchStudy id: the NCT id (case-insensitive).",
    "schema": {"type": "string", "example": "NCT02713984"},
}
CAPABILITIES_DATE = "2026-01-01"  # when the capabilities below last changed


def _outcome(description: str) -> dict[str, Any]:
    return {"description": description, "content": {FHIR_JSON: {"schema": OperationOutcomeSchema}}}


def _doc(schema, operation_id: str, **errors: str) -> dict[str, Any]:
    """The operation's responses: FHIR JSON (also as ``application/json``), and its errors as
    OperationOutcomes."""
    json_content = {"schema": schema}
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "content": {FHIR_JSON: json_content, "application/json": json_content},
        },
        "400": _outcome("A malformed parameter (`_format` repeated, say)."),
        "406": _outcome("`Accept` or `_format` asks for a format other than JSON."),
        "default": _outcome("Any other error, as an OperationOutcome."),
    }
    responses.update({status: _outcome(text) for status, text in errors.items()})
    return {"operationId": operation_id, "responses": responses}


@blp.route("/metadata")
class Metadata(MethodView):
    @blp.doc(**_doc(CapabilityStatementSchema, "fhir_capabilities"))
    @blp.arguments(FhirFormatArgsSchema, location="query", unknown=ma.INCLUDE)
    @blp.response(200, CapabilityStatementSchema, content_type=FHIR_JSON)
    def get(self, args):
        """FHIR CapabilityStatement

        What the facade supports: read and search of ResearchStudy, the search parameters,
        JSON only (FHIR R5, 5.0.0).
        """
        statement = capability_statement(
            _base_url(), software_version=current_app.config["API_VERSION"], date=CAPABILITIES_DATE
        )
        return fhir_response(statement, args)


@blp.route("/ResearchStudy/<string:nct_id>", parameters=[ID_PARAM])
class ResearchStudyById(MethodView):
    @blp.doc(
        **_doc(
            ResearchStudySchema,
            "fhir_read_research_study",
            **{"400": "A malformed `_summary`, or an unknown parameter with `handling=strict`."},
        )
    )
    @blp.arguments(FhirReadArgsSchema, location="query", unknown=ma.INCLUDE)
    @blp.arguments(PreferHeaderSchema, location="headers")
    @blp.response(200, ResearchStudySchema, content_type=FHIR_JSON)
    @blp.alt_response(404, **{"content_type": FHIR_JSON, "schema": OperationOutcomeSchema,
                              "description": "No such study."})  # fmt: skip
    def get(self, args, headers, nct_id):
        """FHIR read: a trial as a ResearchStudy

        The trial with this NCT id as a FHIR R5 ResearchStudy (docs/fhir.md has the mapping):
        conditions with MeSH codes where known, arms as comparison groups, eligibility as a
        contained Group, sites as contained Locations. `_summary` and `_elements` trim it.
        """
        with driver_connection() as conn:
            study = fhir_q.read_research_study(conn, nct_id, _lists(args), strict=_strict(headers))
        if study is None:
            raise UnknownTrial(nct_id, "ResearchStudy")
        return fhir_response(study, args)


@blp.route("/ResearchStudy")
class ResearchStudies(MethodView):
    @blp.doc(
        **_doc(
            BundleSchema,
            "fhir_search_research_studies",
            **{"400": "A malformed search parameter, an unsupported modifier or prefix, a "
               "forged `_cursor`; an unknown parameter with `Prefer: handling=strict`."},
        )
    )  # fmt: skip
    @blp.arguments(FhirSearchArgsSchema, location="query", unknown=ma.INCLUDE)
    @blp.arguments(PreferHeaderSchema, location="headers")
    @blp.response(200, BundleSchema, content_type=FHIR_JSON)
    def get(self, args, headers):
        """FHIR search: ResearchStudies

        A searchset Bundle of the studies matching every parameter (comma-separated values:
        any of them), `_count` per page; follow the `next` link for the rest (the keyset
        paging of `/v1/trials`). Unknown parameters are ignored, and left out of the `self`
        link, unless `Prefer: handling=strict` asks for a 400.
        """
        bundle = fhir_q.search_bundle(
            get_session(), _lists(args), strict=_strict(headers), base=_base_url()
        )
        return fhir_response(bundle, args)


# --------------------------------------------------------------------------- HTTP details

JSON_FORMATS = {"json", "application/json", "application/fhir+json", "application/fhir json"}


def fhir_response(resource: dict[str, Any], args: dict[str, Any]) -> Response:
    """The resource as ``application/fhir+json``; ``_format`` other than JSON is a 406."""
    fmt = args.get("_format")
    if fmt is not None and fmt.strip().lower() not in JSON_FORMATS:
        abort(406, message="This server sends JSON only (_format=json).")
    pretty = args.get("_pretty") == "true"
    body = json.dumps(
        resource,
        ensure_ascii=False,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
    )
    return Response(body, mimetype=FHIR_JSON)


def _lists(args: dict[str, Any]) -> dict[str, list[str]]:
    """The query parameters as name -> values (unknown ones, kept by INCLUDE, as one value)."""
    return {
        k: [str(x) for x in v] if isinstance(v, list) else [str(v)]
        for k, v in args.items()
        if v is not None
    }


def _strict(headers: dict[str, Any]) -> bool:
    """``Prefer: handling=strict`` (among other preferences, any case)."""
    tokens = (t.strip().lower().replace(" ", "") for t in _split(headers.get("prefer") or ""))
    return "handling=strict" in tokens


def _split(value: str) -> list[str]:
    return [t for part in value.split(",") for t in part.split(";")]


def _under_fhir(path: str) -> bool:
    return path == blp.url_prefix or path.startswith(f"{blp.url_prefix}/")


def _base_url() -> str:
    return request.url_root.rstrip("/") + (blp.url_prefix or "")


_PARAMETER_NAMES = {"cursor": "_cursor"}  # /v1's names for the parameters FHIR names so


@blp.after_app_request
def _as_operation_outcome(response: Response) -> Response:
    """Every error under /fhir as an OperationOutcome: the problem service.web.errors built, in
    FHIR's envelope (status, headers and the parameters at fault kept). For the whole URL
    space, so that routing's 404 (another resource type) and 405 (a write) are too."""
    if response.mimetype != PROBLEM_JSON or not _under_fhir(request.path):
        return response
    problem = json.loads(response.get_data())
    invalid = [
        {**p, "name": _PARAMETER_NAMES.get(p["name"], p["name"])}
        for p in problem.get("invalid_params") or []
    ]
    outcome = operation_outcome(
        problem.get("status") or response.status_code, problem.get("detail"), invalid
    )
    response.set_data(json.dumps(outcome, ensure_ascii=False, separators=(",", ":")))
    response.mimetype = FHIR_JSON
    return response
