"""The arms (or cohorts) table of the classic page, and the interventions each arm lists."""

from __future__ import annotations

import re

from domain.records import ArmRecord, InterventionRecord
from domain.vocab import ARM_TYPE, INTERVENTION_TYPE, enum_value
from seed.layouts.classic.conditions import INTERVENTION_TYPES
from seed.layouts.classic.table import ROW, cells
from seed.text import clean, unescape_markdown


def _cell_interventions(text: str, known: list[tuple[str, str]]) -> list[dict]:
    """Interventions in one cell: ``Type: <known name>`` anywhere, or ``Type: name`` opening a
    line; each one's description runs to the next. ``Other Names:`` lists its other names."""
    marks: dict[int, tuple[int, str, str]] = {}
    for kind, name in sorted(known, key=lambda k: -len(k[1])):
        rx = rf"(?<!\S){re.escape(kind)}:\s*{re.escape(name)}(?!\S)"
        for m in re.finditer(rx, text, re.I):
            if not any(s <= m.start() < e for s, (e, _, _) in marks.items()):
                marks[m.start()] = (m.end(), kind, name)
    for m in re.finditer(rf"^({INTERVENTION_TYPES}):\s*(.+)$", text, re.M):
        if not any(s <= m.start() < e for s, (e, _, _) in marks.items()):
            marks[m.start()] = (m.end(), m.group(1), clean(m.group(2)) or "")
    out: list[dict] = []
    starts = sorted(marks)
    if not starts:
        return out
    for start, nxt in zip(starts, [*starts[1:], len(text)], strict=True):
        end, kind, name = marks[start]
        description, other_names, in_names = [], [], False
        for line in (ln.strip() for ln in text[end:nxt].split("\n")):
            if m := re.match(r"^Other Names?\s*:\s*(.*)$", line, re.I):
                in_names = True
                other_names += [n.strip() for n in m.group(1).split(";") if n.strip()]
            elif in_names and line.startswith("- "):
                other_names.append(clean(line[2:]))
            elif line:
                in_names = False
                description.append(line)
        text_desc = "\n".join(description) or None
        out.append({"type": kind, "name": name, "description": text_desc, "other": other_names})
    return out


def _parse_arms(lines: list[str], known: list[tuple[str, str]]) -> list[dict]:
    """The arms (or cohorts) table; each row is an arm cell, then an intervention cell::

    Arm | Intervention/treatment |          or  Group/Cohort | Intervention/treatment |
    ---|---|
    Experimental: HER2 positive cancers      arm type: label (a cohort may have no type)
    Patients with relapsed ...               description, any number of lines
    |                                        ends the arm cell
    Biological: Anti-HER2 CAR-T              type: name, then its description;
    HER-2-targeting CAR-T cells infusion |   several may run together; " |" ends the cell

    Cells alternate, arm then interventions; how a cell ends tells more: an intervention cell
    ends with `` |`` after its last text (an arm's, and an empty one, with a ``|`` line of its
    own). So an intervention cell out of its place (after a stray ``|`` line) is still the
    last arm's, never an arm; a cell in an intervention cell's place that starts with an arm
    type (not ``Other``, an intervention type too) and ends as an arm's is the next arm.
    """
    if not lines:
        return []
    ncols = max(1, len(cells(lines[0])))
    body = [
        ln.strip()
        for ln in lines[1:]
        if not re.match(r"^-{3,}\|", ln.strip()) and not ROW.match(ln.strip())
    ]
    rows: list[list[str]] = []  # [arm cell, intervention cell]
    waiting = False  # the last arm's intervention cell comes next
    for kind, piece in _pieces(body):
        first = piece.split("\n", 1)[0]
        next_arm = kind != "cell" and _arm_type(first)[0] not in (None, "OTHER")
        if kind == "cell" or (waiting and not next_arm):
            if rows:
                rows[-1][1] = f"{rows[-1][1]}\n{piece}".strip("\n")
            waiting = False
        elif kind != "empty":
            rows.append([piece, ""])
            waiting = ncols > 1
    return [_arm(arm, cell, known) for arm, cell in rows]


def _pieces(body: list[str]) -> list[tuple[str, str]]:
    """The table's cells as ``(kind, text)``: ``arm`` (ended by a ``|`` line of its own),
    ``cell`` (ended by `` |`` after text), ``empty``, or ``open`` (the page ends first)."""
    out: list[tuple[str, str]] = []
    current: list[str] = []
    for line in body:
        parts = re.split(r"(?<!\\)\|", line)
        for k, part in enumerate(parts):
            if k == len(parts) - 1:  # the text after the last separator goes on
                if part.strip():
                    current.append(part.strip())
                continue
            text = part.strip()
            if text:
                current.append(text)
            joined = unescape_markdown("\n".join(current))
            kind = "cell" if text else ("arm" if current else "empty")
            out.append((kind, joined))
            current = []
    if current:
        out.append(("open", unescape_markdown("\n".join(current))))
    return out


def _arm_type(line: str) -> tuple[str | None, str]:
    """``Experimental: HER2 positive cancers`` -> (EXPERIMENTAL, label); no type: (None, line)."""
    if (m := re.match(r"^([A-Za-z ]+):\s*(.+)$", line)) and enum_value(m.group(1), ARM_TYPE):
        return enum_value(m.group(1), ARM_TYPE), m.group(2).strip()
    return None, line


def _arm(arm: str, cell: str, known: list[tuple[str, str]]) -> dict:
    arm_lines = [ln.strip() for ln in arm.split("\n") if ln.strip()]
    kind, label = _arm_type(arm_lines[0])
    return {
        "label": clean(label),
        "type": kind,
        "description": "\n".join(arm_lines[1:]) or None,
        "interventions": _cell_interventions(cell.strip(), known),
    }


def _parse_details(lines: list[str], known: list[tuple[str, str]]) -> list[dict]:
    """The interventions no arm lists (all of them for expanded access, which has no arms)::

    Intervention Details:
    Biological: Thymus Tissue for Transplantation      type: name, then its description
    Thymus tissue is transplanted into the ...
    Other Name: Thymus Tissue Transplant               or "Other Names:" and "- name" lines
    Drug: Cyclosporine
    """
    body = [unescape_markdown(ln.strip()) for ln in lines[1:] if ln.strip()]
    return _cell_interventions("\n".join(body), known)


def assemble(arms: list[dict], details: list[dict], known: list[tuple[str, str]]):
    """ArmRecords and InterventionRecords: each arm names its interventions, each intervention
    its arms. The conditions table lists every intervention (``known``, in its order); an
    intervention is described where an arm lists it (or under "Intervention Details").
    Several interventions of one name are told apart by their descriptions; the first
    description written for an intervention is kept."""
    entries = [_entry(kind, name) for kind, name in known]
    arm_records = []
    for arm in [*arms, {"label": None, "interventions": details}]:
        names = []
        for item in arm["interventions"]:
            entry = _place(entries, item)
            if arm["label"] is not None and arm["label"] not in entry["arms"]:
                entry["arms"].append(arm["label"])
            names.append(entry["name"])
        if arm["label"] is not None:
            names = tuple(dict.fromkeys(names))
            arm_records.append(ArmRecord(arm["label"], arm["type"], arm["description"], names))
    interventions = tuple(
        InterventionRecord(
            name=e["name"],
            type=enum_value(e["type"], INTERVENTION_TYPE),
            description=e["description"],
            other_names=tuple(e["other"]),
            arm_labels=tuple(e["arms"]),
        )
        for e in entries
    )
    return tuple(arm_records), interventions


def _entry(kind: str, name: str) -> dict:
    return {"type": kind, "name": name, "description": None, "other": [], "arms": [], "seen": False}


def _place(entries: list[dict], item: dict) -> dict:
    """The entry ``item`` (an intervention as a cell describes it) is: one of its name and type
    described the same way, else one not described yet, else the first of its name."""
    same = [e for e in entries if e["name"].lower() == item["name"].lower()]
    same = [e for e in same if e["type"].lower() == item["type"].lower()] or same
    entry = next((e for e in same if e["seen"] and e["description"] == item["description"]), None)
    entry = entry or next((e for e in same if not e["seen"]), None)
    if entry is None and same:
        entry = same[0]
    if entry is None:
        entry = _entry(item["type"], item["name"])
        entries.append(entry)
    if not entry["seen"]:
        entry.update(seen=True, description=item["description"])
    entry["description"] = entry["description"] or item["description"]
    entry["other"] = list(dict.fromkeys([*entry["other"], *item["other"]]))
    return entry
