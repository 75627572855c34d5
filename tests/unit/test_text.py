"""seed.text.clean: runs of white space collapsed, as ``str.split`` finds white space."""

from __future__ import annotations

import sys

import pytest

from seed.text import clean


def _collapsed(text: str) -> str | None:
    return " ".join(text.split()) or None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Massachusetts General Hospital", "Massachusetts General Hospital"),
        ("  Phase 2 ", "Phase 2"),
        ("two  spaces", "two spaces"),
        ("line\nbreak\ttab", "line break tab"),
        ("no\u00a0break", "no break"),
        ("zero\u200bwidth", "zero\u200bwidth"),  # a format character, not white space
        ("   ", None),
        ("", None),
    ],
)
def test_white_space_is_collapsed(text, expected):
    assert clean(text) == expected


def test_every_character_collapses_as_str_split_finds_white_space():
    # the check that skips clean text must agree with split/join on every character: each
    # white space one (unprintable, but for the space) and every other one, alone and in pairs
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        for text in (c, f"a{c}b", f"a{c}{c}b", f"{c}a"):
            assert clean(text) == _collapsed(text), hex(code)
