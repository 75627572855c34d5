"""``store.driver.fetch_row``: the trial-by-id read straight through psycopg, whose errors must
come out exactly as SQLAlchemy's own execution raises them (the 503 handler relies on it)."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text

from service.db import read_engine
from service.settings import Settings
from store.driver import _CURSOR, fetch_row


@pytest.fixture
def api_engine(engine, database_url):
    """The API's own kind of engine: autocommit, prepared statements, its pool."""
    eng = read_engine(Settings(database_url=database_url))
    yield eng
    eng.dispose()


def test_the_first_row_or_none(api_engine):
    with api_engine.connect() as conn:
        assert fetch_row(conn, "SELECT %s::int + 1, 'x'", (41,)) == (42, "x")
        assert fetch_row(conn, "SELECT 1 WHERE false", ()) is None


def test_text_as_bytes_is_utf8_and_leaves_the_other_cursor_decoding(api_engine):
    with api_engine.connect() as conn:
        row = fetch_row(conn, "SELECT %s::text, 7", ("é東\U0001f9ea",), text_as_bytes=True)
        assert row == ("é東\U0001f9ea".encode(), 7)
        assert fetch_row(conn, "SELECT 'é'::text", ()) == ("é",)
        assert fetch_row(conn, "SELECT 'x'::text", (), text_as_bytes=True) == (b"x",)


def test_a_sql_error_is_sqlalchemys_and_the_connection_goes_on(api_engine):
    with api_engine.connect() as conn:
        with pytest.raises(exc.ProgrammingError) as raised:
            fetch_row(conn, "SELECT * FROM no_such_table WHERE id = %s", (1,))
        assert not raised.value.connection_invalidated
        assert "no_such_table" in raised.value.statement
        assert fetch_row(conn, "SELECT 2", ()) == (2,)


def test_a_lost_connection_is_an_invalidated_operational_error_like_sqlalchemys(api_engine):
    def backend_lost(read) -> exc.OperationalError:
        with api_engine.connect() as conn:
            pid = fetch_row(conn, "SELECT pg_backend_pid()", ())[0]
            with api_engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with pytest.raises(exc.OperationalError) as raised:
                read(conn)
            assert conn.invalidated
            return raised.value

    ours = backend_lost(lambda conn: fetch_row(conn, "SELECT 1", ()))
    theirs = backend_lost(lambda conn: conn.exec_driver_sql("SELECT 1"))
    assert ours.connection_invalidated and theirs.connection_invalidated
    assert type(ours.orig) is type(theirs.orig)
    with api_engine.connect() as conn:  # the pool gives a live connection again
        assert fetch_row(conn, "SELECT 3", ()) == (3,)


def test_one_cursor_per_connection_and_a_new_one_for_a_new_connection(api_engine):
    with api_engine.connect() as conn:
        fetch_row(conn, "SELECT 1", ())
        kept = conn.info[_CURSOR]
        assert fetch_row(conn, "SELECT 2", ()) == (2,) and conn.info[_CURSOR] is kept
        conn.invalidate()  # SQLAlchemy replaces the DBAPI connection on the next use
        assert fetch_row(conn, "SELECT 3", ()) == (3,)
        assert conn.info[_CURSOR] is not kept and kept.connection.closed
