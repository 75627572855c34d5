"""The Eligibility Criteria section of the modern page: criteria lists, then labels."""

from __future__ import annotations

import re

from domain.records import EligibilityRecord
from domain.vocab import SEX, STD_AGE, enum_value
from seed.layouts.modern.labels import first_value, label_names, label_values
from seed.layouts.modern.lines import Line, heading_key
from seed.layouts.values import eligibility_record
from seed.text import unescape_markdown

_ELIGIBILITY = label_names(
    minimum_age="minimum eligible age|minimum age",
    maximum_age="maximum eligible age|maximum age",
    sex="eligible sex|sex|gender|eligible gender",
    healthy="accepts healthy volunteers|healthy volunteers",
    std_ages="standard ages|std ages|age groups|age group",
    _="study population|sampling method|gender description",
)
_PRINTED_LABELS = {"minimum eligible age", "maximum eligible age", "eligible sex"}
_PRINTED_LABELS |= {"accepts healthy volunteers", "standard ages"}


def _eligibility_label(text: str, in_list: bool) -> bool:
    """A label line; inside a criteria list only the labels pages print end the list."""
    key = heading_key(text)
    return bool(text) and text[-1] != ":" and key in (_PRINTED_LABELS if in_list else _ELIGIBILITY)


_LIST_HEADING = re.compile(r"^(?:key\s+|main\s+)?(inclusion|exclusion)\s+criteria\b", re.I)


def _parse_eligibility(body: list[Line]) -> EligibilityRecord:
    """Criteria lists, then labels each followed by a value::

    Inclusion Criteria
    1. Age >= 18 years                   numbered or bulleted criteria
    Exclusion Criteria
    1. Pregnancy
    Minimum Eligible Age / 18 Years      (may follow the last criterion with no blank line)
    Maximum Eligible Age / 70 Years      Eligible Sex / ALL | FEMALE | MALE
    Accepts Healthy Volunteers / No      Standard Ages / ADULT, OLDER_ADULT
    """
    criteria: list[Line] = []
    labelled: list[Line] = []
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    target: list[str] | None = None
    for line in body:
        if (heading := _LIST_HEADING.match(line.text)) and len(line.text) <= 60:
            target = lists[heading.group(1).lower()]
        elif _eligibility_label(line.text, in_list=target is not None):
            target, labelled = None, [*labelled, line]
            continue
        if target is None and labelled:
            labelled.append(line)  # a label's value
            continue
        criteria.append(line)
        if target is not None and not heading:
            target.append(line.raw)
    raw = [unescape_markdown(ln.raw) for ln in criteria]
    text = "\n".join(r.rstrip() for r in raw if r.strip()) or None  # as classic: no blank lines
    values = label_values(labelled, _ELIGIBILITY)
    healthy = (first_value(values, "healthy") or "").strip().lower()
    ages = re.split(r"[,;/\n]+", "\n".join(values.get("std_ages", [])))
    return eligibility_record(
        minimum_age=first_value(values, "minimum_age"),
        maximum_age=first_value(values, "maximum_age"),
        sex=enum_value(first_value(values, "sex"), SEX),
        healthy_volunteers={"yes": True, "true": True, "no": False, "false": False}.get(healthy),
        std_ages=tuple(dict.fromkeys(a for p in ages if (a := enum_value(p.strip(), STD_AGE)))),
        criteria_text=text,
        inclusion=lists["inclusion"],
        exclusion=lists["exclusion"],
    )
