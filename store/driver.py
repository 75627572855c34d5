"""A read straight through the driver (psycopg) on a SQLAlchemy connection, for the hottest
query of the API, with SQLAlchemy's own error handling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from psycopg.adapt import Loader
from sqlalchemy import Connection

_CURSOR = "store.driver.cursor"  # keys of the reused cursors in a DBAPI connection's info
_BYTES_CURSOR = "store.driver.bytes_cursor"


class _TextAsBytes(Loader):
    """A ``text`` value as the bytes the server sent: UTF-8, the client encoding
    ``store.engine.make_engine`` asks for."""

    def load(self, data) -> bytes:
        return bytes(data)


def fetch_row(
    conn: Connection, sql: str, params: Sequence[Any], *, text_as_bytes: bool = False
) -> tuple | None:
    """The first row of ``sql`` (psycopg's ``%s`` placeholders), run by psycopg on ``conn``'s
    own DBAPI connection, with a cursor kept for that connection. For a primary-key read,
    SQLAlchemy's execution context and result object cost more CPU than psycopg and the query
    together (about 80 µs a request); a new cursor each time, another 10 µs.

    ``text_as_bytes``: ``text`` columns come back as their UTF-8 bytes, not decoded, for a
    stored document that goes out as it is: decoding 15 KB of JSON with a few non-ASCII
    characters to ``str``, and encoding it back for the response, cost more instructions
    than the rest of the request's database work.

    A driver error comes out as ``conn.exec_driver_sql`` raises it: the same SQLAlchemy
    exception, and a lost connection invalidates it and the pool (``connection_invalidated``
    set), so callers and error handlers see no difference."""
    try:
        return _cursor(conn, text_as_bytes).execute(sql, params).fetchone()
    except conn.dialect.loaded_dbapi.Error as exc:
        _raise_as_sqlalchemy(conn, exc, sql, params)


def _cursor(conn: Connection, text_as_bytes: bool):
    """The cursor kept in the DBAPI connection's ``info`` (SQLAlchemy empties that when it
    replaces the connection), made again if its connection is not this one or it is closed."""
    driver = conn.connection.driver_connection
    key = _BYTES_CURSOR if text_as_bytes else _CURSOR
    cursor = conn.info.get(key)
    if cursor is None or cursor.closed or cursor.connection is not driver:
        cursor = conn.info[key] = driver.cursor()
        if text_as_bytes:
            cursor.adapters.register_loader("text", _TextAsBytes)
    return cursor


def _raise_as_sqlalchemy(conn: Connection, exc: Exception, sql: str, params: Any) -> NoReturn:
    # What Connection.execute does with a driver error (it has no public name): wrap it in
    # SQLAlchemy's exception class for it, run handle_error events, invalidate on disconnect.
    conn._handle_dbapi_exception(exc, sql, params, None, None)
    raise AssertionError("unreachable")  # pragma: no cover - the call above always raises
