"""Two connections on one snapshot (``store.snapshots``), on a real PostgreSQL: what each
reads, what the writer commits, and the statements split between them."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from store.engine import make_engine
from store.snapshots import shared_snapshot, split
from tests.support.databases import temporary_database


@pytest.fixture(scope="module")
def engine(server_url):
    with temporary_database(server_url, "trials_snapshots") as url:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE counter (n integer)"))
        yield engine
        engine.dispose()


def rows(conn) -> list[int]:
    return list(conn.execute(text("SELECT n FROM counter ORDER BY n")).scalars())


def test_both_read_the_state_of_entering_and_the_writer_commits(engine):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM counter"))
        conn.execute(text("INSERT INTO counter VALUES (1)"))
    with shared_snapshot(engine) as (writer, reader):
        with engine.begin() as other:  # committed after the snapshot: seen by neither
            other.execute(text("INSERT INTO counter VALUES (2)"))
        assert rows(reader) == [1]
        assert rows(writer) == [1]
        writer.execute(text("INSERT INTO counter VALUES (3)"))
        assert rows(writer) == [1, 3]
        assert rows(reader) == [1]  # the writer's own change, not committed: not the reader's
    with engine.connect() as conn:
        assert rows(conn) == [1, 2, 3]


def test_an_error_in_the_block_rolls_the_writer_back(engine):
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM counter"))
    with pytest.raises(RuntimeError), shared_snapshot(engine) as (writer, _):
        writer.execute(text("INSERT INTO counter VALUES (4)"))
        raise RuntimeError("after the insert")
    with engine.connect() as conn:
        assert rows(conn) == []


def test_split_runs_the_tasks_on_both_connections_and_keeps_their_order(engine):
    seen: dict[int, set] = {}
    both = threading.Barrier(2, timeout=10)

    def task(i):
        def run(conn):
            if i < 2:
                both.wait()  # the first two run at once, one on each connection
            seen.setdefault(i, set()).add(conn.scalar(text("SELECT pg_backend_pid()")))
            return i * 10

        return run

    with shared_snapshot(engine) as lanes:
        assert split(lanes, [task(i) for i in range(6)]) == [0, 10, 20, 30, 40, 50]
        pids = {conn.scalar(text("SELECT pg_backend_pid()")) for conn in lanes}
    assert len(pids) == 2 and set().union(*seen.values()) == pids
    assert seen[0] != seen[1]


def test_split_raises_the_first_error_and_starts_no_more_tasks(engine):
    started = []

    def failing(conn):
        started.append("failing")
        conn.execute(text("SELECT 1 / 0"))

    def fine(i):
        def run(conn):
            started.append(i)
            return i

        return run

    with engine.connect() as conn:
        with pytest.raises(Exception, match="division by zero"):
            split([conn], [fine(0), failing, fine(2)])
        assert started == [0, "failing"]
        conn.rollback()
        assert split([conn], [fine(5), fine(6)]) == [5, 6]
