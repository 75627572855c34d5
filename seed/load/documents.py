"""Reading seed documents: listing a directory, reading and hashing each file within the size
limit, parsing it; a document that cannot be read or parsed becomes an error, never a crash."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from domain.records import ParseError, TrialRecord
from seed.parse import parse_document

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


@dataclass
class Document:
    name: str
    sha256: str
    record: TrialRecord | None = None
    error: str | None = None
    error_line: int | None = None


def list_documents(seed_dir: str | os.PathLike[str]) -> list[Path]:
    """Regular files directly in ``seed_dir`` (hidden files skipped), sorted by name."""
    root = Path(seed_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"seed directory not found: {root}")
    return sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))


def _read(path: Path) -> tuple[str, str, bytes | None, str | None]:
    """(name, sha256, bytes or None, error): a huge or unreadable file is an error, not a crash."""
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            digest = hashlib.sha256(f"{size}:{path.stat().st_mtime_ns}".encode()).hexdigest()
            return (
                path.name,
                digest,
                None,
                (f"the document is too large ({size} bytes; the limit is {MAX_DOCUMENT_BYTES})"),
            )
        data = path.read_bytes()
    except OSError as exc:
        return path.name, "", None, f"the document could not be read ({exc.strerror})"
    return path.name, hashlib.sha256(data).hexdigest(), data, None


def _parse(item: tuple[str, str, bytes | None, str | None]) -> Document:
    name, sha, data, error = item
    if data is None:
        return Document(name, sha, error=error)
    try:
        return Document(name, sha, record=parse_document(name, data))
    except ParseError as exc:
        return Document(name, sha, error=exc.reason, error_line=exc.line)


def prepare(paths: list[Path], known: dict[str, str]) -> tuple[list[str], list[Document]]:
    """Read, hash and parse one batch (in a worker process): (unchanged names, documents)."""
    unchanged, docs = [], []
    for path in paths:
        item = _read(path)
        if item[1] and known.get(item[0]) == item[1]:
            unchanged.append(item[0])
        else:
            docs.append(_parse(item))
    return unchanged, docs
