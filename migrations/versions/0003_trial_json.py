"""Each trial's full record as served, serialised once at load time.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trial_json",
        sa.Column("nct_id", sa.Text(), primary_key=True),
        sa.Column(
            "trial_id",
            sa.BigInteger(),
            sa.ForeignKey("trials.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("etag", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("trial_json")
