"""Reading the inputs of a load: listing a directory, reading each file within its size limit,
streaming the members of a bulk ZIP, and parsing each into ``SourceItem``s (one per study).

A file or member that cannot be read or parsed becomes an item with an error, never a crash.
Formats are told by content (``seed.parse.parse_source``; a ZIP by its signature), never by the
file's extension.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from domain.records import ParseError, TrialRecord
from seed.archive import Skip, iter_members, not_a_study_by_name
from seed.parse import parse_source

MiB = 1 << 20
MAX_DOCUMENT_BYTES = 5 * MiB  # a document of one study: a text page, XML, a study's JSON
MAX_JSON_FILE_BYTES = 256 * MiB  # JSON may hold many: an API page, an array, JSON Lines
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a member first, or an empty archive


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One study-holding source, parsed (``record``) or refused (``error``)."""

    # "x.txt" | "ctg-studies.json.zip!/67/NCT01234567.json" | "page.json[3]" |
    # "studies.jsonl:12" | "ctgov-api!/NCT01234567"
    name: str
    origin: str  # "file" | "archive" | "sync"
    container: str | None  # the file it came from (a SEED_DIR or import name); None for sync
    sha256: str
    record: TrialRecord | None
    error: str | None = None
    error_line: int | None = None
    # What tells an unchanged source without parsing it: the sha256 of the file it came from,
    # a ZIP member's "crc32:size". None: its sha256.
    change_key: str | None = None

    @property
    def key(self) -> str:
        return self.change_key or self.sha256


@dataclass(frozen=True, slots=True)
class Input:
    """A file to read: ``path`` on disk, ``name`` in the database (relative to the directory
    listed, or the file's own name)."""

    path: str
    name: str


def list_inputs(root: str | os.PathLike[str]) -> list[Input]:
    """Every file under ``root``, recursively, sorted by name (a relative POSIX path); hidden
    files and directories and files that clearly hold no study (README, PROVENANCE,
    LICENSE ...) are skipped by name."""
    base = Path(root)
    if not base.is_dir():
        raise FileNotFoundError(f"seed directory not found: {base}")
    found: list[Input] = []
    folders = [(str(base), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if not_a_study_by_name(entry.name):
                    continue
                if entry.is_dir():
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.append(Input(entry.path, prefix + entry.name))
    return sorted(found, key=lambda i: i.name)


def is_archive(path: str) -> bool:
    """A ZIP archive, by its first bytes."""
    try:
        with open(path, "rb") as f:
            return f.read(4) in _ZIP_SIGNATURES
    except OSError:
        return False


def _limit(head: bytes) -> int:
    """The size limit of a file, by its first bytes: larger for JSON, which may hold a page of
    studies."""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return MAX_JSON_FILE_BYTES if head[:1] in (b"{", b"[") else MAX_DOCUMENT_BYTES


def read_file(inp: Input) -> tuple[bytes | None, str, str | None]:
    """(bytes or None, change key, error): a huge or unreadable file is an error."""
    try:
        with open(inp.path, "rb") as f:
            st = os.fstat(f.fileno())
            head = f.read(64)
            limit = _limit(head)
            if st.st_size > limit:
                key = hashlib.sha256(f"{st.st_size}:{st.st_mtime_ns}".encode()).hexdigest()
                reason = f"the document is too large ({st.st_size} bytes; the limit is {limit})"
                return None, key, reason
            data = head + f.read(limit + 1 - len(head))
    except OSError as exc:
        return None, "", f"the document could not be read ({exc.strerror})"
    if len(data) > limit:  # it grew since
        return None, "", f"the document is too large (over {limit} bytes)"
    return data, hashlib.sha256(data).hexdigest(), None


def parse_items(
    name: str, data: bytes, *, origin: str, container: str | None, change_key: str | None
) -> list[SourceItem]:
    """The studies in one document's bytes, one item each (``parse_source`` names them)."""
    items = []
    for result in parse_source(name, data):
        if isinstance(result, ParseError):
            whole = result.document == name  # the document's own error, not one study's
            sha = hashlib.sha256(data).hexdigest() if whole else ""
            items.append(
                SourceItem(
                    result.document, origin, container, sha, None,
                    result.reason, result.line, change_key,
                )
            )  # fmt: skip
        else:
            items.append(
                SourceItem(
                    result.source.document, origin, container, result.source.sha256, result,
                    change_key=change_key,
                )
            )  # fmt: skip
    return items


def file_items(inp: Input) -> tuple[str, list[SourceItem]]:
    """Read and parse one file (not an archive): (its change key, its items)."""
    data, key, error = read_file(inp)
    if data is None:
        return key, [SourceItem(inp.name, "file", inp.name, key, None, error, None, key)]
    return key, parse_items(inp.name, data, origin="file", container=inp.name, change_key=key)


def member_key(crc: int, size: int) -> str:
    """A ZIP member's change key: its CRC-32 and size, as the archive's headers give them."""
    return f"{crc:08x}:{size}"


def entry_count(path: str) -> int | None:
    """How many entries the archive's directory declares (its end record), without reading
    the directory: a progress bar's total."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 65557))
            tail = f.read()
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    (count,) = struct.unpack_from("<H", tail, at + 10)
    if count == 0xFFFF and (z64 := tail.rfind(b"PK\x06\x06", 0, at)) >= 0:
        (count,) = struct.unpack_from("<Q", tail, z64 + 32)
    return count


@dataclass(frozen=True, slots=True)
class Member:
    """A member read from an archive, to be parsed (by a worker): bytes, or why not."""

    name: str  # "<container>!/<member path>", or the container alone for the archive's error
    container: str
    data: bytes | None
    error: str | None


def archive_members(inp: Input, skip: Skip | None = None) -> Iterator[Member]:
    """The members of the archive ``inp``, named after it (``inp.name!/path``), streamed.
    An error about the whole archive (truncated, corrupt, a bomb) is named ``inp.name``."""
    prefix = Path(inp.path).name
    for member in iter_members(inp.path, skip=skip):
        name = inp.name + member.name[len(prefix) :]
        yield Member(name, inp.name, member.data, member.error)


def member_items(member: Member) -> list[SourceItem]:
    """Parse one member: its items (several when it is a page of studies)."""
    if member.data is None:
        return [SourceItem(member.name, "archive", member.container, "", None, member.error)]
    key = member_key(zlib.crc32(member.data), len(member.data))
    return parse_items(
        member.name, member.data, origin="archive", container=member.container, change_key=key
    )


def study_count(inputs: list[Input]) -> int:
    """About how many studies ``inputs`` hold: an archive's entries, one for any other file."""
    return sum((entry_count(i.path) or 1) if is_archive(i.path) else 1 for i in inputs)
