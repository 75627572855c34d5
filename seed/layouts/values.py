"""What both layouts make of the values they read: text values and the eligibility record.

Pure functions, shared by ``seed.layouts.classic`` and ``seed.layouts.modern``.
"""

from __future__ import annotations

from domain.dates import age_years, normalize_age
from domain.records import EligibilityRecord
from seed.criteria_list import parse_criteria
from seed.text import clean, unescape_markdown


def value(text: str | None) -> str | None:
    """One value as written: markdown escapes undone, white space collapsed; ``None`` if empty."""
    return clean(unescape_markdown(text)) if text else None


def text_value(text: str | None) -> str | None:
    """A value that may run over lines: each line as ``value`` reads it, blank ones dropped."""
    lines = [v for line in (text or "").split("\n") if (v := value(line))]
    return "\n".join(lines) or None


def eligibility_record(
    *,
    inclusion: list[str],
    exclusion: list[str],
    minimum_age: str | None = None,
    maximum_age: str | None = None,
    **fields,
) -> EligibilityRecord:
    """The eligibility record from what a page states: ages as written (``18 years``) are tidied
    (``18 Years``) and given in years too; the criteria lines under the inclusion and exclusion
    headings become numbered criteria. ``fields`` are the other ``EligibilityRecord`` fields."""
    minimum, maximum = normalize_age(minimum_age), normalize_age(maximum_age)
    return EligibilityRecord(
        minimum_age=minimum,
        maximum_age=maximum,
        minimum_age_years=age_years(minimum),
        maximum_age_years=age_years(maximum),
        inclusion=parse_criteria(inclusion),
        exclusion=parse_criteria(exclusion),
        **fields,
    )
