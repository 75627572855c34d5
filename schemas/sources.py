"""Schemas of /v1/sources (the seed documents) and of the admin API under /v1/admin."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.common import PageArgsSchema, PageMetaSchema

SOURCE_STATUSES = ["loaded", "failed", "superseded"]
SOURCE_ORIGINS = ["file", "archive", "sync"]
SOURCE_FORMATS = ["classic", "modern", "ctgov-json", "ctgov-xml"]


class SourceQueryArgsSchema(PageArgsSchema):
    """Query parameters of ``GET /v1/sources``; unknown parameters are a 400."""

    # a source's name (a ZIP member's path included) may be long: so may its cursor
    cursor = fields.String(
        validate=validate.Length(max=2000),
        metadata={"description": "Opaque cursor from a previous page's `page.next_cursor`."},
    )
    status = fields.String(
        validate=validate.OneOf(SOURCE_STATUSES),
        metadata={
            "description": "Only sources that `loaded` (each holds its trial), `failed`, or "
            "were `superseded` by another source of the same study."
        },
    )
    origin = fields.String(
        validate=validate.OneOf(SOURCE_ORIGINS),
        metadata={"description": "Only sources from a `file`, a ZIP `archive`, or a `sync`."},
    )
    nct_id = fields.String(
        validate=validate.Regexp(r"^NCT\d{8}$"),
        metadata={
            "description": "Only the sources of this study: the one it is served from, and "
            "those superseded.",
            "example": "NCT00081588",
        },
    )


class SourceDocumentSchema(Schema):
    name = fields.String(
        required=True,
        metadata={
            "description": "The source's name: a file's path in the seed directory (or an "
            "imported file's name); a ZIP member as `ARCHIVE!/PATH`; a study of a JSON page "
            "as `FILE[INDEX]`, of JSON Lines as `FILE:LINE`; a synced record as "
            "`ctgov-api!/NCT…`.",
            "example": "ctg-studies.json.zip!/67/NCT01234567.json",
        },
    )
    format = fields.String(
        allow_none=True,
        validate=validate.OneOf(SOURCE_FORMATS),
        metadata={
            "description": "The record's format: `classic` or `modern` (text renderings of a "
            "record page), `ctgov-json` (API v2), `ctgov-xml` (legacy XML); null when it "
            "did not parse."
        },
    )
    layout = fields.String(
        allow_none=True,
        metadata={"description": "The same as `format` (its former name)."},
    )
    origin = fields.String(
        required=True,
        validate=validate.OneOf(SOURCE_ORIGINS),
        metadata={
            "description": "`file` (a document), `archive` (a member of a ZIP), `sync` (a "
            "record fetched from the registry's API)."
        },
    )
    container = fields.String(
        allow_none=True,
        metadata={
            "description": "The file it was read from (a ZIP for its members); null for sync.",
            "example": "ctg-studies.json.zip",
        },
    )
    sha256 = fields.String(
        required=True, metadata={"description": "SHA-256 of the study's bytes, hex."}
    )
    status = fields.String(
        required=True,
        validate=validate.OneOf(SOURCE_STATUSES),
        metadata={
            "description": "`loaded`: the trial is served from it; `superseded`: another "
            "source of the same study is (`reason` names it and says why); `failed`: it "
            "holds no study (`reason` says why)."
        },
    )
    reason = fields.String(
        allow_none=True,
        metadata={
            "description": "Why it failed or was superseded (null when it loaded).",
            "example": "NCT00513591 is current from registry/xml/NCT00513591.xml: last "
            "update 2017-06-16, this one 2016-06-15",
        },
    )
    line = fields.Integer(
        allow_none=True, metadata={"description": "The line the failure was found on, if known."}
    )
    nct_id = fields.String(
        allow_none=True, metadata={"description": "The study it holds (null when it failed)."}
    )
    last_update = fields.Date(
        allow_none=True,
        metadata={"description": "The record's last update posted: the later one is served."},
    )
    loaded_at = fields.DateTime(
        required=True, metadata={"description": "When it was last stored by the loader."}
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
    superseded = fields.Integer(
        required=True,
        metadata={
            "description": "Documents of a study another source holds (a later last update, "
            "or the registry's own format): kept, not served."
        },
    )
    seconds = fields.Float(required=True)
    failures = fields.List(
        fields.Nested(SeedFailureSchema),
        required=True,
        metadata={"description": "Each failed document and why."},
    )
