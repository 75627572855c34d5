"""Text helpers shared by both layouts: white space, table cells, markdown escapes, addresses."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- text

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^|~=])")


def unescape_markdown(text: str) -> str:
    r"""Undo markdown backslash escapes: ``\>`` -> ``>``, ``10\^9`` -> ``10^9``."""
    return _MD_ESCAPE.sub(r"\1", text) if "\\" in text else text


def clean(text: str | None) -> str | None:
    """Collapse runs of white space; ``None`` for an empty string."""
    if text is None:
        return None
    # Every white space character but the space is unprintable: a printable text without a
    # double, leading or trailing space is clean already (checked at a fraction of the cost).
    if not (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "):
        text = " ".join(text.split())
    return text or None


def strip_cell(text: str) -> str:
    """A table cell without its trailing ``|`` separators and surrounding blanks.

    ``200438 | |`` -> ``200438``: every separator at either end goes, not only the last one.
    """
    return text.strip(" \t\r\n|")


# --------------------------------------------------------------------------- places

# Registry country names that contain a comma; an address is split on commas around them.
COMMA_COUNTRIES = (
    "Korea, Republic of",
    "Korea, Democratic People's Republic of",
    "Iran, Islamic Republic of",
    "Congo, The Democratic Republic of the",
    "Macedonia, The Former Yugoslav Republic of",
    "Moldova, Republic of",
    "Tanzania, United Republic of",
    "Taiwan, Province of China",
    "Micronesia, Federated States of",
    "Virgin Islands, U.S.",
    "Virgin Islands, British",
    "Palestinian Territory, occupied",
    "Bolivia, Plurinational State of",
    "Venezuela, Bolivarian Republic of",
)
_COMMA_COUNTRY = re.compile("|".join(re.escape(c) for c in COMMA_COUNTRIES), re.IGNORECASE)


def split_place(text: str) -> list[str]:
    """``Seoul, Korea, Republic of, 03080`` -> [Seoul, Korea, Republic of, 03080]: the parts of
    an address or a ``Country, State`` header, split on commas, country names kept whole.

    The pages join the parts with ``", "``: a comma with no blank after it is part of the text
    (a city written ``Rio de Janeiro,`` shows as ``Rio de Janeiro,, Brazil``)."""
    keep = {f"\x00{i}\x00": m.group(0) for i, m in enumerate(_COMMA_COUNTRY.finditer(text))}
    for token, name in keep.items():
        text = text.replace(name, token, 1)
    return [keep.get(p.strip(), p.strip()) for p in _PLACE_COMMA.split(text) if p.strip()]


_PLACE_COMMA = re.compile(r",(?=\s)|,$")
