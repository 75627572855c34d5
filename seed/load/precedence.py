"""Which source holds a trial when several hold the same NCT id, and why the others do not.

The later last-update date wins; on the same date the registry's own structured formats
(API v2 JSON, legacy XML) come before a text rendering of a record page; then the source
loaded first keeps it (an earlier seed run; within one run, the name that sorts first).
Pure: the loader gives each source as a ``Candidate`` and applies the ``Decision``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

STRUCTURED = frozenset({"ctgov-json", "ctgov-xml"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One source holding the NCT id. ``available``: its record is at hand (read in this
    batch, or kept since it was superseded), or it already holds the trial."""

    id: int
    name: str
    format: str | None
    last_update: dt.date | None
    first_run_id: int | None
    available: bool


@dataclass(slots=True)
class Decision:
    winner: Candidate | None  # None: no source of the NCT id is at hand
    # those after the winner, each with the reason it lost
    superseded: list[tuple[Candidate, str]] = field(default_factory=list)
    # those before the winner whose record is not at hand: to be read again
    waiting: list[tuple[Candidate, str]] = field(default_factory=list)


def precedence(c: Candidate) -> tuple:
    """Sort key: the first in order holds the trial."""
    return (
        -(c.last_update.toordinal() if c.last_update else 0),
        0 if c.format in STRUCTURED else 1,
        c.first_run_id if c.first_run_id is not None else 1 << 62,
        c.name,
    )


def decide(nct_id: str, candidates: Iterable[Candidate]) -> Decision:
    """The source that holds ``nct_id``: the first in precedence whose record is at hand."""
    ranked = sorted(candidates, key=precedence)
    at = next((i for i, c in enumerate(ranked) if c.available), None)
    if at is None:
        return Decision(None, waiting=[(c, waiting_reason(nct_id, None)) for c in ranked])
    winner = ranked[at]
    return Decision(
        winner,
        superseded=[(c, superseded_reason(nct_id, winner, c)) for c in ranked[at + 1 :]],
        waiting=[(c, waiting_reason(nct_id, winner)) for c in ranked[:at]],
    )


def _day(date: dt.date | None) -> str:
    return date.isoformat() if date else "unknown"


def _kind(fmt: str | None) -> str:
    return "the registry's own format" if fmt in STRUCTURED else "a page rendering"


def superseded_reason(nct_id: str, winner: Candidate, loser: Candidate) -> str:
    """Why ``loser`` does not hold ``nct_id``: ``NCT… is current from X: last update …``."""
    head = f"{nct_id} is current from {winner.name}: last update {_day(winner.last_update)}"
    if winner.last_update != loser.last_update:
        return f"{head}, this one {_day(loser.last_update)}"
    if (winner.format in STRUCTURED) != (loser.format in STRUCTURED):
        return (
            f"{head} for both, and {_kind(winner.format)} ({winner.format}) comes before "
            f"{_kind(loser.format)} ({loser.format})"
        )
    both = "in the registry's own formats" if winner.format in STRUCTURED else "page renderings"
    return f"{head} for both, both are {both}, and it was loaded first"


def waiting_reason(nct_id: str, winner: Candidate | None) -> str:
    """Why a source that should hold ``nct_id`` does not yet: its record was not kept."""
    now = f"{winner.name} holds it meanwhile" if winner else "no source holds it meanwhile"
    return (
        f"{nct_id} should be current from this source, but its record was not kept: it is "
        f"read again on the next run over its file ({now})"
    )
