"""The "More information" end of the classic layout: sponsors, publications, ids, keywords, MeSH.

Pure functions over the text of the classic ClinicalTrials.gov record page, used by
``seed.layouts.classic``.
"""

from __future__ import annotations

import re

from domain.records import ReferenceRecord, SponsorRecord
from seed.layouts.classic_sites import ROW
from seed.terms import split_terms
from seed.text import clean, strip_cell, unescape_markdown


def parse_sponsors(lines: list[str]) -> tuple[tuple[SponsorRecord, ...], str | None]:
    """Sponsor rows; collaborators one per line under a bare label::

    Sponsor: | Southwest Hospital, China |
    Collaborators: |
    Fudan University |
    Information provided by (Responsible Party): | Zhi Yang |
    """
    sponsors: list[SponsorRecord] = []
    provided: list[str] = []
    role = None  # of the lines under a bare label
    for raw in lines:
        line = raw.strip()
        if m := ROW.match(line):
            label, value = m.group("label").lower(), strip_cell(m.group("rest"))
            role = "LEAD" if label == "sponsor" else "COLLABORATOR" if "collab" in label else None
            role = "PROVIDED" if label.startswith("information provided") else role
            if m.group("rest").strip():  # the value is on the row: no lines follow
                _add(sponsors, provided, role, value)
                role = None
            continue
        _add(sponsors, provided, role, strip_cell(line))
    return tuple(sponsors), provided[0] if provided else None


def _add(sponsors: list[SponsorRecord], provided: list[str], role: str | None, text: str) -> None:
    name = clean(unescape_markdown(text))
    if name and role == "PROVIDED":
        provided.append(name)
    elif name and role:
        sponsors.append(SponsorRecord(name, role))


def parse_references(lines: list[str]) -> tuple[ReferenceRecord, ...]:
    """Citations under a publications heading, one per line::

    Publications: | / Publications of Results: | / Publications automatically indexed ...: |
    Smith J, et al. A study. J Clin Oncol. 2015;33(2):1-9. PubMed ID: 12345678 |
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
        citation = clean(unescape_markdown(strip_cell(line)))
        if citation and not ROW.match(line):
            pmid = re.search(r"\b(?:PubMed ID|PMID)\s*:?\s*(\d+)", citation)
            out.append(ReferenceRecord(citation, pmid.group(1) if pmid else None, kind))
    return tuple(out)


def _title_case(line: str) -> bool:
    words = [w for w in re.split(r"[\s,]+", line) if w]
    joiners = {"of", "by", "and", "or", "in", "with", "the", "to", "for", "from", "on", "at"}
    return bool(words) and all(not w[0].isalpha() or w[0].isupper() or w in joiners for w in words)


def parse_more(lines: list[str]) -> dict:
    """More information rows, then the keyword and MeSH lines (labels may be stripped)::

    Responsible Party: | Zhi Yang, Researcher of Biotherpy Center, Southwest Hospital, China |
    Other Study ID Numbers: |            a bare label: its values follow, one per line
    TMMU-BTC-005 |
    First Posted: | March 21, 2016 Key Record Dates |          Last Update Posted, Last Verified
    Plan to Share IPD: | Undecided |
    HER2 CAR-T safety efficiency refractory and relapsed cancer |     keywords, then MeSH
    """
    out: dict = {"values": {}, "tail": []}
    label = None
    for raw in lines:
        line = raw.strip()
        if m := ROW.match(line):
            label = m.group("label").lower()
            value = strip_cell(m.group("rest"))
            out["values"].setdefault(label, [])
            if value:
                out["values"][label].append(value)
            if m.group("rest").strip():
                label = None  # a value on the row itself: no lines follow
        elif strip_cell(line):
            (out["values"][label] if label else out["tail"]).append(strip_cell(line))
    return out


def parse_terms(more: dict, vocabulary: tuple[str, ...]) -> tuple[tuple, tuple]:
    """Keywords and MeSH terms: by their labels, else the trailing title-case lines (at most
    two: the MeSH table has two columns) are MeSH and the lines before them keywords."""
    keywords, mesh = [], []
    for label, values in more["values"].items():
        if label.startswith("keywords provided"):
            keywords += values
        elif "mesh terms" in label:
            mesh += values
    tail = list(more["tail"])
    n = 0
    while n < min(2, len(tail)) and _title_case(tail[len(tail) - 1 - n]):
        n += 1
    mesh += tail[len(tail) - n :]
    keywords += tail[: len(tail) - n]

    def terms(lines: list[str]) -> tuple[str, ...]:
        found = (t for line in lines for t in split_terms(unescape_markdown(line), vocabulary))
        return tuple(dict.fromkeys(found))

    return terms(keywords), terms(mesh)
