"""GET /v1/sources: every seed document, keyset-paged by name, filtered by status."""

from __future__ import annotations

import hashlib

from sqlalchemy import insert

from store import models as m
from tests.support.http import get_json
from tests.support.paths import DOCUMENTS

SEEDS = {
    "000_46e7e372a9101ccc.txt": ("NCT02713984", "classic"),
    "001_1b2b0a3fb6ca20b2.txt": ("NCT05745454", "modern"),
    "002_982eccef9937b4d5.txt": ("NCT05681650", "classic"),
    "003_bd2f6d907527c583.txt": ("NCT02632201", "classic"),
    "004_e177973aeb9f0c47.txt": ("NCT06224738", "modern"),
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
        "name", "layout", "sha256", "status", "reason", "line", "nct_id", "loaded_at",
    }  # fmt: skip
    for doc in body["data"][:5]:
        nct_id, layout = SEEDS[doc["name"]]
        sha = hashlib.sha256((DOCUMENTS / doc["name"]).read_bytes()).hexdigest()
        assert (doc["nct_id"], doc["layout"], doc["sha256"]) == (nct_id, layout, sha)
        assert (doc["status"], doc["reason"], doc["line"]) == ("loaded", None, None)
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
    r = client.get("/v1/sources?status=broken&limit=0&colour=red")
    assert r.status_code == 400 and r.content_type == "application/problem+json"
    assert {p["name"] for p in r.json["invalid_params"]} == {"status", "limit", "colour"}
    r = client.get("/v1/sources?cursor=bm90LWEtY3Vyc29y")
    assert r.status_code == 400
    assert r.json["invalid_params"][0]["name"] == "cursor"
    trials_cursor = get_json(client, "/v1/trials?limit=1")["page"]["next_cursor"]
    assert client.get(f"/v1/sources?cursor={trials_cursor}").status_code == 400
