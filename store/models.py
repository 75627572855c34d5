"""SQLAlchemy 2 models: storage only. The schema itself is built by Alembic migrations.

Keys are sized for the real registry (~500,000 trials, tens of millions of child rows):
trials have a bigint surrogate key that every child table references (cheaper than the text
NCT id in child indexes), ``nct_id`` is unique, and child rows are keyed by
``(trial_id, ordinal)`` so reading one trial's children is one index range scan in order.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _trial_fk() -> Mapped[int]:
    return mapped_column(BigInteger, ForeignKey("trials.id", ondelete="CASCADE"), primary_key=True)


def _ordinal() -> Mapped[int]:
    return mapped_column(SmallInteger, primary_key=True)


def _words_index(name: str, expression: str) -> Index:
    """GIN over the words of a name: the ``condition=``/``intervention=``/``sponsor=`` filters."""
    return Index(name, text(f"to_tsvector('simple', {expression})"), postgresql_using="gin")


def _text_index(name: str, first: str, second: str) -> Index:
    """GIN over English words of two columns: ``q`` on the cross-trial collections."""
    # written as PostgreSQL prints it back, so that Alembic's comparison sees no difference
    joined = f"(({first} || ' '::text) || COALESCE({second}, ''::text))"
    expression = f"to_tsvector('english'::regconfig, {joined})"
    return Index(name, text(expression), postgresql_using="gin")


class SourceDocument(Base):
    """One seed document: where a trial came from, or why it did not load."""

    __tablename__ = "source_documents"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    layout: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)  # loaded | failed
    error: Mapped[str | None] = mapped_column(Text)
    error_line: Mapped[int | None] = mapped_column(Integer)
    nct_id: Mapped[str | None] = mapped_column(Text)
    loader_version: Mapped[int] = mapped_column(Integer, server_default="0")
    loaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    __table_args__ = (
        CheckConstraint("status IN ('loaded', 'failed')", name="source_documents_status"),
        Index("ix_source_documents_status", "status"),
    )


class SeedRun(Base):
    """One run of the seed job; /readyz needs a finished one."""

    __tablename__ = "seed_runs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    seed_dir: Mapped[str] = mapped_column(Text)
    loaded: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)


class Trial(Base):
    __tablename__ = "trials"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    nct_id: Mapped[str] = mapped_column(Text, unique=True)
    source_document_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("source_documents.id", ondelete="CASCADE"), index=True
    )
    org_study_id: Mapped[str | None] = mapped_column(Text)
    secondary_ids: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    brief_title: Mapped[str | None] = mapped_column(Text)
    official_title: Mapped[str | None] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(Text)
    overall_status: Mapped[str | None] = mapped_column(Text)
    last_known_status: Mapped[str | None] = mapped_column(Text)
    why_stopped: Mapped[str | None] = mapped_column(Text)
    study_type: Mapped[str | None] = mapped_column(Text)
    phases: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    enrollment_count: Mapped[int | None] = mapped_column(Integer)
    enrollment_type: Mapped[str | None] = mapped_column(Text)
    allocation: Mapped[str | None] = mapped_column(Text)
    intervention_model: Mapped[str | None] = mapped_column(Text)
    masking: Mapped[str | None] = mapped_column(Text)
    who_masked: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    primary_purpose: Mapped[str | None] = mapped_column(Text)
    observational_model: Mapped[str | None] = mapped_column(Text)
    time_perspective: Mapped[str | None] = mapped_column(Text)
    # Dates are kept as precise as written: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.
    start_date: Mapped[str | None] = mapped_column(Text)
    start_date_type: Mapped[str | None] = mapped_column(Text)
    primary_completion_date: Mapped[str | None] = mapped_column(Text)
    primary_completion_date_type: Mapped[str | None] = mapped_column(Text)
    completion_date: Mapped[str | None] = mapped_column(Text)
    completion_date_type: Mapped[str | None] = mapped_column(Text)
    first_posted: Mapped[str | None] = mapped_column(Text)
    last_update_posted: Mapped[str | None] = mapped_column(Text)
    last_verified: Mapped[str | None] = mapped_column(Text)
    brief_summary: Mapped[str | None] = mapped_column(Text)
    detailed_description: Mapped[str | None] = mapped_column(Text)
    responsible_party_type: Mapped[str | None] = mapped_column(Text)
    responsible_party_name: Mapped[str | None] = mapped_column(Text)
    responsible_party_title: Mapped[str | None] = mapped_column(Text)
    responsible_party_affiliation: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # Computed at load time for search, filters and sorting (see seed/load.py):
    search_vector: Mapped[str | None] = deferred(mapped_column(TSVECTOR))
    minimum_age_years: Mapped[float | None] = mapped_column(Float)
    maximum_age_years: Mapped[float | None] = mapped_column(Float)
    sex: Mapped[str | None] = mapped_column(Text)
    healthy_volunteers: Mapped[bool | None] = mapped_column(Boolean)
    intervention_types: Mapped[list[str]] = mapped_column(
        ARRAY(Text), default=list, server_default="{}"
    )
    country_keys: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    condition_names: Mapped[list[str]] = mapped_column(
        ARRAY(Text), default=list, server_default="{}"
    )
    country_names: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list, server_default="{}")
    # 1° grid cells of the sites (seed.geo.grid_cell), for near=
    site_cells: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list, server_default="{}")
    updated_key: Mapped[dt.date] = mapped_column(Date, server_default="0001-01-01")
    start_key: Mapped[dt.date] = mapped_column(Date, server_default="9999-12-31")
    enrollment_key: Mapped[int] = mapped_column(Integer, server_default="-1")

    source: Mapped[SourceDocument] = relationship(lazy="joined", innerjoin=True)
    conditions: Mapped[list[Condition]] = relationship(order_by="Condition.ordinal")
    keywords: Mapped[list[Keyword]] = relationship(order_by="Keyword.ordinal")
    mesh_terms: Mapped[list[MeshTerm]] = relationship(order_by="MeshTerm.ordinal")
    sponsors: Mapped[list[Sponsor]] = relationship(order_by="Sponsor.ordinal")
    officials: Mapped[list[Official]] = relationship(order_by="Official.ordinal")
    contacts: Mapped[list[Contact]] = relationship(order_by="Contact.ordinal")
    locations: Mapped[list[Location]] = relationship(order_by="Location.ordinal")
    references: Mapped[list[Reference]] = relationship(order_by="Reference.ordinal")
    arms: Mapped[list[Arm]] = relationship(order_by="Arm.ordinal")
    interventions: Mapped[list[Intervention]] = relationship(order_by="Intervention.ordinal")
    outcomes: Mapped[list[Outcome]] = relationship(order_by="Outcome.ordinal")
    eligibility: Mapped[Eligibility | None] = relationship()

    __table_args__ = (
        Index("ix_trials_overall_status", "overall_status"),
        Index("ix_trials_study_type", "study_type"),
        Index("ix_trials_updated_key", "updated_key", "nct_id"),
        Index("ix_trials_start_key", "start_key", "nct_id"),
        Index("ix_trials_enrollment_key", "enrollment_key", "nct_id"),
        Index("ix_trials_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_trials_phases", "phases", postgresql_using="gin"),
        Index("ix_trials_intervention_types", "intervention_types", postgresql_using="gin"),
        Index("ix_trials_country_keys", "country_keys", postgresql_using="gin"),
        Index("ix_trials_site_cells", "site_cells", postgresql_using="gin"),
    )


class Condition(Base):
    __tablename__ = "conditions"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    name: Mapped[str] = mapped_column(Text)

    __table_args__ = (_words_index("ix_conditions_name_words", "name"),)


class Keyword(Base):
    __tablename__ = "keywords"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    term: Mapped[str] = mapped_column(Text)


class MeshTerm(Base):
    __tablename__ = "mesh_terms"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    term: Mapped[str] = mapped_column(Text)


class Sponsor(Base):
    __tablename__ = "sponsors"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    class_: Mapped[str | None] = mapped_column("class", Text)

    __table_args__ = (_words_index("ix_sponsors_name_words", "name"),)


class Official(Base):
    __tablename__ = "officials"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    name: Mapped[str] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)


class Contact(Base):
    """A central contact of the trial."""

    __tablename__ = "contacts"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    name: Mapped[str | None] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)


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
    latitude: Mapped[float | None] = mapped_column(Float)  # from the offline gazetteer
    longitude: Mapped[float | None] = mapped_column(Float)
    contacts: Mapped[list[LocationContact]] = relationship(order_by="LocationContact.ordinal")
    investigators: Mapped[list[LocationInvestigator]] = relationship(
        order_by="LocationInvestigator.ordinal"
    )

    __table_args__ = (
        Index("ix_locations_trial", "trial_id", "ordinal", unique=True),
        Index("ix_locations_latitude", "latitude", "longitude"),
        Index("ix_locations_city", text("lower(city)"), "trial_id"),
    )


class LocationContact(Base):
    __tablename__ = "location_contacts"
    location_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = _ordinal()
    name: Mapped[str | None] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)


class LocationInvestigator(Base):
    __tablename__ = "location_investigators"
    location_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = _ordinal()
    name: Mapped[str] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)


class Reference(Base):
    __tablename__ = "references"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    citation: Mapped[str] = mapped_column(Text)
    pmid: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)


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
        _text_index("ix_arms_text", "label", "description"),
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
        _text_index("ix_interventions_text", "name", "description"),
        _words_index("ix_interventions_name_words", "coalesce(search_names, name)"),
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
    # What POST /v1/match decides on, as one compact JSON document written at load time:
    # {"criteria": [inclusion count, exclusion count], "facts": [[fact fields...], ...]}
    # (seed.load.match_document), so a candidate costs one primary-key read.
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
    ordinal: Mapped[int] = _ordinal()
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (CheckConstraint("kind IN ('inclusion', 'exclusion')", name="criteria_kind"),)


class CriterionFact(Base):
    """One typed fact read from one criterion at load time (``domain.eligibility``): what
    ``POST /v1/match`` decides on. Keyed by trial, then position, so one trial's facts are one
    index range scan, and a batch of candidate trials one scan per trial id."""

    __tablename__ = "criterion_facts"
    trial_id: Mapped[int] = _trial_fk()
    seq: Mapped[int] = _ordinal()  # position among the trial's facts
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


class Outcome(Base):
    __tablename__ = "outcomes"
    trial_id: Mapped[int] = _trial_fk()
    ordinal: Mapped[int] = _ordinal()
    type: Mapped[str | None] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text)
    time_frame: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_outcomes_type", "type", "trial_id", "ordinal"),
        _text_index("ix_outcomes_text", "measure", "description"),
    )


class FacetCount(Base):
    """Counts over the whole registry, refreshed after each seed run (unfiltered /v1/stats)."""

    __tablename__ = "facet_counts"
    facet: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class TrialJson(Base):
    """A trial's full record exactly as ``GET /v1/trials/{nct_id}`` serves it, serialised at
    load time: a detail request is one primary-key read, whatever the record's size."""

    __tablename__ = "trial_json"
    nct_id: Mapped[str] = mapped_column(Text, primary_key=True)
    trial_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("trials.id", ondelete="CASCADE"), unique=True
    )
    etag: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
