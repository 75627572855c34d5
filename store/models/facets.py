"""Counts over the whole registry, recounted after each seed run."""

from __future__ import annotations

from sqlalchemy import (
    Integer,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models.base import Base


class FacetCount(Base):
    """Counts over the whole registry, refreshed after each seed run (unfiltered /v1/stats)."""

    __tablename__ = "facet_counts"
    facet: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
