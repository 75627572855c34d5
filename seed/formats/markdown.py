"""CommonMark text fields of the registry's API v2 JSON, read into the text layouts' values.

API v2 writes every free-text ("markup") field as CommonMark: ``\\>`` for ``>``, ``\\[`` for
``[``, ``\\&`` for ``&``; eligibility criteria are bullet (``*``, ``-``, ``+``) or numbered
(``1.``, ``1)``) lists, nested by indentation, under headings such as ``Inclusion Criteria:``.
The text layouts read the same criteria from a page's text; both end in
``seed.normalize.parse_criteria``, so a criterion reads the same whichever format it came from.

Hand-written rather than a CommonMark library: the registry's markdown uses a small subset
(escapes, entity references, paragraphs, nested lists), what is wanted is its line structure
(not HTML), and the bulk load runs it over half a million studies.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from domain.records import CriterionRecord
from seed.criteria_list import parse_criteria

# CommonMark: a backslash escapes any ASCII punctuation character; an entity reference is
# ``&name;``, ``&#123;`` or ``&#x7B;``. One pass, so an escaped ``\&amp;`` stays ``&amp;``.
_ESCAPE_OR_ENTITY = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


_HARD_BREAK = re.compile(r"\\$", re.MULTILINE)  # a backslash that ends a line


def _unescape_match(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(1)
    return html.unescape(m.group(0))  # an unknown name stays as written


def unescape(text: str) -> str:
    r"""Undo CommonMark escapes and entity references: ``\>`` -> ``>``, ``\&`` -> ``&``,
    ``&lt;`` -> ``<``; a backslash that ends a line (a hard line break) goes too."""
    if "\\" not in text and "&" not in text:
        return text
    if "\\\n" in text or text.endswith("\\"):
        text = _HARD_BREAK.sub("", text)
    return _ESCAPE_OR_ENTITY.sub(_unescape_match, text)


def to_text(markdown: str | None) -> str | None:
    """A markup field as the text layouts keep text: escapes undone, lines right-trimmed, blank
    lines dropped (paragraphs on lines of their own); ``None`` when nothing is left."""
    if markdown is None:
        return None
    lines = (line.rstrip() for line in unescape(markdown.replace("\r\n", "\n")).split("\n"))
    return "\n".join(line for line in lines if line.strip()) or None


# --------------------------------------------------------------------------- blocks

_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[*+-]|\d{1,9}[.)])(?P<gap> +|$)")
_ITEM_FIRST = frozenset("*+-0123456789")  # what an item line's first non-blank can be
_BREAK = re.compile(r"^ {0,3}([*_-])(?: *\1){2,} *$")  # "***", "- - -": a thematic break
_ATX = re.compile(r"^ {0,3}#{1,6}(?: +|$)")
_LIST_HEADING = re.compile(
    r"^(?:key\s+|main\s+)?(?P<list>inclusion|exclusion)\s+criteria\b[^:.;]{0,60}?"
    r"(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Item:
    column: int  # where the item's content starts: deeper lines belong to it
    kind: str  # "*", "-", "+", or a number's "." or ")"
    lines: list[str]
    children: list[_Item] = field(default_factory=list)


class _Line(NamedTuple):
    """What one line is, whatever lines are around it (``_blocks`` adds what they change)."""

    indent: int
    text: str  # the line as a paragraph line: stripped, an ATX heading's ``#`` marks dropped
    heading: bool  # ``text`` is a list heading ("Inclusion Criteria:"): it closes deeper items
    kind: str | None  # an item line's bullet or number delimiter; None: not an item line
    width: int  # the item marker's width with the gap after it
    rest: str  # the item's text after its marker
    cannot_interrupt: bool  # the item cannot start a list inside a paragraph
    thematic: bool  # a thematic break ("***")


_LINES: dict[str, _Line | None] = {}  # lines seen: criteria repeat across studies
_LINES_KEPT = 1 << 16


def _line(raw: str) -> _Line | None:
    """``_read_line``, memoised (bounded: forgotten all at once when full)."""
    found = _LINES.get(raw, _LINES)
    if found is _LINES:
        if len(_LINES) >= _LINES_KEPT:
            _LINES.clear()
        found = _LINES[raw] = _read_line(raw)
    return found  # type: ignore[return-value]


def _read_line(raw: str) -> _Line | None:
    """One line of the criteria; ``None`` for a blank one."""
    line = raw.rstrip()
    if not line.strip():
        return None
    content = line.lstrip(" ")
    indent = len(line) - len(content)
    first = content[0]
    text = (_ATX.sub("", line) if first == "#" else line).strip()
    heading = _LIST_HEADING.match(_bare(text)) is not None
    thematic = first in "*_-" and _BREAK.match(line) is not None
    m = _ITEM.match(line) if first in _ITEM_FIRST else None
    if m is None:
        return _Line(indent, text, heading, None, 0, "", False, thematic)
    marker = m.group("marker")
    gap = len(m.group("gap"))
    rest = line[m.end() :].strip()
    # CommonMark: only a bullet or an item numbered 1, with text, starts a list mid-paragraph
    cannot_interrupt = not rest or (marker[0].isdigit() and int(marker[:-1]) != 1)
    width = len(marker) + (gap if 1 <= gap <= 4 else 1)
    return _Line(indent, text, heading, marker[-1], width, rest, cannot_interrupt, thematic)


def _blocks(markdown: str) -> list[str | _Item]:
    """Top-level paragraph lines (``str``) and list items (``_Item``, with nested items).

    Input::

        Inclusion Criteria:                    a line outside any list
        * Active disease as defined by          an item: "*", "-", "+", "1." or "1)"
          * BASDAI >= 4                         nested: indented to the parent's content
        continued text                          no blank line before it: continues the item
    """
    out: list[str | _Item] = []
    open_items: list[_Item] = []
    blank = True
    for raw in markdown.expandtabs(4).replace("\r\n", "\n").split("\n"):
        line = _line(raw)
        if line is None:
            blank = True
            continue
        indent = line.indent
        kind = line.kind
        if (
            kind is not None
            and not blank
            and line.cannot_interrupt
            and _starts_a_list(kind, indent, open_items)
        ):
            kind = None  # "2015. The study ..." inside a paragraph goes on with the paragraph
        if kind is not None and not line.thematic:
            while open_items and indent < open_items[-1].column:
                open_items.pop()
            item = _Item(indent + line.width, kind, [line.rest])
            (open_items[-1].children if open_items else out).append(item)
            open_items.append(item)
        elif line.thematic:
            open_items.clear()
        else:
            if blank or line.heading:
                while open_items and indent < open_items[-1].column:
                    open_items.pop()
            if open_items:  # inside an item, or a lazy continuation line of its text
                open_items[-1].lines.append(line.text)
            else:
                out.append(line.text)
        blank = False
    return out


def _starts_a_list(kind: str, indent: int, open_items: list[_Item]) -> bool:
    """Whether an item line starts a new list rather than following an item of its own list."""
    depth = len(open_items)
    while depth and indent < open_items[depth - 1].column:
        depth -= 1
    return depth == len(open_items) or open_items[depth].kind != kind


# --------------------------------------------------------------------------- criteria

_WRAPPED = re.compile(r"^(\*\*|__|\*|_)(?P<text>.+?)\1(?P<after>:?)$")
_JOINED = re.compile(r"(?:[.;:,!?]|\b(?:and|or))$", re.IGNORECASE)


def _bare(text: str) -> str:
    """A line without emphasis around it: ``**Inclusion Criteria:**`` -> ``Inclusion Criteria:``."""
    m = _WRAPPED.match(text)
    return m.group("text") + m.group("after") if m else text


def _merged(item: _Item) -> str:
    """An item's text with its nested items folded in: ``Active disease as defined by: BASDAI
    >= 4; Spinal pain >= 4``. A nested item qualifies its parent (a definition, alternatives),
    so it stays inside the parent's criterion instead of becoming a requirement of its own."""
    text = " ".join(line for line in item.lines if line)
    first = True
    for child in item.children:
        part = _merged(child)
        if not part:
            continue
        if not text:
            text = part
        elif _JOINED.search(text):
            text = f"{text} {part}"
        else:
            text = f"{text}{':' if first else ';'} {part}"
        first = False
    return text


class CriteriaLists(NamedTuple):
    text: str | None  # the criteria as written, escapes undone, without blank lines
    inclusion: tuple[CriterionRecord, ...]
    exclusion: tuple[CriterionRecord, ...]


def parse_criteria_markdown(markdown: str | None) -> CriteriaLists:
    """The eligibility criteria of an API v2 study: its text and its two lists.

    Input::

        Key Inclusion Criteria:             a list heading (also "Exclusion Criteria", "Main ...")
        * Age >= 18                         items; numbering is dropped, as from the text layouts
        For parent participants:            a sub-heading: the ``section`` of the items below it
        1. Able to consent
           1. nested items are folded into their parent item
        * Exclusion Criteria:               a heading may be an item, with the list nested in it
          * Pregnancy

    Lines before the first list heading belong to neither list (as in the text layouts).
    """
    if not markdown or not markdown.strip():
        return CriteriaLists(None, (), ())
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    target: list[str] | None = None
    for block in _blocks(markdown):
        if isinstance(block, str):
            text = unescape(_bare(block))
            if heading := _LIST_HEADING.match(text):
                target = lists[heading.group("list").lower()]
                text = heading.group("rest") or ""
            if target is not None and text:
                target.append(_protect(text))
            continue
        joined = " ".join(line for line in block.lines if line)
        own = unescape(_bare(joined))
        heading = _LIST_HEADING.match(own)
        if heading and (own.endswith(":") or heading.group("rest") or block.children):
            target = lists[heading.group("list").lower()]
            if heading.group("rest"):
                target.append("- " + _protect(heading.group("rest")))
            items = block.children  # "* Inclusion Criteria:" with the list nested in it
        elif not block.children:  # the common case: _merged(block) is its own text
            if target is not None:
                target.append("- " + _protect(unescape(joined)))
            continue
        else:
            items = [block]
        if target is not None:
            target.extend("- " + _protect(unescape(_merged(item))) for item in items)
    return CriteriaLists(
        to_text(markdown),
        parse_criteria(lists["inclusion"]),
        parse_criteria(lists["exclusion"]),
    )


def _protect(text: str) -> str:
    r"""``parse_criteria`` undoes markdown escapes itself; the text here has none left, so a
    backslash it still holds is a real one: doubled, it survives that second pass as one."""
    return text.replace("\\", "\\\\")
