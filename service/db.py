"""Engine and sessions: one engine per app, one Session per app context, closed at teardown."""

from __future__ import annotations

import time

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from service.settings import Settings, sqlalchemy_url

IDLE_PING_SECONDS = 1.0


def make_engine(settings: Settings, *, autocommit: bool = False, url: str | None = None) -> Engine:
    """The engine. ``autocommit`` is for the API, which only reads: each statement is its own
    transaction, so a request costs no BEGIN/ROLLBACK round trips.

    Dropped connections (the server restarted): a connection idle for more than
    IDLE_PING_SECONDS is pinged at checkout and silently replaced if dead, so a restart
    during a quiet spell costs no request. A busy pool is not pinged (``pool_pre_ping``
    would add a round trip to every request): if the server goes away under load, the
    requests it breaks get a 503, SQLAlchemy discards the whole pool at the first one, and
    the next requests reconnect (tests/faults/test_db_outage.py measures both)."""
    engine = create_engine(
        sqlalchemy_url(url or settings.database_url),
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_recycle=1800,
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        pool_reset_on_return=None if autocommit else "rollback",
        connect_args={
            "connect_timeout": settings.connect_timeout_s,
            # psycopg prepares a statement after 5 runs; a generic plan cannot see how many
            # trials a search term or filter matches, so plan every execution for its values.
            # JIT compiling pays off for long analytical queries, not for ours: it added
            # tens of ms to a match's reads at 500,000 trials.
            "options": f"-c statement_timeout={settings.statement_timeout_ms}"
            " -c plan_cache_mode=force_custom_plan -c jit=off",
        },
    )
    _ping_when_idle(engine)
    return engine


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


def init_app(app: Flask, settings: Settings) -> None:
    # reads go to DATABASE_READ_URL (a streaming replica) when set; writes (migrations, the
    # seed job, the admin API) always go to DATABASE_URL, the primary
    engine = make_engine(settings, autocommit=True, url=settings.read_url)
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["sessionmaker"]()
    return g.db_session


def get_write_engine() -> Engine:
    """The transactional engine for the admin API's writes, made on first use (most
    processes never write): the API's own engine autocommits and only reads."""
    engine = current_app.extensions.get("write_engine")
    if engine is None:
        engine = current_app.extensions["write_engine"] = make_engine(
            current_app.config["SETTINGS"]
        )
    return engine


def get_connection() -> Connection:
    """A plain (Core) connection for the hottest read paths: no ORM session to set up."""
    if "db_connection" not in g:
        shared = current_app.extensions.get("shared_connection")  # tests: their transaction
        g.db_connection = shared or current_app.extensions["engine"].connect()
    return g.db_connection


def export_session() -> Session:
    """A session of its own, in a REPEATABLE READ transaction, for a long streamed export:
    one consistent snapshot, and a server-side cursor (which needs a transaction). The caller
    closes it when the stream ends."""
    shared = current_app.extensions.get("shared_connection")
    if shared is not None:  # tests: their transaction
        return current_app.extensions["sessionmaker"]()
    connection = current_app.extensions["engine"].connect()
    connection = connection.execution_options(isolation_level="REPEATABLE READ")
    return Session(bind=connection, close_resets_only=False)


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    connection = g.pop("db_connection", None)
    if connection is not None and connection is not current_app.extensions.get("shared_connection"):
        connection.close()
