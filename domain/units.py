"""Units of eligibility thresholds, normalised with pint: one canonical unit per quantity.

Pure functions, no database. pint does every conversion; this module only teaches it what it
lacks (cell counts, the international unit, the ``×10^9/L`` family of spellings) and the molar
masses that turn ``µmol/L`` into ``mg/dL``::

    to_canonical("platelets", 50_000, "/mm^3")    -> 50.0      (×10^9/L)
    to_canonical("creatinine", 132.6, "µmol/L")   -> 1.5       (mg/dL)
    to_canonical("duration", 4, "weeks")          -> 28.0      (day)
    format_value("platelets", 50)                 -> "50 ×10^9/L"

The registry is built once, on first use; every (quantity, unit) pair is parsed once.
"""

from __future__ import annotations

import functools
import re

import pint

# Analyte -> canonical unit label (None: a ratio without a unit).
LABS: dict[str, str | None] = {
    "anc": "×10^9/L",
    "wbc": "×10^9/L",
    "platelets": "×10^9/L",
    "hemoglobin": "g/dL",
    "alt": "U/L",
    "ast": "U/L",
    "bilirubin": "mg/dL",
    "creatinine": "mg/dL",
    "creatinine_clearance": "mL/min",
    "lvef": "%",
    "inr": None,
    "aptt": "s",
    "hbv_dna": "IU/mL",
}

# Quantities that are not laboratory values.
QUANTITIES: dict[str, str] = {
    "age": "year",
    "weight": "kg",
    "life_expectancy": "month",
    "steroids": "mg/day",
    "duration": "day",
}

# Molar masses (g/mol) of analytes reported both as mass and as substance concentration.
MOLAR_MASS = {"creatinine": 113.12, "bilirubin": 584.66}

# Analytes measured in enzyme units, where an "IU" is the enzyme unit (U = µmol/min).
_ENZYMES = frozenset({"alt", "ast"})

# What pint lacks: cells are counted (dimensionless), and the WHO international unit is an
# arbitrary unit of its own (IU/mL of HBV DNA converts only to other IU amounts).
_DEFINITIONS = (
    "cell = count = cells",
    "international_unit = [international_unit] = IU",
)


class UnitError(ValueError):
    """A unit that is unknown, or that cannot be converted to the quantity's canonical unit."""

    def __init__(self, unit: str | None, reason: str):
        self.unit = unit
        self.reason = reason
        super().__init__(f"unit {unit!r}: {reason}")


@functools.cache
def _registry() -> pint.UnitRegistry:
    registry = pint.UnitRegistry(on_redefinition="raise")
    for definition in _DEFINITIONS:
        registry.define(definition)
    return registry


# Spellings of criteria and API clients -> text pint parses. Applied in order.
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[μµ]", "u"),  # Greek mu and micro sign
        (r"\s+", " "),
        (r"^\s*[×xX*·]\s*", ""),  # "× 10^9/L": the multiplication sign before the scale
        (r"(?<![\d.])10\s*(?:\^|\*\*?|[eE])\s*(\d+)", r"1e\1"),  # 10^9, 10*9, 10**9, 10E9
        (r"^G\s*/", "1e9/"),  # G/L: giga(cells) per litre
        (r"^K\s*/", "1e3/"),  # K/uL: thousands per microlitre
        (r"\bmm\s*3\b|\bmm³|\bcmm\b|\bcu\.?\s*mm\b", "mm^3"),
        (r"³", "^3"),
        (r"²", "^2"),
        (r"\(s\)", "s"),  # year(s)
        (r"\s+(?:daily|per\s+day|a\s+day|/\s*day)$", "/day"),  # mg daily
        (r"^/", "1/"),  # /mm^3
        (r"^seconds?$|^secs?$", "s"),
        (r"^gm\s*/", "g/"),  # gm/dL: grams
        (r"\bdl\b", "dL"),
        (r"\bml\b", "mL"),
        (r"\bl\b", "L"),
    )
)


_SUPERSCRIPT_POWER = re.compile(r"(?<![\d.])10\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def _pint_text(unit: str) -> str:
    text = _SUPERSCRIPT_POWER.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), unit)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text.strip()


def _canonical_pint(label: str) -> str:
    return _pint_text(label)


def canonical_unit(name: str) -> str | None:
    """The canonical unit label of a lab analyte or quantity; ``KeyError`` for an unknown name."""
    if name in LABS:
        return LABS[name]
    if name in QUANTITIES:
        return QUANTITIES[name]
    raise KeyError(f"unknown quantity {name!r}: not in domain.units.LABS or QUANTITIES")


@functools.lru_cache(maxsize=8192)
def _factor(name: str, unit: str) -> float | str:
    """Multiplier from ``unit`` to ``name``'s canonical unit, or the reason it has none."""
    label = canonical_unit(name)
    if label is None:
        return f"{name} is a ratio without a unit"
    registry = _registry()
    text = _pint_text(unit)
    if not text:
        return f"no unit given; {name} is measured in {label}"
    if name in _ENZYMES:
        text = re.sub(r"\bIU\b", "U", text)
    try:
        quantity = registry.parse_expression(text)
        target = registry.parse_expression(_canonical_pint(label))
    except Exception:  # pint raises several error types for text it cannot read
        return f"unknown unit for {name} (expected a unit convertible to {label})"
    if not isinstance(quantity, registry.Quantity):  # a bare number such as "1e9"
        return f"not a unit: {name} is measured in {label}"
    ratio = quantity / target
    if ratio.dimensionless:
        return float(ratio.to("dimensionless").magnitude)
    if name in MOLAR_MASS:
        molar_mass = registry.Quantity(MOLAR_MASS[name], "g/mol")
        for candidate in (ratio * molar_mass, ratio / molar_mass):
            if candidate.dimensionless:
                return float(candidate.to("dimensionless").magnitude)
    return f"cannot convert to {label} for {name} (incompatible dimensions)"


def to_canonical(name: str, value: float, unit: str | None) -> float:
    """``value`` in ``unit``, expressed in ``name``'s canonical unit.

    ``unit`` None is accepted only for a quantity without a unit (``inr``); an unknown or
    incompatible unit raises ``UnitError``.
    """
    label = canonical_unit(name)
    if label is None:
        if unit is None or not unit.strip():
            return float(value)
        raise UnitError(unit, f"{name} is a ratio without a unit")
    if unit is None:
        raise UnitError(unit, f"no unit given; {name} is measured in {label}")
    factor = _factor(name, unit)
    if isinstance(factor, str):
        raise UnitError(unit, factor)
    return float(f"{value * factor:.12g}")  # 50000/mm^3 is 50, not 50.000000000000014


def format_value(name: str, value: float) -> str:
    """A canonical value with its unit label: ``("platelets", 50)`` -> ``"50 ×10^9/L"``."""
    label = canonical_unit(name)
    number = _format_number(value)
    return number if label is None else f"{number} {label}"


def _format_number(value: float) -> str:
    """Up to three decimals (three significant digits below 1), no trailing zeros."""
    if value == 0:
        return "0"
    big = abs(value) >= 1
    text = f"{round(value, 3):.3f}" if big else f"{float(f'{value:.3g}'):.12f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
