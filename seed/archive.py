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

import copy
import os
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath

KiB = 1 << 10
MiB = 1 << 20

MAX_MEMBER_BYTES = 8 * MiB  # a real study is ~17 KB on average, a few are MB-sized
MAX_RATIO = 100  # real study JSON deflates 3-10x; a bomb's ratio is in the thousands
RATIO_FLOOR = 1 * MiB  # below this many bytes a member is harmless whatever its ratio
CHUNK_BYTES = 64 * KiB

# Members that are clearly not studies, by name: skipped without a word.
_NOT_STUDY_STEMS = frozenset(
    {"readme", "license", "licence", "copying", "notice", "changelog", "changes", "manifest"}
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


class _Damaged(Exception):
    """The archive cannot be read past this point (raised inside the local-header scan)."""


class _Refused(Exception):
    """This member is refused (raised while inflating it in the local-header scan)."""


def iter_members(
    path: str | os.PathLike[str],
    *,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_ratio: float = MAX_RATIO,
    chunk_bytes: int = CHUNK_BYTES,
) -> Iterator[Member]:
    """Yield the archive's members in order, one ``Member`` each, holding at most one in memory.

    Directories and members that clearly are not studies (``README``, ``LICENSE``, hidden files,
    ``__MACOSX/``) are skipped; any other member is yielded, flat (``NCT01234567.json``) or
    sharded (``67/NCT01234567.json``) alike, and its content is the caller's to judge.
    """
    if max_member_bytes < 1 or max_ratio < 1 or chunk_bytes < 1:
        raise ValueError("max_member_bytes, max_ratio and chunk_bytes must be positive")
    limits = _Limits(max_member_bytes, max_ratio, chunk_bytes)
    archive = Path(path).name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        yield from _scan_local_headers(path, archive, limits, cause=str(exc))
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
            name = f"{archive}!/{info.filename}"
            reason = _refuse_by_header(
                info.filename,
                info.file_size,
                info.compress_size,
                bool(info.flag_bits & _FLAG_ENCRYPTED),
                limits,
            )
            yield Member(name, error=reason) if reason else _read_indexed(zf, info, name, limits)


# --------------------------------------------------------------------------- with the directory


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


# --------------------------------------------------------------------------- shared checks


def _skipped(path: str) -> bool:
    """A directory, or a member that is clearly not a study (by name only)."""
    if path.endswith("/"):
        return True
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if not parts or any(part.startswith("__MACOSX") for part in parts):
        return True
    base = parts[-1]
    stem = base.split(".", 1)[0].lower()
    return base.startswith(".") or stem in _NOT_STUDY_STEMS or base.lower() in _NOT_STUDY_NAMES


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


# --------------------------------------------------------------------------- without the directory


class _Reader:
    """A forward reader over the archive file that can hand bytes back (after an inflate)."""

    def __init__(self, fh, chunk_bytes: int):
        self._fh = fh
        self._chunk = chunk_bytes
        self._buf = bytearray()
        self.pos = 0

    def read(self, n: int) -> bytes:
        """Exactly ``n`` bytes, fewer only at the end of the file."""
        while len(self._buf) < n:
            more = self._fh.read(max(self._chunk, n - len(self._buf)))
            if not more:
                break
            self._buf += more
        out = bytes(self._buf[:n])
        del self._buf[: len(out)]
        self.pos += len(out)
        return out

    def read_some(self, limit: int) -> bytes:
        """Up to ``limit`` bytes, empty only at the end of the file."""
        if not self._buf:
            self._buf += self._fh.read(self._chunk)
        out = bytes(self._buf[:limit])
        del self._buf[: len(out)]
        self.pos += len(out)
        return out

    def unread(self, data: bytes) -> None:
        self._buf[:0] = data
        self.pos -= len(data)


def _scan_local_headers(
    path: str | os.PathLike[str], archive: str, limits: _Limits, cause: str
) -> Iterator[Member]:
    """Members read from their local headers, from the start, until the damage; then one error."""
    count = 0
    try:
        with open(path, "rb") as fh:
            reader = _Reader(fh, limits.chunk_bytes)
            while True:
                at = reader.pos
                signature = reader.read(4)
                if not signature:
                    raise _Damaged("truncated: the archive ends without its central directory")
                if signature == _CENTRAL or signature in _ENDS:
                    raise _Damaged("its central directory is damaged")
                if signature != _LOCAL:
                    if at == 0:
                        raise _Damaged("not a ZIP archive")
                    raise _Damaged(f"corrupt: no member header at byte {at:,}")
                member = _local_member(reader, archive, limits)
                if member is not None:
                    count += 1
                    yield member
    except _Damaged as exc:
        before = f"; the {count} members before the damage were read" if count else ""
        yield Member(archive, error=f"{exc}{before} (zipfile: {cause})")
    except OSError as exc:
        yield Member(archive, error=f"the archive cannot be read: {exc}")


def _local_member(reader: _Reader, archive: str, limits: _Limits) -> Member | None:
    """The member whose local header follows; ``None`` when it is skipped by name."""
    header = reader.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        raise _Damaged("truncated: the archive ends inside a member header")
    _, flags, method, _, _, crc, compressed, declared, name_len, extra_len = _LOCAL_HEADER.unpack(
        header
    )
    raw_name, extra = reader.read(name_len), reader.read(extra_len)
    if len(raw_name) < name_len or len(extra) < extra_len:
        raise _Damaged("truncated: the archive ends inside a member header")
    path = raw_name.decode("utf-8" if flags & _FLAG_UTF8 else "cp437", errors="replace")
    zip64 = _zip64_sizes(extra)
    if zip64 is not None:
        declared = zip64[0] if declared == 0xFFFFFFFF else declared
        compressed = zip64[1] if compressed == 0xFFFFFFFF else compressed
    sized = not flags & _FLAG_DESCRIPTOR  # else the sizes follow the data, in a descriptor
    name = f"{archive}!/{path}"
    skipped = _skipped(path)

    encrypted = bool(flags & _FLAG_ENCRYPTED)
    if encrypted or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        if not sized:
            raise _Damaged(f"the end of member {path!r} cannot be found without the directory")
        _skip(reader, compressed, path)
        why = "the member is encrypted" if encrypted else f"unsupported compression method {method}"
        return None if skipped else Member(name, error=why)
    if sized:
        reason = _refuse_by_header(path, declared, compressed, False, limits)
        if reason or skipped:
            _skip(reader, compressed, path)
            return None if skipped else Member(name, error=reason)

    data, reason, crc_seen = _inflate_local(
        reader, path, method, compressed if sized else None, limits
    )
    if not sized:
        crc, compressed, declared = _descriptor(reader, path, zip64 is not None)
    if skipped:
        return None
    if reason is None and not sized:  # now that the descriptor tells the sizes
        reason = _refuse_by_header(path, declared, compressed, False, limits)
    if reason is None and crc_seen != crc:
        reason = f"CRC check failed for member {path!r}: its data is damaged"
    if reason is None and data is not None:
        reason = _check_content(data, declared)
    return Member(name, error=reason) if reason else Member(name, data=data)


def _inflate_local(
    reader: _Reader, path: str, method: int, compressed: int | None, limits: _Limits
) -> tuple[bytes | None, str | None, int]:
    """Read one member's data, leaving the reader just past it: (data, reason, crc).

    ``compressed`` is None when the sizes follow the data (a descriptor): then the end is where
    the deflate stream ends, and a member that cannot be read to its end stops the scan.
    """
    if method == zipfile.ZIP_STORED and compressed is None:
        raise _Damaged(f"the end of stored member {path!r} cannot be found without the directory")
    inflater = zlib.decompressobj(-15) if method == zipfile.ZIP_DEFLATED else None
    left = compressed
    used = total = crc = 0
    kept: list[bytes] = []
    reason: str | None = None
    while left is None or left > 0:
        chunk = reader.read_some(
            limits.chunk_bytes if left is None else min(limits.chunk_bytes, left)
        )
        if not chunk:
            raise _Damaged(_ends_inside(path))
        used += len(chunk)
        if left is not None:
            left -= len(chunk)
        try:
            for piece in _pieces(inflater, chunk, limits.chunk_bytes):
                total += len(piece)
                if total > RATIO_FLOOR and total > limits.max_ratio * used:
                    raise _Refused(_bomb(total, used, limits, "inflates to at least"))
                if reason is None and total > limits.max_member_bytes:
                    reason = (
                        f"over the size limit: the member holds more than "
                        f"{_size(limits.max_member_bytes)} uncompressed"
                    )
                    kept.clear()
                    if left is not None:  # the end is known: step over the rest unread
                        raise _Refused(reason)
                if reason is None:
                    crc = zlib.crc32(piece, crc)
                    kept.append(piece)
        except (_Refused, zlib.error) as exc:
            why = str(exc) if isinstance(exc, _Refused) else f"member {path!r} is damaged: {exc}"
            if left is None:  # the end of the member cannot be found: the scan stops here
                raise _Damaged(why) from exc
            _skip(reader, left, path)
            return None, why, crc
        if inflater is not None and inflater.eof:
            if left is None:
                reader.unread(inflater.unused_data)
            else:
                _skip(reader, left, path)  # the deflate stream ended before its declared size
            break
    if inflater is not None and not inflater.eof:
        return None, f"member {path!r} is damaged: its deflate stream is incomplete", crc
    return (None if reason else b"".join(kept)), reason, crc


def _pieces(inflater, chunk: bytes, max_out: int) -> Iterator[bytes]:
    """One compressed chunk, inflated in pieces of at most ``max_out`` bytes (constant memory)."""
    if inflater is None:
        yield chunk
        return
    yield inflater.decompress(chunk, max_out)
    while inflater.unconsumed_tail and not inflater.eof:
        yield inflater.decompress(inflater.unconsumed_tail, max_out)


def _descriptor(reader: _Reader, path: str, zip64: bool) -> tuple[int, int, int]:
    """The data descriptor after a member: (crc, compressed size, size)."""
    head = reader.read(4)
    if head == _DESCRIPTOR:
        head = reader.read(4)
    fmt = "<QQ" if zip64 else "<II"
    sizes = reader.read(struct.calcsize(fmt))
    if len(head) < 4 or len(sizes) < struct.calcsize(fmt):
        raise _Damaged(_ends_inside(path))
    compressed, declared = struct.unpack(fmt, sizes)
    return struct.unpack("<I", head)[0], compressed, declared


def _zip64_sizes(extra: bytes) -> tuple[int, int] | None:
    """(size, compressed size) from a local header's ZIP64 extra field, if it has one."""
    at = 0
    while at + 4 <= len(extra):
        kind, length = struct.unpack_from("<HH", extra, at)
        if kind == _ZIP64_EXTRA and length >= 16:
            return struct.unpack_from("<QQ", extra, at + 4)
        at += 4 + length
    return None


def _skip(reader: _Reader, n: int, path: str) -> None:
    while n > 0:
        got = reader.read_some(min(n, CHUNK_BYTES))
        if not got:
            raise _Damaged(_ends_inside(path))
        n -= len(got)


def _ends_inside(path: str) -> str:
    return f"truncated: the archive ends inside member {path!r}"
