"""The study design rows of the classic page: type, enrollment, design, titles and dates."""

from __future__ import annotations

import re

from domain.dates import parse_date
from domain.records import DateRecord, EnrollmentRecord
from domain.vocab import (
    ALLOCATION,
    BIOSPEC_RETENTION,
    INTERVENTION_MODEL,
    MASKING,
    OBSERVATIONAL_MODEL,
    PRIMARY_PURPOSE,
    STUDY_TYPE,
    TIME_PERSPECTIVE,
    WHO_MASKED,
    enum_value,
)
from seed.layouts.classic.table import rows
from seed.layouts.values import text_value, value

_DESIGN_TABLES = {
    "allocation": ("allocation", ALLOCATION),
    "intervention model": ("intervention_model", INTERVENTION_MODEL),
    "primary purpose": ("primary_purpose", PRIMARY_PURPOSE),
    "observational model": ("observational_model", OBSERVATIONAL_MODEL),
    "time perspective": ("time_perspective", TIME_PERSPECTIVE),
    "biospecimen retention": ("bio_spec_retention", BIOSPEC_RETENTION),
}
_TEXTS = {
    "biospecimen description": "bio_spec_description",
    "target follow-up duration": "target_duration",
}


def _date(label: str, cell: str) -> DateRecord | None:
    """``Actual Study Start Date`` and ``March 2016`` -> (``2016-03``, ACTUAL); no date: None."""
    date = parse_date(cell)
    kind = (
        "ACTUAL"
        if "Actual" in label
        else "ESTIMATED"
        if re.search(r"Estimated|Anticipated", label)
        else None
    )
    return DateRecord(date, kind) if date else None


def _parse_design(lines: list[str]) -> dict:
    """The study design rows (unknown rows are skipped)::

    Study Type : | Interventional (Clinical Trial) |
    Actual Enrollment : | 0 participants |           or Estimated Enrollment
    Allocation: | N/A |                              Intervention Model, Primary Purpose, ...
    Masking: | Double (Participant, Investigator) |
    Observational Model: | Cohort |                   Time Perspective, Biospecimen Retention
    Biospecimen Description: | Whole blood          a value may run over lines: its last one
    and serum samples |                               ends with " |"
    Target Follow-Up Duration: | 6 Months |
    Official Title: | ... |                          Acronym: | ... |
    Actual Study Start Date : | March 2016 |          Primary Completion / Study Completion
    """
    out: dict = {"design": {}, "dates": {}}
    for label, cell in rows(lines):
        key = re.sub(r"^(Actual|Estimated|Anticipated) ", "", label).lower()
        if key == "study type":
            out["study_type"] = enum_value(cell, STUDY_TYPE)
        elif key == "enrollment":
            count = re.match(r"\d[\d,]*", cell)
            kind = "ACTUAL" if "Actual" in label else "ESTIMATED" if "Estimated" in label else None
            out["enrollment"] = (
                EnrollmentRecord(int(count.group(0).replace(",", "")), kind) if count else None
            )
        elif key == "masking":
            head, _, who = cell.partition("(")
            masking = enum_value(cell, MASKING) or enum_value(head, MASKING)
            out["design"]["masking"] = masking
            if masking and masking != "NONE":
                found = (enum_value(w, WHO_MASKED) for w in who.rstrip(")").split(","))
                out["design"]["who_masked"] = tuple(w for w in found if w)
        elif key in _DESIGN_TABLES:
            field, table = _DESIGN_TABLES[key]
            out["design"][field] = enum_value(cell, table)
        elif key in _TEXTS:
            out["design"][_TEXTS[key]] = text_value(cell)
        elif key in ("official title", "acronym"):
            out[key.replace(" ", "_")] = value(cell)
        elif m := re.match(r"(study start|primary completion|study completion) date$", key):
            field = {"study start": "start", "study completion": "completion"}.get(m.group(1))
            out["dates"][field or "primary_completion"] = _date(label, cell)
    return out
