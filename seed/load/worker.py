"""A loader worker's part: one batch of units (files, archive members, parsed items) read,
parsed and stored, in a worker process of the load (``seed.load.job``) or in its own.

A worker process has its own database connection: records never cross a process boundary,
only names and reasons do. It runs no automatic garbage collection (``init_worker``): a
batch's parsed studies (tens of thousands of dicts and lists a study, alive until the batch
is stored) outlived the young generations and set off full collections, each walking the
memo caches of the criteria facts again, a sixth of a worker's CPU at 500,000 studies. Those
objects are trees, freed by their reference counts; ``collect`` clears the rest between
batches.
"""

from __future__ import annotations

import gc

from sqlalchemy import Engine, create_engine

from seed.load.documents import Input, Member, SourceItem, member_items, parse_items, read_file
from seed.load.sources import Outcome, WriteContext, write_items

Unit = Input | Member | SourceItem  # a file to read, a member to parse, an item to store

# After every batch the young generations are collected, and every this many batches all.
FULL_COLLECTION_EVERY = 16

_engine: Engine | None = None
_batches = 0


def init_worker(url: str) -> None:
    """A forked worker: its own engine; what it inherited (the condition vocabulary, the
    gazetteer: millions of objects built before the fork) moved out of the garbage
    collector's reach, and its automatic collections off."""
    global _engine
    collect_by_batch()
    _engine = create_engine(url, pool_size=1, max_overflow=0)


def collect_by_batch() -> None:
    """What the process holds now out of the garbage collector's reach, and its automatic
    collections off: ``collect`` after each batch instead."""
    gc.freeze()
    gc.disable()


def collect() -> None:
    """After a worker's batch: the young generations, and every ``FULL_COLLECTION_EVERY``
    batches all of them, so no garbage cycle outlives a few batches."""
    global _batches
    _batches += 1
    gc.collect(2 if _batches % FULL_COLLECTION_EVERY == 0 else 1)


def run_batch(
    units: list[Unit],
    known: dict[str, tuple],
    ctx: WriteContext,
    batch_size: int,
    engine: Engine | None = None,
) -> list[Outcome]:
    """Read, parse and store one batch of units with ``engine``, or (``None``: in a worker
    process) the worker's own, collecting its garbage after. ``known``: the stored key and
    names of each file (a file whose key is the same is unchanged)."""
    if engine is None:
        try:
            return _run(units, known, ctx, batch_size, _engine)
        finally:
            collect()
    return _run(units, known, ctx, batch_size, engine)


def _run(units, known, ctx, batch_size, engine) -> list[Outcome]:
    outcomes: list[Outcome] = []
    items: list[SourceItem] = []
    for unit in units:
        if isinstance(unit, SourceItem):
            items.append(unit)
        elif isinstance(unit, Member):
            items += member_items(unit)
        else:
            data, key, error = read_file(unit)
            if unit.name in known and known[unit.name][0] == key:
                outcomes += [(n, unit.name, "unchanged", None) for n in known[unit.name][1]]
            elif data is None:
                items.append(SourceItem(unit.name, "file", unit.name, key, None, error, None, key))
            else:
                items += parse_items(unit.name, data, origin="file", container=unit.name,
                                     change_key=key)  # fmt: skip
        while len(items) >= batch_size:
            outcomes += write_items(engine, items[:batch_size], ctx)
            del items[:batch_size]
    return outcomes + write_items(engine, items, ctx)
