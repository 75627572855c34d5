"""Schemathesis hooks for the Trials API (loaded through tests/fuzz/schemathesis.toml).

Two checks on top of schemathesis' own:

- ``valid_requests_are_accepted`` replaces ``positive_data_acceptance``. A request the spec
  calls valid must not be rejected, except by the rules an OpenAPI 3.0 schema cannot express and
  the spec states in words: a cursor is opaque (only a `next_cursor` handed out by the API is
  one), `distance_km` needs `near`, `sort=relevance` needs `q`, a date must exist on the
  calendar (`2019-02-30` matches the pattern), no value may hold a NUL character, a unit in
  POST /v1/match must be one pint converts to the quantity's dimension. Those 400s still have
  to name the parameter. A URL over 8,190 bytes (spec-valid values in UTF-8, percent-encoded)
  is a 414; content that is well-formed but meaningless is the operation's documented 422.
- ``errors_are_problems_naming_parameters``: every 4xx/5xx is problem+json whose `status`
  equals the HTTP status, and every 400 lists `invalid_params`, each naming a parameter of the
  request (`body` for the body as a whole, `field.sub` for a nested body field). Under /fhir,
  errors are OperationOutcomes instead, a 400's issues naming parameters of the request (and
  a 400 for a spec-valid FHIR search is one of its syntax rules, which the spec states in words).
"""

from __future__ import annotations

import fnmatch
import json

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

# (parameter, reason) of the 400s a spec-valid request may get, as fnmatch patterns
DOCUMENTED_REJECTIONS = [
    ("cursor", "Not a valid cursor: pass a page's next_cursor unchanged."),
    ("cursor", "This cursor belongs to sort=*"),
    ("distance_km", "distance_km needs near."),
    ("sort", "sort=relevance needs q."),
    ("start_from", "Not a real date."),
    ("start_to", "Not a real date."),
    ("updated_since", "Not a real date."),
    # the spec's description: a NUL character (PostgreSQL cannot store one) is a 400 naming it
    ("*", "Must not contain NUL (\\u0000) characters."),
    # POST /v1/match: a unit must be a unit of the right dimension (pint decides), which no
    # JSON Schema can say
    ("*unit", "unit *"),
]


def _documented(name: str, reason: str) -> bool:
    return any(
        fnmatch.fnmatchcase(name, known) and fnmatch.fnmatchcase(reason, text)
        for known, text in DOCUMENTED_REJECTIONS
    )


def _problem(response) -> dict:
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"an error that is not JSON: {response.text[:300]!r}") from exc
    if not isinstance(body, dict):
        raise AssertionError(f"a problem that is not an object: {body!r}")
    return body


@schemathesis.check
def valid_requests_are_accepted(ctx, response, case):
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if response.status_code == 414:  # the spec states the limit: 8,190 bytes of URL
            return None
        documented = case.operation.definition.raw.get("responses", {})
        if response.status_code == 422 and "422" in documented:
            return None  # well-formed but meaningless content (a document that does not parse)
        if _is_fhir(case) and response.status_code == 406 and "_format" in (case.query or {}):
            return None  # the spec's words: a _format other than JSON is a 406
        if response.status_code != 400:
            raise
        if _is_fhir(case):  # FHIR search syntax: the parameters' descriptions state it
            if not _outcome_names_sent_parameters(response, case):
                raise
            return None
        params = _problem(response).get("invalid_params") or []
        if not params or not all(_documented(p["name"], p["reason"]) for p in params):
            raise
        return None


def _is_fhir(case) -> bool:
    return case.operation.path.startswith("/fhir")


def _sent(case) -> set[str]:
    sent = set((case.query or {}).keys()) | set((case.path_parameters or {}).keys())
    return sent | {"body"} | set(case.body.keys() if isinstance(case.body, dict) else [])


def _outcome_names_sent_parameters(response, case) -> bool:
    issues = _problem(response).get("issue") or []
    named = [name for issue in issues for name in issue.get("expression") or []]
    return bool(named) and all(name in _sent(case) for name in named)


def _check_operation_outcome(response, case) -> None:
    """/fhir: every error is an OperationOutcome; a 400's issues name parameters sent."""
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    if not content_type.startswith("application/fhir+json"):
        raise AssertionError(f"a FHIR {response.status_code} that is not fhir+json: {content_type}")
    body = _problem(response)
    if body.get("resourceType") != "OperationOutcome" or not body.get("issue"):
        raise AssertionError(f"a FHIR {response.status_code} that is not an OperationOutcome")
    if response.status_code == 400 and not _outcome_names_sent_parameters(response, case):
        raise AssertionError(f"a FHIR 400 whose issues name no parameter sent: {body}")


@schemathesis.check
def errors_are_problems_naming_parameters(ctx, response, case):
    if response.status_code < 400:
        return None
    if _is_fhir(case):
        return _check_operation_outcome(response, case)
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    if not content_type.startswith("application/problem+json"):
        raise AssertionError(f"a {response.status_code} that is not problem+json: {content_type}")
    body = _problem(response)
    if body.get("status") != response.status_code:
        raise AssertionError(f"problem status {body.get('status')} != {response.status_code}")
    if response.status_code != 400:
        return None
    params = body.get("invalid_params")
    if not params:
        raise AssertionError(f"a 400 without invalid_params: {body}")
    sent = _sent(case)
    unknown = [
        p["name"] for p in params if p["name"] not in sent and p["name"].split(".")[0] not in sent
    ]
    if unknown:
        raise AssertionError(f"invalid_params names {unknown}, not parameters of the request")
    return None
