"""A trial's eligibility: ages and sex, its criteria one by one, and the typed facts read
from them at load time (what ``POST /v1/match`` decides on)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    SmallInteger,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from store.models.base import Base, ordinal_key, trial_fk


class Eligibility(Base):
    __tablename__ = "eligibility"
    trial_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("trials.id", ondelete="CASCADE"), primary_key=True
    )
    minimum_age: Mapped[str | None] = mapped_column(Text)
    maximum_age: Mapped[str | None] = mapped_column(Text)
    minimum_age_years: Mapped[float | None] = mapped_column(Float)
    maximum_age_years: Mapped[float | None] = mapped_column(Float)
    sex: Mapped[str | None] = mapped_column(Text)
    healthy_volunteers: Mapped[bool | None] = mapped_column(Boolean)
    std_ages: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    criteria_text: Mapped[str | None] = mapped_column(Text)
    study_population: Mapped[str | None] = mapped_column(Text)
    sampling_method: Mapped[str | None] = mapped_column(Text)
    # What POST /v1/match decides on, as one compact JSON document written at load time:
    # {"criteria": [inclusion count, exclusion count], "facts": [[fact fields...], ...]}
    # (domain.eligibility.facts.encode_facts), so a candidate costs one primary-key read.
    match_facts: Mapped[str | None] = deferred(mapped_column(Text))
    criteria: Mapped[list[Criterion]] = relationship(
        primaryjoin="Eligibility.trial_id == foreign(Criterion.trial_id)",
        order_by="(Criterion.kind, Criterion.ordinal)",
        viewonly=True,
    )


class Criterion(Base):
    """One inclusion or exclusion criterion, in the order written."""

    __tablename__ = "criteria"
    trial_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("trials.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(Text, primary_key=True)  # inclusion | exclusion
    ordinal: Mapped[int] = ordinal_key()
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("kind IN ('inclusion', 'exclusion')", name="criteria_kind"),)


class CriterionFact(Base):
    """One typed fact read from one criterion at load time (``domain.eligibility``): what
    ``POST /v1/match`` decides on. Keyed by trial, then position, so one trial's facts are one
    index range scan, and a batch of candidate trials one scan per trial id."""

    __tablename__ = "criterion_facts"
    trial_id: Mapped[int] = trial_fk()
    seq: Mapped[int] = ordinal_key()  # position among the trial's facts
    list_: Mapped[str] = mapped_column("list", Text)  # inclusion | exclusion
    ordinal: Mapped[int] = mapped_column(SmallInteger)  # the criterion's ordinal in that list
    kind: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    effect: Mapped[str] = mapped_column(Text)  # REQUIRE | EXCLUDE
    operator: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(Text)
    relative_to: Mapped[str | None] = mapped_column(Text)
    values: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    as_written: Mapped[str | None] = mapped_column(Text)
    applies_when: Mapped[str | None] = mapped_column(Text)
    exception: Mapped[str | None] = mapped_column(Text)
    alternative: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    span: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("list IN ('inclusion', 'exclusion')", name="criterion_facts_list"),
        CheckConstraint("effect IN ('REQUIRE', 'EXCLUDE')", name="criterion_facts_effect"),
    )
