"""Security headers, the CORS allow-list and request-body rules, for every response.

- Every response carries ``nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy: no-referrer``
  and a Content-Security-Policy: ``default-src 'none'`` for the API, and one that lets the
  Swagger UI page at ``/docs`` load its own scripts, styles and the spec (no inline scripts).
- CORS (flask-cors) only for the exact origins in ``CORS_ORIGINS``; none by default.
- Request bodies: larger than ``MAX_BODY_BYTES`` is a 413; a ``POST``/``PUT``/``PATCH`` to a JSON
  endpoint (under ``/v1/``, except ``/v1/admin/``) must send ``application/json`` (415) that
  parses (400). All of them are problem+json, through ``service.web.errors``.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request
from flask_cors import CORS
from flask_smorest import abort

from service.settings import Settings

API_CSP = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI: its bundle and init.js are files we serve (no inline script); it sets inline
# styles, draws icons as data: URIs and fetches /v1/openapi.json.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DOCS_PAGE = "/docs"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
JSON_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_PREFIX = "/v1/"
NON_JSON_PREFIXES = ("/v1/admin/",)  # document uploads take text
CORS_ALLOW_HEADERS = ["Content-Type", "If-None-Match", "If-Modified-Since", "X-Request-ID"]
CORS_EXPOSE_HEADERS = ["X-Request-ID", "ETag", "Last-Modified", "Retry-After", "Allow"]


def init_app(app: Flask, settings: Settings) -> None:
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.before_request(_check_body)
    app.after_request(_security_headers)
    if settings.cors_origins:
        CORS(
            app,
            origins=list(settings.cors_origins),
            methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=CORS_ALLOW_HEADERS,
            expose_headers=CORS_EXPOSE_HEADERS,
            always_send=False,  # no Origin, no CORS headers
            supports_credentials=False,
            max_age=600,
        )
        app.after_request(_vary_origin)


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    csp = DOCS_CSP if request.path == DOCS_PAGE else API_CSP
    response.headers.setdefault("Content-Security-Policy", csp)
    return response


def _vary_origin(response: Response) -> Response:
    """With an allow-list, whether a response carries CORS headers depends on ``Origin``:
    caches must key on it (flask-cors adds it only when several origins could match)."""
    response.vary.add("Origin")
    return response


def _check_body() -> None:
    max_bytes = request.max_content_length
    if max_bytes is not None and (request.content_length or 0) > max_bytes:
        abort(413, message=f"The request body is larger than the limit of {max_bytes} bytes.")
    if not _is_json_endpoint():
        return
    if not request.is_json:
        abort(
            415,
            message=f"{request.method} {request.path} takes an application/json body, "
            f"not {request.mimetype or 'no Content-Type'}.",
        )
    body = request.get_data(cache=True)
    if not body.strip():
        abort(400, messages={"body": ["The request body is empty; send a JSON document."]})
    try:
        json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        abort(400, messages={"body": [f"Malformed JSON: {exc}."]})


def _is_json_endpoint() -> bool:
    return (
        request.method in JSON_BODY_METHODS
        and request.url_rule is not None  # a 404 or 405 stays one
        and request.path.startswith(JSON_PREFIX)
        and not request.path.startswith(NON_JSON_PREFIXES)
    )
