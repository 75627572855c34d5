"""Field builders the trial schemas share: enum values, optional text, NCT ids, partial dates,
and the query parameters that take one enum value or several (``EnumList``, ``FieldList``)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from domain.vocab import enum_values

PARTIAL_DATE = "An ISO date only as precise as the registry wrote it: YYYY, YYYY-MM or YYYY-MM-DD."


def enum_field(name: str, description: str, **kwargs) -> fields.String:
    """One value of the enum ``name`` (``domain.vocab``), or null."""
    return fields.String(
        allow_none=True,
        validate=validate.OneOf(enum_values(name)),
        metadata={"description": description},
        **kwargs,
    )


def text_field(description: str, example: str | None = None) -> fields.String:
    """Text as written, or null."""
    meta = {"description": description}
    if example is not None:
        meta["example"] = example
    return fields.String(allow_none=True, metadata=meta)


def enum_list_field(name: str, description: str) -> fields.List:
    """Values of the enum ``name``."""
    return fields.List(
        fields.String(validate=validate.OneOf(enum_values(name))),
        metadata={"description": description},
    )


NCT_ID = fields.String(
    required=True,
    metadata={"description": "ClinicalTrials.gov identifier.", "example": "NCT02713984"},
)


class EnumList(fields.List):
    """One enum value or several: repeated (``phase=PHASE1&phase=PHASE2``) or comma-separated
    (``phase=PHASE1,PHASE2``). An unknown value is an error that lists the valid ones."""

    def __init__(self, enum: str | list[str], **kwargs):
        self.choices = enum_values(enum) if isinstance(enum, str) else enum
        super().__init__(fields.String(), **kwargs)
        self.metadata.setdefault("description", "")
        self.metadata["description"] += (
            " Repeat the parameter or separate values with commas; one of: "
            + ", ".join(self.choices)
            + "."
        )
        self.inner.validators.append(validate.OneOf(self.choices))

    def _deserialize(self, value, attr, data, **kwargs):
        raw = value if isinstance(value, list) else [value]
        items = [v.strip() for item in raw for v in str(item).split(",") if v.strip()]
        unknown = [v for v in items if v not in self.choices]
        if unknown:
            raise ValidationError(
                f"Unknown value {', '.join(map(repr, unknown))}. "
                f"Valid values: {', '.join(self.choices)}."
            )
        if not items:
            raise ValidationError("Give at least one value.")
        return list(dict.fromkeys(items))


class FieldList(EnumList):
    """``fields=a,b``: return only these fields."""
