"""Command line: ``python -m seed parse FILE…`` prints records as JSON;
``python -m seed load DIR`` loads a directory into DATABASE_URL;
``python -m seed sync`` fetches what the registry changed since the last sync."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
from pathlib import Path

from seed.registry_api import DEFAULT_BASE_URL, MAX_PAGE_SIZE


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


def run_sync(engine, render, *, since: dt.date | None, base_url: str, page_size: int) -> int:
    """Sync with the registry (see ``seed.sync``), with a progress bar on a terminal; 0 when
    the sync succeeded, 1 when the registry failed it (the next run resumes it), 2 when it
    cannot start."""
    from seed.sync import SyncError, sync

    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="study", desc="sync", file=sys.stderr)

    def progress(done: int, total: int | None) -> None:
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    # A stopped container gets SIGTERM: record the sync as stopped (the next run resumes it).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        report = sync(
            engine, render=render, base_url=base_url, since=since, page_size=page_size,
            progress=progress,
        )  # fmt: skip
    except SyncError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
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
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(f"a page size is 1 to {MAX_PAGE_SIZE}, not {value!r}")
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seed", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse documents and print them as JSON")
    p.add_argument("files", nargs="+")
    lp = sub.add_parser("load", help="migrate DATABASE_URL, then load a directory of documents")
    lp.add_argument("directory")
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
    from schemas.trial_json import render_trial_json
    from store.engine import engine_from_env
    from store.migrate import migrate

    engine = engine_from_env()
    migrate(engine)
    if args.command == "sync":
        return run_sync(
            engine, render_trial_json, since=args.since, base_url=args.base_url,
            page_size=args.page_size,
        )  # fmt: skip
    return run_load(engine, args.directory, render_trial_json)


if __name__ == "__main__":
    sys.exit(main())
