"""Keep trial rows narrow: long values (summaries, descriptions, the search vector) move to
TOAST, so the filters, sorts and counts that visit thousands of trials read few pages.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Short arrays read by filters and facets for thousands of rows at a time: kept inline and
# uncompressed, so reading them costs no decompression.
PLAIN = ("phases", "intervention_types", "country_keys", "condition_names", "country_names")


def upgrade() -> None:
    # Rows written from now on; existing rows move on their next rewrite (VACUUM FULL).
    op.execute("ALTER TABLE trials SET (toast_tuple_target = 256)")
    for column in PLAIN:
        op.execute(f"ALTER TABLE trials ALTER COLUMN {column} SET STORAGE PLAIN")


def downgrade() -> None:
    for column in PLAIN:
        op.execute(f"ALTER TABLE trials ALTER COLUMN {column} SET STORAGE EXTENDED")
    op.execute("ALTER TABLE trials RESET (toast_tuple_target)")
