"""/fhir over HTTP on the five seeds: read, search (every parameter, paging, result
parameters), errors as OperationOutcomes; every resource validated as FHIR R5."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.capabilitystatement import CapabilityStatement
from fhir.resources.operationoutcome import OperationOutcome
from fhir.resources.researchstudy import ResearchStudy
from sqlalchemy import text

from domain.fhir.mapping import research_study
from domain.fhir.search_params import SEARCH_PARAMS
from tests.support.http import get_json

BY_UPDATE = ["NCT06224738", "NCT05745454", "NCT05681650", "NCT02713984", "NCT02632201"]
FHIR_JSON = "application/fhir+json"


@pytest.fixture(autouse=True)
def _seeded(seeded):
    return seeded


def fhir(client, url: str, status: int = 200, headers: dict | None = None) -> dict:
    response = client.get(url, headers=headers or {})
    assert response.status_code == status, (url, response.status_code, response.get_data(True))
    assert response.mimetype == FHIR_JSON
    return json.loads(response.get_data())


def search(client, query: str, headers: dict | None = None) -> list[str]:
    """The ids a search finds, after validating its Bundle."""
    bundle = fhir(client, f"/fhir/ResearchStudy?{query}", headers=headers)
    Bundle.model_validate(bundle)
    assert bundle["type"] == "searchset"
    return [e["resource"]["id"] for e in bundle.get("entry", [])]


def outcome(client, url: str, status: int, **kwargs) -> dict:
    body = fhir(client, url, status, **kwargs)
    OperationOutcome.model_validate(body)
    return body


def test_capability_statement(client):
    statement = fhir(client, "/fhir/metadata")
    CapabilityStatement.model_validate(statement)
    assert statement["fhirVersion"] == "5.0.0"
    (rest,) = statement["rest"]
    (resource,) = rest["resource"]
    assert resource["type"] == "ResearchStudy"
    assert [i["code"] for i in resource["interaction"]] == ["read", "search-type"]
    assert [p["name"] for p in resource["searchParam"]] == [p.name for p in SEARCH_PARAMS]
    assert statement["implementation"]["url"] == "http://localhost/fhir"


@pytest.mark.parametrize("nct_id", BY_UPDATE)
def test_read_is_the_mapping_of_the_served_trial(client, nct_id):
    study = fhir(client, f"/fhir/ResearchStudy/{nct_id.lower()}")
    ResearchStudy.model_validate(study)
    assert study == research_study(get_json(client, f"/v1/trials/{nct_id}"))


def test_read_summary_elements_and_format(client):
    summary = fhir(client, "/fhir/ResearchStudy/NCT02713984?_summary=true")
    ResearchStudy.model_validate(summary)
    assert "description" not in summary and "comparisonGroup" not in summary
    assert summary["meta"]["tag"][0]["code"] == "SUBSETTED"
    title = fhir(client, "/fhir/ResearchStudy/NCT02713984?_elements=title,phase&_format=json")
    assert set(title) == {"resourceType", "id", "meta", "title", "phase", "status"}
    response = client.get("/fhir/ResearchStudy/NCT02713984?_pretty=true")
    assert response.get_data(as_text=True).startswith('{\n  "resourceType": "ResearchStudy"')
    plain = client.get("/fhir/ResearchStudy/NCT02713984", headers={"Accept": "application/json"})
    assert plain.status_code == 200


def test_a_fhir_version_parameter_in_accept_is_served(client):
    """FHIR clients send ``Accept: application/fhir+json; fhirVersion=5.0``: a media-type
    parameter, not another media type."""
    headers = {"Accept": "application/fhir+json; fhirVersion=5.0"}
    study = fhir(client, "/fhir/ResearchStudy/NCT02713984", headers=headers)
    assert study["id"] == "NCT02713984"
    html = client.get("/v1/trials/NCT02713984", headers={"Accept": "text/html; level=1"})
    assert html.status_code == 406


def test_search_everything_newest_update_first(client):
    assert search(client, "") == BY_UPDATE
    bundle = fhir(client, "/fhir/ResearchStudy")
    assert bundle["link"] == [
        {"relation": "self", "url": "http://localhost/fhir/ResearchStudy?_count=20"}
    ]
    entry = bundle["entry"][0]
    assert entry["fullUrl"] == "http://localhost/fhir/ResearchStudy/NCT06224738"
    assert entry["search"] == {"mode": "match"}


def test_paging_follows_next_links_over_the_keyset(client):
    seen, pages, url = [], 0, "/fhir/ResearchStudy?status=not-yet-recruiting,withdrawn,foo&_count=2"
    while url:
        bundle = fhir(client, url)
        Bundle.model_validate(bundle)
        seen += [e["resource"]["id"] for e in bundle["entry"]]
        pages += 1
        links = {link["relation"]: link["url"] for link in bundle["link"]}
        url = links.get("next", "").removeprefix("http://localhost")
        if url:
            query = parse_qs(urlsplit(url).query)
            assert query["status"] == ["not-yet-recruiting,withdrawn,foo"]
            assert query["_count"] == ["2"]
    assert seen == BY_UPDATE[:4] and pages == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("_id=nct02713984,NCT02632201", ["NCT02713984", "NCT02632201"]),
        ("identifier=https://clinicaltrials.gov|NCT02713984", ["NCT02713984"]),
        ("identifier=TMMU-BTC-005", ["NCT02713984"]),
        ("identifier=|TMMU-BTC-005", ["NCT02713984"]),
        ("identifier=http://example.org|TMMU-BTC-005", []),
        ("status=withdrawn", ["NCT02713984"]),
        ("status=not-yet-recruiting", BY_UPDATE[:3]),
        ("status=recruiting", []),
        ("status=withdrawn&status=completed", []),  # repeated: both must hold
        ("status=http://hl7.org/fhir/publication-status|active", BY_UPDATE),
        ("phase=phase-1-phase-2", ["NCT05681650", "NCT02713984", "NCT02632201"]),
        ("phase=phase-1", []),  # a phase 1/2 trial is not a phase 1 trial
        ("phase=early-phase-1,n-a", ["NCT06224738", "NCT05745454"]),
        ("condition:text=gastric cancer", ["NCT06224738", "NCT02713984", "NCT02632201"]),
        ("condition=gastric cancer", ["NCT06224738", "NCT02713984", "NCT02632201"]),
        ("condition:text=glioma,solid tumor", ["NCT05745454", "NCT02713984"]),
        ("keyword=liver", ["NCT02632201"]),
        ("keyword:text=car-t safety", ["NCT02713984"]),
        ("title=immunotherapy", ["NCT02632201"]),
        ("title=phase i/ii", ["NCT05681650"]),  # the official title
        ("title:contains=macrophages", ["NCT06224738"]),
        ("title:exact=immunotherapy", []),
        ("date=ge2025", BY_UPDATE[:3]),
        ("date=lt2016", ["NCT02632201"]),
        ("date=sa2023-01", BY_UPDATE[:3]),
        ("date=eb2020", ["NCT02713984", "NCT02632201"]),
        ("date=ge2016&date=le2016-12-31", ["NCT02713984", "NCT02632201"]),
        ("date=eq2015-09-01", []),
        ("date=ne2015-09-01", BY_UPDATE),
        ("_lastUpdated=ge2023", BY_UPDATE[:3]),
        ("_lastUpdated=2020-03-19", ["NCT02713984"]),
        ("_lastUpdated=lt2020T10:00:00Z", ["NCT02632201"]),
        ("near=31.23|121.47|50|km", ["NCT02632201"]),
        ("near=29.56|106.55", ["NCT02713984"]),  # 50 km by default
        ("near=29.56|106.55|100|mi,31.23|121.47|20000|m", ["NCT02713984", "NCT02632201"]),
        ("_content=macrophages", ["NCT06224738"]),
        ("status=not-yet-recruiting&phase=phase-1-phase-2", ["NCT05681650"]),
        ("_sort=_id", sorted(BY_UPDATE)),
        ("_sort=date", ["NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738"]),
        ("status=&title=", BY_UPDATE),  # empty values are ignored
    ],
)
def test_search_parameters(client, query, expected):
    assert search(client, query) == expected


def test_condition_codes_match_the_descriptor_and_its_ancestors(client, connection):
    meshes = {
        "condition_meshes": [{"term": "Stomach Neoplasms", "id": "D013274"}],
        "condition_ancestors": [{"term": "Neoplasms", "id": "D009369"}],
    }
    connection.execute(
        text(
            "UPDATE trial_json SET body = (body::jsonb || CAST(:m AS jsonb))::text "
            "WHERE nct_id = 'NCT02632201'"
        ),
        {"m": json.dumps(meshes)},
    )
    assert search(client, "condition=D013274") == ["NCT02632201"]
    assert search(client, "condition=https://www.nlm.nih.gov/mesh|D009369") == ["NCT02632201"]
    assert search(client, "condition=D000001,gastric cancer") == [
        "NCT06224738",
        "NCT02713984",
        "NCT02632201",
    ]
    study = fhir(client, "/fhir/ResearchStudy/NCT02632201")
    (stomach,) = [c for c in study["condition"] if c.get("coding")]
    assert stomach["coding"][0]["code"] == "D013274"


def test_result_parameters(client):
    count = fhir(client, "/fhir/ResearchStudy?_summary=count&status=not-yet-recruiting")
    assert count["total"] == 3 and "entry" not in count
    Bundle.model_validate(count)
    assert fhir(client, "/fhir/ResearchStudy?_count=0")["total"] == 5
    page = fhir(client, "/fhir/ResearchStudy?_total=accurate&_count=1")
    assert page["total"] == 5 and len(page["entry"]) == 1
    assert "total" not in fhir(client, "/fhir/ResearchStudy?_count=1")
    assert len(fhir(client, "/fhir/ResearchStudy?_count=1000")["entry"]) == 5  # read as 100
    elements = fhir(client, "/fhir/ResearchStudy?_elements=site&_count=1")
    Bundle.model_validate(elements)
    study = elements["entry"][0]["resource"]
    assert [c["resourceType"] for c in study["contained"]] == ["Location"]
    summary = fhir(client, "/fhir/ResearchStudy?_summary=true&_id=NCT02713984")
    links = {link["relation"]: link["url"] for link in summary["link"]}
    assert links["self"].endswith("?_id=NCT02713984&_summary=true&_count=20")


def test_unknown_parameters_are_ignored_unless_strict(client):
    bundle = fhir(client, "/fhir/ResearchStudy?status=withdrawn&_include=ResearchStudy:site&x=1")
    assert [e["resource"]["id"] for e in bundle["entry"]] == ["NCT02713984"]
    assert bundle["link"][0]["url"] == (
        "http://localhost/fhir/ResearchStudy?status=withdrawn&_count=20"
    )
    strict = {"Prefer": "return=representation, handling=strict"}
    body = outcome(client, "/fhir/ResearchStudy?status=withdrawn&x=1", 400, headers=strict)
    assert body["issue"][0]["expression"] == ["x"]
    assert body["issue"][0]["code"] == "invalid"
    body = outcome(client, "/fhir/ResearchStudy/NCT02713984?_count=1", 400, headers=strict)
    assert body["issue"][0]["expression"] == ["_count"]
    assert fhir(client, "/fhir/ResearchStudy/NCT02713984?_count=1")["id"] == "NCT02713984"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("title:below=x", "title:below"),
        ("status:not=withdrawn", "status:not"),
        ("date=2020-13", "date"),
        ("date=ap2020", "date"),
        ("date=yesterday", "date"),
        ("_lastUpdated=ge2020-02-30", "_lastUpdated"),
        ("near=91|0|10|km", "near"),
        ("near=30|120|10|parsecs", "near"),
        ("near=30", "near"),
        ("_count=-1", "_count"),
        ("_summary=maybe", "_summary"),
        ("_sort=title", "_sort"),
        ("_sort=_score", "_sort"),  # needs _content
        ("_cursor=forged", "_cursor"),
        ("_total=always", "_total"),
    ],
)
def test_malformed_search_is_a_400_outcome_naming_the_parameter(client, query, parameter):
    body = outcome(client, f"/fhir/ResearchStudy?{query}", 400)
    assert [i["expression"] for i in body["issue"]] == [[parameter]]


def test_a_cursor_of_another_sort_is_refused(client):
    bundle = fhir(client, "/fhir/ResearchStudy?_count=1")
    cursor = parse_qs(urlsplit(bundle["link"][1]["url"]).query)["_cursor"][0]
    body = outcome(client, f"/fhir/ResearchStudy?_count=1&_sort=_id&_cursor={cursor}", 400)
    assert body["issue"][0]["expression"] == ["_cursor"]


def test_errors_are_operation_outcomes(client):
    for study_id in ("NCT00000000", "foo"):
        body = outcome(client, f"/fhir/ResearchStudy/{study_id}", 404)
        assert body["issue"][0]["code"] == "not-found"
    assert outcome(client, "/fhir/Patient/1", 404)["issue"][0]["code"] == "not-found"
    assert outcome(client, "/fhir/", 404)["issue"][0]["code"] == "not-found"
    assert outcome(client, "/fhir", 404)["issue"][0]["code"] == "not-found"
    assert outcome(client, "/fhir/metadata?_format=", 406)["issue"][0]["code"] == "not-supported"
    assert fhir(client, "/fhir/metadata?_format=application/fhir%2Bjson")["status"] == "active"
    xml = outcome(client, "/fhir/ResearchStudy?_format=xml", 406)
    assert xml["issue"][0]["code"] == "not-supported"
    outcome(client, "/fhir/metadata", 406, headers={"Accept": "application/fhir+xml"})
    response = client.post("/fhir/ResearchStudy", json={"resourceType": "ResearchStudy"})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.mimetype == FHIR_JSON
    OperationOutcome.model_validate(response.get_json(force=True))
    assert client.delete("/fhir/ResearchStudy/NCT02713984").status_code == 405
    nul = outcome(client, "/fhir/ResearchStudy?title=a%00b", 400)
    assert nul["issue"][0]["expression"] == ["title"]


INJECTIONS = ["' OR 1=1--", "%' AND pg_sleep(5)--", "(a+)+$", "%_%", "\\", "!(&|:*", "<->", "🧬"]
TEXT_PARAMETERS = [
    "title", "title:contains", "title:exact", "condition", "condition:text", "keyword",
    "identifier", "_id", "_content", "_elements",
]  # fmt: skip


@pytest.mark.parametrize("name", TEXT_PARAMETERS)
def test_hostile_text_is_only_searched_for(client, name):
    for payload in INJECTIONS:
        started = time.monotonic()
        found = search(client, urlencode({name: payload}))
        assert time.monotonic() - started < 2.0, payload
        assert found == ([] if name != "_elements" else BY_UPDATE), payload
    assert search(client, urlencode({name: "x" * 10_000})) == (
        [] if name != "_elements" else BY_UPDATE
    )
    body = outcome(client, f"/fhir/ResearchStudy?{urlencode({name: 'a'})}%00", 400)
    assert body["issue"][0]["expression"] == [name]
    assert search(client, "") == BY_UPDATE  # the tables are still there


def test_v1_errors_stay_problem_json(client):
    response = client.get("/v1/trials/NCT00000000")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
