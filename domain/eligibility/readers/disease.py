"""MEASURABLE_DISEASE and METASTASIS facts: measurable lesions required, and liver, peritoneal
or brain metastases (with the qualifiers that let some in: "untreated or symptomatic")."""

from __future__ import annotations

import dataclasses
import re

from domain.eligibility.criterion import Criterion
from domain.eligibility.text import Reader, join, negated, qualifier

_MEASURABLE = re.compile(
    r"(?<![a-z-])(?<!non-)(?<!non\s)(?<!not\s)(?:measurable|assessable|evaluable)"
    r"(?:\s+(?:and|or|and/or)\s+(?:measurable|assessable|evaluable))?\s+(?:target\s+)?"
    r"(?:tumou?r\s+)?(?:lesions?|disease|tumou?rs?)(?![a-z])"
    r"|(?<![a-z])lesions?\s+(?:that\s+(?:is|are|can\s+be)\s+)?measurable(?![a-z])"
)


def _read_measurable(c: Criterion) -> None:
    m = _MEASURABLE.search(c.low)
    if m is None or negated(c, m.start(), m.end()):
        return
    c.add("MEASURABLE_DISEASE", m.start(), m.end(), "REQUIRE", "PRESENT")


_SITES = (
    ("liver", r"liver|hepatic"),
    ("peritoneal", r"peritoneal|peritoneum"),
    (
        "brain",
        r"brain|cerebral|intracranial|leptomeningeal|meningeal|cns"
        r"|central\s+nervous\s+system(?:\s*\(cns\))?",
    ),
)
_METASTASIS = re.compile(
    "|".join(
        rf"(?P<{site}>(?<![a-z])(?:{terms})\s+(?:and/or\s+\w+\s+)?metasta\w*"
        rf"|metasta\w*\s+(?:to|in|of|involving)\s+(?:the\s+)?(?:{terms})(?![a-z]))"
        for site, terms in _SITES
    )
    + r"|(?P<brain2>carcinomatous\s+meningitis|leptomeningeal\s+(?:disease|carcinomatosis))"
    + r"|(?P<peritoneal2>peritoneal\s+carcinomatosis)"
)


def _read_metastases(c: Criterion) -> None:
    low = c.low
    has_lab = any(f.kind == "LAB" for f in c.facts)
    seen: dict[str, int] = {}
    for m in _METASTASIS.finditer(low):
        site = m.lastgroup.rstrip("2")
        if c.is_claimed(m.start(), m.end()):
            continue
        if has_lab and re.search(
            r"(?:with|without|if|for|in)\s+(?:\w+\s+){0,2}$", low[: m.start()]
        ):
            continue  # a condition of a lab threshold ("patients with liver metastasis")
        is_negated = negated(c, m.start(), m.end())
        if not c.inclusion and is_negated:
            continue
        exception = None
        if not c.inclusion or is_negated:
            exception = join(qualifier(c, m.start()), c.exception_after(m.start(), ("metasta",)))
        if site in seen:
            k = seen[site]
            c.facts[k] = dataclasses.replace(
                c.facts[k], exception=join(c.facts[k].exception, exception)
            )
            continue
        start = m.start()
        q = qualifier(c, m.start()) if exception else None
        if q and c.text[: m.start()].rstrip().endswith(q):
            start = c.text.rfind(q, 0, m.start())
        seen[site] = len(c.facts)
        c.add(
            "METASTASIS",
            start,
            m.end(),
            c.effect(is_negated),
            "PRESENT",
            name=site,
            exception=exception,
        )


MEASURABLE = Reader(
    kinds=("MEASURABLE_DISEASE",),
    read=_read_measurable,
    words=("measurable", "assessable", "evaluable"),
    inclusion_only=True,
)
METASTASES = Reader(
    kinds=("METASTASIS",),
    read=_read_metastases,
    words=("metasta", "mening", "carcinomatosis"),
)
