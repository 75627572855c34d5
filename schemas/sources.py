"""Schemas of /v1/sources (the seed documents) and of the admin API under /v1/admin."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.common import PageArgsSchema, PageMetaSchema

SOURCE_STATUSES = ["loaded", "failed"]


class SourceQueryArgsSchema(PageArgsSchema):
    """Query parameters of ``GET /v1/sources``; unknown parameters are a 400."""

    status = fields.String(
        validate=validate.OneOf(SOURCE_STATUSES),
        metadata={"description": "Only documents that `loaded` or `failed`."},
    )


class SourceDocumentSchema(Schema):
    name = fields.String(
        required=True,
        metadata={"description": "File name in the seed directory.", "example": "000_a.txt"},
    )
    layout = fields.String(
        allow_none=True,
        metadata={"description": "`classic` or `modern`; null when it did not parse."},
    )
    sha256 = fields.String(
        required=True, metadata={"description": "SHA-256 of the document's bytes, hex."}
    )
    status = fields.String(required=True, metadata={"description": "`loaded` or `failed`."})
    reason = fields.String(
        allow_none=True,
        metadata={
            "description": "Why it failed (null when it loaded).",
            "example": "the document is empty",
        },
    )
    line = fields.Integer(
        allow_none=True, metadata={"description": "The line the failure was found on, if known."}
    )
    nct_id = fields.String(
        allow_none=True, metadata={"description": "The trial it holds (null when it failed)."}
    )
    loaded_at = fields.DateTime(
        required=True, metadata={"description": "When it was last read by the seed job."}
    )


class SourceDocumentPageSchema(Schema):
    data = fields.List(fields.Nested(SourceDocumentSchema), required=True)
    page = fields.Nested(PageMetaSchema, required=True)


class SeedFailureSchema(Schema):
    name = fields.String(required=True)
    reason = fields.String(required=True)


class SeedReportSchema(Schema):
    """What one run of the seed job did."""

    loaded = fields.Integer(required=True, metadata={"description": "Documents (re)loaded."})
    unchanged = fields.Integer(
        required=True, metadata={"description": "Documents skipped: same bytes as loaded."}
    )
    failed = fields.Integer(required=True, metadata={"description": "Documents that failed."})
    removed = fields.Integer(
        required=True, metadata={"description": "Documents gone from the directory, removed."}
    )
    seconds = fields.Float(required=True)
    failures = fields.List(
        fields.Nested(SeedFailureSchema),
        required=True,
        metadata={"description": "Each failed document and why."},
    )
