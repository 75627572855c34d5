"""Every numeric input of every operation, read from openapi.yaml, and the float extremes to
try in each: what tests/api/test_extremes.py sends and tests/fuzz/hooks.py mixes into the
schemathesis run. Nothing here is listed by hand: a new numeric parameter or body field is
found (through ``$ref``, ``allOf`` and ``anyOf``) as soon as the spec has it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# the largest float, one past what a unit conversion can multiply, the smallest subnormal,
# negative zero, and their negatives
EXTREMES = (1.7976931348623157e308, 1e308, 1.6e308, -1e308, 5e-324, -5e-324, -0.0, 0.0)


@dataclass(frozen=True)
class NumericInput:
    method: str  # "get", "post" ...
    path: str  # "/v1/trials/{nct_id}"
    location: str  # "query" or "body"
    name: tuple[str, ...]  # the parameter, or the body field's path: ("labs", "alt", "uln")
    schema: dict[str, Any]  # type, minimum, maximum, exclusiveMinimum ...
    required: tuple[tuple[str, ...], ...] = ()  # body fields the objects around it require

    @property
    def dotted(self) -> str:
        return ".".join(self.name)


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _branches(spec: dict, schema: dict) -> list[dict]:
    """The object or number schemas a property may take (``null`` branches left out)."""
    schema = resolve(spec, schema)
    parts = schema.get("allOf") or schema.get("anyOf") or schema.get("oneOf")
    if parts:
        return [b for part in parts for b in _branches(spec, part)]
    if schema.get("enum") == [None]:
        return []
    return [schema]


def _numbers_in(spec: dict, schema: dict, prefix: tuple[str, ...], required: tuple):
    for branch in _branches(spec, schema):
        if branch.get("type") in ("number", "integer"):
            yield prefix, branch, required
        elif branch.get("type") == "object" or "properties" in branch:
            needs = tuple(prefix + (r,) for r in branch.get("required", ()))
            for name, sub in branch.get("properties", {}).items():
                yield from _numbers_in(spec, sub, prefix + (name,), required + needs)


def numeric_inputs(spec: dict) -> list[NumericInput]:
    """Every query parameter and JSON body field of type number or integer."""
    out: list[NumericInput] = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            for param in item.get("parameters", []) + op.get("parameters", []):
                for branch in _branches(spec, param.get("schema", {})):
                    if param["in"] == "query" and branch.get("type") in ("number", "integer"):
                        out.append(NumericInput(method, path, "query", (param["name"],), branch))
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = content["application/json"]["schema"]
                for name, schema, required in _numbers_in(spec, body, (), ()):
                    out.append(NumericInput(method, path, "body", name, schema, required))
    return out


def allows(schema: dict, value: float) -> bool:
    """Whether the spec calls ``value`` valid for ``schema`` (OpenAPI 3.0 bounds)."""
    if not math.isfinite(value):
        return False
    if schema.get("type") == "integer" and value != int(value):
        return False
    low, high = schema.get("minimum"), schema.get("maximum")
    below = low is not None and (value < low or (schema.get("exclusiveMinimum") and value == low))
    above = high is not None and (
        value > high or (schema.get("exclusiveMaximum") and value == high)
    )
    return not (below or above)


def extremes_for(schema: dict) -> list[float]:
    """The extremes the spec allows for ``schema`` (a fuzzer's valid cases)."""
    return [v for v in EXTREMES if allows(schema, v)]
