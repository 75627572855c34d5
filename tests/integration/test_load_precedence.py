"""Which source holds a study that several sources hold: the later last update, then the
registry's own format over a page rendering, then the one loaded first. A superseded source
takes the trial back when the source that won goes; a seed never removes what a sync stored."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sqlalchemy import select, text

import seed.load.worker as worker_module
from schemas.trial_json import render_trial_json
from seed.load import SourceItem, load_directory, store_items
from seed.parse import parse_document
from store import models as m
from tests.support.paths import DOCUMENTS, REGISTRY

NEWER = REGISTRY / "xml" / "NCT00513591.xml"  # last update 2017-06-16
OLDER = REGISTRY / "changed" / "NCT00513591_mod.xml"  # the same study, 2016-06-15
LATER_FIRST = "NCT00513591 is current from {winner}: last update 2017-06-16, this one 2016-06-15"


def load(engine, directory: Path):
    return load_directory(engine, directory, render=render_trial_json, workers=1)


def holder(engine, nct_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(
            select(m.SourceDocument.name)
            .join(m.Trial, m.Trial.source_document_id == m.SourceDocument.id)
            .where(m.Trial.nct_id == nct_id)
        )


def status(engine, name: str) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(
            select(m.SourceDocument.status, m.SourceDocument.error).where(
                m.SourceDocument.name == name
            )
        ).one()
    return tuple(row)


def sync_item(path: Path, nct_id: str) -> SourceItem:
    """A record as a sync brings it: origin ``sync``, no container."""
    data = path.read_bytes()
    name = f"ctgov-api!/{nct_id}"
    record = parse_document(name, data)
    return SourceItem(name, "sync", None, hashlib.sha256(data).hexdigest(), record)


def test_the_later_last_update_wins_in_either_order(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    shutil.copy(OLDER, d / "older.xml")
    load(fresh_engine, d)
    assert holder(fresh_engine, "NCT00513591") == "older.xml"

    shutil.copy(NEWER, d / "newer.xml")  # a later download arrives
    report = load(fresh_engine, d)
    reason = LATER_FIRST.format(winner="newer.xml")
    assert report.loaded == ["newer.xml"]
    assert report.superseded == [("older.xml", reason)]
    assert holder(fresh_engine, "NCT00513591") == "newer.xml"
    assert status(fresh_engine, "older.xml") == ("superseded", reason)

    (d / "newer.xml").unlink()  # the winner goes: the older one is current again, same run
    report = load(fresh_engine, d)
    assert report.removed == ["newer.xml"] and report.loaded == ["older.xml"]
    assert holder(fresh_engine, "NCT00513591") == "older.xml"
    assert status(fresh_engine, "older.xml") == ("loaded", None)
    assert load(fresh_engine, d).unchanged == ["older.xml"]  # and stays so


def test_on_the_same_date_the_registry_format_wins_over_a_page(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    shutil.copy(DOCUMENTS / "000_46e7e372a9101ccc.txt", d / "page.txt")  # 2020-03-19
    load(fresh_engine, d)
    xml = (REGISTRY / "xml" / "NCT00023673.xml").read_text(encoding="utf-8")
    xml = xml.replace("NCT00023673", "NCT02713984").replace(
        '<last_update_posted type="Actual">December 22, 2017',
        '<last_update_posted type="Actual">March 19, 2020',
    )
    (d / "registry.xml").write_text(xml, encoding="utf-8")

    report = load(fresh_engine, d)

    assert report.loaded == ["registry.xml"]
    assert report.superseded == [
        ("page.txt", "NCT02713984 is current from registry.xml: last update 2020-03-19 for "
         "both, and the registry's own format (ctgov-xml) comes before a page rendering "
         "(classic)"),
    ]  # fmt: skip
    assert holder(fresh_engine, "NCT02713984") == "registry.xml"


def test_the_alias_pair_one_superseded_and_back_when_the_other_goes(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    for name in ("NCT00081588.xml", "NCT00980226.xml"):  # one study, one file named by its alias
        shutil.copy(REGISTRY / "xml" / name, d / name)
    report = load(fresh_engine, d)
    assert report.loaded == ["NCT00081588.xml"]
    assert report.superseded == [
        ("NCT00980226.xml", "NCT00081588 is current from NCT00081588.xml: last update "
         "2014-06-20 for both, both are in the registry's own formats, and it was loaded first"),
    ]  # fmt: skip

    (d / "NCT00081588.xml").unlink()
    report = load(fresh_engine, d)
    assert report.removed == ["NCT00081588.xml"] and report.loaded == ["NCT00980226.xml"]
    assert holder(fresh_engine, "NCT00081588") == "NCT00980226.xml"


def test_a_superseded_record_comes_back_without_its_document(fresh_engine, tmp_path, monkeypatch):
    """A sync brought an older version than the seed's: kept as superseded, with its record,
    it takes the trial over when the seed's document goes, though nothing can read it again."""
    d = tmp_path / "seed"
    d.mkdir()
    shutil.copy(NEWER, d / "newer.xml")
    load(fresh_engine, d)
    report = store_items(fresh_engine, [sync_item(OLDER, "NCT00513591")], render=render_trial_json)
    assert report.superseded == [("ctgov-api!/NCT00513591", LATER_FIRST.format(winner="newer.xml"))]

    reads, read_file = [], worker_module.read_file
    monkeypatch.setattr(
        worker_module, "read_file", lambda unit: reads.append(unit) or read_file(unit)
    )
    (d / "newer.xml").unlink()
    (d / "other.txt").write_bytes((DOCUMENTS / "003_bd2f6d907527c583.txt").read_bytes())
    report = load(fresh_engine, d)

    assert report.removed == ["newer.xml"]
    assert sorted(report.loaded) == ["ctgov-api!/NCT00513591", "other.txt"]
    assert holder(fresh_engine, "NCT00513591") == "ctgov-api!/NCT00513591"
    assert [u.name for u in reads] == ["other.txt"]


def test_sync_sources_are_never_pruned_by_a_seed(fresh_engine, tmp_path):
    d = tmp_path / "seed"
    d.mkdir()
    shutil.copy(DOCUMENTS / "003_bd2f6d907527c583.txt", d / "page.txt")
    item = sync_item(REGISTRY / "xml" / "NCT00023673.xml", "NCT00023673")
    report = store_items(fresh_engine, [item], render=render_trial_json, label="sync")
    assert report.loaded == ["ctgov-api!/NCT00023673"]

    load(fresh_engine, d)
    (d / "page.txt").unlink()
    (d / "another.txt").write_bytes((DOCUMENTS / "004_e177973aeb9f0c47.txt").read_bytes())
    report = load(fresh_engine, d)

    assert report.removed == ["page.txt"]
    assert holder(fresh_engine, "NCT00023673") == "ctgov-api!/NCT00023673"
    with fresh_engine.connect() as conn:
        row = conn.execute(
            text("SELECT origin, container, mirrored FROM source_documents WHERE name = :n"),
            {"n": "ctgov-api!/NCT00023673"},
        ).one()
    assert tuple(row) == ("sync", None, False)


def test_store_items_is_idempotent_and_replaces_a_changed_record(fresh_engine):
    items = [sync_item(REGISTRY / "xml" / n, n[:11]) for n in ("NCT00023673.xml", NEWER.name)]
    first = store_items(fresh_engine, items, render=render_trial_json)
    assert sorted(first.loaded) == ["ctgov-api!/NCT00023673", "ctgov-api!/NCT00513591"]
    with fresh_engine.connect() as conn:
        ids = conn.execute(text("SELECT nct_id, id FROM trials ORDER BY 1")).all()

    again = store_items(fresh_engine, items, render=render_trial_json)
    assert again.loaded == [] and sorted(again.unchanged) == sorted(first.loaded)
    with fresh_engine.connect() as conn:
        assert conn.execute(text("SELECT nct_id, id FROM trials ORDER BY 1")).all() == ids

    changed = store_items(
        fresh_engine, [sync_item(OLDER, "NCT00513591")], render=render_trial_json
    )  # the same source name, another version: it replaces the trial, whatever its date
    assert changed.loaded == ["ctgov-api!/NCT00513591"]
    with fresh_engine.connect() as conn:
        updated = conn.scalar(
            text("SELECT last_update_posted FROM trials WHERE nct_id = 'NCT00513591'")
        )
    assert updated == "2016-06-15"
