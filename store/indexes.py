"""The indexes and foreign keys the models define, as the schema holds them: dropped for a
bulk load into an empty database (``seed.load.bulk``) and built back after it, and built back
by the next job or boot when a bulk load did not end (a killed process): an index or a foreign
key is never left missing.

The models declare every index and foreign key the migrations create
(``tests/integration/test_migrations`` compares them), so ``Base.metadata`` is the list to
check against; the check is one query on ``pg_indexes`` and one on ``pg_constraint``. A
foreign key is told by its table, columns and referred table, and named as PostgreSQL names
the migrations' unnamed ones (``arms_trial_id_fkey``).
"""

from __future__ import annotations

import concurrent.futures
import logging
import time

from sqlalchemy import Connection, Engine, ForeignKeyConstraint, Index, text
from sqlalchemy.exc import DBAPIError

from store.models import Base

log = logging.getLogger(__name__)
_ATTEMPTS = 3  # an index build that hits PostgreSQL bug #18351 (see build_indexes)


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


def maintenance_session(conn: Connection) -> None:
    """Settings for building indexes and checking constraints over the whole registry, for
    the rest of ``conn``'s transaction: generous maintenance memory, and no statement timeout
    (the service's engines cancel a statement after DB_STATEMENT_TIMEOUT_MS, 15 s by default;
    a GIN build over 500,000 trials takes longer). The pooled connection keeps its own."""
    conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    conn.execute(text("SET LOCAL statement_timeout = 0"))


def without_timeout(autocommit: Connection, statement: str) -> None:
    """``statement`` (VACUUM, ANALYZE: no transaction block) on an AUTOCOMMIT connection with
    no statement timeout, the connection's own restored after."""
    autocommit.execute(text("SET statement_timeout = 0"))
    try:
        autocommit.execute(text(statement))
    finally:
        autocommit.execute(text("RESET statement_timeout"))


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

    def build(ix: Index, last: bool = False) -> Index | None:
        """Build ``ix``; ``ix`` back when PostgreSQL bug #18351 stopped it (unless ``last``)."""
        try:
            with engine.connect() as conn:
                maintenance_session(conn)
                conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 0"))
                ix.create(conn, checkfirst=True)
                conn.commit()
        except DBAPIError as exc:
            if last or getattr(exc.orig, "sqlstate", None) != "XX001":
                raise
            log.warning("index %s: %s; building it again after a VACUUM", ix.name, exc.orig)
            return ix
        return None

    again = [ix for ix in _side_by_side(build, todo_ix, connections) if ix is not None]
    # PostgreSQL bug #18351: a row deleted during the load whose TOAST autovacuum removed is
    # still "recently dead" to a build, whose snapshot counts other databases' transactions,
    # and the build cannot read it. A VACUUM of the table, with no build running in this
    # database to hold its horizon back, removes the row itself; then the build goes through.
    for attempt in range(1, _ATTEMPTS + 1):
        tables = sorted({ix.table.name for ix in again})
        with engine.connect() as conn:
            autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in tables:
                without_timeout(autocommit, f'VACUUM "{table}"')
        again = [ix for ix in again if build(ix, last=attempt == _ATTEMPTS) is not None]
        if not again:
            break
    seconds = time.perf_counter() - started
    log.info("indexes: %d built in %.1fs", len(todo_ix), seconds)
    return seconds


def defined_foreign_keys() -> list[ForeignKeyConstraint]:
    found = [fk for table in Base.metadata.sorted_tables for fk in table.foreign_key_constraints]
    return sorted(found, key=_fk_key)


def _fk_key(fk: ForeignKeyConstraint) -> tuple[str, tuple[str, ...], str]:
    return fk.table.name, tuple(c.name for c in fk.columns), fk.referred_table.name


def fk_name(fk: ForeignKeyConstraint) -> str:
    return fk.name or f"{fk.table.name}_{'_'.join(c.name for c in fk.columns)}_fkey"


def _present_foreign_keys(conn: Connection) -> dict[tuple, tuple[str, bool]]:
    """(table, columns, referred table) -> (name, whether its rows are checked), of the
    foreign keys the database holds."""
    rows = conn.execute(
        text(
            "SELECT t.relname, r.relname, c.conname, c.convalidated, "
            "ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) "
            "      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n "
            "      ORDER BY k.i) "
            "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "JOIN pg_class r ON r.oid = c.confrelid "
            "WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace"
        )
    )
    return {
        (table, tuple(cols), referred): (name, checked)
        for table, referred, name, checked, cols in rows
    }


def missing_foreign_keys(conn: Connection) -> list[ForeignKeyConstraint]:
    """The foreign keys the models define that the database lacks, or holds unchecked (added
    ``NOT VALID`` by ``add_foreign_keys`` in a process killed before it checked the rows)."""
    return _unchecked(_present_foreign_keys(conn), defined_foreign_keys())


def _unchecked(present: dict[tuple, tuple[str, bool]], fks: list[ForeignKeyConstraint]) -> list:
    """Those of ``fks`` that ``present`` (``_present_foreign_keys``) lacks or holds unchecked."""
    return [fk for fk in fks if not present.get(_fk_key(fk), ("", False))[1]]


def drop_foreign_keys(conn: Connection, fks: list[ForeignKeyConstraint]) -> None:
    present = _present_foreign_keys(conn)
    for fk in fks:
        if (found := present.get(_fk_key(fk))) is not None:
            conn.execute(text(f'ALTER TABLE "{fk.table.name}" DROP CONSTRAINT "{found[0]}"'))


def add_foreign_keys(
    engine: Engine, fks: list[ForeignKeyConstraint], *, connections: int = 2
) -> None:
    """Add ``fks`` (those the database still lacks, or holds unchecked), then check each
    against the rows in one pass, several tables at once.

    Each is added ``NOT VALID`` first, all in one short transaction: adding one locks the
    table it refers to against adding the next, so they cannot be added side by side with
    their check. ``VALIDATE CONSTRAINT`` then checks the rows under a lock that lets another
    table's check run beside it; the foreign keys of one table are checked one after the
    other, on one connection."""
    with engine.connect() as conn:
        present = _present_foreign_keys(conn)
        todo = _unchecked(present, fks)
        maintenance_session(conn)
        for fk in todo:
            if _fk_key(fk) in present:
                continue
            cols = ", ".join(f'"{c.name}"' for c in fk.columns)
            refs = ", ".join(f'"{e.column.name}"' for e in fk.elements)
            on_delete = f" ON DELETE {fk.ondelete}" if fk.ondelete else ""
            conn.execute(
                text(
                    f'ALTER TABLE "{fk.table.name}" ADD CONSTRAINT "{fk_name(fk)}" '
                    f'FOREIGN KEY ({cols}) REFERENCES "{fk.referred_table.name}" ({refs})'
                    f"{on_delete} NOT VALID"
                )
            )
        conn.commit()
        names = {key: name for key, (name, _) in _present_foreign_keys(conn).items()}
    by_table: dict[str, list[str]] = {}
    for fk in todo:
        by_table.setdefault(fk.table.name, []).append(names[_fk_key(fk)])

    def validate(table: str) -> None:
        with engine.connect() as conn:
            for name in by_table[table]:
                maintenance_session(conn)
                conn.execute(text(f'ALTER TABLE "{table}" VALIDATE CONSTRAINT "{name}"'))
                conn.commit()

    _side_by_side(validate, sorted(by_table), connections)


def analyze_tables(engine: Engine, *, connections: int = 2) -> float:
    """ANALYZE every table the models define, several at once (largest first, so the pool
    ends evenly), with no statement timeout: the seconds it took."""
    started = time.perf_counter()
    with engine.connect() as conn:
        sizes = dict(
            conn.execute(
                text(
                    "SELECT relname, pg_total_relation_size(oid) FROM pg_class "
                    "WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
                )
            ).all()
        )
    tables = sorted(
        (t.name for t in Base.metadata.sorted_tables if t.name in sizes),
        key=lambda name: (-sizes[name], name),
    )

    def analyze(table: str) -> None:
        with engine.connect() as conn:
            without_timeout(conn.execution_options(isolation_level="AUTOCOMMIT"),
                            f'ANALYZE "{table}"')  # fmt: skip

    _side_by_side(analyze, tables, connections)
    return time.perf_counter() - started


def _side_by_side(task, items: list, connections: int) -> list:
    """``task(item)`` for each item, on up to ``connections`` threads: the results in order;
    the first error raised once all have ended."""
    if not items:
        return []
    with concurrent.futures.ThreadPoolExecutor(max(1, min(connections, len(items)))) as pool:
        return [done.result() for done in [pool.submit(task, item) for item in items]]


# --------------------------------------------------------------------------- autovacuum

_PAUSED = "autovacuum_enabled=false"


def pause_autovacuum(conn: Connection, tables: list[str]) -> None:
    """No autovacuum on ``tables`` (nor their TOAST) until ``resume_autovacuum``: during a bulk
    load into an empty database it would vacuum and analyse each table again and again as it
    grows (some thirty runs a table at 500,000 studies), work the load's own ANALYZE at its
    end makes moot."""
    for table in tables:
        conn.execute(
            text(
                f'ALTER TABLE "{table}" SET (autovacuum_enabled = false, '
                "toast.autovacuum_enabled = false)"
            )
        )


def paused_autovacuum(conn: Connection) -> list[str]:
    """The tables whose autovacuum is paused: by a bulk load that has not ended, or whose
    process was killed (``resume_autovacuum`` repairs it)."""
    return list(
        conn.scalars(
            text(
                "SELECT relname FROM pg_class WHERE relkind = 'r' "
                "AND relnamespace = current_schema()::regnamespace "
                "AND :paused = ANY(reloptions) ORDER BY relname"
            ),
            {"paused": _PAUSED},
        )
    )


def resume_autovacuum(conn: Connection, tables: list[str]) -> None:
    """Autovacuum back on ``tables``, as the server's settings have it."""
    for table in tables:
        conn.execute(
            text(f'ALTER TABLE "{table}" RESET (autovacuum_enabled, toast.autovacuum_enabled)')
        )
