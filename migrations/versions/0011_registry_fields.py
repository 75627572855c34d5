"""What the registry's own formats carry and the text pages did not: NCT id aliases, the
organization, ``has_results``, MeSH descriptors with their ids and ancestors, phone extensions,
the observational fields (study population, sampling method, biospecimens, target duration).

Sized for the whole registry (~600,000 trials):
- ``trial_aliases``: one row per older NCT id (a few percent of trials have one), keyed by the
  alias itself, so ``GET /v1/trials/{alias}`` is one primary-key read.
- ``mesh_descriptors``: a trial's condition and intervention descriptors and their ancestors
  (~15 rows a trial, ~9 million in all), keyed by trial so one trial's are one range scan,
  with a B-tree on ``(mesh_id, kind, ancestor, trial_id)`` so the trials under a descriptor
  (``D000003550`` as a descriptor or as an ancestor) are an index-only range scan.
- New nullable columns without defaults: adding them rewrites no table. The rows they describe
  are filled by the loader (LOADER_VERSION 10 reloads every document once).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIAL_COLUMNS = (
    "organization_name",
    "organization_class",
    "bio_spec_retention",
    "bio_spec_description",
    "target_duration",
)


def upgrade() -> None:
    for name in TRIAL_COLUMNS:
        op.add_column("trials", sa.Column(name, sa.Text(), nullable=True))
    op.add_column("trials", sa.Column("has_results", sa.Boolean(), nullable=True))
    op.add_column("eligibility", sa.Column("study_population", sa.Text(), nullable=True))
    op.add_column("eligibility", sa.Column("sampling_method", sa.Text(), nullable=True))
    op.add_column("contacts", sa.Column("phone_ext", sa.Text(), nullable=True))
    op.add_column("location_contacts", sa.Column("phone_ext", sa.Text(), nullable=True))

    op.create_table(
        "trial_aliases",
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("trial_id", sa.BigInteger(), nullable=False),
        sa.Column("ordinal", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(["trial_id"], ["trials.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("alias"),
    )
    # the foreign key's own index: deleting a trial finds its aliases without a scan
    op.create_index("ix_trial_aliases_trial", "trial_aliases", ["trial_id", "ordinal"], unique=True)

    op.create_table(
        "mesh_descriptors",
        sa.Column("trial_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("ancestor", sa.Boolean(), nullable=False),
        sa.Column("ordinal", sa.SmallInteger(), nullable=False),
        sa.Column("mesh_id", sa.Text(), nullable=True),
        sa.Column("term", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('condition', 'intervention')", name="mesh_descriptors_kind"),
        sa.ForeignKeyConstraint(["trial_id"], ["trials.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("trial_id", "kind", "ancestor", "ordinal"),
    )
    op.create_index(
        "ix_mesh_descriptors_mesh_id",
        "mesh_descriptors",
        ["mesh_id", "kind", "ancestor", "trial_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_mesh_descriptors_mesh_id", table_name="mesh_descriptors")
    op.drop_table("mesh_descriptors")
    op.drop_index("ix_trial_aliases_trial", table_name="trial_aliases")
    op.drop_table("trial_aliases")
    op.drop_column("location_contacts", "phone_ext")
    op.drop_column("contacts", "phone_ext")
    op.drop_column("eligibility", "sampling_method")
    op.drop_column("eligibility", "study_population")
    op.drop_column("trials", "has_results")
    for name in reversed(TRIAL_COLUMNS):
        op.drop_column("trials", name)
