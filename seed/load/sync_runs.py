"""The bookkeeping of a sync: its row in ``sync_runs`` (opened or resumed, its cursor moved on
page by page, finished) and the ``SyncReport`` of what one run did. How a sync walks the
registry's pages and stores them is ``seed.load.sync``."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select, update

from seed.registry_api import Page
from store import models as m

log = logging.getLogger("seed.load.sync")  # one logger for the sync, as before the split


class SyncError(Exception):
    """The sync cannot start (no ``since`` date is known)."""


@dataclass
class SyncReport:
    """What one run did. ``resumed``: it continued a sync an earlier run left unfinished."""

    run_id: int
    since: dt.date
    resumed: bool
    status: str = "running"
    pages: int = 0
    studies: int = 0
    loaded: int = 0
    unchanged: int = 0
    superseded: int = 0  # another source of the NCT id is more recent (see GET /v1/sources)
    failed: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old NCT id, new NCT id)
    error: str | None = None
    data_timestamp: dt.datetime | None = None
    seconds: float = 0.0

    @property
    def next_since(self) -> dt.date | None:
        """The ``since`` of the next sync, once this one succeeded."""
        if self.status != "succeeded" or self.data_timestamp is None:
            return None
        return self.data_timestamp.date()

    def summary(self) -> str:
        how = "resumed" if self.resumed else "started"
        text = (
            f"{self.status} ({how} sync {self.run_id}, since {self.since}): {self.pages} pages, "
            f"{self.studies} studies: loaded {self.loaded}, unchanged {self.unchanged}, "
            f"superseded {self.superseded}, failed {len(self.failed)}, moved "
            f"{len(self.moved)} in {self.seconds:.2f}s"
        )
        if self.next_since:
            text += f"; next since {self.next_since}"
        if self.error:
            text += f"; {self.error}"
        return text


def open_run(engine: Engine, base_url: str, since: dt.date | None) -> SyncReport:
    """Resume the unfinished sync, or start a new one (abandoning an unfinished one that asked
    for another date or another registry)."""
    with engine.begin() as conn:
        run = conn.execute(
            select(
                m.SyncRun.id,
                m.SyncRun.status,
                m.SyncRun.base_url,
                m.SyncRun.since,
                m.SyncRun.data_timestamp,
            )
            .order_by(m.SyncRun.id.desc())
            .limit(1)
        ).first()
        if run is not None and run.status in ("running", "failed"):
            if run.base_url == base_url and since in (None, run.since):
                conn.execute(
                    update(m.SyncRun)
                    .where(m.SyncRun.id == run.id)
                    .values(
                        status="running",
                        attempts=m.SyncRun.attempts + 1,
                        last_error=None,
                        finished_at=None,
                        updated_at=func.now(),
                    )
                )
                log.info("sync: resuming sync %d (since %s)", run.id, run.since)
                return SyncReport(run.id, run.since, True, data_timestamp=run.data_timestamp)
            conn.execute(
                update(m.SyncRun)
                .where(m.SyncRun.id == run.id)
                .values(status="abandoned", finished_at=func.now(), updated_at=func.now())
            )
            log.info("sync: abandoning unfinished sync %d (since %s)", run.id, run.since)
            since = since or run.since
        since = since or _last_data_date(conn) or _latest_update(conn)
        if since is None:
            raise SyncError(
                "no sync has succeeded yet and no trial is loaded: pass --since DATE "
                "(or import the registry's bulk ZIP first)"
            )
        run_id = conn.execute(
            m.SyncRun.__table__.insert()
            .values(base_url=base_url, since=since)
            .returning(m.SyncRun.id)
        ).scalar_one()
    log.info("sync: sync %d of the changes since %s", run_id, since)
    return SyncReport(run_id, since, False)


def _last_data_date(conn: Connection) -> dt.date | None:
    """The data date of the last successful sync: the next one's ``since``."""
    stamp = conn.scalar(
        select(m.SyncRun.data_timestamp)
        .where(m.SyncRun.status == "succeeded")
        .order_by(m.SyncRun.id.desc())
        .limit(1)
    )
    return stamp.astimezone(dt.UTC).date() if stamp else None


def _latest_update(conn: Connection) -> dt.date | None:
    """The first sync after an import: the latest last-update date of the stored trials."""
    latest = conn.scalar(select(func.max(m.Trial.updated_key)))
    return latest if latest and latest > dt.date.min else None


def run_cursor(engine: Engine, run_id: int) -> tuple[str | None, int | None]:
    """The run's stored cursor: (the next page's token, the registry's count if known)."""
    with engine.connect() as conn:
        token, total = conn.execute(
            select(m.SyncRun.page_token, m.SyncRun.total).where(m.SyncRun.id == run_id)
        ).one()
    return token, total


def record_data_timestamp(engine: Engine, run_id: int, stamp: dt.datetime) -> None:
    """The registry's data time when the sync began: the next sync's ``since``."""
    with engine.begin() as conn:
        conn.execute(
            update(m.SyncRun)
            .where(m.SyncRun.id == run_id)
            .values(data_timestamp=stamp, updated_at=func.now())
        )


def advance_run(
    engine: Engine,
    report: SyncReport,
    page: Page,
    counts: Counter[str],
    failed: list[tuple[str, str]],
    moved: list[tuple[str, str]],
) -> None:
    """Move the cursor past a stored page and count it, in the row (a transaction of its own:
    the sync succeeds with the last page) and in the report."""
    done = page.last
    with engine.begin() as conn:
        conn.execute(
            update(m.SyncRun)
            .where(m.SyncRun.id == report.run_id)
            .values(
                page_token=page.next_token,
                pages=m.SyncRun.pages + 1,
                studies=m.SyncRun.studies + len(page.studies),
                loaded=m.SyncRun.loaded + counts["loaded"],
                unchanged=m.SyncRun.unchanged + counts["unchanged"],
                failed=m.SyncRun.failed + counts["failed"],
                superseded=m.SyncRun.superseded + counts["superseded"],
                moved=m.SyncRun.moved + len(moved),
                total=func.coalesce(m.SyncRun.total, page.total),
                updated_at=func.now(),
                **({"status": "succeeded", "finished_at": func.now()} if done else {}),
            )
        )
    report.pages += 1
    report.studies += len(page.studies)
    report.loaded += counts["loaded"]
    report.unchanged += counts["unchanged"]
    report.superseded += counts["superseded"]
    report.failed += failed
    report.moved += moved
    if done:
        report.status = "succeeded"


def finish_run(engine: Engine, run_id: int, status: str, error: str | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(m.SyncRun)
            .where(m.SyncRun.id == run_id)
            .values(status=status, last_error=error, finished_at=func.now(), updated_at=func.now())
        )


def describe(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, SystemExit):
        return f"stopped (exit status {exc.code})"
    return f"{type(exc).__name__}: {exc}"[:500]
