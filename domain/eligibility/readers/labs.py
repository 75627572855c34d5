"""LAB facts: blood counts, chemistry, LVEF and coagulation thresholds ("ANC ≥ 1.5 × 10^9/L",
"AST and ALT ≤ 3 × ULN (≤ 5 × ULN with liver metastases)")."""

from __future__ import annotations

import re

from domain import units
from domain.eligibility.criterion import Criterion
from domain.eligibility.readers.lab_thresholds import (
    POSTFIX,
    Threshold,
    read_group_thresholds,
    thresholds,
)
from domain.eligibility.scan import Terms
from domain.eligibility.text import CLAUSE_BREAK, DIGIT, NUM, Reader, bound, join, number
from domain.records import FactRecord

_LAB_TERMS: tuple[tuple[str | None, str], ...] = (
    # blockers first: other analytes whose thresholds must not attach to a neighbour
    (None, r"(?:direct|conjugated|indirect|unconjugated)\s+bilirubin"),
    (None, r"ha?emoglobin\s+a1c|glycated\s+ha?emoglobin|glycosylated\s+ha?emoglobin|hba1c"),
    (None, r"e?gfr|glomerular\s+filtration\s+rate|albumin|alkaline\s+phosphatase|alp|ggt"),
    (None, r"lymphocytes?(?:\s+count)?|cd4\+?(?:\s+count)?|potassium|sodium|calcium|magnesium"),
    (None, r"lipase|amylase|troponin|glucose|tsh|ldh|qtc|qt|bmi|body\s+mass\s+index"),
    (None, r"prothrombin\s+time|pt|hcv[\s-]*rna|hiv[\s-]*(?:1\s+)?rna|proteinuria|urine\s+protein"),
    (None, r"systolic|diastolic|blood\s+pressure|uric\s+acid|blood\s+urea\s+nitrogen|bun"),
    ("hbv_dna", r"hbv[\s-]*dna|hepatitis\s+b\s+virus\s+(?:\(hbv\)\s+)?dna|hbv\s+viral\s+load"),
    (
        "creatinine_clearance",
        r"(?:calculated\s+|measured\s+|estimated\s+)?creatinine\s+clearance(?:\s+rate)?"
        r"|crcl|ccr|clearance\s+of\s+creatinine",
    ),
    ("creatinine", r"(?:serum\s+)?creatinine|scr|cr"),
    (
        "anc",
        r"absolute\s+neutrophils?(?:\s+counts?)?(?:\s+\(anc\))?|absolute\s+granulocytes?"
        r"(?:\s+counts?)?|neutrophils?(?:\s+counts?)?|neutrophile?\s+granulocytes?|anc|agc",
    ),
    (
        "wbc",
        r"white\s+blood\s+cells?(?:\s+counts?)?|white\s+cell\s+counts?|wbc|leu[ck]ocytes?"
        r"(?:\s+counts?)?",
    ),
    ("platelets", r"platelets?(?:\s+counts?)?|plt|thrombocytes?(?:\s+counts?)?"),
    ("hemoglobin", r"ha?emoglobin|hgb|hb"),
    (
        "alt",
        r"(?:serum\s+)?alanine\s+(?:amino)?transferase|alanine\s+(?:amino)?transaminase"
        r"|alat|alt|sgpt|(?:serum\s+)?glutamic[\s-]+pyruvic\s+transaminase",
    ),
    (
        "ast",
        r"(?:serum\s+)?aspartate\s+(?:amino)?transferase|aspartate\s+(?:amino)?transaminase"
        r"|asat|ast|sgot|(?:serum\s+)?glutamic[\s-]+oxal(?:o)?acetic\s+transaminase",
    ),
    ("transaminases", r"(?:serum\s+)?(?:transaminases?|aminotransferases?)"),
    ("bilirubin", r"(?:total\s+|serum\s+)?bilirubin|tbil|tbili"),
    (
        "lvef",
        r"left\s+ventricular\s+ejection\s+fraction|lvef|lv\s+ejection\s+fraction"
        r"|ejection\s+fraction",
    ),
    ("inr", r"international\s+normali[sz]ed\s+ratio|inr|pt[\s-]inr"),
    ("aptt", r"(?:activated\s+)?partial\s+thromboplastin\s+time|aptt|ptt"),
)
_LAB_MENTION = Terms(_LAB_TERMS)
_LAB_GUARD = (
    "neutro",
    "white",
    "leuko",
    "leuco",
    "platelet",
    "thrombocyt",
    "hemoglobin",
    "haemoglobin",
    "alanine",
    "aspartate",
    "transamin",
    "aminotrans",
    "bilirubin",
    "tbil",
    "creatinine",
    "ejection",
    "lvef",
    "normalized",
    "normalised",
    "thromboplastin",
    "hbv",
    "hepatitis b virus",
    "granulocyt",
    "glutamic",
    "sgot",
    "sgpt",
    "crcl",
)
_LAB_SHORT = re.compile(
    r"(?<![a-z])(?:anc|agc|alt|ast|hb|hgb|cr|scr|ccr|inr|plt|wbc|a?ptt)(?![a-z])"
)
_LAB_WHOLE = re.compile(r"\s*\(\s*(?:alt|ast|anc|wbc|plt|hb|hgb|inr|aptt|tbil|sgpt|sgot)\s*\)")
_CONNECTOR = re.compile(
    r"(?:[\s/(),&+-]|and|or|both|levels?|counts?|values?|serum|total|the|of|respectively)*"
)
_OR_GAP = re.compile(r"[\s,;(]*(?:or|and/or)[\s(]*")


def _worth_reading(low: str) -> bool:
    """A number or a "normal" limit, and a word that names an analyte."""
    if DIGIT.search(low) is None and "normal" not in low and "uln" not in low:
        return False
    return any(k in low for k in _LAB_GUARD) or _LAB_SHORT.search(low) is not None


def _read_labs(c: Criterion) -> None:
    low = c.low
    mentions = list(_LAB_MENTION.scan(low))
    if not mentions:
        return
    groups: list[tuple[int, int, list[str | None]]] = []
    i = 0
    while i < len(mentions):
        start, end, key = mentions[i]
        keys = [key]
        j = i + 1
        while j < len(mentions) and _CONNECTOR.fullmatch(low, end, mentions[j][0]):
            end = mentions[j][1]
            keys.append(mentions[j][2])
            j += 1
        if m := _LAB_WHOLE.match(low, end):
            end = m.end()
        groups.append((start, end, keys))
        i = j
    # facts as field dicts until the end, so that "or" can still mark them as alternatives;
    # the group before this one: (end, index of its first fact, number of facts, its text)
    pending: list[dict] = []
    previous: tuple[int, int, int, str] | None = None
    for g, (start, end, keys) in enumerate(groups):
        limit = groups[g + 1][0] if g + 1 < len(groups) else len(low)
        brk = CLAUSE_BREAK.search(low, end, limit)
        stop = brk.start() if brk else limit
        mine = thresholds(low, end, stop)
        first = next(
            (t for t in mine if bound(t, "c") is not None or POSTFIX.match(low, t.end())),
            None,
        )
        if first is None or first.start() - end > 80:
            previous = None
            continue
        names = [k for k in dict.fromkeys(keys) if k is not None]
        names = [n for k in names for n in (("alt", "ast") if k == "transaminases" else (k,))]
        names = list(dict.fromkeys(names))
        key0 = names[0] if names else None
        read = read_group_thresholds(c, mine[mine.index(first) :], key0, stop)
        if read is None:
            previous = None
            continue
        found, exception, last_end = read
        c.consumed.append((start, last_end))
        facts = _lab_facts(c, start, names, found, exception)
        text = c.text[start:last_end].strip()
        if previous is not None and c.inclusion and _OR_GAP.fullmatch(low, previous[0], start):
            _or_groups(c, pending, previous, facts, text)
        previous = (last_end, len(pending), len(facts), text)
        pending.extend(facts)
    c.facts.extend(FactRecord(**fields) for fields in pending)


def _lab_facts(
    c: Criterion, start: int, names: list[str], found: list[Threshold], exception: str | None
) -> list[dict]:
    """One fact per analyte and threshold ("AST and ALT ≤ 3 × ULN" gives two)."""
    facts = []
    for name in names:
        for t in found:
            value = t.value
            if name != names[0] and not t.uln:  # "A and B ≥ n unit": each in its own unit
                try:
                    value = units.to_canonical(name, _number_value_of(t), t.unit_text)
                except units.UnitError:
                    continue
            facts.append(
                {
                    "kind": "LAB",
                    "list": c.list,
                    "ordinal": c.ordinal,
                    "span": c.span(start, t.end),
                    "effect": c.effect(),
                    "operator": t.op or "GTE",
                    "name": name,
                    "value": value,
                    "unit": None if t.uln else units.canonical_unit(name),
                    "relative_to": "ULN" if t.uln else None,
                    "as_written": t.as_written,
                    "when": t.when,
                    "exception": exception,
                }
            )
    return facts


def _or_groups(
    c: Criterion,
    pending: list[dict],
    previous: tuple[int, int, int, str],
    facts: list[dict],
    text: str,
) -> None:
    """Two analyte groups joined by "or" in an inclusion criterion: alternatives, or, when one
    side names an analyte without facts (eGFR), an exception quoting that side."""
    _end, first, count, previous_text = previous
    before = pending[first : first + count]
    if facts and before:
        alt = before[0].get("alternative") or c.next_alternative()
        for fields in before + facts:
            fields["alternative"] = alt
    elif facts:  # "eGFR ≥ 60 or creatinine ≤ 1.5 × ULN"
        for fields in facts:
            fields["exception"] = join(fields["exception"], previous_text)
    else:  # "creatinine ≤ 1.5 × ULN or eGFR ≥ 60 mL/min"
        for fields in before:
            fields["exception"] = join(fields["exception"], text)


def _number_value_of(t: Threshold) -> float:
    return number(re.match(NUM, t.as_written.strip()).group(0))


READER = Reader(kinds=("LAB",), read=_read_labs, when=_worth_reading)
