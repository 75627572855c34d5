"""The seed job on PostgreSQL: idempotence, replacement, broken documents, concurrency."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from schemas.trial_json import render_trial_json
from seed.load import load_directory
from store import models as m
from tests.support.paths import ROOT, copy_documents

TABLES = [
    "trials", "conditions", "keywords", "mesh_terms", "sponsors", "officials", "contacts",
    "locations", "location_contacts", "location_investigators", "references", "arms",
    "interventions", "arm_interventions", "eligibility", "criteria", "outcomes",
    "source_documents",
]  # fmt: skip


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in TABLES}


def snapshot(engine) -> list[tuple]:
    """Every trial's content (without surrogate ids and timestamps), for equality checks."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT t.nct_id, t.brief_title, t.overall_status, s.name, s.sha256, s.status, "
                "(SELECT array_agg(name ORDER BY ordinal) FROM conditions c "
                " WHERE c.trial_id = t.id), "
                "(SELECT count(*) FROM criteria c WHERE c.trial_id = t.id) "
                "FROM trials t JOIN source_documents s ON s.id = t.source_document_id "
                "ORDER BY t.nct_id"
            )
        ).all()


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    return copy_documents(tmp_path / "docs")


def test_loads_every_seed_document(fresh_engine, seed_dir):
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert sorted(report.loaded) == sorted(p.name for p in seed_dir.iterdir())
    assert report.failed == [] and report.unchanged == []
    c = counts(fresh_engine)
    assert c["trials"] == 5 and c["source_documents"] == 5 and c["eligibility"] == 5
    assert c["arm_interventions"] >= 5


def test_second_run_changes_nothing(fresh_engine, seed_dir):
    load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    before_counts, before = counts(fresh_engine), snapshot(fresh_engine)
    with fresh_engine.connect() as conn:
        ids_before = conn.execute(text("SELECT nct_id, id FROM trials ORDER BY 1")).all()
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert report.loaded == [] and report.failed == []
    assert len(report.unchanged) == 5
    assert counts(fresh_engine) == before_counts
    assert snapshot(fresh_engine) == before
    with fresh_engine.connect() as conn:
        assert conn.execute(text("SELECT nct_id, id FROM trials ORDER BY 1")).all() == ids_before


def test_changed_document_replaces_its_trial(fresh_engine, seed_dir):
    load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    doc = seed_dir / "000_46e7e372a9101ccc.txt"
    changed = doc.read_text().replace(
        "Breast Cancer Ovarian Cancer Lung Cancer Gastric Cancer Colorectal Cancer Glioma "
        "Pancreatic Cancer",
        "Breast Cancer",
    )
    doc.write_text(changed.replace("- HIV affected.\n", ""))
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert report.loaded == ["000_46e7e372a9101ccc.txt"]
    assert len(report.unchanged) == 4
    with fresh_engine.connect() as conn:
        tid = conn.scalar(select(m.Trial.id).where(m.Trial.nct_id == "NCT02713984"))
        conditions = conn.scalars(select(m.Condition.name).where(m.Condition.trial_id == tid)).all()
        exclusions = conn.scalar(
            select(func.count()).where(m.Criterion.trial_id == tid, m.Criterion.kind == "exclusion")
        )
        assert conn.scalar(select(func.count()).select_from(m.Trial)) == 5
    assert conditions == ["Breast Cancer"]
    assert exclusions == 6


def test_broken_documents_are_reported_and_the_rest_load(fresh_engine, seed_dir):
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "binary.bin").write_bytes(bytes(range(256)) * 4)
    (seed_dir / "no-id.txt").write_text("A title\n\nNothing about any trial here.\n")
    (seed_dir / "other-layout.txt").write_text("Some page\nmentions NCT01234567 in passing\n")
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert len(report.loaded) == 5
    assert dict(report.failed) == {
        "binary.bin": "the document is binary (it contains NUL bytes)",
        "empty.txt": "the document is empty",
        "no-id.txt": "no NCT id: this is not a trial record",
        "other-layout.txt": "unknown layout: neither 'ClinicalTrials.gov Identifier: NCT…' "
        "nor 'NCT ID: NCT…' found",
    }
    with fresh_engine.connect() as conn:
        rows = dict(
            conn.execute(
                select(m.SourceDocument.name, m.SourceDocument.status).where(
                    m.SourceDocument.status == "failed"
                )
            ).all()
        )
    assert rows == {name: "failed" for name in dict(report.failed)}


def test_duplicate_nct_id_is_superseded_not_loaded_twice(fresh_engine, seed_dir):
    shutil.copy(seed_dir / "000_46e7e372a9101ccc.txt", seed_dir / "zzz_copy.txt")
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert report.failed == []
    assert report.superseded == [
        ("zzz_copy.txt", "NCT02713984 is current from 000_46e7e372a9101ccc.txt: last update "
         "2020-03-19 for both, both are page renderings, and it was loaded first")
    ]  # fmt: skip
    assert counts(fresh_engine)["trials"] == 5


def test_removed_document_removes_its_trial(fresh_engine, seed_dir):
    load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    (seed_dir / "004_e177973aeb9f0c47.txt").unlink()
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert report.removed == ["004_e177973aeb9f0c47.txt"]
    with fresh_engine.connect() as conn:
        assert conn.scalar(select(func.count()).where(m.Trial.nct_id == "NCT06224738")) == 0
    assert counts(fresh_engine)["trials"] == 4


def test_parallel_parsing_gives_the_same_database(fresh_engine, seed_dir):
    for i in range(80):  # enough documents for the process pool to be used
        text_ = (seed_dir / "002_982eccef9937b4d5.txt").read_text()
        (seed_dir / f"synthetic_{i:03d}.txt").write_text(
            text_.replace("NCT05681650", f"NCT9{i:07d}")
        )
    report = load_directory(
        fresh_engine, seed_dir, render=render_trial_json, workers=2, batch_size=25
    )
    assert len(report.loaded) == 85 and report.failed == []
    assert counts(fresh_engine)["trials"] == 85


def test_two_processes_seeding_at_once_load_each_document_once(fresh_engine, seed_dir):
    env = dict(os.environ, DATABASE_URL=fresh_engine.url.render_as_string(hide_password=False))
    cmd = [sys.executable, "-m", "seed", "load", str(seed_dir)]
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    summaries = sorted(line for out in outputs for line in out.splitlines() if "seed: " in line)
    assert any("loaded 5, unchanged 0, failed 0" in s for s in summaries), summaries
    assert any("loaded 0, unchanged 5, failed 0" in s for s in summaries), summaries
    c = counts(fresh_engine)
    assert c["trials"] == 5 and c["source_documents"] == 5
    with fresh_engine.connect() as conn:
        runs = conn.execute(text("SELECT loaded, unchanged FROM seed_runs ORDER BY id")).all()
    assert sorted(runs) == [(0, 5), (5, 0)]


def test_documents_stored_by_an_older_loader_are_reloaded(fresh_engine, seed_dir):
    load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    with fresh_engine.begin() as conn:
        conn.execute(text("UPDATE source_documents SET loader_version = loader_version - 1"))
        conn.execute(text("DELETE FROM trial_json"))  # as if an older loader had not made it
    report = load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1)
    assert len(report.loaded) == 5 and report.unchanged == []
    assert counts(fresh_engine)["trials"] == 5
    with fresh_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM trial_json")) == 5
    assert (
        len(load_directory(fresh_engine, seed_dir, render=render_trial_json, workers=1).unchanged)
        == 5
    )
