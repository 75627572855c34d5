"""The OpenAPI document: its info, the blueprint that documents 406s, problem+json responses,
and two fixes to how apispec writes marshmallow fields (exclusive bounds, nullable nesting)."""

from __future__ import annotations

import http
from typing import Any

import marshmallow as ma
from apispec import APISpec
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.spec import prepare_response

from service.web.args import Parser

PROBLEM_JSON = "application/problem+json"


def spec_options() -> dict:
    """``API_SPEC_OPTIONS``: the description and servers of the document."""
    return {
        "info": {
            "description": (
                "Clinical-trial registry records as a clean, versioned JSON API: trials, arms, "
                "interventions, eligibility criteria and outcomes. Errors are RFC 9457 "
                "`application/problem+json`. Lists are keyset-paged with an opaque cursor. "
                "Every response is JSON (or CSV where documented): an `Accept` header that "
                "allows none of an operation's media types is a 406 (no `Accept`, `*/*` and "
                "`application/*` get JSON). Unknown, repeated single-valued or NUL-containing "
                "parameters are 400s naming them; a URL over 8,190 bytes is a 414."
            ),
            "license": {"name": "Proprietary"},
        },
        "servers": [{"url": "/", "description": "This server"}],
    }


class Blueprint(SmorestBlueprint):
    """Every resource's blueprint: arguments through ``Parser``, 406 in every operation."""

    ARGUMENTS_PARSER = Parser()

    @staticmethod
    def _prepare_response_doc(doc, doc_info, *, api, spec, **kwargs):
        """Every operation documents 406: see service.web.guards (content negotiation)."""
        responses = doc_info.setdefault("response", {}).setdefault("responses", {})
        responses.setdefault(406, []).append("NOT_ACCEPTABLE")
        return SmorestBlueprint._prepare_response_doc(doc, doc_info, api=api, spec=spec, **kwargs)


def register_problem_responses(spec: APISpec, schema: type[ma.Schema]) -> None:
    """Every error response, by status name and the default, as ``application/problem+json``."""
    for status in http.HTTPStatus:
        response: dict[str, Any] = {"description": status.phrase}
        if not (100 <= status < 200) and status not in (204, 304):
            response["schema"] = schema
        prepare_response(response, spec, PROBLEM_JSON)
        spec.components.response(status.name, response, lazy=True)
    response = {"description": "Default error response", "schema": schema}
    prepare_response(response, spec, PROBLEM_JSON)
    spec.components.response("DEFAULT_ERROR", response, lazy=True)


def fix_field_conversion(converter) -> None:
    """Exclusive bounds and nullable nested schemas, written as OpenAPI 3.0 means them."""
    converter.add_attribute_function(_exclusive_bounds)
    functions = converter.attribute_functions
    at = [f.__name__ for f in functions].index("field2nullable")
    functions[at] = _nullable.__get__(converter)


def _exclusive_bounds(converter, field: ma.fields.Field, **kwargs) -> dict[str, bool]:
    """``Range(min=0, min_inclusive=False)`` as ``exclusiveMinimum: true`` (OpenAPI 3.0):
    apispec writes only ``minimum``, so the spec would call 0 valid."""
    out: dict[str, bool] = {}
    for validator in field.validators:
        if isinstance(validator, ma.validate.Range):
            if validator.min is not None and not validator.min_inclusive:
                out["exclusiveMinimum"] = True
            if validator.max is not None and not validator.max_inclusive:
                out["exclusiveMaximum"] = True
    return out


_ANY_OBJECT_OR_NULL = {"type": "object", "nullable": True}


def _nullable(converter, field: ma.fields.Field, ret: dict, **kwargs) -> dict:
    """apispec's ``field2nullable``, except that a nullable nested schema (OpenAPI 3.0) is
    ``anyOf: [{$ref}, null]``: apispec's other branch, ``{type: object, nullable: true}``,
    admits every object, so ``{}`` would pass for a Quantity and any object for a Date."""
    attributes = type(converter).field2nullable(converter, field, ret=ret)
    if _ANY_OBJECT_OR_NULL in attributes.get("anyOf", []):
        others = [s for s in attributes["anyOf"] if s != _ANY_OBJECT_OR_NULL]
        attributes["anyOf"] = [*others, {**_ANY_OBJECT_OR_NULL, "enum": [None]}]
    return attributes
