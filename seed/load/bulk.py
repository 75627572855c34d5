"""Bulk mode: a large load into an empty database builds its secondary indexes after the data
is in, rather than maintaining them row by row (issue 14's full load).

Decided under the seed lock when a job starts: when ``trials`` holds no row and the job
reads at least ``BULK_MIN_STUDIES`` studies, the non-unique indexes of the tables a trial is
stored in (B-tree and GIN: full text, the filters' arrays, the words of names) and the
foreign keys of its child rows (checked row by row, some eighty child rows a trial) are
dropped, the trials loaded as always (batches, precedence, one transaction per batch), and
the indexes built again at the end, several at once, then the foreign keys added (each
checked in one pass, several tables at once) and the tables analysed (several at once),
whether the load ended well or not. Autovacuum is paused on those tables meanwhile (it would
vacuum and analyse each again and again as it grows), and resumed at the end. Primary keys
and unique indexes stay: they are what keeps a re-run idempotent. While the foreign keys are
away, a trial replaced within the load (two sources of one study) has its child rows deleted
by hand (``delete_children``), as their ``ON DELETE CASCADE`` would. A database that holds
trials keeps the incremental path; before it, any index or foreign key the models define
that the database lacks (a bulk load whose process was killed) is built, so none stays
missing past the next job or boot (``store.migrate``).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, ForeignKeyConstraint, Index, text

from store.indexes import (
    add_foreign_keys,
    analyze_tables,
    build_indexes,
    defined_foreign_keys,
    defined_indexes,
    drop_foreign_keys,
    drop_indexes,
    fk_name,
    missing_foreign_keys,
    missing_indexes,
    pause_autovacuum,
    paused_autovacuum,
    resume_autovacuum,
)

log = logging.getLogger("seed.load")

# Below this many studies, dropping and building some thirty indexes costs more than it saves.
BULK_MIN_STUDIES = 5000
# The tables a trial is stored in (seed.load.rows): source_documents keeps its indexes, which
# the loader reads by.
TRIAL_TABLES = frozenset(
    {
        "trials", "trial_aliases", "trial_json", "conditions", "keywords", "mesh_terms",
        "condition_codes", "sponsors", "officials", "contacts", "mesh_descriptors", "references",
        "outcomes", "eligibility", "criteria", "criterion_facts", "arms", "interventions",
        "arm_interventions", "locations", "location_contacts", "location_investigators",
    }
)  # fmt: skip


@dataclass
class BulkMode:
    on: bool = False
    dropped: int = 0
    index_seconds: float = 0.0  # building the indexes after the load (or repairing them)


def deferred_indexes() -> list[Index]:
    """The indexes a bulk load builds after the data is in."""
    return [ix for ix in defined_indexes() if not ix.unique and ix.table.name in TRIAL_TABLES]


def deferred_foreign_keys() -> list[ForeignKeyConstraint]:
    """The foreign keys a bulk load adds after the data is in: those of a trial's child rows
    (a trial's own, to its source, stays)."""
    return [
        fk
        for fk in defined_foreign_keys()
        if fk.table.name in TRIAL_TABLES and fk.referred_table.name in TRIAL_TABLES
    ]


def delete_children(conn: Connection, trial_ids: list[int]) -> None:
    """Delete the child rows of these trials, grandchildren first: what ``ON DELETE CASCADE``
    does, while a bulk load has the foreign keys away."""
    fks = deferred_foreign_keys()
    by_trial = [fk for fk in fks if fk.referred_table.name == "trials"]
    below = [fk for fk in fks if fk.referred_table.name != "trials"]
    for fk in below:  # arm_interventions, location_contacts ...: by their parent's trial
        conn.execute(
            text(
                f'DELETE FROM "{fk.table.name}" WHERE "{fk.columns[0].name}" IN '
                f'(SELECT id FROM "{fk.referred_table.name}" WHERE trial_id = ANY(:ids))'
            ),
            {"ids": trial_ids},
        )
    for fk in by_trial:
        conn.execute(
            text(f'DELETE FROM "{fk.table.name}" WHERE "{fk.columns[0].name}" = ANY(:ids)'),
            {"ids": trial_ids},
        )


@contextlib.contextmanager
def bulk_mode(engine: Engine, studies: Callable[[], int]) -> Iterator[BulkMode]:
    """The block loads in bulk mode when the database holds no trial and ``studies()`` (an
    estimate of what the job reads, asked only then) is large; else any missing index is
    built first. The caller holds the seed lock."""
    mode = BulkMode()
    with engine.begin() as conn:
        empty = not conn.scalar(text("SELECT EXISTS (SELECT 1 FROM trials)"))
        if empty and studies() >= BULK_MIN_STUDIES:
            drop_indexes(conn, deferred_indexes())
            drop_foreign_keys(conn, deferred_foreign_keys())
            pause_autovacuum(conn, sorted(TRIAL_TABLES))
            mode.on, mode.dropped = True, len(deferred_indexes())
            missing: list[Index] = []
            missing_fks: list[ForeignKeyConstraint] = []
        else:
            missing, missing_fks = missing_indexes(conn), missing_foreign_keys(conn)
            resume_autovacuum(conn, paused_autovacuum(conn))
    if missing or missing_fks:
        started = time.perf_counter()
        names = [ix.name for ix in missing] + [fk_name(fk) for fk in missing_fks]
        log.warning("seed: missing: %s; building them", ", ".join(names))
        build_indexes(engine, missing)
        add_foreign_keys(engine, missing_fks)
        mode.index_seconds = time.perf_counter() - started
    if not mode.on:
        yield mode
        return
    log.info("seed: bulk mode (an empty database): indexes and foreign keys made after the load")
    try:
        yield mode
    finally:
        started = time.perf_counter()
        build_indexes(engine, deferred_indexes())
        add_foreign_keys(engine, deferred_foreign_keys())
        analyze_tables(engine)
        with engine.begin() as conn:
            resume_autovacuum(conn, sorted(TRIAL_TABLES))
        mode.index_seconds = time.perf_counter() - started
        log.info("seed: bulk mode: indexes and foreign keys made, tables analysed in %.1fs",
                 mode.index_seconds)  # fmt: skip
