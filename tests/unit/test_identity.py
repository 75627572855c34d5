"""Which trial a document is about: misleading documents are refused, naming what misleads."""

from __future__ import annotations

import pytest

from domain.records import ParseError
from seed.parse import parse_document
from tests.support.paths import DOCUMENTS

CLASSIC = (DOCUMENTS / "000_46e7e372a9101ccc.txt").read_text()  # NCT02713984
MODERN = (DOCUMENTS / "001_1b2b0a3fb6ca20b2.txt").read_text()  # NCT05745454


def reason_of(text: str) -> tuple[str, int | None]:
    with pytest.raises(ParseError) as caught:
        parse_document("doc.txt", text)
    return caught.value.reason, caught.value.line


def test_classic_with_two_ids_names_both():
    text = CLASSIC.replace(
        "ClinicalTrials.gov Identifier: | NCT02713984 |",
        "ClinicalTrials.gov Identifier: | NCT09999991 |",
    )
    assert reason_of(text) == (
        "two different NCT ids: NCT02713984 (line 4) and NCT09999991",
        83,
    )


def test_classic_refer_to_sentence_with_another_id_is_refused():
    text = CLASSIC.replace("(NCT number): NCT02713984", "(NCT number): NCT09999993")
    assert reason_of(text) == ("two different NCT ids: NCT02713984 (line 4) and NCT09999993", 77)


def test_classic_mentioning_another_trial_in_its_text_is_still_itself():
    text = CLASSIC.replace(
        "(Reform CAR structure due to safety consideration)",
        "(Reform CAR structure; see ClinicalTrials.gov Identifier: NCT09999994)",
    )
    assert parse_document("doc.txt", text).nct_id == "NCT02713984"


def test_modern_with_two_id_lines_names_both():
    text = MODERN.replace(
        "NCT ID: NCT05745454\n", "NCT ID: NCT05745454\n\nNCT ID: NCT09999992\n", 1
    )
    assert reason_of(text) == ("two different NCT ids: NCT05745454 (line 3) and NCT09999992", 5)


def test_modern_repeating_its_own_id_is_fine():
    text = MODERN.replace(
        "NCT ID: NCT05745454\n", "NCT ID: NCT05745454\n\nNCT ID: NCT05745454\n", 1
    )
    assert parse_document("doc.txt", text).nct_id == "NCT05745454"


@pytest.mark.parametrize(
    "related_line", ["NCT04691349 UNKNOWN EARLY_PHASE1", "NCT ID: NCT04691349"]
)
def test_an_id_only_under_more_related_trials_is_not_the_documents(related_line):
    text = MODERN.replace("NCT ID: NCT05745454\n", "").replace(
        "NCT04691349 UNKNOWN EARLY_PHASE1", related_line
    )
    assert reason_of(text) == (
        "no NCT id of its own: the only NCT ids are under 'More Related Trials'",
        None,
    )


def test_the_related_trials_do_not_change_a_documents_id():
    assert parse_document("doc.txt", MODERN).nct_id == "NCT05745454"
