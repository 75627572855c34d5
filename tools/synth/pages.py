"""What both page renderers share: how the classic page writes dates and enum values, and how a
value is made safe inside a table cell."""

from __future__ import annotations

from tools.synth.vocab import words
from tools.synth.vocab.design import CLASSIC_LABELS

_MONTHS = words(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_WORDS = CLASSIC_LABELS | {
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "NO_LONGER_AVAILABLE": "No longer available",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "ECT": "Educational/Counseling/Training",
    "DEVICE_FEASIBILITY": "Device Feasibility",
    "NON_PROBABILITY_SAMPLE": "Non-Probability Sample",
    "PROBABILITY_SAMPLE": "Probability Sample",
    "NONE_RETAINED": "None Retained",
    "SAMPLES_WITH_DNA": "Samples With DNA",
    "SAMPLES_WITHOUT_DNA": "Samples Without DNA",
}


def classic_date(iso: str) -> str:
    """``2016-03-21`` -> ``March 21, 2016``; ``2016-03`` -> ``March 2016``; ``2016`` stays."""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 3:
        return f"{month} {int(parts[2])}, {parts[0]}"
    return f"{month} {parts[0]}"


def classic_words(value: str | None) -> str | None:
    """An enum value as the record page writes it: ``ACTIVE_COMPARATOR`` -> ``Active
    Comparator``, ``NOT_YET_RECRUITING`` -> ``Not yet recruiting``."""
    if value is None:
        return None
    return _WORDS.get(value) or " ".join(w.capitalize() for w in value.split("_"))


def cell(text: str) -> str:
    """A value inside a table cell: a ``|`` in it is escaped, so it cannot end the cell."""
    return text.replace("|", "\\|")


def lines_of(text: str | None) -> str | None:
    """A value that may run over several lines, made safe inside a table cell."""
    return cell(text) if text else None
