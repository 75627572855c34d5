"""The Interventions section of the modern page, read together with Study Groups."""

from __future__ import annotations

from domain.records import ArmRecord, InterventionRecord
from domain.vocab import INTERVENTION_TYPE, enum_value
from seed.layouts.modern.groups import GROUP_KINDS, Intervention, parse_groups, tokens
from seed.layouts.modern.lines import Line, Para, label_like, norm, tagged, text_of
from seed.layouts.values import value

_OTHER_NAMES = ("other intervention names", "other names")
_INTERVENTION_KINDS = {
    "intervention": GROUP_KINDS["intervention"],
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


def _parse_groups_and_interventions(
    groups_body: list[Line] | None, section_body: list[Line] | None
) -> tuple[tuple[ArmRecord, ...], tuple[InterventionRecord, ...]]:
    """Study Groups and Interventions together: the groups name the interventions they use
    (``ArmRecord.interventions`` / ``InterventionRecord.arm_labels``), the Interventions section
    gives descriptions and other names::

        Study Groups:   <group label> [description] Group Type X, then its interventions:
                        <name> Intervention Type Y [description]      (see ``parse_groups``)
        Interventions:  <name> [description] Intervention Type Y
                        [Other Intervention Names <one a line>]  (see ``parse_interventions``)
    """
    groups_body, section_body = groups_body or [], section_body or []
    _, rough = parse_groups(groups_body)
    listed = parse_interventions(section_body, {norm(i.name) for i in rough})
    descriptions: dict[str, list[str | None]] = {}
    for item in listed:
        if item.complete:
            descriptions.setdefault(norm(item.name), []).append(text_of(item.description))
    arms, in_groups = parse_groups(groups_body, descriptions)
    entries = [_entry(item, listed=True) for item in listed]
    placed = {id(item): _place(entries, item) for item in in_groups}
    arm_records = []
    for arm in arms:
        if not arm.label:
            continue
        for item in arm.interventions:
            if arm.label not in placed[id(item)]["arms"]:
                placed[id(item)]["arms"].append(arm.label)
        names = tuple(dict.fromkeys(placed[id(i)]["name"] for i in arm.interventions))
        arm_records.append(ArmRecord(arm.label, arm.type, text_of(arm.description), names))
    return tuple(arm_records), tuple(
        InterventionRecord(
            name=e["name"],
            type=e["type"],
            description=e["description"],
            other_names=tuple(e["other_names"]),
            arm_labels=tuple(e["arms"]),
        )
        for e in entries
    )


def _entry(item: Intervention, listed: bool = False) -> dict:
    return {
        "listed": listed,  # by the Interventions section
        "name": item.name,
        "type": item.type,
        "description": text_of(item.description),
        "other_names": list(dict.fromkeys(item.other_names)),
        "arms": [],
    }


def _place(entries: list[dict], item: Intervention) -> dict:
    """The entry an intervention a group lists is: one of its name (and type) with the same
    description, else one with no description, else the first of its name the Interventions
    section lists; a new one if that section lists none of its name (a page cut off before
    it): interventions of one name that groups describe otherwise are not one. What the entry
    lacks, the group's listing gives."""
    description = text_of(item.description)
    same = [e for e in entries if norm(e["name"]) == norm(item.name)]
    same = [e for e in same if not item.type or e["type"] in (None, item.type)] or same
    entry = next((e for e in same if e["description"] == description), None)
    entry = entry or next((e for e in same if e["description"] is None), None)
    entry = entry or next((e for e in same if e["listed"]), None)
    if entry is None:
        entry = _entry(item)
        entries.append(entry)
    entry["type"] = entry["type"] or item.type
    entry["description"] = entry["description"] or description
    entry["other_names"] += [n for n in item.other_names if n not in entry["other_names"]]
    return entry
