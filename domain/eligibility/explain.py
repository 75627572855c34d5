"""The reasons a verdict gives ("platelets 45 ×10^9/L not > 50 ×10^9/L"), and how they show
numbers: in the criterion's canonical unit, three significant digits, never in exponent form.

``decide`` asks for a reason as a ``Why``, a function called only when the reason is shown:
ranking thousands of candidates needs only the verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from domain import units
from domain.records import FactRecord

Why = Callable[[], str]  # a reason, written only when asked for

PROCEDURAL_REASON = "procedural: checked by the study team at enrolment, not from a profile"
SYMBOL = {"GT": ">", "GTE": "≥", "LT": "<", "LTE": "≤", "EQ": "="}
_LABEL = {
    "anc": "ANC",
    "wbc": "WBC",
    "alt": "ALT",
    "ast": "AST",
    "lvef": "LVEF",
    "inr": "INR",
    "aptt": "APTT",
    "hbv_dna": "HBV DNA",
    "creatinine_clearance": "creatinine clearance",
    "hiv": "HIV",
    "hepatitis_b": "hepatitis B",
    "hepatitis_c": "hepatitis C",
    "gvhd": "GVHD",
}


def label(name: str) -> str:
    """A lab or history flag as a reason names it: "ALT", "hepatitis B", "active infection"."""
    return _LABEL.get(name, name.replace("_", " "))


def join(whys: Sequence[Why], sep: str = "; ") -> Why:
    return lambda: sep.join(w() for w in whys)


# --------------------------------------------------------------------------- fixed reasons


def not_understood() -> str:
    return "not understood: no fact read from it"


def procedural() -> str:
    return PROCEDURAL_REASON


def does_not_apply() -> str:
    return "does not apply to this patient"


# --------------------------------------------------------------------------- reasons


def depends_on(open_flags: Sequence[str], outcomes: dict[tuple[bool, ...], tuple[str, Why]]) -> str:
    """A criterion decided both ways by flags the profile leaves open."""
    names = " or ".join(f.replace("_", " ") for f in open_flags)
    parts = "; ".join(
        f"with{'' if w[0] else 'out'} {open_flags[0].replace('_', ' ')}: {r()}"
        for w, (_, r) in outcomes.items()
    )
    return f"depends on {names}, which the profile does not give ({parts})"


def admits_exceptions(why: Why, exception: str | None) -> str:
    return f"{why()}, but the criterion admits exceptions: {exception}"


def excluded(why: Why) -> str:
    return f"excluded: {why()}"


def not_given(label: str) -> str:
    return f"{label} not given in the profile"


def flag_not_given(label: str) -> str:
    return f"{label}: not given in the profile"


def flag(label: str, present: bool) -> str:
    return f"{label}: {'yes' if present else 'no'}"


def not_decided(kind: str) -> str:
    return f"{kind.lower()} facts are not decided by the matcher"


def cannot_compare(label: str, operator: str) -> str:
    return f"{label}: cannot compare with {operator}"


def compared(label: str, x: float, ok: bool, f: FactRecord, show: Callable[[float], str]) -> str:
    sym = SYMBOL[f.operator]
    return f"{label} {show(x)} {sym if ok else 'not ' + sym} {show(f.value)}{_written(f, show)}"


def one_of(label: str, shown: Any, ok: bool, values: Sequence[str]) -> str:
    return f"{label} {shown} {'is' if ok else 'is not'} one of {', '.join(values)}"


def in_range(label: str, x: float, ok: bool, f: FactRecord, show: Callable[[float], str]) -> str:
    return (
        f"{label} {show(x)} {'within' if ok else 'outside'} "
        f"{num(f.value)}–{show(f.value_max)}{_written(f, show)}"
    )


def _written(f: FactRecord, show: Callable[[float], str]) -> str:
    """The threshold as the criterion writes it, when that differs from how it is shown."""
    return f" ({f.as_written})" if f.as_written and f.as_written != show(f.value) else ""


def without_uln(label: str) -> str:
    return f"{label} given without its upper limit of normal (uln)"


def only_uln(label: str) -> str:
    return f"{label} given only as a multiple of ULN; the criterion is absolute"


def when_not_given(label: str, name: str | None) -> str:
    return f"{label}: yes, but how long ago is not given (time_since.{name})"


def within(label: str, days: float, ok: bool, f: FactRecord) -> str:
    window = f"{num(f.value)} days" + (f" ({f.as_written})" if f.as_written else "")
    return f"{label} {num(days)} days ago, {'within' if ok else 'not within'} {window}"


def her2(given: dict[str, Any], holds: bool | None, definitions: Sequence[str]) -> str:
    if holds is True:
        how = "positive as defined"
    elif holds is False:
        how = "not positive as defined"
    else:
        how = "does not decide the trial's definition"
    shown = ", ".join(f"{k} {v}" for k, v in given.items())
    return f"HER2 ({shown}) {how}: {' or '.join(definitions)}"


# --------------------------------------------------------------------------- numbers


def num(v: float | None) -> str:
    """Three significant digits, never in exponent form: 39.9161 -> 39.9, 1826.0 -> 1826."""
    if v is None:
        return "?"
    if v == int(v):
        return str(int(v))
    digits = max(0, 2 - math.floor(math.log10(abs(v))))
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def years(v: float) -> str:
    return f"{num(v)} years"


def months(v: float) -> str:
    return f"{num(v)} months"


def kg(v: float) -> str:
    return f"{num(v)} kg"


def mg_per_day(v: float) -> str:
    return f"{num(v)} mg/day"


def times_uln(v: float) -> str:
    return f"{num(v)} × ULN"


def quantity(name: str, v: float) -> str:
    unit = units.canonical_unit(name)
    return f"{num(v)} {unit}" if unit else num(v)
