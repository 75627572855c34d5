"""HER2 facts: the definitions of HER2-positive a trial accepts ("IHC 3+ or IHC 2+ with ISH
amplification"), or plain HER2-positive / HER2-negative."""

from __future__ import annotations

import re

from domain.eligibility.criterion import Criterion
from domain.eligibility.text import SYMBOL, Reader, named_cmp, negated, op

_HER2 = re.compile(r"(?<![a-z])(?:her[\s-]?2(?:/neu)?|erbb2|c-erbb-?2)(?![a-z0-9])")
_HER2_IHC3 = re.compile(r"(?:immunohisto\w*\s*)?\(?ihc\)?\s*:?\s*3\s*\+|immunohisto\w*\s*3\s*\+")
_HER2_IHC2_ISH = re.compile(
    r"(?:(?:immunohisto\w*\s*)?\(?ihc\)?|immunohisto\w*)\s*:?\s*2\s*\+\s*(?:with|and|plus|/|,)?"
    r"[^.;]{0,40}?(?:\(?(?:f|c|s|d)?ish\)?|in\s+situ\s+hybridi[sz]ation)\s*(?:\(?(?:f|c|s|d)?ish\)?)?"
    r"\s*(?:\+|positive|amplified|amplification|-positive)"
)
_HER2_IHC_GE2 = re.compile(
    rf"(?:ihc|immunohisto\w*)[^.;]{{0,60}}?(?:{named_cmp('c')})\s*(?:level\s+)?2\s*(?:\+|levels?)"
    r"|(?:ihc|immunohisto\w*)\s*:?\s*2\s*\+\s*(?:or|/|and)\s*3\s*\+"
)
_HER2_EXPR = re.compile(
    rf"expression[^.;]{{0,30}}?{named_cmp('c')}\s*(?P<num>\d{{1,3}}(?:\.\d+)?)\s*%"
)
_HER2_MEMBRANE = re.compile(
    r"positive\s+her[\s-]?2\s+(?:cell\s+)?membrane|her[\s-]?2[^.;]{0,25}membrane[^.;]{0,25}positiv"
)
_HER2_ISH = re.compile(
    r"(?<![a-z])(?:(?:f|c|s|d)?ish|in\s+situ\s+hybridi[sz]ation)\)?\s*(?:\+|positive|amplified"
    r"|amplification)"
)
_HER2_POSITIVE = re.compile(
    r"(?<![a-z])(?:her[\s-]?2(?:/neu)?|erbb2)[\s-]*(?:\(\s*\+\s*\)|\+|positive|positivity"
    r"|over-?expressi\w+|amplified|amplification)|(?:positive|overexpressed|amplified)\s+her[\s-]?2"
    r"(?![a-z0-9])"
)
_HER2_NEGATIVE = re.compile(r"(?<![a-z])her[\s-]?2(?:/neu)?[\s-]*(?:negative|\(\s*-\s*\)|-(?!\w))")


def _read_her2(c: Criterion) -> None:
    low = c.low
    mention = _HER2.search(low)
    if mention is None:
        return
    values: list[str] = []
    spans: list[tuple[int, int]] = []
    for pattern, value in (
        (_HER2_IHC3, "ihc:3+"),
        (_HER2_IHC2_ISH, "ihc:2+&ish:POSITIVE"),
        (_HER2_IHC_GE2, "ihc>=2+"),
        (_HER2_MEMBRANE, "membrane:POSITIVE"),
    ):
        if m := pattern.search(low):
            values.append(value)
            spans.append((m.start(), m.end()))
    ish = _HER2_ISH.search(low)
    if ish and not any(s <= ish.start() < e for s, e in spans):
        values.append("ish:POSITIVE")  # "IHC 3+ or ISH amplified": ISH alone suffices
        spans.append((ish.start(), ish.end()))
    if m := _HER2_EXPR.search(low, mention.start()):
        cmp = op(m, "c")
        if cmp in ("GTE", "GT"):
            values.append(f"expression{SYMBOL[cmp]}{_format(float(m.group('num')))}")
            spans.append((m.start(), m.end()))
    if "ihc>=2+" in values and "ihc:3+" in values:
        values.remove("ihc:3+")  # "IHC 2+ or 3+" is one definition
    if values:
        start = min(mention.start(), *(s for s, _ in spans))
        if start < mention.start() or low.find(";", mention.start(), spans[0][0]) != -1:
            start = min(s for s, _ in spans)
        # the sentence that defines HER2-positive, when it names HER2 itself
        define = low.rfind("her", 0, min(s for s, _ in spans))
        if define != -1 and low.find(";", define, min(s for s, _ in spans)) == -1:
            start = min(start, _HER2.search(low, max(define - 4, 0)).start())
        end = max(e for _, e in spans)
        c.add(
            "HER2",
            start,
            end,
            c.effect(negated(c, start, start)),
            "IN",
            name="her2",
            values=tuple(values),
        )
        return
    if m := _HER2_POSITIVE.search(low):
        c.add(
            "HER2",
            m.start(),
            m.end(),
            c.effect(negated(c, m.start(), m.end())),
            "IN",
            name="her2",
            values=("status:POSITIVE",),
        )
        return
    if (m := _HER2_NEGATIVE.search(low)) and not negated(c, m.start(), m.start()):
        # a HER2-negative requirement rules HER2-positive patients out, and vice versa
        effect = "EXCLUDE" if c.inclusion else "REQUIRE"
        c.add("HER2", m.start(), m.end(), effect, "IN", name="her2", values=("status:POSITIVE",))


def _format(value: float) -> str:
    return f"{value:g}"


READER = Reader(kinds=("HER2",), read=_read_her2, words=("her", "erbb"))
