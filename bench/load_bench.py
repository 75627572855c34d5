"""Seed-job throughput: load N synthetic documents (``python -m tools.synth``) into a fresh
database and print documents per second, for a first run and for an unchanged re-run.

    make bench                       # or: .venv/bin/python scripts/with_db.py -- \
                                     #     .venv/bin/python bench/load_bench.py --count 5000

Uses DATABASE_URL's server (a scratch database is created and dropped) or, through
scripts/with_db.py, an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402

from bench.scratch import create_database, drop_database  # noqa: E402
from schemas.trial_json import render_trial_json  # noqa: E402
from seed.load import load_directory  # noqa: E402
from store.engine import sqlalchemy_url  # noqa: E402
from store.migrate import migrate  # noqa: E402
from tools.synth.documents import write_documents as write_synth  # noqa: E402


def write_documents(out: Path, count: int) -> None:
    write_synth(out, count, seed=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    server = sqlalchemy_url(os.environ["DATABASE_URL"])
    name = f"trials_bench_{uuid.uuid4().hex[:8]}"
    url, _ = create_database(server, name, reuse=False)
    engine = create_engine(url)
    try:
        migrate(engine)
        with tempfile.TemporaryDirectory() as tmp:
            write_documents(Path(tmp), args.count)
            first = load_directory(
                engine, tmp, render=render_trial_json, batch_size=args.batch_size
            )
            print(f"load first run : {first.summary()}")
            again = load_directory(
                engine, tmp, render=render_trial_json, batch_size=args.batch_size
            )
            print(f"load second run: {again.summary()}")
    finally:
        engine.dispose()
        drop_database(server, name)


if __name__ == "__main__":
    main()
