"""Synthetic documents, streamed: ``(name, intended record, text)`` one at a time, or written
into a directory. Even indices use the classic layout, odd ones the modern layout."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from domain.records import TrialRecord
from tools.synth.classic import render_classic
from tools.synth.modern import render_modern
from tools.synth.record import MAX_INDEX, build_record


def render(rec: TrialRecord) -> str:
    return render_classic(rec) if rec.source.layout == "classic" else render_modern(rec)


def generate(count: int, start: int = 1, seed: int = 0) -> Iterator[tuple[str, TrialRecord, str]]:
    """``(file name, intended record, text)`` for indices ``start`` .. ``start + count - 1``."""
    if count < 0 or start < 0 or start + count - 1 > MAX_INDEX:
        raise ValueError(f"indices {start}..{start + count - 1} out of range 0..{MAX_INDEX}")
    for index in range(start, start + count):
        rec = build_record(index, seed)
        yield rec.source.document, rec, render(rec)


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_documents(
    out_dir: str | os.PathLike[str], count: int, start: int = 1, seed: int = 0
) -> int:
    """Write ``count`` documents into ``out_dir`` (created if needed); returns bytes written."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, _, text in generate(count, start, seed):
        data = text.encode("utf-8")
        fd = os.open(os.path.join(root, name), _FLAGS, 0o644)
        try:
            done = os.write(fd, data)
            while done < len(data):  # a short write: rare, but allowed
                done += os.write(fd, data[done:])
        finally:
            os.close(fd)
        total += len(data)
    return total
