"""A read straight through the driver (psycopg) on a SQLAlchemy connection, for the hottest
query of the API, with SQLAlchemy's own error handling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from sqlalchemy import Connection

_CURSOR = "store.driver.cursor"  # key of the reused cursor in a DBAPI connection's info


def fetch_row(conn: Connection, sql: str, params: Sequence[Any]) -> tuple | None:
    """The first row of ``sql`` (psycopg's ``%s`` placeholders), run by psycopg on ``conn``'s
    own DBAPI connection, with a cursor kept for that connection. For a primary-key read,
    SQLAlchemy's execution context and result object cost more CPU than psycopg and the query
    together (about 80 µs a request); a new cursor each time, another 10 µs.

    A driver error comes out as ``conn.exec_driver_sql`` raises it: the same SQLAlchemy
    exception, and a lost connection invalidates it and the pool (``connection_invalidated``
    set), so callers and error handlers see no difference."""
    try:
        return _cursor(conn).execute(sql, params).fetchone()
    except conn.dialect.loaded_dbapi.Error as exc:
        _raise_as_sqlalchemy(conn, exc, sql, params)


def _cursor(conn: Connection):
    """The cursor kept in the DBAPI connection's ``info`` (SQLAlchemy empties that when it
    replaces the connection), made again if its connection is not this one or it is closed."""
    driver = conn.connection.driver_connection
    cursor = conn.info.get(_CURSOR)
    if cursor is None or cursor.closed or cursor.connection is not driver:
        cursor = conn.info[_CURSOR] = driver.cursor()
    return cursor


def _raise_as_sqlalchemy(conn: Connection, exc: Exception, sql: str, params: Any) -> NoReturn:
    # What Connection.execute does with a driver error (it has no public name): wrap it in
    # SQLAlchemy's exception class for it, run handle_error events, invalidate on disconnect.
    conn._handle_dbapi_exception(exc, sql, params, None, None)
    raise AssertionError("unreachable")  # pragma: no cover - the call above always raises
