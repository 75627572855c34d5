"""HTTP the way clients expect it: ETag and 304s, Cache-Control, Last-Modified, gzip, CSV."""

from __future__ import annotations

import csv
import io
import logging
import time
from collections.abc import Iterable, Iterator

from flask import Flask, Response, current_app, request, stream_with_context
from flask_compress import Compress
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import http_date

from service.db import get_connection
from store import models as m

log = logging.getLogger(__name__)

NO_STORE_PATHS = ("/healthz", "/readyz", "/metrics")
DATA_MAX_AGE = 60
_LAST_MODIFIED_TTL = 5.0


def init_app(app: Flask) -> None:
    app.config.update(
        COMPRESS_MIMETYPES=[
            "application/json",
            "application/problem+json",
            "application/fhir+json",
            "text/csv",
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
        ],
        COMPRESS_ALGORITHM=["gzip"],
        COMPRESS_MIN_SIZE=500,
        COMPRESS_STREAMS=False,  # a CSV export streams; compressing it would buffer it whole
    )
    Compress(app)
    app.after_request(_caching)  # registered after Compress, so it runs before compression
    app.extensions["last_modified"] = (0.0, None, None)  # checked at, the time, as a header


def _caching(response: Response) -> Response:
    """Cache-Control on every GET; on a 200 of the data, Last-Modified and an ETag too, and a
    304 (or 412) for a conditional request. Every response passes here, a lookup by NCT id
    most often: the request is looked up once, and whether the request is conditional is
    read from the WSGI environ (a header that is not there is a KeyError caught inside
    ``request.headers``, twice a request, ~30,000 instructions; bench/request_cost.py)."""
    req = request._get_current_object()
    if req.method not in ("GET", "HEAD"):
        return response
    status = response.status_code
    if status >= 400 or req.path.startswith(NO_STORE_PATHS):
        response.headers["Cache-Control"] = "no-store"
        return response
    if status != 200 or response.is_streamed:
        return response
    headers = response.headers
    headers["Cache-Control"] = f"public, max-age={DATA_MAX_AGE}"
    if req.path.startswith("/v1/") and (modified := _last_modified()[1]) is not None:
        headers["Last-Modified"] = modified
    if "ETag" not in headers:
        response.add_etag(weak=True)
    if "HTTP_IF_NONE_MATCH" in req.environ or "HTTP_IF_MODIFIED_SINCE" in req.environ:
        return response.make_conditional(req)
    return response


def _last_modified() -> tuple:
    """(when the data last changed: the latest finished seed run, that as a ``Last-Modified``
    value): read and formatted once every few seconds, replaced whole (threads share it)."""
    checked_at, *value = current_app.extensions["last_modified"]
    now = time.monotonic()
    if now - checked_at > _LAST_MODIFIED_TTL:
        try:
            # the request's own plain connection, if it has one: a second connection held by
            # a request could be one more than the pool keeps (see service.settings)
            modified = get_connection().scalar(select(func.max(m.SeedRun.finished_at)))
        except SQLAlchemyError:
            log.warning("could not read the data's last-modified time")
            return None, None
        value = [modified, http_date(modified) if modified is not None else None]
        current_app.extensions["last_modified"] = (now, *value)
    return tuple(value)


def csv_response(rows: Iterable[dict], columns: list[str], filename: str) -> Response:
    """Stream ``rows`` as CSV (lists joined with "; "), a chunk at a time."""

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for n, row in enumerate(rows, start=1):
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
            if n % 200 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache"
    return response


def json_response(body: str | bytes, etag: str | None = None) -> Response:
    """Pre-serialised JSON (``bytes``: UTF-8) with its precomputed (weak) ETag (without one,
    ``_caching`` derives it from the body)."""
    response = Response(body, mimetype="application/json")
    if etag is not None:
        response.set_etag(etag, weak=True)
    return response
