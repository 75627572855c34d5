"""Wire schemas of the FHIR facade, for the OpenAPI spec: its query parameters and the
outline of the resources it returns (the resources themselves are FHIR R5; their
definitions are the FHIR specification's, listed by ``GET /fhir/metadata``)."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from domain.fhir.search_params import CONTROL_PARAMS, SEARCH_PARAMS

_CONTROL = {
    "_format": "`json`, `application/json` or `application/fhir+json`; any other format "
    "(XML, Turtle) is a 406.",
    "_pretty": "`true`: indented JSON.",
    "_summary": "`true`: the summary elements only (tagged SUBSETTED); `text`, `data`, "
    "`false`; `count` (search): the total only.",
    "_elements": "Comma-separated element names: only these (and `id`, `meta`, `status`).",
    "_count": "Results per page, 1-100 (more is read as 100; default 20); 0: only the total.",
    "_cursor": "Where a page starts: follow the Bundle's `next` link rather than building it.",
    "_sort": "`-_lastUpdated` (default), `date` (start, earliest first), `_id`, or `_score` "
    "(relevance; the default with `_content`).",
    "_total": "`accurate` or `estimate`: add `Bundle.total`.",
}


def _text(description: str) -> fields.String:
    return fields.String(metadata={"description": description})


def _choice(name: str, choices: list[str]) -> fields.String:
    return fields.String(validate=validate.OneOf(choices), metadata={"description": _CONTROL[name]})


JSON_FORMATS = ["json", "application/json", "application/fhir+json"]
SORTS = ["-_lastUpdated", "date", "_id", "_score", "-_score"]


def _search_fields() -> dict[str, fields.Field]:
    out: dict[str, fields.Field] = {}
    for p in SEARCH_PARAMS:
        doc = f"{p.documentation} Repeat to require several; separate alternatives with commas."
        out[p.name] = fields.List(fields.String(), metadata={"description": doc})
        for modifier in p.modifiers:
            out[f"{p.name}:{modifier}"] = fields.List(
                fields.String(), metadata={"description": f"`{p.name}` with `:{modifier}`."}
            )
    return out


_RESULT: dict[str, fields.Field] = {
    "_count": fields.Integer(
        validate=validate.Range(min=0), metadata={"description": _CONTROL["_count"]}
    ),
    "_cursor": fields.String(
        validate=validate.Regexp(r"^[A-Za-z0-9_-]+\Z", error="Not a valid cursor."),
        metadata={"description": _CONTROL["_cursor"], "pattern": "^[A-Za-z0-9_-]+$"},
    ),
    "_sort": _choice("_sort", SORTS),
    "_total": _choice("_total", ["none", "estimate", "accurate"]),
    "_summary": _choice("_summary", ["true", "false", "text", "data", "count"]),
    "_elements": _text(_CONTROL["_elements"]),
    # no validator: another format is a 406, not a 400 (the view says so)
    "_format": fields.String(metadata={"description": _CONTROL["_format"], "enum": JSON_FORMATS}),
    "_pretty": _choice("_pretty", ["true", "false"]),
}
assert set(_RESULT) == set(CONTROL_PARAMS)
_READ = {
    "_format": _RESULT["_format"],
    "_pretty": _RESULT["_pretty"],
    "_summary": _choice("_summary", ["true", "false", "text", "data"]),
    "_elements": _RESULT["_elements"],
}

FhirFormatArgsSchema = Schema.from_dict(
    {name: _RESULT[name] for name in ("_format", "_pretty")}, name="FhirFormatArgs"
)
FhirReadArgsSchema = Schema.from_dict(_READ, name="FhirReadArgs")
FhirSearchArgsSchema = Schema.from_dict({**_search_fields(), **_RESULT}, name="FhirSearchArgs")


class PreferHeaderSchema(Schema):
    prefer = fields.String(
        data_key="Prefer",
        metadata={
            "description": "`handling=strict`: an unknown search parameter is a 400 "
            "OperationOutcome (by default it is ignored, and left out of the `self` link)."
        },
    )


class _Resource(Schema):
    class Meta:
        unknown = INCLUDE  # a FHIR resource: every element of its R5 definition

    id = fields.String(metadata={"description": "Logical id."})
    meta = fields.Dict(metadata={"description": "Metadata (lastUpdated, tags)."})


class ResearchStudySchema(_Resource):
    """A FHIR R5 ResearchStudy (docs/fhir.md maps our fields to its elements)."""

    resourceType = fields.String(required=True, validate=validate.OneOf(["ResearchStudy"]))
    status = fields.String(required=True, metadata={"description": "Publication status."})


class BundleSchema(_Resource):
    """A FHIR R5 searchset Bundle of ResearchStudies."""

    resourceType = fields.String(required=True, validate=validate.OneOf(["Bundle"]))
    type = fields.String(required=True, validate=validate.OneOf(["searchset"]))
    total = fields.Integer(metadata={"description": "With `_total` or `_summary=count`."})
    link = fields.List(
        fields.Dict(),
        metadata={"description": "`self`, and `next` while more results remain."},
    )
    entry = fields.List(fields.Dict(), metadata={"description": "The matches, in order."})


class CapabilityStatementSchema(_Resource):
    """A FHIR R5 CapabilityStatement."""

    resourceType = fields.String(required=True, validate=validate.OneOf(["CapabilityStatement"]))
    fhirVersion = fields.String(required=True)


class OperationOutcomeIssueSchema(Schema):
    class Meta:
        unknown = INCLUDE

    severity = fields.String(required=True, metadata={"example": "error"})
    code = fields.String(required=True, metadata={"example": "not-found"})
    diagnostics = fields.String(metadata={"description": "What went wrong."})
    expression = fields.List(fields.String(), metadata={"description": "The parameter at fault."})


class OperationOutcomeSchema(_Resource):
    """A FHIR R5 OperationOutcome: every error of the facade."""

    resourceType = fields.String(required=True, validate=validate.OneOf(["OperationOutcome"]))
    issue = fields.List(fields.Nested(OperationOutcomeIssueSchema), required=True)
