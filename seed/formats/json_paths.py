"""Reading a JSON object into a record by a table of field paths, every value type-checked.

A table is a tuple of rows ``(JSON path, record field(s), converter)``. ``read_values`` walks
each dotted path (``designInfo.maskingInfo.masking``) from the object the table describes, and
the converter checks the value's JSON type and returns the record's value; a row naming
several fields returns one value for each. A missing or ``null`` value is left out (the record
keeps its default). A value of the wrong type raises ``WrongType`` naming its full path
(``protocolSection.identificationModule.briefTitle: expected a string, got a number (42)``).

A value's path is written only when it is wrong: converters are handed a ``Path``, a string or
``(the parent's Path, ".key" or an item's index)``, which ``path_text`` spells out.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from seed.text import clean

Path = str | tuple  # "a.b", or (parent Path, ".key" | item index): spelt out on an error
Convert = Callable[[Any, Path], Any]  # (JSON value, its path) -> the record's value(s)
Row = tuple[str, str | tuple[str, ...], Convert]


def path_text(path: Path) -> str:
    """``protocolSection.armsInterventionsModule.interventions[2].name``."""
    parts: list[str] = []
    while type(path) is tuple:
        path, step = path
        parts.append(f"[{step}]" if type(step) is int else step)
    return path + "".join(reversed(parts))


class WrongType(ValueError):
    """A JSON value of the wrong type at ``path``."""

    def __init__(self, path: Path, expected: str, value: Any):
        self.path = path = path_text(path)
        super().__init__(f"{path}: expected {expected}, got {describe(value)}")


def describe(value: Any) -> str:
    """``a number (42)``, ``an array``, ``an object``: a JSON value's type, for a reason."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return f"a string ({value[:40]!r})"
    if value is None:
        return "null"
    kind = "a boolean" if isinstance(value, bool) else "a number"
    return f"{kind} ({json.dumps(value)})"


def value_at(obj: dict, path: str, where: Path = "") -> Any:
    """The value at the dotted ``path`` in ``obj`` (itself at ``where``); ``None`` when a key
    is missing; ``WrongType`` when a step is not an object."""
    node: Any = obj
    where = path_text(where)
    for key in path.split("."):
        if node is None:
            return None
        if not isinstance(node, dict):
            raise WrongType(where or "the document", "an object", node)
        node = node.get(key)
        where = f"{where}.{key}" if where else key
    return node


def read_values(rows: tuple[Row, ...], obj: dict, where: Path = "") -> dict[str, Any]:
    """The record fields that ``rows`` read from ``obj`` (found at ``where``), ``None`` left out."""
    return _read(_steps(rows), obj, where)


def _read(steps: tuple, obj: dict, where: Path) -> dict[str, Any]:
    """``read_values`` over a table's ``_steps``."""
    out: dict[str, Any] = {}
    for keys, path, dotted, names, convert in steps:
        raw: Any = obj
        for key in keys:  # value_at, inlined: this runs for every field of every study
            if raw is None:
                break
            if not isinstance(raw, dict):
                value_at(obj, path, where)  # raises WrongType, naming the step
            raw = raw.get(key)
        if raw is None:
            continue
        value = convert(raw, (where, dotted) if where else path)
        if type(names) is tuple:
            for name, v in zip(names, value, strict=True):
                if v is not None:
                    out[name] = v
        elif value is not None:
            out[names] = value
    return out


_STEPS: dict[int, tuple[tuple[Row, ...], tuple]] = {}


def _steps(rows: tuple[Row, ...]) -> tuple:
    """A table's rows with each path split into its keys (and as the step ``.path`` below
    another), once per table."""
    found = _STEPS.get(id(rows))
    if found is None or found[0] is not rows:
        steps = tuple(
            (tuple(path.split(".")), path, f".{path}", names, convert)
            for path, names, convert in rows
        )
        found = _STEPS[id(rows)] = (rows, steps)
    return found[1]


# --------------------------------------------------------------------------- structure


def record(cls: type, rows: tuple[Row, ...], **fixed: Any) -> Convert:
    """An object -> a ``cls`` record; ``None`` when it holds nothing, or lacks a field the
    record requires (a sponsor without a name, an arm without a label). ``fixed`` fields are
    set on every record (a sponsor's role by the list it is in), over what ``rows`` read."""
    required = frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )

    steps = _steps(rows)

    def convert(value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            raise WrongType(path, "an object", value)
        values = _read(steps, value, path)
        if not values or not required <= values.keys():
            return None
        return cls(**(values | fixed)) if fixed else cls(**values)

    return convert


def each(convert_one: Convert) -> Convert:
    """An array -> a tuple of its converted items, ``None`` items left out."""

    def convert(value: Any, path: Path) -> tuple:
        if not isinstance(value, list):
            raise WrongType(path, "an array", value)
        items = (convert_one(item, (path, i)) for i, item in enumerate(value))
        return tuple(item for item in items if item is not None)

    return convert


def key(name: str, convert_one: Convert) -> Convert:
    """An object -> the converted value of one of its keys: ``{"id": "X"}`` -> ``X``."""

    dotted = f".{name}"

    def convert(value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            raise WrongType(path, "an object", value)
        raw = value.get(name)
        return None if raw is None else convert_one(raw, (path, dotted))

    return convert


# --------------------------------------------------------------------------- scalars


def string(value: Any, path: Path) -> str | None:
    """Plain text, runs of white space collapsed as a page shows them; ``None`` when empty."""
    if not isinstance(value, str):
        raise WrongType(path, "a string", value)
    return clean(value)


def strings(value: Any, path: Path) -> tuple[str, ...]:
    return each(string)(value, path)


def count(value: Any, path: Path) -> int:
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole:
        raise WrongType(path, "a whole number", value)
    return int(value)


def flag(value: Any, path: Path) -> bool:
    if not isinstance(value, bool):
        raise WrongType(path, "true or false", value)
    return value


def degrees(limit: float) -> Convert:
    """A latitude (``limit`` 90) or a longitude (180); ``None`` outside the range."""

    def convert(value: Any, path: Path) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WrongType(path, "a number", value)
        return float(value) if -limit <= value <= limit else None

    return convert


def one_of(*allowed: str) -> Convert:
    """A string that must be one of ``allowed``; ``None`` for any other (never guessed)."""

    def convert(value: Any, path: Path) -> str | None:
        text = string(value, path)
        return text if text in allowed else None

    return convert
