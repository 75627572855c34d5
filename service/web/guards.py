"""Checks every documented operation gets before its view runs, read from the OpenAPI spec:

- content negotiation: an ``Accept`` header that allows none of the media types the operation's
  success response comes in (``application/json``; ``text/csv`` for ``GET /v1/trials.csv``) is
  a 406 problem+json. No ``Accept`` or ``*/*`` get the operation's own media type; media-type
  parameters (``; fhirVersion=5.0``) do not change what is asked for.
- an operation that documents no query parameters rejects any with a 400 naming each one
  (operations with query arguments do so in ``service.web.errors.Parser``);
- a NUL character in a path parameter is a 400 naming it (PostgreSQL rejects NUL in text).

Routes outside the spec (``/docs``, ``/v1/openapi.json``, ``/metrics``) are left alone.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_smorest import abort
from flask_smorest.spec.plugins import FlaskPlugin
from werkzeug.datastructures import MIMEAccept

from service.web.args import NUL_REASON


def init_app(app: Flask) -> None:
    app.before_request(_guard)


def _guard() -> None:
    rule = request.url_rule
    if rule is None or request.method == "OPTIONS":  # 404/405 and CORS preflights: as routed
        return
    method = "get" if request.method == "HEAD" else request.method.lower()
    operation = _operations().get((rule.rule, method))
    if operation is None:
        return
    produces = operation["produces"]
    accept = request.headers.get("Accept", "").strip()
    if produces and accept and _media_types().best_match(produces) is None:
        abort(
            406,
            message=f"This operation responds with {' or '.join(produces)}; "
            "the Accept header allows none of them.",
        )
    if request.args and not operation["query"]:
        abort(
            400,
            messages={
                "query": {
                    name: ["Unknown parameter. This operation takes no query parameters."]
                    for name in request.args
                }
            },
        )
    bad_path = {
        name: [NUL_REASON]
        for name, value in (request.view_args or {}).items()
        if isinstance(value, str) and "\x00" in value
    }
    if bad_path:
        abort(400, messages={"path": bad_path})


def _media_types() -> MIMEAccept:
    """The Accept header's media types without their parameters (``application/fhir+json;
    fhirVersion=5.0`` asks for ``application/fhir+json``); each keeps its quality."""
    return MIMEAccept(
        [(value.split(";", 1)[0].strip(), quality) for value, quality in request.accept_mimetypes]
    )


def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    """``(flask rule, method) -> {"produces": [media types of 2xx], "query": bool}``, built once
    from the spec (after every blueprint is registered)."""
    cache = current_app.extensions.get("guards")
    if cache is None:
        cache = {}
        paths = current_app.extensions["api"].spec.to_dict().get("paths", {})
        for rule in current_app.url_map.iter_rules():
            item = paths.get(FlaskPlugin.flaskpath2openapi(rule.rule))
            if not item:
                continue
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method == "parameters" or not isinstance(op, dict):
                    continue
                produces: list[str] = []
                for status, response in op.get("responses", {}).items():
                    if str(status).startswith("2"):
                        for media in response.get("content", {}):
                            if media not in produces:
                                produces.append(media)
                params = shared + op.get("parameters", [])
                cache[(rule.rule, method)] = {
                    "produces": produces,
                    "query": any(p.get("in") == "query" for p in params),
                }
        current_app.extensions["guards"] = cache
    return cache
