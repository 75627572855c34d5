"""A trial's arms, interventions (and which arm uses which), and outcome measures."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    SmallInteger,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.models.base import Base, ordinal_key, text_index, trial_fk, words_index


class Arm(Base):
    __tablename__ = "arms"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    trial_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("trials.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(SmallInteger)
    label: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    interventions: Mapped[list[Intervention]] = relationship(
        secondary="arm_interventions", order_by="Intervention.ordinal", viewonly=True
    )

    __table_args__ = (
        Index("ix_arms_trial", "trial_id", "ordinal", unique=True),
        Index("ix_arms_type", "type", "trial_id", "ordinal"),
        text_index("ix_arms_text", "label", "description"),
    )


class Intervention(Base):
    __tablename__ = "interventions"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    trial_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("trials.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    other_names: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    search_names: Mapped[str | None] = mapped_column(Text)  # name and other names, for filters
    arms: Mapped[list[Arm]] = relationship(
        secondary="arm_interventions", order_by="Arm.ordinal", viewonly=True
    )

    __table_args__ = (
        Index("ix_interventions_trial", "trial_id", "ordinal", unique=True),
        Index("ix_interventions_type", "type", "trial_id", "ordinal"),
        text_index("ix_interventions_text", "name", "description"),
        words_index("ix_interventions_name_words", "coalesce(search_names, name)"),
    )


class ArmIntervention(Base):
    """Which arm uses which intervention (both of the same trial)."""

    __tablename__ = "arm_interventions"
    arm_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("arms.id", ondelete="CASCADE"), primary_key=True
    )
    intervention_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("interventions.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_arm_interventions_intervention", "intervention_id"),)


class Outcome(Base):
    __tablename__ = "outcomes"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    type: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    time_frame: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_outcomes_type", "type", "trial_id", "ordinal"),
        text_index("ix_outcomes_text", "measure", "description"),
    )
