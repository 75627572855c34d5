"""Counts over the whole registry, recounted after each seed run."""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base

# The ``summary`` row whose count marks each recount with a new random number: an answer
# computed from the trials (a filtered /v1/stats) is good for as long as it stays the same.
GENERATION = "generation"


class FacetCount(Base):
    """Counts over the whole registry, refreshed after each seed run (unfiltered /v1/stats)."""

    __tablename__ = "facet_counts"
    facet: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
