"""Request arguments: the webargs parser every blueprint uses for query and JSON bodies."""

from __future__ import annotations

import weakref
from typing import Any

import marshmallow as ma
from webargs.flaskparser import FlaskParser

NUL_REASON = "Must not contain NUL (\\u0000) characters."


class Parser(FlaskParser):
    """Query and body errors are 400s, and unknown query parameters are errors."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {
        "query": ma.RAISE,
        "json": ma.RAISE,
        "form": ma.RAISE,
        "headers": ma.EXCLUDE,
        "cookies": ma.EXCLUDE,
        "files": ma.RAISE,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._loads_nothing: weakref.WeakSet[ma.Schema] = weakref.WeakSet()

    def parse(self, argmap, req=None, *, location=None, validate=None, **kwargs):
        """A URL without a query string, for a query schema that loads that to nothing (every
        argument optional, no defaults: ``fields`` of ``GET /v1/trials/{nct_id}``), is ``{}``
        without another pass through webargs and marshmallow: the most common request to
        the hottest route. The first such request of each schema still goes through them."""
        request = req if req is not None else self.get_default_request()
        if (
            (location or self.location) != "query"
            or validate is not None
            or not isinstance(argmap, ma.Schema)
            or request is None
            or request.query_string
        ):
            return super().parse(argmap, req, location=location, validate=validate, **kwargs)
        if argmap in self._loads_nothing:
            return {}
        data = super().parse(argmap, req, location=location, validate=validate, **kwargs)
        if data == {}:
            self._loads_nothing.add(argmap)
        return data

    def _process_location_data(self, location_data, schema, req, location, unknown, validators):
        """Also a 400 naming the parameter: a NUL character in a query parameter or a JSON
        string (PostgreSQL cannot store one in text), a single-valued query parameter given
        more than once. Reported together with the schema's own errors."""
        problems = _raw_problems(req, location, location_data, schema)
        try:
            data = super()._process_location_data(
                location_data, schema, req, location, unknown, validators
            )
        except ma.ValidationError as exc:
            if problems and isinstance(exc.messages, dict):
                raise ma.ValidationError({**exc.messages, **problems}) from exc
            raise
        if problems:
            raise ma.ValidationError(problems)
        return data


def _raw_problems(req, location: str, data: Any, schema: ma.Schema) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if location == "query":
        single = {
            field.data_key or name
            for name, field in schema.fields.items()
            if not isinstance(field, ma.fields.List)
        }
        for name, values in req.args.lists():
            if _has_nul([name, values]):
                problems[name] = [NUL_REASON]
            elif name in single and len(values) > 1:
                problems[name] = [f"Given {len(values)} times; give it once."]
    elif location == "json" and isinstance(data, dict):
        for name, value in data.items():
            if _has_nul([name, value]):
                problems[str(name)] = [NUL_REASON]
    return problems


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False
