"""Building blocks of the modern-layout parser (``seed.layouts.modern``).

Lines, paragraphs, tagged lines (``Group Type EXPERIMENTAL``, ``Role: CONTACT``), page furniture,
and the sections whose entries span several paragraphs: study groups, interventions, people and
sites. Pure functions over ``Line`` lists: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from domain.records import ArmRecord, InterventionRecord
from domain.vocab import ARM_TYPE, INTERVENTION_TYPE, enum_value
from seed.text import clean, unescape_markdown


class Line(NamedTuple):
    n: int  # 1-based line number in the document
    text: str  # without surrounding blanks; "" for a blank line
    raw: str  # as written, trailing blanks removed


Para = list[Line]

# --------------------------------------------------------------------------- lines


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


def value(text: str | None) -> str | None:
    """One value as written: markdown escapes undone, white space collapsed."""
    return clean(unescape_markdown(text)) if text else None


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


# --------------------------------------------------------------------------- page furniture

FURNITURE = frozenset(
    norm(s)
    for s in (
        "Get a concise snapshot of the trial, including recruitment status, study phase, "
        "enrollment targets, and key timeline milestones.",
        "Review the sponsor-provided synopsis that highlights what the study is about and why "
        "it is being conducted.",
        "Dive into the extended narrative that explains the scientific background, objectives, "
        "and procedures in greater depth.",
        "See the medical conditions and disease areas that this research is targeting or "
        "investigating.",
        "Understand how the trial is structured, including allocation methods, masking "
        "strategies, primary purpose, and other design elements.",
        "Review each arm or cohort in the study, along with the interventions and objectives "
        "associated with them.",
        "Learn about the drugs, procedures, or behavioral strategies being tested and how they "
        "are applied within this trial.",
        "Discover alternative or legacy names that may be used to describe the listed "
        "interventions across different sources.",
        "Check the participation requirements, including inclusion and exclusion rules, age "
        "limits, and whether healthy volunteers are accepted.",
        "Meet the organizations funding or collaborating on the study and learn about their roles.",
        "Identify the individual or organization who holds primary responsibility for the study "
        "information submitted to regulators.",
        "Learn about the lead researchers overseeing the trial and their institutional "
        "affiliations.",
        "Reach out to these primary contacts for questions about participation or study logistics.",
        "Explore where the study is taking place and check the recruitment status at each "
        "participating site.",
        "Review the countries where the study has at least one active or historical site.",
        "Explore related publications, articles, or registry entries linked to this study.",
        "Review additional registry numbers or institutional identifiers associated with this "
        "trial.",
        "Additional clinical trials that may be relevant based on similarity analysis.",
    )
)
_FURNITURE_LIKE = re.compile(
    r"^(?:get|review|dive|see|understand|learn|discover|check|meet|identify|explore|reach|find"
    r"|browse|view|track|compare|read)\s+(?:the|a|an|each|all|how|what|where|who|which|about"
    r"|into|out|additional|related|key|these|this|more|alternative)\b[^0-9]*\b(?:trials?|study"
    r"|studies|research|participa\w*|sites?|interventions?|investigators?|outcomes?|results?)\b"
    r"[^0-9]*\.$",
    re.IGNORECASE,
)


def is_furniture(para: Para, strict: bool = False) -> bool:
    """The one generic sentence a page prints under a section heading ("Get a concise …").

    Known sentences always; with ``strict`` false also any imperative one-sentence line about
    the study (no digits, 8 to 40 words) such as "Browse the key facts of this study."
    """
    if len(para) != 1:
        return False
    text = para[0].text
    return norm(text) in FURNITURE or (
        not strict and bool(_FURNITURE_LIKE.match(text)) and 6 <= len(text.split()) <= 40
    )


# --------------------------------------------------------------------------- tokens


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


# --------------------------------------------------------------------------- groups


@dataclass
class Arm:
    label: str
    type: str | None = None
    description: list[Para] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)


@dataclass
class Intervention:
    name: str | None
    type: str | None = None
    description: list[Para] = field(default_factory=list)
    other_names: list[str] = field(default_factory=list)
    complete: bool = True  # False: the page was cut off before its type line


_MISSING = object()

_GROUP_KINDS = {
    "group": lambda t: marker(t, "Group Type", ARM_TYPE),
    "intervention": lambda t: marker(t, "Intervention Type", INTERVENTION_TYPE),
}


def parse_groups(
    body: list[Line], descriptions: dict[str, str | None] | None = None
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
    label; ``descriptions`` (name key -> description, from the Interventions section) tells
    where that description ends when the text alone is ambiguous.
    """
    descriptions = descriptions or {}
    toks = tokens(body, _GROUP_KINDS)
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
                    arms[-1].interventions.append(name)
    return arms, found


def _settle(run, prev, nxt, typed, descriptions, arms) -> list[Arm]:
    """Share the paragraphs between two markers: the tail of ``prev``, then new group(s)."""
    if isinstance(prev, Intervention):
        cut = _known_cut(run, descriptions.get(norm(prev.name), _MISSING))
        if cut is None:
            cut = _guess_cut(run, nxt, typed)
        if nxt == "group" and run:
            cut = min(cut, len(run) - 1)  # a group type line always follows a label
        while nxt != "group" and cut < len(run) and not label_like(run[cut]):
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


def _known_cut(run: list[Para], known) -> int | None:
    if known is _MISSING:
        return None
    if known is None:
        return 0
    for cut in range(1, len(run) + 1):
        if norm(text_of(run[:cut])) == norm(known):
            return cut
    return None


def _guess_cut(run: list[Para], nxt: str, typed: bool) -> int:
    if nxt == "group":  # [intervention description] <label> [group description]
        if len(run) <= 1:
            return 0
        if len(run) == 2:
            return 0 if label_like(run[0]) and not label_like(run[1]) else 1
        return 1
    return len(run) if typed else min(1, len(run))


def _arms_from(rest: list[Para]) -> list[Arm]:
    """Groups without a type line: a name-like paragraph after a description starts the next."""
    arms: list[Arm] = []
    for para in rest:
        if not arms or (label_like(para) and arms[-1].description):
            arms.append(Arm(value(para[0].text) or "", description=[para[1:]]))
        else:
            arms[-1].description.append(para)
    return arms


# --------------------------------------------------------------------------- interventions

_OTHER_NAMES = ("other intervention names", "other names")
_INTERVENTION_KINDS = {
    "intervention": _GROUP_KINDS["intervention"],
    "heading": lambda t: t if t.lower().rstrip(":").strip() in _OTHER_NAMES else None,
}


def parse_interventions(body: list[Line], known_names: set[str] = frozenset()) -> list:
    """Interventions, each optionally followed by its other names::

        human HER2-targeted CAR-M cells        name
        <description paragraph(s)>             optional
        Intervention Type BIOLOGICAL
        Other Intervention Names               optional sub-heading (+ furniture sentence)
        anti-HER2 CAR-M cells                  one other name per line

    Other names belong to the intervention they follow; ``known_names`` (name keys from the
    Study Groups section) mark where the next intervention starts.
    """
    found: list[Intervention] = []
    run: list[Para] = []
    others = False
    for kind, lines in [*tokens(body, _INTERVENTION_KINDS), ("end", [])]:
        if kind == "text":
            run.append(lines)
            continue
        if kind == "heading":
            others = bool(found)
            continue
        if others:
            cut = _others_cut(run, known_names, kind)
            found[-1].other_names += [v for p in run[:cut] for ln in p if (v := value(ln.text))]
            run = run[cut:]
            others = False
        if kind == "intervention":
            kind_value = enum_value(tagged(lines[0].text, "Intervention Type"), INTERVENTION_TYPE)
            head = run[0] if run else [Line(0, "", "")]
            found.append(Intervention(value(head[0].text), kind_value, [head[1:], *run[1:]]))
        elif run:  # a page cut off before the type line
            desc = [run[0][1:], *run[1:]]
            found.append(Intervention(value(run[0][0].text), None, desc, complete=False))
        run = []
    return [item for item in found if item.name]


def _others_cut(run: list[Para], known_names: set[str], nxt: str) -> int:
    if nxt == "end":
        return len(run)
    for i, para in enumerate(run):
        if norm(para[0].text) in known_names:
            return i
    end = len(run)
    while end > 0 and not label_like(run[end - 1]):
        end -= 1  # trailing sentences: the next intervention's description
    return max(0, end - 1)  # the last name-like paragraph before them is the next name


# --------------------------------------------------------------------------- both


def arms_and_interventions(
    groups_body: list[Line] | None, section_body: list[Line] | None
) -> tuple[tuple[ArmRecord, ...], tuple[InterventionRecord, ...]]:
    """Study Groups and Interventions together: the groups name the interventions they use
    (``ArmRecord.interventions`` / ``InterventionRecord.arm_labels``), the Interventions section
    gives descriptions and other names."""
    groups_body, section_body = groups_body or [], section_body or []
    _, rough = parse_groups(groups_body)
    listed = parse_interventions(section_body, {norm(i.name) for i in rough})
    descriptions = {norm(i.name): text_of(i.description) for i in listed if i.complete}
    arms, in_groups = parse_groups(groups_body, descriptions)
    merged: dict[str, dict] = {}
    for item in [*listed, *in_groups]:
        entry = merged.setdefault(norm(item.name), {"name": item.name, "other_names": []})
        if item.type:
            entry.setdefault("type", item.type)
        if desc := text_of(item.description):
            entry.setdefault("description", desc)
        entry["other_names"] += [n for n in item.other_names if n not in entry["other_names"]]
    arm_records = tuple(
        ArmRecord(a.label, a.type, text_of(a.description), tuple(dict.fromkeys(a.interventions)))
        for a in arms
        if a.label
    )
    return arm_records, tuple(
        InterventionRecord(
            name=e["name"],
            type=e.get("type"),
            description=e.get("description"),
            other_names=tuple(e["other_names"]),
            arm_labels=tuple(
                dict.fromkeys(
                    a.label for a in arm_records if key in {norm(n) for n in a.interventions}
                )
            ),
        )
        for key, e in merged.items()
    )
