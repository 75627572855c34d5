"""PRIOR_THERAPY_LINES facts: how many lines of systemic therapy came before ("failed at least
two prior lines", "1-3 prior regimens")."""

from __future__ import annotations

import re

from domain.eligibility.criterion import Criterion
from domain.eligibility.text import Reader, bound, first_fact, named_cmp, number_value

_ORD = r"first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|one|two|three|four|\d"
_LINES = re.compile(
    rf"(?:failed|failure|progress\w*|refractory|relapsed|after|following|intoleran\w*"
    rf"|resistant)[^.;]{{0,40}}?(?<![a-z])(?:at\s+least\s+)?(?P<ord>{_ORD})[\s-]+line"
    r"(?:\s+or\s+(?:higher|more|later|above|beyond|subsequent)|\s+and\s+(?:above|beyond|later))?"
    r"(?:\s+(?:systemic\s+|standard\s+)?(?:anti-?cancer\s+|antitumou?r\s+)?(?:therapy|therapies"
    r"|treatments?|chemotherapy|regimens?))?"
    rf"|(?<![a-z])at\s+least\s+(?P<ra>{_ORD})\s+(?:but|and)\s+(?:no|not)\s+more\s+than\s+"
    rf"(?P<rb>{_ORD})\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy))?"
    rf"|(?<![a-z])at\s+least\s+(?P<n>{_ORD})\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:prior\s+)?(?:systemic\s+|standard\s+)?(?:anti-?cancer\s+|antitumou?r\s+)?"
    r"(?:therapy|therapies|treatments?|chemotherapy))?"
    rf"|(?<![a-z])(?P<m>{_ORD})\s+or\s+more\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy))?"
    rf"|(?<![a-z]){named_cmp('c')}\s*(?P<cn>{_ORD})\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy))?"
)


def _read_prior_lines(c: Criterion) -> None:
    first_fact(c, _LINES.finditer(c.low), _prior_lines)


def _prior_lines(c: Criterion, m: re.Match[str]) -> bool:
    if m.group("ra") is not None:
        low_n, high_n = number_value(m.group("ra")), number_value(m.group("rb"))
        if low_n is None or high_n is None or not low_n < high_n <= 10:
            return False
        c.add(
            "PRIOR_THERAPY_LINES",
            m.start(),
            m.end(),
            c.effect(),
            "RANGE",
            value=low_n,
            value_max=high_n,
            as_written=c.text[m.start() : m.end()].strip(),
        )
        return True
    if m.group("ord") is not None:
        cmp, word = "GTE", m.group("ord")
    elif m.group("n") is not None:
        cmp, word = "GTE", m.group("n")
    elif m.group("m") is not None:
        cmp, word = "GTE", m.group("m")
    else:
        cmp, word = bound(m, "c"), m.group("cn")
    value = number_value(word)
    if value is None or cmp is None or value > 10:
        return False
    start = m.start()  # with "failed ... line", the failure verb starts the span
    exception = None
    if alt := re.match(r"\s*,?\s*or\s+(?!more|higher|later)[^.;]+", c.low[m.end() :]):
        exception = c.text[m.end() : m.end() + alt.end()].strip(" ,")
    c.add(
        "PRIOR_THERAPY_LINES",
        start,
        m.end(),
        c.effect(),
        cmp,
        value=value,
        as_written=c.text[start : m.end()].strip(),
        exception=exception,
    )
    return True


READER = Reader(kinds=("PRIOR_THERAPY_LINES",), read=_read_prior_lines, words=("line", "regimen"))
