"""The "More Information" rows of the classic page: ids, dates, keywords and MeSH terms."""

from __future__ import annotations

import re

from seed.layouts.classic.table import ROW
from seed.layouts.values import value
from seed.terms import split_terms
from seed.text import strip_cell, unescape_markdown


def _title_case(line: str) -> bool:
    words = [w for w in re.split(r"[\s,]+", line) if w]
    joiners = {"of", "by", "and", "or", "in", "with", "the", "to", "for", "from", "on", "at"}
    return bool(words) and all(not w[0].isalpha() or w[0].isupper() or w in joiners for w in words)


def _parse_more(lines: list[str]) -> dict:
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


def _parse_terms(more: dict, vocabulary: tuple[str, ...]) -> tuple[tuple, tuple]:
    """Keywords and MeSH terms: by their labels (one term a line), else the trailing title-case
    lines (at most two: the MeSH table has two columns) are MeSH and the lines before them
    keywords, run together (split by what the words are).

    Input: what ``_parse_more`` read, and the names the page uses (conditions, interventions)::

        {"values": {"keywords provided by big university": ["asthma inhaler"], ...},
         "tail": ["asthma", "Asthma", "Lung Diseases"]}      unlabelled lines, in page order
    """
    keywords, mesh = [], []
    for label, values in more["values"].items():
        if label.startswith("keywords provided"):
            keywords += [value(v) for v in values]
        elif "mesh terms" in label:
            mesh += [value(v) for v in values]
    tail = list(more["tail"])
    n = 0
    while n < min(2, len(tail)) and _title_case(tail[len(tail) - 1 - n]):
        n += 1

    def terms(lines: list[str]) -> list[str]:
        return [t for line in lines for t in split_terms(unescape_markdown(line), vocabulary)]

    keywords += terms(tail[: len(tail) - n])
    mesh += terms(tail[len(tail) - n :])
    return tuple(dict.fromkeys(filter(None, keywords))), tuple(dict.fromkeys(filter(None, mesh)))
