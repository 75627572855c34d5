"""Where trials come from: each source of a study, and each run of the seed job."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Index,
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, deferred, mapped_column

from store.models.base import Base


class SourceDocument(Base):
    """One source of a study: a file, a member of a bulk ZIP, or a record a sync fetched. It
    holds its trial (``loaded``: ``trials.source_document_id`` points here), or lost it to
    another source of the same NCT id (``superseded``, ``error`` says why), or holds none
    (``failed``, ``error`` says why)."""

    __tablename__ = "source_documents"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    # "x.txt", "ctg-studies.json.zip!/67/NCT01234567.json", "page.json[3]", "studies.jsonl:12"
    name: Mapped[str] = mapped_column(Text, unique=True)
    format: Mapped[str | None] = mapped_column(Text)  # classic | modern | ctgov-json | ctgov-xml
    origin: Mapped[str] = mapped_column(Text, server_default="file")  # file | archive | sync
    container: Mapped[str | None] = mapped_column(Text)  # the file it came from
    sha256: Mapped[str] = mapped_column(Text)
    # A file's sha256, a ZIP member's "crc32:size": equal means unchanged, without parsing.
    # NULL: read it again (a superseded source that must become current, its record not kept).
    change_key: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)  # loaded | failed | superseded
    error: Mapped[str | None] = mapped_column(Text)
    error_line: Mapped[int | None] = mapped_column(Integer)
    nct_id: Mapped[str | None] = mapped_column(Text)
    last_update: Mapped[dt.date | None] = mapped_column(Date)  # the record's last update posted
    mirrored: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))  # in SEED_DIR
    first_run_id: Mapped[int | None] = mapped_column(BigInteger)  # seed_runs.id, first stored
    # a superseded source's record (None is SQL NULL, not JSON null)
    record: Mapped[dict | None] = deferred(mapped_column(JSONB(none_as_null=True)))
    loader_version: Mapped[int] = mapped_column(Integer, server_default="0")
    loaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    __table_args__ = (
        CheckConstraint(
            "status IN ('loaded', 'failed', 'superseded')", name="source_documents_status"
        ),
        CheckConstraint("origin IN ('file', 'archive', 'sync')", name="source_documents_origin"),
        Index("ix_source_documents_status", "status"),
        Index("ix_source_documents_nct_id", "nct_id"),
        Index("ix_source_documents_container", "container"),
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


class SyncRun(Base):
    """One sync of the registry's changes since a date, and its cursor (``seed.sync``):
    ``page_token`` is the next page to fetch, committed after each page is stored."""

    __tablename__ = "sync_runs"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    base_url: Mapped[str] = mapped_column(Text)
    since: Mapped[dt.date] = mapped_column(Date)
    data_timestamp: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    page_token: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default="running")
    started_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, server_default="1")
    total: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, server_default="0")
    studies: Mapped[int] = mapped_column(Integer, server_default="0")
    loaded: Mapped[int] = mapped_column(Integer, server_default="0")
    unchanged: Mapped[int] = mapped_column(Integer, server_default="0")
    failed: Mapped[int] = mapped_column(Integer, server_default="0")
    superseded: Mapped[int] = mapped_column(Integer, server_default="0")
    moved: Mapped[int] = mapped_column(Integer, server_default="0")  # old trials replaced
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "status IN ('running', 'succeeded', 'failed', 'abandoned')", name="sync_runs_status"
        ),
    )
