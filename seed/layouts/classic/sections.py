"""The classic page cut into sections by structure: a section starts at its own label, found
anywhere, and page furniture ends one (what follows a piece of furniture is known)."""

from __future__ import annotations

import re

from seed.layouts.classic.outcomes import OUTCOME, OUTCOME_HEADING

_FURNITURE = re.compile(
    r"^(?:!\[\]\(\)|The safety and scientific validity|- (?:Study Details|Tabular View|"
    r"No Results Posted|Study Results|Disclaimer|How to Read a Study Record)$|"
    r"Choosing to participate|"
    r"To learn more about this study|Please refer to this study|For general information|"
    r"Information from the National Library of Medicine)"
)
# what follows a piece of furniture
_AFTER = (
    ("Choosing", "eligibility"),
    ("To learn", "sites"),
    ("Please", "sites"),
    ("- ", "description"),
)
_ROWS = {
    "design": r"Study Type|(?:Actual |Estimated )?Enrollment|Allocation|Intervention Model|Masking"
    r"|Primary Purpose|Observational Model|Time Perspective|Official Title|Acronym"
    r"|Biospecimen Retention|Biospecimen Description|Target Follow-Up Duration|Expanded Access Type"
    r"|(?:Actual |Estimated |Anticipated )?(?:Study Start|(?:Primary|Study) Completion) Date",
    "eligibility": r"Ages Eligible for Study|(?:Sexes|Genders?) Eligible for Study|Gender Based"
    r" Eligibility|Gender Eligibility Description|Accepts Healthy Volunteers|Sampling Method"
    r"|Study Population",
    "officials": r"Principal Investigator|Study Director|Study Chair",
    "sponsors": r"Sponsor|Collaborators?|Information provided by[^:|]*",
    "more": r"Responsible Party|ClinicalTrials\.gov Identifier|Other Study ID Numbers"
    r"|(?:Results )?First Posted|Last Update Posted|Last Verified|Individual Participant Data"
    r"[^:|]*|Plan to Share IPD|Studies a U\.S\. FDA-regulated[^:|]*|Keywords provided by[^:|]*"
    r"|Additional relevant MeSH terms",
}
_BEFORE_OUTCOMES = ("arms", "details", "design", "description")
_STARTS = (
    ("status", re.compile(r"^(?:Recruitment|Expanded Access) Status\s*:")),
    ("conditions", re.compile(r"^Condition or disease\s*\|")),
    ("arms", re.compile(r"^(?:Arm|Group/Cohort)\s*\|")),
    ("details", re.compile(r"^Intervention Details\s*:\s*$")),
    ("outcomes", re.compile(OUTCOME_HEADING, re.I)),
    ("references", re.compile(r"^Publications\b[^|:]*:\s*\|?$")),
    *((name, re.compile(rf"^(?:{rx})\s*:\s*\|")) for name, rx in _ROWS.items()),
)


def split_sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines by section: each section starts at its label; furniture lines end one.

    The sections: ``header`` (title and identifier), ``status`` (with the header block under
    it: sponsor, collaborators, who provided the information), ``conditions`` (the table),
    ``description``, ``design``, ``arms``, ``details`` (Intervention Details), ``outcomes``,
    ``eligibility``, ``sites``, ``sponsors``, ``officials``, ``references`` and ``more`` (More
    Information).
    """
    out: dict[str, list[str]] = {}
    current, table_cols, row_pipes = "header", 0, -1
    for raw in lines:
        line = raw.strip()
        if _FURNITURE.match(line):
            current = next((s for p, s in _AFTER if line.startswith(p)), current)
            continue
        if current == "status" and line == "|":
            current = "description"
            continue
        start = next((name for name, rx in _STARTS if rx.match(line)), None)
        if start is None and OUTCOME.match(line) and current in _BEFORE_OUTCOMES:
            start = "outcomes"
        if start is None and line.startswith("Contact:") and current == "eligibility":
            start = "sites"
        if start and start != current:
            current = start
            table_cols, row_pipes = line.count("|"), -1
        out.setdefault(current, []).append(raw)
        if current == "conditions" and start is None:  # the table ends with its one row
            if re.match(r"^-{3,}\|", line):
                row_pipes = 0
            elif row_pipes >= 0:
                row_pipes += len(re.findall(r"(?<!\\)\|", line))
                if row_pipes >= table_cols:
                    current = "description"
    return out
