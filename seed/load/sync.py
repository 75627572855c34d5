"""The daily sync: the studies the registry changed since the last successful sync, page by page.

A sync is one row of ``sync_runs``: the ``since`` date it asks for, the registry's
``data_timestamp`` when it began, and its cursor, ``page_token``, the next page to fetch. Each
page of studies is parsed (API v2 JSON; a broken study is reported by its NCT id and reason)
and stored through ``seed.load.store_items`` as sources named ``ctgov-api!/NCT01234567``; only
then is the cursor moved on, in a transaction of its own. So:

- killed half-way, the next run resumes the same sync (same ``since``) from the stored page
  token: nothing is lost, and at most the page being stored when it died is fetched again
  (storing it again changes nothing);
- the registry failing past the client's retries records the sync ``failed`` with the reason
  and keeps the cursor, for the next run to resume;
- on success the next sync asks for the changes since the date of this sync's
  ``data_timestamp`` (the registry's data time when it began: a study changed while the pages
  were walked is fetched again next time, never missed).

Precedence between a synced study and other sources of its NCT id (a file, a bulk ZIP member)
is the loader's: the later last update wins. A study that moved to a new NCT id lists its old
one in ``nctIdAliases``: the trial stored under the old id is replaced by the new one (the old
id becomes an alias of it, ``retire_moved``).

Pages are written in short transactions, so the API serves throughout (each trial is replaced
in the transaction of its batch: a reader sees the old trial or the new one); one sync runs at a
time (``SYNC_LOCK_KEY``), and each page is stored under the seed lock (``store_items`` takes it),
so a seed job and a sync take turns page by page. ``workers`` > 1 stores a page's batches in
that many processes side by side (one by default: on two busy cores, two were slower, each
building the condition vocabulary and paying for its records to be sent). The whole-registry
facet counts are recounted once per run, with the last page (and, when the registry fails
half-way, for the pages stored), not once per page.


The run's row and report are ``seed.load.sync_runs``; this module walks the pages and stores
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, delete, null, select, update

from domain.records import ParseError, SourceRecord
from seed import registry_api
from seed.formats import ctgov_json
from seed.load import LoadReport, Render, SourceItem, refresh_facets, store_items
from seed.load.sync_runs import (
    SyncReport,
    advance_run,
    describe,
    finish_run,
    open_run,
    record_data_timestamp,
    run_cursor,
)
from seed.parse import INTERNAL_ERROR
from seed.registry_api import Page, RegistryError, Retry
from store import models as m
from store.locks import SEED_LOCK_KEY, SYNC_LOCK_KEY, TRIAL_LOCK_SPACE, advisory_lock, lock_keys
from store.snapshots import shared_snapshot

log = logging.getLogger(__name__)

SOURCE = "ctgov-api"  # sources are named "ctgov-api!/NCT01234567"
ORIGIN = "sync"
_NCT_ID = re.compile(r"^NCT\d{8}$")
# A resumed page token the registry no longer accepts: the sync starts its pages over.
_STALE_TOKEN = frozenset({400, 404, 410})
WORKERS = 1  # processes storing a page's batches side by side (see the module's docstring)
BATCH_SIZE = 500  # studies per batch (one transaction each): a full page is two


# --------------------------------------------------------------------------- studies


def study_item(study: Any) -> SourceItem:
    """One study of a page as a source to store: ``ctgov-api!/NCT…`` with the sha256 of its
    canonical JSON (a study fetched again unchanged is stored once), parsed or refused."""
    canonical = json.dumps(study, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    sha256 = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    nct_id = _nct_id(study)
    name = f"{SOURCE}!/{nct_id or 'unknown-' + sha256[:16]}"
    try:
        record = ctgov_json.parse_study(study, SourceRecord(name, ctgov_json.LAYOUT, sha256))
    except ParseError as exc:
        return SourceItem(name, ORIGIN, None, sha256, None, exc.reason, exc.line)
    except Exception as exc:  # a parser bug must not stop a sync: report it as this study's
        log.error("sync: %s: %s", name, INTERNAL_ERROR, exc_info=exc)
        return SourceItem(name, ORIGIN, None, sha256, None, f"{INTERNAL_ERROR} ({exc!r})"[:300])
    return SourceItem(name, ORIGIN, None, sha256, record)


def _nct_id(study: Any) -> str | None:
    """The study's NCT id if it has a well-formed one (names only: the parser checks it)."""
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) and _NCT_ID.match(value) else None


# --------------------------------------------------------------------------- the job


def sync(
    engine: Engine,
    *,
    render: Render,
    base_url: str = registry_api.DEFAULT_BASE_URL,
    since: dt.date | None = None,
    page_size: int = registry_api.MAX_PAGE_SIZE,
    retry: Retry | None = None,
    timeout: float = registry_api.TIMEOUT,
    progress: Callable[[int, int | None], None] | None = None,
    workers: int = WORKERS,
) -> SyncReport:
    """Fetch and store the registry's changes (see the module's docstring); one at a time.

    ``since`` starts a sync of the changes since that date (an unfinished sync of the same
    date and ``base_url`` is resumed instead); without it, an unfinished sync is resumed, or a
    new one asks for the changes since the last successful sync's data time. ``progress`` is
    called after each page with (studies so far, the registry's count or ``None``); ``workers``
    processes store a page's batches side by side. Never raises for the registry failing: the
    report (and the run's row) say ``failed``.
    """
    started = time.perf_counter()
    base_url = base_url.rstrip("/").removesuffix("/api/v2")  # one registry, however it is spelt
    with advisory_lock(engine, SYNC_LOCK_KEY):
        report = open_run(engine, base_url, since)
        try:
            _walk(engine, report, base_url, page_size, retry, timeout, render, progress, workers)
        except RegistryError as exc:
            report.status, report.error = "failed", str(exc)
            finish_run(engine, report.run_id, "failed", str(exc))
            if _changed(report):  # the pages stored are counted (the rest when it resumes)
                recount(engine)
        except BaseException as exc:  # a bug, the database gone, ^C: recorded, then raised
            report.status, report.error = "failed", describe(exc)
            try:
                finish_run(engine, report.run_id, "failed", report.error)
            except Exception:
                log.exception("sync: could not record sync %d as failed", report.run_id)
            raise
        finally:
            report.seconds = time.perf_counter() - started
    for name, reason in report.failed:
        log.warning("sync: %s failed: %s", name, reason)
    log.info("sync: %s", report.summary())
    return report


def _walk(
    engine: Engine,
    report: SyncReport,
    base_url: str,
    page_size: int,
    retry: Retry | None,
    timeout: float,
    render: Render,
    progress: Callable[[int, int | None], None] | None,
    workers: int,
) -> None:
    """Fetch, store and advance page by page from the stored cursor to the last page."""
    token, total = run_cursor(engine, report.run_id)
    if report.data_timestamp is None:
        report.data_timestamp = registry_api.data_timestamp(base_url, timeout=timeout, retry=retry)
        record_data_timestamp(engine, report.run_id, report.data_timestamp)
    while True:
        pages = registry_api.iter_changed(
            base_url, report.since, page_size=page_size, page_token=token, timeout=timeout,
            retry=retry,
        )  # fmt: skip
        try:
            for page in pages:
                _store_page(engine, report, page, render, workers)
                total = page.total if page.total is not None else total
                if progress:
                    progress(report.studies, total)
            return
        except RegistryError as exc:
            if token is None or report.pages or exc.status not in _STALE_TOKEN:
                raise
            log.warning("sync: the stored page token was refused (%s); starting over", exc)
            token = None


def _store_page(
    engine: Engine, report: SyncReport, page: Page, render: Render, workers: int
) -> None:
    """Store one page's studies, then move the cursor past it (in its own transaction: the
    sync succeeds with the last page, once the facets are recounted)."""
    # a study sent twice (the registry's pages shift while it is updated) is stored once
    items = list({item.name: item for item in map(study_item, page.studies)}.values())
    counts: Counter[str] = Counter()
    failed: list[tuple[str, str]] = []
    moved: list[tuple[str, str]] = []
    if items:
        stored = store_items(
            engine, items, render=render, label=f"sync {report.run_id}", batch_size=BATCH_SIZE,
            workers=max(1, min(workers, -(-len(items) // BATCH_SIZE))), refresh=False,
        )  # fmt: skip
        outcome = _outcomes(stored)
        for item in items:
            status, reason = outcome.get(item.name, ("unchanged", None))
            counts[status] += 1
            if status == "failed":
                failed.append((item.name, reason or ""))
        moved = retire_moved(engine, items)
    changed = counts["loaded"] or counts["superseded"] or failed or moved
    if page.last and (changed or _changed(report) or report.resumed):
        recount(engine)  # resumed: what the run it resumes stored is counted too
    advance_run(engine, report, page, counts, failed, moved)


def _changed(report: SyncReport) -> bool:
    """Whether the run stored anything the facet counts count."""
    return bool(report.loaded or report.superseded or report.failed or report.moved)


def recount(engine: Engine) -> None:
    """Recount the whole-registry facets (``refresh_facets``), under the seed lock: a seed job
    recounting at the same time would insert the same rows. Its counts are split between two
    connections on one snapshot (``store.snapshots``)."""
    with advisory_lock(engine, SEED_LOCK_KEY), shared_snapshot(engine) as (conn, helper):
        refresh_facets(conn, helper=helper)


def _outcomes(stored: LoadReport) -> dict[str, tuple[str, str | None]]:
    """name -> (status, reason) of every source the load reported on."""
    found: dict[str, tuple[str, str | None]] = {}
    found.update((name, ("loaded", None)) for name in stored.loaded)
    found.update((name, ("unchanged", None)) for name in stored.unchanged)
    found.update((name, ("superseded", why)) for name, why in stored.superseded)
    found.update((name, ("failed", why)) for name, why in stored.failed)
    return found


def retire_moved(engine: Engine, items: list[SourceItem]) -> list[tuple[str, str]]:
    """Studies that moved to a new NCT id name their old ones in ``nctIdAliases``: the trial
    stored under an old id is deleted, and every source of the old id is ``superseded`` (the
    new trial holds the old id as an alias). Only where the new id's trial is stored. Returns
    the (old, new) NCT ids of the trials replaced; idempotent. The facets are the caller's to
    recount (``recount``)."""
    claims = {
        old: item.record.nct_id
        for item in items
        if item.record is not None
        for old in item.record.aliases
        if old != item.record.nct_id
    }
    if not claims:
        return []
    with advisory_lock(engine, SEED_LOCK_KEY), engine.begin() as conn:
        lock_keys(conn, TRIAL_LOCK_SPACE, set(claims) | set(claims.values()))
        current = set(
            conn.scalars(select(m.Trial.nct_id).where(m.Trial.nct_id.in_(set(claims.values()))))
        )
        claims = {old: new for old, new in claims.items() if new in current}
        if not claims:
            return []
        for old, new in claims.items():
            conn.execute(
                update(m.SourceDocument)
                .where(
                    m.SourceDocument.nct_id == old,
                    m.SourceDocument.status.in_(["loaded", "superseded"]),
                )
                .values(
                    status="superseded",
                    error=f"{old} moved to {new}: the registry lists {old} among its aliases",
                    record=null(),  # not kept: it is no trial's to hold again
                )
            )
        retired = conn.scalars(
            delete(m.Trial).where(m.Trial.nct_id.in_(list(claims))).returning(m.Trial.nct_id)
        ).all()
    return sorted((old, claims[old]) for old in retired)
