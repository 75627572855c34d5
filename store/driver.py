"""A read straight through the driver (psycopg) on a SQLAlchemy connection, for the hottest
query of the API, with SQLAlchemy's own error handling."""

from __future__ import annotations

from typing import Any, NoReturn

from sqlalchemy import Connection


def fetch_row(conn: Connection, sql: str, params: dict[str, Any]) -> tuple | None:
    """The first row of ``sql`` (psycopg's ``%(name)s`` placeholders), run by psycopg on
    ``conn``'s own DBAPI connection. For a primary-key read, SQLAlchemy's execution context and
    result object cost more CPU than psycopg and the query together (about 80 µs a request).

    A driver error comes out as ``conn.exec_driver_sql`` raises it: the same SQLAlchemy
    exception, and a lost connection invalidates it and the pool (``connection_invalidated``
    set), so callers and error handlers see no difference."""
    try:
        return conn.connection.driver_connection.execute(sql, params).fetchone()
    except conn.dialect.loaded_dbapi.Error as exc:
        _raise_as_sqlalchemy(conn, exc, sql, params)


def _raise_as_sqlalchemy(conn: Connection, exc: Exception, sql: str, params: Any) -> NoReturn:
    # What Connection.execute does with a driver error (it has no public name): wrap it in
    # SQLAlchemy's exception class for it, run handle_error events, invalidate on disconnect.
    conn._handle_dbapi_exception(exc, sql, params, None, None)
    raise AssertionError("unreachable")  # pragma: no cover - the call above always raises
