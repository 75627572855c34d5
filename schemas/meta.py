"""Schemas of /v1/stats, /v1/enums and /v1/version, and of the cross-trial collections."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocab import all_enums
from schemas.common import PageArgsSchema, PageMetaSchema
from schemas.field_types import NCT_ID, EnumList
from schemas.trials import ArmSchema, InterventionSchema, OutcomeSchema


class FacetValueSchema(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True, metadata={"description": "Matching trials."})


def _facet(description: str) -> fields.List:
    return fields.List(fields.Nested(FacetValueSchema), metadata={"description": description})


class StatsSchema(Schema):
    total = fields.Integer(required=True, metadata={"description": "Matching trials."})
    overall_status = _facet("Trials by overall status.")
    phase = _facet("Trials by phase (a phase 1/2 trial counts in both).")
    study_type = _facet("Trials by study type.")
    intervention_type = _facet("Trials by the types of their interventions.")
    condition = _facet("The 20 most common conditions.")
    country = _facet("The 50 countries with most trials (by site).")


EnumsSchema = Schema.from_dict(
    {
        name: fields.List(
            fields.String(),
            required=True,
            metadata={"description": f"Values of `{name}`.", "example": values},
        )
        for name, values in all_enums().items()
    },
    name="Enums",
)


class CountsSchema(Schema):
    trials = fields.Integer(required=True)
    documents_loaded = fields.Integer(required=True)
    documents_failed = fields.Integer(required=True)


class VersionSchema(Schema):
    api_version = fields.String(required=True, metadata={"example": "1.0.0"})
    schema_revision = fields.String(
        required=True, metadata={"description": "Database migration the service expects."}
    )
    data_loaded_at = fields.DateTime(
        allow_none=True, metadata={"description": "When the last seed run finished."}
    )
    counts = fields.Nested(CountsSchema, required=True)


class CollectionArgsSchema(PageArgsSchema):
    q = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Full text over the item's name/label/measure and description."},
    )


class ArmArgsSchema(CollectionArgsSchema):
    type = EnumList("arm_type", metadata={"description": "Arm types."})


class InterventionArgsSchema(CollectionArgsSchema):
    type = EnumList("intervention_type", metadata={"description": "Intervention types."})


class OutcomeArgsSchema(CollectionArgsSchema):
    type = EnumList("outcome_type", metadata={"description": "Outcome types."})


class TrialArmSchema(ArmSchema):
    nct_id = NCT_ID


class TrialInterventionSchema(InterventionSchema):
    nct_id = NCT_ID


class TrialOutcomeSchema(OutcomeSchema):
    nct_id = NCT_ID


class ArmPageSchema(Schema):
    data = fields.List(fields.Nested(TrialArmSchema), required=True)
    page = fields.Nested(PageMetaSchema, required=True)


class InterventionPageSchema(Schema):
    data = fields.List(fields.Nested(TrialInterventionSchema), required=True)
    page = fields.Nested(PageMetaSchema, required=True)


class OutcomePageSchema(Schema):
    data = fields.List(fields.Nested(TrialOutcomeSchema), required=True)
    page = fields.Nested(PageMetaSchema, required=True)
