"""``GET /v1/trials.csv``: the trial list's filters and sorts as CSV, its own operation; the
trial list's older ways to ask for CSV redirect there."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support.http import assert_problem


def rows(response) -> list[list[str]]:
    assert (response.status_code, response.mimetype) == (200, "text/csv")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_export_has_the_summary_fields_and_every_match(client, seeded):
    header, *data = rows(client.get("/v1/trials.csv?sort=nct_id"))
    assert header[:6] == ["nct_id", "brief_title", "overall_status", "phases", "study_type",
                          "conditions"]  # fmt: skip
    assert [r[0] for r in data] == [
        "NCT02632201", "NCT02713984", "NCT05681650", "NCT05745454", "NCT06224738",
    ]  # fmt: skip
    response = client.get("/v1/trials.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="trials.csv"'
    response.close()


def test_the_export_takes_the_filters_and_refuses_paging(client, seeded):
    _, *data = rows(client.get("/v1/trials.csv?status=WITHDRAWN"))
    assert [r[0] for r in data] == ["NCT02713984"]
    assert_problem(client.get("/v1/trials.csv?limit=2"), 400, ["limit"])


@pytest.mark.parametrize(
    ("url", "headers", "location"),
    [
        ("/v1/trials?format=csv&status=RECRUITING&limit=1&sort=nct_id", {},
         "/v1/trials.csv?status=RECRUITING&sort=nct_id"),
        ("/v1/trials?status=RECRUITING&cursor=abc&fields=nct_id", {"Accept": "text/csv"},
         "/v1/trials.csv?status=RECRUITING"),
        ("/v1/trials?format=json&phase=PHASE1&phase=PHASE2", {},
         "/v1/trials?phase=PHASE1&phase=PHASE2"),
        ("/v1/trials?format=csv", {}, "/v1/trials.csv"),
    ],
)  # fmt: skip
def test_the_lists_csv_requests_redirect_to_the_export(client, url, headers, location):
    response = client.get(url, headers=headers)
    assert response.status_code == 308
    assert response.headers["Location"] == location
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/csv;q=0.5, */*"])
def test_json_stays_json(client, accept):
    response = client.get("/v1/trials", headers={"Accept": accept} if accept else {})
    assert (response.status_code, response.mimetype) == (200, "application/json")


def test_another_format_is_a_400_naming_it(client):
    assert_problem(client.get("/v1/trials?format=xml"), 400, ["format"])
