"""Finding trials: every filter, sort and paging, on a small handcrafted catalog with exact
expected NCT id lists."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import datetime

import pytest
from sqlalchemy import text

from domain.records import (
    ArmRecord,
    DateRecord,
    DatesRecord,
    EligibilityRecord,
    EnrollmentRecord,
    InterventionRecord,
    LocationRecord,
    OutcomeRecord,
    SponsorRecord,
)
from schemas.trial_args import SORTS
from seed.load import refresh_facets
from tests.support.databases import alembic_heads
from tests.support.factories import make_trial
from tests.support.http import get_json

T1, T2, T3, T4, T5 = (f"NCT1000000{i}" for i in range(1, 6))


def _site(city: str, country: str, state: str | None = None) -> LocationRecord:
    return LocationRecord(facility=f"{city} Hospital", city=city, state=state, country=country)


def _drug(name: str, type_: str = "DRUG", *other: str, arm: str = "A") -> InterventionRecord:
    return InterventionRecord(name=name, type=type_, other_names=other, arm_labels=(arm,))


@pytest.fixture
def catalog(connection):
    # An empty registry inside this test's transaction (rolled back afterwards).
    connection.exec_driver_sql("DELETE FROM source_documents")
    connection.exec_driver_sql("DELETE FROM seed_runs")
    make_trial(
        connection,
        T1,
        brief_title="Paclitaxel for HER2-positive gastric cancer",
        overall_status="RECRUITING",
        phases=("PHASE2",),
        conditions=("Advanced Gastric Cancer",),
        brief_summary="Patients with cancers of the stomach receive weekly paclitaxel.",
        interventions=(_drug("Paclitaxel", "DRUG", "Taxol"),),
        arms=(ArmRecord("A", "EXPERIMENTAL", interventions=("Paclitaxel",)),),
        sponsors=(SponsorRecord("Zhejiang University", "LEAD", "OTHER"),),
        eligibility=EligibilityRecord("18 Years", "75 Years", 18.0, 75.0, "ALL", False),
        locations=(_site("Hangzhou", "China", "Zhejiang"),),
        dates=DatesRecord(start=DateRecord("2020-01"), last_update_posted="2024-01-10"),
        enrollment=EnrollmentRecord(100, "ESTIMATED"),
        outcomes=(OutcomeRecord("Overall survival", "PRIMARY", "2 years"),),
    )
    make_trial(
        connection,
        T2,
        brief_title="CAR-T cells after chemotherapy",
        overall_status="COMPLETED",
        phases=("PHASE1", "PHASE2"),
        conditions=("Gastric Cancer",),
        interventions=(_drug("CAR-T cells", "BIOLOGICAL"),),
        arms=(ArmRecord("A", "EXPERIMENTAL", interventions=("CAR-T cells",)),),
        sponsors=(SponsorRecord("Fudan University", "LEAD", "OTHER"),),
        eligibility=EligibilityRecord(sex="FEMALE", healthy_volunteers=True),
        locations=(_site("Shanghai", "China"),),
        dates=DatesRecord(
            start=DateRecord("2018-06-15", "ACTUAL"), last_update_posted="2022-05-01"
        ),
        enrollment=EnrollmentRecord(30, "ACTUAL"),
        outcomes=(OutcomeRecord("Adverse events", "PRIMARY", "28 days"),),
    )
    make_trial(
        connection,
        T3,
        brief_title="Trastuzumab versus placebo",
        overall_status="RECRUITING",
        phases=("PHASE3",),
        conditions=("Breast Cancer",),
        interventions=(_drug("Trastuzumab"), _drug("Placebo", "OTHER", arm="B")),
        arms=(
            ArmRecord("A", "EXPERIMENTAL", interventions=("Trastuzumab",)),
            ArmRecord("B", "PLACEBO_COMPARATOR", "Saline", interventions=("Placebo",)),
        ),
        sponsors=(SponsorRecord("Roche", "LEAD", "INDUSTRY"),),
        eligibility=EligibilityRecord("18 Years", None, 18.0, None, "FEMALE", False),
        locations=(_site("Boston", "United States", "Massachusetts"),),
        dates=DatesRecord(start=DateRecord("2021"), last_update_posted="2024-01-10"),
        enrollment=EnrollmentRecord(500, "ESTIMATED"),
        outcomes=(OutcomeRecord("Progression-free survival", "PRIMARY", "3 years"),),
    )
    make_trial(
        connection,
        T4,
        brief_title="Healthy ageing cohort",
        overall_status="NOT_YET_RECRUITING",
        study_type="OBSERVATIONAL",
        phases=(),
        conditions=("Healthy",),
        interventions=(),
        arms=(ArmRecord("Cohort 1"),),
        eligibility=EligibilityRecord("50 Years", None, 50.0, None, "MALE", True),
        locations=(_site("Hangzhou", "China"), _site("Berlin", "Germany")),
        outcomes=(OutcomeRecord("Survival without disability", "SECONDARY", "10 years"),),
    )
    make_trial(
        connection,
        T5,
        brief_title="A stent for children",
        overall_status="WITHDRAWN",
        phases=("EARLY_PHASE1",),
        conditions=("Gastric Ulcer", "Lung Cancer"),
        interventions=(_drug("Stent", "DEVICE"),),
        arms=(ArmRecord("A", "EXPERIMENTAL", interventions=("Stent",)),),
        eligibility=EligibilityRecord(None, "17 Years", None, 17.0, "ALL", False),
        locations=(_site("Paris", "France"),),
        dates=DatesRecord(start=DateRecord("2019-03"), last_update_posted="2020-01-01"),
        enrollment=EnrollmentRecord(0, "ACTUAL"),
    )
    refresh_facets(connection)


def ids(client, query: str, **kwargs) -> list[str]:
    body = get_json(client, f"/v1/trials?{query}", **kwargs)
    return [t["nct_id"] for t in body["data"]]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [T3, T1, T2, T5, T4]),  # newest update first; no date last; ties by NCT id
        ("condition=gastric cancer", [T1, T2]),  # all words within one condition
        ("condition=GASTRIC", [T1, T2, T5]),
        ("q=cancers&sort=-last_update_posted", [T3, T1, T2, T5]),  # stemming
        ('q="gastric cancer"&sort=nct_id', [T1, T2]),  # phrase
        ("q=cancer -breast&sort=nct_id", [T1, T2, T5]),  # exclusion
        ("q=paclitaxel OR trastuzumab&sort=nct_id", [T1, T3]),
        ("q=taxol", [T1]),  # other names are searched
        ("intervention=taxol", [T1]),
        ("intervention=car-t", [T2]),
        ("sponsor=fudan", [T2]),
        ("sponsor=UNIVERSITY", [T1, T2]),
        ("intervention_type=DRUG", [T3, T1]),
        ("intervention_type=DEVICE,BIOLOGICAL", [T2, T5]),
        ("status=RECRUITING&status=COMPLETED", [T3, T1, T2]),
        ("status=RECRUITING,COMPLETED", [T3, T1, T2]),
        ("phase=PHASE2", [T1, T2]),
        ("phase=EARLY_PHASE1,PHASE3", [T3, T5]),
        ("study_type=OBSERVATIONAL", [T4]),
        ("sex=FEMALE", [T3, T1, T2, T5]),
        ("sex=MALE", [T1, T5, T4]),
        ("age=72", [T3, T1, T2, T4]),  # T2 has no bounds: open to all ages
        ("age=10", [T2, T5]),
        ("age=17", [T2, T5]),  # a bound includes itself
        ("age=18", [T3, T1, T2]),
        ("healthy_volunteers=true", [T2, T4]),
        ("healthy_volunteers=false", [T3, T1, T5]),
        ("country=china", [T1, T2, T4]),
        ("country=United States", [T3]),
        # ISO 3166-1 codes, and the other names of a country
        ("country=CN", [T1, T2, T4]),
        ("country=chn", [T1, T2, T4]),
        ("country=US", [T3]),
        ("country=USA", [T3]),
        ("country=United States of America", [T3]),
        ("country=DE", [T4]),
        ("country=FR&sort=nct_id", [T5]),
        ("country=GB", []),
        ("city=HANGZHOU", [T1, T4]),
        ("near=30.27,120.15", [T1, T4]),  # Hangzhou, 50 km by default
        ("near=30.27,120.15&distance_km=200", [T1, T2, T4]),  # Shanghai is ~165 km away
        ("near=42.36,-71.06&distance_km=10", [T3]),
        ("start_from=2020", [T3, T1]),
        ("start_to=2019", [T2, T5]),
        ("start_from=2019-03&start_to=2019-03", [T5]),
        ("start_from=2018-06-15&start_to=2018-06-15", [T2]),
        ("updated_since=2023", [T3, T1]),
        ("updated_since=2022-05-01", [T3, T1, T2]),
        ("condition=gastric cancer&status=RECRUITING&age=72&sex=FEMALE&near=30.27,120.15", [T1]),
        ("sort=nct_id", [T1, T2, T3, T4, T5]),
        ("sort=start_date", [T2, T5, T1, T3, T4]),
        ("sort=-enrollment", [T3, T1, T2, T5, T4]),
        ("sort=-last_update_posted", [T3, T1, T2, T5, T4]),
        # every sort both ways; T4 lacks start date, enrollment and update date: last
        ("sort=-nct_id", [T5, T4, T3, T2, T1]),
        ("sort=-start_date", [T3, T1, T5, T2, T4]),
        ("sort=enrollment", [T5, T2, T1, T3, T4]),
        ("sort=last_update_posted", [T5, T2, T1, T3, T4]),
    ],
)
def test_filters_and_sorts(client, query, expected):
    assert ids(client, query) == expected


CONDITION_NAMES = {
    "NCT20000001": ("Gastric Cancer", "Asthma"),
    "NCT20000002": ("Gastric Ulcer", "Breast Cancer"),  # the words, but in two conditions
    "NCT20000003": ("Cancer of the Stomach",),
    "NCT20000004": ("COVID-19 Pneumonia", "Non-Small-Cell Lung Cancer"),
    "NCT20000005": ("Maladie de Crohn", "Syndrome de Sjögren", "Cancers"),
    "NCT20000006": ("\u200bHIV-1 Infection", "Type 2 Diabetes Mellitus"),
}


@pytest.mark.parametrize(
    "words",
    [
        "gastric cancer", "cancer stomach", "of the", "the", "cancer of", "covid-19", "COVID",
        "19", "non-small-cell", "non-small", "lung non", "cancer", "cancers", "sjögren", "SJOGREN",
        "de", "hiv-1", "hiv", "type 2", "2 diabetes", "diabetes mellitus type", "asthma ulcer",
        "---", "gastric asthma",
    ],
)  # fmt: skip
def test_condition_words_in_one_condition_whatever_their_kind(client, connection, words):
    """``condition=`` with a filter on the trial row is answered first on the words of all of
    a trial's conditions, then on each condition: the trials listed are those with one
    condition holding every word (as PostgreSQL's ``simple`` words of that condition alone
    say), stop words, hyphenated words, numbers and invisible characters included."""
    connection.exec_driver_sql("DELETE FROM source_documents")
    for nct_id, names in CONDITION_NAMES.items():
        make_trial(connection, nct_id, conditions=names)
    one_condition = connection.execute(
        text(
            "SELECT DISTINCT t.nct_id FROM trials t JOIN conditions c ON c.trial_id = t.id"
            " WHERE to_tsvector('simple', c.name) @@ plainto_tsquery('simple', :words)"
            " ORDER BY 1"
        ),
        {"words": words},
    ).scalars()
    expected = list(one_condition)
    for narrowed in ("", "&sex=FEMALE"):  # alone, and with a filter on the trial row (every
        # trial here enrols women): the conditions' words then tested on the trial row first
        assert ids(client, f"condition={words}{narrowed}&sort=nct_id&limit=100") == expected
        stats = get_json(client, f"/v1/stats?condition={words}{narrowed}")
        assert stats["total"] == len(expected)
    if words in ("gastric cancer", "the", "covid-19", "type 2"):
        assert expected  # the cases that must find something do


@pytest.mark.usefixtures("catalog")
def test_relevance_is_the_default_with_q(client):
    ranked = ids(client, "q=gastric")
    assert ranked[0] == T1  # in the title and a condition; the others in a condition only
    assert sorted(ranked) == [T1, T2, T5]
    assert ids(client, "q=gastric&sort=relevance") == ranked


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("query", "window"),
    [
        ("q=cancer -breast", [T1, T2]),  # T3, newer, is excluded: the next newest come in
        ("q=cancer -breast&status=RECRUITING", [T1]),
        ("q=cancer OR healthy -breast", [T1, T3]),  # cancer, or healthy without breast
        ("q=cancer -breast -paclitaxel", [T2, T5]),
        ("q=-breast", [T1, T2]),  # nothing the index can answer: walked
        ('q="gastric cancer" -breast', [T1, T2]),  # a phrase: walked
    ],
)
def test_the_window_of_a_query_with_exclusions_is_its_newest_matches(
    client, monkeypatch, query, window
):
    """The window ranked (two here) holds the newest trials matching the whole query, not the
    newest matching it without its exclusions, then filtered."""
    monkeypatch.setattr("service.queries.trials.RELEVANCE_WINDOW", 2)
    assert sorted(ids(client, query)) == window


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize("sort", SORTS)
def test_paging_visits_every_match_once_in_every_sort(client, sort):
    query = f"sort={sort}" + ("&q=cancer OR healthy OR stent" if sort == "relevance" else "")
    everything = ids(client, query)
    assert len(everything) == 5
    seen, cursor = [], None
    while True:
        url = f"/v1/trials?{query}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = get_json(client, url)
        assert body["data"], "a cursor led to an empty page"
        seen += [t["nct_id"] for t in body["data"]]
        cursor = body["page"]["next_cursor"]
        if cursor is None:
            break
    assert seen == everything


def pages(client, query: str, limit: int) -> list[str]:
    seen, cursor = [], None
    while True:
        url = f"/v1/trials?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = get_json(client, url)
        assert body["data"], "a cursor led to an empty page"
        seen += [t["nct_id"] for t in body["data"]]
        if (cursor := body["page"]["next_cursor"]) is None:
            return seen


LACKING = ["NCT20000001", "NCT20000002", "NCT20000003"]  # no dates, no enrollment


@pytest.mark.parametrize("name", ["last_update_posted", "start_date", "enrollment"])
def test_every_sort_pages_both_ways_with_the_trials_lacking_the_value_last(
    client, connection, catalog, name
):
    for nct_id in LACKING:
        make_trial(connection, nct_id)
    ascending, descending = ids(client, f"sort={name}&limit=100"), ids(client, f"sort=-{name}")
    lacking = [T4, *LACKING]
    assert ascending[-4:] == lacking and descending[-4:] == lacking[::-1]
    assert descending[:4] == ascending[:4][::-1]  # ties broken by NCT id, reversed too
    for limit in (1, 2, 3):  # page boundaries inside both parts and across them
        assert pages(client, f"sort={name}", limit) == ascending
        assert pages(client, f"sort=-{name}", limit) == descending
    _, *rows = csv.reader(io.StringIO(client.get(f"/v1/trials.csv?sort=-{name}").text))
    assert [row[0] for row in rows] == descending


def test_paging_while_trials_are_added(client, connection, catalog):
    first = get_json(client, "/v1/trials?sort=nct_id&limit=2")
    assert [t["nct_id"] for t in first["data"]] == [T1, T2]
    make_trial(connection, "NCT10000000")  # before the cursor: not seen, nothing repeated
    make_trial(connection, "NCT10000009")  # after it: seen once
    seen = [t["nct_id"] for t in first["data"]]
    cursor = first["page"]["next_cursor"]
    while cursor:
        body = get_json(client, f"/v1/trials?sort=nct_id&limit=2&cursor={cursor}")
        seen += [t["nct_id"] for t in body["data"]]
        cursor = body["page"]["next_cursor"]
    assert seen == [T1, T2, T3, T4, T5, "NCT10000009"]


@pytest.mark.parametrize("value", ["XX", "zzz", "Qq"])
def test_a_country_code_that_is_none_is_a_400_that_says_what_to_give(client, value):
    r = client.get(f"/v1/trials?country={value}")
    assert r.status_code == 400
    assert r.json["invalid_params"] == [
        {
            "name": "country",
            "reason": f"Not an ISO 3166 country code: {value!r}. Give a code such as CN or "
            "CHN, or a name such as China.",
        }
    ]


def test_a_country_name_nobody_knows_finds_nothing(client, catalog):
    assert ids(client, "country=Atlantis") == []


@pytest.mark.usefixtures("catalog")
def test_count_total(client):
    body = get_json(client, "/v1/trials?status=RECRUITING&limit=1&count_total=true")
    assert body["page"]["total"] == 2
    assert len(body["data"]) == 1
    assert "total" not in get_json(client, "/v1/trials")["page"]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("q=cancers", 4),  # the window from the bitmap: counted by its scan
        ("q=cancer -breast", 3),
        ("q=paclitaxel OR trastuzumab", 2),
        ("q=cancer&status=RECRUITING", 2),
        ('q="gastric cancer"', 2),  # a phrase: the window walks the recency index, counted apart
        ("q=cancer&sort=nct_id", 4),  # not by relevance: counted apart
        ("q=nothingatall", 0),
    ],
)
def test_count_total_with_q_counts_every_match_on_every_page(client, monkeypatch, query, total):
    """Counted over every match, not the window ranked (two here) nor the page (one)."""
    monkeypatch.setattr("service.queries.trials.RELEVANCE_WINDOW", 2)
    seen, cursor = 0, None
    while True:
        url = f"/v1/trials?{query}&limit=1&count_total=true" + (f"&cursor={cursor}" * bool(cursor))
        body = get_json(client, url)
        assert body["page"]["total"] == total
        seen += 1
        if (cursor := body["page"]["next_cursor"]) is None:
            break
    assert seen == max(1, min(total, 2) if "sort=" not in query else total)


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    "query",
    [
        "near=30.27,120.15",
        "near=30.27,120.15&distance_km=200",
        "near=42.36,-71.06&distance_km=10",
        "near=30.27,120.15&distance_km=200&status=COMPLETED",
        "near=0,0&distance_km=20000",  # too large for a cell list
    ],
)
def test_count_total_near_counts_the_trials_listed(client, query):
    """A count reads the sites in the box once and joins them to their trials; a page checks
    its trials one by one: the same trials either way."""
    body = get_json(client, f"/v1/trials?{query}&count_total=true&limit=100")
    assert body["page"]["total"] == len(body["data"])
    assert body["page"]["total"] == get_json(client, f"/v1/stats?{query}")["total"]


@pytest.mark.usefixtures("catalog")
def test_count_total_near_counts_a_trial_with_many_sites_near_once(client, connection):
    """A count over the sites (``near`` alone) counts trials, not sites: T6 has three sites
    within the circle and is one of the total."""
    sites = (_site("Hangzhou", "China"), _site("Hangzhou", "China"), _site("Shanghai", "China"))
    make_trial(connection, "NCT10000006", locations=sites)
    body = get_json(client, "/v1/trials?near=30.27,120.15&distance_km=200&count_total=true")
    assert sorted(t["nct_id"] for t in body["data"]) == [T1, T2, T4, "NCT10000006"]
    assert body["page"]["total"] == 4
    alone = get_json(client, "/v1/trials?near=30.27,120.15&count_total=true")  # 50 km
    assert sorted(t["nct_id"] for t in alone["data"]) == [T1, T4, "NCT10000006"]
    assert alone["page"]["total"] == 3


@pytest.mark.usefixtures("catalog")
def test_sparse_fields(client):
    body = get_json(client, "/v1/trials?fields=brief_title,phases&sort=nct_id&limit=1")
    assert body["data"] == [
        {
            "nct_id": T1,
            "brief_title": "Paclitaxel for HER2-positive gastric cancer",
            "phases": ["PHASE2"],
        }
    ]
    detail = get_json(client, f"/v1/trials/{T3}?fields=arms,sponsors")
    assert set(detail) == {"nct_id", "arms", "sponsors"}
    assert [a["type"] for a in detail["arms"]] == ["EXPERIMENTAL", "PLACEBO_COMPARATOR"]


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("query", "parameter", "reason"),
    [
        ("phase=PHASE9", "phase", "Unknown value 'PHASE9'. Valid values: EARLY_PHASE1, PHASE1, "
         "PHASE2, PHASE3, PHASE4, NA."),
        ("status=recruiting", "status", None),
        ("sort=newest", "sort", None),
        ("sort=relevance", "sort", "sort=relevance needs q."),
        ("age=-1", "age", None),
        ("age=old", "age", None),
        ("near=91,0", "near", "Latitude or longitude out of range."),
        ("near=here", "near", None),
        ("distance_km=5", "distance_km", "distance_km needs near."),
        ("start_from=2020-13", "start_from", None),
        ("updated_since=yesterday", "updated_since", None),
        ("fields=colour", "fields", None),
        ("healthy_volunteers=maybe", "healthy_volunteers", None),
        ("q=" + "x" * 501, "q", None),
        ("sex=OTHER", "sex", None),
    ],
)  # fmt: skip
def test_bad_parameters_are_400s_naming_them(client, query, parameter, reason):
    r = client.get(f"/v1/trials?{query}")
    assert r.status_code == 400, r.json
    assert r.content_type == "application/problem+json"
    assert [p["name"] for p in r.json["invalid_params"]] == [parameter]
    if reason:
        assert r.json["invalid_params"][0]["reason"] == reason


@pytest.mark.usefixtures("catalog")
def test_a_cursor_from_another_sort_is_a_400(client):
    cursor = get_json(client, "/v1/trials?sort=nct_id&limit=1")["page"]["next_cursor"]
    r = client.get(f"/v1/trials?sort=start_date&cursor={cursor}")
    assert r.status_code == 400
    assert r.json["invalid_params"][0] == {
        "name": "cursor",
        "reason": "This cursor belongs to sort=nct_id, not sort=start_date.",
    }


@pytest.mark.usefixtures("catalog")
def test_csv_export_streams_every_match(client):
    for url, headers in (
        ("/v1/trials.csv?status=RECRUITING", {}),
        ("/v1/trials?format=csv&status=RECRUITING&limit=1", {}),  # redirected to .csv
        ("/v1/trials?status=RECRUITING", {"Accept": "text/csv"}),
    ):
        r = client.get(url, headers=headers, follow_redirects=True)
        assert r.status_code == 200
        assert r.mimetype == "text/csv"
        lines = r.get_data(as_text=True).splitlines()
        assert lines[0].startswith("nct_id,brief_title,overall_status,phases,study_type,conditions")
        assert "enrollment.count" in lines[0] and "dates.start.date" in lines[0]
        assert [line.split(",")[0] for line in lines[1:]] == [T3, T1]
    row = client.get("/v1/trials.csv?sort=nct_id&phase=PHASE1").get_data(as_text=True)
    assert "PHASE1; PHASE2" in row and ",30,ACTUAL,2018-06-15,ACTUAL," in row


@pytest.mark.usefixtures("catalog")
def test_etag_304_cache_control_last_modified_gzip_and_head(client, connection):
    connection.exec_driver_sql(
        "INSERT INTO seed_runs (seed_dir, finished_at, loaded, unchanged, failed, removed) "
        "VALUES ('t', '2026-01-02T03:04:05Z', 0, 0, 0, 0)"
    )
    r = client.get(f"/v1/trials/{T1}")
    assert r.status_code == 200
    etag = r.headers["ETag"]
    assert r.headers["Cache-Control"] == "public, max-age=60"
    assert r.headers["Last-Modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"
    again = client.get(f"/v1/trials/{T1}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(f"/v1/trials/{T2}", headers={"If-None-Match": etag}).status_code == 200
    since = {"If-Modified-Since": "Fri, 02 Jan 2026 03:04:05 GMT"}
    assert client.get(f"/v1/trials/{T1}", headers=since).status_code == 304
    before = {"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"}
    assert client.get(f"/v1/trials/{T1}", headers=before).status_code == 200
    zipped = client.get("/v1/trials", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(zipped.data))["data"]) == 5
    head = client.head(f"/v1/trials/{T1}")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == etag
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    assert client.get("/v1/trials/NCT99999999").headers["Cache-Control"] == "no-store"


@pytest.mark.usefixtures("catalog")
def test_stats_are_facets_over_the_same_filters(client):
    everything = get_json(client, "/v1/stats")
    assert everything["total"] == 5
    assert everything["overall_status"] == [
        {"value": "RECRUITING", "count": 2},
        {"value": "COMPLETED", "count": 1},
        {"value": "NOT_YET_RECRUITING", "count": 1},
        {"value": "WITHDRAWN", "count": 1},
    ]
    assert {"value": "PHASE2", "count": 2} in everything["phase"]
    assert everything["country"][0] == {"value": "China", "count": 3}
    gastric = get_json(client, "/v1/stats?condition=gastric cancer")
    assert gastric["total"] == 2
    assert gastric["overall_status"] == [
        {"value": "COMPLETED", "count": 1},
        {"value": "RECRUITING", "count": 1},
    ]
    assert gastric["phase"] == [{"value": "PHASE2", "count": 2}, {"value": "PHASE1", "count": 1}]
    assert gastric["intervention_type"] == [
        {"value": "BIOLOGICAL", "count": 1},
        {"value": "DRUG", "count": 1},
    ]
    assert gastric["condition"] == [
        {"value": "Advanced Gastric Cancer", "count": 1},
        {"value": "Gastric Cancer", "count": 1},
    ]
    assert gastric["country"] == [{"value": "China", "count": 2}]
    assert client.get("/v1/stats?sort=nct_id").status_code == 400  # not a filter


@pytest.mark.usefixtures("catalog")
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/v1/interventions?type=DRUG&q=paclitaxel", [(T1, "Paclitaxel")]),
        ("/v1/interventions?type=DRUG", [(T1, "Paclitaxel"), (T3, "Trastuzumab")]),
        ("/v1/interventions?q=placebo", [(T3, "Placebo")]),
        ("/v1/outcomes?type=PRIMARY&q=survival", [(T1, "Overall survival"),
                                                  (T3, "Progression-free survival")]),
        ("/v1/outcomes?q=survival", [(T1, "Overall survival"), (T3, "Progression-free survival"),
                                     (T4, "Survival without disability")]),
        ("/v1/arms?type=PLACEBO_COMPARATOR", [(T3, "B")]),
        ("/v1/arms?q=saline", [(T3, "B")]),
    ],
)  # fmt: skip
def test_cross_trial_collections(client, url, expected):
    body = get_json(client, url)
    key = {"interventions": "name", "outcomes": "measure", "arms": "label"}[
        url.split("/")[2].split("?")[0]
    ]
    assert [(item["nct_id"], item[key]) for item in body["data"]] == expected


@pytest.mark.usefixtures("catalog")
def test_collection_paging(client):
    seen, cursor = [], None
    while True:
        body = get_json(client, "/v1/arms?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [(a["nct_id"], a["label"]) for a in body["data"]]
        cursor = body["page"]["next_cursor"]
        if not cursor:
            break
    assert seen == [(T1, "A"), (T2, "A"), (T3, "A"), (T3, "B"), (T4, "Cohort 1"), (T5, "A")]
    assert client.get("/v1/interventions?type=PILL").status_code == 400


def test_enums_and_version(client, seeded, connection):
    enums = get_json(client, "/v1/enums")
    assert enums["phase"] == ["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"]
    assert "NOT_YET_RECRUITING" in enums["overall_status"]
    assert enums["arm_type"][:2] == ["EXPERIMENTAL", "ACTIVE_COMPARATOR"]
    version = get_json(client, "/v1/version")
    assert version["api_version"] == "1.0.0"
    assert version["counts"] == {"trials": 5, "documents_loaded": 5, "documents_failed": 0}
    assert version["schema_revision"] == alembic_heads()[0]
    finished = connection.scalar(text("SELECT max(finished_at) FROM seed_runs"))
    assert datetime.fromisoformat(version["data_loaded_at"]) == finished  # the last seed run
    assert version["last_sync"] is None  # no sync with the registry (tests/integration/test_sync)
