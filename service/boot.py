"""Start-up: wait for the database, migrate, seed, then hand over to gunicorn.

``python -m service.boot [gunicorn args]`` is the container entrypoint and what ``make run``
runs. Every step is safe when several processes start at once against one database: an
advisory lock serialises migrations, another the seed job.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from service.db import make_engine
from service.observability import configure_logging
from service.settings import Settings

log = logging.getLogger("service.boot")
MIGRATE_LOCK_KEY = 0x6D69_6772_6174  # "migrat"
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
    """``alembic upgrade head``, once, however many processes ask at the same time."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["configure_logger"] = False
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATE_LOCK_KEY})
        conn.commit()
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATE_LOCK_KEY})
            conn.commit()


def prepare_metrics_dir() -> Path:
    """``PROMETHEUS_MULTIPROC_DIR`` for gunicorn's workers: a fresh temporary directory when
    unset, else the given one emptied of a previous run's files (their counts would add up)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="trials-metrics-")
    path = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    return path


def main(argv: list[str]) -> None:
    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    prepare_metrics_dir()
    engine = make_engine(settings)
    wait_for_database(engine, float(os.environ.get("DB_WAIT_SECONDS", "60")))
    migrate(engine)
    if os.environ.get("SEED_ON_START", "1") != "0":
        from seed.__main__ import run_load

        run_load(engine, settings.seed_dir)
    engine.dispose()
    config = str(ROOT / "service" / "gunicorn_conf.py")
    args = [sys.executable, "-m", "gunicorn", "--config", config, *argv, "service:create_app()"]
    os.execv(sys.executable, args)


if __name__ == "__main__":
    main(sys.argv[1:])
