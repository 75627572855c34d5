"""Table rows of the classic page: ``Label: | value |`` rows and ``a | b |`` cells."""

from __future__ import annotations

import re

from seed.text import unescape_markdown

# a labelled row: ``Study Type : | Interventional |``, or a bare label ``Collaborators: |``
ROW = re.compile(r"^(?P<label>[A-Z][^|:]*?)\s*:\s*\|(?P<rest>.*)$")


def cells(line: str) -> list[str]:
    """The cells of a table line, trailing empty cells dropped: ``a | b | |`` -> [a, b]."""
    out = [unescape_markdown(c.strip()) for c in re.split(r"(?<!\\)\|", line)]
    while out and not out[-1]:
        out.pop()
    return out
