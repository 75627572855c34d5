"""Each trial's condition concepts (``trials.condition_concepts``, JSONB, ~600 bytes) stored
with lz4 rather than pglz, where the server has it (as migration 0014 did for the large
values).

``POST /v1/match`` reads the document of each of its up to 2,000 candidates; about half of
them are stored compressed (a row over PostgreSQL's 2 KB threshold compresses its larger
values), and pglz's decompression was ~17 µs a document against ~7 µs for lz4, measured on
the same 1,779 candidates at 500,000 trials: some 20 ms of a match request. Values stored
before keep pglz until they are written again (a reload or a sync of their study).

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SET = "ALTER TABLE trials ALTER COLUMN condition_concepts SET COMPRESSION {}"


def upgrade() -> None:
    lz4 = op.get_bind().scalar(
        sa.text(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
    )
    if lz4:
        op.execute(SET.format("lz4"))


def downgrade() -> None:
    op.execute(SET.format("default"))
