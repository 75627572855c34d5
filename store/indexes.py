"""The indexes the models define, as the schema holds them: dropped for a bulk load into an
empty database (``seed.load.bulk``) and built back after it, and built back by the next job or
boot when a bulk load did not end (a killed process): an index is never left missing.

The models declare every index the migrations create (``tests/integration/test_migrations``
compares them), so ``Base.metadata`` is the list to check against; the check is one query on
``pg_indexes``.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time

from sqlalchemy import Connection, Engine, Index, text

from store.models import Base

log = logging.getLogger(__name__)


def defined_indexes() -> list[Index]:
    """Every index the models define, by name."""
    found = [ix for table in Base.metadata.sorted_tables for ix in table.indexes]
    return sorted(found, key=lambda ix: ix.name)


def missing_indexes(conn: Connection) -> list[Index]:
    """The indexes the models define that the database lacks."""
    present = set(
        conn.scalars(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))
    )
    return [ix for ix in defined_indexes() if ix.name not in present]


def drop_indexes(conn: Connection, indexes: list[Index]) -> None:
    for ix in indexes:
        conn.execute(text(f'DROP INDEX IF EXISTS "{ix.name}"'))


def build_indexes(engine: Engine, indexes: list[Index], *, connections: int = 2) -> float:
    """Build ``indexes`` (those the database still lacks), several at once on their own
    connections with generous maintenance memory: the seconds it took. GIN builds are the long
    ones; they go first so the pool ends evenly."""
    started = time.perf_counter()
    with engine.connect() as conn:
        todo = {ix.name for ix in missing_indexes(conn)}
    todo_ix = sorted(
        (ix for ix in indexes if ix.name in todo),
        key=lambda ix: (ix.dialect_options["postgresql"].get("using") != "gin", ix.name),
    )
    if not todo_ix:
        return 0.0

    def build(ix: Index) -> None:
        with engine.connect() as conn:
            conn.execute(text("SET maintenance_work_mem = '512MB'"))
            conn.execute(text("SET max_parallel_maintenance_workers = 0"))
            ix.create(conn, checkfirst=True)
            conn.commit()

    workers = max(1, min(connections, len(todo_ix)))
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(build, ix) for ix in todo_ix]:
            future.result()
    seconds = time.perf_counter() - started
    log.info("indexes: %d built in %.1fs", len(todo_ix), seconds)
    return seconds
