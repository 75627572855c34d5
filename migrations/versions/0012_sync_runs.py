"""The registry sync's runs and cursor: one row per sync of the changes since a date.

A sync walks the registry's pages of studies changed since ``since``; after each page is
stored, ``page_token`` (the next page to fetch) and the counts are committed here, so a sync
killed half-way resumes from its row. ``data_timestamp`` is the registry's data time when the
sync began (read before its first page): the next sync asks for the changes since that date.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_runs",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("base_url", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("data_timestamp", sa.DateTime(timezone=True)),
        sa.Column("page_token", sa.Text()),
        sa.Column("status", sa.Text(), nullable=False, server_default="running"),
        sa.Column(
            "started_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("total", sa.Integer()),
        sa.Column("pages", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("studies", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("loaded", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("failed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("superseded", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("moved", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.CheckConstraint(
            "status IN ('running', 'succeeded', 'failed', 'abandoned')", name="sync_runs_status"
        ),
    )


def downgrade() -> None:
    op.drop_table("sync_runs")
