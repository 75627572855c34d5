"""What a query or a command refuses, in the domain's words: no HTTP here.

Queries and commands raise these; ``service/web/errors.py`` turns each into problem+json (its
status and body), in one place.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request the data or the rules cannot answer as asked."""


class InvalidParameter(DomainError):
    """A parameter its schema let through that still cannot be used: a 400 naming it."""

    def __init__(self, name: str, reason: str, location: str = "query") -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.location = location


INVALID_CURSOR = "Not a valid cursor: pass a page's next_cursor unchanged."


class InvalidCursor(InvalidParameter):
    """A ``cursor`` that is not a page's ``next_cursor`` (or one of another list or sort)."""

    def __init__(self, reason: str = INVALID_CURSOR) -> None:
        super().__init__("cursor", reason)


class InvalidNctId(InvalidParameter):
    """A path ``nct_id`` that is not an NCT id."""

    REASON = "Must be 'NCT' followed by 8 digits, e.g. NCT02713984."

    def __init__(self) -> None:
        super().__init__("nct_id", self.REASON, location="path")


class UnknownTrial(DomainError):
    """No trial has this NCT id (``what`` names the resource it was asked as)."""

    def __init__(self, nct_id: str, what: str = "trial") -> None:
        super().__init__(f"No {what} with id {nct_id}.")
        self.nct_id = nct_id


class TrialMoved(DomainError):
    """``alias`` is an older NCT id of the trial now registered as ``nct_id``: a redirect."""

    def __init__(self, alias: str, nct_id: str) -> None:
        super().__init__(f"{alias} is now {nct_id}.")
        self.alias = alias
        self.nct_id = nct_id


class NotReady(DomainError):
    """The data cannot be served yet: the database is unreachable, not migrated, or the first
    seed run has not finished."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DocumentConflict(DomainError):
    """The upload claims an NCT id that another document already holds."""


class SeedDirError(DomainError):
    """SEED_DIR could not be written: the change would not survive the next seed run."""
