"""The words of a trial's conditions, indexed on the trial row: ``condition=`` (and a
diagnosis no concept is known for) combined with the trial-level filters.

``condition=gastric cancer`` asks for a trial with one condition holding every word; the
GIN index on each condition's words (``ix_conditions_name_words``) answers it alone, but
combined with status, phase, age or sex the planner had to read every trial of the
condition (11,000 at 500,000 trials) to apply the others. ``trial_condition_words(names)``
is the words of all of a trial's condition names (``trials.condition_names``, written with
its ``conditions`` rows) as one ``simple`` vector: a trial with one condition holding every
word has them all in it, so ``@@`` on it is a necessary condition of the filter, answered by
``ix_trials_condition_words`` and AND-ed in one bitmap with the status and phase indexes;
the per-condition test stays, for the rows that pass it (``store.filters.any_condition``).

An SQL function because ``array_to_string`` is not immutable (it formats any array type),
though over ``text[]`` it is: an index expression must be.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE FUNCTION trial_condition_words(names text[]) RETURNS tsvector"
        " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
        " AS $$ SELECT to_tsvector('simple'::regconfig, array_to_string(names, ' ')) $$"
    )
    op.execute(
        "CREATE INDEX ix_trials_condition_words ON trials"
        " USING gin (trial_condition_words(condition_names))"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_trials_condition_words")
    op.execute("DROP FUNCTION trial_condition_words(text[])")
