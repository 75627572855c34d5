"""Converters of API v2 field values (``(value, path) -> value``) for the field table in
``ctgov_json``: CommonMark text, enums through the shared vocabularies, dates as precise as
written, ages, names with their degrees, criteria lists."""

from __future__ import annotations

import re
from typing import Any

from domain.dates import age_years, normalize_age, parse_date
from domain.vocab import enum_value
from seed.formats import markdown
from seed.formats.json_paths import Convert, Path, WrongType, each, string


def markup_text(value: Any, path: Path) -> str | None:
    """A CommonMark field: escapes undone, one line per paragraph line."""
    if not isinstance(value, str):
        raise WrongType(path, "a string", value)
    return markdown.to_text(value)


_KNOWN_SPELLINGS = 1024  # per vocabulary: enums have a few spellings, free text could have many


def enum_of(table: dict[str, str]) -> Convert:
    """An API v2 enum value, checked against the vocabulary the text layouts use; each
    spelling looked up once (a load reads the same few hundred thousands of times)."""
    seen: dict[str, str | None] = {}

    def convert(value: Any, path: Path) -> str | None:
        if type(value) is str and value in seen:
            return seen[value]
        found = enum_value(string(value, path), table)
        if len(seen) < _KNOWN_SPELLINGS:
            seen[value] = found
        return found

    return convert


def enums_of(table: dict[str, str]) -> Convert:
    each_one = each(enum_of(table))

    def convert(value: Any, path: Path) -> tuple[str, ...]:
        return tuple(dict.fromkeys(each_one(value, path)))

    return convert


def partial_date(value: Any, path: Path) -> str | None:
    """``2016``, ``2016-03`` or ``2016-03-21``, as precise as written."""
    return parse_date(string(value, path))


_NCT = re.compile(r"^NCT\d{8}$")


def nct_id(value: Any, path: Path) -> str:
    text = string(value, path) or ""
    if not _NCT.match(text.upper()):
        raise WrongType(path, "an NCT id (NCT and 8 digits)", value)
    return text.upper()


def age(value: Any, path: Path) -> tuple[str | None, float | None]:
    """``18 Years`` -> (``18 Years``, 18.0), with the text layouts' age helpers."""
    age = normalize_age(string(value, path))
    return age, age_years(age)


_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|I{2,3}|IV)\.?$", re.IGNORECASE)


def person_and_degrees(value: Any, path: Path) -> tuple[str | None, str | None]:
    """``Armando Pérez de Prado, MD, PhD`` -> (name, ``MD, PhD``): the registry writes the
    degrees into the name, the text layouts split them off; ``John Roe, Jr., MD`` keeps Jr."""
    parts = [p.strip() for p in (string(value, path) or "").split(",")]
    cut = 1
    while cut < len(parts) and _NAME_SUFFIX.match(parts[cut]):
        cut += 1
    name = ", ".join(p for p in parts[:cut] if p) or None
    return name, ", ".join(p for p in parts[cut:] if p) or None


def criteria_lists(value: Any, path: Path) -> markdown.CriteriaLists:
    if not isinstance(value, str):
        raise WrongType(path, "a string", value)
    return markdown.parse_criteria_markdown(value)
