"""Connections the database dropped while they sat in the pool (a restart, a replica coming
back, an operator terminating sessions), used again less than IDLE_PING_SECONDS after their
last use, so not pinged at checkout: a read runs again on a new connection and answers as
before (service.web.reconnect); a request that writes is a 503 and changes nothing."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import create_engine, text

from store.engine import sqlalchemy_url
from tests.support import databases
from tests.support.apps import app_under_test
from tests.support.http import assert_problem
from tests.support.paths import copy_documents

TOKEN = "t0ken-for-tests-0123456789abcdef-XYZ"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GASTRIC = {"sex": "MALE", "age": 60, "conditions": ["gastric cancer"]}


@pytest.fixture(scope="module")
def database(server_url: str):
    """A database of this module's own holding the five seed documents: the tests drop every
    session on it but their own."""
    with databases.seeded_database(server_url, "trials_dropped") as url:
        yield url


@pytest.fixture
def client(database, tmp_path):
    with app_under_test(
        database, seed_dir=str(copy_documents(tmp_path / "docs")), admin_token=TOKEN
    ) as app:
        yield app.test_client()


def drop_all_other_sessions(url: str) -> int:
    """Terminate every session on the database but this one's; how many there were."""
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            return len(
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/v1/trials/NCT05681650", None),  # the driver's read of a stored document
        ("GET", "/v1/trials?sort=nct_id&fields=nct_id,brief_title", None),  # a Session
        ("GET", "/v1/stats?status=RECRUITING", None),
        ("GET", "/v1/trials/NCT05681650/eligibility", None),
        ("POST", "/v1/match", GASTRIC),  # a read with a body
    ],
)
def test_a_read_on_a_dropped_connection_answers_from_a_new_one(
    client, database, caplog, method, url, body
):
    before = client.open(url, method=method, json=body)
    assert before.status_code == 200, before.get_data(as_text=True)
    assert drop_all_other_sessions(database) >= 1  # the app's pooled connection among them
    with caplog.at_level(logging.WARNING, logger="service.web.reconnect"):
        after = client.open(url, method=method, json=body)
    assert after.status_code == 200, after.get_data(as_text=True)
    assert after.json == before.json
    assert [r.getMessage() for r in caplog.records if r.name == "service.web.reconnect"] == [
        "a pooled connection was dropped (AdminShutdown); reading again on a new one"
    ]


def test_a_request_that_writes_is_not_run_again_and_changes_nothing(client, database):
    assert client.get("/v1/trials/NCT02713984").status_code == 200
    deleted = client.delete("/v1/admin/trials/NCT02632201", headers=AUTH)
    assert deleted.status_code == 204  # the write engine's pool holds connections now
    drop_all_other_sessions(database)
    refused = client.delete("/v1/admin/trials/NCT02713984", headers=AUTH)
    assert_problem(refused, 503)
    assert refused.headers["Retry-After"] == "5"
    assert refused.json["detail"] == "The database is unavailable; try again shortly."
    assert client.get("/v1/trials/NCT02713984").status_code == 200  # still there
    assert client.delete("/v1/admin/trials/NCT02713984", headers=AUTH).status_code == 204
    assert client.get("/v1/trials/NCT02713984").status_code == 404


def test_a_server_that_is_gone_is_a_503_at_once_without_a_second_try(tmp_path, caplog):
    with (
        app_under_test("postgresql://nobody@127.0.0.1:1/none", connect_timeout_s=1) as app,
        caplog.at_level(logging.WARNING, logger="service.web.reconnect"),
    ):
        r = app.test_client().get("/v1/trials/NCT05681650")
    assert_problem(r, 503)
    assert [r for r in caplog.records if r.name == "service.web.reconnect"] == []  # not run again
