"""The OpenAPI document: its info, the blueprint that documents 406s, problem+json responses,
and three fixes to how apispec writes marshmallow fields (exclusive bounds, nullable nesting,
enums as named components that client generators read as one type)."""

from __future__ import annotations

import http
import re
from typing import Any

import marshmallow as ma
from apispec import APISpec
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.spec import prepare_response

from domain.vocab import all_enums
from schemas.trial_args import SORTS
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
    """Every resource's blueprint: arguments through ``Parser``, 406 in every operation, and
    the decorators that only document (``doc``, ``alt_response``) leave the view as it is."""

    ARGUMENTS_PARSER = Parser()

    @staticmethod
    def doc(**kwargs):
        return _documenting(SmorestBlueprint.doc(**kwargs))

    def alt_response(self, status_code, *args, **kwargs):
        return _documenting(super().alt_response(status_code, *args, **kwargs))

    @staticmethod
    def _prepare_response_doc(doc, doc_info, *, api, spec, **kwargs):
        """Every operation documents 406: see service.web.guards (content negotiation)."""
        responses = doc_info.setdefault("response", {}).setdefault("responses", {})
        responses.setdefault(406, []).append("NOT_ACCEPTABLE")
        return SmorestBlueprint._prepare_response_doc(doc, doc_info, api=api, spec=spec, **kwargs)


def _documenting(decorator):
    """flask-smorest's documenting ``decorator`` without the function it wraps the view in,
    which does nothing but call the view (through ``ensure_sync``): only what it documents
    (``_apidoc``, read when the blueprint is registered) goes on the view. A lookup by NCT
    id documents its operation id and three other responses this way: four calls a request,
    60,000 instructions of its 1.4 M (bench/request_cost.py)."""

    def document(view):
        view._apidoc = decorator(view)._apidoc
        return view

    return document


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
    """Exclusive bounds and nullable nested schemas, written as OpenAPI 3.0 means them; enums
    as named components."""
    converter.add_attribute_function(_exclusive_bounds)
    converter.add_attribute_function(_enum_component)
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


_NULL_ONLY = {"type": "string", "nullable": True, "enum": [None]}


def _enum_component(converter, field: ma.fields.Field, ret: dict, **kwargs) -> dict:
    """A string enum of a vocabulary (``OverallStatus``), or any nullable string enum, as a
    named component referred to where it is used: ``$ref`` (``allOf: [$ref]`` beside a
    description) or, nullable, ``anyOf: [$ref, null]``.

    Written inline, ``enum: [..., null]`` with ``nullable: true``, openapi-python-client makes
    three identical classes of each nullable enum, and one class per field of every other; a
    component is one class, the same for every field that takes that vocabulary."""
    values = [v for v in ret.get("enum") or () if v is not None]
    if ret.get("type") != "string" or not values:
        return {}
    name = _enum_name(field, values)
    names = _member_names(name or _camel(field.name or "value"), values)
    if name is None:
        ret.update(names)
        return {}
    schemas = converter.spec.components.schemas
    if name not in schemas:
        converter.spec.components.schema(name, {"type": "string", "enum": values, **names})
    elif schemas[name].get("enum") != values:
        raise ValueError(f"enum component {name} with two value lists")
    for key in ("type", "enum", "nullable"):
        ret.pop(key, None)
    ref = {"$ref": f"#/components/schemas/{name}"}
    if field.allow_none:
        ret["anyOf"] = [ref, dict(_NULL_ONLY)]
    elif ret:
        ret["allOf"] = [ref]
    else:
        ret.update(ref)
    return {}


# Enums of the wire itself that several operations share, by component name.
WIRE_ENUMS = {"TrialSort": SORTS}


def _enum_name(field: ma.fields.Field, values: list) -> str | None:
    """The vocabulary whose values these are (only one may have them) or the wire's enum;
    else, for a nullable enum, its schema's name and the field's (``Her2Status``); else None
    (kept inline)."""
    vocabularies = [name for name, vocab in all_enums().items() if list(vocab) == values]
    if len(vocabularies) == 1:
        return _camel(vocabularies[0])
    if shared := [name for name, vocab in WIRE_ENUMS.items() if list(vocab) == values]:
        return shared[0]
    if not field.allow_none or not isinstance(field.parent, ma.Schema):
        return None
    owner = type(field.parent).__name__.removesuffix("Schema")
    return owner + _camel(field.name or "")


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _member_names(enum: str, values: list[str]) -> dict[str, list[str]]:
    """``x-enum-varnames`` when a value is no name (``-enrollment``, ``2+``): what generated
    clients call the members (``ENROLLMENT_DESC``, ``HER2_IHC_2_PLUS``) instead of
    ``VALUE_6``."""
    if all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", v) for v in values):
        return {}
    prefix = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", enum).upper()
    names = []
    for value in values:
        name = re.sub(r"\W+", "_", value.replace("+", "_plus")).strip("_").upper()
        name = f"{name}_DESC" if value.startswith("-") else name
        names.append(f"{prefix}_{name}" if not name[:1].isalpha() else name)
    return {"x-enum-varnames": names}
