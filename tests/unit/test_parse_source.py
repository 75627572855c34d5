"""Format detection and dispatch: the content tells the format, never the file's name; pages
and JSON Lines give one result per study, each positioned; what is not a study is refused with
a reason that says what it is."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records import ParseError, TrialRecord
from seed.parse import FORMATS, INTERNAL_ERROR, detect_format, parse_document, parse_source

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"
SEEDS = Path(__file__).resolve().parents[2] / "seed" / "documents" / "pages"
STUDIES = {p.stem: json.loads(p.read_bytes()) for p in sorted((DATA / "json").glob("*.json"))}


def outcome(result: TrialRecord | ParseError) -> str:
    if isinstance(result, ParseError):
        return f"{result.document}: {result.reason}"
    return f"{result.source.document}: {result.nct_id}"


def results(name: str, data: bytes) -> list[str]:
    return [outcome(r) for r in parse_source(name, data)]


def test_every_format_is_told_by_its_content():
    study = (DATA / "json" / "NCT03418623.json").read_bytes()
    page = json.dumps({"studies": [STUDIES["NCT03418623"]]}).encode()
    lines = b"\n".join(json.dumps(s).encode() for s in STUDIES.values())
    assert detect_format("x.txt", study) == "ctgov-json"  # the name does not matter
    assert detect_format("x", page) == "ctgov-json"
    assert detect_format("x", lines) == "ctgov-json"
    assert detect_format("x", b"\xef\xbb\xbf  [\n {") == "ctgov-json"
    assert detect_format("x.json", (SEEDS / "000_46e7e372a9101ccc.txt").read_bytes()) == "text"
    xml = b'<?xml version="1.0"?>\n<!-- c -->\n<clinical_study rank="1"><id_info/></clinical_study>'
    assert detect_format("x.json", xml) == "ctgov-xml"
    assert set(FORMATS) == {"text", "ctgov-json", "ctgov-xml"}


def test_a_single_study_is_one_record_named_by_the_document():
    data = (DATA / "json" / "NCT03418623.json").read_bytes()
    (record,) = parse_source("a.json", data)
    assert record.nct_id == "NCT03418623"
    assert record.source.document == "a.json"
    assert record.source.layout == "ctgov-json"
    assert record.source.sha256 == hashlib.sha256(data).hexdigest()
    assert parse_document("a.json", data) == record


def test_an_api_page_gives_one_result_per_study_each_positioned():
    studies = [STUDIES["NCT03418623"], {"hasResults": False}, STUDIES["NCT00763412"], "x"]
    page = json.dumps({"studies": studies, "nextPageToken": "NF0g5JGBlPMuwQY"}).encode()
    assert results("page.json", page) == [
        "page.json[0]: NCT03418623",
        "page.json[1]: a study without protocolSection",
        "page.json[2]: NCT00763412",
        "page.json[3]: not a study object: a string ('x')",
    ]
    record = next(parse_source("page.json", page))
    canonical = json.dumps(studies[0], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert record.source.sha256 == hashlib.sha256(canonical.encode()).hexdigest()


def test_an_empty_last_page_gives_nothing():
    assert results("last.json", b'{"studies": [], "totalCount": 0}') == []
    with pytest.raises(ParseError, match="holds no study"):
        parse_document("last.json", b'{"studies": []}')


def test_a_page_is_not_one_document():
    page = json.dumps({"studies": list(STUDIES.values())[:2]}).encode()
    with pytest.raises(ParseError, match="holds several studies"):
        parse_document("page.json", page)


def test_a_json_array_of_studies_reads_like_a_page():
    data = json.dumps([STUDIES["NCT03453554"], STUDIES["NCT00465816"]]).encode()
    assert results("all.json", data) == ["all.json[0]: NCT03453554", "all.json[1]: NCT00465816"]


def test_json_lines_give_one_result_per_line_each_with_its_line_number():
    good = [json.dumps(STUDIES[n]).encode() for n in ("NCT03418623", "NCT00763412")]
    wrong = json.dumps({"protocolSection": {"identificationModule": {"nctId": 5}}}).encode()
    data = b"\r\n".join([good[0], b"", b"{not json", good[1], wrong, b'{"a": 1}']) + b"\n"
    assert results("studies.jsonl", data) == [
        "studies.jsonl:1: NCT03418623",
        "studies.jsonl:3: not valid JSON: Expecting property name enclosed in double quotes",
        "studies.jsonl:4: NCT00763412",
        "studies.jsonl:5: protocolSection.identificationModule.nctId: expected a string, "
        "got a number (5)",
        "studies.jsonl:6: a study without protocolSection",
    ]
    (first, *_) = parse_source("studies.jsonl", data)
    assert first.source.sha256 == hashlib.sha256(good[0]).hexdigest()


def test_text_layouts_read_as_before():
    path = SEEDS / "000_46e7e372a9101ccc.txt"
    (record,) = parse_source(path.name, path.read_bytes())
    assert record == parse_document(path.name, path.read_bytes())
    assert record.source.layout == "classic"


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "Invalid-nct-id.html",
            "an HTML page ('Invalid URL Path - ClinicalTrials.gov'), not a study record",
        ),
        ("covid_search.xml", "an RSS feed (a list of search results), not a study record"),
        (
            "NCT02028676-api-v1-full-studies.json",
            "the retired API v1 format (FullStudiesResponse): read the study from API v2 instead",
        ),
    ],
)
def test_hostile_samples_are_refused_with_their_name_and_what_they_are(name, reason):
    data = (DATA / "hostile" / name).read_bytes()
    assert results(name, data) == [f"{name}: {reason}"]
    with pytest.raises(ParseError) as info:
        parse_document(name, data)
    assert (info.value.document, info.value.reason) == (name, reason)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"error": "Not found", "status": 404}', "JSON that is not a ClinicalTrials.gov study "),
        (b"[1, 2]", "not a study object: a number (1)"),
        (b'"NCT01234567"', "JSON that is not a study: a string"),
        (b'{"resultsSection": {}, "hasResults": true}', "a study without protocolSection"),
        (b'{"studies": {"NCT01234567": {}}}', "studies: expected an array, got an object"),
        (b'{"protocolSection": {"identificationModule": {"nctId": "NCT0', "not valid JSON"),
        (
            b'{"protocolSection": {"identificationModule": {"nctId": "NCT01234567", '
            b'"briefTitle": ["A", "B"]}}}',
            "protocolSection.identificationModule.briefTitle: expected a string, got an array",
        ),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "an Atom feed"),
        (b"<?xml version='1.0'?><ClinicalStudies/>", "XML whose root is <ClinicalStudies>"),
        (b"<clinical_study></clinical_study>", "no valid <id_info><nct_id>: not a study record"),
        (b'{"a": "\xff"}', "JSON that is not UTF-8"),
        (b"\xff\xfe{\x00}\x00", "JSON that is not a ClinicalTrials.gov study (its keys: none)"),
        (b"  \n ", "the document is empty"),
    ],
)
def test_what_is_not_a_study_is_refused_by_name(data: bytes, reason: str):
    result = next(parse_source("doc", data))
    assert isinstance(result, ParseError)
    assert result.document.startswith("doc")
    assert result.reason.startswith(reason)


def test_a_page_with_a_study_of_the_wrong_type_refuses_only_that_study():
    broken = json.loads(json.dumps(STUDIES["NCT03475563"]))
    broken["protocolSection"]["contactsLocationsModule"]["locations"][2]["geoPoint"]["lon"] = "W"
    page = json.dumps({"studies": [STUDIES["NCT03418623"], broken]}).encode()
    assert results("p.json", page) == [
        "p.json[0]: NCT03418623",
        "p.json[1]: protocolSection.contactsLocationsModule.locations[2].geoPoint.lon: "
        "expected a number, got a string ('W')",
    ]


# --------------------------------------------------------------------------- any JSON at all

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: Python's json reads them
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from paths(value, (*path, key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from paths(value, (*path, i))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(STUDIES)), st.data())
def test_a_study_with_any_value_anywhere_gives_a_record_or_a_parse_error(name, data):
    study = json.loads(json.dumps(STUDIES[name]))
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.sampled_from(list(paths(study))[1:]))
        parent = study
        for step in where[:-1]:
            parent = parent[step]
        parent[where[-1]] = data.draw(JSON_VALUES)
    for result in parse_source("fuzz.json", json.dumps(study).encode()):
        if isinstance(result, ParseError):
            assert INTERNAL_ERROR not in result.reason, result.__cause__
        else:
            assert result.nct_id.startswith("NCT")


@pytest.mark.parametrize(
    "raw",
    [
        b'{"n": 123456789012345678901234567890}',  # past 2**64: orjson would give a float
        b'{"n": NaN, "m": 1e400}',
        b'\xef\xbb\xbf{"a": "\\ud800"}',
        '{"a": "é"}'.encode("utf-16"),
        b'{"a": 1, "a": 2, "b": [0.1, -0.0, 1E2]}',
    ],
)
def test_json_values_read_as_the_standard_library_reads_them(raw: bytes) -> None:
    from seed.parse import _loads

    got, want = _loads(raw), json.loads(raw)
    assert repr(got) == repr(want)
    assert [type(v) for v in got.values()] == [type(v) for v in want.values()]
