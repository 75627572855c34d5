"""Counts over the whole registry, and the broad filtered ones, recounted after each seed run."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, Text
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


class FacetAnswer(Base):
    """A filtered /v1/stats answer counted at a recount (``seed.load.facets``), for a filter
    that matches many trials: the service reads it by its filters' key (``store.filters.
    filter_key``) instead of counting them. Good while ``generation`` is the facets' current
    one (the ``summary`` row of ``facet_counts``); the recount replaces them all with it."""

    __tablename__ = "facet_answers"
    filters: Mapped[str] = mapped_column(Text, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
    # as ``store.facet_answers.filtered_stats`` returns it (JSON, not JSONB: written as is)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
