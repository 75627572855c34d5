"""Schemathesis hooks for the Trials API (loaded through tests/fuzz/schemathesis.toml).

Float extremes in every numeric input (``flatmap_query``, ``flatmap_body``): where a generated
case holds a valid number in a numeric parameter or body field of the spec, the value is, as
often as not, swapped for one of the float extremes the spec also calls valid there (1.8e308,
1e308, 1.6e308, 5e-324, -0.0 ...; see tests/support/spec_numbers.py), so every operation is
fuzzed at them and the case stays as valid, or as invalid, as it was.

Two checks on top of schemathesis' own:

- ``valid_requests_are_accepted`` replaces ``positive_data_acceptance``. A request the spec
  calls valid must not be rejected, except by the rules an OpenAPI 3.0 schema cannot express and
  the spec states in words: a cursor is opaque (only a `next_cursor` handed out by the API is
  one), `distance_km` needs `near`, `sort=relevance` needs `q`, a date must exist on the
  calendar (`2019-02-30` matches the pattern), no value may hold a NUL character, a unit in
  POST /v1/match must be one pint converts to the quantity's dimension and a quantity must stay
  a float in that unit, `country` of two or three letters must be an ISO 3166-1 code. Those
  400s still have to name the parameter. A URL over 8,190 bytes (spec-valid values in UTF-8,
  percent-encoded) is a 414; content that is well-formed but meaningless is the operation's
  documented 422.
- ``errors_are_problems_naming_parameters``: every 4xx/5xx is problem+json whose `status`
  equals the HTTP status, and every 400 lists `invalid_params`, each naming a parameter of the
  request (`body` for the body as a whole, `field.sub` for a nested body field). Under /fhir,
  errors are OperationOutcomes instead, a 400's issues naming parameters of the request (and
  a 400 for a spec-valid FHIR search is one of its syntax rules, which the spec states in words).
"""

from __future__ import annotations

import copy
import fnmatch
import json
import sys
from pathlib import Path
from typing import Any

import schemathesis
import yaml
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # schemathesis loads this file by its path
    sys.path.insert(0, str(ROOT))

from tests.support.spec_numbers import allows, extremes_for, numeric_inputs  # noqa: E402

NUMBERS = numeric_inputs(yaml.safe_load((ROOT / "openapi.yaml").read_text()))


@schemathesis.hook
def flatmap_query(ctx, query):
    return _with_extremes(ctx, query, "query")


@schemathesis.hook
def flatmap_body(ctx, body):
    return _with_extremes(ctx, body, "body")


def _with_extremes(ctx, container: Any, location: str):
    """``container`` with each valid number of the spec's numeric inputs kept or swapped for a
    float extreme the spec allows there."""
    if not isinstance(container, dict) or ctx.operation is None:
        return st.just(container)
    method, path = ctx.operation.method.lower(), ctx.operation.path
    slots = []
    for item in NUMBERS:
        if (item.method, item.path, item.location) != (method, path, location):
            continue
        value = _get(container, item.name)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and allows(item.schema, value) and (extremes := extremes_for(item.schema)):
            slots.append((item.name, [value, *extremes]))
    if not slots:
        return st.just(container)
    picks = st.tuples(*[st.sampled_from(values) for _, values in slots])
    return picks.map(lambda chosen: _put(container, [n for n, _ in slots], chosen))


def _get(container: dict, name: tuple[str, ...]) -> Any:
    node: Any = container
    for key in name:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _put(container: dict, names: list[tuple[str, ...]], values: tuple) -> dict:
    out = copy.deepcopy(container)  # the drawn case itself is not changed
    for name, value in zip(names, values, strict=True):
        node = out
        for key in name[:-1]:
            node = node[key]
        node[name[-1]] = value
    return out


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
    # ... and a value must stay a float once converted to the canonical unit (the spec says)
    ("*.value", "* is too large: in * it is past the largest number this API computes with *"),
    ("labs.*.uln", "* is too small: value ÷ uln overflows."),
    # two or three letters that are no ISO 3166-1 code (the spec says)
    ("country", "Not an ISO 3166 country code: *"),
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
