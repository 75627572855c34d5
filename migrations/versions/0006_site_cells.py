"""Each trial's site grid cells (1° × 1°), so ``near=`` is answered on the trial row itself.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "trials",
        sa.Column("site_cells", pg.ARRAY(sa.Integer()), nullable=False, server_default="{}"),
    )
    op.execute("ALTER TABLE trials ALTER COLUMN site_cells SET STORAGE PLAIN")
    op.execute(
        "UPDATE trials t SET site_cells = c.cells FROM ("
        " SELECT trial_id, array_agg(DISTINCT ((floor(latitude) + 90) * 360"
        " + floor(longitude) + 180)::int) AS cells"
        " FROM locations WHERE latitude IS NOT NULL GROUP BY trial_id) c"
        " WHERE c.trial_id = t.id"
    )
    op.create_index("ix_trials_site_cells", "trials", ["site_cells"], postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_trials_site_cells", table_name="trials")
    op.drop_column("trials", "site_cells")
