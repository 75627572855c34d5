"""What both layouts make of the values they read: text values and the eligibility record.

Pure functions, shared by ``seed.layouts.classic`` and ``seed.layouts.modern``.
"""

from __future__ import annotations

import re

from domain.dates import age_years, normalize_age
from domain.records import EligibilityRecord
from seed.criteria_list import parse_criteria
from seed.formats.textblock import split_criteria
from seed.text import clean, unescape_markdown


def value(text: str | None) -> str | None:
    """One value as written: markdown escapes undone, white space collapsed; ``None`` if empty."""
    return clean(unescape_markdown(text)) if text else None


_EXT = re.compile(r"^(?P<phone>.*\S)\s+(?:ext\.?|extension)\s*:?\s*(?P<ext>\S+)$", re.IGNORECASE)


def phone_and_ext(text: str | None) -> tuple[str | None, str | None]:
    """``416-603-5800 ext 6262`` -> (``416-603-5800``, ``6262``): a phone as the pages write
    it, its extension after ``ext``."""
    text = clean(text)
    if text and (m := _EXT.match(text)):
        return m.group("phone"), m.group("ext")
    return text, None


def criteria_lists(lines: list[str]) -> dict[str, list[str]]:
    """The inclusion and exclusion lists of a criteria text's lines, as the registry's XML
    reader finds them (``split_criteria``): a list runs from its heading to the next; with no
    heading at all, every line is an inclusion criterion."""
    return split_criteria(lines)


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
