"""Schemas shared by every resource: RFC 9457 problems and cursor pages."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class InvalidParamSchema(Schema):
    name = fields.String(
        required=True, metadata={"description": "The parameter (or body field) at fault."}
    )
    reason = fields.String(required=True, metadata={"description": "What is wrong with it."})


class ProblemSchema(Schema):
    """An RFC 9457 problem detail, served as ``application/problem+json``."""

    type = fields.String(
        required=True,
        metadata={"description": "A URI naming the problem type.", "example": "about:blank"},
    )
    title = fields.String(
        required=True,
        metadata={"description": "Short summary of the problem type.", "example": "Not Found"},
    )
    status = fields.Integer(
        required=True, metadata={"description": "HTTP status code.", "example": 404}
    )
    detail = fields.String(
        metadata={
            "description": "What went wrong in this occurrence.",
            "example": "No trial with NCT id NCT00000000.",
        }
    )
    instance = fields.String(
        metadata={"description": "The request path.", "example": "/v1/trials/NCT00000000"}
    )
    invalid_params = fields.List(
        fields.Nested(InvalidParamSchema),
        metadata={"description": "For 400s: every parameter at fault, by name."},
    )


class PageMetaSchema(Schema):
    limit = fields.Integer(required=True, metadata={"description": "The page size asked for."})
    next_cursor = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Pass as `cursor` to get the next page; null on the last page. "
            "A cursor is only handed out when another item exists."
        },
    )


class PageArgsSchema(Schema):
    limit = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "Items per page (1-100)."},
    )
    cursor = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Opaque cursor from a previous page's `page.next_cursor`."},
    )
