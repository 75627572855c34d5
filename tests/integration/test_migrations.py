"""The schema is built by Alembic alone, and the models agree with it."""

from __future__ import annotations

import importlib.util
import json
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, inspect, text

from service.queries.health import head_revision
from store.models import Base
from tests.support.databases import alembic_heads, database_revisions, load_seeds
from tests.support.paths import ROOT


def test_database_is_at_the_single_head(engine):
    """`alembic heads` (one head: no unmerged branches) == `alembic current` of the database,
    and it is the revision the service expects."""
    heads = alembic_heads()
    assert len(heads) == 1, heads
    assert database_revisions(engine) == heads
    assert head_revision() == heads[0]


def _is_expression_index(item) -> bool:
    kind, *rest = item if isinstance(item, tuple) else (None,)
    return kind in ("add_index", "remove_index") and any(
        not isinstance(e, Column) for e in rest[0].expressions
    )


def test_models_match_the_migrated_schema(engine):
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Alembic cannot compare expression indexes by their text; their names are checked below.
    assert [d for d in diff if not _is_expression_index(d)] == []


def test_every_index_of_the_models_exists(engine):
    in_db = {
        ix["name"]
        for table in inspect(engine).get_table_names()
        for ix in inspect(engine).get_indexes(table)
        if not ix.get("duplicates_constraint")  # a UNIQUE constraint's own index
    }
    in_models = {ix.name for table in Base.metadata.tables.values() for ix in table.indexes}
    assert in_models - in_db == set()
    assert in_db - in_models == set()


def test_match_document_backfill_equals_what_the_loader_writes(fresh_engine):
    """Migration 0009 fills eligibility.match_facts for rows stored before it, in SQL; it
    must be the very document the loader writes (domain.eligibility.facts.encode_facts)."""
    path = next((ROOT / "migrations" / "versions").glob("0009_*.py"))
    spec = importlib.util.spec_from_file_location("m0009", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    load_seeds(fresh_engine)
    with fresh_engine.begin() as conn:
        written = dict(conn.execute(text("SELECT trial_id, match_facts FROM eligibility")).all())
        conn.execute(text(migration.BACKFILL))
        filled = dict(conn.execute(text("SELECT trial_id, match_facts FROM eligibility")).all())
    assert len(written) == 5
    for tid, document in written.items():
        assert json.loads(filled[tid]) == json.loads(document)
    assert sum(len(json.loads(d)["facts"]) for d in written.values()) == 128


def test_the_values_a_load_writes_large_are_compressed_with_lz4(engine):
    """Migrations 0014 and 0018: on a server built with lz4, the large values and the
    condition concepts a match reads for each candidate are written with it; on one without,
    every column keeps the server's default."""
    with engine.connect() as conn:
        lz4 = conn.scalar(text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                               "WHERE name = 'default_toast_compression'"))  # fmt: skip
        methods = dict(
            conn.execute(
                text(
                    "SELECT attrelid::regclass || '.' || attname, attcompression FROM pg_attribute"
                    " WHERE attrelid IN ('trials'::regclass, 'trial_json'::regclass,"
                    " 'eligibility'::regclass) AND attcompression <> ''"
                )
            ).all()
        )
    columns = (
        "trial_json.body", "trials.brief_summary", "trials.detailed_description",
        "trials.search_vector", "trials.condition_concepts", "eligibility.criteria_text",
        "eligibility.match_facts",
    )  # fmt: skip
    assert methods == ({column: "l" for column in columns} if lz4 else {})
