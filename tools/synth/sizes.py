"""The size distribution of written studies, in constant memory: count, mean, percentiles
(from log-spaced buckets 1% apart), the largest, and how many reach 1 MB."""

from __future__ import annotations

import math

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
