"""Typed eligibility facts, one row per fact read from a criterion (``POST /v1/match``).

Existing trials get their facts when the seed job reloads them (``LOADER_VERSION`` 8).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "criterion_facts",
        sa.Column(
            "trial_id",
            sa.BigInteger(),
            sa.ForeignKey("trials.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.SmallInteger(), primary_key=True),
        sa.Column("list", sa.Text(), nullable=False),
        sa.Column("ordinal", sa.SmallInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("effect", sa.Text(), nullable=False),
        sa.Column("operator", sa.Text(), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("value_max", sa.Float()),
        sa.Column("unit", sa.Text()),
        sa.Column("relative_to", sa.Text()),
        sa.Column("values", pg.ARRAY(sa.Text()), nullable=False, server_default="{}"),
        sa.Column("as_written", sa.Text()),
        sa.Column("applies_when", sa.Text()),
        sa.Column("exception", sa.Text()),
        sa.Column("alternative", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("span", sa.Text(), nullable=False),
        sa.CheckConstraint("list IN ('inclusion', 'exclusion')", name="criterion_facts_list"),
        sa.CheckConstraint("effect IN ('REQUIRE', 'EXCLUDE')", name="criterion_facts_effect"),
    )


def downgrade() -> None:
    op.drop_table("criterion_facts")
