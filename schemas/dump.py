"""A marshmallow schema's ``dump``, compiled once into plain functions: the same output, key
for key and value for value, without marshmallow's per-field machinery.

The loader renders every trial's served JSON through ``TrialSchema`` (``schemas.trial_json``);
at a bulk load of 500,000 trials marshmallow's generic path (a ``serialize`` call, a value
lookup and an ``is missing`` test per field of every nested object) cost more than parsing
the study. ``compile_dump`` walks the schema's ``dump_fields`` once and builds, for each
field, the conversion marshmallow's own ``_serialize`` does for that field class
(``String``: ``str``, ``Integer``: ``int``, ``Float``: ``float``, ``Boolean``, ``DateTime``
as ISO 8601, ``List``, ``Nested``), keys in the schema's order and under their ``data_key``.
A field class or a schema hook it does not know is refused when compiling, never guessed:
tests compare its output with ``Schema.dump`` over the registry samples.

Objects may be dataclass instances or dicts; a missing attribute or key is left out, as
marshmallow leaves it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields

from domain.compact_json import plain_float

Dump = Callable[[Any], Any]
_MISSING = object()


def compile_dump(schema: Schema) -> Callable[[Any], dict]:
    """``schema.dump(obj)`` for one object (not ``many``), compiled."""
    if any(schema._hooks.values()):
        raise TypeError(f"{type(schema).__name__}: schema hooks are not compiled")
    if schema.many:
        raise TypeError(f"{type(schema).__name__}: many=True is not compiled")
    plan = [
        (field.attribute or name, field.data_key if field.data_key is not None else name,
         _field_dump(field))
        for name, field in schema.dump_fields.items()
    ]  # fmt: skip

    # A String field's str value, and any None, is served as it is: no call for those.
    def dump(obj: Any) -> dict:
        out = {}
        if type(obj) is dict:
            for attr, key, convert in plan:
                value = obj.get(attr, _MISSING)
                if value is None or (convert is _text and type(value) is str):
                    out[key] = value
                elif value is not _MISSING:
                    out[key] = convert(value)
        else:
            for attr, key, convert in plan:
                value = getattr(obj, attr, _MISSING)
                if value is None or (convert is _text and type(value) is str):
                    out[key] = value
                elif value is not _MISSING:
                    out[key] = convert(value)
        return out

    return dump


def _text(value: Any) -> str:
    return value if type(value) is str else str(value)


def _boolean(field: fields.Boolean) -> Dump:
    truthy, falsy = field.truthy, field.falsy

    def convert(value: Any) -> bool:
        try:
            if value in truthy:
                return True
            if value in falsy:
                return False
        except TypeError:
            pass
        return bool(value)

    return convert


def _field_dump(field: fields.Field) -> Dump:
    """The conversion of one non-null value, as ``field._serialize`` does it."""
    kind = type(field)
    if kind is fields.String:
        return _text
    if kind in (fields.Integer, fields.Float) and not field.as_string:
        num = field.num_type
        return lambda value: value if type(value) is num else num(value)
    if kind is fields.Boolean:
        return _boolean(field)
    if kind is fields.DateTime and (field.format or field.DEFAULT_FORMAT) == "iso":
        return dt.datetime.isoformat
    if kind is fields.List:
        inner = _field_dump(field.inner)
        if inner is _text:
            return lambda value: [v if type(v) is str else str(v) for v in value]
        return lambda value: [None if v is None else inner(v) for v in value]
    if kind is fields.Nested and not field.many:
        nested = compile_dump(field.schema)
        return nested
    raise TypeError(f"{field!r}: not a field this compiler knows")


# --------------------------------------------------------------------------- floats


def compile_float_check(schema: Schema) -> Callable[[Any], bool] | None:
    """A test over ``compile_dump(schema)``'s output: ``True`` when every ``Float`` field in it
    (nested ones too) holds ``None`` or a ``plain_float``; ``None`` when the schema has no
    ``Float`` field at all. Only the fields that can lead to a float are visited."""
    checks = []
    for name, field in schema.dump_fields.items():
        check = _field_check(field)
        if check is not None:
            checks.append((field.data_key if field.data_key is not None else name, check))
    if not checks:
        return None

    def check_object(out: dict) -> bool:
        for key, check in checks:
            value = out.get(key)
            if value is not None and not check(value):
                return False
        return True

    return check_object


def _field_check(field: fields.Field) -> Callable[[Any], bool] | None:
    kind = type(field)
    if kind is fields.Float:
        return plain_float
    if kind is fields.List:
        inner = _field_check(field.inner)
        if inner is None:
            return None
        return lambda value: all(v is None or inner(v) for v in value)
    if kind is fields.Nested and not field.many:
        return compile_float_check(field.schema)
    return None
