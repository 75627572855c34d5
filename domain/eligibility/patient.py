"""The patient as the matcher sees it: a profile with every quantity in its canonical unit.

``patient_from_profile`` turns a profile (``schemas.match.MatchRequestSchema`` loads it) into a
``Patient``; a unit that cannot be used raises ``ProfileError`` naming the field. ``LABS``,
``HISTORY_FLAGS`` and ``TIMED_EVENTS`` are the profile's vocabularies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from domain import units

LABS = tuple(units.LABS)
HISTORY_FLAGS = (
    "hiv",
    "hepatitis_b",
    "hepatitis_c",
    "active_infection",
    "autoimmune_disease",
    "pregnant",
    "breastfeeding",
    "organ_transplant",
    "gvhd",
    "other_malignancy",
    "vaccination",
    "other_trial",
    "systemic_steroids",
    "measurable_disease",
    "brain_metastases",
    "liver_metastases",
    "peritoneal_metastases",
    "gilbert_syndrome",
)
TIMED_EVENTS = ("other_malignancy", "vaccination", "other_trial")
# a lab "unit" that says the value is a multiple of the upper limit of normal
ULN_UNITS = {"uln", "×uln", "xuln", "x uln", "× uln", "times uln"}


class ProfileError(ValueError):
    """A profile field that cannot be used: ``field`` is its dotted path in the body."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Lab:
    absolute: float | None  # in the analyte's canonical unit
    uln_multiple: float | None  # value ÷ upper limit of normal


@dataclass(frozen=True)
class Patient:
    """A profile with every quantity in its canonical unit."""

    age: float | None = None
    sex: str | None = None
    ecog: int | None = None
    karnofsky: float | None = None
    life_expectancy: float | None = None  # months
    weight: float | None = None  # kg
    her2: dict[str, Any] = field(default_factory=dict)
    labs: dict[str, Lab] = field(default_factory=dict)
    prior_therapy_lines: int | None = None
    history: dict[str, bool] = field(default_factory=dict)
    days_since: dict[str, float] = field(default_factory=dict)
    steroids: float | None = None  # mg/day prednisone equivalent

    def flag(self, name: str) -> bool | None:
        if name in self.history:
            return self.history[name]
        if name in ("pregnant", "breastfeeding") and self.sex == "MALE":
            return False
        if name == "systemic_steroids" and self.steroids is not None:
            return self.steroids > 0
        return None


def too_large(value: float, unit: str | None, name: str) -> str:
    """Why a finite value is still unusable: in the canonical unit it is past the largest
    float (1.6e308 years is more months than a float holds)."""
    return (
        f"{value:g} {unit or ''} is too large: in {units.canonical_unit(name)} it is past "
        "the largest number this API computes with (about 1.8e308)."
    ).replace("  ", " ")


def patient_from_profile(profile: dict[str, Any]) -> Patient:
    """Canonical units for a profile loaded by ``schemas.match.MatchRequestSchema``.

    Raises ProfileError naming the field for an unknown or unfit unit, or a value that
    overflows when converted to the canonical unit."""

    def quantity(path: str, name: str, q: dict | None) -> float | None:
        if q is None:
            return None
        try:
            value = units.to_canonical(name, q["value"], q.get("unit"))
        except units.UnitError as exc:
            raise ProfileError(f"{path}.unit", str(exc)) from None
        if not math.isfinite(value):
            raise ProfileError(f"{path}.value", too_large(q["value"], q.get("unit"), name))
        return value

    labs: dict[str, Lab] = {}
    for name, given in (profile.get("labs") or {}).items():
        if given is None:
            continue
        unit = given.get("unit")
        if unit is not None and unit.strip().lower() in ULN_UNITS:
            labs[name] = Lab(None, given["value"])
            continue
        absolute = quantity(f"labs.{name}", name, given)
        multiple = None
        if given.get("uln"):
            multiple = given["value"] / given["uln"]
            if not math.isfinite(multiple):
                raise ProfileError(
                    f"labs.{name}.uln", f"{given['uln']:g} is too small: value ÷ uln overflows."
                )
        labs[name] = Lab(absolute, multiple)
    days_since = {
        event: quantity(f"time_since.{event}", "duration", q)
        for event, q in (profile.get("time_since") or {}).items()
        if q is not None
    }
    return Patient(
        age=profile.get("age"),
        sex=profile.get("sex"),
        ecog=profile.get("ecog"),
        karnofsky=profile.get("karnofsky"),
        life_expectancy=quantity(
            "life_expectancy", "life_expectancy", profile.get("life_expectancy")
        ),
        weight=quantity("weight", "weight", profile.get("weight")),
        her2=dict(profile.get("her2") or {}),
        labs=labs,
        prior_therapy_lines=profile.get("prior_therapy_lines"),
        history={k: v for k, v in (profile.get("history") or {}).items() if v is not None},
        days_since=days_since,  # type: ignore[arg-type]
        steroids=quantity("steroids", "steroids", profile.get("steroids")),
    )
