"""Entry point of the parser: detect a document's format by its content, and dispatch.

``parse_source(name, data)`` reads any supported input: one result per study, a
``TrialRecord`` or a ``ParseError``, so a page of studies or a JSON Lines file gives many.
``parse_document(name, content)`` reads a document that holds one study.

Formats (never told by the file's name):
- text renderings of a record page, ``classic`` and ``modern`` (``LAYOUTS``);
- ClinicalTrials.gov API v2 JSON: one study object, an API page ``{"studies": [...]}``, a JSON
  array of studies, or JSON Lines (one study per line);
- legacy ``<clinical_study>`` XML.
Refused with a reason naming what the document is: the retired API v1 ``FullStudiesResponse``,
an HTML page, an RSS or Atom feed, other XML, JSON that is not a study.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

import orjson

from domain.records import ParseError, SourceRecord, TrialRecord
from seed.formats import ctgov_json, ctgov_xml
from seed.formats.json_paths import describe
from seed.layouts import classic, modern

LayoutParser = Callable[[list[str], SourceRecord], TrialRecord]
LAYOUTS: dict[str, LayoutParser] = {"classic": classic.parse, "modern": modern.parse}

INTERNAL_ERROR = "the parser failed on this document"

_CLASSIC = re.compile(r"^ClinicalTrials\.gov Identifier:\s*\|?\s*NCT\d{8}\b", re.MULTILINE)
_MODERN = re.compile(r"^NCT ID:\s*NCT\d{8}\s*$", re.MULTILINE)
_RELATED = re.compile(r"^(?:More Related|Related|Similar) Trials\s*$", re.MULTILINE | re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_document(name: str, data: bytes) -> str:
    """Text from a document's bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, else Windows-1252.

    Raises ``ParseError`` for empty and binary input.
    """
    if not data.strip():
        raise ParseError(name, "the document is empty", None)
    for bom, encoding in _BOMS:
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


# --------------------------------------------------------------------------- formats

SourceReader = Callable[[str, bytes], Iterator[TrialRecord | ParseError]]


def _read_text(name: str, data: bytes) -> Iterator[TrialRecord | ParseError]:
    """A text rendering of one record page (``LAYOUTS``)."""
    text = decode_document(name, data).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    layout = detect_layout(name, text)
    source = SourceRecord(document=name, layout=layout, sha256=hashlib.sha256(data).hexdigest())
    yield LAYOUTS[layout](text.split("\n"), source)


def _one(parse: Callable[[str, bytes], TrialRecord]) -> SourceReader:
    """A reader of documents that hold one study each."""

    def read(name: str, data: bytes) -> Iterator[TrialRecord | ParseError]:
        yield parse(name, data)

    return read


_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 20  # orjson reads an integer past 2**64 as a float: such a run goes to json


def _loads(data: bytes) -> Any:
    """``json.loads``, through orjson (twice as fast) when it reads the document the same:
    anything it refuses (BOMs, UTF-16, NaN, lone surrogates, 1e400) and any 20-digit run goes
    to ``json``, so values and error messages are ``json``'s."""
    if data.translate(_DIGITS).find(_LONG_NUMBER) < 0:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)


def _read_json(name: str, data: bytes) -> Iterator[TrialRecord | ParseError]:
    """API v2 JSON: a study, a page of studies, an array of studies, or JSON Lines."""
    try:
        document = _loads(data)
    except UnicodeDecodeError:
        yield ParseError(name, "JSON that is not UTF-8")
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _starts_with_an_object(data):
            yield from _read_json_lines(name, data)
        else:
            yield ParseError(name, f"not valid JSON: {exc.msg}", exc.lineno)
        return
    if isinstance(document, list):
        yield from _read_studies(name, document)
        return
    _refuse_other_json(name, document)
    if "studies" in document:  # an API page; its nextPageToken is the client's business
        studies = document["studies"]
        if not isinstance(studies, list):
            yield ParseError(name, f"studies: expected an array, got {describe(studies)}")
            return
        yield from _read_studies(name, studies)
        return
    yield _read_study(document, SourceRecord(name, ctgov_json.LAYOUT, _sha256(data)))


def _starts_with_an_object(data: bytes) -> bool:
    """JSON Lines: the first non-blank line is a JSON object of its own."""
    first = next((line for line in data.splitlines() if line.strip()), b"")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _read_json_lines(name: str, data: bytes) -> Iterator[TrialRecord | ParseError]:
    """One study per line; each result is named ``name:LINE``."""
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            study = json.loads(line)
        except ValueError as exc:
            yield ParseError(where, f"not valid JSON: {getattr(exc, 'msg', 'not UTF-8')}")
            continue
        yield _read_study(study, SourceRecord(where, ctgov_json.LAYOUT, _sha256(line.strip())))


def _read_studies(name: str, studies: list[Any]) -> Iterator[TrialRecord | ParseError]:
    """The studies of a page or an array; each result is named ``name[INDEX]`` (from 0)."""
    for i, study in enumerate(studies):
        canonical = json.dumps(study, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        source = SourceRecord(f"{name}[{i}]", ctgov_json.LAYOUT, _sha256(canonical.encode()))
        yield _read_study(study, source)


def _read_study(study: Any, source: SourceRecord) -> TrialRecord | ParseError:
    try:
        return ctgov_json.parse_study(study, source)
    except ParseError as exc:
        return exc
    except Exception as exc:  # a parser bug must not stop a load: report it as this study's
        error = ParseError(source.document, f"{INTERNAL_ERROR} ({type(exc).__name__})")
        error.__cause__ = exc
        return error


_RETIRED = ("FullStudiesResponse", "StudyFieldsResponse", "FieldValuesResponse")
_STUDY_PARTS = ("derivedSection", "resultsSection", "annotationSection", "documentSection")


def _refuse_other_json(name: str, document: Any) -> None:
    """``ParseError`` for JSON that is neither a study nor a page of studies."""
    if not isinstance(document, dict):
        raise ParseError(name, f"JSON that is not a study: {describe(document)}")
    if retired := next((k for k in _RETIRED if k in document), None):
        raise ParseError(
            name,
            f"the retired API v1 format ({retired}): read the study from API v2 instead",
        )
    if "protocolSection" in document or "studies" in document:
        return
    if any(part in document for part in _STUDY_PARTS) or "hasResults" in document:
        raise ParseError(name, "a study without protocolSection")
    keys = ", ".join(list(document)[:5]) or "none"
    raise ParseError(name, f"JSON that is not a ClinicalTrials.gov study (its keys: {keys})")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FORMATS: dict[str, SourceReader] = {
    "text": _read_text,  # classic / modern record pages
    "ctgov-json": _read_json,
    "ctgov-xml": _one(ctgov_xml.parse),
}


# --------------------------------------------------------------------------- detection

_XML_PROLOG = re.compile(r"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.I)
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL | re.IGNORECASE)


_JSON_OBJECT = re.compile(rb"[ \t\r\n]*\{")  # blanks (no BOM), then a JSON object


def _head(data: bytes) -> str:
    """The start of a document as text, enough to tell its format."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[:65536].decode(encoding, errors="replace").lstrip("\ufeff")
    return data[:65536].decode("utf-8", errors="replace")


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def detect_format(name: str, data: bytes) -> str:
    """The key in ``FORMATS`` of a document's format, from its content; ``ParseError`` for a
    document that is no study record (an HTML page, a feed, other XML)."""
    if _JSON_OBJECT.match(data):  # the common case, told without decoding the document's head
        return "ctgov-json"
    head = _head(data).lstrip()
    if not head:
        raise ParseError(name, "the document is empty")
    if head[0] == "{" or re.match(r"\[\s*[{\]]", head):
        return "ctgov-json"
    if head[0] in '["' and _is_json(data):
        return "ctgov-json"  # JSON all the same, of a kind the JSON reader refuses by name
    if head[0] != "<":
        return "text"
    prolog = _XML_PROLOG.match(head)
    rest = head[prolog.end() if prolog else 0 :]
    root = _XML_ROOT.match(rest)
    tag = root.group(1).lower() if root else ""
    if tag == "clinical_study":
        return "ctgov-xml"
    if tag in ("html", "head", "body") or re.match(r"\s*<!doctype\s+html", head, re.I):
        title = _HTML_TITLE.search(head)
        what = f" ({' '.join(title.group(1).split())[:80]!r})" if title else ""
        raise ParseError(name, f"an HTML page{what}, not a study record")
    if tag in ("rss", "feed", "rdf:rdf"):
        kind = "an Atom feed" if tag == "feed" else "an RSS feed"
        raise ParseError(name, f"{kind} (a list of search results), not a study record")
    if root and (head.startswith("<?xml") or f"</{root.group(1)}>" in head):
        raise ParseError(name, f"XML whose root is <{root.group(1)}>, not a <clinical_study>")
    return "text"


def parse_source(name: str, data: bytes) -> Iterator[TrialRecord | ParseError]:
    """Every study in a document: a ``TrialRecord`` or a ``ParseError`` each. The studies of a
    page or an array are named ``name[0]``, ``name[1]`` ...; those of JSON Lines ``name:LINE``.
    A document that holds no study gives one ``ParseError`` named ``name``."""
    try:
        yield from FORMATS[detect_format(name, data)](name, data)
    except ParseError as exc:
        yield exc
    except Exception as exc:  # a parser bug must not stop a load: report it as this document's
        error = ParseError(name, f"{INTERNAL_ERROR} ({type(exc).__name__})")
        error.__cause__ = exc
        yield error


def parse_document(name: str, content: str | bytes) -> TrialRecord:
    """Parse a document of one study into a ``TrialRecord``; raise ``ParseError`` for anything
    else (a page or JSON Lines of several studies too: ``parse_source`` reads those)."""
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    results = list(islice(parse_source(name, data), 2))
    if not results:
        raise ParseError(name, "holds no study (an empty page or file)", None)
    if len(results) > 1:
        raise ParseError(name, "holds several studies: read it with parse_source", None)
    if isinstance(results[0], ParseError):
        raise results[0]
    return results[0]
