"""The large values a load writes compressed with lz4 rather than pglz, where the server has
it (PostgreSQL 14+ built ``--with-lz4``, as Debian's and the official images are; a build
without it keeps pglz, and nothing else changes).

pglz costs the bulk load's backends about a fifth of their CPU: every trial's served JSON
(``trial_json.body``, ~15 KB) and its longer texts are compressed as they are stored. lz4
compresses them several times faster (and reads them back faster), a few percent larger.
Only how values are stored changes, not what they are: a value stored before keeps pglz until
it is written again, and reads the same either way.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("trial_json", "body"),
    ("trials", "brief_summary"),
    ("trials", "detailed_description"),
    ("trials", "search_vector"),
    ("eligibility", "criteria_text"),
    ("eligibility", "match_facts"),
)


def lz4_available(conn: sa.Connection) -> bool:
    return bool(
        conn.scalar(
            sa.text(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                "WHERE name = 'default_toast_compression'"
            )
        )
    )


def _set(method: str) -> None:
    for table, column in COLUMNS:
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION {method}')


def upgrade() -> None:
    if lz4_available(op.get_bind()):
        _set("lz4")


def downgrade() -> None:
    _set("default")
