"""PostgreSQL advisory locks: the one helper every job that must not interleave takes.

The seed job, the admin API's writes, the registry sync and ``alembic upgrade head`` each run
under a session-level advisory lock, so any number of processes (gunicorn workers, replicas, a
CLI) can start them at once: the first does the work, the others wait and then find nothing
left to do. Inside one seed job, its worker processes lock the NCT ids a transaction decides on
(``lock_keys``), so two sources of one study stored side by side are decided one after the
other.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, Engine, text

SEED_LOCK_KEY = 0x7472_6961_6C73  # "trials": the seed job and the admin API's writes
MIGRATE_LOCK_KEY = 0x6D69_6772_6174  # "migrat": alembic upgrade head
SYNC_LOCK_KEY = 0x7379_6E63_6572  # "syncer": the registry sync (one at a time)
TRIAL_LOCK_SPACE = 0x7472_6961  # "tria": lock_keys on NCT ids (a space of its own: two keys)


@contextlib.contextmanager
def advisory_lock(engine: Engine, key: int, *, patient: bool = True) -> Iterator[Connection]:
    """Hold ``pg_advisory_lock(key)`` for the block, on a connection of its own (yielded: a
    migration runs on it). The lock is taken and released outside any open transaction.

    ``patient`` (a job: a seed, a migration, a sync): wait for the holder however long it
    takes, beyond the connection's statement timeout: a replica booting while another seeds
    the registry waits for it, then finds nothing left to do. A request passes ``False``: it
    gives up after the statement timeout (``QueryCanceled``) rather than hang."""
    with engine.connect() as conn:
        if patient:
            conn.execute(text("SET LOCAL statement_timeout = 0"))  # until the commit below
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        conn.commit()
        try:
            yield conn
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()


def lock_keys(conn: Connection, space: int, keys: Iterable[str]) -> None:
    """Transaction-level advisory locks on ``keys`` (strings hashed to 32 bits) in ``space``,
    held until the transaction ends. They are taken in the order of their lock ids, so two
    transactions locking overlapping sets wait for each other rather than deadlock."""
    ids = sorted({zlib.crc32(key.encode()) - (1 << 31) for key in keys})
    if ids:
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:space, k) FROM unnest(CAST(:ids AS integer[])) k"),
            {"space": space, "ids": ids},
        )
