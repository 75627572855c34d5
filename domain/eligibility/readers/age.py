"""AGE facts: bounds and ranges in years ("aged 18-75 years", "≥ 6 months of age")."""

from __future__ import annotations

import re

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.text import Reader, bound, first_fact, named_cmp, op

_AU = r"(?:years?|yrs?|months?|y)(?:\s*old)?(?:\s+of\s+age)?"
_AGE_EXPR = (
    rf"(?:{named_cmp('p')}\s*(?P<pa>\d{{1,3}}(?:\.\d)?)\s*(?P<pau1>{_AU})?\s*(?:,|and|but|to|&)?"
    rf"\s*{named_cmp('q')}\s*(?P<pb>\d{{1,3}}(?:\.\d)?)\s*(?P<pau2>{_AU})?"
    rf"|(?:between\s+|from\s+)?(?P<ra>\d{{1,3}})\s*(?P<rau1>{_AU})?\s*(?:-|~|to|and|until)\s*"
    rf"(?P<rb>\d{{1,3}})\s*(?P<rau2>{_AU})?"
    rf"|(?P<oa>\d{{1,3}})\s*(?P<oau>{_AU})\s*(?:or|and)\s*(?:(?P<old>older|above|over|more|elder"
    rf"|greater)|(?P<young>younger|below|under|less))"
    rf"|{named_cmp('s')}\s*(?P<sa>\d{{1,3}}(?:\.\d)?)\s*(?P<sau>{_AU})?)"
)
_AGE = re.compile(
    rf"(?<![a-z])(?:age[ds]?|ages?\s+of)(?![a-z])[^\d.;]{{0,25}}?(?P<expr>{_AGE_EXPR})"
)
_AGE_DEFINES = re.compile(r"defined\s+as|such\s+as|e\.g\.|i\.e\.")
_AGE_OR = re.compile(r"\s*,?\s*or\s+(?!older|above|over|younger|more|less|elder|greater)[a-z]")
_AGE_BARE = re.compile(rf"(?<![a-z\d.])(?P<expr>{_AGE_EXPR})")
_AGE_BARE_OK = re.compile(r"old|of\s+age|years?\s+(?:or|and)\s+\w+$")


def _read_age(c: Criterion) -> None:
    """After "age", or a bare number read as an age ("18 years or older")."""
    if first_fact(c, _AGE.finditer(c.low), _read_age_match):
        return
    bare = (m for m in _AGE_BARE.finditer(c.low) if _AGE_BARE_OK.search(m.group("expr")))
    first_fact(c, bare, _read_age_match)


def _age_years(value: str, unit: str | None) -> float | None:
    unit_text = "months" if unit and unit.startswith("month") else "years"
    years = units.to_canonical("age", float(value), unit_text)
    return years if 0 <= years <= 120 else None


def _read_age_match(c: Criterion, m: re.Match[str], group: str = "expr") -> bool:
    if _AGE_DEFINES.search(c.low, max(0, m.start() - 30), m.start()) or _AGE_OR.match(
        c.low, m.end()
    ):
        return True  # "menopause defined as age ≥ 60 or ...": one way among others, no fact
    effect = c.effect()
    written = c.text[m.start(group) : m.end(group)].strip()
    span = (m.start(), m.end())
    if m.group("pa") is not None:
        op1, op2 = op(m, "p"), op(m, "q")
        unit2 = m.group("pau2") or m.group("pau1")
        a = _age_years(m.group("pa"), m.group("pau1") or unit2)
        b = _age_years(m.group("pb"), unit2)
        if a is None or b is None or op1 not in ("GT", "GTE") or op2 not in ("LT", "LTE"):
            return False
        if op1 == "GTE" and op2 == "LTE":
            c.add(
                "AGE", *span, effect, "RANGE", value=a, value_max=b, unit="year", as_written=written
            )
        else:
            c.add("AGE", *span, effect, op1, value=a, unit="year", as_written=written)
            c.add("AGE", *span, effect, op2, value=b, unit="year", as_written=written)
        return True
    if m.group("ra") is not None:
        unit2 = m.group("rau2") or m.group("rau1")
        a = _age_years(m.group("ra"), m.group("rau1") or unit2)
        b = _age_years(m.group("rb"), unit2)
        if a is None or b is None or a >= b:
            return False
        c.add("AGE", *span, effect, "RANGE", value=a, value_max=b, unit="year", as_written=written)
        return True
    if m.group("oa") is not None:
        a = _age_years(m.group("oa"), m.group("oau"))
        if a is None:
            return False
        direction = "GTE" if m.group("old") else "LTE"
        c.add("AGE", *span, effect, direction, value=a, unit="year", as_written=written)
        return True
    if m.group("sa") is not None:
        cmp = bound(m, "s")
        a = _age_years(m.group("sa"), m.group("sau"))
        if a is None or cmp is None:
            return False
        c.add("AGE", *span, effect, cmp, value=a, unit="year", as_written=written)
        return True
    return False


READER = Reader(kinds=("AGE",), read=_read_age, words=("age", "old"))
