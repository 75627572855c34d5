"""The schema: wait until the database answers, then ``alembic upgrade head`` under a lock."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from store.indexes import (
    add_foreign_keys,
    build_indexes,
    missing_foreign_keys,
    missing_indexes,
    paused_autovacuum,
    resume_autovacuum,
)
from store.locks import MIGRATE_LOCK_KEY, SEED_LOCK_KEY, advisory_lock

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]


def wait_for_database(engine: Engine, timeout_s: float = 60.0) -> None:
    """Retry with a bounded back-off until the database answers (compose starts both at once)."""
    deadline = time.monotonic() + timeout_s
    delay = 0.25
    while True:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except OperationalError as exc:
            if time.monotonic() >= deadline:
                raise SystemExit(f"database not reachable after {timeout_s:.0f}s") from exc
            log.info("database not ready; retrying in %.1fs", delay)
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def migrate(engine: Engine) -> None:
    """``alembic upgrade head``, once, however many processes ask at the same time; then one
    line says where the schema is (alembic's own lines are debug output: observability)."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["configure_logger"] = False
    script = ScriptDirectory.from_config(config)
    with advisory_lock(engine, MIGRATE_LOCK_KEY) as conn:
        before = MigrationContext.configure(conn).get_current_heads()
        conn.rollback()  # upgrade begins its own transaction, as before this read
        config.attributes["connection"] = conn
        # A migration may rebuild an index over the whole registry: no statement timeout
        # for this transaction (SET LOCAL: the pooled connection keeps its own).
        conn.execute(text("SET LOCAL statement_timeout = 0"))
        command.upgrade(config, "head")
        conn.commit()
        after = MigrationContext.configure(conn).get_current_heads()
        conn.rollback()
    applied = len(list(script.iterate_revisions(after, before or "base")))
    log.info(
        "database schema at %s (%s)",
        ", ".join(after) or "base",
        f"{applied} migration{'s' * (applied != 1)} applied" if applied else "up to date",
    )
    repair_indexes(engine)


def repair_indexes(engine: Engine) -> None:
    """Build any index or foreign key the models define that the database lacks, and resume
    any autovacuum left paused: a bulk load (which makes them at its end) whose process was
    killed. Skipped while a load holds the seed lock: that load repairs them, or is a bulk
    load making them at its end."""
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": SEED_LOCK_KEY}):
            conn.rollback()
            return
        try:
            missing, missing_fks = missing_indexes(conn), missing_foreign_keys(conn)
            if paused := paused_autovacuum(conn):
                log.warning("autovacuum paused on %s; resuming it", ", ".join(paused))
                resume_autovacuum(conn, paused)
                conn.commit()
            conn.rollback()
            if missing or missing_fks:
                log.warning("%d indexes, %d foreign keys missing; building them",
                            len(missing), len(missing_fks))  # fmt: skip
                build_indexes(engine, missing)
                add_foreign_keys(engine, missing_fks)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SEED_LOCK_KEY})
            conn.commit()
