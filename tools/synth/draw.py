"""Drawing helpers: cheap stand-ins for ``random``'s, on the one ``RNG`` re-seeded per document."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate
from math import gcd


def pick(rng: random.Random, items, cum):
    """One item, drawn with the cumulative weights ``cum``."""
    return items[bisect(cum, rng.random() * cum[-1])]


def choice(rng: random.Random, items):
    """``rng.choice`` at a fraction of its cost (one ``random()`` call)."""
    return items[int(rng.random() * len(items))]


def randint(rng: random.Random, a: int, b: int) -> int:
    """``rng.randint`` with one ``random()`` call."""
    return a + int(rng.random() * (b - a + 1))


RNG = random.Random()  # re-seeded for each document: cheaper than a new instance
_STEPS: dict[int, list[int]] = {}


def sample(rng: random.Random, items, k: int) -> list:
    """``k`` distinct items (fewer if there are not enough): a random start and a random step
    coprime with the length, i.e. two ``random()`` calls instead of ``rng.sample``'s ``k``."""
    n = len(items)
    steps = _STEPS.get(n)
    if steps is None:
        steps = _STEPS[n] = [d for d in range(1, max(2, n)) if gcd(d, n) == 1] or [1]
    at = int(rng.random() * n)
    step = steps[int(rng.random() * len(steps))]
    return [items[(at + j * step) % n] for j in range(min(k, n))]


def lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    """A whole number around ``median`` with a long right tail, kept within ``lo``..``hi``."""
    return max(lo, min(hi, int(round(rng.lognormvariate(0.0, sigma) * median))))


def weighted(pairs: list[tuple[object, float]]) -> tuple[list, list[float]]:
    """(items, cumulative weights) for ``pick``."""
    return [p[0] for p in pairs], list(accumulate(p[1] for p in pairs))
