"""The members of a bulk registry ZIP (``ctg-studies.json.zip``), streamed one at a time.

The archive is ~2.7 GB with ~580,000 members; it is never held in memory. The central directory
is read by ``zipfile`` and each member is inflated through ``ZipFile.open`` in chunks, within
limits that do not trust the headers: a member over ``max_member_bytes`` (declared, or found while
reading), one whose compression ratio passes ``max_ratio`` (a ZIP bomb), overlapping members (the
other bomb) and nested archives are refused with a reason, and the rest still come out.

When the central directory is missing or unreadable (a truncated download, a damaged file) the
members are read from their local headers, from the start, until the damage; then one error names
the archive and says what was wrong.

Pure: no database, no parsing of the studies themselves (the caller parses ``Member.data``).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

from seed.archive.indexed import (
    _overlapping,
    _read_indexed,
)
from seed.archive.members import (
    _FLAG_ENCRYPTED,
    CHUNK_BYTES,
    MAX_MEMBER_BYTES,
    MAX_RATIO,
    RATIO_FLOOR,
    KiB,
    Member,
    MiB,
    Skip,
    _Limits,
    _refuse_by_header,
    _skipped,
    not_a_study_by_name,
)
from seed.archive.scan import (
    _scan_local_headers,
)

__all__ = [
    "CHUNK_BYTES",
    "KiB",
    "MAX_MEMBER_BYTES",
    "MAX_RATIO",
    "Member",
    "MiB",
    "RATIO_FLOOR",
    "Skip",
    "not_a_study_by_name",
    "iter_members",
]


def iter_members(
    path: str | os.PathLike[str],
    *,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_ratio: float = MAX_RATIO,
    chunk_bytes: int = CHUNK_BYTES,
    skip: Skip | None = None,
) -> Iterator[Member]:
    """Yield the archive's members in order, one ``Member`` each, holding at most one in memory.

    Directories and members that clearly are not studies (``README``, ``LICENSE``, hidden files,
    ``__MACOSX/``) are skipped; any other member is yielded, flat (``NCT01234567.json``) or
    sharded (``67/NCT01234567.json``) alike, and its content is the caller's to judge.
    ``skip(path, crc32, size)``, given what the headers say of a member, may step over it
    unread (a loader that stored it before with the same CRC and size).
    """
    if max_member_bytes < 1 or max_ratio < 1 or chunk_bytes < 1:
        raise ValueError("max_member_bytes, max_ratio and chunk_bytes must be positive")
    limits = _Limits(max_member_bytes, max_ratio, chunk_bytes)
    archive = Path(path).name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        yield from _scan_local_headers(path, archive, limits, str(exc), skip)
        return
    except OSError as exc:
        yield Member(archive, error=f"the archive cannot be read: {exc.strerror or exc}")
        return
    with zf:
        infos = zf.infolist()
        overlap = _overlapping(infos)
        if overlap:
            yield Member(archive, error=overlap)
            return
        for info in infos:
            if info.is_dir() or _skipped(info.filename):
                continue
            if skip is not None and skip(info.filename, info.CRC, info.file_size):
                continue
            name = f"{archive}!/{info.filename}"
            reason = _refuse_by_header(
                info.filename,
                info.file_size,
                info.compress_size,
                bool(info.flag_bits & _FLAG_ENCRYPTED),
                limits,
            )
            yield Member(name, error=reason) if reason else _read_indexed(zf, info, name, limits)
