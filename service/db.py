"""Engine and sessions: one engine per app, one Session per app context, closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from service.settings import Settings, sqlalchemy_url


def make_engine(settings: Settings, *, autocommit: bool = False) -> Engine:
    """The engine. ``autocommit`` is for the API, which only reads: each statement is its own
    transaction, so a request costs no BEGIN/ROLLBACK round trips. There is no pre-ping
    either (a round trip per request): a connection the server dropped fails its request
    with a 503, SQLAlchemy then discards the whole pool, and the next requests reconnect."""
    return create_engine(
        sqlalchemy_url(settings.database_url),
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_recycle=1800,
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        pool_reset_on_return=None if autocommit else "rollback",
        connect_args={
            "connect_timeout": settings.connect_timeout_s,
            # psycopg prepares a statement after 5 runs; a generic plan cannot see how many
            # trials a search term or filter matches, so plan every execution for its values.
            "options": f"-c statement_timeout={settings.statement_timeout_ms}"
            " -c plan_cache_mode=force_custom_plan",
        },
    )


def init_app(app: Flask, settings: Settings) -> None:
    engine = make_engine(settings, autocommit=True)
    app.extensions["engine"] = engine
    app.extensions["sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["sessionmaker"]()
    return g.db_session


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
