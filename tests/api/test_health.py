from __future__ import annotations

from sqlalchemy import text

from service import create_app
from service.settings import Settings
from tests.support.apps import app_under_test
from tests.support.databases import alembic_heads
from tests.support.http import get_json


def test_healthz(client):
    assert get_json(client, "/healthz") == {"status": "ok"}


def test_readyz_after_the_seed(client, seeded):
    body = get_json(client, "/readyz")
    assert body["status"] == "ready"
    assert [body["migration"]] == alembic_heads()  # the head of migrations/, read by alembic


def test_readyz_is_503_before_any_seed_finished(fresh_engine):
    app = create_app(Settings(database_url=fresh_engine.url.render_as_string(False)))
    r = app.test_client().get("/readyz")
    app.extensions["db"].dispose()
    assert r.status_code == 503
    assert r.content_type == "application/problem+json"
    assert r.json["detail"] == "The seed job has not finished yet."
    assert r.headers["Retry-After"] == "5"


def test_readyz_is_503_when_the_database_is_unreachable():
    app = create_app(
        Settings(database_url="postgresql://nobody@127.0.0.1:1/none", connect_timeout_s=1)
    )
    r = app.test_client().get("/readyz")
    assert r.status_code == 503
    assert r.content_type == "application/problem+json"
    assert "postgresql" not in r.get_data(as_text=True).lower()


def test_readyz_stays_ready_while_a_later_seed_runs(client, seeded, engine):
    """A re-seed (a restart with changed documents, an admin re-seed) holds the seed lock;
    replicas go on serving: every trial is replaced in a transaction of its own."""
    from store.locks import SEED_LOCK_KEY

    with engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": SEED_LOCK_KEY})
        try:
            assert get_json(client, "/readyz")["status"] == "ready"
        finally:
            other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SEED_LOCK_KEY})
            other.commit()


def test_reads_go_to_the_read_url_when_set(seeded, database_url):
    """DATABASE_READ_URL (a replica) serves every read; DATABASE_URL (the primary, here
    unreachable) is only for writes."""
    primary = "postgresql+psycopg://nobody@127.0.0.1:1/nowhere"
    with app_under_test(primary, read_url=database_url) as app:
        client = app.test_client()
        assert get_json(client, "/v1/trials/NCT02713984")["nct_id"] == "NCT02713984"
        assert get_json(client, "/readyz")["status"] == "ready"


def test_read_url_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@primary/db")
    assert Settings.from_env().read_url is None
    monkeypatch.setenv("DATABASE_READ_URL", "postgresql://u@replica/db")
    assert Settings.from_env().read_url == "postgresql+psycopg://u@replica/db"
