"""An eligibility list as written (bullets, numbering, sub-headings) -> one record per item."""

from __future__ import annotations

import re

from domain.records import CriterionRecord
from seed.text import clean, unescape_markdown

_BULLET = re.compile(r"^\s*(?:[-*•·]\s*)?(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)](?=\s|$)\s*)?")
_IS_BULLET = re.compile(r"^\s*(?:[-*•·](?:\s|$)|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)](?:\s|$))")
_HEADING = re.compile(r"^[A-Z][^.;!?]{0,60}:$")


def is_item(line: str) -> bool:
    """The line starts a list item: ``- x``, ``* x``, ``1. x``, ``a) x``, ``(ii) x``."""
    return bool(_IS_BULLET.match(line))


def is_heading(line: str) -> bool:
    """A sub-heading of a list (``Hematology:``): the ``section`` of the items below it."""
    return bool(_HEADING.match(line.strip()))


def item_text(line: str) -> str:
    """An item's text without its bullet and numbering: ``- 1. Age`` -> ``Age``."""
    return _BULLET.sub("", line, count=1).strip()


def parse_criteria(lines: list[str]) -> tuple[CriterionRecord, ...]:
    """One criterion per bullet, numbering stripped, sub-headings kept as ``section``.

    Input: the lines of one list (inclusion or exclusion) without its own heading::

        - 1. Age from 18 to 75 years.      bullets: "- ", "* ", "1.", "1)", "- 1.", "(a)"
        Hematology:                         a sub-heading: the section of the items below it
        - Platelet count \\> 50,000/mm^3.   markdown escapes are undone
        continued text                      a line that is not a bullet continues the item

    Empty bullets are dropped (their text, when it follows on the next line, is kept).
    """
    items: list[tuple[str, str | None]] = []
    section: str | None = None
    current: list[str] | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            text = clean(" ".join(current))
            if text:
                items.append((text, section))
        current = None

    for raw in lines:
        line = unescape_markdown(raw).strip()
        if not line:
            continue
        if _IS_BULLET.match(line):
            flush()
            bullet = _BULLET.match(line)  # always matches: every part of it is optional
            current = [line[bullet.end() :] if bullet else line]
            continue
        if _HEADING.match(line):
            flush()
            section = line[:-1].strip()
            continue
        if current is None:
            current = [line]
        else:
            current.append(line)
    flush()
    return tuple(
        CriterionRecord(ordinal=i, text=text, section=sec)
        for i, (text, sec) in enumerate(items, start=1)
    )
