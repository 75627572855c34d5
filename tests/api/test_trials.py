"""/v1/trials over HTTP, on the five seed documents loaded into PostgreSQL."""

from __future__ import annotations

import pytest

from tests.support.factories import make_trial
from tests.support.http import get_json

SEED_IDS = ["NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738"]
# the default order: last update posted, newest first
BY_UPDATE = ["NCT06224738", "NCT05745454", "NCT05681650", "NCT02713984", "NCT02632201"]


@pytest.fixture(autouse=True)
def _seeded(seeded):
    return seeded


def test_list_returns_summaries_newest_update_first(client):
    body = get_json(client, "/v1/trials")
    assert [t["nct_id"] for t in body["data"]] == BY_UPDATE
    assert body["page"] == {"limit": 20, "next_cursor": None}
    first = body["data"][3]
    assert first == {
        "nct_id": "NCT02713984",
        "brief_title": "A Clinical Research of CAR T Cells Targeting HER2 Positive Cancer",
        "overall_status": "WITHDRAWN",
        "phases": ["PHASE1", "PHASE2"],
        "study_type": "INTERVENTIONAL",
        "conditions": [
            "Breast Cancer",
            "Ovarian Cancer",
            "Lung Cancer",
            "Gastric Cancer",
            "Colorectal Cancer",
            "Glioma",
            "Pancreatic Cancer",
        ],
        "enrollment": {"count": 0, "type": "ACTUAL"},
        "dates": {
            "start": {"date": "2016-03", "type": None},
            "primary_completion": {"date": "2019-07", "type": "ACTUAL"},
            "completion": {"date": "2019-07", "type": "ACTUAL"},
            "first_posted": "2016-03-21",
            "last_update_posted": "2020-03-19",
            "last_verified": "2020-03",
        },
        "minimum_age_years": 18.0,
        "maximum_age_years": 80.0,
        "sex": "ALL",
    }


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5])
def test_paging_visits_every_trial_once_and_never_hands_out_an_empty_page(client, limit):
    seen, url, pages = [], f"/v1/trials?limit={limit}", 0
    while url:
        body = get_json(client, url)
        pages += 1
        assert 0 < len(body["data"]) <= limit
        assert body["page"]["limit"] == limit
        seen += [t["nct_id"] for t in body["data"]]
        cursor = body["page"]["next_cursor"]
        url = f"/v1/trials?limit={limit}&cursor={cursor}" if cursor else None
    assert seen == BY_UPDATE
    assert pages == -(-len(SEED_IDS) // limit)


def test_detail_is_the_full_record(client):
    t = get_json(client, "/v1/trials/NCT02713984")
    assert t["org_study_id"] == "TMMU-BTC-005"
    assert t["overall_status"] == "WITHDRAWN"
    assert t["why_stopped"] == "Reform CAR structure due to safety consideration"
    assert t["design"] == {
        "allocation": "NA",
        "intervention_model": "SINGLE_GROUP",
        "masking": "NONE",
        "who_masked": [],
        "primary_purpose": "TREATMENT",
        "observational_model": None,
        "time_perspective": None,
        "bio_spec_retention": None,
        "bio_spec_description": None,
        "target_duration": None,
    }
    assert t["arms"] == [
        {
            "label": "HER2 positive cancers",
            "type": "EXPERIMENTAL",
            "description": "Patients with relapsed and refractory cancer of HER2 expression "
            "will be treated with anti-HER2 CAR-T cells",
            "interventions": ["Anti-HER2 CAR-T"],
        }
    ]
    assert t["interventions"][0]["name"] == "Anti-HER2 CAR-T"
    assert t["interventions"][0]["type"] == "BIOLOGICAL"
    assert t["interventions"][0]["arm_labels"] == ["HER2 positive cancers"]
    assert [o["time_frame"] for o in t["outcomes"]] == ["3 years", "1 year", "12 weeks", "4 weeks"]
    assert t["officials"] == [
        {
            "name": "Cheng Qian",
            "degrees": "MD,PhD",
            "role": "PRINCIPAL_INVESTIGATOR",
            "affiliation": "Southwest Hospital, China",
        }
    ]
    loc = t["locations"][0]
    assert (loc["facility"], loc["city"], loc["state"], loc["country"], loc["zip"]) == (
        "Southwest Hospital of Third Millitary Medical University",
        "Chongqing",
        "Chongqing",
        "China",
        "400000",
    )
    e = t["eligibility"]
    assert (e["minimum_age"], e["maximum_age"], e["sex"], e["healthy_volunteers"]) == (
        "18 Years",
        "80 Years",
        "ALL",
        False,
    )
    assert e["std_ages"] == ["ADULT", "OLDER_ADULT"]
    assert e["inclusion"][0] == {
        "ordinal": 1,
        "text": "Relapsed or refractory HER2 positive cancer.",
        "section": None,
        "understood": True,
    }
    assert e["exclusion"][-1]["text"] == "Other situations improper for the research."
    assert len(e["exclusion"]) == 7
    assert {c["section"] for c in e["inclusion"]} >= {"Hematology", "Chemistry"}
    assert t["source"]["document"] == "000_46e7e372a9101ccc.txt"
    assert t["source"]["layout"] == "classic"
    assert len(t["source"]["sha256"]) == 64


def test_detail_of_a_modern_layout_trial(client):
    t = get_json(client, "/v1/trials/NCT06224738")
    assert t["source"]["layout"] == "modern"
    assert t["phases"] == ["EARLY_PHASE1"]
    assert [(s["name"], s["role"], s["class"]) for s in t["sponsors"]] == [
        ("Macera therapeutics", "COLLABORATOR", "UNKNOWN"),
        ("First People's Hospital of Hangzhou", "LEAD", "OTHER"),
    ]
    assert [r["pmid"] for r in t["references"]] == ["31570753", "37386139"]
    assert t["interventions"][0]["other_names"] == ["anti-HER2 CAR-M cells"]


def test_detail_is_the_stored_utf8_document_byte_for_byte(client, connection):
    title = "Étude — 東京 \U0001f9ea"  # two-, three- and four-byte UTF-8
    make_trial(connection, "NCT09999991", brief_title=title)
    stored, etag = connection.exec_driver_sql(
        "SELECT body, etag FROM trial_json WHERE nct_id = 'NCT09999991'"
    ).one()
    r = client.get("/v1/trials/NCT09999991")
    assert r.status_code == 200 and r.content_type == "application/json"
    assert r.data == stored.encode() and r.content_length == len(stored.encode())
    assert r.headers["ETag"] == f'W/"{etag}"'
    assert r.get_json()["brief_title"] == title
    trimmed = client.get("/v1/trials/NCT09999991?fields=brief_title")
    assert trimmed.get_json() == {"nct_id": "NCT09999991", "brief_title": title}


def test_nct_id_is_case_insensitive(client):
    assert get_json(client, "/v1/trials/nct05681650")["nct_id"] == "NCT05681650"


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("arms", ["PIK-HER2 cells", "DC-PMAT"]),
        ("interventions", ["PIK-HER2", "DC-PMAT"]),
        ("outcomes", ["Overall survival", "Progress-free survival", "Quality of life"]),
    ],
)
def test_trial_parts(client, part, expected):
    body = get_json(client, f"/v1/trials/NCT02632201/{part}")
    key = "label" if part == "arms" else ("name" if part == "interventions" else "measure")
    assert [item[key] for item in body["data"]] == expected


def test_arm_intervention_links(client):
    arms = get_json(client, "/v1/trials/NCT02632201/arms")["data"]
    assert [(a["label"], a["type"], a["interventions"]) for a in arms] == [
        ("PIK-HER2 cells", "EXPERIMENTAL", ["PIK-HER2"]),
        ("DC-PMAT", "ACTIVE_COMPARATOR", ["DC-PMAT"]),
    ]


def test_eligibility_endpoint(client):
    e = get_json(client, "/v1/trials/NCT02632201/eligibility")
    assert (e["minimum_age_years"], e["maximum_age_years"]) == (18.0, 65.0)
    assert e["inclusion"][0]["text"] == "Age 18~65 years old, male or female"
    assert len(e["inclusion"]) == 10
    assert len(e["exclusion"]) == 4
    # the typed facts read from the criteria, each pointing back at its criterion
    age, sex = e["facts"][:2]
    assert (age["kind"], age["operator"], age["value"], age["value_max"], age["unit"]) == (
        "AGE",
        "RANGE",
        18.0,
        65.0,
        "year",
    )
    assert (age["list"], age["ordinal"], age["span"]) == ("inclusion", 1, "Age 18~65 years old")
    assert (sex["kind"], sex["values"], sex["span"]) == (
        "SEX",
        ["MALE", "FEMALE"],
        "male or female",
    )
    bilirubin = next(f for f in e["facts"] if f["list"] == "exclusion" and f["name"] == "bilirubin")
    assert (bilirubin["operator"], bilirubin["unit"], bilirubin["as_written"]) == (
        "GT",
        "mg/dL",
        "100μmol/L",
    )
    assert round(bilirubin["value"], 2) == 5.85  # 100 µmol/L at 584.66 g/mol
    assert [c["understood"] for c in e["inclusion"]] == [
        True, True, True, True, False, True, True, False, True, True
    ]  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "/v1/trials/NCT99999999",
        "/v1/trials/NCT99999999/arms",
        "/v1/trials/NCT99999999/interventions",
        "/v1/trials/NCT99999999/outcomes",
        "/v1/trials/NCT99999999/eligibility",
    ],
)
def test_unknown_trial_is_a_404_problem(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert r.content_type == "application/problem+json"
    assert r.json == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No trial with id NCT99999999.",
        "instance": url,
    }


@pytest.mark.parametrize("bad", ["NCT1", "12345678", "NCT123456789", "NCT0271398X"])
def test_malformed_nct_id_is_a_400_naming_it(client, bad):
    r = client.get(f"/v1/trials/{bad}")
    assert r.status_code == 400
    assert r.content_type == "application/problem+json"
    assert [p["name"] for p in r.json["invalid_params"]] == ["nct_id"]


def test_unknown_query_parameter_is_a_400_naming_it_and_the_valid_ones(client):
    r = client.get("/v1/trials?colour=red")
    assert r.status_code == 400
    assert r.json["invalid_params"] == [
        {
            "name": "colour",
            "reason": "Unknown parameter. Valid parameters: age, city, condition, "
            "condition_concept, count_total, "
            "country, cursor, distance_km, fields, healthy_volunteers, intervention, "
            "intervention_type, limit, near, phase, q, sex, sort, sponsor, start_from, start_to, "
            "status, study_type, updated_since.",
        }
    ]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("age=72%20years", "'72 years' is a number with a unit: give the number alone. "
         "age is a number of years, e.g. age=72."),
        ("age=72y", "'72y' is a number with a unit: give the number alone. "
         "age is a number of years, e.g. age=72."),
        ("age=seventy", "Not a number: 'seventy'. age is a number of years, e.g. age=72."),
        ("age=1e400", "'1e400' is past the largest number this API takes (about 1.8e308). "
         "age is a number of years, e.g. age=72."),
        ("near=30,120&distance_km=25km", "'25km' is a number with a unit: give the number "
         "alone. distance_km is a number of kilometres, e.g. distance_km=25."),
    ],
)  # fmt: skip
def test_a_number_error_names_the_unit_and_shows_an_example(client, query, reason):
    r = client.get(f"/v1/trials?{query}")
    assert r.status_code == 400
    (param,) = r.json["invalid_params"]
    assert param["reason"] == reason


@pytest.mark.parametrize("limit", ["0", "101", "-5", "ten"])
def test_bad_limit_is_a_400(client, limit):
    r = client.get(f"/v1/trials?limit={limit}")
    assert r.status_code == 400
    assert r.json["invalid_params"][0]["name"] == "limit"


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4IjoxfQ", "A" * 40])
def test_tampered_cursor_is_a_400(client, cursor):
    r = client.get(f"/v1/trials?cursor={cursor}")
    assert r.status_code == 400
    assert r.json["invalid_params"][0]["name"] == "cursor"


def test_wrong_method_is_a_405_with_allow(client):
    r = client.delete("/v1/trials/NCT02713984")
    assert r.status_code == 405
    assert r.content_type == "application/problem+json"
    assert "GET" in r.headers["Allow"]


def test_unknown_path_is_a_404_problem(client):
    r = client.get("/v2/nothing")
    assert r.status_code == 404
    assert r.content_type == "application/problem+json"
