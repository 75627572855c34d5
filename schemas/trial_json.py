"""A parsed record as ``GET /v1/trials/{nct_id}`` serves it: the body the loader stores.

The loader (``seed.load``) does not know the wire: whoever runs it (the service's start-up,
``flask seed``, the admin API, ``python -m seed load``) passes ``render_trial_json`` in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from domain.records import FactRecord, TrialRecord
from schemas.trials import TrialSchema

_TRIAL_SCHEMA = TrialSchema()
_FACT_FIELDS = tuple(f.name for f in dataclasses.fields(FactRecord))


def render_trial_json(
    rec: TrialRecord, loaded_at: dt.datetime, facts: tuple[FactRecord, ...] = ()
) -> str:
    """The record through its wire schema, with the eligibility facts read from its criteria,
    as compact JSON."""
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
    # Facts are plain values already, field for field as FactSchema serves them: going
    # through marshmallow for them nearly doubled the cost of this function.
    served["eligibility"]["facts"] = [
        {name: getattr(f, name) for name in _FACT_FIELDS} for f in facts
    ]
    return json.dumps(served, ensure_ascii=False, separators=(",", ":"))
