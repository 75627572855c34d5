"""/v1/admin: 401 without a bearer token (on or off), 403 with a wrong one or with any while off
(no ADMIN_TOKEN); with
the token, seed runs, uploads and deletions show in the public API (and in SEED_DIR)."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

import seed.load.facets as facets_module
from seed.load.facets import refresh_facets
from service.settings import ConfigError, Settings
from tests.support import databases
from tests.support.apps import app_under_test
from tests.support.http import assert_problem, get_json
from tests.support.paths import DOCUMENTS, copy_documents

TOKEN = "t0ken-for-tests-0123456789abcdef-XYZ"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_ID = "NCT09100001"


def new_document(nct_id: str = NEW_ID, title: str = "An uploaded trial of Drug Ü") -> bytes:
    lines = (DOCUMENTS / "002_982eccef9937b4d5.txt").read_text().splitlines(True)
    lines[0] = title + "\n"
    return "".join(lines).replace("NCT05681650", nct_id).encode()


@pytest.fixture(scope="module")
def template(server_url: str):
    """A migrated database holding the five seed documents, copied for each test (CREATE
    DATABASE ... TEMPLATE is much faster than migrating and loading again)."""
    with databases.seeded_database(server_url, "trials_admin_tpl") as url:
        yield url


def copy_of(template: str, server_url: str):
    """A database of its own, copied from the template, for the ``with`` block."""
    return databases.temporary_database(server_url, "trials_admin", template=template)


@contextlib.contextmanager
def admin_client(url: str, seed_dir: Path, token: str | None):
    with app_under_test(url, seed_dir=str(seed_dir), admin_token=token) as app:
        yield app.test_client()


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    return copy_documents(tmp_path / "docs")


@pytest.fixture
def client(template, server_url, seed_dir):
    """An enabled admin API on a database of this test's own (these tests change data)."""
    with copy_of(template, server_url) as url, admin_client(url, seed_dir, TOKEN) as c:
        yield c


@pytest.fixture(scope="module")
def refusing(template, server_url, tmp_path_factory):
    """(enabled client, disabled client, seed dir) on one database for the module: requests
    that are refused change nothing, and every refusal test checks that."""
    seed_dir = copy_documents(tmp_path_factory.mktemp("admin") / "docs")
    with (
        copy_of(template, server_url) as url,
        admin_client(url, seed_dir, TOKEN) as enabled,
        admin_client(url, seed_dir, None) as disabled,
    ):
        yield enabled, disabled, seed_dir


ROUTES = [
    ("post", "/v1/admin/seed", {}),
    ("put", "/v1/admin/documents/new.txt",
     {"data": new_document(), "content_type": "text/plain"}),
    ("delete", "/v1/admin/trials/NCT02713984", {}),
]  # fmt: skip


def unchanged(client, seed_dir: Path) -> None:
    """Nothing the refused request could have done was done."""
    get_json(client, "/v1/trials/NCT02713984")
    assert client.get(f"/v1/trials/{NEW_ID}").status_code == 404
    assert sorted(p.name for p in seed_dir.iterdir()) == sorted(p.name for p in DOCUMENTS.iterdir())


@pytest.mark.parametrize(("method", "url", "kwargs"), ROUTES)
@pytest.mark.parametrize("authorization", [None, "Bearer ", f"Basic {TOKEN}", TOKEN])
def test_no_or_malformed_token_is_401_on_or_off(refusing, method, url, kwargs, authorization):
    enabled, disabled, seed_dir = refusing
    headers = {} if authorization is None else {"Authorization": authorization}
    for client in (enabled, disabled):
        r = getattr(client, method)(url, headers=headers, **kwargs)
        assert_problem(r, 401)
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="trials-admin"'
        assert r.json["detail"] == "Send the admin token as `Authorization: Bearer <token>`."
    unchanged(enabled, seed_dir)


@pytest.mark.parametrize(("method", "url", "kwargs"), ROUTES)
@pytest.mark.parametrize("token", [TOKEN[:-1], "x" * len(TOKEN)])
def test_wrong_token_is_403(refusing, method, url, kwargs, token):
    client, _, seed_dir = refusing
    r = getattr(client, method)(url, headers={"Authorization": f"Bearer {token}"}, **kwargs)
    assert_problem(r, 403)
    assert r.json["detail"] == "The admin token is not valid."
    assert "WWW-Authenticate" not in r.headers
    unchanged(client, seed_dir)


@pytest.mark.parametrize(("method", "url", "kwargs"), ROUTES)
@pytest.mark.parametrize("token", [TOKEN, "any-other-token"])
def test_disabled_admin_is_403_with_a_token(refusing, method, url, kwargs, token):
    _, disabled_client, seed_dir = refusing
    r = getattr(disabled_client, method)(
        url, headers={"Authorization": f"Bearer {token}"}, **kwargs
    )
    assert_problem(r, 403)
    assert r.json["detail"] == "The admin API is off: set ADMIN_TOKEN to enable it."
    assert "WWW-Authenticate" not in r.headers
    unchanged(disabled_client, seed_dir)


def test_seed_reruns_the_job_and_reports(client, seed_dir):
    assert get_json(client, "/v1/trials/NCT06224738")["nct_id"] == "NCT06224738"
    (seed_dir / "004_e177973aeb9f0c47.txt").unlink()
    (seed_dir / "broken.txt").write_text("nothing here\n")
    shutil.copy(DOCUMENTS / "002_982eccef9937b4d5.txt", seed_dir / "zz_copy.txt")
    r = client.post("/v1/admin/seed", headers=AUTH)
    assert r.status_code == 200, r.get_data(as_text=True)
    body = r.json
    assert {k: body[k] for k in ("loaded", "unchanged", "failed", "removed", "superseded")} == {
        "loaded": 0, "unchanged": 4, "failed": 1, "removed": 1, "superseded": 1,
    }  # fmt: skip
    assert body["failures"] == [
        {"name": "broken.txt", "reason": "no NCT id: this is not a trial record"},
    ]
    assert client.get("/v1/trials/NCT06224738").status_code == 404
    failed = get_json(client, "/v1/sources?status=failed")["data"]
    assert [d["name"] for d in failed] == ["broken.txt"]
    superseded = get_json(client, "/v1/sources?status=superseded")["data"]
    assert [(d["name"], d["reason"]) for d in superseded] == [
        ("zz_copy.txt", "NCT05681650 is current from 002_982eccef9937b4d5.txt: last update "
         "2023-01-13 for both, both are page renderings, and it was loaded first"),
    ]  # fmt: skip


def test_upload_stores_loads_and_survives_the_next_seed_run(client, seed_dir):
    r = client.put("/v1/admin/documents/new.txt", data=new_document(), headers=AUTH,
                   content_type="text/plain; charset=utf-8")  # fmt: skip
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.json["name"] == "new.txt" and r.json["nct_id"] == NEW_ID
    assert r.json["status"] == "loaded" and r.json["layout"] == "classic"
    trial = get_json(client, f"/v1/trials/{NEW_ID}")
    assert trial["brief_title"] == "An uploaded trial of Drug Ü"
    assert trial["source"]["document"] == "new.txt"
    assert (seed_dir / "new.txt").read_bytes() == new_document()
    assert not [p for p in seed_dir.iterdir() if p.name.startswith(".")]  # no temporary left
    # replacing it (same name, new content, octet-stream) updates the trial
    r = client.put("/v1/admin/documents/new.txt", data=new_document(title="Renamed trial"),
                   headers=AUTH, content_type="application/octet-stream")  # fmt: skip
    assert r.status_code == 200
    assert get_json(client, f"/v1/trials/{NEW_ID}")["brief_title"] == "Renamed trial"
    # the next seed run keeps it
    body = client.post("/v1/admin/seed", headers=AUTH).json
    assert (body["unchanged"], body["removed"], body["failed"]) == (6, 0, 0)
    assert get_json(client, f"/v1/trials/{NEW_ID}")["brief_title"] == "Renamed trial"
    ids = [t["nct_id"] for t in get_json(client, "/v1/trials?sort=nct_id&limit=100")["data"]]
    assert NEW_ID in ids and len(ids) == 6


@pytest.mark.parametrize(
    ("data", "status", "detail"),
    [
        (b"", 422, "The document does not parse: the document is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", 422,
         "The document does not parse: the document is binary (it contains NUL bytes)."),
        (new_document().replace(b"ClinicalTrials.gov Identifier: | NCT09100001 |",
                                b"ClinicalTrials.gov Identifier: | NCT09100002 |"), 422,
         "The document does not parse: two different NCT ids: NCT09100001 (line 4) and "
         "NCT09100002 (line 85)."),
        ((DOCUMENTS / "000_46e7e372a9101ccc.txt").read_bytes(), 409,
         "NCT02713984 is already loaded from 000_46e7e372a9101ccc.txt."),
    ],
)  # fmt: skip
def test_a_refused_upload_changes_nothing(refusing, data, status, detail):
    client, _, seed_dir = refusing
    before = get_json(client, "/v1/sources?limit=100")
    r = client.put(
        "/v1/admin/documents/new.txt", data=data, headers=AUTH, content_type="text/plain"
    )
    assert_problem(r, status)
    assert r.json["detail"] == detail
    assert get_json(client, "/v1/sources?limit=100") == before
    unchanged(client, seed_dir)


@pytest.mark.parametrize("name", ["..", "..txt", ".hidden", "a..b", "-x", "a b", "a%2Fb", "é.txt"])
def test_upload_names_are_plain_file_names(refusing, name):
    client, _, seed_dir = refusing
    r = client.put(f"/v1/admin/documents/{name}", data=new_document(), headers=AUTH,
                   content_type="text/plain")  # fmt: skip
    assert r.status_code in (400, 404), r.status_code  # a slash never reaches the route
    assert r.content_type == "application/problem+json"
    if r.status_code == 400:
        assert r.json["invalid_params"][0]["name"] == "name"
    unchanged(client, seed_dir)
    assert not (seed_dir.parent / "b").exists()


def test_upload_content_type_and_size(refusing):
    client, _, seed_dir = refusing
    r = client.put("/v1/admin/documents/new.txt", json={"a": 1}, headers=AUTH)
    assert_problem(r, 415)
    big = b"x" * (5 * 1024 * 1024 + 1)
    r = client.put("/v1/admin/documents/new.txt", data=big, headers=AUTH, content_type="text/plain")
    assert_problem(r, 413)
    unchanged(client, seed_dir)


def test_delete_removes_the_trial_and_its_document(client, seed_dir):
    r = client.delete("/v1/admin/trials/nct02713984", headers=AUTH)
    assert r.status_code == 204 and r.data == b""
    assert_problem(client.get("/v1/trials/NCT02713984"), 404)
    assert not (seed_dir / "000_46e7e372a9101ccc.txt").exists()
    names = [d["name"] for d in get_json(client, "/v1/sources")["data"]]
    assert "000_46e7e372a9101ccc.txt" not in names and len(names) == 4
    assert_problem(client.delete("/v1/admin/trials/NCT02713984", headers=AUTH), 404)
    assert_problem(client.delete("/v1/admin/trials/NCT1", headers=AUTH), 400)
    # the next seed run does not bring it back
    assert client.post("/v1/admin/seed", headers=AUTH).json["unchanged"] == 4
    assert client.get("/v1/trials/NCT02713984").status_code == 404
    total = get_json(client, "/v1/trials?count_total=true")["page"]["total"]
    assert total == 4


@pytest.mark.parametrize("value", ["short", "x" * 31, "has space " + "x" * 30])
def test_admin_token_must_be_long_enough(monkeypatch, value):
    monkeypatch.setenv("DATABASE_URL", "postgresql://unused/unused")
    monkeypatch.setenv("ADMIN_TOKEN", value)
    with pytest.raises(ConfigError, match="ADMIN_TOKEN must be at least 32"):
        Settings.from_env()
    monkeypatch.setenv("ADMIN_TOKEN", "")
    assert Settings.from_env().admin_token is None
    monkeypatch.setenv("ADMIN_TOKEN", TOKEN)
    assert Settings.from_env().admin_token == TOKEN


def test_an_upload_recounts_the_stats_without_counting_answers_ahead(
    template, server_url, seed_dir, monkeypatch
):
    """A change to one trial recounts the registry's facets at once, but counts no filtered
    answer ahead (seconds at 500,000 trials, which the request would wait for): a first
    filtered request counts its answer live, the new trial in it."""
    monkeypatch.setattr(facets_module, "COUNT_AHEAD_FROM", 1)  # else the seeds count nothing
    monkeypatch.setattr(facets_module, "ENUM_AHEAD_FROM", 1)
    with copy_of(template, server_url) as url, admin_client(url, seed_dir, TOKEN) as client:
        engine = databases.migrated_engine(url)
        with engine.begin() as conn:
            refresh_facets(conn)  # a seed run's recount: answers counted ahead
            assert conn.scalar(text("SELECT count(*) FROM facet_answers")) > 0
        before = get_json(client, "/v1/stats?study_type=INTERVENTIONAL")
        r = client.put("/v1/admin/documents/new.txt", data=new_document(), headers=AUTH,
                       content_type="text/plain; charset=utf-8")  # fmt: skip
        assert r.status_code == 200
        assert get_json(client, "/v1/stats")["total"] == 6
        after = get_json(client, "/v1/stats?study_type=INTERVENTIONAL")
        assert after["total"] == before["total"] + 1
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM facet_answers")) == 0
        engine.dispose()
