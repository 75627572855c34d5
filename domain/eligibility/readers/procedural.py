"""PROCEDURAL facts: consent, contraception, compliance, voluntariness and the investigator's
judgement; checked by the study team at enrolment, never decided from a profile."""

from __future__ import annotations

import re

from domain.eligibility.criterion import Criterion
from domain.eligibility.scan import Alternation
from domain.eligibility.text import Reader

_PROCEDURAL: tuple[tuple[str, str], ...] = (
    ("consent", r"informed\s+consent|consent\s+(?:form|document)|consent"),
    (
        "contraception",
        r"contracept\w*|birth\s+control|pregnancy\s+tests?|child[\s-]?bearing|reproductive\s+"
        r"potential|pregnancy\s+plan\w*|plan\w*\s+to\s+(?:become|get)\s+pregnant|fertility"
        r"|barrier\s+method|abstinence",
    ),
    (
        "investigator_judgement",
        r"(?:opinion|judge?ment|discretion|assessment)\s+of\s+(?:the\s+)?(?:investigators?"
        r"|physicians?|doctors?|study\s+doctor|sponsor)|investigators?(?:'s|')?\s+(?:opinion"
        r"|judge?ment|discretion)|judged\s+by\s+the\s+investigator|(?:investigators?|physicians?)"
        r"\s+(?:considers?|judges?|deems?|believes?)|(?:considered|deemed|judged)\s+(?:\w+\s+){0,3}?"
        r"(?:unsuitable|inappropriate|ineligible|not\s+suitable|not\s+appropriate)|unsuitable"
        r"|inappropriate\s+for|improper\s+for|not\s+suitable\s+for|interfere\s+with",
    ),
    ("voluntary", r"voluntar\w*|volunteers?\s+to|volunteered"),
    (
        "compliance",
        r"(?:able|ability|unable|inability|willing(?:ness)?|capable)\s+(?:and\s+(?:able|willing)\s+)?"
        r"to\s+(?:comply|follow|complete|attend|adhere|understand|cooperate)|comply|compliance"
        r"|adhere\s+to|follow[\s-]+up\s+(?:visits|procedures|examinations)"
        r"|willing(?:ness)?\s+(?:and\s+able\s+)?to",
    ),
)
_CONSENT_TIME = re.compile(
    r"(?:time\s+of|before|prior\s+to)\s+(?:signing\s+)?(?:the\s+)?(?:written\s+)?\Z"
)
_PROCEDURAL_MENTION = Alternation(_PROCEDURAL)
_PROCEDURAL_GUARD = (
    "consent",
    "plan",
    "contracep",
    "birth control",
    "pregnancy",
    "bearing",
    "reproductive",
    "fertility",
    "barrier",
    "abstinence",
    "investigator",
    "judg",
    "opinion",
    "discretion",
    "physician",
    "suitable",
    "inappropriate",
    "improper",
    "interfere",
    "volunt",
    "able to",
    "ability",
    "willing",
    "comply",
    "complian",
    "adhere",
    "follow",
)


def _read_procedural(c: Criterion) -> None:
    low = c.low
    found: dict[str, tuple[int, int]] = {}
    for start, end, name in _PROCEDURAL_MENTION.scan(low):
        if name == "consent" and _CONSENT_TIME.search(low, max(0, start - 45), start):
            continue  # "at the time of signing informed consent": a point in time
        found.setdefault(name, (start, end))
    if (
        "compliance" in found
        and len(found) > 1
        and low.startswith("willing", found["compliance"][0])
    ):
        del found["compliance"]  # "willing to use contraception": contraception alone
    effect = "REQUIRE" if c.inclusion else "EXCLUDE"
    for name, (start, end) in found.items():
        c.add("PROCEDURAL", start, end, effect, "PRESENT", name=name)


READER = Reader(kinds=("PROCEDURAL",), read=_read_procedural, words=_PROCEDURAL_GUARD)
