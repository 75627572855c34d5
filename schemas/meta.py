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


class SyncCountsSchema(Schema):
    studies = fields.Integer(
        required=True, metadata={"description": "Studies the registry sent as changed."}
    )
    loaded = fields.Integer(required=True, metadata={"description": "Stored new or changed."})
    unchanged = fields.Integer(
        required=True, metadata={"description": "The same as stored before: left as they were."}
    )
    superseded = fields.Integer(
        required=True,
        metadata={
            "description": "Stored, but another source of the trial is more recent "
            "(see `GET /v1/sources`)."
        },
    )
    failed = fields.Integer(
        required=True, metadata={"description": "Refused (see `GET /v1/sources`)."}
    )
    moved = fields.Integer(
        required=True,
        metadata={
            "description": "Trials replaced by a study that moved to a new NCT id (the old "
            "id is now an alias)."
        },
    )


class LastSyncSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf(["running", "succeeded", "failed", "abandoned"]),
        metadata={
            "description": "`running` (or stopped half-way: the next sync resumes it), "
            "`succeeded`, `failed` (the registry did not answer: the next sync resumes it) or "
            "`abandoned` (a later sync asked for another date)."
        },
    )
    since = fields.Date(
        required=True,
        metadata={"description": "The sync fetched the studies last updated on or after this."},
    )
    data_timestamp = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={
            "description": "The registry's data time when the sync began; the next sync "
            "fetches the changes since its date."
        },
    )
    started_at = fields.DateTime(required=True)
    finished_at = fields.DateTime(required=True, allow_none=True)
    pages = fields.Integer(required=True, metadata={"description": "Pages fetched and stored."})
    counts = fields.Nested(SyncCountsSchema, required=True)


class VersionSchema(Schema):
    api_version = fields.String(required=True, metadata={"example": "1.0.0"})
    schema_revision = fields.String(
        required=True, metadata={"description": "Database migration the service expects."}
    )
    data_loaded_at = fields.DateTime(
        allow_none=True,
        metadata={
            "description": "When the last load finished: a seed of the seed directory, an "
            "import, or a page of a sync."
        },
    )
    counts = fields.Nested(CountsSchema, required=True)
    last_sync = fields.Nested(
        LastSyncSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The last sync with the registry (`python -m seed sync`)."},
    )


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
