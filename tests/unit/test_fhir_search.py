"""FHIR search syntax (domain/fhir/search_syntax.py): parameters in, criteria out; no database."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.fhir.search_syntax import (
    Criterion,
    DateRange,
    Near,
    SearchError,
    parse_search,
    read_params,
)


def criteria(**params: str) -> list[Criterion]:
    return list(parse_search({k.replace("__", ":"): [v] for k, v in params.items()}).criteria)


def test_tokens_map_to_our_values():
    assert criteria(status="recruiting,active-but-not-recruiting,nonsense") == [
        Criterion("status", ("RECRUITING", "ACTIVE_NOT_RECRUITING"))
    ]
    assert criteria(status="temporarily-closed-to-accrual") == [
        Criterion("status", ("SUSPENDED", "TEMPORARILY_NOT_AVAILABLE"))
    ]
    assert criteria(status="http://hl7.org/fhir/publication-status|active") == [
        Criterion("all", ())
    ]
    assert criteria(phase="phase-1-phase-2") == [
        Criterion("phase", (frozenset({"PHASE1", "PHASE2"}),))
    ]
    assert criteria(identifier="https://clinicaltrials.gov|nct01234567,ABC,|XYZ,urn:x|1") == [
        Criterion("identifier", (("nct", "NCT01234567"), ("any", "ABC"), ("sponsor", "XYZ")))
    ]
    assert criteria(_id="nct1") == [Criterion("id", ("NCT1",))]


def test_conditions_by_code_or_words():
    assert criteria(condition="D013274") == [Criterion("condition-code", ("D013274",))]
    assert criteria(condition="https://www.nlm.nih.gov/mesh|D009369") == [
        Criterion("condition-code", ("D009369",))
    ]
    assert criteria(condition="gastric cancer") == [
        Criterion("condition-text", ("gastric cancer",))
    ]
    assert criteria(condition__text="D013274") == [Criterion("condition-text", ("D013274",))]
    assert criteria(condition="D013274,glioma") == [
        Criterion("condition-any", (("D013274",), ("glioma",)))
    ]
    assert criteria(condition="http://snomed.info/sct|1234") == [Criterion("condition-code", ())]
    assert criteria(title="a\\,b") == [Criterion("title-start", ("a,b",))]  # escaped comma


def test_dates_span_their_precision():
    (c,) = criteria(date="ge2020-02")
    assert c == Criterion("date", (DateRange("ge", dt.date(2020, 2, 1), dt.date(2020, 2, 29)),))
    (c,) = criteria(_lastUpdated="2021-05-06T10:00:00+02:00")
    assert c.values == (DateRange("eq", dt.date(2021, 5, 6), dt.date(2021, 5, 6)),)
    for bad in ("ap2020", "2020-02-30", "20", "ge", "2020-1"):
        with pytest.raises(SearchError) as raised:
            criteria(date=bad)
        assert raised.value.parameter == "date"


def test_near_in_fhir_syntax():
    assert criteria(near="30.27|120.15|10|mi") == [
        Criterion("near", (Near(30.27, 120.15, pytest.approx(16.09344)),))
    ]
    assert criteria(near="30.27|120.15") == [Criterion("near", (Near(30.27, 120.15, 50.0),))]
    assert criteria(near="30.27|120.15|500|m") == [Criterion("near", (Near(30.27, 120.15, 0.5),))]
    for bad in ("30.27", "x|y", "91|0", "0|0|1|furlong", "0|0|0|km", "0|0|30000|km"):
        with pytest.raises(SearchError):
            criteria(near=bad)


def test_result_parameters_and_links():
    search = parse_search(
        {
            "status": ["recruiting"],
            "title:contains": ["her2"],
            "x": ["ignored"],
            "_count": ["500"],
            "_sort": ["date"],
            "_summary": ["true"],
        }
    )
    assert (search.count, search.sort, search.summary, search.ignored) == (
        100,
        "start_date",
        "true",
        ("x",),
    )
    assert search.url("http://h/fhir", "CUR") == (
        "http://h/fhir/ResearchStudy?status=recruiting&title%3Acontains=her2&_sort=date"
        "&_summary=true&_count=100&_cursor=CUR"
    )
    assert parse_search({"_count": ["0"]}).total
    assert parse_search({"_content": ["her2"], "_sort": ["_score"]}).sort == "relevance"


def test_strict_handling_and_unsupported_modifiers():
    assert parse_search({"colour": ["1"]}).ignored == ("colour",)
    with pytest.raises(SearchError) as raised:
        parse_search({"colour": ["1"]}, strict=True)
    assert raised.value.parameter == "colour"
    with pytest.raises(SearchError) as raised:
        parse_search({"status:not": ["completed"]})
    assert raised.value.parameter == "status:not"
    with pytest.raises(SearchError):
        parse_search({"_count": ["1", "2"]})
    assert read_params({"_summary": ["true"], "_elements": ["title, phase"]}) == (
        "true",
        ("title", "phase"),
    )
    with pytest.raises(SearchError):
        read_params({"_summary": ["count"]})
    with pytest.raises(SearchError):
        read_params({"status": ["x"]}, strict=True)
