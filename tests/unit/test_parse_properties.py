"""Whatever the input, the parser returns a record or raises ParseError, nothing else, and
never fails inside itself (its catch-all for bugs would say INTERNAL_ERROR)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.records import ParseError, TrialRecord
from seed.parse import INTERNAL_ERROR, parse_document
from tests.support.paths import DOCUMENTS

SEEDS = [p.read_text(encoding="utf-8") for p in sorted(DOCUMENTS.glob("*.txt"))]


def check(text: str | bytes) -> None:
    try:
        record = parse_document("fuzz.txt", text)
    except ParseError as exc:
        assert exc.document == "fuzz.txt"
        assert INTERNAL_ERROR not in exc.reason, exc.__cause__
        return
    assert isinstance(record, TrialRecord)
    assert record.nct_id.startswith("NCT") and len(record.nct_id) == 11


@st.composite
def mutated_seed(draw):
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "insert", "cut", "truncate_line"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.text(max_size=60)))
        elif op == "cut":
            lines = lines[:i]
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seeds_give_a_record_or_a_parse_error(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SEEDS), st.data())
def test_truncated_seeds_give_a_record_or_a_parse_error(text, data):
    check(text[: data.draw(st.integers(0, len(text)))])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=2000), st.binary(max_size=2000)))
def test_random_input_gives_a_parse_error(blob):
    with pytest.raises(ParseError):
        parse_document("fuzz.txt", blob)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["classic", "modern"]))
def test_random_text_after_a_valid_header(body, layout):
    header = (
        "Title\nClinicalTrials.gov Identifier: NCT01234567 |\n"
        if layout == "classic"
        else "Title\n\nNCT ID: NCT01234567\n\n"
    )
    check(header + body)


def test_cut_off_page_keeps_what_is_there():
    text = SEEDS[0][: SEEDS[0].index("Arm | Intervention/treatment")]
    record = parse_document("cut.txt", text)
    assert record.nct_id == "NCT02713984"
    assert len(record.conditions) == 7
    assert record.arms == ()
