"""A notification on the channel ``trial_json_changed`` when a transaction that changed served
documents commits: the API's workers keep the documents they served last in memory
(service.trial_cache) and drop them when it arrives, whoever wrote (the seed job, the sync, the
admin API, an operator's SQL).

A statement-level trigger on ``trial_json`` (a cascade from ``trials`` runs a statement on it
too): one trigger call per statement, however many rows, and PostgreSQL delivers one
notification per transaction (identical ones are folded), at its commit, none if it rolls back.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION notify_trial_json_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('trial_json_changed', '');
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER trial_json_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON trial_json FOR EACH STATEMENT EXECUTE FUNCTION notify_trial_json_changed()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER trial_json_changed ON trial_json")
    op.execute("DROP FUNCTION notify_trial_json_changed()")
