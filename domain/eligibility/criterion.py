"""The criterion being read: its text, a folded copy, and the facts the readers add to it.

Readers run in turn over one ``Criterion`` (``readers.READERS``). What one reader finds, the
next can see: the spans a lab threshold consumed, the exception clauses found before any reader
ran ("... are eligible"), and the facts added so far.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.records import FactRecord


@dataclass(slots=True)
class Criterion:
    """One criterion being read: its text, the folded copy, and what has been found so far.

    ``low`` lines up with ``text`` character for character (``text.fold``), so a position
    found in ``low`` cuts the same span from ``text``."""

    text: str
    low: str
    list: str
    ordinal: int
    facts: list[FactRecord] = field(default_factory=list)
    consumed: list[tuple[int, int]] = field(default_factory=list)  # read as part of a fact
    admitted: list[tuple[int, int, str]] = field(default_factory=list)  # exception clauses
    alternatives: int = 0

    @property
    def inclusion(self) -> bool:
        return self.list == "inclusion"

    def span(self, start: int, end: int) -> str:
        return self.text[start:end].strip(" ,;:(")

    def is_consumed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.consumed)

    def in_admitted(self, start: int) -> bool:
        return any(s <= start < e for s, e, _ in self.admitted)

    def is_claimed(self, start: int, end: int) -> bool:
        """Read already as part of a fact, or inside a clause that lets patients in."""
        return self.is_consumed(start, end) or self.in_admitted(start)

    def next_alternative(self) -> int:
        self.alternatives += 1
        return self.alternatives

    def add(self, kind: str, start: int, end: int, effect: str, operator: str, **kw) -> None:
        self.facts.append(
            FactRecord(
                kind=kind,
                list=self.list,
                ordinal=self.ordinal,
                span=self.span(start, end),
                effect=effect,
                operator=operator,
                **kw,
            )
        )

    def effect(self, negated: bool = False) -> str:
        return "REQUIRE" if self.inclusion and not negated else "EXCLUDE"

    def exception_after(self, start: int, words: Iterable[str] = ()) -> str | None:
        """The first admitted clause after ``start`` (or one mentioning any of ``words``)."""
        for s, e, text in self.admitted:
            if s >= start or any(w in self.low[s:e] for w in words):
                return text
        return None
