"""``flask --app service seed``: load SEED_DIR into the database."""

from __future__ import annotations

import click
from flask import Flask, current_app


def register_cli(app: Flask) -> None:
    @app.cli.command("seed")
    @click.argument("seed_dir", required=False)
    def seed_command(seed_dir: str | None) -> None:
        """Parse and load every document in SEED_DIR (or the given directory)."""
        from seed.__main__ import run_load

        settings = current_app.config["SETTINGS"]
        raise SystemExit(run_load(current_app.extensions["engine"], seed_dir or settings.seed_dir))
