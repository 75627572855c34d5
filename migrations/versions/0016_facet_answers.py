"""Filtered /v1/stats answers counted at each recount, for the filters that match many trials
(one status, phase, study type or intervention type, a status with a phase, a listed country or
condition): a first request for one reads a row by its filters' key instead of counting them.

Empty until the next recount (a load, a sync or an admin change): until then every filtered
answer is counted live, as before.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "facet_answers",
        sa.Column("filters", sa.Text(), primary_key=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("facet_answers")
