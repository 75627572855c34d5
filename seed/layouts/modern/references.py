"""The References section of the modern page."""

from __future__ import annotations

import re

from domain.records import ReferenceRecord
from domain.vocab import REFERENCE_TYPE, enum_value
from seed.layouts.modern.lines import Line, marker, paragraphs
from seed.layouts.values import value


def _parse_references(body: list[Line]) -> list[ReferenceRecord]:
    """Citation paragraph, its type and PubMed id::

    Zhang W, Liu L, ... Br J Cancer. 2019 Nov;121(10):837-845.
    Reference Type BACKGROUND
    PMID: 31570753 (View on PubMed)
    """
    refs: list[dict] = []
    for para in paragraphs(body):
        new = True
        for line in para:
            if (kind := marker(line.text, "Reference Type", REFERENCE_TYPE)) is not None:
                if refs:
                    refs[-1]["type"] = enum_value(kind, REFERENCE_TYPE)
            elif m := re.match(r"PMID\s*:?\s*(\d+)", line.text, re.IGNORECASE):
                if refs:
                    refs[-1]["pmid"] = m.group(1)
            elif new or refs[-1]["type"] or refs[-1]["pmid"]:
                refs.append({"citation": [line.text], "type": None, "pmid": None})
            else:
                refs[-1]["citation"].append(line.text)
            new = False
    return [
        ReferenceRecord(value(" ".join(r["citation"])) or "", r["pmid"], r["type"]) for r in refs
    ]
