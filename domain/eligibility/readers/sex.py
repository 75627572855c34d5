"""SEX facts, from inclusion criteria: the sexes a trial takes ("Female patients", "Men and
women", "Gender: Male")."""

from __future__ import annotations

import re

from domain.eligibility.criterion import Criterion
from domain.eligibility.text import Reader

_BOTH_SEXES = re.compile(
    r"(?<![a-z])(?:(?:male|female)s?\s*(?:or|and|and/or|&|/)\s*(?:fe)?males?(?![a-z])"
    r"|(?:men|women)\s+(?:or|and|and/or|&)\s+(?:wo)?men(?![a-z])"
    r"|both\s+(?:sexes|genders|men\s+and\s+women|males?\s+and\s+females?)"
    r"|(?:regardless|irrespective)\s+of\s+(?:gender|sex)"
    r"|(?:gender|sex)\s*:?\s*(?:is\s+)?(?:unlimited|not\s+limited|no\s+limit\w*|unrestricted)"
    r"|(?:any|either|all)\s+(?:genders?|sex|sexes)(?![a-z])"
    r"|no\s+(?:gender|sex)\s+(?:restriction|limit)\w*)"
)
_NOT_POPULATION = re.compile(
    r"\s*(?:of\s+(?:child|reproductive|fertile)|who\s+(?:are\s+)?(?:sexually|of|fertile|could|can)"
    r"|with\s+(?:child|reproductive|fertility|a\s+partner)|must|should|partners?|capable|able"
    r"|participants?\s+of|patients?\s+of|subjects?\s+of|who\s+(?:have|are)\s+not)"
)
_ONE_SEX = re.compile(
    r"(?:(?:patients?|subjects?|participants?)\s+(?:must\s+be|should\s+be|are|is)\s+)?"
    r"(?:(?:post|pre|peri)-?\s*menopausal\s+)?(?P<sex>female|females|women|woman|male|males|men)"
    r"(?:\s+(?:patients?|subjects?|participants?|only))?(?![a-z])"
)
_SEX_WORD = re.compile(r"(?<![a-z])(?:sex|gender)\s*:\s*(?P<sex>female|male)(?![a-z])")


def _read_sex(c: Criterion) -> None:
    low = c.low
    if m := _BOTH_SEXES.search(low):
        if not _NOT_POPULATION.match(low, m.end()):
            c.add("SEX", m.start(), m.end(), "REQUIRE", "IN", values=("MALE", "FEMALE"))
        return
    if m := _SEX_WORD.search(low):
        sex = "FEMALE" if m.group("sex") == "female" else "MALE"
        c.add("SEX", m.start(), m.end(), "REQUIRE", "IN", values=(sex,))
        return
    for start in _clause_starts(low):
        m = _ONE_SEX.match(low, start)
        if m is None or _NOT_POPULATION.match(low, m.end()):
            continue
        sex = "FEMALE" if m.group("sex").startswith(("f", "w")) else "MALE"
        c.add("SEX", m.start(), m.end(), "REQUIRE", "IN", values=(sex,))
        return


def _clause_starts(low: str) -> list[int]:
    starts = [len(low) - len(low.lstrip(" -*•"))]
    starts += [m.end() for m in re.finditer(r"[,;]\s*", low)]
    return starts


READER = Reader(
    kinds=("SEX",), read=_read_sex, words=("male", "men", "gender", "sex"), inclusion_only=True
)
