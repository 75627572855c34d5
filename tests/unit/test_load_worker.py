"""A loader worker process starts with what it inherited out of the garbage collector's reach,
and with its automatic collections off: it collects between batches, so a collection walks
neither the condition vocabulary and gazetteer built before the fork nor, again and again, the
memo caches a batch's parsed studies pushed it through (a sixth of a worker's CPU at 500,000
studies)."""

from __future__ import annotations

import gc
import multiprocessing
import weakref

import seed.load.worker as worker

URL = "postgresql+psycopg://unused/unused"


class _Node:
    pass


def _frozen_in_worker(url: str) -> tuple[int, int, bool]:
    before = gc.get_freeze_count()
    worker.init_worker(url)
    return before, gc.get_freeze_count(), gc.isenabled()


def test_a_forked_worker_freezes_what_it_inherited_and_collects_by_itself():
    inherited = [{"object": n} for n in range(10_000)]  # built before the fork, as the vocabulary
    with multiprocessing.get_context("fork").Pool(1) as pool:
        before, after, enabled = pool.apply(_frozen_in_worker, (URL,))
    assert before == 0
    assert after >= len(inherited)
    assert enabled is False


def _cycles_left_after(batches: int) -> tuple[bool, bool]:
    """In a worker: a cycle that lived long enough to reach the oldest generation becomes garbage
    (a memo cache's entry dropped, say); whether it is still there after one batch's
    collection, and after ``batches`` more."""
    worker.init_worker(URL)
    node = _Node()
    node.itself = node
    gone = weakref.ref(node)
    gc.collect(1)  # reachable: promoted to the oldest generation
    del node
    worker.collect()
    left_after_one = gone() is not None
    for _ in range(batches):
        worker.collect()
    return left_after_one, gone() is not None


def test_a_worker_frees_garbage_cycles_within_a_few_batches():
    with multiprocessing.get_context("fork").Pool(1) as pool:
        after_young, after_all = pool.apply(_cycles_left_after, (worker.FULL_COLLECTION_EVERY,))
    assert after_young is True  # a batch's young collection leaves the old generation
    assert after_all is False
