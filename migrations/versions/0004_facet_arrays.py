"""Condition and country names denormalised onto trials, so facet counts over a filtered set
are one pass over the matching trials, with no join.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name in ("condition_names", "country_names"):
        op.add_column(
            "trials", sa.Column(name, pg.ARRAY(sa.Text()), nullable=False, server_default="{}")
        )
    op.execute(
        "UPDATE trials t SET condition_names = coalesce(c.names, '{}') FROM ("
        " SELECT trial_id, array_agg(name ORDER BY ordinal) AS names FROM conditions"
        " GROUP BY trial_id) c WHERE c.trial_id = t.id"
    )
    op.execute(
        "UPDATE trials t SET country_names = coalesce(l.names, '{}') FROM ("
        " SELECT trial_id, array_agg(DISTINCT country ORDER BY country) AS names FROM locations"
        " WHERE country IS NOT NULL GROUP BY trial_id) l WHERE l.trial_id = t.id"
    )


def downgrade() -> None:
    op.drop_column("trials", "country_names")
    op.drop_column("trials", "condition_names")
