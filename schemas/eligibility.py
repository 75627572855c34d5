"""Wire schemas of a trial's eligibility: ages, sex, the criteria one by one, and the typed
facts read from them at load time (what ``POST /v1/match`` decides on)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.records import FACT_KINDS
from schemas.field_types import enum_field, enum_list_field, text_field


class CriterionSchema(Schema):
    ordinal = fields.Integer(
        required=True, metadata={"description": "1-based position within its list."}
    )
    text = fields.String(required=True, metadata={"description": "The criterion as written."})
    section = text_field("Sub-heading the criterion stands under, e.g. 'Hematology'.")
    understood = fields.Boolean(
        metadata={"description": "Whether at least one fact was read from it (see `facts`)."}
    )


class FactSchema(Schema):
    """One typed fact read from one criterion at load time."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(FACT_KINDS),
        metadata={"description": "What the fact is about.", "example": "LAB"},
    )
    list = fields.String(
        required=True,
        validate=validate.OneOf(["inclusion", "exclusion"]),
        metadata={"description": "The list of the criterion it was read from."},
    )
    ordinal = fields.Integer(
        required=True, metadata={"description": "That criterion's ordinal in its list."}
    )
    span = fields.String(
        required=True,
        metadata={"description": "The words of the criterion the fact was read from, verbatim."},
    )
    effect = fields.String(
        required=True,
        validate=validate.OneOf(["REQUIRE", "EXCLUDE"]),
        metadata={
            "description": "REQUIRE: a patient must satisfy the predicate; EXCLUDE: satisfying "
            "it rules a patient out."
        },
    )
    operator = fields.String(
        required=True,
        validate=validate.OneOf(
            ["GT", "GTE", "LT", "LTE", "EQ", "RANGE", "IN", "PRESENT", "WITHIN"]
        ),
        metadata={
            "description": "The predicate: the patient's value compared with `value` "
            "(RANGE: `value`..`value_max`), one of `values` (IN), present (PRESENT), or "
            "happened within `value` `unit` (WITHIN)."
        },
    )
    name = text_field("The analyte (LAB), flag (HISTORY) or site (METASTASIS).", "platelets")
    value = fields.Float(allow_none=True, metadata={"description": "Threshold, canonical unit."})
    value_max = fields.Float(allow_none=True, metadata={"description": "RANGE upper bound."})
    unit = text_field("Canonical unit of `value`; null for ratios and ×ULN.", "×10^9/L")
    relative_to = text_field("`ULN`: `value` is a multiple of the upper limit of normal.")
    values = fields.List(
        fields.String(),
        metadata={
            "description": "IN: the accepted values (sexes, ECOG scores, HER2 definitions such "
            "as `ihc:3+` or `ihc:2+&ish:POSITIVE`)."
        },
    )
    as_written = text_field("The threshold as the criterion writes it.", "50,000/mm^3")
    when = text_field(
        "A profile flag the fact applies under (`liver_metastases`; `!` for its absence)."
    )
    exception = text_field("Words that let some patients with the excluded feature in anyway.")
    alternative = fields.Integer(
        metadata={
            "description": "Facts of one criterion sharing a non-zero number are "
            "alternatives: any one suffices."
        }
    )


class EligibilitySchema(Schema):
    minimum_age = text_field("Minimum age as written.", "18 Years")
    maximum_age = text_field("Maximum age as written.", "80 Years")
    minimum_age_years = fields.Float(
        allow_none=True, metadata={"description": "Minimum age in years; null: no lower limit."}
    )
    maximum_age_years = fields.Float(
        allow_none=True, metadata={"description": "Maximum age in years; null: no upper limit."}
    )
    sex = enum_field("sex", "Sexes eligible.")
    healthy_volunteers = fields.Boolean(
        allow_none=True, metadata={"description": "Whether healthy volunteers are accepted."}
    )
    std_ages = enum_list_field("std_age", "Age groups.")
    criteria_text = text_field("The criteria as written.")
    inclusion = fields.List(fields.Nested(CriterionSchema))
    exclusion = fields.List(fields.Nested(CriterionSchema))
    study_population = text_field("Observational: the population studied, as written.")
    sampling_method = enum_field("sampling_method", "Observational: how participants are sampled.")
    facts = fields.List(
        fields.Nested(FactSchema),
        metadata={
            "description": "Typed facts read from the criteria at load time. A criterion "
            "with no fact is kept as text and marked `understood: false`."
        },
    )
