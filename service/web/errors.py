"""RFC 9457 problem+json for every error, built in one place: HTTP errors (webargs, aborts,
routing), the domain's errors (``domain.errors``, a parse error, a malformed match profile),
and a database that is down; anything else is a logged 500 with a generic ``detail``. A trial
asked for by an older NCT id (``TrialMoved``) is a 301 to the same URL under its current id."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import request, url_for
from flask_smorest import Api
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    NotFound,
    ServiceUnavailable,
    default_exceptions,
)

from domain.eligibility.patient import ProfileError
from domain.errors import (
    DocumentConflict,
    InvalidParameter,
    NotReady,
    SeedDirError,
    TrialMoved,
    UnknownTrial,
)
from domain.records import ParseError
from schemas.common import ProblemSchema
from service.web import shapes
from service.web.openapi import (
    PROBLEM_JSON,
    fix_field_conversion,
    register_problem_responses,
)
from service.web.routing import not_found_detail

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MOVED_MAX_AGE = 60  # as the data's own Cache-Control: a reload may change what an alias names


def _unparsable(error: ParseError) -> dict[str, Any]:
    where = f" (line {error.line})" if error.line is not None else ""
    return {"message": f"The document does not parse: {error.reason}{where}."}


# Each error the queries and commands raise: its status, and the data an ``abort`` with that
# status would carry (``message``: the detail; ``messages``: the parameters at fault).
PROBLEMS: dict[type[Exception], tuple[int, Callable[[Any], dict[str, Any]]]] = {
    InvalidParameter: (400, lambda e: {"messages": {e.location: {e.name: [e.reason]}}}),
    ProfileError: (400, lambda e: {"messages": {"json": {e.field: [e.reason]}}}),
    UnknownTrial: (404, lambda e: {"message": str(e)}),
    DocumentConflict: (409, lambda e: {"message": str(e)}),
    SeedDirError: (409, lambda e: {"message": str(e)}),
    ParseError: (422, _unparsable),
    NotReady: (503, lambda e: {"message": e.reason}),
}


def as_http_error(error: Exception) -> HTTPException:
    """The HTTP error a domain error stands for (see PROBLEMS)."""
    for error_class, (status, data) in PROBLEMS.items():
        if isinstance(error, error_class):
            http_error = default_exceptions[status]()
            http_error.data = data(error)
            return http_error
    raise TypeError(f"no problem+json mapping for {type(error).__name__}")


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, **kwargs) -> None:
        super()._init_spec(**kwargs)
        fix_field_conversion(self.ma_plugin.converter)

    def _register_responses(self) -> None:
        """Document every error response as ``application/problem+json``."""
        register_problem_responses(self.spec, self.ERROR_SCHEMA)

    def _register_error_handlers(self) -> None:
        super()._register_error_handlers()
        for error_class in PROBLEMS:
            self._app.register_error_handler(error_class, self.handle_domain_error)
        self._app.register_error_handler(TrialMoved, _moved)
        self._app.register_error_handler(OperationalError, _database_unavailable)
        self._app.register_error_handler(DBAPIError, _database_error)
        self._app.register_error_handler(Exception, _unexpected)

    def handle_domain_error(self, error: Exception):
        return self.handle_http_exception(as_http_error(error))

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        extra: dict[str, Any] = {}
        if messages := data.get("messages"):
            extra["invalid_params"] = invalid_params(messages)
        detail = data.get("message") or error.description
        if isinstance(error, NotFound) and not data.get("message"):
            detail = not_found_detail() or detail
        if extra.get("invalid_params"):
            names = ", ".join(p["name"] for p in extra["invalid_params"])
            detail = f"Invalid request parameters: {names}."
        headers = dict(data.get("headers") or {})
        if allow := dict(error.get_headers()).get("Allow"):
            headers["Allow"] = allow
        if isinstance(error, ServiceUnavailable):
            headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
        return problem(error.code or 500, detail, headers=headers, **extra)


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
    """webargs' ``{location: {field: [messages]}}`` as ``[{name, reason}]``; an unknown name
    gets the valid ones, a value of the wrong type the shape expected (service.web.shapes)."""
    out: list[dict[str, str]] = []
    for location, fields in messages.items():
        if not isinstance(fields, dict):
            out.append({"name": location, "reason": _join(fields)})
            continue
        for name, reasons in _flatten(fields):
            # marshmallow's "_schema" (e.g. a body that is not an object): the thing at fault
            whole = "body" if location == "json" else location
            name = whole if name == "_schema" else name.removesuffix("._schema")
            out.append({"name": str(name), "reason": _teach(location, str(name), _join(reasons))})
    return out


def _teach(location: str, name: str, reason: str) -> str:
    path, schema = name.split("."), _argument_schema(location)
    if reason == "Unknown field.":
        if location == "query":
            reason = "Unknown parameter."
        if (within := _object_at(schema, path[:-1])) is not None:
            label = "Valid parameters" if location == "query" else "Valid fields"
            reason += f" {label}: {', '.join(shapes.names(within))}."
        return reason
    wrong_type = reason in WRONG_TYPE and location == "json" and schema is not None
    if wrong_type and name == "body":
        reason += " Expected: a JSON object; /docs shows an example."
    elif wrong_type and (field := shapes.field_at(schema, path)) is not None:
        reason += f" Expected: {shapes.shape(field)}."
    return reason


def _object_at(schema, path: list[str]):
    """The schema of the object at ``path`` (the arguments' own for ``[]``)."""
    if schema is None or not path:
        return schema
    field = shapes.field_at(schema, path)
    return shapes.nested_schema(field) if field is not None else None


WRONG_TYPE = ("Invalid input type.", "Not a valid list.", "Not a valid mapping type.")


def _flatten(fields: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Nested body errors (``{"labs": {"foo": [...]}}``) as dotted names (``labs.foo``)."""
    out: list[tuple[str, Any]] = []
    for name, reasons in fields.items():
        if isinstance(reasons, dict) and not all(isinstance(k, int) for k in reasons):
            out += _flatten(reasons, f"{prefix}{name}.")
        else:
            out.append((f"{prefix}{name}", reasons))
    return out


def _argument_schema(location: str):
    """The schema of the current endpoint's arguments in ``location`` (None if none)."""
    from flask import current_app

    view = current_app.view_functions.get(request.endpoint or "")
    view_cls = getattr(view, "view_class", None)
    method = getattr(view_cls, request.method.lower(), None) if view_cls else view
    for arg in getattr(method, "_apidoc", {}).get("arguments", {}).get("parameters", []):
        if arg.get("in", arg.get("location")) == location:
            schema = arg["schema"]
            return schema() if isinstance(schema, type) else schema
    return None


def _join(reasons: Any) -> str:
    if isinstance(reasons, list | tuple):
        return " ".join(_join(r) for r in reasons)
    if isinstance(reasons, dict):
        return "; ".join(f"{k}: {_join(v)}" for k, v in reasons.items())
    return str(reasons)


def _moved(error: TrialMoved):
    """301 to this very request under the trial's current NCT id: the same endpoint (so the
    rest of the path, e.g. ``/arms``) and the same query string."""
    args = {**(request.view_args or {}), "nct_id": error.nct_id}
    location = url_for(request.endpoint or "", **args)
    if request.query_string:
        location += "?" + quote(request.query_string, safe="!#$%&'()*+,/:;=?@[]~")
    return problem(
        301,
        f"{error.alias} is an older NCT id of {error.nct_id}: see Location.",
        headers={"Location": location, "Cache-Control": f"public, max-age={MOVED_MAX_AGE}"},
    )


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
