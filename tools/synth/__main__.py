"""Command line: synthetic trials for benchmarks and load tests.

    python -m tools.synth --count N --out DIR                  text pages, both layouts
    python -m tools.synth --format ctgov-json --count N --zip ctg-studies.json.zip [--sharded]
    python -m tools.synth --format ctgov-json --count N --jsonl studies.jsonl
    python -m tools.synth --format ctgov-json --count N --out DIR   one NCT….json per study

``--seed S`` and ``--start I`` pick the indices (any range gives the same documents);
``--indent`` and ``--level`` set the JSON files' indentation and the ZIP's deflate level. JSON
output prints the studies' size distribution."""

from __future__ import annotations

import argparse
import sys
import time

from tools.synth.documents import write_documents
from tools.synth.studies import write_files, write_jsonl, write_zip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.synth",
        description="write synthetic trials: text pages (both layouts) or API v2 JSON studies",
    )
    parser.add_argument("--count", type=int, required=True, help="number of trials")
    parser.add_argument(
        "--format",
        choices=("text", "ctgov-json"),
        default="text",
        help="text pages (default) or ClinicalTrials.gov API v2 JSON studies",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="a directory to write one file per trial into")
    where.add_argument("--zip", help="ctgov-json: a bulk ZIP like ctg-studies.json.zip")
    where.add_argument("--jsonl", help="ctgov-json: a JSON Lines file, one study a line")
    parser.add_argument(
        "--sharded", action="store_true", help="ZIP members in folders: 67/NCT…67.json"
    )
    parser.add_argument("--indent", type=int, default=2, help="JSON files' indent (default 2)")
    parser.add_argument("--level", type=int, default=6, help="ZIP deflate level 0-9 (default 6)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--start", type=int, default=1, help="index of the first trial")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.format == "text" and (args.zip or args.jsonl or args.sharded):
        parser.error("--zip, --jsonl and --sharded need --format ctgov-json")
    if not 0 <= args.level <= 9:
        parser.error("--level is 0 (stored) to 9")
    started = time.perf_counter()
    stats = None
    try:
        if args.format == "text":
            size = write_documents(args.out, args.count, start=args.start, seed=args.seed)
        elif args.zip:
            stats = write_zip(
                args.zip, args.count, args.start, args.seed,
                sharded=args.sharded, indent=args.indent, level=args.level,
            )  # fmt: skip
        elif args.jsonl:
            stats = write_jsonl(args.jsonl, args.count, args.start, args.seed)
        else:
            stats = write_files(args.out, args.count, args.start, args.seed, indent=args.indent)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    rate = args.count / seconds if seconds > 0 else 0.0
    target = args.out or args.zip or args.jsonl
    size = stats.total if stats else size
    print(
        f"synth: {args.count} {args.format} trials ({size / 1e6:.1f} MB) in {target} in "
        f"{seconds:.1f}s ({rate:,.0f}/s)",
        file=sys.stderr,
    )
    if stats:
        print(f"sizes: {stats.summary()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
