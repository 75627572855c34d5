"""A superseded source's parsed record, kept as JSON so that it can become current again
without its document (which may be a ZIP member, or a record a sync fetched)."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

from domain.records import TrialRecord, to_dict


def encode_record(record: TrialRecord) -> dict[str, Any]:
    return to_dict(record)


def decode_record(data: dict[str, Any]) -> TrialRecord:
    """The record ``encode_record`` gave: ``decode_record(encode_record(r)) == r``."""
    return _build(TrialRecord, data)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, str, Any], ...]:
    """(attribute, key in the JSON, its type) for each field of a record class."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, f.name.rstrip("_"), hints[f.name]) for f in dataclasses.fields(cls))


def _build(cls: type, data: dict[str, Any]) -> Any:
    return cls(**{attr: _value(tp, data[key]) for attr, key, tp in _fields(cls) if key in data})


def _value(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _value(inner, value)
    if origin is tuple:
        inner = typing.get_args(tp)[0]
        return tuple(_value(inner, v) for v in value)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value)
    return value
