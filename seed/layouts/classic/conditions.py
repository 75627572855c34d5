"""The conditions table of the classic page: conditions, interventions by type, phases."""

from __future__ import annotations

import re

from domain.vocab import parse_phases
from seed.layouts.classic.table import cells
from seed.terms import split_terms
from seed.text import clean

# the intervention type words: ``Drug: X`` names an intervention wherever it stands
INTERVENTION_TYPES = (
    r"Drug|Device|Biological|Procedure|Radiation|Behavioral|Genetic|Dietary Supplement"
    r"|Combination Product|Diagnostic Test|Other"
)
_ITYPE_AT = re.compile(rf"(?<!\S)({INTERVENTION_TYPES}):\s+")


def _split_typed(text: str) -> list[tuple[str, str]]:
    """``Biological: X Drug: Y`` -> [("Biological", "X"), ("Drug", "Y")]."""
    marks = list(_ITYPE_AT.finditer(text))
    return [
        (m.group(1), clean(text[m.end() : nxt.start() if nxt else len(text)]) or "")
        for m, nxt in zip(marks, [*marks[1:], None], strict=False)
    ]


def _parse_conditions(lines: list[str]) -> tuple[tuple[str, ...], list[tuple[str, str]], tuple]:
    """The conditions table (its one row may span lines)::

    Condition or disease | Intervention/treatment | Phase |
    ---|---|---|
    Breast Cancer Ovarian Cancer Glioma | Biological: Anti-HER2 CAR-T Drug: Y | Phase 1 Phase 2 |

    Conditions run together are split by what the words are (``split_terms``); a line break
    always ends one, a semicolon never does::

    Cerebral Palsy
    Postural; Defect | Other: Exercise | Not Applicable |

    Returns (conditions, [(type word, intervention name)], phases).
    """
    if not lines:
        return (), [], ()
    header = [c.lower() for c in cells(lines[0])]
    body = [ln.strip() for ln in lines[1:] if not re.match(r"^-{3,}\|", ln.strip())]
    row = dict(zip(header, cells("\n".join(body)), strict=False))
    conditions = split_terms(row.get("condition or disease"), separators="\n")
    interventions = [(t, n) for t, n in _split_typed(row.get("intervention/treatment", "")) if n]
    return conditions, interventions, parse_phases(row.get("phase"))
