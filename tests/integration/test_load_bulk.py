"""Bulk mode (seed.load.bulk): a load into an empty database builds its secondary indexes after
the data is in. It must end with the same schema, serve the same trials as the incremental
path, and a bulk load that fails or is killed part-way must end complete and indexed after a
re-run."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Index, event, text
from sqlalchemy.exc import DBAPIError

import seed.load.bulk as bulk_module
import seed.load.job as job_module
import seed.load.worker as worker_module
from schemas.trial_json import render_trial_json
from seed.load import import_paths, inputs_for
from seed.load.facets import refresh_facets
from store.engine import make_engine
from store.indexes import (
    add_foreign_keys,
    build_indexes,
    fk_name,
    missing_foreign_keys,
    missing_indexes,
    paused_autovacuum,
)
from store.migrate import migrate
from tests.support import databases
from tests.support.archives import build_zip
from tests.support.paths import REGISTRY, ROOT

SAMPLE_DIRS = (ROOT / "seed" / "documents" / "registry", REGISTRY)
ALIASED = {"NCT02278341"}  # another download of NCT02552212 (tests/data/registry/README.md)
BROKEN = b'{"protocolSection": {"identificationModule": {"nctId": 42}}}'


def registry_zip(path: Path, *, one_per_study: bool = False) -> Path:
    """Every registry sample (API v2 JSON and legacy XML) as members of one bulk ZIP, and a
    broken study; ``one_per_study``: one source of each NCT id (no precedence to decide, which
    weighs the run that stored each source)."""
    members, stems = {}, set()
    for d in SAMPLE_DIRS:
        for kind in ("json", "xml"):
            for p in sorted((d / kind).glob("NCT*")):
                if one_per_study and (p.stem in stems or p.stem in ALIASED):
                    continue
                stems.add(p.stem)
                members[f"{d.parent.name}-{d.name}-{kind}/{p.name}"] = p.read_bytes()
    assert len(members) >= 25
    return build_zip(path, {**members, "broken/NCT99999999.json": BROKEN})


def load(engine, path: Path, workers: int = 1, batch_size: int = 500):
    inputs = inputs_for([path])
    return import_paths(
        engine, inputs, render=render_trial_json, workers=workers, batch_size=batch_size
    )


def indexes(engine) -> set[tuple[str, str]]:
    """The schema's indexes and constraints (foreign keys among them), by name and definition."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE connamespace = current_schema()::regnamespace"
            )
        )
        return {(r[0], r[1]) for r in rows}


def served(engine) -> dict[str, dict]:
    """nct_id -> the served JSON, its load time left out."""
    with engine.connect() as conn:
        bodies = {r[0]: r[1] for r in conn.execute(text("SELECT nct_id, body FROM trial_json"))}
    out = {}
    for nct_id, body in bodies.items():
        doc = json.loads(body)
        assert doc["source"].pop("loaded_at")
        out[nct_id] = doc
    return out


def searched(engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT nct_id, search_vector::text FROM trials"))
        return {r[0]: r[1] for r in rows}


@pytest.fixture
def other_engine(server_url: str):
    with databases.migrated_database(server_url, "trials_bulk") as engine:
        yield engine


@pytest.fixture
def bulk_always(monkeypatch):
    monkeypatch.setattr(bulk_module, "BULK_MIN_STUDIES", 0)


def test_a_bulk_load_ends_with_every_index_and_serves_what_the_incremental_path_serves(
    fresh_engine, other_engine, tmp_path, monkeypatch
):
    archive = registry_zip(tmp_path / "ctg-studies.json.zip")
    migrated = indexes(other_engine)
    monkeypatch.setattr(bulk_module, "BULK_MIN_STUDIES", 10**9)
    incremental = load(other_engine, archive)
    assert not incremental.bulk
    monkeypatch.setattr(bulk_module, "BULK_MIN_STUDIES", 0)
    paused_during_the_load = []

    def build_indexes(engine, indexes):  # called when the trials are in, before it all ends
        with engine.connect() as conn:
            paused_during_the_load.extend(paused_autovacuum(conn))
        return real_build_indexes(engine, indexes)

    real_build_indexes = bulk_module.build_indexes
    monkeypatch.setattr(bulk_module, "build_indexes", build_indexes)

    # small batches: sources of one study in different batches, a trial replaced in bulk mode
    report = load(fresh_engine, archive, workers=2, batch_size=4)

    assert report.bulk and report.index_seconds > 0
    assert paused_during_the_load == sorted(bulk_module.TRIAL_TABLES)
    with fresh_engine.connect() as conn:
        assert paused_autovacuum(conn) == []
    assert indexes(fresh_engine) == migrated == indexes(other_engine)
    assert [n for n, _ in report.failed] == ["ctg-studies.json.zip!/broken/NCT99999999.json"]
    assert sorted(report.loaded) == sorted(incremental.loaded)
    assert sorted(report.superseded) == sorted(incremental.superseded)
    assert served(fresh_engine) == served(other_engine)
    assert len(served(fresh_engine)) >= 25
    assert searched(fresh_engine) == searched(other_engine)

    again = load(fresh_engine, archive)  # a re-run: nothing to do, and not in bulk mode

    assert not again.bulk and again.loaded == [] and again.failed == report.failed
    assert len(again.unchanged) == len(report.loaded) + len(report.superseded)


def test_a_killed_bulk_load_ends_complete_and_indexed_after_a_rerun(
    fresh_engine, other_engine, tmp_path, monkeypatch, bulk_always
):
    archive = registry_zip(tmp_path / "ctg-studies.json.zip", one_per_study=True)
    load(other_engine, archive)

    real_write = worker_module.write_items
    calls = []

    def dies_on_the_second_batch(engine, items, ctx):
        calls.append(len(items))
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process killed: no index built at the end
        return real_write(engine, items, ctx)

    monkeypatch.setattr(worker_module, "write_items", dies_on_the_second_batch)
    monkeypatch.setattr(bulk_module, "build_indexes", lambda engine, indexes: 0.0)
    monkeypatch.setattr(bulk_module, "add_foreign_keys", lambda engine, fks: None)
    monkeypatch.setattr(job_module, "_chunks", _small_chunks(job_module._chunks))
    with pytest.raises(KeyboardInterrupt):
        load(fresh_engine, archive)
    with fresh_engine.connect() as conn:
        assert missing_indexes(conn)  # the bulk load's indexes were not built, nor its keys
        assert missing_foreign_keys(conn)
        assert conn.scalar(text("SELECT count(*) FROM trials")) > 0
    monkeypatch.undo()

    report = load(fresh_engine, archive)  # trials in the database: incremental, repaired first

    assert not report.bulk and report.index_seconds > 0
    assert indexes(fresh_engine) == indexes(other_engine)
    assert served(fresh_engine) == served(other_engine)


def _small_chunks(chunks):
    return lambda units, size: chunks(units, 10)


def test_migrate_builds_what_a_killed_bulk_load_left_missing(fresh_engine):
    before = indexes(fresh_engine)
    with fresh_engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_trials_search_vector"))
        conn.execute(text("DROP INDEX ix_conditions_name_words"))
        conn.execute(text('ALTER TABLE "references" DROP CONSTRAINT references_trial_id_fkey'))
        conn.execute(text("ALTER TABLE locations SET (autovacuum_enabled = false)"))

    migrate(fresh_engine)

    assert indexes(fresh_engine) == before
    with fresh_engine.connect() as conn:
        assert paused_autovacuum(conn) == []


def test_an_index_build_hit_by_postgresql_bug_18351_is_built_after_a_vacuum(
    fresh_engine, monkeypatch
):
    """A build that meets a deleted row whose TOAST is gone (``missing chunk number 0``,
    SQLSTATE XX001) vacuums the table and builds again."""
    with fresh_engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_trials_search_vector"))
    real_create = Index.create
    failures = []

    def create(self, bind, checkfirst=False):
        if self.name == "ix_trials_search_vector" and not failures:
            failures.append(self.name)
            raise DBAPIError("CREATE INDEX", None, psycopg.errors.DataCorrupted("missing chunk"))
        return real_create(self, bind, checkfirst=checkfirst)

    monkeypatch.setattr(Index, "create", create)
    with fresh_engine.connect() as conn:
        missing = missing_indexes(conn)

    build_indexes(fresh_engine, missing)

    assert failures == ["ix_trials_search_vector"]
    with fresh_engine.connect() as conn:
        assert missing_indexes(conn) == []


def test_index_builds_foreign_keys_and_the_recount_run_without_the_statement_timeout(
    fresh_engine,
):
    """The service's engines cancel a statement after DB_STATEMENT_TIMEOUT_MS (15 s): a GIN
    build, a foreign key's check or the facets recount over the whole registry takes longer,
    so each runs with none (a ``python -m seed import`` of 500,000 studies once stopped at
    its first index build)."""
    engine = make_engine(fresh_engine.url.render_as_string(hide_password=False),
                         statement_timeout_ms=15000)  # fmt: skip
    seen: dict[str, str] = {}

    @event.listens_for(engine, "before_cursor_execute")
    def timeout_in_force(conn, cursor, statement, parameters, context, executemany):
        for kind in ("CREATE INDEX", "ADD CONSTRAINT", "VALIDATE CONSTRAINT",
                     "DELETE FROM facet_counts"):  # fmt: skip
            if kind in statement and kind not in seen:
                with conn.connection.driver_connection.cursor() as probe:
                    seen[kind] = probe.execute("SHOW statement_timeout").fetchone()[0]

    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_trials_search_vector"))
        conn.execute(text('ALTER TABLE "references" DROP CONSTRAINT references_trial_id_fkey'))
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "15s"
    with engine.connect() as conn:
        missing, missing_fks = missing_indexes(conn), missing_foreign_keys(conn)
    assert [ix.name for ix in missing] == ["ix_trials_search_vector"]

    build_indexes(engine, missing)
    add_foreign_keys(engine, missing_fks)
    with engine.begin() as conn:
        refresh_facets(conn)

    assert seen == {"CREATE INDEX": "0", "ADD CONSTRAINT": "0", "VALIDATE CONSTRAINT": "0",
                    "DELETE FROM facet_counts": "0"}  # fmt: skip
    with engine.connect() as conn:  # the pooled connections keep the engine's timeout
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "15s"
    with engine.connect() as conn:
        assert missing_indexes(conn) == [] and missing_foreign_keys(conn) == []
    engine.dispose()


def test_a_foreign_key_left_unchecked_by_a_killed_load_is_checked_by_the_next(fresh_engine):
    """``add_foreign_keys`` adds each foreign key ``NOT VALID``, then checks the rows; a
    process killed between the two leaves one that holds new rows only, which counts as
    missing until it is checked."""
    with fresh_engine.begin() as conn:
        conn.execute(text('ALTER TABLE "references" DROP CONSTRAINT references_trial_id_fkey'))
        conn.execute(
            text(
                'ALTER TABLE "references" ADD CONSTRAINT references_trial_id_fkey '
                "FOREIGN KEY (trial_id) REFERENCES trials (id) ON DELETE CASCADE NOT VALID"
            )
        )
    with fresh_engine.connect() as conn:
        missing = missing_foreign_keys(conn)
    assert [fk_name(fk) for fk in missing] == ["references_trial_id_fkey"]

    add_foreign_keys(fresh_engine, missing)

    with fresh_engine.connect() as conn:
        assert missing_foreign_keys(conn) == []
        checked = conn.scalar(
            text(
                "SELECT convalidated FROM pg_constraint WHERE conname = 'references_trial_id_fkey'"
            )
        )
    assert checked is True


def test_a_foreign_key_whose_rows_break_it_is_refused_and_stays_missing(fresh_engine):
    with fresh_engine.begin() as conn:
        conn.execute(text('ALTER TABLE "keywords" DROP CONSTRAINT keywords_trial_id_fkey'))
        conn.execute(
            text("INSERT INTO keywords (trial_id, ordinal, term) VALUES (987654321, 1, 'orphan')")
        )
    with fresh_engine.connect() as conn:
        missing = missing_foreign_keys(conn)

    with pytest.raises(DBAPIError, match="keywords_trial_id_fkey"):
        add_foreign_keys(fresh_engine, missing)

    with fresh_engine.connect() as conn:
        assert [fk_name(fk) for fk in missing_foreign_keys(conn)] == ["keywords_trial_id_fkey"]
