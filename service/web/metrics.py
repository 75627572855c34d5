"""Prometheus metrics, served at ``/metrics`` (not part of the OpenAPI spec).

Under gunicorn the workers are separate processes, so the metrics use prometheus_client's
multiprocess mode: ``PROMETHEUS_MULTIPROC_DIR`` (a fresh directory, set up by
``service.runtime.boot`` or ``service/runtime/gunicorn_conf.py`` before any worker imports this
module) holds one file per process, ``/metrics`` adds them up, and gunicorn's ``child_exit``
hook marks a dead worker's gauges gone. Without the variable (tests, ``flask run``) the
process's own registry is served.

Seed documents by status are counted at scrape time from ``source_documents`` (one indexed
GROUP BY under a short statement timeout): the table is the truth whichever process or replica
ran the seed job, and a gauge set by the seed job would live in ``service.runtime.boot``'s process,
which is gone (exec'd into gunicorn) before the first scrape.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from flask import Flask, Response, current_app
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import QueuePool

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
SEED_COUNT_TIMEOUT_MS = 1000
SEED_STATUSES = ("loaded", "failed")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests served, by method, route (the URL rule) and status.",
    ["method", "route", "status"],
)
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to serve an HTTP request, by method and route (the URL rule).",
    ["method", "route"],
)
POOL_CHECKED_OUT = Gauge(
    "db_pool_checked_out",
    "Database connections in use (all workers).",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "db_pool_size",
    "Configured database pool size (all workers).",
    multiprocess_mode="livesum",
)
POOL_OVERFLOW = Gauge(
    "db_pool_overflow",
    "Database connections open beyond the pool size (all workers).",
    multiprocess_mode="livesum",
)

TRIAL_CACHE_LOOKUPS = Counter(
    "trial_cache_lookups_total",
    "Lookups of a trial's served document in the worker's memory (service.trial_cache): "
    "hit, miss (read from the database), off (not listening for changes: none kept).",
    ["result"],
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "OTHER"
    REQUESTS.labels(method, route, str(status)).inc()
    DURATION.labels(method, route).observe(seconds)


def init_app(app: Flask) -> None:
    engine: Engine = app.extensions["db"].read_engine
    # Checked out and overflow are exact right after a checkout and once a request has ended
    # (its connection returned); in a checkin listener the connection still counts as out.
    event.listen(engine, "checkout", lambda *_: update_pool_gauges(engine))
    update_pool_gauges(engine)
    if (cache := app.extensions["db"].trial_cache) is not None:
        counts = {r: TRIAL_CACHE_LOOKUPS.labels(r).inc for r in ("hit", "miss", "off")}
        cache.on_lookup = lambda result: counts[result]()
    app.add_url_rule(METRICS_PATH, "metrics", _metrics, methods=["GET"])


def update_pool_gauges(engine: Engine) -> None:
    pool = engine.pool
    if isinstance(pool, QueuePool):
        _set(POOL_CHECKED_OUT, pool.checkedout())
        _set(POOL_SIZE, pool.size())
        _set(POOL_OVERFLOW, max(pool.overflow(), 0))


_written: dict[Gauge, float] = {}  # what this process last set each pool gauge to


def _set(gauge: Gauge, value: float) -> None:
    """``gauge.set(value)`` unless that is its value already: in multiprocess mode every set
    is a write to a shared file under one lock for all metrics, and these run twice a request
    (the pool size never changes, the overflow seldom does)."""
    if _written.get(gauge) != value:
        gauge.set(value)
        _written[gauge] = value


def _metrics() -> Response:
    seed = CollectorRegistry(auto_describe=True)
    seed.register(SeedDocumentsCollector(current_app.extensions["db"].read_engine))
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry) + generate_latest(seed)
    return Response(body, content_type=CONTENT_TYPE_LATEST)


class SeedDocumentsCollector(Collector):
    """``seed_documents{status}`` from the database, counted when scraped."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def describe(self) -> list:
        return []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            counts = dict.fromkeys(SEED_STATUSES, 0)
            counts.update(self._count())
        except SQLAlchemyError as exc:
            log.warning("metrics: could not count seed documents: %s", type(exc).__name__)
            return
        family = GaugeMetricFamily(
            "seed_documents", "Seed documents in the database, by status.", labels=["status"]
        )
        for status, count in sorted(counts.items()):
            family.add_metric([status], count)
        yield family

    def _count(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="READ COMMITTED")
            with conn.begin():
                conn.execute(text(f"SET LOCAL statement_timeout = {SEED_COUNT_TIMEOUT_MS}"))
                rows = conn.execute(
                    text("SELECT status, count(*) FROM source_documents GROUP BY status")
                )
                return {status: count for status, count in rows}
