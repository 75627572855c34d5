"""/v1/stats with filters: an answer kept until the facets are recounted is the answer the
trials give when counted again, and a recount (after a load or a sync) replaces it."""

from __future__ import annotations

import pytest

from seed.load import new_generation, refresh_facets
from service.queries import stats as stats_q
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
