"""What a request argument should look like, read from its marshmallow schema: the names a
nested object takes (``labs.hb: Unknown field.`` lists the labs) and the shape of a value sent
as the wrong type (``her2: Invalid input type.`` shows the object expected)."""

from __future__ import annotations

import json

import marshmallow as ma
from marshmallow import fields

MAX_CHOICES = 6  # an enum with more values is shown as "<one of N values>"


def field_at(schema: ma.Schema, path: list[str]) -> fields.Field | None:
    """The field a dotted body name (``labs.platelets.value``) points to, by wire name."""
    field: fields.Field | None = None
    for name in path:
        if schema is None:
            return None
        field = next(
            (f for n, f in schema.fields.items() if (f.data_key or n) == name and not f.dump_only),
            None,
        )
        if field is None:
            return None
        schema = nested_schema(field)
    return field


def nested_schema(field: fields.Field) -> ma.Schema | None:
    if isinstance(field, fields.List):
        field = field.inner
    return field.schema if isinstance(field, fields.Nested) else None


def names(schema: ma.Schema) -> list[str]:
    """The names an object of ``schema`` takes, sorted."""
    return sorted(f.data_key or n for n, f in schema.fields.items() if not f.dump_only)


def shape(field: fields.Field, depth: int = 2) -> str:
    """A compact template of the value ``field`` takes:
    ``{"value": <number>, "unit": "<text>"}``, ``"POSITIVE" | "NEGATIVE"``, ``["<text>", ...]``.

    An object whose fields all take the same shape (``labs``, ``history``) is written once,
    with the names it takes: ``{"<name>": {"value": <number>, ...}}; <name>: anc, alt, ...``."""
    nullable = " | null" if field.allow_none else ""
    if isinstance(field, fields.Nested):
        return _object(field.schema, depth) + nullable
    if isinstance(field, fields.List):
        return f"[{shape(field.inner, depth)}, ...]"
    if isinstance(field, fields.Boolean):
        return "true | false" + nullable
    if isinstance(field, fields.Integer):
        return "<integer>" + nullable
    if isinstance(field, fields.Number):
        return "<number>" + nullable
    choices = [c for v in field.validators if isinstance(v, ma.validate.OneOf) for c in v.choices]
    if choices and len(choices) <= MAX_CHOICES:
        return " | ".join(json.dumps(c) for c in choices) + nullable
    if choices:
        return f'"<one of {len(choices)} values>"' + nullable
    return '"<text>"' + nullable


def _object(schema: ma.Schema, depth: int) -> str:
    if depth <= 0:
        return "{...}"
    members = {f.data_key or n: f for n, f in schema.fields.items() if not f.dump_only}
    shapes = {name: shape(f, depth - 1) for name, f in members.items()}
    if len(members) > 2 and len(set(shapes.values())) == 1:
        return (
            '{"<name>": '
            + next(iter(shapes.values()))
            + "} for each <name> of "
            + (", ".join(sorted(members)))
        )
    return "{" + ", ".join(f"{json.dumps(n)}: {s}" for n, s in shapes.items()) + "}"
