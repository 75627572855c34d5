"""Synthetic API v2 studies, streamed: ``(record, study object)`` one at a time, or written
as the registry delivers them in bulk: a ZIP of one JSON file per study (``ctg-studies.json.zip``,
flat ``NCT90000001.json`` or sharded by folder ``01/NCT90000001.json``), JSON Lines (one study
a line), or a directory of ``.json`` files. Nothing but the current study is held in memory.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

from domain.records import TrialRecord
from tools.synth.ctgov_json import study_bytes, study_object
from tools.synth.record import MAX_INDEX
from tools.synth.registry import build_registry_record
from tools.synth.sizes import SizeStats
from tools.synth.zipwriter import StreamedZip

_RNG = random.Random()  # the JSON's own extras, apart from the record's draws
_SALT = 0x0B1EC7


def build_study(index: int, seed: int = 0) -> tuple[TrialRecord, dict]:
    """The intended record of study ``index`` and the API v2 study object that holds it."""
    rec = build_registry_record(index, seed)
    _RNG.seed((seed * 10_000_019 + index) ^ _SALT)
    return rec, study_object(rec, _RNG)


def generate_studies(
    count: int, start: int = 1, seed: int = 0
) -> Iterator[tuple[TrialRecord, dict]]:
    """``(record, study)`` for indices ``start`` .. ``start + count - 1``."""
    if count < 0 or start < 0 or start + count - 1 > MAX_INDEX:
        raise ValueError(f"indices {start}..{start + count - 1} out of range 0..{MAX_INDEX}")
    for index in range(start, start + count):
        yield build_study(index, seed)


def member_name(nct_id: str, sharded: bool = False) -> str:
    """``NCT01234567.json``, or in a folder of its last two digits: ``67/NCT01234567.json``."""
    return f"{nct_id[-2:]}/{nct_id}.json" if sharded else f"{nct_id}.json"


def write_zip(
    path: str | os.PathLike[str],
    count: int,
    start: int = 1,
    seed: int = 0,
    *,
    sharded: bool = False,
    indent: int | None = 2,
    level: int = 6,
) -> SizeStats:
    """A bulk ZIP of ``count`` studies; returns the members' size distribution."""
    stats = SizeStats()
    with StreamedZip(path, level=level) as archive:
        for rec, study in generate_studies(count, start, seed):
            data = study_bytes(study, indent)
            archive.write(member_name(rec.nct_id, sharded), data)
            stats.add(len(data))
    return stats


def write_jsonl(
    path: str | os.PathLike[str], count: int, start: int = 1, seed: int = 0
) -> SizeStats:
    """JSON Lines: one study a line, compact (the lines' sizes without the newline)."""
    stats = SizeStats()
    with open(path, "wb") as out:
        for _, study in generate_studies(count, start, seed):
            data = study_bytes(study, None)
            out.write(data + b"\n")
            stats.add(len(data))
    return stats


def write_files(
    out_dir: str | os.PathLike[str],
    count: int,
    start: int = 1,
    seed: int = 0,
    *,
    indent: int | None = 2,
) -> SizeStats:
    """One ``NCT….json`` file per study in ``out_dir`` (created if needed)."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    stats = SizeStats()
    for rec, study in generate_studies(count, start, seed):
        data = study_bytes(study, indent)
        (root / member_name(rec.nct_id)).write_bytes(data)
        stats.add(len(data))
    return stats
