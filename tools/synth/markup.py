"""Text as API v2 writes its markup fields: CommonMark, with what a reader must undo.

A record keeps a markup field as the text layouts keep text (one line per paragraph, no blank
lines, no escapes); the registry's JSON holds it as CommonMark: paragraphs apart by a blank line,
punctuation that CommonMark reads as markup escaped (``\\>``, ``\\[``, ``\\&`` ...), criteria as
``*`` (or numbered) lists under ``Inclusion Criteria:`` / ``Exclusion Criteria:`` headings.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from zlib import crc32

from domain.records import EligibilityRecord

_SPECIAL = re.compile(r"([\\*_\[\]<>&`])")


def escape(text: str) -> str:
    r"""One line of text as CommonMark: ``a > b`` -> ``a \> b``."""
    return _SPECIAL.sub(r"\\\1", text)


def paragraphs(text: str | None) -> str | None:
    """A record's markup text (one paragraph a line) -> the registry's CommonMark."""
    if text is None:
        return None
    return "\n\n".join(escape(line) for line in text.split("\n"))


class Criteria(NamedTuple):
    markdown: str | None  # as the JSON holds it
    text: str | None  # as a reader keeps it (EligibilityRecord.criteria_text)


def numbered(nct_id: str) -> bool:
    """Whether a study numbers its criteria (``1.``) instead of bulleting them (``*``): one in
    five, fixed by its NCT id so that the record and its JSON agree."""
    return crc32(nct_id.encode("ascii")) % 5 == 0


def criteria_markdown(eligibility: EligibilityRecord, numbered: bool = False) -> Criteria:
    """The criteria lists as the registry writes them::

    Inclusion Criteria:

    * Age 18 years or older
    * Platelet count ≥ 100 × 10^9/L

    Exclusion Criteria:

    * QTcF \\> 470 ms
    """
    blocks: list[tuple[str, list[str]]] = []
    for heading, items in (
        ("Inclusion Criteria:", eligibility.inclusion),
        ("Exclusion Criteria:", eligibility.exclusion),
    ):
        if items:
            blocks.append((heading, [c.text for c in items]))
    if not blocks:
        return Criteria(None, None)
    markdown, text = [], []
    for heading, items in blocks:
        marks = [f"{k}." if numbered else "*" for k in range(1, len(items) + 1)]
        lines = [f"{m} {escape(t)}" for m, t in zip(marks, items, strict=True)]
        markdown.append(heading + "\n\n" + "\n".join(lines))
        text.append(heading)
        text += [f"{m} {t}" for m, t in zip(marks, items, strict=True)]
    return Criteria("\n\n".join(markdown), "\n".join(text))
