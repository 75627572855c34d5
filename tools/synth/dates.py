"""A trial's dates, consistent with its status; drawn as month indices (year * 12 + month - 1)."""

from __future__ import annotations

import random

from domain.records import DateRecord, DatesRecord
from tools.synth.draw import lognormal_int, randint

TODAY = (2025, 6)  # (year, month): dates after it are estimates
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_index(year: int, month: int) -> int:
    """``(2025, 6)`` -> the month's index, ``year * 12 + month - 1``."""
    return year * 12 + month - 1


def year_month(index: int) -> tuple[int, int]:
    """A month index -> ``(year, month)``."""
    return index // 12, index % 12 + 1


def iso_date(rng: random.Random, mi: int, full: bool) -> str:
    """Month ``mi`` as ``2025-06``, or with a drawn day (``full``) as ``2025-06-17``."""
    year, month = year_month(mi)
    if not full:
        return f"{year:04d}-{month:02d}"
    days = _DAYS_IN_MONTH[month - 1] + (month == 2 and year % 4 == 0)
    return f"{year:04d}-{month:02d}-{randint(rng, 1, days):02d}"


def draw_dates(rng: random.Random, status: str, study_type: str) -> tuple[DatesRecord, int, bool]:
    """The dates; the start year; whether the page says ACTUAL or ESTIMATED (``typed``)."""
    now = month_index(*TODAY)
    if status in ("RECRUITING", "ENROLLING_BY_INVITATION"):
        start = now - int(rng.expovariate(1 / 20))
    elif status == "NOT_YET_RECRUITING":
        start = now + randint(rng, 0, 14)
    elif status in ("ACTIVE_NOT_RECRUITING", "SUSPENDED"):
        start = now - randint(rng, 12, 84)
    elif status == "UNKNOWN":
        start = month_index(2006, 1) + randint(rng, 0, 16 * 12)
    else:  # completed, terminated, withdrawn, expanded access: more trials in recent years
        start = month_index(1999, 1) + int((rng.random() ** 0.7) * (now - 18 - 1999 * 12))
    start = max(month_index(1999, 1), min(start, month_index(2026, 12)))
    primary = start + lognormal_int(rng, 24, 0.6, 3, 120)
    if status == "COMPLETED":
        primary = min(primary, now - 1)
        primary = max(primary, start)
    completion = primary + (0 if rng.random() < 0.4 else randint(rng, 1, 24))
    if status == "COMPLETED":
        completion = max(primary, min(completion, now - 1))
    start_year = year_month(start)[0]
    full = rng.random() < (0.8 if start_year >= 2017 else 0.15)
    typed = start_year >= 2011 or rng.random() < 0.3

    def kind(mi: int) -> str | None:
        if not typed:
            return None
        return (
            "ESTIMATED"
            if mi > now or status in ("RECRUITING", "NOT_YET_RECRUITING") and mi >= now
            else "ACTUAL"
        )

    first_posted = max(start - randint(rng, 0, 6), month_index(1999, 9))
    if rng.random() < 0.3:
        first_posted = start + randint(rng, 0, 24)
    first_posted = min(first_posted, now)
    last_update = min(now, max(first_posted, completion + randint(rng, -6, 18)))
    if status in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"):
        last_update = now - randint(rng, 0, 10)
        last_update = max(last_update, first_posted)
    last_verified = last_update - (randint(rng, 0, 3) if rng.random() < 0.5 else 0)
    posted, updated = iso_date(rng, first_posted, True), iso_date(rng, last_update, True)
    if updated < posted:  # the same month: days drawn apart
        posted, updated = updated, posted
    dates = DatesRecord(
        start=DateRecord(iso_date(rng, start, full), kind(start)),
        primary_completion=DateRecord(iso_date(rng, primary, full), kind(primary)),
        completion=DateRecord(iso_date(rng, completion, full), kind(completion)),
        first_posted=posted,
        last_update_posted=updated,
        last_verified=iso_date(rng, last_verified, False),
    )
    if study_type == "EXPANDED_ACCESS":
        dates = DatesRecord(
            first_posted=dates.first_posted,
            last_update_posted=dates.last_update_posted,
            last_verified=dates.last_verified,
        )
    return dates, start_year, typed
