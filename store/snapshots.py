"""Two connections that read one snapshot of the database, and read statements split between
them: a job whose reads are independent statements (the facets recount) uses two cores.

PostgreSQL runs each statement of a session on one core. ``shared_snapshot`` opens two
REPEATABLE READ transactions, the second importing the first's snapshot
(``pg_export_snapshot``): whichever connection runs a statement, it reads the same committed
state, and the first writes what both counted. The first's own changes are invisible to the
second, so a job starts it before writing anything the other's reads depend on.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy import Connection, Engine, text

T = TypeVar("T")

_SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+-[0-9]+")  # as pg_export_snapshot() writes it


@contextlib.contextmanager
def shared_snapshot(engine: Engine) -> Iterator[tuple[Connection, Connection]]:
    """(writer, reader): both in a transaction on one snapshot, taken on entering. The
    writer's is committed when the block ends well and rolled back otherwise; the reader
    only reads."""
    with (
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as writer,
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as reader,
        writer.begin(),
    ):
        snapshot = writer.scalar(text("SELECT pg_export_snapshot()"))
        if not _SNAPSHOT_ID.fullmatch(snapshot or ""):
            raise RuntimeError(f"unexpected snapshot id {snapshot!r}")
        with reader.begin():
            # SET TRANSACTION takes no parameter: the id is checked above
            reader.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
            yield writer, reader


def split(conns: Sequence[Connection], tasks: Sequence[Callable[[Connection], T]]) -> list[T]:
    """Each task's result, in order; the tasks taken in order by whichever of ``conns`` is
    free (one thread each; each connection runs one statement at a time). With one
    connection, they run one after the other in this thread. The first error is raised once
    every running task has ended."""
    if len(conns) == 1:
        return [task(conns[0]) for task in tasks]
    results: list = [None] * len(tasks)
    pending = iter(enumerate(tasks))
    taking = threading.Lock()
    failed = threading.Event()

    def lane(conn: Connection) -> None:
        while not failed.is_set():
            with taking:
                i, task = next(pending, (None, None))
            if task is None:
                return
            try:
                results[i] = task(conn)
            except BaseException:
                failed.set()
                raise

    with ThreadPoolExecutor(len(conns), thread_name_prefix="split") as pool:
        lanes = [pool.submit(lane, conn) for conn in conns]
    for done in lanes:
        done.result()
    return results
