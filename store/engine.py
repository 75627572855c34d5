"""Engines: the psycopg 3 URL, and an engine with the service's timeouts and idle ping."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError

IDLE_PING_SECONDS = 1.0
# psycopg's prepare_threshold for "only when execute(..., prepare=True) asks": a number of runs
# of one statement that is never reached (None would refuse those that ask as well)
PREPARE_WHEN_ASKED = 2**62


def sqlalchemy_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 5,
    statement_timeout_ms: int = 15000,
    connect_timeout_s: int = 5,
    autocommit: bool = False,
    transaction_pooler: bool = False,
    prepare_only_when_asked: bool = False,
) -> Engine:
    """An engine. ``autocommit`` is for the API, which only reads: each statement is its own
    transaction, so a request costs no BEGIN/ROLLBACK round trips.

    Prepared statements: by default psycopg prepares a statement after 5 runs, and every
    execution is planned for its values (``plan_cache_mode=force_custom_plan``): a generic
    plan cannot see how many trials a search term or filter matches. With
    ``prepare_only_when_asked`` (the API's reads) only the statements that ask are prepared
    (``execute(..., prepare=True)``: the trial-by-id read, ``store.driver``); every other
    statement is sent unnamed, which PostgreSQL plans for the values it is given, and the
    prepared ones run PostgreSQL's generic plan once it is no costlier than planning each
    time (``plan_cache_mode=auto``): for a primary-key read, from its sixth run on, a third
    less of its backend's CPU.

    ``transaction_pooler``: the URL is a PgBouncer in transaction mode, where consecutive
    statements of one connection may run on different server sessions. psycopg then prepares
    no statement, not even those that ask (``prepare_threshold=None``: a statement prepared
    on one server session is unknown on the next), and the session settings are not sent in
    the ``options`` startup parameter (PgBouncer refuses settings it cannot track there): the
    database role carries them instead (docs/operations.md). Never for writes: the advisory
    locks are session-level.

    Dropped connections (the server restarted): a connection idle for more than
    IDLE_PING_SECONDS is pinged at checkout and silently replaced if dead, so a restart
    during a quiet spell costs no request. A busy pool is not pinged (``pool_pre_ping``
    would add a round trip to every request): a statement on a dropped connection fails,
    SQLAlchemy discards the whole pool at the first one, and the next checkouts reconnect.
    The API runs a read that failed so once more on a new connection, and answers 503 only
    if that fails too (service.web.reconnect; tests/faults/ measures both)."""
    engine = create_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=1800,
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        pool_reset_on_return=None if autocommit else "rollback",
        connect_args=_connect_args(
            statement_timeout_ms, connect_timeout_s, transaction_pooler, prepare_only_when_asked
        ),
    )
    _ping_when_idle(engine)
    return engine


def _connect_args(
    statement_timeout_ms: int,
    connect_timeout_s: int,
    transaction_pooler: bool,
    prepare_only_when_asked: bool,
) -> dict[str, object]:
    # UTF-8 whatever PGCLIENTENCODING says: store.driver hands stored JSON on undecoded
    common = {"connect_timeout": connect_timeout_s, "client_encoding": "UTF8"}
    if transaction_pooler:  # see make_engine; docs/operations.md sets the role's settings
        return {**common, "prepare_threshold": None}
    # JIT compiling pays off for long analytical queries, not for ours: it added tens of ms
    # to a match's reads at 500,000 trials. Plans: see make_engine.
    options = f"-c statement_timeout={statement_timeout_ms} -c jit=off"
    if prepare_only_when_asked:
        return {
            **common,
            "prepare_threshold": PREPARE_WHEN_ASKED,
            "options": f"{options} -c plan_cache_mode=auto",
        }
    return {**common, "options": f"{options} -c plan_cache_mode=force_custom_plan"}


def engine_from_env(environ: Mapping[str, str] = os.environ) -> Engine:
    """A transactional engine on DATABASE_URL, sized and timed by the DB_* variables (the
    service reads the same ones into its Settings), for command-line jobs."""
    url = environ.get("DATABASE_URL")
    if not url:
        raise ValueError("DATABASE_URL is not set")

    def number(name: str, default: int) -> int:
        raw = environ.get(name) or str(default)
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, got {raw!r}") from None

    return make_engine(
        url,
        pool_size=number("DB_POOL_SIZE", 5),
        max_overflow=number("DB_MAX_OVERFLOW", 5),
        statement_timeout_ms=number("DB_STATEMENT_TIMEOUT_MS", 15000),
        connect_timeout_s=number("DB_CONNECT_TIMEOUT", 5),
    )


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # the pool discards this connection and checks out a fresh one (or fails: 503)
            raise DisconnectionError("idle connection is dead") from exc
