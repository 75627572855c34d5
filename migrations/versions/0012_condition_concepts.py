"""Each trial's conditions as ICD-10-CM concepts (domain.conditions), for retrieval by
diagnosis: ``POST /v1/match`` and ``GET /v1/trials?condition_concept=``.

- ``condition_codes``: the codes of the trial's own conditions and MeSH descriptors;
- ``condition_closure``: those, every code above them, and the MeSH ancestors' codes;
- ``condition_concepts``: what each code came from (domain.conditions.trials' document).
Both arrays are GIN-indexed: a diagnosis is a few codes, and "the trial's codes overlap the
codes at or above the patient's" (same or narrower) or "the trial's closure holds the patient's
code" (broader) is one bitmap index scan each, at registry scale too. New columns with a
constant default rewrite no table; the loader fills them (LOADER_VERSION 11 reloads every
document once).

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name in ("condition_codes", "condition_closure"):
        op.add_column(
            "trials",
            sa.Column(name, pg.ARRAY(sa.Text()), nullable=False, server_default="{}"),
        )
        op.create_index(f"ix_trials_{name}", "trials", [name], postgresql_using="gin")
    op.add_column("trials", sa.Column("condition_concepts", pg.JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("trials", "condition_concepts")
    for name in ("condition_closure", "condition_codes"):
        op.drop_index(f"ix_trials_{name}", table_name="trials")
        op.drop_column("trials", name)
