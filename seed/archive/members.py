"""What every way of reading an archive shares: the ``Member`` it yields, the limits, and the
checks that do not trust the headers (size, compression ratio, nested archives, non-study names)."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

KiB = 1 << 10
MiB = 1 << 20

MAX_MEMBER_BYTES = 8 * MiB  # a real study is ~17 KB on average, a few are MB-sized
MAX_RATIO = 100  # real study JSON deflates 3-10x; a bomb's ratio is in the thousands
RATIO_FLOOR = 1 * MiB  # below this many bytes a member is harmless whatever its ratio
CHUNK_BYTES = 64 * KiB

# Members that are clearly not studies, by name: skipped without a word. A stem may carry a
# suffix after a dash or underscore (``LICENSE-aact``, ``README_data.md``).
_NOT_STUDY_STEM = re.compile(
    r"(?:readme|license|licence|copying|notice|changelog|changes|manifest|provenance)(?:[-_].*)?",
    re.IGNORECASE,
)
_NOT_STUDY_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# Archives inside the archive are refused, never expanded.
_ARCHIVE_SUFFIXES = frozenset({".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst"})
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
    b"\x28\xb5\x2f\xfd",
)

_LOCAL = b"PK\x03\x04"
_CENTRAL = b"PK\x01\x02"
_DESCRIPTOR = b"PK\x07\x08"
_ENDS = (b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07")
_LOCAL_HEADER = struct.Struct("<HHHHHIIIHH")  # after the signature: 26 bytes
_LOCAL_HEADER_BYTES = 4 + _LOCAL_HEADER.size
_ZIP64_EXTRA = 0x0001
_FLAG_ENCRYPTED = 0x01
_FLAG_DESCRIPTOR = 0x08
_FLAG_UTF8 = 0x800


@dataclass(frozen=True, slots=True)
class Member:
    """One member: ``data`` (its bytes, not yet parsed) or ``error`` (why it was refused).

    ``name`` is ``<archive file name>!/<member path>``, e.g.
    ``ctg-studies.json.zip!/67/NCT01234567.json``; an error about the whole archive (truncated,
    corrupt, a bomb) carries the archive's file name alone.
    """

    name: str
    data: bytes | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Limits:
    max_member_bytes: int
    max_ratio: float
    chunk_bytes: int


# (member path, CRC-32, size) from the archive's headers -> True to step over the member unread
Skip = Callable[[str, int, int], bool]


class _Damaged(Exception):
    """The archive cannot be read past this point (raised inside the local-header scan)."""


class _Refused(Exception):
    """This member is refused (raised while inflating it in the local-header scan)."""


def not_a_study_by_name(path: str) -> bool:
    """A file that clearly holds no study, by its name alone: hidden, ``README``,
    ``PROVENANCE``, ``LICENSE-aact`` ... (the loader skips these in a directory too)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if not parts or any(part.startswith(("__MACOSX", ".")) for part in parts):
        return True
    base = parts[-1]
    stem = base.split(".", 1)[0]
    return _NOT_STUDY_STEM.fullmatch(stem) is not None or base.lower() in _NOT_STUDY_NAMES


def _skipped(path: str) -> bool:
    """A directory, or a member that is clearly not a study (by name only)."""
    return path.endswith("/") or not_a_study_by_name(path)


def _refuse_by_header(
    path: str, declared: int, compressed: int, encrypted: bool, limits: _Limits
) -> str | None:
    """What the headers alone show: a nested archive, an encrypted or oversize member, a bomb."""
    if PurePosixPath(path).suffix.lower() in _ARCHIVE_SUFFIXES:
        return "a nested archive: archives inside the archive are not expanded"
    if encrypted:
        return "the member is encrypted"
    if declared > limits.max_member_bytes:
        return (
            f"over the size limit: the member declares {declared:,} bytes uncompressed, "
            f"the limit is {_size(limits.max_member_bytes)}"
        )
    if declared > RATIO_FLOOR and declared > limits.max_ratio * max(compressed, 1):
        return _bomb(declared, compressed, limits, "declares")
    return None


def _collect(
    chunks: Iterable[bytes], compressed: int, declared: int, limits: _Limits
) -> tuple[bytes | None, str | None]:
    """Gather a member's chunks, refusing as soon as it passes the size limit or the ratio bound."""
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limits.max_member_bytes:
            return None, (
                f"over the size limit: the member holds more than "
                f"{_size(limits.max_member_bytes)} uncompressed (its header declares "
                f"{declared:,}); reading stopped there"
            )
        if total > RATIO_FLOOR and total > limits.max_ratio * max(compressed, 1):
            return None, _bomb(total, compressed, limits, "inflates to at least")
        parts.append(chunk)
    return b"".join(parts), None


def _check_content(data: bytes, declared: int | None) -> str | None:
    if declared is not None and len(data) != declared:
        return f"the member's header declares {declared:,} bytes but it holds {len(data):,}"
    if data.startswith(_ARCHIVE_MAGIC):
        return "a nested archive: archives inside the archive are not expanded"
    return None


def _bomb(size: int, compressed: int, limits: _Limits, verb: str) -> str:
    ratio = size / max(compressed, 1)
    return (
        f"a ZIP bomb: the member {verb} {size:,} bytes from {compressed:,} compressed "
        f"(ratio {ratio:,.0f}, the bound is {limits.max_ratio:g})"
    )


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n:,} bytes"
