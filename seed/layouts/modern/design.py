"""The Study Design section of the modern page."""

from __future__ import annotations

import re

from domain.records import DesignRecord
from domain.vocab import (
    ALLOCATION,
    BIOSPEC_RETENTION,
    INTERVENTION_MODEL,
    MASKING,
    OBSERVATIONAL_MODEL,
    PRIMARY_PURPOSE,
    TIME_PERSPECTIVE,
    WHO_MASKED,
    enum_value,
)
from seed.layouts.modern.labels import first_value, label_names, label_values
from seed.layouts.modern.lines import Line
from seed.layouts.values import text_value, value

_DESIGN = label_names(
    allocation="allocation method|allocation",
    intervention_model="intervention model",
    primary_purpose="primary study purpose|primary purpose",
    masking="blinding strategy|masking|blinding",
    who_masked="who is blinded|who masked|masked roles|blinded roles|blinded parties",
    observational_model="observational model",
    time_perspective="time perspective",
    bio_spec_retention="biospecimen retention|bio spec retention",
    bio_spec_description="biospecimen description|bio spec description",
    target_duration="target follow-up duration|target duration",
    _="intervention model description|masking description|model description",
)


def _parse_study_design(body: list[Line]) -> DesignRecord:
    """Labels each followed by a value::

    Allocation Method / RANDOMIZED       Intervention Model / PARALLEL
    Primary Study Purpose / TREATMENT    Blinding Strategy / DOUBLE (PARTICIPANT, INVESTIGATOR)
    Who Is Blinded / PARTICIPANT, ...    Observational Model / COHORT
    Time Perspective / PROSPECTIVE       Biospecimen Retention / SAMPLES_WITH_DNA
    Biospecimen Description / <text>     Target Follow-Up Duration / 6 Months
    """
    values = label_values(body, _DESIGN)
    masking = first_value(values, "masking") or ""
    who_text = (
        " ".join(values.get("who_masked", [])) + " " + " ".join(re.findall(r"\(([^)]*)\)", masking))
    )
    who = [enum_value(part, WHO_MASKED) for part in re.split(r"[,;/\n]|\band\b", who_text)]
    return DesignRecord(
        allocation=enum_value(first_value(values, "allocation"), ALLOCATION),
        intervention_model=enum_value(
            first_value(values, "intervention_model"), INTERVENTION_MODEL
        ),
        masking=enum_value(re.sub(r"\(.*", "", masking).strip(), MASKING),
        who_masked=tuple(dict.fromkeys(w for w in who if w)),
        primary_purpose=enum_value(first_value(values, "primary_purpose"), PRIMARY_PURPOSE),
        observational_model=enum_value(
            first_value(values, "observational_model"), OBSERVATIONAL_MODEL
        ),
        time_perspective=enum_value(first_value(values, "time_perspective"), TIME_PERSPECTIVE),
        bio_spec_retention=enum_value(first_value(values, "bio_spec_retention"), BIOSPEC_RETENTION),
        bio_spec_description=text_value("\n".join(values.get("bio_spec_description", []))),
        target_duration=value(first_value(values, "target_duration")),
    )
