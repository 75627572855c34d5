"""Start-up: wait for the database, migrate, seed, then hand over to gunicorn.

``python -m service.runtime.boot [gunicorn args]`` is the container entrypoint and what ``make run``
runs. Every step is safe when several processes start at once against one database: an
advisory lock serialises migrations, another the seed job.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from schemas.trial_json import render_trial_json
from seed.load.console import run_load
from service.db import write_engine
from service.settings import Settings
from service.web.observability import configure_logging
from store.migrate import migrate, wait_for_database

log = logging.getLogger("service.runtime.boot")
ROOT = Path(__file__).resolve().parents[2]


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
    os.environ["LOG_FORMAT"] = settings.log_format  # gunicorn's workers: the same choice
    prepare_metrics_dir()
    engine = write_engine(settings)
    wait_for_database(engine, float(os.environ.get("DB_WAIT_SECONDS", "60")))
    migrate(engine)
    if os.environ.get("SEED_ON_START", "1") != "0":
        run_load(engine, settings.seed_dir, render_trial_json)
    engine.dispose()
    config = str(ROOT / "service" / "runtime" / "gunicorn_conf.py")
    args = [sys.executable, "-m", "gunicorn", "--config", config, *argv, "service:create_app()"]
    os.execv(sys.executable, args)


if __name__ == "__main__":
    main(sys.argv[1:])
