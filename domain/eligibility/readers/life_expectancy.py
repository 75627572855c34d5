"""LIFE_EXPECTANCY facts: in months ("life expectancy of at least 12 weeks")."""

from __future__ import annotations

import re

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.text import NUM, Reader, bound, first_fact, named_cmp, number

_TU = r"(?P<tu>years?|yrs?|months?|mos?|weeks?|wks?|days?)(?![a-z])"
_LIFE = re.compile(
    r"(?<![a-z])(?:life\s+expectancy|(?:expected|estimated|anticipated|predicted)\s+"
    r"(?:overall\s+)?(?:survival|life\s+expectancy|life\s+span)|survival\s+expectancy"
    r"|expected\s+to\s+(?:live|survive))(?![a-z])[^\d;.]{0,30}?"
    rf"(?:{named_cmp('c')}\s*(?P<num>{NUM})\s*{_TU}"
    rf"|(?P<pnum>{NUM})\s*(?P<ptu>years?|months?|weeks?|days?)\s*(?:or|and)\s*"
    r"(?:more|longer|greater|above|over))"
)


_UNITS = {"yr": "year", "yrs": "year", "mo": "month", "mos": "month", "wk": "week", "wks": "week"}


def _read_life_expectancy(c: Criterion) -> None:
    first_fact(c, _LIFE.finditer(c.low), _life_expectancy)


def _life_expectancy(c: Criterion, m: re.Match[str]) -> bool:
    if m.group("num") is not None:
        cmp, digits, unit = bound(m, "c"), m.group("num"), m.group("tu")
        written = c.text[m.start("num") : m.end()]
    else:
        cmp, digits, unit = "GTE", m.group("pnum"), m.group("ptu")
        written = c.text[m.start("pnum") : m.end("ptu")]
    if cmp is None:
        return False
    value = units.to_canonical("life_expectancy", number(digits), _UNITS.get(unit, unit))
    c.add(
        "LIFE_EXPECTANCY",
        m.start(),
        m.end(),
        c.effect(),
        cmp,
        value=value,
        unit="month",
        as_written=written,
    )
    return True


READER = Reader(
    kinds=("LIFE_EXPECTANCY",),
    read=_read_life_expectancy,
    words=("surviv", "expectancy", "expected to live"),
)
