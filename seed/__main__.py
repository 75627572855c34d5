"""Command line: ``python -m seed parse FILE…`` prints records as JSON;
``python -m seed load DIR`` loads a directory into DATABASE_URL."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def run_parse(files: list[str]) -> int:
    from domain.records import ParseError, to_dict
    from seed.parse import parse_document

    status = 0
    records = []
    for name in files:
        path = Path(name)
        try:
            records.append(to_dict(parse_document(path.name, path.read_bytes())))
        except ParseError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
        except OSError as exc:
            print(f"error: {name}: {exc.strerror}", file=sys.stderr)
            status = 1
    out = records[0] if len(files) == 1 and records else records
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return status


def run_load(engine, seed_dir: str, render) -> int:
    """Load ``seed_dir`` with a progress bar on a terminal, then report; ``render`` makes each
    trial's served JSON (see ``seed.load.Render``)."""
    from seed.load import load_directory

    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="seed", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    try:
        report = load_directory(engine, seed_dir, render=render, progress=progress)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    for name, reason in report.failed:
        print(f"failed: {name}: {reason}", file=sys.stderr)
    print(f"seed: {report.summary()}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse documents and print them as JSON")
    p.add_argument("files", nargs="+")
    lp = sub.add_parser("load", help="migrate DATABASE_URL, then load a directory of documents")
    lp.add_argument("directory")
    args = parser.parse_args(argv)
    if args.command == "parse":
        return run_parse(args.files)
    from schemas.trial_json import render_trial_json
    from store.engine import engine_from_env
    from store.migrate import migrate

    engine = engine_from_env()
    migrate(engine)
    return run_load(engine, args.directory, render_trial_json)


if __name__ == "__main__":
    sys.exit(main())
