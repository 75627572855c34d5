"""What /readyz checks: the database answers, its schema is at head, a seed run finished."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask_smorest import abort
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from seed.load import SEED_LOCK_KEY
from service import models as m


@cache
def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    root = Path(__file__).resolve().parents[2]
    config = Config()
    config.set_main_option("script_location", str(root / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head() or ""


def readiness(session: Session) -> dict:
    try:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        session.rollback()
        abort(503, message="The database is unreachable or not migrated.")
    if revision != head_revision():
        abort(503, message=f"The database is at migration {revision}, not {head_revision()}.")
    seeding = session.execute(
        text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND ((classid::bigint << 32) | objid::bigint) = :k "
            # pg_locks covers the whole server; a seed of another database is not ours
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"k": SEED_LOCK_KEY},
    ).scalar()
    finished = session.scalar(
        select(m.SeedRun.finished_at)
        .where(m.SeedRun.finished_at.is_not(None))
        .order_by(m.SeedRun.id.desc())
        .limit(1)
    )
    if seeding or finished is None:
        abort(503, message="The seed job has not finished yet.")
    return {
        "status": "ready",
        "database": "ok",
        "migration": revision,
        "seed_finished_at": finished,
    }
