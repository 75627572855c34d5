"""Database access, one story for the whole service:

- reads: the read engine (DATABASE_READ_URL, a streaming replica, else DATABASE_URL), in
  autocommit: a request costs no BEGIN/ROLLBACK. A view gets one Session (``get_session``) or
  one plain connection (``get_connection``) per app context, closed at teardown; a trial's
  stored document (by id, its parts, the FHIR read) is read on a DBAPI connection of the
  read engine's pool (``driver_connection``, store.driver), checked out around that read;
- long streamed reads (the CSV export, a match): ``export_session``, a session of its own in
  one REPEATABLE READ transaction on the read engine (one snapshot, a server-side cursor),
  closed by the caller;
- writes (migrations, the seed job, the admin API): the write engine, transactional, always on
  DATABASE_URL (the primary), made on first use: most processes never write.

``create_app(database=...)`` takes another ``Database`` (the tests give one that runs every
read inside their rolled-back transaction); nothing else here knows about tests.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from service.settings import Settings
from service.trial_cache import TrialCache
from store.driver import DriverConnection
from store.engine import make_engine


def write_engine(settings: Settings) -> Engine:
    """The transactional engine on the primary (DATABASE_URL)."""
    return _engine(settings, settings.database_url, autocommit=False)


def read_engine(settings: Settings) -> Engine:
    """The autocommit engine the API reads from (DATABASE_READ_URL, else DATABASE_URL),
    through a transaction-mode PgBouncer when DATABASE_READ_POOLER says so."""
    return _engine(
        settings,
        settings.read_url or settings.database_url,
        autocommit=True,
        transaction_pooler=settings.read_pooler == "pgbouncer",
        prepare_only_when_asked=True,
    )


def _engine(
    settings: Settings,
    url: str,
    *,
    autocommit: bool,
    transaction_pooler: bool = False,
    prepare_only_when_asked: bool = False,
) -> Engine:
    return make_engine(
        url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        statement_timeout_ms=settings.statement_timeout_ms,
        connect_timeout_s=settings.connect_timeout_s,
        autocommit=autocommit,
        transaction_pooler=transaction_pooler,
        prepare_only_when_asked=prepare_only_when_asked,
    )


class Database:
    """Where one app's reads and writes go (see the module docstring)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.read_engine = read_engine(settings)
        self._sessions = sessionmaker(bind=self.read_engine, expire_on_commit=False)
        self._write_engine: Engine | None = None
        self.trial_cache: TrialCache | None = None  # service.trial_cache
        if settings.trial_cache_on:
            self.trial_cache = TrialCache(
                self.read_engine, settings.trial_cache_mb * 1024 * 1024, settings.connect_timeout_s
            )

    def session(self) -> Session:
        return self._sessions()

    def connection(self) -> Connection:
        return self.read_engine.connect()

    def release(self, connection: Connection) -> None:
        """Give back a connection from ``connection()``."""
        connection.close()

    def driver_connection(self) -> DriverConnection:
        return DriverConnection(self.read_engine)

    def export_session(self) -> Session:
        connection = self.read_engine.connect()
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        return Session(bind=connection, close_resets_only=False)

    def write_engine(self) -> Engine:
        if self._write_engine is None:
            self._write_engine = write_engine(self.settings)
        return self._write_engine

    def dispose(self) -> None:
        if self.trial_cache is not None:
            self.trial_cache.stop()
        self.read_engine.dispose()
        if self._write_engine is not None:
            self._write_engine.dispose()


def init_app(app: Flask, database: Database) -> None:
    app.extensions["db"] = database
    app.teardown_appcontext(_close)


def database() -> Database:
    return current_app.extensions["db"]


def get_session() -> Session:
    """The app context's Session on the read engine."""
    if "db_session" not in g:
        g.db_session = database().session()
    return g.db_session


def get_connection() -> Connection:
    """The app context's plain (Core) connection on the read engine: no ORM session to set
    up, for the hottest read paths."""
    if "db_connection" not in g:
        g.db_connection = database().connection()
    return g.db_connection


def driver_connection() -> DriverConnection:
    """A DBAPI connection straight from the read engine's pool, for a read of a row or two
    through the driver (store.driver): no SQLAlchemy ``Connection``, nothing kept on ``g``;
    use it in a ``with`` block, which gives it back."""
    return database().driver_connection()


def export_session() -> Session:
    """A session of its own, in a REPEATABLE READ transaction, for a long streamed read: one
    consistent snapshot, and a server-side cursor (which needs a transaction). The caller
    closes it when the stream ends."""
    return database().export_session()


def trial_cache() -> TrialCache | None:
    """This app's kept copies of served documents (service.trial_cache), if it keeps any."""
    return database().trial_cache


def get_write_engine() -> Engine:
    """The transactional engine for the admin API's writes; the request is marked as one that
    writes (``wrote``), which is never run twice (service.web.reconnect)."""
    g.db_wrote = True
    return database().write_engine()


def wrote() -> bool:
    """Whether this request has taken the write engine."""
    return g.get("db_wrote", False)


def release() -> None:
    """Give back the app context's session and connection, if it holds any (at teardown, and
    before a view runs again on new connections)."""
    _close(None)


def _close(_exc: BaseException | None) -> None:
    if g.pop("db_wrote", False) and (cache := database().trial_cache) is not None:
        cache.changed()  # this worker's next read sees its own write, notified or not yet
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    connection = g.pop("db_connection", None)
    if connection is not None:
        database().release(connection)
