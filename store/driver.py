"""Reads straight through the driver (psycopg) on a connection of a SQLAlchemy engine's pool,
for the hottest query of the API, with SQLAlchemy's own error handling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from psycopg.adapt import Loader
from sqlalchemy import Connection, Engine
from sqlalchemy.pool import PoolProxiedConnection

_CURSOR = "store.driver.cursor"  # keys of the reused cursors in a DBAPI connection's info
_BYTES_CURSOR = "store.driver.bytes_cursor"


class _TextAsBytes(Loader):
    """A ``text`` value as the bytes the server sent: UTF-8, the client encoding
    ``store.engine.make_engine`` asks for."""

    def load(self, data) -> bytes:
        return bytes(data)


class DriverConnection:
    """A DBAPI (psycopg) connection of ``engine``'s pool, checked out when this is made and
    given back by ``close`` (or the ``with`` block), for reads of a row or two.

    No SQLAlchemy ``Connection`` is made around it, and no execution context or result
    object: for a primary-key read those cost more CPU than psycopg and the query together
    (``bench/request_cost.py``: 76,000 instructions of a lookup's 1.47 M). ``borrow`` reads
    on a ``Connection`` someone else holds (the tests' rolled-back one) and leaves it open.

    Errors come out as SQLAlchemy raises them: a failed checkout or a driver error is the
    same SQLAlchemy exception, and a lost connection is invalidated with its pool
    (``connection_invalidated`` set), so callers and the 503 handler see no difference."""

    __slots__ = ("_borrowed", "engine", "pooled")

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._borrowed: Connection | None = None
        try:
            self.pooled: PoolProxiedConnection = engine.raw_connection()
        except engine.dialect.loaded_dbapi.Error as exc:
            # what Connection() does with a failed checkout (it has no public name)
            Connection._handle_dbapi_exception_noconnection(exc, engine.dialect, engine)

    @classmethod
    def borrow(cls, connection: Connection) -> DriverConnection:
        """Reads on ``connection``'s own DBAPI connection, inside whatever transaction it is
        in; ``close`` leaves it to its holder."""
        self = cls.__new__(cls)
        self.engine = connection.engine
        self._borrowed = connection
        self.pooled = connection.connection
        return self

    def close(self) -> None:
        if self._borrowed is None:
            self.pooled.close()

    def __enter__(self) -> DriverConnection:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def fetch_row(
        self,
        sql: str,
        params: Sequence[Any],
        *,
        text_as_bytes: bool = False,
        prepare: bool = False,
    ) -> tuple | None:
        """The first row of ``sql`` (psycopg's ``%s`` placeholders), with a cursor kept for
        this DBAPI connection (a new cursor each time costs another 10 µs).

        ``text_as_bytes``: ``text`` columns come back as their UTF-8 bytes, not decoded, for
        a stored document that goes out as it is: decoding 15 KB of JSON with a few
        non-ASCII characters to ``str``, and encoding it back for the response, cost more
        instructions than the rest of the request's database work.

        ``prepare``: a server-side prepared statement, where the engine allows it (not
        through a transaction-mode pooler, ``store.engine.make_engine``)."""
        try:
            cursor = self._cursor(text_as_bytes)
            return cursor.execute(sql, params, prepare=prepare or None).fetchone()
        except self.engine.dialect.loaded_dbapi.Error as exc:
            self._raise_as_sqlalchemy(exc, sql, params)

    def _cursor(self, text_as_bytes: bool):
        """The cursor kept in the DBAPI connection's ``info`` (SQLAlchemy empties that when it
        replaces the connection), made again if its connection is not this one or it is
        closed."""
        driver = self.pooled.driver_connection
        key = _BYTES_CURSOR if text_as_bytes else _CURSOR
        info = self.pooled.info
        cursor = info.get(key)
        if cursor is None or cursor.closed or cursor.connection is not driver:
            cursor = info[key] = driver.cursor()
            if text_as_bytes:
                cursor.adapters.register_loader("text", _TextAsBytes)
        return cursor

    def _raise_as_sqlalchemy(self, exc: Exception, sql: str, params: Any) -> NoReturn:
        # What Connection.execute does with a driver error (it has no public name): wrap it in
        # SQLAlchemy's exception class for it, run handle_error events, invalidate on
        # disconnect. A Connection around our DBAPI connection does it, as engine.connect()
        # would have made one; the borrowed one, in its own transaction, does it itself.
        connection = self._borrowed or Connection(self.engine, connection=self.pooled)
        connection._handle_dbapi_exception(exc, sql, params, None, None)
        raise AssertionError("unreachable")  # pragma: no cover - the call above always raises
