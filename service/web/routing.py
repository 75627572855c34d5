"""URLs that are nearly right: a trailing slash redirects (308: method and body kept) to the
canonical URL, and a URL no route matches is a 404 problem+json that points to ``/docs``
(its ``detail``, see ``service.web.errors``)."""

from __future__ import annotations

from flask import Flask, Response, current_app, json, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import RequestRedirect

DOCS_HINT = "The API's operations are at /docs (and /v1/openapi.json); its index is at /v1."


def init_app(app: Flask) -> None:
    app.before_request(_redirect_trailing_slash)


def _redirect_trailing_slash() -> Response | None:
    """``/v1/trials/?status=RECRUITING`` -> 308 ``/v1/trials?status=RECRUITING``, only when the
    URL without its trailing slashes is a route for this method (so never off this server)."""
    if not isinstance(request.routing_exception, NotFound):
        return None
    path = request.path.rstrip("/")
    if path == request.path or not path.startswith("/") or path.startswith("//"):
        return None
    try:
        current_app.create_url_adapter(request).match(path, method=request.method)
    except (HTTPException, RequestRedirect):  # no route there either, or another method
        return None
    location = path + (f"?{request.query_string.decode()}" if request.query_string else "")
    body = json.dumps({"location": location})
    return Response(body, 308, {"Location": location}, mimetype="application/json")


def not_found_detail() -> str | None:
    """The ``detail`` of a 404 for a URL no route matches (None for a route's own 404s)."""
    if request.url_rule is not None:
        return None
    return f"No such URL: {request.path}. {DOCS_HINT}"
