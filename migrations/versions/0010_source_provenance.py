"""Where each source came from, and which source holds a trial when several hold one NCT id.

``source_documents`` gains the provenance of every source (a file, a member of a bulk ZIP, a
sync from the registry's API), the record's format (``layout`` is renamed ``format``: classic,
modern, ctgov-json, ctgov-xml), its last-update date (the precedence between two sources of one
study), a change key (a file's sha256, a ZIP member's CRC-32 and size: unchanged sources are
skipped without being parsed), whether a seed of SEED_DIR mirrors it (only those are pruned when
their file is gone), the seed run that first stored it (the tie-break: the earlier-loaded source
keeps the trial), and for a ``superseded`` source its parsed record, so that it can become
current again when the source that won goes.

Rows stored before this revision came from the seed directory's files; the loader version of
this branch reloads them, which fills in the rest.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS = "status IN ('loaded', 'failed', 'superseded')"
ORIGIN = "origin IN ('file', 'archive', 'sync')"


def upgrade() -> None:
    op.alter_column("source_documents", "layout", new_column_name="format")
    op.add_column(
        "source_documents",
        sa.Column("origin", sa.Text(), nullable=False, server_default="file"),
    )
    op.add_column("source_documents", sa.Column("container", sa.Text()))
    op.add_column("source_documents", sa.Column("last_update", sa.Date()))
    op.add_column("source_documents", sa.Column("change_key", sa.Text()))
    op.add_column(
        "source_documents",
        sa.Column("mirrored", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("source_documents", sa.Column("first_run_id", sa.BigInteger()))
    op.add_column("source_documents", sa.Column("record", JSONB()))
    op.execute("UPDATE source_documents SET container = name, mirrored = true, change_key = sha256")
    op.drop_constraint("source_documents_status", "source_documents", type_="check")
    op.create_check_constraint("source_documents_status", "source_documents", STATUS)
    op.create_check_constraint("source_documents_origin", "source_documents", ORIGIN)
    op.create_index("ix_source_documents_nct_id", "source_documents", ["nct_id"])
    op.create_index("ix_source_documents_container", "source_documents", ["container"])


def downgrade() -> None:
    op.drop_index("ix_source_documents_container", "source_documents")
    op.drop_index("ix_source_documents_nct_id", "source_documents")
    op.drop_constraint("source_documents_origin", "source_documents", type_="check")
    op.drop_constraint("source_documents_status", "source_documents", type_="check")
    op.execute("DELETE FROM source_documents WHERE status = 'superseded'")
    op.create_check_constraint(
        "source_documents_status", "source_documents", "status IN ('loaded', 'failed')"
    )
    for column in ("record", "first_run_id", "mirrored", "change_key", "last_update"):
        op.drop_column("source_documents", column)
    op.drop_column("source_documents", "container")
    op.drop_column("source_documents", "origin")
    op.alter_column("source_documents", "format", new_column_name="layout")
