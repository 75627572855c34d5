"""The header of the modern page: brief title, NCT id, last update."""

from __future__ import annotations

from domain.dates import parse_date
from domain.records import ParseError
from seed.layouts.modern.lines import Line, nonblank, tagged
from seed.layouts.values import value


def _parse_header(header: list[Line], document: str) -> dict:
    """The lines before the first section::

    A Clinical Study on the Safety ...       brief title: the first line
    NCT ID: NCT05745454
    Last Updated: 2023-02-27

    Two ``NCT ID:`` lines with different ids is a ``ParseError`` naming both.
    """
    out: dict = {"brief_title": None, "nct_id": None, "last_update": None}
    lines = nonblank(header)
    if lines and tagged(lines[0].text, "NCT ID", colon=True) is None:
        out["brief_title"] = value(lines[0].text)
    for line in lines:
        if (nct := tagged(line.text, "NCT ID", colon=True)) is not None:
            if out["nct_id"] is not None and nct != out["nct_id"]:
                first = f"{out['nct_id']} (line {out['nct_line']})"
                reason = f"two different NCT ids: {first} and {nct}"
                raise ParseError(document, reason, line.n)
            out["nct_id"] = nct
            out["nct_line"] = line.n
        elif (
            date := tagged(line.text, "Last Updated", "Last Update Posted", colon=True)
        ) is not None:
            out["last_update"] = parse_date(date)
    return out
