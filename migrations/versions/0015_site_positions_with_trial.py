"""``ix_locations_latitude`` holds each site's trial too (an INCLUDE column), so the trials
with a site within a circle are read from the index alone (an index-only scan): a count of
``near=`` matches visits no site row and no trial row.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_locations_latitude", table_name="locations")
    op.create_index(
        "ix_locations_latitude",
        "locations",
        ["latitude", "longitude"],
        postgresql_include=["trial_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_locations_latitude", table_name="locations")
    op.create_index("ix_locations_latitude", "locations", ["latitude", "longitude"])
