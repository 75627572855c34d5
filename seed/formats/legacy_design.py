"""The oldest legacy XML form of a study's design, ``<study_design>`` (one string, before 2011),
rewritten as the ``<study_design_info>`` that replaced it, so one element table reads both."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from domain.vocab import (
    ALLOCATION,
    INTERVENTION_MODEL,
    MASKING,
    OBSERVATIONAL_MODEL,
    PRIMARY_PURPOSE,
    TIME_PERSPECTIVE,
    enum_value,
)
from seed.formats.element_table import text

_DESIGN_LABELS = {
    "allocation": "allocation",
    "intervention model": "intervention_model",
    "masking": "masking",
    "primary purpose": "primary_purpose",
    "observational model": "observational_model",
    "time perspective": "time_perspective",
}
_DESIGN_TABLES = {
    "allocation": ALLOCATION,
    "intervention_model": INTERVENTION_MODEL,
    "masking": MASKING,
    "primary_purpose": PRIMARY_PURPOSE,
    "observational_model": OBSERVATIONAL_MODEL,
    "time_perspective": TIME_PERSPECTIVE,
}


def legacy_design(root: Element, value: str) -> Element:
    """``<study_design>`` as the ``<study_design_info>`` that replaced it::

        Allocation: Randomized, Intervention Model: Factorial Assignment, Masking: Open Label
        Treatment, Randomized, Double Blind (Subject, Investigator), Parallel Assignment

    Labelled parts go under their label; an unlabelled part (the oldest form) goes where exactly
    one vocabulary knows it ("Other" is in three: left out). Other parts ("Endpoint
    Classification: ...", "Placebo Control") have no field and are left out.
    """
    info = root.makeelement("study_design_info", {})
    for part in re.split(r",\s*(?![^()]*\))", value):
        label, _, said = part.rpartition(":") if ":" in part.split("(")[0] else ("", "", part)
        if label:
            tag = _DESIGN_LABELS.get(" ".join(label.lower().split()))
        else:
            head = said.split("(")[0]
            known = [t for t, table in _DESIGN_TABLES.items() if enum_value(head, table)]
            tag = known[0] if len(known) == 1 else None
        if tag and info.find(tag) is None:
            child = info.makeelement(tag, {})
            child.text = said.strip()
            info.append(child)
    return info


def upgrade_design(root: Element) -> None:
    """Older records in the newer form, so that one table reads both."""
    old = root.find("study_design")
    if root.find("study_design_info") is None and old is not None:
        root.append(legacy_design(root, text(old) or ""))
