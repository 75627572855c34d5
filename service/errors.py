"""RFC 9457 problem+json for every error, built in one place."""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import marshmallow as ma
from flask import request
from flask_smorest import Api, abort
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.spec import prepare_response
from sqlalchemy.exc import DBAPIError, OperationalError
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from schemas.common import ProblemSchema

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_SECONDS = 5


class Parser(FlaskParser):
    """Query and body errors are 400s, and unknown query parameters are errors."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {
        "query": ma.RAISE,
        "json": ma.RAISE,
        "form": ma.RAISE,
        "headers": ma.EXCLUDE,
        "cookies": ma.EXCLUDE,
        "files": ma.RAISE,
    }

    def _process_location_data(self, location_data, schema, req, location, unknown, validators):
        """Also a 400 naming the parameter: a NUL character in a query parameter or a JSON
        string (PostgreSQL cannot store one in text), a single-valued query parameter given
        more than once. Reported together with the schema's own errors."""
        problems = _raw_problems(req, location, location_data, schema)
        try:
            data = super()._process_location_data(
                location_data, schema, req, location, unknown, validators
            )
        except ma.ValidationError as exc:
            if problems and isinstance(exc.messages, dict):
                raise ma.ValidationError({**exc.messages, **problems}) from exc
            raise
        if problems:
            raise ma.ValidationError(problems)
        return data


NUL_REASON = "Must not contain NUL (\\u0000) characters."


def _raw_problems(req, location: str, data: Any, schema: ma.Schema) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if location == "query":
        single = {
            field.data_key or name
            for name, field in schema.fields.items()
            if not isinstance(field, ma.fields.List)
        }
        for name, values in req.args.lists():
            if _has_nul([name, values]):
                problems[name] = [NUL_REASON]
            elif name in single and len(values) > 1:
                problems[name] = [f"Given {len(values)} times; give it once."]
    elif location == "json" and isinstance(data, dict):
        for name, value in data.items():
            if _has_nul([name, value]):
                problems[str(name)] = [NUL_REASON]
    return problems


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = Parser()

    @staticmethod
    def _prepare_response_doc(doc, doc_info, *, api, spec, **kwargs):
        """Every operation documents 406: see service.guards (content negotiation)."""
        responses = doc_info.setdefault("response", {}).setdefault("responses", {})
        responses.setdefault(406, []).append("NOT_ACCEPTABLE")
        return SmorestBlueprint._prepare_response_doc(doc, doc_info, api=api, spec=spec, **kwargs)


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, **kwargs) -> None:
        super()._init_spec(**kwargs)
        converter = self.ma_plugin.converter
        converter.add_attribute_function(_exclusive_bounds)
        functions = converter.attribute_functions
        at = [f.__name__ for f in functions].index("field2nullable")
        functions[at] = _nullable.__get__(converter)

    def _register_responses(self) -> None:
        """Document every error response as ``application/problem+json``."""
        import http

        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_error_handlers(self) -> None:
        super()._register_error_handlers()
        self._app.register_error_handler(OperationalError, _database_unavailable)
        self._app.register_error_handler(DBAPIError, _database_error)
        self._app.register_error_handler(Exception, _unexpected)

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        extra: dict[str, Any] = {}
        if messages := data.get("messages"):
            extra["invalid_params"] = invalid_params(messages)
        detail = data.get("message") or error.description
        if extra.get("invalid_params"):
            names = ", ".join(p["name"] for p in extra["invalid_params"])
            detail = f"Invalid request parameters: {names}."
        headers = dict(data.get("headers") or {})
        if allow := dict(error.get_headers()).get("Allow"):
            headers["Allow"] = allow
        if isinstance(error, ServiceUnavailable):
            headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
        return problem(error.code or 500, detail, headers=headers, **extra)


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


def problem(status: int, detail: str | None, headers: dict[str, str] | None = None, **extra):
    """A problem+json response tuple for Flask."""
    from werkzeug.http import HTTP_STATUS_CODES

    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    body.update(extra)
    return body, status, {"Content-Type": PROBLEM_JSON, **(headers or {})}


def invalid_params(messages: dict[str, Any]) -> list[dict[str, str]]:
    """webargs' ``{location: {field: [messages]}}`` as ``[{name, reason}]``."""
    out: list[dict[str, str]] = []
    for location, fields in messages.items():
        if not isinstance(fields, dict):
            out.append({"name": location, "reason": _join(fields)})
            continue
        for name, reasons in _flatten(fields):
            # marshmallow's "_schema" (e.g. a body that is not an object): the thing at fault
            whole = "body" if location == "json" else location
            name = whole if name == "_schema" else name.removesuffix("._schema")
            reason = _join(reasons)
            if reason == "Unknown field.":
                reason = "Unknown parameter." if location == "query" else "Unknown field."
                valid = _valid_names(location) if "." not in str(name) else []
                if valid:
                    reason += f" Valid parameters: {', '.join(valid)}."
            out.append({"name": str(name), "reason": reason})
    return out


def _flatten(fields: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested body errors (``{"labs": {"foo": [...]}}``) as dotted names (``labs.foo``)."""
    out: list[tuple[str, Any]] = []
    for name, reasons in fields.items():
        if isinstance(reasons, dict) and not all(isinstance(k, int) for k in reasons):
            out += _flatten(reasons, f"{prefix}{name}.")
        else:
            out.append((f"{prefix}{name}", reasons))
    return out


def _valid_names(location: str) -> list[str]:
    """Names the current endpoint accepts in ``location``, from its documented arguments."""
    from flask import current_app

    view = current_app.view_functions.get(request.endpoint or "")
    view_cls = getattr(view, "view_class", None)
    method = getattr(view_cls, request.method.lower(), None) if view_cls else view
    names: list[str] = []
    for arg in getattr(method, "_apidoc", {}).get("arguments", {}).get("parameters", []):
        if arg.get("in", arg.get("location")) == location:
            schema = arg["schema"]
            schema = schema() if isinstance(schema, type) else schema
            names += [f.data_key or n for n, f in schema.fields.items() if not f.dump_only]
    return sorted(names)


def _join(reasons: Any) -> str:
    if isinstance(reasons, list | tuple):
        return " ".join(_join(r) for r in reasons)
    if isinstance(reasons, dict):
        return "; ".join(f"{k}: {_join(v)}" for k, v in reasons.items())
    return str(reasons)


def not_found(what: str, key: str) -> NoReturn:
    abort(404, message=f"No {what} with id {key}.")


def bad_request(parameter: str, reason: str) -> NoReturn:
    abort(400, messages={"query": {parameter: [reason]}})


def invalid_body(field: str, reason: str) -> NoReturn:
    """A 400 naming a field of the JSON body by its dotted path (``labs.platelets.unit``)."""
    abort(400, messages={"json": {field: [reason]}})


def _database_unavailable(exc: OperationalError):
    log.warning("database unavailable: %s", type(exc.orig).__name__ if exc.orig else exc)
    return problem(
        503,
        "The database is unavailable; try again shortly.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _database_error(exc: DBAPIError):
    if exc.connection_invalidated:
        return _database_unavailable(exc)  # type: ignore[arg-type]
    return _unexpected(exc)


def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return problem(exc.code or 500, exc.description)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, InternalServerError.description)
