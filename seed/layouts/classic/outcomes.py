"""The outcome measures of the classic page."""

from __future__ import annotations

import re

from domain.records import OutcomeRecord
from domain.vocab import OUTCOME_TYPE, enum_value
from seed.layouts.classic.table import ROW
from seed.layouts.values import value
from seed.text import unescape_markdown

# one measure: ``- Overall survival [ Time Frame: 2 years ]`` then its description
# a heading with nothing after it: ``Primary Outcome Measures :``
OUTCOME_HEADING = r"^(?P<kind>Primary|Secondary|Other)[\w -]* Outcome Measures?\s*:\s*\|?$"
OUTCOME = re.compile(r"^(?:-|\d+\.)\s*(?P<m>.*?)\s*\[\s*Time Frame:\s*(?P<tf>.*?)\s*\](?P<d>.*)$")


def _parse_outcomes(lines: list[str]) -> tuple[OutcomeRecord, ...]:
    """Outcome measures, typed only under a heading::

    Primary Outcome Measures :                       (optional) Secondary / Other ...
    - Overall survival [ Time Frame: 2 years ]Description, which may be empty
    """
    found: list[list] = []
    kind = None
    for raw in lines:
        line = raw.strip()
        if m := re.match(OUTCOME_HEADING, line, re.I):
            kind = enum_value(m.group("kind"), OUTCOME_TYPE)
        elif m := OUTCOME.match(line):
            found.append([m.group("m"), kind, m.group("tf"), [m.group("d")]])
        elif line.startswith("- "):
            found.append([line[2:], kind, None, []])
        elif found and line and not ROW.match(line):
            found[-1][3].append(line)
    return tuple(
        OutcomeRecord(
            measure=value(measure) or "",
            type=kind,
            time_frame=value(tf),
            description="\n".join(unescape_markdown(d.strip()) for d in desc if d.strip()) or None,
        )
        for measure, kind, tf, desc in found
    )
