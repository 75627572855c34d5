"""Lines of the modern page and what a line can say: tagged lines (``Group Type EXPERIMENTAL``,
``Role: CONTACT``), enum markers, name-like paragraphs, heading keys. Pure functions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from domain.vocab import enum_value
from seed.text import unescape_markdown


class Line(NamedTuple):
    n: int  # 1-based line number in the document
    text: str  # without surrounding blanks; "" for a blank line
    raw: str  # as written, trailing blanks removed


Para = list[Line]


def paragraphs(lines: list[Line]) -> list[Para]:
    """Runs of non-blank lines."""
    out: list[Para] = []
    cur: Para = []
    for line in lines:
        if line.text:
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def nonblank(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.text]


def text_of(paras: list[Para]) -> str | None:
    """A description: its lines joined by new lines, markdown escapes undone."""
    out = [unescape_markdown(line.text) for para in paras for line in para if line.text]
    return "\n".join(out) or None


def norm(text: str | None) -> str:
    """A comparison key: escapes undone, blanks collapsed, case folded."""
    return " ".join(unescape_markdown(text or "").split()).casefold()


def tagged(text: str, *labels: str, colon: bool = False) -> str | None:
    """The rest of ``text`` after one of ``labels`` (``""`` if nothing follows); else ``None``.

    ``Group Type EXPERIMENTAL`` -> ``EXPERIMENTAL``; ``Role: CONTACT`` -> ``CONTACT``.
    """
    for label in labels:
        if len(text) >= len(label) and (m := _label_pattern(label, colon).match(text)):
            return m.group(1).strip()
    return None


@lru_cache(maxsize=512)
def _label_pattern(label: str, colon: bool) -> re.Pattern[str]:
    sep = r"\s*:\s*" if colon else r"(?:\s*:\s*|\s+|$)"
    return re.compile(rf"{re.escape(label)}{sep}(.*)$", re.IGNORECASE)


def marker(text: str, label: str, table: dict[str, str]) -> str | None:
    """``label`` followed by nothing or by an enum value (``Intervention Type DRUG``)."""
    rest = tagged(text, label)
    if rest is None:
        return None
    if rest == "" or enum_value(rest, table) or re.fullmatch(r"[A-Z][A-Z_ /-]*", rest):
        return rest
    return None


def label_like(para: Para) -> bool:
    """A short one-line paragraph that reads as a name, not as a sentence."""
    text = para[0].text
    return (
        len(para) == 1
        and len(text) <= 100
        and len(text.split()) <= 14
        and not text.endswith((".", ";", ":"))
    )


def heading_key(text: str) -> str:
    """A heading or label as a lookup key: ``Study Design:`` -> ``study design``."""
    if len(text) > 60:  # no heading is this long: skip the work for body text
        return ""
    return " ".join(text.lower().rstrip(":").split())
