"""The ``python -m seed`` command line (a composition root: it passes the wire's renderer to
the loader).

``python -m seed parse FILE...`` prints records as JSON; ``python -m seed load DIR`` mirrors a
directory into DATABASE_URL (what the service's start-up does with SEED_DIR); ``python -m seed
import PATH...`` loads files, directories and bulk ZIPs (``-``: standard input) without
removing anything else; ``python -m seed sync`` fetches the studies the registry changed since
the last sync (``seed.load.sync``). All three migrate first, and show their progress: a bar on a
terminal, else a line every few seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from domain.records import ParseError, to_dict
from schemas.trial_json import render_trial_json
from seed.load import Input, Render, import_paths, inputs_for
from seed.load.console import ProgressDisplay, report_load, run_load
from seed.load.sync import sync
from seed.load.sync_runs import SyncError
from seed.parse import parse_document
from seed.registry_api import DEFAULT_BASE_URL, MAX_PAGE_SIZE
from store.engine import engine_from_env
from store.migrate import migrate


def run_import(engine, paths: list[str], render: Render, workers: int | None = None) -> int:
    """Load files, directories and ZIPs (``-``: standard input, spooled to a temporary file,
    named ``stdin``), showing progress, then report."""
    with tempfile.TemporaryDirectory(prefix="seed-import-") as spool:
        inputs: list[Input] = []
        try:
            for path in paths:
                inputs += [_stdin(Path(spool))] if path == "-" else inputs_for([path])
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return report_load(
            "import",
            lambda progress: import_paths(
                engine, inputs, render=render, workers=workers, progress=progress
            ),
        )


def _stdin(spool: Path) -> Input:
    path = spool / "stdin"
    with open(path, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
    return Input(str(path), "stdin")


def run_sync(
    engine, render: Render, *, since: dt.date | None, base_url: str, page_size: int
) -> int:
    """Sync with the registry (``seed.load.sync``), showing progress, then report: 0 when the sync
    succeeded, 1 when the registry failed it (the next run resumes it), 2 when it cannot
    start."""
    display = ProgressDisplay("sync")
    # A stopped container gets SIGTERM: the sync is recorded as stopped, the next run resumes it
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        report = sync(
            engine, render=render, base_url=base_url, since=since, page_size=page_size,
            progress=lambda done, total: display(done, max(done, total or 0)),
        )  # fmt: skip
    except SyncError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        display.close()
    for name, reason in report.failed:
        print(f"failed: {name}: {reason}", file=sys.stderr)
    for old, new in report.moved:
        print(f"moved: {old} is now {new}", file=sys.stderr)
    print(f"sync: {report.summary()}", file=sys.stderr)
    return 0 if report.status == "succeeded" else 1


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _page_size(value: str) -> int:
    size = int(value) if value.isdigit() else 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(f"a page size is 1 to {MAX_PAGE_SIZE}, not {value!r}")
    return size


def run_parse(files: list[str]) -> int:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed", description=__doc__.split("\n\n")[1])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse documents and print them as JSON")
    p.add_argument("files", nargs="+")
    lp = sub.add_parser("load", help="migrate DATABASE_URL, then mirror a directory into it")
    lp.add_argument("directory")
    ip = sub.add_parser(
        "import", help="migrate DATABASE_URL, then load files, directories, ZIPs (- for stdin)"
    )
    ip.add_argument("paths", nargs="+", metavar="PATH")
    for command in (lp, ip):
        command.add_argument(
            "--workers", type=int, default=None, help="worker processes (default: one per CPU)"
        )
    sp = sub.add_parser(
        "sync",
        help="migrate DATABASE_URL, then fetch the studies the registry changed since the last "
        "successful sync (an unfinished sync is resumed)",
    )
    sp.add_argument(
        "--since", type=_date, metavar="DATE",
        help="fetch the changes since this date (YYYY-MM-DD) instead",
    )  # fmt: skip
    sp.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, metavar="URL",
        help="the registry, or a mirror of its API v2 (default: %(default)s)",
    )  # fmt: skip
    sp.add_argument(
        "--page-size", type=_page_size, default=MAX_PAGE_SIZE, metavar="N",
        help=f"studies per page, 1 to {MAX_PAGE_SIZE} (default: %(default)s)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.command == "parse":
        return run_parse(args.files)
    engine = engine_from_env()
    try:
        migrate(engine)
        if args.command == "load":
            return run_load(engine, args.directory, render_trial_json, args.workers)
        if args.command == "sync":
            return run_sync(
                engine, render_trial_json, since=args.since, base_url=args.base_url,
                page_size=args.page_size,
            )  # fmt: skip
        return run_import(engine, args.paths, render_trial_json, args.workers)
    finally:
        engine.dispose()
