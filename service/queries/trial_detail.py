"""One trial: the NCT id checked, its full record (stored pre-serialised) or one part of it,
and where an older id of a trial leads."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from domain.errors import InvalidNctId, TrialMoved, UnknownTrial
from service.trial_cache import Document, TrialCache
from store.driver import DriverConnection

NCT_ID = re.compile(r"^NCT[0-9]{8}\Z", re.IGNORECASE)  # ASCII digits; \Z: no trailing "\n"


def normalize_nct_id(raw: str) -> str:
    """``nct02713984`` -> ``NCT02713984``; anything that is not an NCT id is ``InvalidNctId``."""
    if not NCT_ID.match(raw):
        raise InvalidNctId()
    return raw.upper()


def get_trial_json(conn: DriverConnection, nct_id: str) -> Document:
    """(body as UTF-8, etag) of a trial's full record, serialised at load time;
    ``TrialMoved`` if ``nct_id`` is an older id of a trial, else ``UnknownTrial`` if there is
    none.

    The hottest query of the API: one primary-key read, plain SQL through the driver, a
    prepared statement (PostgreSQL's generic plan: nothing to plan a request), the body
    never decoded; the aliases are looked up only when it finds nothing."""
    row = conn.fetch_row(
        "SELECT body, etag FROM trial_json WHERE nct_id = %s",
        (nct_id,),
        text_as_bytes=True,
        prepare=True,
    )
    if row is None:
        if (current := current_nct_id(conn, nct_id)) is not None:
            raise TrialMoved(nct_id, current)
        raise UnknownTrial(nct_id)
    return row[0], row[1].decode()


def read_trial_json(
    nct_id: str, connect: Callable[[], DriverConnection], cache: TrialCache | None
) -> Document:
    """``get_trial_json`` through ``cache``: its kept copy if it has one, else read on a
    connection from ``connect`` and kept (service.trial_cache)."""
    if cache is None:
        with connect() as conn:
            return get_trial_json(conn, nct_id)
    if (kept := cache.get(nct_id)) is not None:
        return kept
    generation = cache.generation
    with connect() as conn:
        found = get_trial_json(conn, nct_id)
    cache.keep(nct_id, found, generation)
    return found


def trial_part(body: bytes, part: str) -> Any:
    """One part of a trial's served document (``arms``, ``interventions``, ``outcomes``,
    ``eligibility``)."""
    trial = json.loads(body)
    return trial[part] if part == "eligibility" else {"data": trial[part]}


def current_nct_id(conn: DriverConnection, alias: str) -> str | None:
    """The NCT id of the trial that ``alias`` is an older id of, if any (a primary-key read)."""
    row = conn.fetch_row(
        "SELECT t.nct_id FROM trial_aliases a JOIN trials t ON t.id = a.trial_id "
        "WHERE a.alias = %s",
        (alias,),
    )
    return row[0] if row is not None else None


def get_trial(conn: DriverConnection, nct_id: str) -> dict[str, Any]:
    return json.loads(get_trial_json(conn, nct_id)[0])
