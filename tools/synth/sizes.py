"""The size distribution of written studies, in constant memory: count, mean, percentiles
(from log-spaced buckets 1% apart), the largest, and how many reach 1 MB.

``python -m tools.synth.sizes PATH...`` prints it for ``.json`` files, directories of them and
bulk ZIPs (the members' uncompressed sizes): the real samples beside the synthetic studies.
"""

from __future__ import annotations

import math
import sys
import zipfile
from pathlib import Path

_STEP = math.log(1.01)
MB = 1_000_000


class SizeStats:
    def __init__(self) -> None:
        self.count = 0
        self.total = 0
        self.largest = 0
        self.smallest = 0
        self.megabyte = 0  # studies of 1 MB or more
        self._buckets: dict[int, int] = {}

    def add(self, size: int) -> None:
        self.count += 1
        self.total += size
        self.smallest = size if self.count == 1 else min(self.smallest, size)
        self.largest = max(self.largest, size)
        self.megabyte += size >= MB
        bucket = int(math.log(max(size, 1)) / _STEP)
        self._buckets[bucket] = self._buckets.get(bucket, 0) + 1

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    def percentile(self, p: float) -> int:
        """The size below which ``p`` percent of the studies fall (within 1%)."""
        if not self.count:
            return 0
        rank = math.ceil(self.count * p / 100)
        seen = 0
        for bucket in sorted(self._buckets):
            seen += self._buckets[bucket]
            if seen >= rank:
                return min(self.largest, max(self.smallest, round(math.exp((bucket + 1) * _STEP))))
        return self.largest

    def summary(self) -> str:
        """``5000 studies, 84.1 MB: mean 16.8 KB, p50 9.9 KB ... max 2.1 MB, 3 of 1 MB+``"""
        parts = [f"p{p:g} {_size(self.percentile(p))}" for p in (10, 50, 90, 99, 99.9)]
        return (
            f"{self.count} studies, {self.total / MB:.1f} MB: mean {_size(self.mean)}, "
            f"min {_size(self.smallest)}, {', '.join(parts)}, max {_size(self.largest)}, "
            f"{self.megabyte} of 1 MB or more"
        )


def _size(n: float) -> str:
    if n >= MB:
        return f"{n / MB:.2f} MB"
    return f"{n / 1000:.1f} KB"


def measure(path: str | Path) -> SizeStats:
    """The sizes of the studies in a ``.json`` file, a directory of them, or a ZIP's members."""
    stats = SizeStats()
    path = Path(path)
    if path.is_dir():
        for file in sorted(path.rglob("*.json")):
            stats.add(file.stat().st_size)
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.endswith(".json"):
                    stats.add(info.file_size)
    else:
        stats.add(path.stat().st_size)
    return stats


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tools.synth.sizes PATH...", file=sys.stderr)
        return 2
    for path in argv:
        print(f"{path}: {measure(path).summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
