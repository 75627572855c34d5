"""Command line: ``python -m tools.synth --count N --out DIR [--seed S] [--start I]`` writes N
synthetic documents of both layouts for benchmarks and load tests."""

from __future__ import annotations

import argparse
import sys
import time

from tools.synth.documents import write_documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.synth", description="write synthetic trial documents (both layouts)"
    )
    parser.add_argument("--count", type=int, required=True, help="number of documents")
    parser.add_argument("--out", required=True, help="directory to write them into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--start", type=int, default=1, help="index of the first document")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        size = write_documents(args.out, args.count, start=args.start, seed=args.seed)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    rate = args.count / seconds if seconds > 0 else 0.0
    print(
        f"synth: {args.count} documents ({size / 1e6:.1f} MB) in {args.out} in {seconds:.1f}s "
        f"({rate:,.0f} docs/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
