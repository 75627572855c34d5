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


def rows(lines: list[str]) -> list[tuple[str, str]]:
    """``(label, value)`` of the labelled rows; a value may run over lines, up to the line that
    ends the cell with `` |``; lines outside any row are left out::

        Study Type : | Interventional (Clinical Trial) |
        Study Population: | Adults seen at the clinic      a value over two lines
        in 2019 and 2020 |
    """
    out: list[tuple[str, list[str]]] = []
    open_cell = False
    for raw in lines:
        line = raw.strip()
        if m := ROW.match(line):  # a new row, even if the last one was left open
            rest = m.group("rest").strip()
            out.append((m.group("label"), [rest]))
            open_cell = bool(rest) and not _END.search(rest)
        elif open_cell:
            out[-1][1].append(line)
            open_cell = not _END.search(line)
    return [(label, _END.sub("", "\n".join(text)).strip()) for label, text in out]


_END = re.compile(r"\s*(?<!\\)\|\s*$")  # the `` |`` that ends a cell
