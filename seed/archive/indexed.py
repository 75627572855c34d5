"""Members read through the central directory (``zipfile``), one at a time, in chunks."""

from __future__ import annotations

import copy
import zipfile
import zlib
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
