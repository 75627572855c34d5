"""Entry point of the parser: bytes or text in, one ``TrialRecord`` or one ``ParseError`` out."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable

from domain.records import ParseError, SourceRecord, TrialRecord
from seed.layouts import classic, modern

LayoutParser = Callable[[list[str], SourceRecord], TrialRecord]
LAYOUTS: dict[str, LayoutParser] = {"classic": classic.parse, "modern": modern.parse}

INTERNAL_ERROR = "the parser failed on this document"

_CLASSIC = re.compile(r"^ClinicalTrials\.gov Identifier:\s*\|?\s*NCT\d{8}\b", re.MULTILINE)
_MODERN = re.compile(r"^NCT ID:\s*NCT\d{8}\s*$", re.MULTILINE)
_RELATED = re.compile(r"^(?:More Related|Related|Similar) Trials\s*$", re.MULTILINE | re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_document(name: str, data: bytes) -> str:
    """Text from a document's bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, else Windows-1252.

    Raises ``ParseError`` for empty and binary input.
    """
    if not data.strip():
        raise ParseError(name, "the document is empty", None)
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(name, f"the document is not valid {encoding}", None) from exc
    if b"\x00" in data:
        raise ParseError(name, "the document is binary (it contains NUL bytes)", None)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_layout(name: str, text: str) -> str:
    """``classic`` (the record page) or ``modern`` (the study detail page); else ``ParseError``."""
    if not text.strip():
        raise ParseError(name, "the document is empty", None)
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ParseError(name, "the document is binary (control characters)", None)
    if _CLASSIC.search(text):
        return "classic"
    own = _RELATED.split(text, maxsplit=1)[0]  # other trials' ids follow this heading
    if _MODERN.search(own):
        return "modern"
    if re.search(r"\bNCT\d{8}\b", text) is None:
        raise ParseError(name, "no NCT id: this is not a trial record", None)
    if re.search(r"\bNCT\d{8}\b", own) is None:
        raise ParseError(
            name, "no NCT id of its own: the only NCT ids are under 'More Related Trials'", None
        )
    raise ParseError(
        name,
        "unknown layout: neither 'ClinicalTrials.gov Identifier: NCT…' nor 'NCT ID: NCT…' found",
        None,
    )


def parse_document(name: str, content: str | bytes) -> TrialRecord:
    """Parse one document into a ``TrialRecord``; raise ``ParseError`` for anything else."""
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    text = decode_document(name, data) if isinstance(content, bytes) else content
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    layout = detect_layout(name, text)
    source = SourceRecord(document=name, layout=layout, sha256=hashlib.sha256(data).hexdigest())
    try:
        return LAYOUTS[layout](text.split("\n"), source)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug must not stop a load: report it as this document's
        raise ParseError(name, f"{INTERNAL_ERROR} ({type(exc).__name__})", None) from exc
