"""The status block of the classic page, under the identifier."""

from __future__ import annotations

import re

from domain.dates import parse_date
from domain.vocab import STATUS, enum_value
from seed.layouts.values import value


def _parse_status(lines: list[str]) -> dict:
    """The status block under the identifier::

    Recruitment Status : Unknown              the value on this line or the next
    (Reform CAR structure due to safety)      why it stopped, for Withdrawn/Terminated/Suspended
    Verified September 2015 by Second Military Medical University.
    Recruitment status was: Recruiting
    First Posted : March 21, 2016
    Last Update Posted : March 19, 2020
    """
    out: dict = {}
    pending = False
    for raw in lines:
        line = raw.strip().strip("|").strip()
        if m := re.match(r"Recruitment Status\s*:\s*(.*)$", line):
            pending = not m.group(1)
            line = m.group(1)
            if pending:
                continue
        if m := re.match(r"Recruitment status was\s*:\s*(.*)$", line, re.I):
            out["last_known_status"] = enum_value(m.group(1), STATUS)
        elif m := re.match(r"Verified\s+(.+?)(?:\s+by\b.*)?\.?$", line):
            out["last_verified"] = parse_date(m.group(1))
        elif m := re.match(r"(First Posted|Last Update Posted)\s*:\s*(.*)$", line):
            key = "first_posted" if m.group(1).startswith("First") else "last_update_posted"
            out[key] = parse_date(m.group(2).replace("Key Record Dates", ""))
        elif m := re.match(r"^\((.+)\)$", line):
            if "overall_status" in out:
                out["why_stopped"] = value(m.group(1))
        elif (pending or not out) and line and (m := re.match(r"([^(]+)\s*(?:\((.*)\))?$", line)):
            out["overall_status"] = enum_value(m.group(1), STATUS)
            if m.group(2):
                out["why_stopped"] = value(m.group(2))
        pending = False
    return out
