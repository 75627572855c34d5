"""Bulk mode: a large load into an empty database builds its secondary indexes after the data
is in, rather than maintaining them row by row (issue 14's full load).

Decided under the seed lock when a job starts: when ``trials`` holds no row and the job reads
at least ``BULK_MIN_STUDIES`` studies, the non-unique indexes of the tables a trial is stored
in (B-tree and GIN: full text, the filters' arrays, the words of names) are dropped, the
trials loaded as always (batches, precedence, one transaction per batch), and the indexes
built again at the end, several at once, whether the load ended well or not. Primary keys and
unique indexes stay: they are what keeps a re-run idempotent. A database that holds trials
keeps the incremental path; before it, any index the models define that the database lacks
(a bulk load whose process was killed) is built, so no index stays missing past the next job
or boot (``store.migrate``).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, Index, text

from store.indexes import build_indexes, defined_indexes, drop_indexes, missing_indexes

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


@contextlib.contextmanager
def bulk_mode(engine: Engine, studies: Callable[[], int]) -> Iterator[BulkMode]:
    """The block loads in bulk mode when the database holds no trial and ``studies()`` (an
    estimate of what the job reads, asked only then) is large; else any missing index is
    built first. The caller holds the seed lock."""
    mode = BulkMode()
    with engine.begin() as conn:
        empty = not conn.scalar(text("SELECT EXISTS (SELECT 1 FROM trials)"))
        if empty and studies() >= BULK_MIN_STUDIES:
            deferred = deferred_indexes()
            drop_indexes(conn, deferred)
            mode.on, mode.dropped = True, len(deferred)
            missing: list[Index] = []
        else:
            missing = missing_indexes(conn)
    if missing:
        log.warning("seed: %d indexes missing (%s); building them", len(missing),
                    ", ".join(ix.name for ix in missing))  # fmt: skip
        mode.index_seconds = build_indexes(engine, missing)
    if not mode.on:
        yield mode
        return
    log.info("seed: bulk mode (an empty database): %d indexes built after the load", mode.dropped)
    try:
        yield mode
    finally:
        started = time.perf_counter()
        build_indexes(engine, deferred_indexes())
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        mode.index_seconds = time.perf_counter() - started
        log.info("seed: bulk mode: indexes built and tables analysed in %.1fs",
                 mode.index_seconds)  # fmt: skip
