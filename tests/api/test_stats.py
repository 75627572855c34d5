"""/v1/stats with filters: an answer kept until the facets are recounted is the answer the
trials give when counted again, and a recount (after a load or a sync) replaces it. The
answers the recount counts ahead are the ones a live count gives, found by the filters a
request's query string parses to."""

from __future__ import annotations

import urllib.parse

import pytest
from sqlalchemy import select, text

from schemas.trial_args import TrialFilterArgsSchema
from seed.load import facets, new_generation, refresh_facets
from service.queries import stats as stats_q
from store import models as m
from store.facet_answers import filtered_stats
from store.filters import filter_key
from tests.support.factories import make_trial
from tests.support.http import get_json

FILTERED = [
    "condition=cancer",
    "condition=breast%20cancer",
    "country=china",
    "country=US",
    "status=RECRUITING",
    "status=RECRUITING,COMPLETED",
    "phase=PHASE2",
    "intervention_type=DRUG",
    "study_type=INTERVENTIONAL",
    "q=car%20t",
    "age=60&sex=FEMALE",
    "near=30.27,120.15&distance_km=300",
    "status=RECRUITING&country=china&condition=cancer",
]


@pytest.fixture(autouse=True)
def _seeded(seeded):
    return seeded


@pytest.fixture(autouse=True)
def _nothing_kept():
    stats_q.ANSWERS.clear()
    yield
    stats_q.ANSWERS.clear()


def test_a_kept_answer_is_the_counted_one(client):
    counted = {}
    for query in FILTERED:
        counted[query] = get_json(client, f"/v1/stats?{query}")
    assert len(stats_q.ANSWERS) == len(FILTERED)  # each kept, by its filters
    assert sum(body["total"] for body in counted.values()) > 0
    assert counted["country=china"]["country"][0]["value"] == "China"
    for query in FILTERED:
        assert get_json(client, f"/v1/stats?{query}") == counted[query]
    stats_q.ANSWERS.clear()
    for query in FILTERED:  # counted again: the same
        assert get_json(client, f"/v1/stats?{query}") == counted[query]


def test_a_recount_replaces_the_kept_answers(client, connection):
    before = get_json(client, "/v1/stats?country=china")
    make_trial(connection, "NCT09999901", overall_status="RECRUITING", conditions=("Cancer",))
    assert get_json(client, "/v1/stats?country=china") == before  # kept: not recounted yet
    refresh_facets(connection)
    after = get_json(client, "/v1/stats?country=china")
    assert after == before  # that trial has no site in China: recounted, the same counts
    recruiting = get_json(client, "/v1/stats?status=RECRUITING")
    make_trial(connection, "NCT09999902", overall_status="RECRUITING", conditions=("Cancer",))
    refresh_facets(connection)
    again = get_json(client, "/v1/stats?status=RECRUITING")
    assert again["total"] == recruiting["total"] + 1

    def cancer(body):
        return next(c["count"] for c in body["condition"] if c["value"] == "Cancer")

    assert cancer(again) == cancer(recruiting) + 1


def test_a_new_generation_alone_replaces_the_kept_answers(client, connection):
    before = get_json(client, "/v1/stats?status=RECRUITING")
    make_trial(connection, "NCT09999903", overall_status="RECRUITING")
    new_generation(connection)  # what a writer that keeps the counts another way calls
    assert get_json(client, "/v1/stats?status=RECRUITING")["total"] == before["total"] + 1


@pytest.fixture
def counted_ahead(monkeypatch):
    """The recount counts ahead every filter it would for a large registry, however few
    trials it matches (the seeds are five)."""
    monkeypatch.setattr(facets, "COUNT_AHEAD_FROM", 1)
    monkeypatch.setattr(facets, "ENUM_AHEAD_FROM", 1)


def first_time_urls(client) -> list[str]:
    """The URLs ``bench/serving.first_time_stats`` asks, and the same filters spelled
    otherwise: by ISO code or lower case, in another order, a value twice."""
    facets_ = get_json(client, "/v1/stats")
    quote = urllib.parse.quote
    urls = [f"/v1/stats?country={quote(f['value'])}" for f in facets_["country"]]
    urls += [f"/v1/stats?condition={quote(f['value'])}" for f in facets_["condition"]]
    urls += [
        f"/v1/stats?status={s['value']}&phase={p['value']}"
        for s in facets_["overall_status"]
        for p in facets_["phase"]
    ]
    for facet, name in (("overall_status", "status"), ("phase", "phase")):
        urls += [f"/v1/stats?{name}={f['value']}" for f in facets_[facet]]
    urls += [f"/v1/stats?{name}={f['value']}" for name in ("study_type", "intervention_type")
             for f in facets_[name]]  # fmt: skip
    return urls + [
        "/v1/stats?country=CN",
        "/v1/stats?country=china",
        "/v1/stats?phase=PHASE2&status=COMPLETED",
        "/v1/stats?status=COMPLETED,COMPLETED",
    ]


def parsed(url: str) -> dict:
    """The filters the view gets for ``url``."""
    query = urllib.parse.urlsplit(url).query
    return TrialFilterArgsSchema().load(dict(urllib.parse.parse_qsl(query)))


def test_a_first_request_reads_the_answer_the_recount_counted(client, connection, counted_ahead):
    refresh_facets(connection)
    urls = first_time_urls(client)
    assert len(urls) > 30
    stored = dict(connection.execute(select(m.FacetAnswer.filters, m.FacetAnswer.answer)).all())
    live = {url: filtered_stats(connection, parsed(url)) for url in urls}
    for url in urls:
        stats_q.ANSWERS.clear()
        assert get_json(client, url) == live[url], url
        if live[url]["total"]:  # every filter that matches a trial was counted ahead
            assert stored[filter_key(parsed(url))] == live[url], url
    assert "country=CN" in urls[-4] and live[urls[-4]]["total"] > 0
    assert len(stored) < len(urls)  # the variants share their rows; empty pairs are not stored

    # Marked, the stored answers show that a request reads them: by its own filters' key.
    connection.execute(
        text("""UPDATE facet_answers SET answer = (answer::jsonb || '{"total": -1}')::json""")
    )
    for url in urls:
        stats_q.ANSWERS.clear()
        expected = -1 if live[url]["total"] else 0  # a pair with no trial is counted live
        assert get_json(client, url)["total"] == expected, url


def test_a_recount_replaces_the_answers_it_counted(client, connection, counted_ahead):
    refresh_facets(connection)
    url, key = "/v1/stats?status=RECRUITING", filter_key({"status": ["RECRUITING"]})
    before = get_json(client, url)
    make_trial(connection, "NCT09999904", overall_status="RECRUITING", phases=("PHASE2",))
    refresh_facets(connection)
    stats_q.ANSWERS.clear()
    after = get_json(client, url)
    assert after["total"] == before["total"] + 1
    assert after == filtered_stats(connection, {"status": ["RECRUITING"]})
    row = connection.execute(
        select(m.FacetAnswer.generation, m.FacetAnswer.answer).where(m.FacetAnswer.filters == key)
    ).one()
    assert row.answer == after
    generation = connection.scalar(
        select(m.FacetCount.count).where(m.FacetCount.value == m.GENERATION)
    )
    assert row.generation == generation
    new_generation(connection)  # the counted answers go with the generation they count
    assert connection.scalar(select(m.FacetAnswer.filters).limit(1)) is None
