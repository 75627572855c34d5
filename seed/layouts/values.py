"""What both layouts make of the values they read: text values and the eligibility record.

Pure functions, shared by ``seed.layouts.classic`` and ``seed.layouts.modern``.
"""

from __future__ import annotations

import re

from domain.dates import age_years, normalize_age
from domain.records import EligibilityRecord
from seed.criteria_list import is_heading, is_item, item_text, parse_criteria
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
    """The inclusion and exclusion lists of a criteria text's lines, each item one line.

    A list runs from its heading to the next (``split_criteria``); with no heading at all,
    every line is an inclusion criterion. A nested item (a bullet indented under another) is
    folded into its parent, as the API v2 reader folds nested markdown items: it qualifies
    its parent (a definition, alternatives) rather than being a criterion of its own::

        - Active disease as defined by:         ->  - Active disease as defined by: BASDAI
          - BASDAI >= 4                                >= 4; Spinal pain >= 4
          - Spinal pain >= 4
    """
    return {kind: fold_nested(found) for kind, found in split_criteria(lines).items()}


_JOINED = re.compile(r"(?:[.;:,!?]|\b(?:and|or))$", re.IGNORECASE)


def fold_nested(lines: list[str]) -> list[str]:
    """List lines with each item's nested items folded into it (see ``criteria_lists``)."""
    out: list[str | dict] = []
    open_items: list[tuple[int, dict]] = []  # (indentation, item): the items a line may go in
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        indent = len(raw) - len(raw.lstrip())
        if is_item(text):
            while open_items and open_items[-1][0] >= indent:
                open_items.pop()
            item = {"lines": [text], "children": []}
            (open_items[-1][1]["children"] if open_items else out).append(item)
            open_items.append((indent, item))
        elif open_items and not (indent == 0 and is_heading(text)):
            open_items[-1][1]["lines"].append(text)
        else:
            open_items.clear()
            out.append(raw)
    return [part if isinstance(part, str) else _merged(part, top=True) for part in out]


def _merged(item: dict, top: bool = False) -> str:
    """An item's text with its nested items folded in: ``parent: child one; child two``."""
    first, *rest = item["lines"]
    text = " ".join([first if top else item_text(first), *rest]).strip()
    joined_first = True
    for child in item["children"]:
        part = _merged(child)
        if not part:
            continue
        if not text or (top and is_item(text) and not item_text(text)):
            text = f"{text} {part}".strip()
        elif _JOINED.search(text):
            text = f"{text} {part}"
        else:
            text = f"{text}{':' if joined_first else ';'} {part}"
        joined_first = False
    return text


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
