"""STEROIDS facts: a systemic corticosteroid dose bound in mg/day prednisone equivalent
("prednisone > 10 mg/day"), or any systemic steroid use."""

from __future__ import annotations

import re

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.text import NUM, Reader, bound, first_fact, named_cmp, negated, number

_STEROID = r"(?:systemic\s+)?(?:cortico)?steroids?|prednison\w*|prednisolone|dexamethasone"
_STEROID_DOSE = re.compile(
    rf"(?<![a-z])(?:{_STEROID})(?![a-z])[^.;]{{0,30}}?{named_cmp('c')}\s*(?P<num>{NUM})\s*"
    r"(?P<unit>mg(?:\s+(?:of\s+)?(?:prednisone|prednisolone)(?:\s+or\s+(?:an\s+)?equivalent"
    r"|\s+equivalents?)?)?\s*(?:/\s*(?:day|d)|daily|per\s+day|a\s+day)(?![a-z]))"
)
_STEROID_ANY_DOSE = re.compile(
    rf"(?<![a-z])(?:{_STEROID})(?![a-z])[^.;]{{0,40}}?\d+(?:\.\d+)?\s*mg"
)
_STEROID_PRESENT = re.compile(
    r"(?<![a-z])(?:systemic\s+(?:cortico)?steroids?|(?:cortico)?steroid\s+inhalers?"
    r"|inhaled\s+(?:cortico)?steroids?|(?:cortico)?steroids?\s+(?:therapy|treatment|use)"
    r"|(?:treated|treatment|receiving|use|using|undergoing|taking|on)\s+(?:with\s+|of\s+)?"
    r"(?:either\s+|chronic\s+|long-term\s+)?(?:systemic\s+)?(?:cortico)?steroids?)(?![a-z])"
    r"(?:\s*(?:,|or|and|and/or)\s*(?:systemic\s+|inhaled\s+)?(?:cortico)?steroids?"
    r"(?:\s+inhalers?)?(?![a-z]))*"
)


def _read_steroids(c: Criterion) -> None:
    if first_fact(c, _STEROID_DOSE.finditer(c.low), _dose):
        return
    if _STEROID_ANY_DOSE.search(c.low):
        return  # a dose this reader cannot read: no fact rather than "any dose"
    first_fact(c, _STEROID_PRESENT.finditer(c.low), _present)


def _dose(c: Criterion, m: re.Match[str]) -> bool:
    if _set_aside(c, m.start()):
        return False
    cmp = bound(m, "c")
    if cmp is None:
        return False
    value = units.to_canonical("steroids", number(m.group("num")), "mg/day")
    c.add(
        "STEROIDS",
        m.start(),
        m.end(),
        c.effect(),
        cmp,
        value=value,
        unit="mg/day",
        as_written=c.text[m.start("num") : m.end()],
        exception=c.exception_after(m.end()),
    )
    return True


def _present(c: Criterion, m: re.Match[str]) -> bool:
    """Any systemic steroid, in an exclusion (or "no steroids" in an inclusion); the first
    mention that is not set aside decides, with a fact or without."""
    low = c.low
    if _set_aside(c, m.start()):
        return False
    if re.search(r"requir\w*\s+(?:\w+\s+){0,3}$", low[: m.start()]) and re.search(
        r"disease|infection|condition|disorder", low[: m.start()]
    ):
        return False  # "autoimmune disease requiring systemic steroids": the disease's qualifier
    if not c.inclusion or negated(c, m.start(), m.end()):
        c.add(
            "STEROIDS",
            m.start(),
            m.end(),
            "EXCLUDE",
            "PRESENT",
            exception=c.exception_after(m.end()),
        )
    return True


def _set_aside(c: Criterion, start: int) -> bool:
    """In a clause that lets patients in, after "stopped", or after "except"."""
    return c.in_admitted(start) or _steroid_negated(c.low, start) or _excepted(c, start)


_EXCEPT_WORD = re.compile(
    r"(?<![a-z])(?:except|exception|excluding|other\s+than|unless|apart\s+from)(?![a-z])"
)


def _excepted(c: Criterion, start: int) -> bool:
    """Whether ``start`` follows "except ..." in its sentence: the text names what is allowed."""
    sentence = max(c.low.rfind(". ", 0, start), c.low.rfind(";", 0, start), 0)
    return _EXCEPT_WORD.search(c.low, sentence, start) is not None


def _steroid_negated(low: str, start: int) -> bool:
    return bool(
        re.search(
            r"(?:off|stopped|discontinued|no\s+longer|not\s+(?:on|receiving))\s+(?:\w+\s+){0,2}$",
            low[max(0, start - 40) : start],
        )
    )


READER = Reader(kinds=("STEROIDS",), read=_read_steroids, words=("steroid", "predniso", "dexameth"))
