"""Documents parsed per second on the seed documents (pure parsing, no database).

    .venv/bin/python bench/parse_bench.py [--rounds N] [DIR]

Prints the median of N rounds (each parses every document in DIR many times) and the
per-layout figures, so runs on a noisy machine can be compared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seed.parse import detect_layout, parse_document  # noqa: E402


def rate(docs: list[tuple[str, bytes]], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for name, data in docs:
            parse_document(name, data)
    return repeat * len(docs) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", nargs="?", default=str(ROOT / "seed" / "documents" / "pages"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    docs = [(p.name, p.read_bytes()) for p in sorted(Path(args.directory).glob("*.txt"))]
    groups = {"all": docs}
    for name, data in docs:
        groups.setdefault(detect_layout(name, data.decode("utf-8")), []).append((name, data))
    rate(docs, 2)  # warm up
    for label, group in groups.items():
        rates = [rate(group, args.repeat) for _ in range(args.rounds)]
        print(
            f"parse {label:8s} {len(group)} docs: median {statistics.median(rates):8.0f} docs/s "
            f"(min {min(rates):.0f}, max {max(rates):.0f}, {args.rounds} rounds)"
        )


if __name__ == "__main__":
    main()
