"""Dates and ages as the registry writes them: partial ISO dates, their first and last days,
ages in years.

Input that is not recognised gives ``None``, never a default.
"""

from __future__ import annotations

import datetime
import re

# --------------------------------------------------------------------------- dates

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def parse_date(text: str | None) -> str | None:
    """An ISO date only as precise as written.

    ``March 2016`` -> ``2016-03``; ``March 21, 2016`` -> ``2016-03-21``; ``2023-02-28`` stays;
    ``2016`` -> ``2016``. Anything else (``Unknown``, ``TBD``, impossible days) -> ``None``.
    """
    if not text:
        return None
    text = " ".join(text.split()).strip(" .|")
    if m := _ISO.match(text):
        year, month, day = m.groups()
        return _iso(int(year), month and int(month), day and int(day))
    if m := _MONTH_DAY_YEAR.match(text):
        month = _MONTHS.get(m.group(1).lower())
        if month is None:
            return None
        return _iso(int(m.group(3)), month, m.group(2) and int(m.group(2)))
    if m := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            return None
        return _iso(int(m.group(3)), month, int(m.group(1)))
    return None


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def first_day(partial: str | None) -> datetime.date | None:
    """The first day of a partial ISO date: ``2016-03`` -> 2016-03-01 (``None`` for none)."""
    if not partial:
        return None
    parts = [int(p) for p in partial.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def last_day(partial: str) -> datetime.date:
    """The last day of a partial ISO date: ``2019`` -> 2019-12-31, ``2019-02`` -> 2019-02-28."""
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    if len(parts) == 2:
        following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(parts[0], 12, 31)


# --------------------------------------------------------------------------- ages

_AGE = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(years?|months?|weeks?|days?|hours?|minutes?)$", re.IGNORECASE
)
_YEARS_PER_UNIT = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 1 / 52.18,
    "day": 1 / 365.25,
    "hour": 1 / (365.25 * 24),
    "minute": 1 / (365.25 * 24 * 60),
}


def age_years(text: str | None) -> float | None:
    """Years as a number from an age as written: ``18 Years`` -> 18.0, ``6 Months`` -> 0.5."""
    if not text:
        return None
    m = _AGE.match(" ".join(text.split()))
    if not m:
        return None
    unit = m.group(2).lower().rstrip("s")
    return round(float(m.group(1)) * _YEARS_PER_UNIT[unit], 4)


def normalize_age(text: str | None) -> str | None:
    """An age as written, tidied (``18 years`` -> ``18 Years``); ``None`` for N/A and the like."""
    if not text:
        return None
    text = " ".join(text.split())
    m = _AGE.match(text)
    if not m:
        return None
    return f"{m.group(1)} {m.group(2).capitalize()}"
