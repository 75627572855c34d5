"""A trial's sites, with their contacts and investigators."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from store.models.base import Base, ordinal_key


class Location(Base):
    __tablename__ = "locations"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    trial_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("trials.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(SmallInteger)
    facility: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str | None] = mapped_column(Text)
    zip: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    # the registry's geoPoint when the record has one, else the offline gazetteer's
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    contacts: Mapped[list[LocationContact]] = relationship(order_by="LocationContact.ordinal")
    investigators: Mapped[list[LocationInvestigator]] = relationship(
        order_by="LocationInvestigator.ordinal"
    )

    __table_args__ = (
        Index("ix_locations_trial", "trial_id", "ordinal", unique=True),
        # the site's trial included: a near= count reads the index alone (0015)
        Index("ix_locations_latitude", "latitude", "longitude", postgresql_include=["trial_id"]),
        Index("ix_locations_city", text("lower(city)"), "trial_id"),
    )


class LocationContact(Base):
    __tablename__ = "location_contacts"
    location_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = ordinal_key()
    name: Mapped[str | None] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone_ext: Mapped[str | None] = mapped_column(Text)


class LocationInvestigator(Base):
    __tablename__ = "location_investigators"
    location_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = ordinal_key()
    name: Mapped[str] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
