"""Each trial's conditions as ICD-10-CM concepts (domain.conditions), for retrieval by
diagnosis: ``POST /v1/match`` and ``GET /v1/trials?condition_concept=``.

- ``trials.condition_concepts``: what each of the trial's codes came from (its condition as
  written, a MeSH descriptor and its id, an ancestor): domain.conditions.trials' document,
  read for the trials of a match's window to say why they matched;
- ``condition_codes``: one row per code of a trial, ``own`` (its conditions' and descriptors'
  codes) or ``closure`` (those and every code above them, the MeSH ancestors' too), with the
  trial's status and last-update key copied in (~8 rows a trial, ~4 million in all). Keyed by
  trial (a trial's rows go with it); the B-tree on ``(code, kind, overall_status, updated_key,
  trial_id)`` answers "the most recently updated recruiting trials whose own codes include
  C16" as an index-only range scan, whatever the registry's size, and "is trial X under C16"
  for the list's filter through the primary key.
The loader fills both (LOADER_VERSION 11 reloads every document once).

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("trials", sa.Column("condition_concepts", pg.JSONB(), nullable=True))
    op.create_table(
        "condition_codes",
        sa.Column("trial_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("overall_status", sa.Text(), nullable=True),
        sa.Column("updated_key", sa.Date(), nullable=False),
        sa.CheckConstraint("kind IN ('own', 'closure')", name="condition_codes_kind"),
        sa.ForeignKeyConstraint(["trial_id"], ["trials.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("trial_id", "kind", "code"),
    )
    op.create_index(
        "ix_condition_codes_code",
        "condition_codes",
        ["code", "kind", "overall_status", "updated_key", "trial_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_condition_codes_code", table_name="condition_codes")
    op.drop_table("condition_codes")
    op.drop_column("trials", "condition_concepts")
