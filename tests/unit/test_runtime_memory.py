"""service.runtime.memory: the malloc arenas capped and freed pages trimmed (glibc)."""

from __future__ import annotations

import platform

import pytest

from service.runtime import memory

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")


@glibc
def test_arenas_are_capped_and_free_pages_trimmed():
    assert memory.limit_arenas(memory.ARENAS) is True
    big = [bytearray(1 << 16) for _ in range(512)]  # 32 MB from malloc
    del big
    memory.trim()  # True when pages went back; either way it answers, and nothing breaks
    assert isinstance(memory.trim(), bool)


@pytest.mark.parametrize(
    ("path", "large"),
    [
        ("/v1/match", True),
        ("/v1/trials.csv", True),
        ("/v1/stats", True),
        ("/v1/trials", False),
        ("/v1/trials/NCT00000001", False),
        ("/healthz", False),
    ],
)
def test_the_large_requests_are_known_by_path(path, large):
    assert memory.is_large(path) is large
