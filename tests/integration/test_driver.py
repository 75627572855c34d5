"""``store.driver.DriverConnection``: the trial-by-id read straight through psycopg on a DBAPI
connection of the pool, whose errors must come out exactly as SQLAlchemy's own execution
raises them (the 503 handler relies on it), and which gives its connection back."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text

from service.db import read_engine
from service.settings import Settings
from store.driver import _CURSOR, DriverConnection


@pytest.fixture
def api_engine(engine, database_url):
    """The API's own kind of engine: autocommit, its prepared statements, its pool."""
    eng = read_engine(Settings(database_url=database_url))
    yield eng
    eng.dispose()


def test_the_first_row_or_none(api_engine):
    with DriverConnection(api_engine) as conn:
        assert conn.fetch_row("SELECT %s::int + 1, 'x'", (41,)) == (42, "x")
        assert conn.fetch_row("SELECT 1 WHERE false", ()) is None


def test_text_as_bytes_is_utf8_and_leaves_the_other_cursor_decoding(api_engine):
    with DriverConnection(api_engine) as conn:
        row = conn.fetch_row("SELECT %s::text, 7", ("é東\U0001f9ea",), text_as_bytes=True)
        assert row == ("é東\U0001f9ea".encode(), 7)
        assert conn.fetch_row("SELECT 'é'::text", ()) == ("é",)
        assert conn.fetch_row("SELECT 'x'::text", (), text_as_bytes=True) == (b"x",)


def test_the_connection_goes_back_to_the_pool(api_engine):
    pool = api_engine.pool
    with DriverConnection(api_engine) as conn:
        pid = conn.fetch_row("SELECT pg_backend_pid()", ())[0]
        assert pool.checkedout() == 1
    assert pool.checkedout() == 0
    with DriverConnection(api_engine) as conn:  # the same server session, not a new one
        assert conn.fetch_row("SELECT pg_backend_pid()", ()) == (pid,)


def test_a_sql_error_is_sqlalchemys_and_the_connection_goes_on(api_engine):
    with DriverConnection(api_engine) as conn:
        with pytest.raises(exc.ProgrammingError) as raised:
            conn.fetch_row("SELECT * FROM no_such_table WHERE id = %s", (1,))
        assert not raised.value.connection_invalidated
        assert "no_such_table" in raised.value.statement
        assert conn.fetch_row("SELECT 2", ()) == (2,)
    assert api_engine.pool.checkedout() == 0


def test_a_lost_connection_is_an_invalidated_operational_error_like_sqlalchemys(api_engine):
    def terminate(pid: int) -> None:
        with api_engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    with DriverConnection(api_engine) as conn:
        terminate(conn.fetch_row("SELECT pg_backend_pid()", ())[0])
        with pytest.raises(exc.OperationalError) as ours:
            conn.fetch_row("SELECT 1", ())
        assert not conn.pooled.is_valid
    with api_engine.connect() as conn:
        terminate(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar())
        with pytest.raises(exc.OperationalError) as theirs:
            conn.exec_driver_sql("SELECT 1")
    assert ours.value.connection_invalidated and theirs.value.connection_invalidated
    assert type(ours.value.orig) is type(theirs.value.orig)
    assert api_engine.pool.checkedout() == 0
    with DriverConnection(api_engine) as conn:  # the pool gives a live connection again
        assert conn.fetch_row("SELECT 3", ()) == (3,)


def test_a_server_that_is_gone_is_sqlalchemys_operational_error_at_checkout(database_url):
    gone = read_engine(Settings(database_url="postgresql://nobody@127.0.0.1:1/none",
                                connect_timeout_s=1))  # fmt: skip
    try:
        with pytest.raises(exc.OperationalError):
            DriverConnection(gone)
    finally:
        gone.dispose()


def test_one_cursor_per_connection_and_a_new_one_for_a_new_connection(api_engine):
    with DriverConnection(api_engine) as conn:
        conn.fetch_row("SELECT 1", ())
        kept = conn.pooled.info[_CURSOR]
        assert conn.fetch_row("SELECT 2", ()) == (2,) and conn.pooled.info[_CURSOR] is kept
        conn.pooled.invalidate()  # the pool replaces the DBAPI connection on the next checkout
    with DriverConnection(api_engine) as conn:
        assert conn.fetch_row("SELECT 3", ()) == (3,)
        assert conn.pooled.info[_CURSOR] is not kept and kept.connection.closed


def test_a_borrowed_connection_reads_in_its_transaction_and_stays_open(engine):
    with engine.connect() as held, held.begin():
        held.execute(text("CREATE TEMPORARY TABLE borrowed (n int) ON COMMIT DROP"))
        held.execute(text("INSERT INTO borrowed VALUES (5)"))
        savepoint = held.begin_nested()
        with DriverConnection.borrow(held) as conn:
            assert conn.fetch_row("SELECT n FROM borrowed", ()) == (5,)
            with pytest.raises(exc.ProgrammingError):
                conn.fetch_row("SELECT * FROM no_such_table", ())
        savepoint.rollback()  # the error rolled back nothing of the holder's transaction
        assert held.execute(text("SELECT n FROM borrowed")).scalar() == 5
