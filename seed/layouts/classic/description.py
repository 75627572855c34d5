"""The description of the classic page: the brief summary and the detailed description."""

from __future__ import annotations

import re

from seed.layouts.classic.table import ROW
from seed.text import unescape_markdown


def _parse_description(lines: list[str]) -> tuple[str | None, str | None]:
    """Brief summary, then an optional detailed description, as free text::

    Brief Summary:                    optional heading
    Objectives:                       sub-headings are kept as text lines
    The purpose of this study ...     one line per paragraph
    Detailed Description:             starts the detailed description
    """
    parts: dict[str, list[str]] = {"brief": [], "detailed": []}
    key = "brief"
    for raw in lines:
        line = raw.rstrip()  # an indented line (under a list item) keeps its indentation
        if not line.strip() or ROW.match(line.strip()) or line.strip() == "|":
            continue
        if re.match(r"^(Brief Summary|Study Description)\s*:?$", line.strip(), re.I):
            continue
        if m := re.match(r"^Detailed Description\s*:\s*(.*)$", line.strip(), re.I):
            key, line = "detailed", m.group(1)
        if line:
            parts[key].append(unescape_markdown(line.rstrip(" |") if line.endswith("|") else line))
    return tuple("\n".join(p) or None for p in (parts["brief"], parts["detailed"]))
