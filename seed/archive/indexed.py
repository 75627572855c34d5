"""Members read through the central directory (``zipfile``), one at a time, in chunks."""

from __future__ import annotations

import copy
import gc
import os
import zipfile
import zlib
from dataclasses import dataclass
from itertools import pairwise

from seed.archive.members import (
    _LOCAL_HEADER_BYTES,
    Member,
    _check_content,
    _collect,
    _Limits,
)


def _read_indexed(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: _Limits) -> Member:
    """Inflate one member in chunks, reading past its declared size (headers can lie) but never
    past the limit."""
    probe = copy.copy(info)
    probe.file_size = 1 << 62  # zipfile stops at the declared size: read on, up to the limit
    try:
        with zf.open(probe) as stream:
            chunks = iter(lambda: stream.read(limits.chunk_bytes), b"")
            data, reason = _collect(chunks, info.compress_size, info.file_size, limits)
    except zipfile.BadZipFile as exc:
        if "CRC" in str(exc):
            reason = f"CRC check failed for member {info.filename!r}: its data is damaged"
        else:
            reason = f"member {info.filename!r} is damaged: {exc}"
        return Member(name, error=reason)
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        return Member(name, error=f"member {info.filename!r} cannot be read: {exc}")
    if reason is None and data is not None:
        reason = _check_content(data, info.file_size)
    return Member(name, error=reason) if reason else Member(name, data=data)


@dataclass(frozen=True, slots=True)
class Pending:
    """A member the central directory lists and its headers allow, not read yet: ``read()``
    inflates it (with the same checks as ``iter_members``) in whichever process calls it, so
    a loader's workers inflate the members themselves instead of receiving their bytes."""

    name: str
    path: str  # the archive's file
    info: zipfile.ZipInfo
    limits: _Limits

    def read(self) -> Member:
        try:
            zf = _opened(self.path)
        except (OSError, zipfile.BadZipFile) as exc:
            return Member(self.name, error=f"the archive cannot be read: {exc}")
        return _read_indexed(zf, self.info, self.name, self.limits)


_OPENED: dict[tuple[int, str], zipfile.ZipFile] = {}


def _opened(path: str) -> zipfile.ZipFile:
    """This process's own handle on the archive (a handle opened before a fork shares its file
    position with the child), the last one opened kept for the next member.

    Its central directory is one object per member (500,000 for the whole registry) that
    lives as long as the process: they are moved out of the garbage collector's reach
    (``gc.freeze``), else every full collection walks them all (a quarter of a loader
    worker's CPU at 500,000 studies)."""
    key = (os.getpid(), path)
    zf = _OPENED.get(key)
    if zf is None:
        for old in _OPENED.values():
            old.close()
        _OPENED.clear()
        zf = _OPENED[key] = zipfile.ZipFile(path)
        gc.freeze()
    return zf


def _overlapping(infos: list[zipfile.ZipInfo]) -> str | None:
    """Members whose data overlap: the trick of the non-recursive ZIP bombs."""
    spans = sorted(
        (
            info.header_offset,
            info.header_offset + _LOCAL_HEADER_BYTES + info.compress_size,
            info.filename,
        )
        for info in infos
        if not info.is_dir()
    )
    for (_, end, first), (start, _, second) in pairwise(spans):
        if end > start:
            return (
                f"a ZIP bomb: members {first!r} and {second!r} overlap in the archive; "
                "nothing was read from it"
            )
    return None
