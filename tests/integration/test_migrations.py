"""The schema is built by Alembic alone, and the models agree with it."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, inspect, text

from service.models import Base
from service.queries.health import head_revision


def test_database_is_at_the_single_head(engine):
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()


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
