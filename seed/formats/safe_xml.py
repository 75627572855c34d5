"""Untrusted XML into an element tree, safely, with positioned errors.

defusedxml refuses a document that declares entities (the "billion laughs" expansion bomb) or
refers to an external entity or resource: nothing is expanded or fetched. An HTML page (an error
page saved in place of a record) is refused before parsing, named by its title.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLSyntaxError

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from domain.records import ParseError
from seed.text import clean

_HTML = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_NOT_A_RECORD = "an HTML page, not a study record"


def parse_xml(name: str, data: bytes) -> Element:
    """The root element of ``data``; ``ParseError`` (with the line the XML parser stopped at,
    when it says one) for HTML, broken XML and entity declarations."""
    _refuse_html(name, data)
    parser = DefusedXMLParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        return parser.close()
    except XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise ParseError(name, f"the XML is broken: {_expat_reason(exc)}", line) from exc
    except EntitiesForbidden as exc:
        line = parser.parser.CurrentLineNumber
        if exc.sysid or exc.pubid:
            reason = f"the XML declares an external entity ('{exc.name}'): refused, not fetched"
        else:
            reason = f"the XML declares an entity ('{exc.name}'): refused (entity expansion)"
        raise ParseError(name, reason, line) from exc
    except ExternalReferenceForbidden as exc:
        line = parser.parser.CurrentLineNumber
        raise ParseError(name, "the XML refers to an external resource: refused", line) from exc
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        raise ParseError(name, f"the XML was refused ({type(exc).__name__})", line) from exc


def _refuse_html(name: str, data: bytes) -> None:
    if not _HTML.match(data[:4096]):
        return
    title = _TITLE.search(data[:65536])
    said = clean(title.group(1).decode("utf-8", "replace")) if title else None
    reason = f"an HTML page ('{said}'), not a study record" if said else _NOT_A_RECORD
    raise ParseError(name, reason, None)


def _expat_reason(exc: XMLSyntaxError) -> str:
    """``mismatched tag: line 4, column 2`` -> ``mismatched tag`` (the line is said apart)."""
    return re.sub(r":\s*line \d+, column \d+$", "", str(exc))
