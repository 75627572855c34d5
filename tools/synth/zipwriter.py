"""A ZIP archive written as a stream, in constant memory whatever the number of members.

``zipfile.ZipFile`` keeps one ``ZipInfo`` per member until it writes the central directory at
the end (some hundreds of MB at 500,000 members). ``StreamedZip`` writes each member's local
header and deflated data at once and its central directory record to a temporary file, which
``close`` copies to the end of the archive, with the ZIP64 end records that more than 65,535
members (or an archive over 4 GiB) need. Members are whole byte strings (a study at a time), so
each local header holds the real sizes and CRC (no data descriptors); names are UTF-8.

The format: PKWARE's APPNOTE.TXT (sections 4.3.7 local header, 4.3.12 central directory
header, 4.3.14-16 ZIP64 end records, 4.5.3 ZIP64 extra field).
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import time
import zlib
from typing import BinaryIO

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_END64 = struct.Struct("<IQHHIIQQQQ")
_LOCATOR64 = struct.Struct("<IIQI")
_UTF8 = 0x0800  # general purpose flag bit 11: the name is UTF-8
_MAX32 = 0xFFFFFFFF
_MAX16 = 0xFFFF
_MADE_BY = (3 << 8) | 45  # Unix, version 4.5 (ZIP64)


def _dos_time(when: float) -> tuple[int, int]:
    t = time.localtime(when)
    year = max(t.tm_year, 1980)
    return (
        (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2),
        ((year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday,
    )


class StreamedZip:
    """``with StreamedZip(path) as z: z.write(name, data)``; deflated (``level`` 0: stored)."""

    def __init__(self, path: str | os.PathLike[str], level: int = 6, when: float | None = None):
        self._out: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed by close()
        self._directory: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115
        self._level = level
        self._time, self._date = _dos_time(time.time() if when is None else when)
        self._offset = 0
        self.count = 0
        self.size = 0  # uncompressed bytes written

    def write(self, name: str, data: bytes) -> None:
        """Add member ``name`` (``67/NCT01234567.json``) holding ``data``."""
        encoded = name.encode("utf-8")
        crc = zlib.crc32(data)
        if self._level:
            packer = zlib.compressobj(self._level, zlib.DEFLATED, -15)
            body = packer.compress(data) + packer.flush()
            method = 8
        else:
            body, method = data, 0
        if len(data) >= _MAX32 or len(body) >= _MAX32:
            raise ValueError(f"{name}: members of 4 GiB or more are not supported")
        header = _LOCAL.pack(
            0x04034B50, 20, _UTF8, method, self._time, self._date, crc, len(body), len(data),
            len(encoded), 0,
        )  # fmt: skip
        self._out.write(header)
        self._out.write(encoded)
        self._out.write(body)
        extra = b""
        offset = self._offset
        if offset >= _MAX32:  # ZIP64 extra field: the header's offset
            extra = struct.pack("<HHQ", 0x0001, 8, offset)
            offset = _MAX32
        self._directory.write(
            _CENTRAL.pack(
                0x02014B50,
                _MADE_BY,
                45 if extra else 20,
                _UTF8,
                method,
                self._time,
                self._date,
                crc,
                len(body),
                len(data),
                len(encoded),
                len(extra),
                0,
                0,
                0,
                0o100644 << 16,
                offset,
            )  # fmt: skip
        )
        self._directory.write(encoded)
        self._directory.write(extra)
        self._offset += len(header) + len(encoded) + len(body)
        self.count += 1
        self.size += len(data)

    def close(self) -> None:
        """Append the central directory and the end records; close the archive."""
        if self._out.closed:
            return
        start = self._offset
        length = self._directory.tell()
        self._directory.seek(0)
        shutil.copyfileobj(self._directory, self._out, 1 << 20)
        self._directory.close()
        end = start + length
        zip64 = self.count > _MAX16 or start >= _MAX32 or length >= _MAX32
        if zip64:
            self._out.write(
                _END64.pack(
                    0x06064B50,
                    _END64.size - 12,
                    _MADE_BY,
                    45,
                    0,
                    0,
                    self.count,
                    self.count,
                    length,
                    start,
                )  # fmt: skip
            )
            self._out.write(_LOCATOR64.pack(0x07064B50, 0, end, 1))
        self._out.write(
            _END.pack(
                0x06054B50,
                0,
                0,
                min(self.count, _MAX16),
                min(self.count, _MAX16),
                min(length, _MAX32),
                min(start, _MAX32),
                0,
            )  # fmt: skip
        )
        self._out.close()

    def __enter__(self) -> StreamedZip:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
