"""Each trial's criteria facts as one compact JSON document on its eligibility row, so that
``POST /v1/match`` reads one row per candidate instead of a row per fact and per criterion.

Existing rows are filled from ``criterion_facts`` and ``criteria`` here (the same document the
loader writes: ``domain.eligibility.facts.encode_facts``), so upgrading needs no reload.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
UPDATE eligibility e SET match_facts = json_build_object(
    'criteria', json_build_array(
        (SELECT count(*) FROM criteria c WHERE c.trial_id = e.trial_id AND c.kind = 'inclusion'),
        (SELECT count(*) FROM criteria c WHERE c.trial_id = e.trial_id AND c.kind = 'exclusion')),
    'facts', coalesce((
        SELECT json_agg(json_build_array(
            f.list, f.ordinal, f.kind, f.name, f.effect, f.operator, f.value, f.value_max,
            f.unit, f.relative_to, to_json(f."values"), f.as_written, f.applies_when,
            f.exception, f.alternative) ORDER BY f.seq)
        FROM criterion_facts f WHERE f.trial_id = e.trial_id), '[]'::json))::text
"""


def upgrade() -> None:
    op.add_column("eligibility", sa.Column("match_facts", sa.Text()))
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_column("eligibility", "match_facts")
