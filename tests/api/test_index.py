"""Where a new user starts: ``/`` and ``/v1`` index the API, a trailing slash redirects to the
canonical URL, and a URL that is no route is a problem+json pointing to ``/docs``."""

from __future__ import annotations

import pytest

from service import API_VERSION
from service.api.index import LINKS
from tests.support.http import assert_problem, get_json


@pytest.mark.parametrize("url", ["/", "/v1"])
def test_the_index_names_the_api_and_links_its_parts(client, url):
    body = get_json(client, url)
    assert body["name"] == "Trials API"
    assert body["version"] == API_VERSION
    assert body["links"]["docs"] == "/docs"
    assert body["links"]["openapi"] == "/v1/openapi.json"
    assert body["links"] == LINKS
    assert get_json(client, "/") == get_json(client, "/v1")


@pytest.mark.parametrize(("name", "path"), sorted(LINKS.items()))
def test_every_link_of_the_index_answers(client, seeded, name, path):
    response = client.post(path, json={}) if name == "match" else client.get(path)
    body = response.get_data(as_text=True)  # read whole: the CSV export streams
    assert response.status_code == 200, (path, body[:300])


@pytest.mark.parametrize(
    ("method", "url", "location"),
    [
        ("get", "/v1/trials/", "/v1/trials"),
        ("get", "/v1/trials/?status=RECRUITING&limit=2", "/v1/trials?status=RECRUITING&limit=2"),
        ("get", "/v1/trials/NCT02713984//", "/v1/trials/NCT02713984"),
        ("get", "/v1/", "/v1"),
        ("get", "/docs/", "/docs"),
        ("post", "/v1/match/", "/v1/match"),
    ],
)
def test_a_trailing_slash_redirects_to_the_canonical_url(client, method, url, location):
    response = getattr(client, method)(url, json={} if method == "post" else None)
    assert response.status_code == 308  # the method and body are kept
    assert response.headers["Location"] == location
    assert response.get_json() == {"location": location}


def test_the_redirect_is_followed_to_data(client, seeded):
    response = client.get("/v1/trials/?sort=nct_id&limit=1", follow_redirects=True)
    assert response.status_code == 200
    assert [t["nct_id"] for t in response.get_json()["data"]] == ["NCT02632201"]


@pytest.mark.parametrize(
    "url", ["/v1/nothing/", "/v1/trials/NCT02713984/sites/", "/v1/trials/NCT1/arms/x/"]
)
def test_a_trailing_slash_on_no_route_stays_a_404(client, url):
    assert_problem(client.get(url), 404)


@pytest.mark.parametrize("url", ["/v1/trial", "/v2/trials", "/api", "/v1/trials/NCT02713984/sites"])
def test_an_unknown_url_is_a_problem_pointing_to_the_docs(client, url):
    body = assert_problem(client.get(url), 404)
    assert body["detail"] == (
        f"No such URL: {url}. The API's operations are at /docs (and /v1/openapi.json); "
        "its index is at /v1."
    )
    assert body["instance"] == url


def test_a_routes_own_404_keeps_its_detail(client, seeded):
    body = assert_problem(client.get("/v1/trials/NCT99999999"), 404)
    assert body["detail"] == "No trial with id NCT99999999."
