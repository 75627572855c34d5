"""Records read from an element tree through tables of paths, not a page of ``if``s.

A table is rows of ``(record field, element path, getter)``, read relative to one element. A path
is an ElementTree path; ``a | b`` reads ``b`` only when ``a`` matches nothing (the newer element
name first, an older one after it), ``a + b`` reads both, ``a``'s matches first. A getter turns
the matched elements into the field's value: ``one(convert)`` the first, ``each(convert)`` all;
a converter turns one element into a value (``None``: it said nothing usable).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from domain.vocab import enum_value
from seed.text import clean

Convert = Callable[[Element], Any]  # one element -> a value (None: nothing usable)
Getter = Callable[[list[Element]], Any]  # the elements a path matched -> a field's value
Table = tuple[tuple[str, str, Getter], ...]  # (record field, element path, getter)


def text(el: Element) -> str | None:
    return clean("".join(el.itertext()))


def enum(table: dict[str, str]) -> Convert:
    return lambda el: enum_value(text(el), table)


def by_tag(values: dict[str, str]) -> Convert:
    """A value named by the element's own tag: ``results_reference`` -> RESULT."""
    return lambda el: values.get(el.tag)


def then(first: Convert, second: Callable[[Any], Any]) -> Convert:
    return lambda el: second(first(el))


def one(convert: Convert, default: Any = None) -> Getter:
    """The first matched element, converted; ``default`` when none matched or it said nothing."""

    def get(found: list[Element]) -> Any:
        value = convert(found[0]) if found else None
        return default if value is None else value

    return get


def each(convert: Convert) -> Getter:
    """Every matched element, converted, those that said nothing left out."""
    return lambda found: tuple(v for el in found if (v := convert(el)) is not None)


def present(found: list[Element]) -> bool:
    return bool(found)


def find(el: Element, path: str) -> list[Element]:
    """The elements ``path`` names under ``el``: ``a | b`` is ``b`` when ``a`` finds nothing,
    ``a + b`` is both (``a``'s first)."""
    for choice in path.split("|"):
        found = [m for part in choice.split("+") for m in el.findall(part.strip())]
        if found:
            return found
    return []


def build(cls: type, el: Element, table: Table) -> Any:
    """A ``cls`` record from ``table`` read under ``el``; ``None`` when a required field (one
    without a default, such as a sponsor's name) is empty."""
    values = {name: get(find(el, path)) for name, path, get in table}
    for f in dataclasses.fields(cls):
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if no_default and values.get(f.name) is None:
            return None
    return cls(**values)


def record(cls: type, table: Table) -> Convert:
    return lambda el: build(cls, el, table)
