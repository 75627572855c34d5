"""``flask --app service seed [DIR]``: migrate, then load SEED_DIR (or DIR) into the database."""

from __future__ import annotations

import click
from flask import Flask, current_app

from schemas.trial_json import render_trial_json
from seed.cli import run_load
from service.db import write_engine
from store.migrate import migrate


def register_cli(app: Flask) -> None:
    @app.cli.command("seed")
    @click.argument("seed_dir", required=False)
    def seed_command(seed_dir: str | None) -> None:
        """Migrate, then parse and load every document in SEED_DIR (or the given directory)."""
        settings = current_app.config["SETTINGS"]
        engine = write_engine(settings)  # transactional (the app's own engine autocommits)
        try:
            migrate(engine)
            code = run_load(engine, seed_dir or settings.seed_dir, render_trial_json)
        finally:
            engine.dispose()
        if code:
            raise SystemExit(code)
