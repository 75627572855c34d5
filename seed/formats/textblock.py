"""Plain-text blocks of the legacy registry XML (``<textblock>``): their lines, their lists.

The registry wraps a textblock at ~100 characters and indents it; bullets ('-', '1.') mark its
list items, nested ones further indented. ``logical_lines`` undoes the wrapping; ``split_criteria``
finds the inclusion and exclusion lists of an eligibility textblock.
"""

from __future__ import annotations

import re

_BULLET = re.compile(r"^(?:[-*•·o]\s|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s)")


def logical_lines(text: str | None) -> list[str]:
    """A textblock's lines as written, before the registry wrapped them at ~100 characters::

        Inclusion Criteria:                             a line ending in ':' ends its line

          -  Study participation for a total of at      a bullet ('-', '*', '1.', 'a)', ...)
             least 12 weeks                             starts a line; other lines go on
                                                        the line before them
               -  a nested bullet                       -> "  - a nested bullet"

    Blank lines separate paragraphs and are dropped; runs of blanks become one space; a line
    keeps two spaces of indentation for each bullet it is nested under.
    """
    out: list[str] = []
    joining = False
    bullets: list[int] = []  # the indentation of the bullets the current line is nested under
    for raw in (text or "").expandtabs(4).splitlines():
        line = " ".join(raw.split())
        if not line:
            joining = False
            continue
        bullet = _BULLET.match(line)
        if joining and not bullet:
            out[-1] = f"{out[-1]} {line}"
        else:
            indent = len(raw) - len(raw.lstrip())
            while bullets and bullets[-1] >= indent:
                bullets.pop()
            out.append("  " * len(bullets) + line)
            if bullet:
                bullets.append(indent)
        joining = not line.endswith(":")
    return out


_LIST_WORD = re.compile(r"\b(non[- ]?inclusion|inclusion|exclusion)\b", re.I)
_LIST_HEADING = re.compile(r"^(?:(?:key|main|major)\s+)?(?:inclusion|exclusion)\s+criteria\b", re.I)


def _list_heading(line: str) -> str | None | bool:
    """The list a heading line opens (``inclusion``/``exclusion``); ``None`` for a heading that
    names both ("Inclusion/Exclusion:"); ``False`` for a line that is not such a heading."""
    if _BULLET.match(line) or len(line) > 80:
        return False
    if not (line.endswith(":") or _LIST_HEADING.match(line)):
        return False
    words = {w.lower().replace(" ", "").replace("-", "") for w in _LIST_WORD.findall(line)}
    kinds = {"exclusion" if w == "noninclusion" else w for w in words}
    if not kinds:
        return False
    return kinds.pop() if len(kinds) == 1 else None


def split_criteria(lines: list[str]) -> dict[str, list[str]]:
    """The inclusion and exclusion lists of a criteria textblock's logical lines.

    A list runs from its heading ("Inclusion Criteria:", "Key Exclusion Criteria:", "Transplant
    Inclusion:", "Non-inclusion criteria:") to the next one; lines before the first heading are
    left out (as in the text layouts). A textblock without any such heading (the old PDQ
    "DISEASE CHARACTERISTICS:" form: requirements, each a condition to meet) is one inclusion list.
    """
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    headings = [_list_heading(line) for line in lines]
    if all(h is False for h in headings):
        lists["inclusion"] = list(lines)
        return lists
    target: list[str] | None = None
    for line, heading in zip(lines, headings, strict=True):
        if heading is not False:
            target = lists[heading] if heading else None
        elif target is not None:
            target.append(line)
    return lists
