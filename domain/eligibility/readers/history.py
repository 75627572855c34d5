"""HISTORY facts: conditions and events in a patient's history (HIV, hepatitis B and C, active
infection, autoimmune disease, pregnancy, transplants, other cancers, live vaccines, other
trials), present or within a window ("within 5 years"), with the exceptions a criterion admits."""

from __future__ import annotations

import re

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.scan import Alternation
from domain.eligibility.text import (
    NEGATIVE_AFTER,
    NUM,
    SENTENCE_BREAK,
    Reader,
    join,
    negated,
    number_value,
    qualifier,
)

_HISTORY: tuple[tuple[str, str], ...] = (
    (
        "hiv",
        r"hiv(?:-?[12])?|human\s+immunodeficiency\s+virus|aids"
        r"|acquired\s+immun\w*\s*deficiency\s+syndrome",
    ),
    ("hepatitis_c", r"hepatitis\s+(?:b\s*(?:,|or|and|and/or|/)\s*)?c(?:\s+virus)?|hcv"),
    (
        "hepatitis_b",
        r"hepatitis\s+b(?:\s+virus)?(?:\s*\(hbv\))?(?!\s+(?:virus\s+)?(?:\(hbv\)\s+)?dna)"
        r"|hbv(?![\s-]*dna)|hbsag|hepatitis\s+b\s+surface\s+antigen",
    ),
    (
        "active_infection",
        r"(?:active|uncontrolled|ongoing|serious)\s+(?:(?:or\s+)?(?:active|systemic|bacterial"
        r"|viral|fungal|serious|clinically\s+significant)\s+)*infections?"
        r"|infections?\s+(?:requiring|that\s+requires?|which\s+requires?)\s+(?:\w+\s+)?"
        r"(?:antibiotics?|antivirals?|antifungals?|intravenous|iv|systemic)"
        r"|(?:uncontrolled|active)\s+infectious\s+diseases?",
    ),
    ("autoimmune_disease", r"auto-?immune"),
    (
        "pregnant",
        r"pregnant|pregnancy(?=\s*(?:,|or|and|/)\s*(?:breast|lactat|nursing))"
        r"|(?<=during\s)pregnancy|(?<=in\s)pregnancy",
    ),
    (
        "breastfeeding",
        r"breast[\s-]?feed\w*|lactat\w*|nursing(?=\s+(?:women|mothers|females|patients))"
        r"|(?<=or\s)nursing|(?<=are\s)nursing",
    ),
    (
        "organ_transplant",
        r"(?:solid[\s-]+)?organ\s+(?:allo)?transplant\w*|(?:kidney|renal|liver|hepatic|heart"
        r"|cardiac|lung|pancreas|allogeneic\s+organ)\s+transplant\w*"
        r"|transplantation\s+of\s+(?:an?\s+)?(?:solid\s+)?organs?",
    ),
    ("gvhd", r"gvhd|graft[\s-]+(?:versus|vs\.?)[\s-]+host"),
    (
        "other_malignancy",
        r"(?:other|another|second|additional|concurrent|concomitant)\s+(?:active\s+|primary\s+"
        r"|prior\s+|previous\s+|invasive\s+|types\s+of\s+)*(?:malignant\s+(?:tumou?rs?"
        r"|neoplasms?|diseases?)|malignan\w+|cancers?|tumou?rs?"
        r"|neoplasms?|carcinomas?)(?![a-z])"
        r"|(?:previous|prior|history\s+of)\s+(?:or\s+(?:concurrent|current|concomitant)\s+)?"
        r"(?:other\s+)?(?:malignan\w+|cancers?)(?![a-z])",
    ),
    (
        "vaccination",
        r"live\s+(?:or\s+(?:live[\s-]+)?attenuated\s+|attenuated\s+|viral\s+)?vaccin\w*"
        r"|attenuated\s+vaccin\w*|vaccinat\w+|vaccines?",
    ),
    (
        "other_trial",
        r"(?:participat\w*|enrol\w*|involved|taking\s+part)\s+(?:in\s+)?(?:any\s+)?(?:an?other"
        r"|other|concurrent|another)\s+(?:\w+\s+){0,2}?(?:trials?|stud(?:y|ies))(?![a-z])",
    ),
)
_HISTORY_MENTION = Alternation(_HISTORY)
_HISTORY_GUARD = (
    "hiv",
    "immunodef",
    "aids",
    "hepatitis",
    "hbv",
    "hbsag",
    "hcv",
    "infect",
    "autoimmun",
    "auto-immun",
    "pregnan",
    "breast",
    "lactat",
    "nursing",
    "transplant",
    "gvhd",
    "graft",
    "vaccin",
    "particip",
    "enrol",
    "involved",
    "taking part",
)
_OTHER_WORDS = (
    "other",
    "another",
    "second",
    "additional",
    "concurrent",
    "concomitant",
    "previous",
    "prior",
    "history",
)
_CANCER_WORDS = ("malignan", "cancer", "tumor", "tumour", "neoplasm", "carcinoma")
_WINDOW = re.compile(
    r"(?:within|in|during|over|for)\s+(?:the\s+)?(?:(?:past|last|previous|prior|preceding)\s+)?"
    rf"(?P<num>{NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*"
    r"(?P<unit>years?|months?|weeks?|days?)(?![a-z])"
    r"|(?:within|in|during)\s+the\s+(?:past|last|previous|preceding)\s+(?P<one>year|month|week)"
)
_WINDOWED = frozenset({"other_malignancy", "vaccination", "other_trial"})
_QUALIFIED = frozenset({"autoimmune_disease", "other_malignancy"})
_EXCEPT = re.compile(
    r"(?<![a-z])(?:except|excluding|other\s+than|with\s+the\s+exception\s+of|apart\s+from"
    r"|unless)(?![a-z])[^.;]*"
    r"|(?<![a-z])such\s+as\s+[^.;]*(?:cured|curatively|adequately\s+treated|in\s+situ)[^.;]*"
)
_REQUIRING = re.compile(r"\s*(?:that\s+|which\s+)?(?:requiring|requires?|required)\s+[^.;,]*")


def _mentions_history(low: str) -> bool:
    if any(k in low for k in _HISTORY_GUARD):
        return True
    return any(k in low for k in _OTHER_WORDS) and any(k in low for k in _CANCER_WORDS)


def _read_history(c: Criterion) -> None:
    low = c.low
    found: set[str] = set()
    for start, end, name in _HISTORY_MENTION.scan(low):
        if name in found or c.is_claimed(start, end) or not _says_something(c, name, start, end):
            continue
        found.add(name)
        is_negated = negated(c, start, end)
        effect = c.effect(is_negated)
        exception = None
        if not c.inclusion or is_negated:
            exception = _exception(c, name, start, end)
        window = _window(c, end) if name in _WINDOWED else None
        if window is not None:
            days, written = _days(c, window)
            c.add(
                "HISTORY",
                start,
                window.end(),
                effect,
                "WITHIN",
                name=name,
                value=days,
                unit="day",
                as_written=written,
                exception=exception,
            )
        else:
            c.add("HISTORY", start, end, effect, "PRESENT", name=name, exception=exception)
        if (
            name == "hepatitis_c"
            and "hepatitis_b" not in found
            and re.match(r"hepatitis\s+b", low[start:end])
        ):
            found.add("hepatitis_b")
            c.add("HISTORY", start, start + 11, effect, "PRESENT", name="hepatitis_b")


def _says_something(c: Criterion, name: str, start: int, end: int) -> bool:
    """Whether a mention speaks of the patient's history: not "become pregnant", not
    "HIV-negative" in an exclusion, not any vaccine but a live one or a recent one."""
    low = c.low
    if name == "pregnant" and re.search(
        r"(?:become|becoming|get|getting)\s+$", low[max(0, start - 12) : start]
    ):
        return False
    if not c.inclusion and NEGATIVE_AFTER.match(low, end):
        return False
    if name == "vaccination":
        mention = low[start:end]
        if "live" not in mention and "attenuated" not in mention:
            # any vaccine: only a recent one in an exclusion says something
            return not c.inclusion and _WINDOW.search(low, end, end + 60) is not None
    return True


def _window(c: Criterion, end: int) -> re.Match[str] | None:
    """A window after a mention ("within 5 years"), in its sentence, before any exception."""
    low = c.low
    stop = SENTENCE_BREAK.search(low, end)
    limit = min(stop.start() if stop else len(low), end + 80)
    for s, _e, _t in c.admitted:
        if s > end:
            limit = min(limit, s)
    ex = _EXCEPT.search(low, end, limit)
    return _WINDOW.search(low, end, ex.start() if ex else limit)


def _days(c: Criterion, window: re.Match[str]) -> tuple[float, str]:
    """A window in whole days, and as written."""
    if window.group("one") is not None:
        count, unit = 1.0, window.group("one")
        written = c.text[window.start("one") : window.end()]
    else:
        count = number_value(window.group("num"))
        unit = window.group("unit")
        written = c.text[window.start("num") : window.end()]
    return float(round(units.to_canonical("duration", count, unit))), written


def _exception(c: Criterion, name: str, start: int, end: int) -> str | None:
    """What lets some patients with an excluded condition in: "untreated" before it,
    "requiring systemic treatment" after it, "except ..." clauses, "... are eligible"."""
    low = c.low
    exception = None
    if name in _QUALIFIED:
        exception = qualifier(c, start)
        if name == "autoimmune_disease" and (r := _REQUIRING.match(low, _word_end(low, end))):
            exception = join(exception, c.text[r.start() : r.end()].strip())
    if name == "other_malignancy":
        if ex := _EXCEPT.search(low, end):
            exception = join(exception, c.text[ex.start() : ex.end()].strip(" ,"))
        return exception
    return join(exception, c.exception_after(end))


def _word_end(low: str, end: int) -> int:
    m = re.match(r"\s*(?:diseases?|disorders?|conditions?|illness\w*)", low[end:])
    return end + (m.end() if m else 0)


READER = Reader(kinds=("HISTORY",), read=_read_history, when=_mentions_history)
