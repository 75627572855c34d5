"""The Study Groups section of the modern page: groups, each with the interventions it lists.

Entries span several paragraphs: a page is read as tokens (marker lines such as
``Group Type EXPERIMENTAL`` and runs of text), then the text between two markers is shared out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.vocab import ARM_TYPE, INTERVENTION_TYPE, enum_value
from seed.layouts.modern.furniture import is_furniture
from seed.layouts.modern.lines import (
    Line,
    Para,
    label_like,
    marker,
    norm,
    paragraphs,
    tagged,
    text_of,
)
from seed.layouts.values import value


def tokens(body: list[Line], kinds: dict[str, object]) -> list[tuple[str, Para]]:
    """Paragraphs as ``("text", lines)``; a line that ``kinds[k](text)`` accepts is ``(k, [line])``.

    A text paragraph right after a token of kind ``"heading"`` that is page furniture is dropped.
    """
    out: list[tuple[str, Para]] = []
    for para in paragraphs(body):
        if out and out[-1][0] == "heading" and is_furniture(para):
            continue
        run: Para = []
        for line in para:
            kind = next((k for k, test in kinds.items() if test(line.text) is not None), None)
            if kind is None:
                run.append(line)
                continue
            if run:
                out.append(("text", run))
                run = []
            out.append((kind, [line]))
        if run:
            out.append(("text", run))
    return out


@dataclass
class Arm:
    label: str
    type: str | None = None
    description: list[Para] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)


@dataclass
class Intervention:
    name: str | None
    type: str | None = None
    description: list[Para] = field(default_factory=list)
    other_names: list[str] = field(default_factory=list)
    complete: bool = True  # False: the page was cut off before its type line


GROUP_KINDS = {
    "group": lambda t: marker(t, "Group Type", ARM_TYPE),
    "intervention": lambda t: marker(t, "Intervention Type", INTERVENTION_TYPE),
}


def parse_groups(
    body: list[Line], descriptions: dict[str, list[str | None]] | None = None
) -> tuple[list[Arm], list[Intervention]]:
    """Study groups, each with the interventions it lists::

        HER2-E-CART cells                      group label
        <description paragraph(s)>             optional
        Group Type EXPERIMENTAL                absent for some observational cohorts
        HER2-E-CART cells                      intervention name: the line before its type
        Intervention Type BIOLOGICAL
        <description paragraph(s)>             optional
        ... more interventions, then the next group

    What follows an intervention's type line is its description, up to the next group's
    label; ``descriptions`` (name key -> the descriptions of the interventions of that name, from
    the Interventions section) tells where that description ends when the text alone is
    ambiguous.
    """
    descriptions = descriptions or {}
    toks = tokens(body, GROUP_KINDS)
    typed = any(kind == "group" for kind, _ in toks)
    arms: list[Arm] = []
    found: list[Intervention] = []
    run: list[Para] = []
    prev: Arm | Intervention | None = None
    for kind, lines in [*toks, ("end", [])]:
        if kind == "text":
            run.append(lines)
            continue
        name = None
        if kind == "intervention" and run:
            last = run.pop()
            name = value(last[-1].text)
            if len(last) > 1:
                run.append(last[:-1])
        new = _settle(run, prev, kind, typed, descriptions, arms)
        run = []
        if kind == "group":
            target = new[-1] if new else (arms[-1] if arms and arms[-1].type is None else None)
            if target is not None:
                target.type = enum_value(tagged(lines[0].text, "Group Type"), ARM_TYPE)
                prev = target
        elif kind == "intervention":
            item = Intervention(
                name, enum_value(tagged(lines[0].text, "Intervention Type"), INTERVENTION_TYPE)
            )
            prev = item
            if name:
                found.append(item)
                if arms:
                    arms[-1].interventions.append(item)
    return arms, found


def _settle(run, prev, nxt, typed, descriptions, arms) -> list[Arm]:
    """Share the paragraphs between two markers: the tail of ``prev``, then new group(s)."""
    if isinstance(prev, Intervention):
        cut, exact = _known_cut(run, descriptions.get(norm(prev.name)))
        if cut is None:
            cut = _guess_cut(run, nxt, typed)
        if nxt == "group" and run:
            cut = min(cut, len(run) - 1)  # a group type line always follows a label
        while not exact and nxt != "group" and cut < len(run) and not label_like(run[cut][:1]):
            cut += 1  # a sentence is no group label
        prev.description += run[:cut]
    elif isinstance(prev, Arm):
        cut = len(run) if nxt == "intervention" else 0
        prev.description += run[:cut]
    else:
        cut = 0
    rest = run[cut:]
    if not rest:
        return []
    if nxt == "group":
        head = rest[0]
        new = [Arm(value(head[0].text) or "", description=[head[1:], *rest[1:]])]
    else:
        new = _arms_from(rest)
    arms.extend(new)
    return new


def _known_cut(run: list[Para], known: list[str | None] | None) -> tuple[int | None, bool]:
    """Where the description of an intervention ends, from the descriptions the Interventions
    section gives for its name: ``(cut, exact)``, exact when the text matched one of them."""
    for description in known or ():
        for cut in range(1, len(run) + 1):
            if description is not None and norm(text_of(run[:cut])) == norm(description):
                return cut, True
    if known and None in known:
        return 0, False
    return None, False


def _guess_cut(run: list[Para], nxt: str, typed: bool) -> int:
    if nxt == "group":  # [intervention description] <label> [group description]
        if len(run) <= 1:
            return 0
        if len(run) == 2:
            return 0 if label_like(run[0]) and not label_like(run[1]) else 1
        return 1
    return len(run) if typed else min(1, len(run))


def _arms_from(rest: list[Para]) -> list[Arm]:
    """Groups without a type line, each its label then its description, on the lines below
    it or in the paragraph after it::

        Cohort A                    label, and its description right below it
        Adults with asthma
        Healthy siblings            label
                                    (blank line)
        Siblings of enrolled        its description: a sentence, or anything after a
        children.                   label with no description below it

    A paragraph after a group that has its description starts the next group; after one that
    has none, a name-like paragraph does too (a description that reads like a name can only
    be told apart on the lines below its label)."""
    arms: list[Arm] = []
    for para in rest:
        described = bool(arms) and any(arms[-1].description)
        if not arms or described or label_like(para):
            arms.append(Arm(value(para[0].text) or "", description=[para[1:]]))
        else:
            arms[-1].description.append(para)
    return arms
