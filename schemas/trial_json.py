"""A parsed record as ``GET /v1/trials/{nct_id}`` serves it: the body the loader stores.

The loader (``seed.load``) does not know the wire: whoever runs it (the service's start-up,
``flask seed``, the admin API, ``python -m seed load``) passes ``render_trial_json`` in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import operator
from typing import Any

from domain import compact_json
from domain.eligibility.facts import floats_plain
from domain.records import FactRecord, TrialRecord
from schemas.dump import compile_dump, compile_float_check
from schemas.trials import TrialSchema

_TRIAL_SCHEMA = TrialSchema()
# TrialSchema's dump compiled (schemas.dump): the same JSON at a fraction of the cost, which
# counts at a bulk load (one render per trial).
_DUMP_TRIAL = compile_dump(_TRIAL_SCHEMA)
_FLOATS_PLAIN = compile_float_check(_TRIAL_SCHEMA)
_FACT_FIELDS = tuple(f.name for f in dataclasses.fields(FactRecord))
_fact_values = operator.attrgetter(*_FACT_FIELDS)


def render_trial_json(
    rec: TrialRecord, loaded_at: dt.datetime, facts: tuple[FactRecord, ...] = ()
) -> str:
    """The record through its wire schema, with the eligibility facts read from its criteria,
    as compact JSON."""
    data = _fields(rec)
    data["source"] = _fields(rec.source) | {"loaded_at": loaded_at}
    eligibility = data["eligibility"] = _fields(rec.eligibility)
    understood = {(f.list, f.ordinal) for f in facts}
    for kind in ("inclusion", "exclusion"):
        eligibility[kind] = [
            _fields(c) | {"understood": (kind, c.ordinal) in understood} for c in eligibility[kind]
        ]
    party = rec.responsible_party
    if party is not None and not any(_fields(party).values()):
        data["responsible_party"] = None
    served = _DUMP_TRIAL(data)
    _finish(served, facts)
    # ``_json_dumps(served)`` byte for byte (domain.compact_json) when every float is plain:
    # the schema's Float fields, and the facts' numbers
    plain = (_FLOATS_PLAIN is None or _FLOATS_PLAIN(served)) and floats_plain(facts)
    return compact_json.dumps(served, floats_plain=plain)


def render_trial_json_marshmallow(
    rec: TrialRecord, loaded_at: dt.datetime, facts: tuple[FactRecord, ...] = ()
) -> str:
    """``render_trial_json`` through marshmallow's own ``dump``: the reference the compiled
    path is tested against."""
    data = dataclasses.asdict(rec)
    data["source"]["loaded_at"] = loaded_at
    eligibility = data["eligibility"]
    understood = {(f.list, f.ordinal) for f in facts}
    for kind in ("inclusion", "exclusion"):
        for criterion in eligibility[kind]:
            criterion["understood"] = (kind, criterion["ordinal"]) in understood
    if data["responsible_party"] is not None and not any(data["responsible_party"].values()):
        data["responsible_party"] = None
    served = _TRIAL_SCHEMA.dump(data)
    _finish(served, facts)
    return _json_dumps(served)


def _fields(obj: Any) -> dict[str, Any]:
    """A dataclass instance's fields, one level deep (``dataclasses.asdict`` copies it all)."""
    return {name: getattr(obj, name) for name in _names(type(obj))}


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _finish(served: dict, facts: tuple[FactRecord, ...]) -> None:
    # Facts are plain values already, field for field as FactSchema serves them: going
    # through marshmallow for them nearly doubled the cost of this function.
    served["eligibility"]["facts"] = [
        dict(zip(_FACT_FIELDS, _fact_values(f), strict=True)) for f in facts
    ]


def _json_dumps(served: dict) -> str:
    return json.dumps(served, ensure_ascii=False, separators=(",", ":"))
