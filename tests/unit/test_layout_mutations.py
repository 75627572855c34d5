"""Pages of real records (the registry samples rendered in both layouts), mutated as pages get
mangled: a section dropped, the page cut off, a line duplicated, the sites in another order.

Whatever the mutation, the parser returns a record or a ``ParseError`` (never fails inside
itself) and invents nothing: every value it returns is one the whole page gives at the same
place, or (free text) made of words the mutated page holds. A page cut off at a section keeps
everything before the cut and has nothing after it; sites in another order read back in that
order.
"""

from __future__ import annotations

import dataclasses
import random
import re
import string
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.records import ParseError, TrialRecord, to_dict
from domain.vocab import all_enums
from seed.parse import INTERNAL_ERROR, parse_document
from seed.text import unescape_markdown
from tools.synth.round_trip import RENDERERS, read_record, sample_files

# the line that starts each block of a page, as the renderers write them
CLASSIC_BLOCKS = re.compile(
    r"^(?:(?:Recruitment|Expanded Access) Status|Sponsor:$|Collaborators?:$|Information provided"
    r"|\|$|Brief Summary:|Detailed Description:|Condition or disease \||Study Type :"
    r"|(?:Arm|Group/Cohort) \||Intervention Details:|(?:Primary|Secondary|Other) Outcome Measures"
    r"|Choosing to participate|To learn more|Sponsor: \||Collaborators: \||Publications"
    r"|(?:Principal Investigator|Study Director|Study Chair): \||Responsible Party: \|"
    r"|ClinicalTrials\.gov Identifier: \||Other Study ID|Keywords provided|Additional relevant)"
)
MODERN_HEADINGS = {
    "Study Results", "Basic Information", "Brief Summary", "Detailed Description", "Conditions",
    "Keywords", "MeSH Terms", "Study Design", "Study Groups", "Interventions", "Primary Outcomes",
    "Secondary Outcomes", "Other Outcomes", "Outcome Measures", "Eligibility Criteria",
    "Sponsors", "Responsible Party", "Principal Investigators", "Locations", "Countries",
    "Central Contacts", "References", "Other Identifiers", "More Related Trials",
}  # fmt: skip


@cache
def samples() -> list[tuple[str, TrialRecord]]:
    return [(path.stem, read_record(path)) for path in sample_files()]


@cache
def page(index: int, layout: str) -> tuple[str, TrialRecord]:
    """The sample's page in ``layout`` and the record the whole page gives."""
    name, rec = samples()[index]
    text = RENDERERS[layout](rec)
    return text, parse_document(f"{name}.txt", text)


def block_starts(lines: list[str], layout: str) -> list[int]:
    if layout == "classic":
        return [i for i, line in enumerate(lines) if CLASSIC_BLOCKS.match(line)]
    return [i for i, line in enumerate(lines) if line in MODERN_HEADINGS]


# --------------------------------------------------------------------------- the checks


def leaves(value: object, path: str = "") -> Iterator[tuple[str, object]]:
    """``(path, value)`` of every plain value in a record (list positions left out)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    else:
        yield path, value


_CODES = {v for values in all_enums().values() for v in values}  # enum values
_CODES |= {"PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE", "NONE_RETAINED", "SAMPLES_WITH_DNA"}
_CODES |= {"SAMPLES_WITHOUT_DNA", "CONTACT", "BACKUP", "LEAD", "COLLABORATOR"}
_DATE = re.compile(r"^\d{4}(?:-\d{2}){0,2}$")


def words(text: str) -> set[str]:
    out = (w.strip(string.punctuation) for w in unescape_markdown(text).split())
    return {w.casefold() for w in out if w}


_GIVEN: dict[int, set] = {}


def given_by(whole: TrialRecord) -> set[tuple[str, object]]:
    """``(path, value)`` of every value ``whole`` gives (kept: whole records are few)."""
    if id(whole) not in _GIVEN:
        plain = {k: v for k, v in to_dict(whole).items() if k != "source"}
        _GIVEN[id(whole)] = {(path, v) for path, v in leaves(plain) if not isinstance(v, list)}
    return _GIVEN[id(whole)]


def invented(got: TrialRecord, whole: TrialRecord, text: str) -> list[tuple[str, object]]:
    """The values of ``got`` (read from the mangled page ``text``) that ``whole`` (read from
    the whole page) does not give at the same place, and, for free text, whose words are not
    on the mangled page either."""
    given = given_by(whole)
    on_page: set[str] | None = None
    out = []
    for path, value in leaves({k: v for k, v in to_dict(got).items() if k != "source"}):
        if value is None or path.endswith("ordinal") or (path, value) in given:
            continue
        code = value in _CODES or _DATE.match(value) if isinstance(value, str) else True
        if not code:
            on_page = words(text) if on_page is None else on_page
            if words(value) <= on_page:
                continue
        out.append((path, value))
    return out


def check(text: str, whole: TrialRecord, what: str = "") -> TrialRecord | None:
    try:
        got = parse_document("mangled.txt", text)
    except ParseError as exc:
        assert INTERNAL_ERROR not in exc.reason, (what, exc.__cause__)
        return None
    made_up = invented(got, whole, text)
    assert not made_up, (what, made_up)
    return got


# --------------------------------------------------------------------------- mutations


OPS = ("drop a section", "cut", "duplicate a line")


def mangle(text: str, layout: str, ops: list[tuple[str, float]]) -> str:
    """``text`` with each ``(operation, where)`` done in turn, ``where`` in [0, 1) a place."""
    lines = text.split("\n")
    for op, where in ops:
        starts = block_starts(lines, layout)
        if op == "drop a section" and len(starts) > 1:
            k = int(where * (len(starts) - 1))
            del lines[starts[k] : starts[k + 1]]
        elif op == "cut":
            lines = lines[: int(where * (len(lines) + 1))]
        elif op == "duplicate a line" and lines:
            i = int(where * len(lines))
            lines.insert(i, lines[i])
    return "\n".join(lines)


def reordered(rec: TrialRecord, layout: str, seed: int) -> TrialRecord:
    """``rec`` with its sites in another order: the classic page lists a country's (and a
    state's) sites together, so they move within their heading there."""
    rng = random.Random(seed)
    if layout == "modern":
        return dataclasses.replace(
            rec, locations=tuple(rng.sample(rec.locations, len(rec.locations)))
        )
    groups: dict[tuple, list] = {}
    for site in rec.locations:
        groups.setdefault((site.country, site.state), []).append(site)
    for sites in groups.values():
        rng.shuffle(sites)
    return dataclasses.replace(rec, locations=tuple(s for sites in groups.values() for s in sites))


recipes = st.tuples(
    st.integers(0, len(sample_files()) - 1),
    st.sampled_from(sorted(RENDERERS)),
    st.none() | st.integers(0, 2**16),  # the sites in another order (a page of its own)
    st.lists(st.tuples(st.sampled_from(OPS), st.floats(0, 1, exclude_max=True)), max_size=3),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recipes)
def test_a_mangled_page_gives_a_record_or_a_parse_error_and_invents_nothing(recipe):
    index, layout, order, ops = recipe
    text, whole = page(index, layout)
    if order is not None:  # the same record, its sites in another order: nothing else moves
        text = RENDERERS[layout](reordered(samples()[index][1], layout, order))
    got = check(mangle(text, layout, ops), whole, f"{samples()[index][0]} {layout} {recipe}")
    if got is not None and not ops:
        assert sorted(map(repr, got.locations)) == sorted(map(repr, whole.locations))


def consistent(part: object, whole: object) -> bool:
    """``part`` (read from a page cut off) says nothing ``whole`` does not: it is equal, not
    known (``None``, empty), or a part of it: the first part of a text, a record whose fields
    are parts, a list of items each part of another of the whole's (in the whole's order
    but for the interventions, whose order the Interventions section gives the modern page)."""
    if part == whole or part is None or part in ((), ""):
        return True
    if dataclasses.is_dataclass(part) and type(part) is type(whole):
        return all(
            consistent(getattr(part, f.name), getattr(whole, f.name))
            for f in dataclasses.fields(part)
        )
    if isinstance(part, tuple) and isinstance(whole, tuple) and len(part) <= len(whole):
        left = list(whole)
        for item in part:
            match = next((k for k, other in enumerate(left) if consistent(item, other)), None)
            if match is None:
                return False
            del left[match]
        return True
    return isinstance(part, str) and isinstance(whole, str) and whole.startswith(part)


def known(got: TrialRecord, whole: TrialRecord) -> set[str]:
    """The fields ``got`` has exactly as ``whole`` has them (and ``whole`` has at all)."""
    empty = TrialRecord("NCT00000000", whole.source)
    return {
        f.name
        for f in dataclasses.fields(TrialRecord)
        if f.name != "source"
        and getattr(got, f.name) == getattr(whole, f.name) != getattr(empty, f.name)
    }


# The responsible party is written twice on the classic page: in the header block as "name,
# affiliation", in "More Information" as "name, title, affiliation"; read from the first
# alone, a comma inside the name cannot be told from the one after it.
_SPLIT_ONCE = {"responsible_party"}


@pytest.mark.parametrize("layout", sorted(RENDERERS))
def test_a_page_cut_at_a_section_keeps_what_is_before_and_nothing_after(layout):
    """Cut at block starts spread over every sample's page: every field is as on the whole
    page, not known, or its first part; a field known whole before a cut stays known after."""
    for index in range(len(samples())):
        name = samples()[index][0]
        text, whole = page(index, layout)
        lines = text.split("\n")
        before: set[str] = set()
        starts = block_starts(lines, layout)
        cuts = 3 if len(lines) > 3000 else 9  # at most that many blocks, spread over the page
        for start in starts[:: len(starts) // cuts + 1]:
            got = check("\n".join(lines[:start]), whole, f"{name} cut at {lines[start]!r}")
            if got is None:
                continue
            wrong = [
                f.name
                for f in dataclasses.fields(TrialRecord)
                if f.name not in ("source", *_SPLIT_ONCE)
                and not consistent(getattr(got, f.name), getattr(whole, f.name))
            ]
            assert not wrong, (name, lines[start], wrong)
            now = known(got, whole)
            assert before <= now | _SPLIT_ONCE, (name, lines[start], before - now)
            before = now


@pytest.mark.parametrize("layout", sorted(RENDERERS))
def test_sites_in_another_order_read_back_in_that_order(layout):
    rng = random.Random(12)
    for name, rec in samples():
        if len(rec.locations) < 2:
            continue
        moved = reordered(rec, layout, rng.randrange(2**16))
        order = moved.locations
        text = RENDERERS[layout](moved)
        got = parse_document(f"{name}.txt", text)
        whole = parse_document(f"{name}.txt", RENDERERS[layout](rec))
        assert sorted(map(repr, got.locations)) == sorted(map(repr, whole.locations)), name
        assert [s.facility for s in got.locations] == [s.facility for s in order], name
