"""Synthetic documents generated per second (``tools/synth``), in memory and written out.

    .venv/bin/python bench/synth_bench.py [--rounds 5] [--count 2000] [--out DIR]

Each round builds ``--count`` documents (intended record, rendered text, UTF-8 bytes) and,
separately, writes ``--count`` documents into a fresh directory (``--out``, default a temporary
directory; pass one on the target file system: tmpfs and ext4 differ a lot). Prints the median.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.synth.documents import generate, write_documents  # noqa: E402


def generated(count: int, start: int) -> float:
    began = time.perf_counter()
    size = 0
    for _, _, text in generate(count, start=start):
        size += len(text.encode("utf-8"))
    return count / (time.perf_counter() - began)


def written(count: int, start: int, base: str | None) -> float:
    directory = Path(tempfile.mkdtemp(prefix="synth_bench_", dir=base))
    try:
        began = time.perf_counter()
        write_documents(directory, count, start=start)
        return count / (time.perf_counter() - began)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", default=None, help="where to make the scratch directories")
    args = parser.parse_args()
    generated(200, 1)  # warm up
    for label, run in (
        ("generated", lambda k: generated(args.count, 1 + k * args.count)),
        ("written", lambda k: written(args.count, 1 + k * args.count, args.out)),
    ):
        rates = [run(k) for k in range(args.rounds)]
        print(
            f"synth {label:9s} {args.count} docs: median {statistics.median(rates):7.0f} docs/s "
            f"(min {min(rates):.0f}, max {max(rates):.0f}, {args.rounds} rounds)"
        )


if __name__ == "__main__":
    main()
