"""Members read from their local headers, for an archive whose central directory is missing or
damaged (a truncated download): from the start, until the damage."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterator

from seed.archive.members import (
    _CENTRAL,
    _DESCRIPTOR,
    _ENDS,
    _FLAG_DESCRIPTOR,
    _FLAG_ENCRYPTED,
    _FLAG_UTF8,
    _LOCAL,
    _LOCAL_HEADER,
    _ZIP64_EXTRA,
    CHUNK_BYTES,
    RATIO_FLOOR,
    Member,
    Skip,
    _bomb,
    _check_content,
    _Damaged,
    _Limits,
    _refuse_by_header,
    _Refused,
    _size,
    _skipped,
)


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
    path: str | os.PathLike[str], archive: str, limits: _Limits, cause: str, skip: Skip | None
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
                member = _local_member(reader, archive, limits, skip)
                if member is not None:
                    count += 1
                    yield member
    except _Damaged as exc:
        before = f"; the {count} members before the damage were read" if count else ""
        yield Member(archive, error=f"{exc}{before} (zipfile: {cause})")
    except OSError as exc:
        yield Member(archive, error=f"the archive cannot be read: {exc}")


def _local_member(
    reader: _Reader, archive: str, limits: _Limits, skip: Skip | None
) -> Member | None:
    """The member whose local header follows; ``None`` when it is skipped (by name, or by
    ``skip``)."""
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
        skipped = skipped or (skip is not None and skip(path, crc, declared))
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
