"""The loader on every format the registry publishes, mixed in one directory: text pages, API v2
JSON (a study, a page, an array, JSON Lines), legacy XML and bulk ZIPs (flat or sharded);
re-runs, changes and removals; and every kind of broken input, each reported by name."""

from __future__ import annotations

import json
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, text

import seed.load.worker as worker_module
from schemas.trial_json import render_trial_json
from seed.load import load_directory
from service import create_app
from service.settings import Settings
from store import models as m
from tests.support.archives import build_zip, sharded
from tests.support.paths import DOCUMENTS, REGISTRY

JSON = REGISTRY / "json"
XML = REGISTRY / "xml"
HOSTILE = REGISTRY / "hostile"
STUDIES = {p.name: p.read_bytes() for p in sorted(JSON.glob("NCT*.json"))}
# json/NCT02278341.json is another download of NCT02552212 (README.md there)
NCT_IDS = {name: name.removesuffix(".json") for name in STUDIES} | {
    "NCT02278341.json": "NCT02552212"
}


def load(engine, directory: Path, **kwargs):
    return load_directory(engine, directory, render=render_trial_json, workers=1, **kwargs)


def sources(engine) -> dict[str, tuple]:
    """name -> (status, origin, container, format, nct_id)."""
    S = m.SourceDocument
    with engine.connect() as conn:
        rows = conn.execute(select(S.name, S.status, S.origin, S.container, S.format, S.nct_id))
        return {r.name: tuple(r[1:]) for r in rows}


def served_from(engine) -> dict[str, str]:
    """nct_id -> the name of the source its trial is served from."""
    with engine.connect() as conn:
        return dict(
            conn.execute(
                text(
                    "SELECT t.nct_id, s.name FROM trials t "
                    "JOIN source_documents s ON s.id = t.source_document_id ORDER BY 1"
                )
            ).all()
        )


def trial_ids(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(m.Trial.nct_id, m.Trial.id)).all())


def study(name: str) -> dict:
    return json.loads(STUDIES[name])


def dump(*studies: dict) -> bytes:
    return "\n".join(json.dumps(s) for s in studies).encode()


def test_a_mixed_directory_loads_every_format(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    (d / "pages").mkdir(parents=True)
    (d / "xml").mkdir()
    shutil.copy(DOCUMENTS / "000_46e7e372a9101ccc.txt", d / "pages" / "classic.txt")
    shutil.copy(JSON / "NCT00763412.json", d / "one.json")
    page = {"studies": [study("NCT03418623.json"), study("NCT03475563.json")]}
    (d / "page.json").write_text(json.dumps(page | {"nextPageToken": "abc"}))
    (d / "array.json").write_text(json.dumps([study("NCT03630471.json")]))
    (d / "studies.jsonl").write_bytes(
        dump(study("NCT04207047.json")) + b"\n\n" + dump(study("NCT06171568.json")) + b"\n"
    )
    shutil.copy(XML / "NCT00023673.xml", d / "xml" / "NCT00023673.xml")
    build_zip(d / "bulk.zip", sharded({n: STUDIES[n] for n in ("NCT00465816.json",)}))
    (d / "README.md").write_text("# about this directory\n")
    (d / "PROVENANCE").write_text("where these came from\n")
    (d / ".hidden.json").write_bytes(STUDIES["NCT03453554.json"])

    report = load(fresh_engine, d)

    assert report.failed == [] and report.superseded == []
    assert sources(fresh_engine) == {
        "array.json[0]": ("loaded", "file", "array.json", "ctgov-json", "NCT03630471"),
        "bulk.zip!/16/NCT00465816.json":
            ("loaded", "archive", "bulk.zip", "ctgov-json", "NCT00465816"),
        "one.json": ("loaded", "file", "one.json", "ctgov-json", "NCT00763412"),
        "page.json[0]": ("loaded", "file", "page.json", "ctgov-json", "NCT03418623"),
        "page.json[1]": ("loaded", "file", "page.json", "ctgov-json", "NCT03475563"),
        "pages/classic.txt": ("loaded", "file", "pages/classic.txt", "classic", "NCT02713984"),
        "studies.jsonl:1": ("loaded", "file", "studies.jsonl", "ctgov-json", "NCT04207047"),
        "studies.jsonl:3": ("loaded", "file", "studies.jsonl", "ctgov-json", "NCT06171568"),
        "xml/NCT00023673.xml":
            ("loaded", "file", "xml/NCT00023673.xml", "ctgov-xml", "NCT00023673"),
    }  # fmt: skip
    app = create_app(Settings(database_url=fresh_engine.url.render_as_string(False)))
    client = app.test_client()
    for nct_id, name in served_from(fresh_engine).items():
        body = client.get(f"/v1/trials/{nct_id}").get_json()
        assert body["source"]["document"] == name
    app.extensions["db"].dispose()


def test_every_registry_sample_loads_and_is_served(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    shutil.copytree(JSON, d / "json")
    shutil.copytree(XML, d / "xml")

    report = load(fresh_engine, d)

    assert report.failed == []  # PROVENANCE and LICENSE-aact are skipped by name
    xml = {p.name for p in XML.glob("NCT*.xml")}
    assert len(report.loaded) == len(STUDIES) + len(xml) - 2
    assert dict(report.superseded) == {
        "json/NCT02552212.json": "NCT02552212 is current from json/NCT02278341.json: last "
        "update 2022-08-18 for both, both are in the registry's own formats, and it was "
        "loaded first",
        "xml/NCT00980226.xml": "NCT00081588 is current from xml/NCT00081588.xml: last update "
        "2014-06-20 for both, both are in the registry's own formats, and it was loaded first",
    }
    app = create_app(Settings(database_url=fresh_engine.url.render_as_string(False)))
    client = app.test_client()
    served = served_from(fresh_engine)
    assert len(served) == len(report.loaded)
    for nct_id in served:
        assert client.get(f"/v1/trials/{nct_id}").status_code == 200, nct_id
    app.extensions["db"].dispose()


@pytest.mark.parametrize("layout", ["flat", "sharded"])
def test_a_bulk_zip_loads_member_by_member_and_a_rerun_reads_none(
    fresh_engine, tmp_path, monkeypatch, layout
):
    d = tmp_path / "seed"
    d.mkdir()
    members = sharded(STUDIES) if layout == "sharded" else dict(STUDIES)
    build_zip(d / "ctg-studies.json.zip", {**members, "README.md": b"# the bulk download"})

    first = load(fresh_engine, d)

    names = {f"ctg-studies.json.zip!/{path}" for path in members}
    assert set(first.loaded) | {n for n, _ in first.superseded} == names
    assert first.failed == [] and len(first.superseded) == 1
    assert set(served_from(fresh_engine)) == set(NCT_IDS.values())
    ids = trial_ids(fresh_engine)

    parsed = []
    monkeypatch.setattr(worker_module, "member_items", lambda member: parsed.append(member))
    again = load(fresh_engine, d)

    assert parsed == []  # skipped by the CRC and size in the archive's directory
    assert again.loaded == [] and again.removed == [] and again.failed == []
    assert sorted(again.unchanged) == sorted(names)
    assert trial_ids(fresh_engine) == ids


def test_a_changed_member_replaces_its_trial_and_a_missing_one_is_removed(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    keep = ("NCT00763412.json", "NCT03418623.json", "NCT03475563.json")
    build_zip(d / "bulk.zip", sharded({n: STUDIES[n] for n in keep}))
    (d / "other.json").write_bytes(STUDIES["NCT04207047.json"])
    load(fresh_engine, d)
    ids = trial_ids(fresh_engine)

    changed = study("NCT00763412.json")
    changed["protocolSection"]["identificationModule"]["briefTitle"] = "A changed title"
    build_zip(
        d / "bulk.zip",
        sharded({"NCT00763412.json": json.dumps(changed).encode(),
                 "NCT03475563.json": STUDIES["NCT03475563.json"]}),
    )  # fmt: skip
    report = load(fresh_engine, d)

    assert report.loaded == ["bulk.zip!/12/NCT00763412.json"]
    assert report.removed == ["bulk.zip!/23/NCT03418623.json"]
    assert sorted(report.unchanged) == ["bulk.zip!/63/NCT03475563.json", "other.json"]
    after = trial_ids(fresh_engine)
    assert set(after) == {"NCT00763412", "NCT03475563", "NCT04207047"}
    assert after["NCT03475563"] == ids["NCT03475563"]
    assert after["NCT04207047"] == ids["NCT04207047"]
    with fresh_engine.connect() as conn:
        title = conn.scalar(select(m.Trial.brief_title).where(m.Trial.nct_id == "NCT00763412"))
    assert title == "A changed title"


def test_a_removed_document_removes_only_its_trial(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    shutil.copytree(JSON, d)
    load(fresh_engine, d)
    (d / "NCT03630471.json").unlink()
    (d / "sub").mkdir()
    shutil.move(d / "NCT04207047.json", d / "sub" / "NCT04207047.json")

    report = load(fresh_engine, d)

    assert report.removed == ["NCT03630471.json", "NCT04207047.json"]
    assert report.loaded == ["sub/NCT04207047.json"]
    assert set(served_from(fresh_engine)) == set(NCT_IDS.values()) - {"NCT03630471"}


def test_a_truncated_zip_keeps_the_members_before_the_damage(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    members = {n: STUDIES[n] for n in sorted(STUDIES) if n != "NCT02278341.json"}
    whole = build_zip(tmp_path / "whole.zip", members, zipfile.ZIP_STORED).read_bytes()
    with zipfile.ZipFile(tmp_path / "whole.zip") as zf:
        cut = zf.getinfo("NCT03630471.json").header_offset + 100  # inside the 7th member
    (d / "bulk.zip").write_bytes(whole[:cut])

    report = load(fresh_engine, d)

    before = sorted(members)[:6]
    assert sorted(report.loaded) == [f"bulk.zip!/{n}" for n in before]
    ((name, reason),) = report.failed
    assert name == "bulk.zip"
    assert reason.startswith("truncated: the archive ends inside member 'NCT03630471.json'")
    assert "the 6 members before the damage were read" in reason

    (d / "bulk.zip").write_bytes(whole)  # the download completes
    report = load(fresh_engine, d)
    assert report.removed == ["bulk.zip"] and report.failed == []
    assert sorted(report.loaded) == [f"bulk.zip!/{n}" for n in sorted(members)[6:]]

    (d / "bulk.zip").write_bytes(whole[:cut])  # damaged again: nothing past the damage goes
    report = load(fresh_engine, d)
    assert report.removed == [] and [n for n, _ in report.failed] == ["bulk.zip"]
    assert set(served_from(fresh_engine)) == {NCT_IDS[n] for n in members}


def wrong_type() -> bytes:
    s = study("NCT00763412.json")
    s["protocolSection"]["identificationModule"]["briefTitle"] = ["not", "a", "string"]
    return json.dumps(s).encode()


def test_every_hostile_input_is_reported_by_name_and_the_rest_load(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    for p in HOSTILE.glob("*"):
        if p.name != "PROVENANCE":
            shutil.copy(p, d / p.name)
    (d / "good.json").write_bytes(STUDIES["NCT03418623.json"])
    (d / "wrong-type.json").write_bytes(wrong_type())
    (d / "no-protocol.json").write_text(json.dumps({"derivedSection": {}, "hasResults": False}))
    (d / "corrupt.zip").write_bytes(b"PK\x03\x04" + random.Random(1).randbytes(3000))
    build_zip(
        d / "bulk.zip",
        {
            "NCT03475563.json": STUDIES["NCT03475563.json"],
            "error.html": (HOSTILE / "Invalid-nct-id.html").read_bytes(),
            "v1.json": (HOSTILE / "NCT02028676-api-v1-full-studies.json").read_bytes(),
            "feed.xml": (HOSTILE / "covid_search.xml").read_bytes(),
            "wrong-type.json": wrong_type(),
            "notes.json": b'{"hello": "world"}',
            "picture.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
            "huge.json": random.Random(2).randbytes(9 << 20),
            "bomb.json": bytes(5 << 20),
            "NCT03630471.json": STUDIES["NCT03630471.json"],
        },
    )

    report = load(fresh_engine, d)

    v1 = "the retired API v1 format (FullStudiesResponse): read the study from API v2 instead"
    html = "an HTML page ('Invalid URL Path - ClinicalTrials.gov'), not a study record"
    rss = "an RSS feed (a list of search results), not a study record"
    wrong = "protocolSection.identificationModule.briefTitle: expected a string, got an array"
    failed = dict(report.failed)
    assert {name: failed[name] for name in failed if not name.startswith(("bulk", "corrupt"))} == {
        "Invalid-nct-id.html": html,
        "NCT02028676-api-v1-full-studies.json": v1,
        "covid_search.xml": rss,
        "wrong-type.json": wrong,
        "no-protocol.json": "a study without protocolSection",
    }
    assert {n: r for n, r in failed.items() if n.startswith("bulk.zip!/") and "bomb" not in n} == {
        "bulk.zip!/error.html": html,
        "bulk.zip!/v1.json": v1,
        "bulk.zip!/feed.xml": rss,
        "bulk.zip!/wrong-type.json": wrong,
        "bulk.zip!/notes.json": "JSON that is not a ClinicalTrials.gov study (its keys: hello)",
        "bulk.zip!/picture.png": "the document is binary (it contains NUL bytes)",
        "bulk.zip!/huge.json": "over the size limit: the member declares 9,437,184 bytes "
        "uncompressed, the limit is 8 MiB",
    }
    assert failed["bulk.zip!/bomb.json"].startswith("a ZIP bomb: the member declares 5,242,880")
    assert failed["corrupt.zip"] == (
        "truncated: the archive ends inside a member header (zipfile: File is not a zip file)"
    )
    assert sorted(report.loaded) == [
        "bulk.zip!/NCT03475563.json", "bulk.zip!/NCT03630471.json", "good.json",
    ]  # fmt: skip
    assert set(served_from(fresh_engine)) == {"NCT03418623", "NCT03475563", "NCT03630471"}
    statuses = sources(fresh_engine)
    assert {name for name, row in statuses.items() if row[0] == "failed"} == set(failed)


def test_a_file_too_large_for_its_kind_is_refused_unread(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    page = {"studies": [study(n) for n in sorted(STUDIES)] * 60}  # a big page: JSON may be
    (d / "page.json").write_text(json.dumps(page))
    assert os.path.getsize(d / "page.json") > 5 << 20
    (d / "big.xml").write_bytes((XML / "NCT00023673.xml").read_bytes() * 200)

    report = load(fresh_engine, d)

    size = os.path.getsize(d / "big.xml")
    assert report.failed == [
        ("big.xml", f"the document is too large ({size} bytes; the limit is 5242880)")
    ]
    assert len(report.loaded) == 9 and len(report.superseded) == len(page["studies"]) - 9


def test_a_zip_loaded_by_parallel_workers_gives_the_same_database(fresh_engine, tmp_path):
    """Batches of members stored side by side, copies of one study among them in different
    batches: each study is decided once, as in one process (the first name keeps a tie)."""
    d = tmp_path / "seed"
    d.mkdir()
    members = dict(STUDIES) | {f"copy/{n}": data for n, data in STUDIES.items()}
    build_zip(d / "bulk.zip", members)

    report = load_directory(fresh_engine, d, render=render_trial_json, workers=2, batch_size=3)

    assert report.failed == []
    assert sorted(report.loaded) == sorted(
        f"bulk.zip!/{n}" for n in STUDIES if n != "NCT02552212.json"
    )
    assert len(report.superseded) == len(members) - len(report.loaded)
    assert served_from(fresh_engine) == {
        nct: f"bulk.zip!/{n}" for n, nct in NCT_IDS.items() if n != "NCT02552212.json"
    }
    statuses = sources(fresh_engine)
    assert {n for n, row in statuses.items() if row[0] == "superseded"} == {
        n for n, _ in report.superseded
    }
