"""A loader worker process starts with what it inherited out of the garbage collector's reach:
its collections then walk only what a batch allocates, not the condition vocabulary and the
gazetteer built before the fork (loader CPU −15% at 20,000 studies)."""

from __future__ import annotations

import gc
import multiprocessing

import seed.load.job as job


def _frozen_in_worker(url: str) -> tuple[int, int]:
    before = gc.get_freeze_count()
    job._init_worker(url)
    return before, gc.get_freeze_count()


def test_a_forked_worker_freezes_what_it_inherited():
    inherited = [{"object": n} for n in range(10_000)]  # built before the fork, as the vocabulary
    with multiprocessing.get_context("fork").Pool(1) as pool:
        before, after = pool.apply(_frozen_in_worker, ("postgresql+psycopg://unused/unused",))
    assert before == 0
    assert after >= len(inherited)
