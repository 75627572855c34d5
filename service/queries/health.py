"""What /readyz checks: the database answers, its schema is at head, a seed run finished."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from domain.errors import NotReady
from store import models as m


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
        raise NotReady("The database is unreachable or not migrated.") from None
    if revision != head_revision():
        raise NotReady(f"The database is at migration {revision}, not {head_revision()}.")
    finished = session.scalar(
        select(m.SeedRun.finished_at)
        .where(m.SeedRun.finished_at.is_not(None))
        .order_by(m.SeedRun.id.desc())
        .limit(1)
    )
    # Only the first seed gates readiness: a later one (a restart with changed documents, an
    # admin re-seed) replaces each trial in a transaction of its own, so replicas keep serving
    # consistent records meanwhile instead of all leaving the load balancer at once.
    if finished is None:
        raise NotReady("The seed job has not finished yet.")
    return {
        "status": "ready",
        "database": "ok",
        "migration": revision,
        "seed_finished_at": finished,
    }
