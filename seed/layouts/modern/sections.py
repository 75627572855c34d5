"""The modern page cut into its header and sections, by their known headings.

A heading this module does not know (a short line followed by a furniture sentence) starts a
section that is skipped; a "More Related Trials" heading ends the record.
"""

from __future__ import annotations

from seed.layouts.modern.furniture import is_furniture
from seed.layouts.modern.labels import label_names
from seed.layouts.modern.lines import Line, heading_key

_STOP = {"more related trials", "related trials", "similar trials"}  # the rest is not this trial
_SUBHEADINGS = {"other intervention names", "other names"}  # parts of the Interventions section

SECTIONS: dict[str, str | None] = label_names(
    results="study results|results",
    basic="basic information",
    brief_summary="brief summary",
    detailed_description="detailed description",
    conditions="conditions",
    keywords="keywords|study keywords",
    mesh="mesh terms|condition mesh terms|conditions mesh terms",
    design="study design|design",
    groups="study groups|study arms|arms|groups|cohorts|arms and interventions",
    interventions="interventions",
    eligibility="eligibility criteria|eligibility|participation criteria",
    sponsors="sponsors",
    collaborators="collaborators",
    responsible_party="responsible party",
    officials="principal investigators|study officials|overall officials|investigators"
    "|study directors|study chairs",
    contacts="central contacts|contacts|study contacts",
    locations="locations|study locations|sites",
    countries="countries",
    references="references|publications",
    identifiers="other identifiers|identifiers|secondary ids",
    primary_outcomes="primary outcomes|primary outcome|primary outcome measures"
    "|primary outcome measure",
    secondary_outcomes="secondary outcomes|secondary outcome|secondary outcome measures"
    "|secondary outcome measure",
    other_outcomes="other outcomes|other outcome measures|other pre-specified outcomes",
    outcomes="outcome measures|outcomes",
)
FREE_TEXT = {"brief summary", "detailed description"}


def split_sections(lines: list[str]) -> tuple[list[Line], list[tuple[str | None, list[Line]]]]:
    """The header lines, then ``(section key or None if unknown, body lines)`` in page order.

    Body lines include blank lines; the furniture sentence under a heading is left out.
    """
    items = [Line(i, raw.strip(), raw.rstrip()) for i, raw in enumerate(lines, start=1)]
    header: list[Line] = []
    sections: list[tuple[str | None, list[Line]]] = []
    i = 0
    while i < len(items):
        key = heading_key(items[i].text)
        if key in _STOP:
            break
        # Only a known heading or a short paragraph of its own can start a section.
        if key in SECTIONS or (key not in _SUBHEADINGS and _alone(items, i)):
            furniture = _furniture_at(items, i + 1, strict=key in FREE_TEXT)
            known = key in SECTIONS and (_alone(items, i) or furniture is not None)
        else:
            furniture, known = None, False
        if known or (key not in _SUBHEADINGS and _unknown_heading(items, i)):
            sections.append((SECTIONS.get(key), []))
            i = i + 1 if furniture is None else furniture + 1
            continue
        (sections[-1][1] if sections else header).append(items[i])
        i += 1
    return header, sections


def _furniture_at(items: list[Line], i: int, strict: bool) -> int | None:
    """The index of the furniture sentence starting at or after blank lines from ``i``.

    With ``strict`` (free-text sections) an unknown sentence counts only if more text follows.
    """
    while i < len(items) and not items[i].text:
        i += 1
    if i >= len(items) or not _alone(items, i) or not is_furniture([items[i]]):
        return None
    unknown = not is_furniture([items[i]], strict=True)
    if strict and unknown and not any(line.text for line in items[i + 1 :]):
        return None
    return i


def _alone(items: list[Line], i: int) -> bool:
    """Line ``i`` is a paragraph of its own."""
    return (i == 0 or not items[i - 1].text) and (i + 1 == len(items) or not items[i + 1].text)


def _unknown_heading(items: list[Line], i: int) -> bool:
    """A short title line between blank lines, followed by a one-sentence furniture paragraph."""
    text = items[i].text
    if not (0 < len(text) <= 60 and text[0].isupper() and len(text.split()) <= 8):
        return False
    if text.endswith((".", ":", ";", ",", "?", "!")) or not _alone(items, i) or i + 2 >= len(items):
        return False
    return not items[i + 1].text and _alone(items, i + 2) and is_furniture([items[i + 2]])
