"""Search and filters: full-text vectors, denormalised filter and sort keys, site coordinates.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("trials", sa.Column("search_vector", pg.TSVECTOR(), nullable=True))
    op.add_column("trials", sa.Column("minimum_age_years", sa.Float(), nullable=True))
    op.add_column("trials", sa.Column("maximum_age_years", sa.Float(), nullable=True))
    op.add_column("trials", sa.Column("sex", sa.Text(), nullable=True))
    op.add_column("trials", sa.Column("healthy_volunteers", sa.Boolean(), nullable=True))
    for name in ("intervention_types", "country_keys"):
        op.add_column(
            "trials",
            sa.Column(name, pg.ARRAY(sa.Text()), nullable=False, server_default="{}"),
        )
    # Sort keys: never null, so keyset paging compares plain values (nulls sort last).
    op.add_column(
        "trials",
        sa.Column("updated_key", sa.Date(), nullable=False, server_default="0001-01-01"),
    )
    op.add_column(
        "trials", sa.Column("start_key", sa.Date(), nullable=False, server_default="9999-12-31")
    )
    op.add_column(
        "trials", sa.Column("enrollment_key", sa.Integer(), nullable=False, server_default="-1")
    )
    op.drop_index("ix_trials_last_update_posted", table_name="trials")
    op.create_index("ix_trials_updated_key", "trials", ["updated_key", "nct_id"])
    op.create_index("ix_trials_start_key", "trials", ["start_key", "nct_id"])
    op.create_index("ix_trials_enrollment_key", "trials", ["enrollment_key", "nct_id"])
    op.create_index("ix_trials_study_type", "trials", ["study_type"])
    op.create_index("ix_trials_search_vector", "trials", ["search_vector"], postgresql_using="gin")
    for name in ("phases", "intervention_types", "country_keys"):
        op.create_index(f"ix_trials_{name}", "trials", [name], postgresql_using="gin")

    op.add_column("interventions", sa.Column("search_names", sa.Text(), nullable=True))
    op.create_index(
        "ix_conditions_name_words",
        "conditions",
        [sa.text("to_tsvector('simple', name)")],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_interventions_name_words",
        "interventions",
        [sa.text("to_tsvector('simple', coalesce(search_names, name))")],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_sponsors_name_words",
        "sponsors",
        [sa.text("to_tsvector('simple', name)")],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_interventions_text",
        "interventions",
        [sa.text("to_tsvector('english', name || ' ' || coalesce(description, ''))")],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_arms_text",
        "arms",
        [sa.text("to_tsvector('english', label || ' ' || coalesce(description, ''))")],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_outcomes_text",
        "outcomes",
        [sa.text("to_tsvector('english', measure || ' ' || coalesce(description, ''))")],
        postgresql_using="gin",
    )
    op.create_index("ix_interventions_type", "interventions", ["type", "trial_id", "ordinal"])
    op.create_index("ix_outcomes_type", "outcomes", ["type", "trial_id", "ordinal"])
    op.create_index("ix_arms_type", "arms", ["type", "trial_id", "ordinal"])

    op.add_column("locations", sa.Column("latitude", sa.Float(), nullable=True))
    op.add_column("locations", sa.Column("longitude", sa.Float(), nullable=True))
    op.create_index("ix_locations_city", "locations", [sa.text("lower(city)"), "trial_id"])
    op.create_index("ix_locations_latitude", "locations", ["latitude", "longitude"])

    op.create_table(
        "facet_counts",
        sa.Column("facet", sa.Text(), primary_key=True),
        sa.Column("value", sa.Text(), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("facet_counts")
    op.drop_index("ix_locations_latitude", table_name="locations")
    op.drop_index("ix_locations_city", table_name="locations")
    op.drop_column("locations", "longitude")
    op.drop_column("locations", "latitude")
    for name in ("ix_arms_type", "ix_outcomes_type", "ix_interventions_type"):
        op.drop_index(name)
    for name in (
        "ix_outcomes_text",
        "ix_arms_text",
        "ix_interventions_text",
        "ix_sponsors_name_words",
        "ix_interventions_name_words",
        "ix_conditions_name_words",
    ):
        op.drop_index(name)
    op.drop_column("interventions", "search_names")
    for name in ("phases", "intervention_types", "country_keys"):
        op.drop_index(f"ix_trials_{name}", table_name="trials")
    for name in ("search_vector", "study_type", "enrollment_key", "start_key", "updated_key"):
        op.drop_index(f"ix_trials_{name}", table_name="trials")
    op.create_index("ix_trials_last_update_posted", "trials", ["last_update_posted", "nct_id"])
    for name in (
        "enrollment_key",
        "start_key",
        "updated_key",
        "country_keys",
        "intervention_types",
        "healthy_volunteers",
        "sex",
        "maximum_age_years",
        "minimum_age_years",
        "search_vector",
    ):
        op.drop_column("trials", name)
