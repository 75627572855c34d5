"""GET /v1/sources: every source (files, ZIP members), keyset-paged by name, filtered by status,
origin and NCT id; a superseded source names the one that holds its study, and why."""

from __future__ import annotations

import hashlib
import shutil

from sqlalchemy import insert

from schemas.trial_json import render_trial_json
from seed.load import load_directory
from store import models as m
from tests.support.apps import app_under_test
from tests.support.archives import build_zip, sharded
from tests.support.http import get_json
from tests.support.paths import DOCUMENTS, REGISTRY

SEEDS = {
    "000_46e7e372a9101ccc.txt": ("NCT02713984", "classic"),
    "001_1b2b0a3fb6ca20b2.txt": ("NCT05745454", "modern"),
    "002_982eccef9937b4d5.txt": ("NCT05681650", "classic"),
    "003_bd2f6d907527c583.txt": ("NCT02632201", "classic"),
    "004_e177973aeb9f0c47.txt": ("NCT06224738", "modern"),
}


LAST_UPDATE = {
    "NCT02713984": "2020-03-19",
    "NCT05745454": "2023-02-27",
    "NCT05681650": "2023-01-13",
    "NCT02632201": "2016-01-01",
    "NCT06224738": "2024-01-25",
}


def add_failed(connection) -> None:
    connection.execute(
        insert(m.SourceDocument),
        [
            {"name": "broken_a.txt", "sha256": "a" * 64, "status": "failed",
             "error": "the document is empty", "error_line": None},
            {"name": "broken_b.txt", "sha256": "b" * 64, "status": "failed",
             "error": "two different NCT ids: NCT02713984 (line 4) and NCT09999991",
             "error_line": 83},
        ],
    )  # fmt: skip


def test_lists_every_document_with_its_status(client, seeded, connection):
    add_failed(connection)
    body = get_json(client, "/v1/sources?limit=100")
    assert body["page"] == {"limit": 100, "next_cursor": None}
    assert [d["name"] for d in body["data"]] == [*SEEDS, "broken_a.txt", "broken_b.txt"]
    first = body["data"][0]
    assert set(first) == {
        "name", "format", "layout", "origin", "container", "sha256", "status", "reason", "line",
        "nct_id", "last_update", "loaded_at",
    }  # fmt: skip
    for doc in body["data"][:5]:
        nct_id, layout = SEEDS[doc["name"]]
        sha = hashlib.sha256((DOCUMENTS / doc["name"]).read_bytes()).hexdigest()
        assert (doc["nct_id"], doc["format"], doc["layout"], doc["sha256"]) == (
            nct_id, layout, layout, sha,
        )  # fmt: skip
        assert (doc["origin"], doc["container"]) == ("file", doc["name"])
        assert (doc["status"], doc["reason"], doc["line"]) == ("loaded", None, None)
        assert doc["last_update"] == LAST_UPDATE[nct_id]
        assert doc["loaded_at"].startswith("20")


def test_status_filter_lists_the_failed_ones_with_their_reason(client, seeded, connection):
    add_failed(connection)
    body = get_json(client, "/v1/sources?status=failed")
    got = [(d["name"], d["status"], d["reason"], d["line"], d["nct_id"]) for d in body["data"]]
    assert got == [
        ("broken_a.txt", "failed", "the document is empty", None, None),
        ("broken_b.txt", "failed",
         "two different NCT ids: NCT02713984 (line 4) and NCT09999991", 83, None),
    ]  # fmt: skip
    loaded = get_json(client, "/v1/sources?status=loaded")["data"]
    assert [d["name"] for d in loaded] == list(SEEDS)


def test_keyset_paging_visits_each_document_once(client, seeded, connection):
    add_failed(connection)
    names, url, pages = [], "/v1/sources?limit=2", 0
    while url:
        body = get_json(client, url)
        pages += 1
        names += [d["name"] for d in body["data"]]
        cursor = body["page"]["next_cursor"]
        url = f"/v1/sources?limit=2&cursor={cursor}" if cursor else None
    assert names == [*SEEDS, "broken_a.txt", "broken_b.txt"]
    assert pages == 4


def test_bad_parameters_are_400s(client, seeded):
    r = client.get("/v1/sources?status=broken&limit=0&colour=red&origin=ftp&nct_id=NCT1")
    assert r.status_code == 400 and r.content_type == "application/problem+json"
    assert {p["name"] for p in r.json["invalid_params"]} == {
        "status", "limit", "colour", "origin", "nct_id",
    }  # fmt: skip
    r = client.get("/v1/sources?cursor=bm90LWEtY3Vyc29y")
    assert r.status_code == 400
    assert r.json["invalid_params"][0]["name"] == "cursor"
    trials_cursor = get_json(client, "/v1/trials?limit=1")["page"]["next_cursor"]
    assert client.get(f"/v1/sources?cursor={trials_cursor}").status_code == 400


def test_zip_members_superseded_sources_and_the_filters(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    (d / "xml").mkdir(parents=True)
    for name in ("NCT00081588.xml", "NCT00980226.xml"):  # one study, one file named by its alias
        shutil.copy(REGISTRY / "xml" / name, d / "xml" / name)
    studies = {n: (REGISTRY / "json" / n).read_bytes() for n in ("NCT03475563.json",)}
    build_zip(d / "ctg-studies.json.zip", {**sharded(studies), "63/notes.txt": b"no study\n"})
    load_directory(fresh_engine, d, render=render_trial_json, workers=1)
    url = fresh_engine.url.render_as_string(hide_password=False)
    with app_under_test(url) as app:
        client = app.test_client()
        everything = get_json(client, "/v1/sources?limit=100")["data"]
        archive = get_json(client, "/v1/sources?origin=archive")["data"]
        superseded = get_json(client, "/v1/sources?status=superseded")["data"]
        study = get_json(client, "/v1/sources?nct_id=NCT00081588")["data"]
    assert [s["name"] for s in everything] == [
        "ctg-studies.json.zip!/63/NCT03475563.json", "ctg-studies.json.zip!/63/notes.txt",
        "xml/NCT00081588.xml", "xml/NCT00980226.xml",
    ]  # fmt: skip
    member = {k: v for k, v in archive[0].items() if k not in ("sha256", "loaded_at")}
    assert member == {
        "name": "ctg-studies.json.zip!/63/NCT03475563.json", "format": "ctgov-json",
        "layout": "ctgov-json", "origin": "archive", "container": "ctg-studies.json.zip",
        "status": "loaded", "reason": None, "line": None, "nct_id": "NCT03475563",
        "last_update": "2019-11-27",
    }  # fmt: skip
    assert archive[0]["sha256"] == hashlib.sha256(studies["NCT03475563.json"]).hexdigest()
    assert [(s["name"], s["status"], s["reason"]) for s in archive[1:]] == [
        ("ctg-studies.json.zip!/63/notes.txt", "failed",
         "no NCT id: this is not a trial record"),
    ]  # fmt: skip
    reason = (
        "NCT00081588 is current from xml/NCT00081588.xml: last update 2014-06-20 for both, "
        "both are in the registry's own formats, and it was loaded first"
    )
    assert [(s["name"], s["status"], s["reason"]) for s in superseded] == [
        ("xml/NCT00980226.xml", "superseded", reason)
    ]
    assert [(s["name"], s["status"]) for s in study] == [
        ("xml/NCT00081588.xml", "loaded"), ("xml/NCT00980226.xml", "superseded"),
    ]  # fmt: skip
