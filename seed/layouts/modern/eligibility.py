"""The Eligibility Criteria section of the modern page: criteria lists, then labels."""

from __future__ import annotations

import re

from domain.records import EligibilityRecord
from domain.vocab import SAMPLING_METHOD, SEX, STD_AGE, enum_value
from seed.layouts.modern.labels import first_value, label_names, label_values
from seed.layouts.modern.lines import Line, heading_key
from seed.layouts.values import criteria_lists, eligibility_record, text_value
from seed.text import unescape_markdown

_ELIGIBILITY = label_names(
    minimum_age="minimum eligible age|minimum age",
    maximum_age="maximum eligible age|maximum age",
    sex="eligible sex|sex|gender|eligible gender",
    healthy="accepts healthy volunteers|healthy volunteers",
    std_ages="standard ages|std ages|age groups|age group",
    study_population="study population",
    sampling_method="sampling method",
    _="gender description",
)
_PRINTED_LABELS = {"minimum eligible age", "maximum eligible age", "eligible sex"}
_PRINTED_LABELS |= {"accepts healthy volunteers", "standard ages", "study population"}
_PRINTED_LABELS |= {"sampling method"}


def _eligibility_label(text: str, in_list: bool) -> bool:
    """A label line; inside a criteria list only the labels pages print end the list."""
    key = heading_key(text)
    return bool(text) and text[-1] != ":" and key in (_PRINTED_LABELS if in_list else _ELIGIBILITY)


_LIST_HEADING = re.compile(r"^(?:key\s+|main\s+)?(inclusion|exclusion)\s+criteria\b", re.I)


def _split(body: list[Line]) -> tuple[list[Line], list[Line]]:
    """The criteria lines, and the label lines (labels with their values) before and after."""
    criteria: list[Line] = []
    labelled: list[Line] = []
    state = "start"  # -> "labels" (before the criteria) -> "criteria" -> "after"
    for line in body:
        if not line.text:
            (labelled if state in ("labels", "after") else criteria).append(line)
            continue
        heading = _LIST_HEADING.match(line.text) and len(line.text) <= 60
        if state in ("start", "labels") and heading:
            state = "criteria"
        elif state == "start" and _eligibility_label(line.text, in_list=False):
            state = "labels"
        elif state in ("start", "criteria") and _eligibility_label(line.text, in_list=True):
            state = "after"
        elif state == "start":
            state = "criteria"
        (labelled if state in ("labels", "after") else criteria).append(line)
    return criteria, labelled


def _parse_eligibility(body: list[Line]) -> EligibilityRecord:
    """Criteria, then labels each followed by a value (an observational study's population
    may come before the criteria)::

    Inclusion Criteria                   the criteria as written: headings, numbered or
    1. Age >= 18 years                   bulleted items, nested items (indentation kept)
    Exclusion Criteria
    1. Pregnancy
    Minimum Eligible Age / 18 Years      (may follow the last criterion with no blank line)
    Maximum Eligible Age / 70 Years      Eligible Sex / ALL | FEMALE | MALE
    Accepts Healthy Volunteers / No      Standard Ages / ADULT, OLDER_ADULT
    Study Population / <text>            Sampling Method / NON_PROBABILITY_SAMPLE
    """
    criteria, labelled = _split(body)
    text = [unescape_markdown(line.raw.rstrip()) for line in criteria if line.text]
    lists = criteria_lists(text)
    values = label_values(labelled, _ELIGIBILITY)
    healthy = (first_value(values, "healthy") or "").strip().lower()
    ages = re.split(r"[,;/\n]+", "\n".join(values.get("std_ages", [])))
    return eligibility_record(
        minimum_age=first_value(values, "minimum_age"),
        maximum_age=first_value(values, "maximum_age"),
        sex=enum_value(first_value(values, "sex"), SEX),
        healthy_volunteers={"yes": True, "true": True, "no": False, "false": False}.get(healthy),
        std_ages=tuple(dict.fromkeys(a for p in ages if (a := enum_value(p.strip(), STD_AGE)))),
        criteria_text="\n".join(text) or None,
        inclusion=lists["inclusion"],
        exclusion=lists["exclusion"],
        study_population=text_value("\n".join(values.get("study_population", []))),
        sampling_method=enum_value(first_value(values, "sampling_method"), SAMPLING_METHOD),
    )
