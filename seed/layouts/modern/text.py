"""The plain sections of the modern page: paragraphs of free text and one-term-a-line lists."""

from __future__ import annotations

from seed.layouts.modern.lines import Line, nonblank, paragraphs, text_of
from seed.layouts.values import value


def _parse_text(body: list[Line]) -> str | None:
    """Paragraphs (Brief Summary, Detailed Description), joined by new lines, escapes undone::

    The purpose of this study is to evaluate ...       free text, one line a paragraph
    Participants will receive \\> 2 doses ...           markdown escapes (``\\>``) undone
      - an indented line                               keeps its indentation
    """
    paras = paragraphs(body)
    return text_of([[line._replace(text=line.raw) for line in para] for para in paras])


def _parse_list(body: list[Line]) -> tuple[str, ...]:
    """One term a line (Conditions, Keywords, MeSH terms)::

    Solid Tumor
    Gastric Cancer
    """
    return tuple(dict.fromkeys(v for line in nonblank(body) if (v := value(line.text))))
