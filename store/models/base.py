"""The declarative base, and the column and index shapes the tables share."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    SmallInteger,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def trial_fk() -> Mapped[int]:
    return mapped_column(BigInteger, ForeignKey("trials.id", ondelete="CASCADE"), primary_key=True)


def ordinal_key() -> Mapped[int]:
    return mapped_column(SmallInteger, primary_key=True)


def words_index(name: str, expression: str) -> Index:
    """GIN over the words of a name: the ``condition=``/``intervention=``/``sponsor=`` filters."""
    return Index(name, text(f"to_tsvector('simple', {expression})"), postgresql_using="gin")


def text_index(name: str, first: str, second: str) -> Index:
    """GIN over English words of two columns: ``q`` on the cross-trial collections."""
    # written as PostgreSQL prints it back, so that Alembic's comparison sees no difference
    joined = f"(({first} || ' '::text) || COALESCE({second}, ''::text))"
    expression = f"to_tsvector('english'::regconfig, {joined})"
    return Index(name, text(expression), postgresql_using="gin")
