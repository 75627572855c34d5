"""Schemas of ``GET /`` and ``GET /v1``: what the API is and where its parts are."""

from __future__ import annotations

from marshmallow import Schema, fields


def _link(description: str, example: str) -> fields.String:
    return fields.String(required=True, metadata={"description": description, "example": example})


class ApiLinksSchema(Schema):
    docs = _link("Interactive documentation (Swagger UI).", "/docs")
    openapi = _link("The OpenAPI document this API is built from.", "/v1/openapi.json")
    trials = _link("Find trials: filters, full text, sorting, paging.", "/v1/trials")
    trials_csv = _link("The same search as CSV: every matching trial.", "/v1/trials.csv")
    match = _link("POST a patient profile: the trials they could join.", "/v1/match")
    arms = _link("Arms across trials.", "/v1/arms")
    interventions = _link("Interventions across trials.", "/v1/interventions")
    outcomes = _link("Outcome measures across trials.", "/v1/outcomes")
    stats = _link("Facet counts over a search.", "/v1/stats")
    sources = _link("The documents the seed job read.", "/v1/sources")
    enums = _link("Every enum and its values.", "/v1/enums")
    version = _link("API version, data load time, record counts.", "/v1/version")
    health = _link("Liveness probe.", "/healthz")
    ready = _link("Readiness probe.", "/readyz")


class ApiIndexSchema(Schema):
    name = fields.String(required=True, metadata={"example": "Trials API"})
    description = fields.String(required=True)
    version = fields.String(
        required=True, metadata={"description": "The API version.", "example": "1.0.0"}
    )
    links = fields.Nested(
        ApiLinksSchema,
        required=True,
        metadata={"description": "Where each part of the API is, as paths on this server."},
    )
