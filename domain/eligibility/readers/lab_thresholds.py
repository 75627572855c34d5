"""Lab thresholds: the numbers after an analyte, in its canonical unit or as a multiple of ULN,
with the conditions they hold under ("≤ 5 × ULN for patients with liver metastases")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.text import NUM, bound, named_cmp, number

_POWER = (
    r"(?:(?:[x×*·]\s*)10\s*(?:\^|\*\*?|e)?\s*(?P<exp>\d{1,2})|10\s*(?:\^|\*\*?|e)\s*(?P<exp2>\d{1,2})"
    r"|(?:[x×*·]\s*)?10(?P<exp3>[⁰¹²³⁴⁵⁶⁷⁸⁹]+))\s*(?:cells?\s*)?/\s*"
    r"(?P<den>l|µl|ul|mm\s*\^?\s*3|mm³|cmm|liter|litre)(?![a-z])"
)
_LAB_UNIT = (
    r"(?:cells?\s*)?/\s*(?:mm\s*\^?\s*3|mm³|µl|ul|cmm|cu\.?\s*mm)(?![a-z])"
    r"|(?:cells?|counts?)\s*(?:per|/)\s*(?:mm\s*\^?\s*3|mm³|µl|ul)(?![a-z])"
    r"|k\s*/\s*(?:µl|ul)(?![a-z])|g\s*/\s*(?:dl|l)(?![a-z])|mg\s*/\s*(?:dl|l)(?![a-z])"
    r"|(?:µ|u|m)mol\s*/\s*l(?![a-z])|i?u\s*/\s*(?:l|ml)(?![a-z])|copies\s*/\s*ml(?![a-z])"
    r"|ml\s*/\s*min(?:ute)?(?:\s*/\s*1\.73\s*m(?:2|²|\^2))?(?![a-z])|%|percent(?![a-z])"
    r"|seconds?(?![a-z])|secs?(?![a-z])|s(?![a-z])"
)
_ULN_NOUN = (
    r"(?:the\s+)?(?:institutional\s+|normal\s+|local\s+|laboratory\s+|lab\s+)?"
    r"(?:uln|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+(?:range|values?|limits?))?"
    r"|upper\s+normal\s+(?:limits?|values?|range)|normal\s+upper\s+limits?"
    r"|upper\s+limits?\s+of\s+(?:the\s+)?(?:normal\s+)?(?:reference\s+)?range|upper\s+limits?)"
    r"(?:\s*\(\s*uln\s*\))?"
)
_ULN = (
    rf"(?:[x×*]|-?\s*times|-?\s*fold)?\s*(?:of\s+)?{_ULN_NOUN}"
    r"|(?:[x×*]|times|fold)\s*(?:of\s+)?(?:the\s+)?normal(?:\s+(?:values?|range|levels?))?"
    r"(?![a-z])"
)
_THRESHOLD = re.compile(
    rf"(?:{named_cmp('c')}\s*)?(?:(?<![a-z\d.,])(?P<num>{NUM})\s*(?:(?P<uln>{_ULN})|(?P<pow>{_POWER})"
    rf"|(?P<unit>{_LAB_UNIT}))?|(?P<uln1>{_ULN_NOUN}))"
)
# Where a threshold can start: a symbol, a digit, or a word that starts a comparison or "ULN".
_THRESHOLD_START = re.compile(
    r"[<>≤≥=]|(?<![a-z\d.,])(?:[\d.]|(?:greater|more|higher|less|lower|fewer|not|no|at|a"
    r"|minimum|maximum|up|over|above|under|below|exceed\w*|in|equal|does|upper|uln|the"
    r"|institutional|normal|local|laboratory|lab)(?![a-z]))"
)


def thresholds(low: str, start: int, stop: int) -> list[re.Match[str]]:
    """``_THRESHOLD.finditer`` over ``low[start:stop]``, tried only where one can start."""
    out = []
    pos = start
    while (s := _THRESHOLD_START.search(low, pos, stop)) is not None:
        m = _THRESHOLD.match(low, s.start(), stop)
        if m is not None and (m.group("num") or m.group("uln1")):
            out.append(m)
            pos = max(m.end(), s.start() + 1)
        else:
            pos = s.start() + 1
    return out


# "1.5 × 10^9/L or higher": the comparison after the number
POSTFIX = re.compile(
    r"\s*(?:or|and)\s+(?:(?P<GTE>higher|more|greater|above|over)|(?P<LTE>less|lower|below))\b"
)
_LIVER = re.compile(
    r"liver\s+metasta|hepatic\s+metasta|metasta\w*\s+(?:to|in|of)\s+(?:the\s+)?liver"
    r"|(?:liver|hepatic)\s+(?:involvement|infiltration)"
)  # tumour in the liver; a primary liver cancer (HCC) is not this flag: its condition is unknown
_GILBERT = re.compile(r"gilbert")
_WITHOUT = re.compile(r"(?<![a-z])(?:without|no|non|absence|not)(?![a-z])")


@dataclass(slots=True)
class Threshold:
    """One threshold of an analyte group, and the profile flag it holds under (``when``)."""

    start: int
    end: int
    op: str | None
    value: float | None  # canonical, or a multiple of ULN
    unit_text: str | None
    uln: bool
    as_written: str
    when: str | None = None
    unknown_condition: bool = False


def _threshold(c: Criterion, m: re.Match[str], key: str | None) -> Threshold | None:
    """One matched threshold in ``key``'s canonical unit; None when it cannot be read."""
    op = bound(m, "c")  # "(= 1500/mm3)" restates a threshold; a lab never has to equal one
    if m.group("uln1") is not None:
        if op is None:
            return None
        return Threshold(m.start(), m.end(), op, 1.0, None, True, c.text[m.start("uln1") : m.end()])
    digits = m.group("num")
    if digits is None:
        return None
    value = number(digits)
    written = c.text[m.start("num") : m.end()].rstrip()
    if m.group("uln") is not None:
        return Threshold(m.start(), m.end(), op, value, None, True, written)
    if m.group("pow") is not None:
        exp = m.group("exp") or m.group("exp2") or m.group("exp3")
        den = c.text[m.start("den") : m.end("den")]
        unit_text: str | None = f"10{exp}/{den}" if m.group("exp3") else f"10^{exp}/{den}"
    elif m.group("unit") is not None:
        unit_text = c.text[m.start("unit") : m.end("unit")]
    else:
        unit_text = None
    if key is None:
        return Threshold(m.start(), m.end(), op, value, unit_text, False, written)
    try:
        canonical = units.to_canonical(key, value, unit_text)
    except units.UnitError:
        return None
    return Threshold(m.start(), m.end(), op, canonical, unit_text, False, written)


def _condition(text: str) -> tuple[str | None, bool]:
    """(profile flag, negated) named by a condition such as "(patients without liver
    metastasis)"; (None, True) for a condition that is not understood, (None, False) for none."""
    for pattern, flag in ((_LIVER, "liver_metastases"), (_GILBERT, "gilbert_syndrome")):
        if m := pattern.search(text):
            return (f"!{flag}" if _WITHOUT.search(text, 0, m.start()) else flag), False
    if re.search(r"(?<![a-z])(?:patients?|subjects?|if|for|in\s+case|when|unless)(?![a-z])", text):
        return None, True
    return None, False


def read_group_thresholds(
    c: Criterion, mine: list[re.Match[str]], key: str | None, stop: int
) -> tuple[list[Threshold], str | None, int] | None:
    """The thresholds of one analyte group, with their conditions; None when unreadable."""
    low = c.low
    first = _threshold(c, mine[0], key)
    if first is None:
        return None
    if first.op is None:
        post = POSTFIX.match(low, first.end)
        first.op = "GTE" if post and post.group("GTE") else "LTE"
        first.end = post.end()
    found = [first]
    exception: str | None = None
    # conditions: text between thresholds splits at "or" (or "(") into after / before parts
    bounds = [first]
    rest = [t for t in mine[1:] if t.start() >= first.end]
    for m in rest:
        t = _threshold(c, m, key)
        if t is None or (t.uln != first.uln):
            if t is None and (m.group("uln") or m.group("unit") or m.group("pow")):
                break
            continue
        between = low[bounds[-1].end : t.start]
        if len(between) > 80:
            break
        if t.op is None and not re.search(r"(?<![a-z])or(?![a-z])", between):
            # "1.5 × 10^9/L (1500/mm^3)": the same value restated in another unit
            if (
                first.value
                and t.value is not None
                and abs(t.value - first.value) <= 0.02 * abs(first.value)
            ):
                continue
            if "(" not in between:
                break
        t.op = t.op or first.op
        bounds.append(t)
    for k, t in enumerate(bounds):
        before = low[bounds[k - 1].end : t.start] if k else ""
        after_end = bounds[k + 1].start if k + 1 < len(bounds) else _condition_end(low, t.end, stop)
        after = low[t.end : after_end]
        split = re.search(r"(?<![a-z])or(?![a-z])", after)
        if k + 1 < len(bounds):
            after = (
                after[: split.start()] if split else after[: max(after.find("("), 0) or len(after)]
            )
        if k:
            cut = re.search(r"(?<![a-z])or(?![a-z])", before)
            before = before[cut.end() :] if cut else before
        t.when, unknown = _condition(before + " " + after)
        t.unknown_condition = unknown
        if k + 1 == len(bounds):
            t.end = max(t.end, after_end if t.when and after.rstrip().endswith(")") else t.end)
    last_end = max(t.end for t in bounds)
    if len(bounds) > 1:
        conditions = [t.when for t in bounds]
        if any(t.unknown_condition for t in bounds[1:]) or all(w is None for w in conditions[1:]):
            exception = c.text[bounds[1].start : _condition_end(low, bounds[-1].end, stop)].strip(
                " ;,()"
            )
            bounds = bounds[:1]
            bounds[0].when = None if bounds[0].unknown_condition else bounds[0].when
        elif bounds[0].when is None and bounds[1].when and not bounds[1].when.startswith("!"):
            bounds[0].when = "!" + bounds[1].when
        found = bounds
    else:
        if first.unknown_condition:
            exception = c.text[first.end : _condition_end(low, first.end, stop)].strip(" ;,()")
            first.when = None
        found = [first]
    return found, exception or None, last_end


def _condition_end(low: str, start: int, stop: int) -> int:
    """End of the condition after a threshold: the closing parenthesis, or the clause end."""
    depth = 0
    for i in range(start, stop):
        ch = low[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i + 1
            depth -= 1
    return stop
