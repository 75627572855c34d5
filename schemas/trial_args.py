"""Query parameters of ``/v1/trials`` (and of its CSV export, ``/v1/stats`` and one trial's
``fields``): filters, sorting, paging, sparse fieldsets. Unknown parameters are a 400."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain.countries import UnknownCountryCode, country_keys
from domain.vocab import enum_values
from schemas.common import PageArgsSchema
from schemas.field_types import EnumList, FieldList
from schemas.numbers import Number
from schemas.trials import DETAIL_FIELDS, SUMMARY_FIELDS

# every sort in both directions (`-`: descending); relevance is the one ranking
SORTS = ["relevance"] + [
    f"{sign}{name}"
    for name in ("last_update_posted", "start_date", "enrollment", "nct_id")
    for sign in ("", "-")
]

# `$` in the spec (JSON Schema); `\Z` here, as Python's `$` also matches before a final "\n".
PARTIAL_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
PARTIAL_DATE_RE = PARTIAL_DATE_PATTERN[:-1] + r"\Z"


def _real_date(value: str) -> None:
    if not re.match(PARTIAL_DATE_RE, value):
        return  # the Regexp says what is wrong; "Not a real date." would only repeat it
    try:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        dt.date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise ValidationError("Not a real date.") from exc


def _partial_date(description: str) -> fields.String:
    return fields.String(
        validate=validate.And(
            validate.Regexp(PARTIAL_DATE_RE, error="Must be YYYY, YYYY-MM or YYYY-MM-DD."),
            _real_date,
        ),
        metadata={
            "description": description + " YYYY, YYYY-MM or YYYY-MM-DD, a real date.",
            "example": "2020-01",
            "pattern": PARTIAL_DATE_PATTERN,
        },
    )


def _known_country(value: str) -> None:
    try:
        country_keys(value)
    except UnknownCountryCode as exc:
        raise ValidationError(str(exc)) from exc


def _words(description: str, example: str) -> fields.String:
    return fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": description, "example": example},
    )


class TrialFilterArgsSchema(Schema):
    """Filters shared by ``/v1/trials``, its CSV export and ``/v1/stats``."""

    q = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata={
            "description": "Full-text search over titles, summaries, descriptions, conditions, "
            "keywords, interventions, arms, outcomes and criteria, with stemming and web-search "
            'syntax: `"exact phrase"`, `OR`, `-excluded`. At most 500 characters: a longer '
            "`q` is a 400 naming it (a search that long is never a person's query).",
            "example": "her2 gastric",
        },
    )
    condition = _words(
        "Trials with a condition containing all these words (case-insensitive).",
        "gastric cancer",
    )
    intervention = _words(
        "Trials with an intervention whose name or other names contain all these words.",
        "paclitaxel",
    )
    sponsor = _words("Trials with a sponsor or collaborator containing these words.", "fudan")
    intervention_type = EnumList(
        "intervention_type", metadata={"description": "Intervention types."}
    )
    status = EnumList("overall_status", metadata={"description": "Overall statuses."})
    phase = EnumList("phase", metadata={"description": "Phases (any of them)."})
    study_type = EnumList("study_type", metadata={"description": "Study types."})
    sex = fields.String(
        validate=validate.OneOf(enum_values("sex")),
        metadata={
            "description": "Trials open to this sex: FEMALE matches FEMALE and ALL trials "
            "(and trials that do not say)."
        },
    )
    age = Number(
        "age is a number of years, e.g. age=72.",
        validate=validate.Range(min=0, max=150),
        metadata={
            "description": "Age in years: trials whose age range includes it. A missing bound "
            "means no limit on that side.",
            "example": 72,
        },
    )
    healthy_volunteers = fields.Boolean(
        metadata={"description": "Whether the trial accepts healthy volunteers."}
    )
    country = fields.String(
        validate=[validate.Length(min=1, max=200), _known_country],
        metadata={
            "description": "Trials with a site in this country: an ISO 3166-1 code (`CN`, "
            "`CHN`) or a name (`China`, `South Korea`), case-insensitive. Two or three letters "
            "that are no ISO 3166-1 code are a 400 naming `country`.",
            "example": "CN",
        },
    )
    city = _words("Trials with a site in this city (case-insensitive).", "Hangzhou")
    near = fields.String(
        validate=validate.Regexp(
            r"^ *-?[0-9]{1,2}(\.[0-9]+)? *, *-?[0-9]{1,3}(\.[0-9]+)? *\Z",
            error="Must be 'latitude,longitude' in degrees, e.g. 30.27,120.15.",
        ),
        metadata={
            "description": "`latitude,longitude`: trials with a site within `distance_km`. "
            "Latitude -90 to 90, longitude -180 to 180 (outside them: a 400 naming `near`).",
            "example": "30.27,120.15",
            # the syntax above and the range check below, as one pattern
            "pattern": r"^ *(-?(([0-9]|[0-8][0-9])(\.[0-9]+)?|90(\.0+)?)) *, *"
            r"(-?(([0-9]{1,2}|0[0-9]{2}|1[0-7][0-9])(\.[0-9]+)?|180(\.0+)?)) *$",
        },
    )
    distance_km = Number(
        "distance_km is a number of kilometres, e.g. distance_km=25.",
        validate=validate.Range(min=0.1, max=20000),
        metadata={
            "description": "Radius for `near`, in km (default 50); only with `near` (alone: "
            "a 400 naming `distance_km`)."
        },
    )
    start_from = _partial_date("Trials starting on or after this date.")
    start_to = _partial_date("Trials starting on or before this date (the whole period).")
    updated_since = _partial_date("Trials whose record was updated on or after this date.")

    @validates_schema
    def _check(self, data, **kwargs):
        if "distance_km" in data and "near" not in data:
            raise ValidationError("distance_km needs near.", field_name="distance_km")
        if "near" in data:
            lat, lon = (float(v) for v in data["near"].split(","))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValidationError("Latitude or longitude out of range.", field_name="near")


class TrialQueryArgsSchema(PageArgsSchema, TrialFilterArgsSchema):
    """Query parameters of ``GET /v1/trials``; unknown parameters are a 400."""

    sort = fields.String(
        validate=validate.OneOf(SORTS),
        metadata={
            "description": "Order: `relevance` (the default with `q`; best first), or "
            "`last_update_posted` (`-last_update_posted`, newest first, is the default "
            "without `q`), `start_date`, `enrollment` or `nct_id`, each ascending or, with a "
            "leading `-`, descending. Trials that lack the value come last either way; ties "
            "are broken by NCT id, so paging is stable. `relevance` needs `q` (without: a "
            "400 naming `sort`)."
        },
    )
    count_total = fields.Boolean(
        load_default=False,
        metadata={"description": "Add `page.total`, the number of matching trials."},
    )
    fields_ = FieldList(
        SUMMARY_FIELDS, data_key="fields", metadata={"description": "Return only these fields."}
    )

    @validates_schema
    def _relevance_needs_q(self, data, **kwargs):
        if data.get("sort") == "relevance" and "q" not in data:
            raise ValidationError("sort=relevance needs q.", field_name="sort")


class TrialFieldsArgsSchema(Schema):
    fields_ = FieldList(
        DETAIL_FIELDS, data_key="fields", metadata={"description": "Return only these fields."}
    )
