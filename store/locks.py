"""PostgreSQL advisory locks: the one helper every job that must not interleave takes.

The seed job, the admin API's writes and ``alembic upgrade head`` each run under a session-level
advisory lock, so any number of processes (gunicorn workers, replicas, a CLI) can start them at
once: the first does the work, the others wait and then find nothing left to do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection, Engine, text

SEED_LOCK_KEY = 0x7472_6961_6C73  # "trials": the seed job and the admin API's writes
MIGRATE_LOCK_KEY = 0x6D69_6772_6174  # "migrat": alembic upgrade head


@contextlib.contextmanager
def advisory_lock(engine: Engine, key: int) -> Iterator[Connection]:
    """Hold ``pg_advisory_lock(key)`` for the block, on a connection of its own (yielded: a
    migration runs on it). The lock is taken and released outside any open transaction."""
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        conn.commit()
        try:
            yield conn
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()
