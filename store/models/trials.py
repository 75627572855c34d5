"""A trial's own row, its served JSON, its aliases, and its short lists: conditions, keywords,
MeSH terms and descriptors, sponsors, officials, central contacts, references."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from store.models.base import Base, ordinal_key, trial_fk, words_index

if TYPE_CHECKING:
    from store.models.arms import Arm, Intervention, Outcome
    from store.models.eligibility import Eligibility
    from store.models.sites import Location
    from store.models.sources import SourceDocument


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
    bio_spec_retention: Mapped[str | None] = mapped_column(Text)
    bio_spec_description: Mapped[str | None] = mapped_column(Text)
    target_duration: Mapped[str | None] = mapped_column(Text)
    organization_name: Mapped[str | None] = mapped_column(Text)
    organization_class: Mapped[str | None] = mapped_column(Text)
    has_results: Mapped[bool | None] = mapped_column(Boolean)
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
    # Computed at load time for search, filters and sorting (see seed/load/rows.py):
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
    # the conditions as ICD-10-CM concepts, what each came from (domain.conditions.trials);
    # their codes, indexed, are ConditionCode rows
    condition_concepts: Mapped[list | None] = deferred(mapped_column(JSONB))
    # 1° grid cells of the sites (domain.geo.grid_cell), for near=: registry coordinates first
    site_cells: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list, server_default="{}")
    updated_key: Mapped[dt.date] = mapped_column(Date, server_default="0001-01-01")
    start_key: Mapped[dt.date] = mapped_column(Date, server_default="9999-12-31")
    enrollment_key: Mapped[int] = mapped_column(Integer, server_default="-1")

    source: Mapped[SourceDocument] = relationship(lazy="joined", innerjoin=True)
    conditions: Mapped[list[Condition]] = relationship(order_by="Condition.ordinal")
    keywords: Mapped[list[Keyword]] = relationship(order_by="Keyword.ordinal")
    mesh_terms: Mapped[list[MeshTerm]] = relationship(order_by="MeshTerm.ordinal")
    aliases: Mapped[list[TrialAlias]] = relationship(order_by="TrialAlias.ordinal")
    mesh_descriptors: Mapped[list[MeshDescriptor]] = relationship(
        order_by="(MeshDescriptor.kind, MeshDescriptor.ancestor, MeshDescriptor.ordinal)"
    )
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
        # the words of all its conditions (migration 0017): store.filters.any_condition
        Index(
            "ix_trials_condition_words",
            text("trial_condition_words(condition_names)"),
            postgresql_using="gin",
        ),
    )


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


class ConditionCode(Base):
    """One ICD-10-CM code of a trial's conditions (domain.conditions.trials): ``own`` (its
    conditions' and MeSH descriptors' codes) or ``closure`` (those and every code above them,
    the MeSH ancestors' too), with the trial's status and last-update key copied in, so that
    ``ix_condition_codes_code`` gives a code's most recently updated trials of some statuses
    as an index-only range scan (POST /v1/match's tiers)."""

    __tablename__ = "condition_codes"
    trial_id: Mapped[int] = trial_fk()
    kind: Mapped[str] = mapped_column(Text, primary_key=True)  # own | closure
    code: Mapped[str] = mapped_column(Text, primary_key=True)
    overall_status: Mapped[str | None] = mapped_column(Text)
    updated_key: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint("kind IN ('own', 'closure')", name="condition_codes_kind"),
        Index(
            "ix_condition_codes_code", "code", "kind", "overall_status", "updated_key", "trial_id"
        ),
    )


class TrialAlias(Base):
    """An older NCT id of a trial (the registry's ``nctIdAliases``): ``GET /v1/trials/{alias}``
    redirects to the trial. Keyed by the alias, so that lookup is one primary-key read."""

    __tablename__ = "trial_aliases"
    alias: Mapped[str] = mapped_column(Text, primary_key=True)
    trial_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("trials.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(SmallInteger)

    __table_args__ = (Index("ix_trial_aliases_trial", "trial_id", "ordinal", unique=True),)


class Condition(Base):
    __tablename__ = "conditions"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    name: Mapped[str] = mapped_column(Text)

    __table_args__ = (words_index("ix_conditions_name_words", "name"),)


class Keyword(Base):
    __tablename__ = "keywords"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    term: Mapped[str] = mapped_column(Text)


class MeshTerm(Base):
    __tablename__ = "mesh_terms"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    term: Mapped[str] = mapped_column(Text)


class MeshDescriptor(Base):
    """A MeSH descriptor of a trial's conditions or interventions, or one of their ancestors
    (the registry's ``derivedSection`` browse modules). ``ix_mesh_descriptors_mesh_id`` finds
    the trials under a descriptor id with an index-only range scan."""

    __tablename__ = "mesh_descriptors"
    trial_id: Mapped[int] = trial_fk()
    kind: Mapped[str] = mapped_column(Text, primary_key=True)  # condition | intervention
    ancestor: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    ordinal: Mapped[int] = ordinal_key()
    mesh_id: Mapped[str | None] = mapped_column(Text)  # "D000003550"; null when a source has none
    term: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("kind IN ('condition', 'intervention')", name="mesh_descriptors_kind"),
        Index("ix_mesh_descriptors_mesh_id", "mesh_id", "kind", "ancestor", "trial_id"),
    )


class Sponsor(Base):
    __tablename__ = "sponsors"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    class_: Mapped[str | None] = mapped_column("class", Text)

    __table_args__ = (words_index("ix_sponsors_name_words", "name"),)


class Official(Base):
    __tablename__ = "officials"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    name: Mapped[str] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)


class Contact(Base):
    """A central contact of the trial."""

    __tablename__ = "contacts"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    name: Mapped[str | None] = mapped_column(Text)
    degrees: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    phone_ext: Mapped[str | None] = mapped_column(Text)


class Reference(Base):
    __tablename__ = "references"
    trial_id: Mapped[int] = trial_fk()
    ordinal: Mapped[int] = ordinal_key()
    citation: Mapped[str] = mapped_column(Text)
    pmid: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(Text)
