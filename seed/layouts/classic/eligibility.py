"""The eligibility section of the classic page: ages, sex, healthy volunteers and criteria."""

from __future__ import annotations

import re

from domain.records import EligibilityRecord
from domain.vocab import SEX, STD_AGE, enum_value
from seed.layouts.classic.table import ROW
from seed.layouts.values import eligibility_record
from seed.text import clean, strip_cell, unescape_markdown

_CRITERIA_HEAD = re.compile(
    r"^(?:key\s+)?(inclusion|exclusion)\s+criteria\b[^:]{0,60}?(?::\s*(?P<rest>.*))?$", re.I
)
_AGES = re.compile(
    r"^(?:(?P<lo>\S+ \w+) to (?P<hi>\S+ \w+)|(?P<lo2>\S+ \w+) and older|up to (?P<hi2>\S+ \w+))?"
    r"\s*(?:\((?P<std>[^)]*)\))?$",
    re.I,
)


def _parse_eligibility(lines: list[str]) -> EligibilityRecord:
    """Eligibility rows, then the criteria::

    Ages Eligible for Study: | 18 Years to 80 Years (Adult, Older Adult) |
    Sexes Eligible for Study: | All |                 (Female, Male)
    Accepts Healthy Volunteers: | No |
    Inclusion Criteria:                               criteria: the lines to the section's end
    - Relapsed or refractory HER2 positive cancer.
    Exclusion Criteria:
    - Allergic to cytokines.
    """
    out: dict = {}
    criteria: list[str] = []
    for raw in lines:
        line = raw.strip()
        m = ROW.match(line)
        if not m:
            if line and (criteria or _CRITERIA_HEAD.match(line) or line.startswith("- ")):
                criteria.append(unescape_markdown(line))
            continue
        label, value = m.group("label").lower(), strip_cell(m.group("rest"))
        if label.startswith("ages eligible"):
            ages = _AGES.match(clean(value) or "")
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
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    key = None
    for line in criteria:
        if m := _CRITERIA_HEAD.match(line):
            key = m.group(1).lower()
            line = m.group("rest") or ""
        if key and line:
            lists[key].append(line)
    return eligibility_record(
        **out,
        criteria_text="\n".join(criteria) or None,
        inclusion=lists["inclusion"],
        exclusion=lists["exclusion"],
    )
