"""Sections of ``Label`` lines, each followed by its value lines, and the label tables."""

from __future__ import annotations

from seed.layouts.modern.lines import Line, heading_key, nonblank


def label_values(body: list[Line], labels: dict[str, str]) -> dict[str, list[str]]:
    """Values by field, for sections of ``Label`` lines each followed by value lines::

        Recruitment Status                  a label (``labels`` maps it to a field name)
        NOT_YET_RECRUITING                  its value: the next non-blank line(s)
        Why Stopped: funding ended          a label and its value on one line

    The first value of a field comes first (``<field>:label`` holds the label lines as written);
    lines before any label are left out.
    """
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in nonblank(body):
        key = heading_key(line.text)
        if key in labels and not line.text.endswith(":"):
            current = out.setdefault(labels[key], [])
            out.setdefault(f"{labels[key]}:label", []).append(line.text)
            continue
        head, sep, rest = line.text.partition(":")
        if sep and rest.strip() and heading_key(head) in labels:
            out.setdefault(labels[heading_key(head)], []).append(rest.strip())
            current = None
            continue
        if current is not None:
            current.append(line.text)
    return out


def label_names(**fields: str) -> dict[str, str]:
    """``{spelling: field}`` from ``field="spelling|other spelling"``."""
    return {name: key for key, names in fields.items() for name in names.split("|")}


def first_value(values: dict[str, list[str]], name: str) -> str | None:
    """The first value of field ``name``, or ``None``."""
    return next(iter(values.get(name) or []), None)
