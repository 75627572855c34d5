"""The generator's vocabularies: word lists and weights like the registry's, one module a theme.

Word lists are written as ``|``-separated text (``words``); a list with weights comes with its
cumulative weights (``*_CUM``) for ``tools.synth.draw.pick``.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """``"a|b\n |c"`` -> [a, b, c]: word lists are written as ``|``-separated text."""
    return [" ".join(w.split()) for w in text.split("|") if w.strip()]


def titled(text: str) -> str:
    """Title case that leaves acronyms alone: ``people living with HIV`` -> ``People Living
    With HIV``."""
    return " ".join(w if w.isupper() else w.capitalize() for w in text.split())


def cap(text: str) -> str:
    """The first letter upper case, the rest as written: ``mRNA vaccine`` -> ``MRNA vaccine``."""
    return text[:1].upper() + text[1:]
