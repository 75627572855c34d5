"""Structured logs, request ids and request metrics.

- ``LOG_FORMAT=json`` (the default when stderr is not a terminal): every log record is one JSON
  line on stderr (``timestamp``, ``level``, ``logger``, ``message``, ``request_id`` during a
  request, extra fields); ``LOG_FORMAT=text`` (the default on a terminal) is for humans.
- Libraries' chatter (alembic's per-migration lines) is kept to warnings unless
  ``LOG_LEVEL=DEBUG``; the start-up says what they did in a line of its own.
- ``X-Request-ID``: a sane one (at most 128 of ``[A-Za-z0-9._:-]``) is kept, anything else
  replaced by a new uuid4 hex; it is echoed on the response and on every log line of the request.
- One access line per request (logger ``service.access``; ``ACCESS_LOG=0`` turns it off):
  ``method``, ``path`` (never the query string: it can hold personal data), ``route`` (the URL
  rule), ``status``, ``duration_ms``, ``request_id``. No headers and no bodies are logged.

A WSGI middleware does this, so the time and status are those of the whole response (a streamed
CSV export included) and every request is counted once, errors and 404s as well.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import sys
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask, request, request_started

from service.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_ENVIRON = "trials.request_id"
ROUTE_ENVIRON = "trials.route"
UNMATCHED_ROUTE = "unmatched"  # 404s and 405s: never the raw path, to bound cardinality
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
access_log = logging.getLogger("service.access")

# LogRecord's own attributes; anything else on a record came in through ``extra=``.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (request_id := getattr(record, "request_id", None) or _request_id.get()) is not None:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """For a person at a terminal: ``14:03:07 INFO service.access [<request id>]: message``,
    with a traceback below when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        where = record.name
        if (request_id := getattr(record, "request_id", None) or _request_id.get()) is not None:
            where = f"{where} [{request_id}]"
        return f"{record.asctime} {record.levelname} {where}: {record.message}"


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else TextFormatter()


# Libraries whose INFO lines are noise for us (alembic: seven plugin lines per migration).
QUIET_LOGGERS = ("alembic",)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (pytest swaps it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(level: str, log_format: str) -> None:
    """The root logger writes to stderr in ``log_format``, the libraries in ``QUIET_LOGGERS``
    only their warnings unless ``level`` is DEBUG; safe to call more than once."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    handler = StderrHandler()
    handler.setFormatter(formatter(log_format))
    root.addHandler(handler)
    root.setLevel(level)
    quiet = logging.NOTSET if root.level <= logging.DEBUG else logging.WARNING
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(quiet)


def sane_request_id(value: str | None) -> str:
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def init_app(app: Flask, settings: Settings) -> None:
    # Imported here, not at the top: gunicorn's master imports this module for JsonFormatter,
    # and prometheus_client must not be imported before PROMETHEUS_MULTIPROC_DIR is set.
    from service.web import metrics

    configure_logging(settings.log_level, settings.log_format)
    metrics.init_app(app)
    request_started.connect(_remember_route, app)
    app.wsgi_app = RequestObserver(app.wsgi_app, app, access=settings.access_log)  # type: ignore[method-assign]


def _remember_route(_app: Flask, **_extra) -> None:
    """The URL rule, kept in the environ for the middleware (Flask drops its request first).
    ``request_started`` fires for every request, before any ``before_request`` can abort."""
    if request.url_rule is not None:
        request.environ[ROUTE_ENVIRON] = request.url_rule.rule


class RequestObserver:
    """WSGI middleware: request id, one access log line and the request metrics."""

    def __init__(self, wsgi_app: Callable, app: Flask, *, access: bool) -> None:
        from service.web import metrics

        self.wsgi_app = wsgi_app
        self.engine = app.extensions["db"].read_engine
        self.metrics = metrics
        self.access = access

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        request_id = sane_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID_ENVIRON] = request_id
        _request_id.set(request_id)
        seen: dict[str, int] = {}

        def start(status: str, headers: list, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((REQUEST_ID_HEADER, request_id))
            return start_response(status, headers, exc_info)

        def finish() -> None:
            try:
                self._record(environ, seen.get("status", 500), time.perf_counter() - started)
            finally:
                _request_id.set(None)

        try:
            body = self.wsgi_app(environ, start)
        except BaseException:
            finish()
            raise
        return ObservedBody(body, finish)

    def _record(self, environ: dict, status: int, seconds: float) -> None:
        route = environ.get(ROUTE_ENVIRON, UNMATCHED_ROUTE)
        method = environ.get("REQUEST_METHOD", "")
        self.metrics.observe_request(method, route, status, seconds)
        self.metrics.update_pool_gauges(self.engine)
        if self.access:
            path = environ.get("PATH_INFO", "")
            duration_ms = round(seconds * 1000, 2)
            access_log.info(
                "%s %s %s %.1fms",
                method,
                path,
                status,
                duration_ms,
                extra={
                    "method": method,
                    "path": path,
                    "route": route,
                    "status": status,
                    "duration_ms": duration_ms,
                    "request_id": environ[REQUEST_ID_ENVIRON],
                },
            )


class ObservedBody:
    """The response body, calling ``finish`` once: when it is exhausted or closed, whichever
    comes first (servers close; Werkzeug's test client may only read)."""

    def __init__(self, body: Iterable[bytes], finish: Callable[[], None]) -> None:
        self.body = body
        self.finish = finish
        self.done = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.body
        self._finish()

    def close(self) -> None:
        try:
            if (close := getattr(self.body, "close", None)) is not None:
                close()
        finally:
            self._finish()

    def _finish(self) -> None:
        if not self.done:
            self.done = True
            self.finish()
