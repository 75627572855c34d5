"""API v2 CommonMark fields: escapes, and criteria lists read as the text layouts read theirs."""

from __future__ import annotations

import pytest

from domain.records import CriterionRecord
from seed.criteria_list import parse_criteria
from seed.formats.markdown import parse_criteria_markdown, to_text, unescape


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Platelets \\> 100,000/mm\\^3", "Platelets > 100,000/mm^3"),
        ("\\[sic\\] \\(a\\) \\*not emphasis\\*", "[sic] (a) *not emphasis*"),
        ("AT\\&T \\& co\\.", "AT&T & co."),
        ('100\\% \\"quoted\\" it\\\'s \\$5 a\\/b', '100% "quoted" it\'s $5 a/b'),
        ("C:\\\\path", "C:\\path"),
        ("a\\b stays", "a\\b stays"),  # a backslash before a letter is no escape
        ("&lt;5 &amp; &#62;3 &#x3E;2 &copy; &bogus;", "<5 & >3 >2 © &bogus;"),
        ("\\&amp; stays an entity's text", "&amp; stays an entity's text"),
        ("line one\\\nline two", "line one\nline two"),  # a hard line break
    ],
)
def test_unescape(written: str, meant: str) -> None:
    assert unescape(written) == meant


def test_to_text_keeps_lines_and_drops_blank_ones():
    assert to_text("First \\> paragraph.  \n\n\nSecond\r\nline") == (
        "First > paragraph.\nSecond\nline"
    )
    assert to_text("  \n\n ") is None
    assert to_text(None) is None


def criteria(markdown: str) -> tuple[list[tuple], list[tuple]]:
    lists = parse_criteria_markdown(markdown)
    return (
        [(c.text, c.section) if c.section else c.text for c in lists.inclusion],
        [(c.text, c.section) if c.section else c.text for c in lists.exclusion],
    )


def test_bullets_numbers_and_headings():
    markdown = (
        "Key Inclusion Criteria:\n\n* Age \\>= 18\n- ECOG 0-1\n+ Signed consent\n\n"
        "Key Exclusion Criteria:\n\n1. Pregnancy\n2. Active infection\n10. HIV\n\n1) Allergy"
    )
    assert criteria(markdown) == (
        ["Age >= 18", "ECOG 0-1", "Signed consent"],
        ["Pregnancy", "Active infection", "HIV", "Allergy"],
    )


def test_an_item_of_another_kind_numbered_past_1_continues_the_line_as_commonmark_says():
    """The registry's pages render this markdown with a CommonMark renderer, so they show it
    as one item, and the text layouts read one: so does this reader."""
    assert criteria("Exclusion Criteria:\n\n1. Pregnancy\n2) Active infection") == (
        [],
        ["Pregnancy 2) Active infection"],
    )


def test_heading_spellings():
    for inclusion, exclusion in [
        ("INCLUSION CRITERIA:", "EXCLUSION CRITERIA:"),
        ("**Inclusion Criteria:**", "**Exclusion Criteria:**"),
        ("## Inclusion Criteria", "## Exclusion Criteria"),
        ("Main inclusion criteria for Part A:", "Main exclusion criteria for Part A:"),
    ]:
        assert criteria(f"{inclusion}\n\n* a\n\n{exclusion}\n\n* b") == (["a"], ["b"])
    assert criteria("Inclusion Criteria: age over 18\n\nExclusion Criteria:\n\n* b") == (
        ["age over 18"],
        ["b"],
    )


def test_a_heading_can_be_an_item_with_its_list_nested_in_it():
    markdown = "* Inclusion Criteria:\n\n  * a\n  * b\n* Exclusion Criteria:\n  * c"
    assert criteria(markdown) == (["a", "b"], ["c"])


def test_an_item_that_starts_with_the_words_inclusion_criteria_is_an_item():
    markdown = "Inclusion Criteria:\n\n* Inclusion criteria of the parent study met\n* b"
    assert criteria(markdown) == (["Inclusion criteria of the parent study met", "b"], [])


def test_nested_items_are_folded_into_their_parent():
    markdown = (
        "Inclusion Criteria:\n\n"
        "* Active disease at Screening as defined by\n\n"
        "  * BASDAI score \\>= 4\n"
        "  * Spinal pain \\>= 4 on a 0 to 10 NRS\n"
        "* Adequate organ function:\n"
        "  - ANC \\>= 1.5 x 10^9/L\n"
        "  - Platelets \\>= 100,000/mm^3\n\n"
        "7. Women of childbearing potential unless one of the following:\n\n"
        "   1. Postmenopausal for at least 12 months;\n"
        "   2. Without a uterus; or\n"
        "   3. Tubal ligation.\n"
        "8. Next item"
    )
    assert criteria(markdown)[0] == [
        "Active disease at Screening as defined by: BASDAI score >= 4; "
        "Spinal pain >= 4 on a 0 to 10 NRS",
        "Adequate organ function: ANC >= 1.5 x 10^9/L; Platelets >= 100,000/mm^3",
        "Women of childbearing potential unless one of the following: "
        "Postmenopausal for at least 12 months; Without a uterus; or Tubal ligation.",
        "Next item",
    ]


def test_sub_headings_become_sections_and_lines_continue_items():
    markdown = (
        "Exclusion criteria:\n\nFor adolescent participants:\n\n* Not providing assent\n"
        "* Requiring urgent\nmedical attention\n\nFor parent participants:\n\n"
        "* Intoxicated at the point\n  of consent"
    )
    assert criteria(markdown) == (
        [],
        [
            ("Not providing assent", "For adolescent participants"),
            ("Requiring urgent medical attention", "For adolescent participants"),
            ("Intoxicated at the point of consent", "For parent participants"),
        ],
    )


def test_lines_before_any_list_heading_belong_to_no_list():
    assert criteria("Eligibility criteria:\n\n* a\n\nExclusion criteria:\n\n* b") == ([], ["b"])


def test_a_numbered_line_inside_a_paragraph_does_not_start_a_list():
    markdown = "Inclusion Criteria:\n\n* Diagnosed in\n2015. Or later"
    assert criteria(markdown) == (["Diagnosed in 2015. Or later"], [])


def test_criteria_text_is_the_markdown_without_escapes_or_blank_lines():
    lists = parse_criteria_markdown("Inclusion Criteria:\n\n* Age \\> 18\n  * nested\n")
    assert lists.text == "Inclusion Criteria:\n* Age > 18\n  * nested"
    assert parse_criteria_markdown("").text is None


def test_the_same_list_as_the_text_layouts_write_it_gives_the_same_criteria():
    """A classic page writes ``- 1. text`` lines; the text layouts hand them to parse_criteria."""
    page = ["- 1. Age from 18 to 75 years.", "Hematology:", "- 2. Platelets > 50,000/mm^3."]
    markdown = (
        "Inclusion Criteria:\n\n1. Age from 18 to 75 years.\n\nHematology:\n\n"
        "2. Platelets \\> 50,000/mm^3."
    )
    assert parse_criteria_markdown(markdown).inclusion == parse_criteria(page)
    assert parse_criteria(page)[1] == CriterionRecord(2, "Platelets > 50,000/mm^3.", "Hematology")


def test_a_literal_backslash_survives_parse_criteria():
    assert criteria("Inclusion Criteria:\n\n* Path C:\\\\data \\\\> here")[0] == [
        "Path C:\\data \\> here"
    ]


def test_a_line_reads_by_the_lines_around_it_in_every_study_it_is_in():
    # lines are remembered across studies (criteria repeat): what a line is next to is not
    line = "2. Consent given"
    alone = parse_criteria_markdown(f"Inclusion Criteria:\n\n{line}")
    within = parse_criteria_markdown(f"Inclusion Criteria:\n\n* Age 18\nsee below\n{line}")
    again = parse_criteria_markdown(f"Inclusion Criteria:\n\n{line}")
    assert [c.text for c in alone.inclusion] == ["Consent given"]
    assert [c.text for c in within.inclusion] == ["Age 18 see below 2. Consent given"]
    assert again == alone
