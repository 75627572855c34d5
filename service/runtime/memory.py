"""A gunicorn worker's memory: glibc's malloc arenas kept few, and freed pages handed back.

A gthread worker's threads each take a malloc arena of their own (glibc makes up to eight per
core): the tens of MB a large request allocates (a match's candidates, an export's rows)
stay in whichever arena served it, free but not returned, so a worker that has served such
requests on several threads holds several times that. ``limit_arenas`` caps the arenas
before any worker thread exists; ``trim`` returns the free pages of every arena to the
system after a large request (``malloc_trim``, which releases the GIL while it works).
Both do nothing off glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2
# The requests that allocate tens of MB, by path: after them a worker trims.
LARGE_PATHS = ("/v1/match", "/v1/trials.csv", "/v1/stats")


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt, libc.malloc_trim  # noqa: B018 - glibc's, not musl's
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (call before the worker starts its threads)."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, arenas))


def trim() -> bool:
    """Give the free pages of every malloc arena back to the system."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0))


def is_large(path: str) -> bool:
    return path.startswith(LARGE_PATHS)
