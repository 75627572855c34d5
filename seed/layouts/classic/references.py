"""The publications of the classic page."""

from __future__ import annotations

import re

from domain.records import ReferenceRecord
from seed.layouts.classic.table import ROW
from seed.layouts.values import value
from seed.text import strip_cell

_LINK = re.compile(r"\s+PubMed ID:\s*(\d+)$")


def _parse_references(lines: list[str]) -> tuple[ReferenceRecord, ...]:
    """Citations under a publications heading, one per line::

    Publications: | / Publications of Results: | / Publications automatically indexed ...: |
    Smith J, et al. A study. J Clin Oncol. 2015;33(2):1-9. PubMed ID: 12345678 |

    A ``PubMed ID`` at the end of the line is the link the page adds: it is not part of the
    citation; one inside the citation's text stays there.
    """
    out, kind = [], None
    for raw in lines:
        line = raw.strip()
        if m := re.match(r"^Publications\b([^|:]*):\s*(.*)$", line):
            head = m.group(1).lower()
            kind = (
                "DERIVED"
                if "automatically" in head
                else "RESULT"
                if "result" in head
                else "BACKGROUND"
            )
            line = m.group(2)
        citation = value(strip_cell(line))
        if citation and not ROW.match(line):
            if link := _LINK.search(citation):
                citation, pmid = citation[: link.start()], link.group(1)
            else:
                found = re.search(r"\b(?:PubMed ID|PMID)\s*:?\s*(\d+)", citation)
                pmid = found.group(1) if found else None
            out.append(ReferenceRecord(citation, pmid, kind))
    return tuple(out)
