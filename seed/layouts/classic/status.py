"""The status block of the classic page, under the identifier, and the header block under it."""

from __future__ import annotations

import re

from domain.dates import parse_date
from domain.records import SponsorRecord
from domain.vocab import STATUS, enum_value
from seed.layouts.values import value

_STATUS = re.compile(r"(?:Recruitment|Expanded Access) Status\s*:\s*(.*)$")
# the header block's labels, each on a line of its own, its values on the lines below
_HEADER = re.compile(
    r"^(?P<label>Sponsor|Collaborators?|Information provided by(?P<party> \(Responsible Party\))?)"
    r"\s*:$",
    re.I,
)
_TABS = ("- Study Details", "- Tabular View")


def _parse_status(lines: list[str]) -> dict:
    """The status block under the identifier, then the header block::

    Recruitment Status : Unknown              the value on this line or the next; for expanded
                                              access "Expanded Access Status : Available"
    (Reform CAR structure due to safety)      why it stopped, for Withdrawn/Terminated/Suspended
    Verified September 2015 by Second Military Medical University.
    Recruitment status was: Recruiting
    First Posted : March 21, 2016
    Last Update Posted : March 19, 2020
    Sponsor:                                  header block: each label on a line of its own,
    Southwest Hospital, China                 its values one a line below it
    Collaborators:                            (or Collaborator:)
    Fudan University
    Information provided by (Responsible Party):     or "Information provided by:" (then the
    Zhi Yang, Southwest Hospital, China              organization that gave the record)
    """
    out: dict = {"sponsors": []}
    pending = False
    header = None  # the header block's label the lines below belong to
    for raw in lines:
        line = raw.strip().strip("|").strip()
        if m := _HEADER.match(line):
            header = m.group("label").lower()
            if header.startswith("information"):
                header = "party" if m.group("party") else "organization"
            continue
        if header is not None:
            _header_value(out, header, line)
            continue
        if m := _STATUS.match(line):
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
        elif (pending or "overall_status" not in out) and line and _status_line(out, line):
            pass
        pending = False
    return out


def _status_line(out: dict, line: str) -> bool:
    """``Terminated (Sponsor decision)``: the status, and why it stopped in parentheses."""
    m = re.match(r"([^(]+)\s*(?:\((.*)\))?$", line)
    if m is None or enum_value(m.group(1), STATUS) is None:
        return False
    out["overall_status"] = enum_value(m.group(1), STATUS)
    if m.group(2):
        out["why_stopped"] = value(m.group(2))
    return True


def _header_value(out: dict, header: str, line: str) -> None:
    name = value(line)
    if not name:
        return
    if header == "sponsor":
        out["sponsors"].append(SponsorRecord(name, "LEAD"))
    elif header.startswith("collaborator"):
        out["sponsors"].append(SponsorRecord(name, "COLLABORATOR"))
    else:
        out.setdefault(header, name)


def _parse_results(lines: list[str]) -> bool | None:
    """Whether results are posted, from the tab list: its third tab is ``- Study Results`` or
    ``- No Results Posted``; ``None`` when the page has no tab list (or is cut inside it)::

    - Study Details
    - Tabular View
    - No Results Posted
    """
    items = [ln.strip() for ln in lines]
    for i in range(len(items) - 2):
        if (items[i], items[i + 1]) == _TABS:
            return {"- Study Results": True, "- No Results Posted": False}.get(items[i + 2])
    return None
