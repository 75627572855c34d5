"""WEIGHT facts: body weight bounds in kg ("body weight ≥ 40 kg")."""

from __future__ import annotations

import re

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.text import NUM, Reader, bound, first_fact, named_cmp, number

_WEIGHT = re.compile(
    rf"(?<![a-z])(?<!molecular\s)(?:body\s+)?(?:weight|weighing|weighs)(?![a-z])"
    rf"(?!\s+(?:loss|gain|change|reduction|bearing|-bearing|based))[^\d;.]{{0,20}}?"
    rf"{named_cmp('c')}\s*(?P<num>{NUM})\s*(?P<unit>kg|kilograms?|lbs?|pounds?|g)(?![a-z])"
)


def _read_weight(c: Criterion) -> None:
    first_fact(c, _WEIGHT.finditer(c.low), _weight)


def _weight(c: Criterion, m: re.Match[str]) -> bool:
    cmp = bound(m, "c")
    if cmp is None:
        return False
    unit = c.text[m.start("unit") : m.end("unit")]
    try:
        value = units.to_canonical("weight", number(m.group("num")), unit)
    except units.UnitError:
        return False
    written = c.text[m.start("num") : m.end()]
    c.add("WEIGHT", m.start(), m.end(), c.effect(), cmp, value=value, unit="kg", as_written=written)
    return True


READER = Reader(kinds=("WEIGHT",), read=_read_weight, words=("weigh",))
