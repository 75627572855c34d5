"""Unit normalisation (domain.units): every spelling criteria and API clients use, converted by
pint to one canonical unit per quantity; unknown or incompatible units are refused."""

from __future__ import annotations

import pytest

from domain.units import (
    LABS,
    QUANTITIES,
    UnitError,
    canonical_unit,
    format_value,
    to_canonical,
)

COUNTS = [
    "/mm^3",
    "/mm3",
    "/mm³",
    "cells/mm3",
    "/µL",
    "/uL",
    "/μL",
]
GIGA_PER_LITRE = [
    "×10^9/L",
    "x10^9/L",
    "x 10^9/L",
    "10^9/L",
    "10*9/L",
    "10E9/L",
    "G/L",
    "×10^3/µL",
    "K/uL",
    "× 10⁹/L",
]


@pytest.mark.parametrize("unit", COUNTS)
def test_cells_per_cubic_millimetre(unit: str) -> None:
    assert to_canonical("platelets", 50_000, unit) == pytest.approx(50)


@pytest.mark.parametrize("unit", GIGA_PER_LITRE)
def test_giga_per_litre_spellings(unit: str) -> None:
    assert to_canonical("anc", 1.5, unit) == pytest.approx(1.5)


def test_fifty_thousand_per_mm3_is_fifty_giga_per_litre_exactly():
    assert to_canonical("platelets", 50_000, "/mm^3") == 50.0


@pytest.mark.parametrize(
    ("name", "value", "unit", "expected"),
    [
        ("hemoglobin", 9, "g/dL", 9),
        ("hemoglobin", 9, "g/dl", 9),
        ("hemoglobin", 90, "g/L", 9),
        ("creatinine", 1.5, "mg/dL", 1.5),
        ("creatinine", 1.5, "mg/dl", 1.5),
        ("creatinine", 132.6, "µmol/L", 1.5),
        ("creatinine", 132.6, "μmol/L", 1.5),
        ("creatinine", 132.6, "umol/L", 1.5),
        ("bilirubin", 17.1, "µmol/L", 1.0),
        ("alt", 40, "U/L", 40),
        ("ast", 40, "IU/L", 40),
        ("creatinine_clearance", 60, "mL/min", 60),
        ("creatinine_clearance", 60, "ml/min", 60),
        ("lvef", 50, "%", 50),
        ("aptt", 35, "s", 35),
        ("aptt", 35, "sec", 35),
        ("aptt", 35, "seconds", 35),
        ("hbv_dna", 1000, "IU/mL", 1000),
        ("hbv_dna", 1000, "IU/ml", 1000),
        ("weight", 40, "kg", 40),
        ("weight", 100, "lb", 45.359237),
        ("weight", 40_000, "g", 40),
        ("age", 18, "year(s)", 18),
        ("age", 18, "years", 18),
        ("age", 6, "months", 0.5),
        ("life_expectancy", 3, "month(s)", 3),
        ("life_expectancy", 1, "year", 12),
        ("duration", 4, "week(s)", 28),
        ("duration", 4, "weeks", 28),
        ("duration", 30, "day(s)", 30),
        ("duration", 30, "days", 30),
        ("steroids", 10, "mg/day", 10),
        ("steroids", 10, "mg/d", 10),
        ("steroids", 10, "mg daily", 10),
    ],
)
def test_conversions(name: str, value: float, unit: str, expected: float) -> None:
    assert to_canonical(name, value, unit) == pytest.approx(expected, rel=1e-3)


def test_molar_masses_convert_both_ways():
    # 1 mg/dL of creatinine is 88.42 µmol/L; of bilirubin, 17.1 µmol/L
    assert to_canonical("creatinine", 1.5, "mg/dL") * 88.42 == pytest.approx(132.6, rel=1e-3)
    assert 1 / to_canonical("creatinine", 1, "µmol/L") == pytest.approx(88.42, rel=1e-3)
    assert 1 / to_canonical("bilirubin", 1, "µmol/L") == pytest.approx(17.1, rel=1e-3)


def test_a_year_is_a_julian_year_so_windows_round_to_365_days():
    assert round(to_canonical("duration", 1, "year")) == 365
    assert to_canonical("duration", 1, "year") == pytest.approx(365.25)


def test_inr_is_a_ratio_without_unit():
    assert canonical_unit("inr") is None
    assert to_canonical("inr", 1.5, None) == 1.5
    with pytest.raises(UnitError):
        to_canonical("inr", 1.5, "s")


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("platelets", "furlongs"),
        ("platelets", "g/dL"),  # incompatible
        ("hemoglobin", "/mm^3"),
        ("hemoglobin", "mmol/L"),  # no molar mass for haemoglobin: not converted
        ("hbv_dna", "copies/mL"),  # assay-dependent: not converted
        ("creatinine_clearance", "mL/min/1.73 m^2"),  # that is eGFR, another quantity
        ("age", "kg"),
        ("steroids", "mg"),
        ("alt", ""),
        ("alt", "   "),
        ("platelets", "1e9"),
    ],
)
def test_unknown_or_incompatible_units_raise(name: str, unit: str) -> None:
    with pytest.raises(UnitError) as info:
        to_canonical(name, 1, unit)
    assert info.value.unit == unit
    assert unit.strip() in str(info.value) or not unit.strip()
    assert isinstance(info.value, ValueError)


def test_none_unit_is_refused_where_a_unit_is_needed():
    with pytest.raises(UnitError) as info:
        to_canonical("platelets", 100, None)
    assert info.value.unit is None
    assert "×10^9/L" in str(info.value)


def test_unknown_names_are_key_errors():
    with pytest.raises(KeyError):
        canonical_unit("cholesterol")
    with pytest.raises(KeyError):
        to_canonical("cholesterol", 1, "mg/dL")


# Figures from clinical references, not from domain.units: each pins an analyte's canonical unit
# (the one its facts and reasons are written in) and the factor that reaches it.
KNOWN_FIGURES = [
    ("platelets", 50_000, "/mm³", 50),  # 50,000/mm³ = 50 ×10^9/L
    ("anc", 1_500, "/mm3", 1.5),  # 1,500/mm³ = 1.5 ×10^9/L
    ("wbc", 4_000, "/µL", 4),  # 4,000/µL = 4 ×10^9/L
    ("hemoglobin", 10, "g/L", 1),  # 1 g/dL = 10 g/L
    ("creatinine", 88.42, "µmol/L", 1),  # 1 mg/dL = 88.42 µmol/L
    ("creatinine", 10, "mg/L", 1),  # 1 mg/dL = 10 mg/L
    ("bilirubin", 17.1, "µmol/L", 1),  # 1 mg/dL = 17.1 µmol/L
    ("alt", 1, "µkat/L", 60),  # 1 µkat/L = 60 U/L
    ("ast", 1, "ukat/L", 60),
    ("creatinine_clearance", 1, "mL/s", 60),  # 1 mL/s = 60 mL/min
    ("aptt", 1, "min", 60),  # seconds
    ("hbv_dna", 1_000, "IU/L", 1),  # IU/mL
    ("lvef", 55, "%", 55),
    ("age", 18, "months", 1.5),  # years
    ("weight", 1, "lb", 0.45359237),  # kg: the international pound, exactly
    ("life_expectancy", 1, "year", 12),  # months
    ("steroids", 70, "mg/week", 10),  # mg/day
    ("duration", 2, "weeks", 14),  # days
]


@pytest.mark.parametrize(("name", "value", "unit", "expected"), KNOWN_FIGURES)
def test_known_figures(name: str, value: float, unit: str, expected: float) -> None:
    assert to_canonical(name, value, unit) == pytest.approx(expected, rel=1e-3)


def test_known_figures_cover_every_quantity():
    assert {name for name, *_ in KNOWN_FIGURES} | {"inr"} == set(LABS) | set(QUANTITIES)


def test_every_canonical_label_converts_to_itself():
    for name, label in {**LABS, **QUANTITIES}.items():
        if label is not None:
            assert to_canonical(name, 7, label) == pytest.approx(7)


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("platelets", 50, "50 ×10^9/L"),
        ("hemoglobin", 9, "9 g/dL"),
        ("hemoglobin", 9.0, "9 g/dL"),
        ("inr", 1.5, "1.5"),
        ("creatinine_clearance", 120.0, "120 mL/min"),
        ("lvef", 2.5, "2.5 %"),
        ("bilirubin", 0.8, "0.8 mg/dL"),
        ("bilirubin", 5.846599999, "5.847 mg/dL"),
        ("anc", 0.0123456, "0.0123 ×10^9/L"),
        ("life_expectancy", 2.759753593, "2.76 month"),
        ("duration", 1826.0, "1826 day"),
        ("age", 0, "0 year"),
    ],
)
def test_format_value(name: str, value: float, text: str) -> None:
    assert format_value(name, value) == text


def test_parsing_is_memoised():
    from domain import units

    units._factor.cache_clear()
    for _ in range(100):
        to_canonical("platelets", 1, "/mm^3")
    info = units._factor.cache_info()
    assert (info.misses, info.hits) == (1, 99)
