"""service.trial_cache: a worker keeps the documents it served and serves them again without a
database round trip, drops them all when migration 0019's trigger says a transaction that
changed served documents committed (whoever wrote), and keeps none while its listener is not
connected; store.changes.ChangeListener and the trigger itself."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import psycopg
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import create_engine, text

from service.trial_cache import MAX_ENTRY_BYTES, TrialCache
from store.changes import CHANNEL
from store.engine import sqlalchemy_url
from tests.support import databases
from tests.support.apps import app_under_test

TRIAL = "NCT05681650"
OTHER = "NCT02713984"


@pytest.fixture(scope="module")
def database(server_url: str):
    """A database of this module's own holding the five seed documents (the tests change it)."""
    with databases.seeded_database(server_url, "trials_cache") as url:
        yield url


@pytest.fixture
def sql(database):
    """Run SQL on the database in a transaction of its own, committed."""
    engine = create_engine(sqlalchemy_url(database))

    def run(statement: str, **params):
        with engine.begin() as conn:
            return conn.execute(text(statement), params)

    yield run
    engine.dispose()


@pytest.fixture
def app(database):
    with app_under_test(database, trial_cache_mb=8) as app:
        yield app


def until(condition: Callable[[], object], seconds: float = 5.0):
    """``condition()`` once it is true, polled for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.01)
    return value


def lookups(result: str) -> float:
    """``trial_cache_lookups_total{result}`` as /metrics shows it (this process's)."""
    return REGISTRY.get_sample_value("trial_cache_lookups_total", {"result": result}) or 0.0


def live(client, cache: TrialCache) -> None:
    client.get(f"/v1/trials/{TRIAL}")  # the first lookup of a process starts its listener
    until(lambda: cache.live)


def test_a_kept_document_is_served_without_the_database_until_it_changes(app, sql):
    client, cache = app.test_client(), app.extensions["db"].trial_cache
    live(client, cache)
    first = client.get(f"/v1/trials/{TRIAL}")
    assert first.status_code == 200
    hits, misses = lookups("hit"), lookups("miss")
    again = [client.get(f"/v1/trials/{TRIAL}") for _ in range(3)]
    arms = client.get(f"/v1/trials/{TRIAL}/arms")
    assert (lookups("hit"), lookups("miss")) == (hits + 4, misses)
    assert {r.get_data() for r in again} == {first.get_data()}
    assert {r.headers["ETag"] for r in again} == {first.headers["ETag"]}
    assert arms.json == {"data": first.json["arms"]}

    # a change committed elsewhere (here: plain SQL) is served once its notification is in
    changed = {**first.json, "brief_title": "Changed behind the service's back"}
    sql("UPDATE trial_json SET body = :body, etag = 'changed-1' WHERE nct_id = :id",
        body=json.dumps(changed), id=TRIAL)  # fmt: skip
    now = until(
        lambda: (
            (r := client.get(f"/v1/trials/{TRIAL}")).json["brief_title"]
            != first.json["brief_title"]
            and r
        )
    )
    assert now.json == changed and now.headers["ETag"] == 'W/"changed-1"'


def test_a_deleted_trial_is_a_404_once_notified_a_cascade_included(app, sql):
    client, cache = app.test_client(), app.extensions["db"].trial_cache
    live(client, cache)
    assert client.get(f"/v1/trials/{OTHER}").status_code == 200
    assert client.get(f"/v1/trials/{OTHER}").status_code == 200  # kept
    sql("DELETE FROM trials WHERE nct_id = :id", id=OTHER)  # trial_json's row by the cascade
    until(lambda: client.get(f"/v1/trials/{OTHER}").status_code == 404)


def test_nothing_is_kept_while_the_listener_is_not_connected(app, sql, database):
    client, cache = app.test_client(), app.extensions["db"].trial_cache
    live(client, cache)
    title = client.get(f"/v1/trials/{TRIAL}").json["brief_title"]
    sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = current_database() AND query = 'LISTEN {CHANNEL}'")  # fmt: skip
    until(lambda: not cache.live)
    assert cache.stats()["documents"] == 0
    off = lookups("off")
    # a change while it is away is read from the database, not from a copy
    sql("UPDATE trial_json SET body = jsonb_set(body::jsonb, '{brief_title}', '\"Changed\"')::text "
        "WHERE nct_id = :id", id=TRIAL)  # fmt: skip
    assert client.get(f"/v1/trials/{TRIAL}").json["brief_title"] == "Changed" != title
    assert lookups("off") == off + 1
    until(lambda: cache.live)  # it connects again by itself
    client.get(f"/v1/trials/{TRIAL}")
    hits = lookups("hit")
    assert client.get(f"/v1/trials/{TRIAL}").json["brief_title"] == "Changed"
    assert lookups("hit") == hits + 1


def test_a_copy_read_while_documents_changed_is_not_kept(app):
    client, cache = app.test_client(), app.extensions["db"].trial_cache
    live(client, cache)
    body = (b"{}", "etag")
    generation = cache.generation
    cache.changed()  # a notification between the read and its keeping
    cache.keep("NCT00000001", body, generation)
    assert cache.get("NCT00000001") is None
    cache.keep("NCT00000001", body, cache.generation)
    assert cache.get("NCT00000001") == body


def test_the_least_recently_used_go_first_and_large_documents_are_never_kept(app):
    client, cache = app.test_client(), app.extensions["db"].trial_cache
    live(client, cache)
    cache.changed()
    kb = 1024
    limit = cache.max_bytes // (100 * kb)  # how many 100 KB documents fit
    for n in range(limit):
        cache.keep(f"NCT{n:08d}", (b"x" * 100 * kb, str(n)), cache.generation)
    assert cache.get("NCT00000000") is not None  # used: now the most recent
    cache.keep("NCT99999999", (b"y" * 100 * kb, "new"), cache.generation)
    assert cache.get("NCT00000001") is None  # the least recently used went
    assert cache.get("NCT00000000") is not None and cache.get("NCT99999999") is not None
    assert cache.stats()["bytes"] <= cache.max_bytes
    cache.keep("NCT88888888", (b"z" * (MAX_ENTRY_BYTES + 1), "big"), cache.generation)
    assert cache.get("NCT88888888") is None


def test_the_trigger_notifies_once_a_transaction_at_commit_and_never_on_rollback(database, sql):
    with psycopg.connect(databases.libpq_url(database), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        engine = create_engine(sqlalchemy_url(database))
        try:
            with engine.connect() as conn:
                with conn.begin():  # two statements, one notification
                    conn.execute(
                        text("UPDATE trial_json SET etag = etag WHERE nct_id = :id"), {"id": TRIAL}
                    )
                    conn.execute(text("UPDATE trial_json SET etag = etag"))
                with conn.begin() as rolled_back:
                    conn.execute(text("DELETE FROM trial_json"))
                    rolled_back.rollback()
                with conn.begin():  # no row changed: a statement ran, a notification all the same
                    conn.execute(text("DELETE FROM trial_json WHERE false"))
        finally:
            engine.dispose()
        heard = list(listener.notifies(timeout=1.0))
    assert [(n.channel, n.payload) for n in heard] == [(CHANNEL, ""), (CHANNEL, "")]


def test_off_by_default_and_on_from_the_environment(database, monkeypatch):
    with app_under_test(database) as app:
        assert app.extensions["db"].trial_cache is None
    from service.settings import Settings

    monkeypatch.setenv("DATABASE_URL", database)
    assert Settings.from_env().trial_cache_on and Settings.from_env().trial_cache_mb == 32
    monkeypatch.setenv("TRIAL_CACHE_MB", "0")
    assert not Settings.from_env().trial_cache_on
    monkeypatch.setenv("TRIAL_CACHE_MB", "64")
    monkeypatch.setenv("DATABASE_READ_URL", database)
    assert not Settings.from_env().trial_cache_on  # reads on a replica: none kept
