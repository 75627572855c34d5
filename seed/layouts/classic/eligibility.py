"""The eligibility section of the classic page: ages, sex, healthy volunteers, the study
population of an observational study, and the criteria."""

from __future__ import annotations

import re

from domain.records import EligibilityRecord
from domain.vocab import SAMPLING_METHOD, SEX, STD_AGE, enum_value
from seed.layouts.classic.table import ROW, rows
from seed.layouts.values import criteria_lists, eligibility_record, text_value
from seed.text import clean, unescape_markdown

_AGES = re.compile(
    r"^(?:(?P<lo>\S+ \w+) to (?P<hi>\S+ \w+)|(?P<lo2>\S+ \w+) and older|up to (?P<hi2>\S+ \w+))?"
    r"\s*(?:\((?P<std>[^)]*)\))?$",
    re.I,
)
_CELL_END = re.compile(r"(?<!\\)\|\s*$")


def _split(lines: list[str]) -> tuple[list[str], list[str]]:
    """The labelled rows (a value may run over lines to the one ending with `` |``), and the
    criteria: every line after the rows."""
    head: list[str] = []
    open_cell = False
    for k, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if open_cell or ROW.match(line):
            head.append(line)
            row = ROW.match(line) if not open_cell else None
            rest = row.group("rest").strip() if row else line
            open_cell = bool(rest) and not _CELL_END.search(rest)
            continue
        return head, lines[k:]
    return head, []


def _parse_eligibility(lines: list[str]) -> EligibilityRecord:
    """Eligibility rows, then the criteria::

    Ages Eligible for Study: | 18 Years to 80 Years (Adult, Older Adult) |
                                   or "18 Years and older (...)", "up to 17 Years (Child)",
                                   or the categories alone: "Child, Adult, Older Adult"
    Sexes Eligible for Study: | All |                 (Female, Male)
    Accepts Healthy Volunteers: | No |
    Sampling Method: | Non-Probability Sample |        observational studies
    Study Population: | Adults seen at the clinic      a value over lines: its last one ends
    in 2019 and 2020 |                                with " |"
    Inclusion Criteria:                               criteria: every line after the rows
    - Relapsed or refractory HER2 positive cancer.
      - a nested item                                 (indentation kept in the text)
    Exclusion Criteria:
    - Allergic to cytokines.
    """
    head, criteria = _split(lines)
    out: dict = {}
    for label, cell in rows(head):
        label, value = label.lower(), clean(unescape_markdown(cell)) or ""
        if label.startswith("ages eligible"):
            ages = _AGES.match(value)
            if ages:
                lo, hi = (
                    ages.group("lo") or ages.group("lo2"),
                    ages.group("hi") or ages.group("hi2"),
                )
                out["minimum_age"], out["maximum_age"] = lo, hi
            std = ages.group("std") if ages else value
            found = (enum_value(s, STD_AGE) for s in (std or "").split(","))
            out["std_ages"] = tuple(dict.fromkeys(s for s in found if s))
        elif re.match(r"(sexes|genders?) eligible", label):
            out["sex"] = enum_value(value, SEX)
        elif label.startswith("accepts healthy"):
            out["healthy_volunteers"] = {"yes": True, "no": False}.get(value.lower())
        elif label == "sampling method":
            out["sampling_method"] = enum_value(value, SAMPLING_METHOD)
        elif label == "study population":
            out["study_population"] = text_value(cell)
    text = [unescape_markdown(line.rstrip()) for line in criteria if line.strip()]
    lists = criteria_lists(text)
    return eligibility_record(
        **out,
        criteria_text="\n".join(text) or None,
        inclusion=lists["inclusion"],
        exclusion=lists["exclusion"],
    )
