"""A number in a stated unit, whose error says the unit and shows an example.

``age=72%20years`` is not a number; instead of marshmallow's "Not a valid number." the client
reads ``'72 years' is a number with a unit: give the number alone. age is a number of years,
e.g. age=72.``
"""

from __future__ import annotations

import re

from marshmallow import ValidationError, fields

# "72 years", "25km", "6.5 months": a number and then words
_WITH_UNIT = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*[^\d\s.].*\Z", re.DOTALL)


class Number(fields.Float):
    """``fields.Float`` whose "not a number" error ends with ``hint``, e.g. ``age is a number of
    years, e.g. age=72.``"""

    def __init__(self, hint: str, **kwargs):
        self.hint = hint
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as exc:
            if exc.messages == [self.error_messages["invalid"]]:
                raise ValidationError(self.explain(value)) from exc
            if exc.messages == [self.error_messages["special"]] and _overflows(value):
                raise ValidationError(
                    f"{value!r} is past the largest number this API takes (about 1.8e308). "
                    f"{self.hint}"
                ) from exc
            raise

    def explain(self, value) -> str:
        if isinstance(value, str) and _WITH_UNIT.match(value):
            return f"{value!r} is a number with a unit: give the number alone. {self.hint}"
        shown = repr(value) if isinstance(value, str) else _JSON_TYPES.get(type(value), "that")
        return f"Not a number: {shown}. {self.hint}"


_JSON_TYPES = {list: "an array", dict: "an object", bool: "a boolean"}
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _overflows(value) -> bool:
    """``"1e400"``: a number too large for a float (not ``nan`` or ``inf`` spelt out)."""
    return isinstance(value, str) and value.strip().lower() not in _NOT_FINITE


class WholeNumber(fields.Integer):
    """``fields.Integer`` that refuses a fraction in a JSON body (``"ecog": 1.5`` is not 1);
    ``2.0`` is 2."""

    def _validated(self, value):
        if isinstance(value, float) and not value.is_integer():
            raise ValidationError(f"Not a whole number: {value!r}.")
        return super()._validated(value)
