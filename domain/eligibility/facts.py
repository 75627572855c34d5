"""Typed facts from eligibility criteria text, and the one codec of the stored facts document.

``extract_facts(eligibility)`` reads every criterion of both lists and returns ``FactRecord``
tuples (see ``domain.records.FactRecord`` for the encoding): each reader of the table
(``readers.READERS``) adds the facts of its kind to the criterion being read. The readers run
over a lower-cased copy of the criterion whose characters line up one to one with the
original, so every ``span`` is cut verbatim from the criterion text.

A criterion without facts counts as not understood (``understood``).

``encode_facts``/``decode_facts`` write and read one trial's stored facts document
(``eligibility.match_facts``), which ``POST /v1/match`` reads with one primary-key read per
candidate.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
from collections.abc import Iterable, Sequence

import orjson

from domain import compact_json
from domain.eligibility.criterion import Criterion
from domain.eligibility.readers import READERS
from domain.eligibility.text import find_admitted, fold
from domain.records import CriterionRecord, EligibilityRecord, FactRecord

# --------------------------------------------------------------------------- reading

_FIELDS = tuple(f.name for f in dataclasses.fields(FactRecord))
assert _FIELDS[2] == "ordinal"


@functools.lru_cache(maxsize=65536)
def _facts_of_text(list_: str, text: str) -> tuple[tuple, ...]:
    """Facts of one criterion text as field values without the ordinal (memoised: the same
    criteria come back in trial after trial)."""
    c = Criterion(text=text, low=fold(text), list=list_, ordinal=0)
    find_admitted(c)
    for read in READERS:
        read(c)
    return tuple(
        (tuple(getattr(f, n) for n in _FIELDS[:2]), tuple(getattr(f, n) for n in _FIELDS[3:]))
        for f in c.facts
    )


def criterion_facts(criterion: CriterionRecord, list_: str) -> tuple[FactRecord, ...]:
    """The facts of one criterion of ``list_`` ("inclusion" or "exclusion")."""
    ordinal = criterion.ordinal
    return tuple(
        FactRecord(*head, ordinal, *tail) for head, tail in _facts_of_text(list_, criterion.text)
    )


def extract_facts(eligibility: EligibilityRecord) -> tuple[FactRecord, ...]:
    """Every fact read from the inclusion and exclusion criteria, in criterion order."""
    out: list[FactRecord] = []
    for list_, criteria in (
        ("inclusion", eligibility.inclusion),
        ("exclusion", eligibility.exclusion),
    ):
        for criterion in criteria:
            out.extend(criterion_facts(criterion, list_))
    return tuple(out)


def understood(
    eligibility: EligibilityRecord, facts: Iterable[FactRecord] | None = None
) -> tuple[int, int]:
    """(criteria with at least one fact, all criteria) of one eligibility record."""
    if facts is None:
        facts = extract_facts(eligibility)
    read = {(f.list, f.ordinal) for f in facts}
    total = len(eligibility.inclusion) + len(eligibility.exclusion)
    count = sum(1 for c in eligibility.inclusion if ("inclusion", c.ordinal) in read)
    count += sum(1 for c in eligibility.exclusion if ("exclusion", c.ordinal) in read)
    return count, total


# --------------------------------------------------------------------------- the stored document

# One fact of the stored document: a JSON array of these fields, in this order. The span is
# left out (the matcher never shows it; the criterion_facts table keeps it). Migration 0009
# builds the same document in SQL from criterion_facts: a change here is a change there.
STORED_FIELDS = (
    "list", "ordinal", "kind", "name", "effect", "operator", "value", "value_max", "unit",
    "relative_to", "values", "as_written", "when", "exception", "alternative",
)  # fmt: skip
_stored = operator.attrgetter(*STORED_FIELDS)


def encode_facts(eligibility: EligibilityRecord, facts: Sequence[FactRecord]) -> str:
    """One trial's stored facts document: its criteria counts and its facts,
    ``{"criteria": [inclusion count, exclusion count], "facts": [[list, ordinal, ...], ...]}``
    (compact JSON, non-ASCII as is)."""
    document = {
        "criteria": [len(eligibility.inclusion), len(eligibility.exclusion)],
        "facts": [_stored(f) for f in facts],
    }
    return compact_json.dumps(document, floats_plain=floats_plain(facts))


def floats_plain(facts: Iterable[FactRecord]) -> bool:
    """Whether every number of these facts that can be a float (``value``, ``value_max``) is a
    ``compact_json.plain_float``: what ``compact_json.dumps`` asks of a document holding them."""
    return compact_json.all_plain(v for f in facts for v in (f.value, f.value_max))


def _loads(document: str) -> dict:
    """The document's JSON (orjson: several times faster than ``json``; ``json`` writes a
    non-finite float as ``NaN``/``Infinity``, which only ``json`` reads back)."""
    try:
        return orjson.loads(document)
    except orjson.JSONDecodeError:
        return json.loads(document)


def decode_facts(document: str) -> tuple[list[tuple[str, int]], list[FactRecord]]:
    """The criteria ``(list, ordinal)`` of a stored facts document, in order, and its facts
    (whose ``span`` is empty: the document does not keep it)."""
    doc = _loads(document)
    n_inclusion, n_exclusion = doc["criteria"]
    keys = [("inclusion", n) for n in range(1, n_inclusion + 1)]
    keys += [("exclusion", n) for n in range(1, n_exclusion + 1)]
    return keys, [_decode_fact(row) for row in doc["facts"]]


# A stored row in FactRecord's field order: the fields before ``span``, an empty span, the fields
# between it and ``values``, ``values`` as a tuple, the rest (C-level getters: a match decodes
# tens of thousands of facts).
_SPAN, _VALUES = _FIELDS.index("span"), _FIELDS.index("values")
_HEAD, _MIDDLE, _TAIL = (
    operator.itemgetter(*(STORED_FIELDS.index(name) for name in names))
    for names in (_FIELDS[:_SPAN], _FIELDS[_SPAN + 1 : _VALUES], _FIELDS[_VALUES + 1 :])
)
_STORED_VALUES = STORED_FIELDS.index("values")


def _decode_fact(row: list) -> FactRecord:
    return FactRecord(*_HEAD(row), "", *_MIDDLE(row), tuple(row[_STORED_VALUES] or ()), *_TAIL(row))


@functools.lru_cache(maxsize=4096)
def _criteria_keys(n_inclusion: int, n_exclusion: int) -> tuple[tuple[str, int], ...]:
    keys = [("inclusion", n) for n in range(1, n_inclusion + 1)]
    keys += [("exclusion", n) for n in range(1, n_exclusion + 1)]
    return tuple(keys)


def _dumps_text(value: object) -> str:
    """orjson's JSON as text: its bytes keep the 4 KB buffer they were written into, so
    thousands of them (one per criterion of every candidate) would take hundreds of MB."""
    return orjson.dumps(value).decode()


def decode_criteria(
    document: str,
) -> tuple[tuple[tuple[str, int], ...], dict[tuple[str, int], str]]:
    """``decode_facts``'s cheaper twin, for deciding thousands of trials: the criteria keys,
    and each criterion's facts as one JSON array (text) of its stored rows without their list
    and ordinal (the same criterion in two trials gives equal ones, so a verdict can be looked
    up by them, and hashing a string is cheaper than hashing nested tuples); ``stored_facts``
    makes them ``FactRecord``s."""
    try:
        doc, dumps = orjson.loads(document), _dumps_text
    except orjson.JSONDecodeError:  # NaN/Infinity: which orjson would write as null
        doc, dumps = json.loads(document), json.dumps
    keys = _criteria_keys(*doc["criteria"])
    grouped: dict[tuple[str, int], list[list]] = {}
    for row in doc["facts"]:
        key = (row[0], row[1])
        rows = grouped.get(key)
        if rows is None:
            grouped[key] = [row[2:]]
        else:
            rows.append(row[2:])
    return keys, {key: dumps(rows) for key, rows in grouped.items()}


def stored_facts(key: tuple[str, int], rows: str) -> list[FactRecord]:
    """One criterion's facts from ``decode_criteria``'s rows."""
    return [_decode_fact([*key, *row]) for row in _loads(rows)]
