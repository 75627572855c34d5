"""The source_documents rows: which source holds each trial, which lost it and why, which
failed and why; removing sources.

Items are written in batches (one transaction per batch, for speed); when a batch fails, its
items are written again one transaction each, so one bad item never takes the others with it
and no trial is ever half-written. Every transaction that decides on an NCT id first locks it
(``store.locks.lock_keys``): worker processes storing two sources of one study side by side
decide one after the other, each seeing the other's result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Text,
    any_,
    bindparam,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import SQLAlchemyError

from domain.dates import first_day
from domain.records import TrialRecord
from seed.load.bulk import delete_children
from seed.load.documents import SourceItem
from seed.load.payload import decode_record, encode_record
from seed.load.precedence import Candidate, decide
from seed.load.rows import LOADER_VERSION, Render, insert_trials
from store import models as m
from store.locks import TRIAL_LOCK_SPACE, lock_keys

log = logging.getLogger("seed.load")

# (name, container, status, reason): status is loaded | unchanged | failed | superseded
Outcome = tuple[str, str | None, str, str | None]
S = m.SourceDocument


def _any(values: Iterable[str]):
    """``= ANY(array)``: one bound array, however many values (an IN list is one each)."""
    return any_(bindparam(None, list(values), type_=ARRAY(Text)))


@dataclasses.dataclass(frozen=True, slots=True)
class WriteContext:
    render: Render
    run_id: int | None  # the seed run storing (first_run_id of new rows)
    mirrored: bool = False  # a seed of SEED_DIR: its rows are pruned when their file is gone
    force: bool = False  # store even what is unchanged
    bulk: bool = False  # a bulk load (seed.load.bulk): child rows have no foreign keys


def write_items(engine: Engine, items: list[SourceItem], ctx: WriteContext) -> list[Outcome]:
    """Store items in one transaction; if that fails, one transaction each."""
    if not items:
        return []
    try:
        with engine.begin() as conn:
            return _write(conn, items, ctx)
    except SQLAlchemyError:
        log.warning("seed: a batch of %d failed; writing its items one by one", len(items))
    outcomes: list[Outcome] = []
    for item in items:
        try:
            with engine.begin() as conn:
                outcomes += _write(conn, [item], ctx)
        except SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            reason = f"the database rejected the record ({type(cause).__name__})"
            log.exception("seed: %s could not be stored", item.name)
            failed = dataclasses.replace(item, record=None, error=reason, error_line=None)
            with engine.begin() as conn:
                outcomes += _write(conn, [failed], ctx)
    return outcomes


def _unchanged(item: SourceItem, row, ctx: WriteContext) -> bool:
    return (
        not ctx.force
        and item.record is not None
        and row is not None
        and row.status != "failed"
        and row.loader_version == LOADER_VERSION
        and row.change_key is not None
        and row.sha256 == item.sha256
        and (row.mirrored or not ctx.mirrored)
    )


def _write(conn: Connection, items: list[SourceItem], ctx: WriteContext) -> list[Outcome]:
    # A crash may lose the last batches' commits, never half of one; the job is re-runnable.
    conn.execute(text("SET LOCAL synchronous_commit = off"))
    existing = {
        row.name: row
        for row in conn.execute(
            select(
                S.name, S.nct_id, S.sha256, S.change_key, S.status, S.loader_version, S.mirrored
            ).where(S.name == _any(i.name for i in items))
        )
    }
    same = [i for i in items if _unchanged(i, existing.get(i.name), ctx)]
    rekey = [{"n": i.name, "k": i.key} for i in same if existing[i.name].change_key != i.key]
    if rekey:  # the same study in a changed file: only the file's key moves
        conn.execute(
            update(S).where(S.name == bindparam("n")).values(change_key=bindparam("k")), rekey
        )
    outcomes: list[Outcome] = [(i.name, i.container, "unchanged", None) for i in same]
    todo = [i for i in items if not _unchanged(i, existing.get(i.name), ctx)]
    if not todo:
        return outcomes
    held = {existing[i.name].nct_id for i in todo if i.name in existing}
    nct_ids = {i.record.nct_id for i in todo if i.record} | (held - {None})
    lock_keys(conn, TRIAL_LOCK_SPACE, nct_ids)
    ids = _upsert_sources(conn, todo, ctx)
    outcomes += [(i.name, i.container, "failed", i.error) for i in todo if i.record is None]
    batch = {ids[i.name]: i for i in todo if i.record is not None}
    return outcomes + settle(conn, nct_ids, batch, ctx.render, bulk=ctx.bulk)


# The columns an item sets, one array each (unnest): a statement of one shape whatever the
# batch's size, cheap to build and for PostgreSQL to parse. ``first_run_id`` is kept on a
# re-run; ``record`` (a superseded source's kept record) is cleared.
_ITEM_COLUMNS = (
    "name", "origin", "container", "format", "sha256", "change_key", "status", "error",
    "error_line", "nct_id", "last_update",
)  # fmt: skip


def _array_of(column: str) -> str:
    """The SQL array type of a source_documents column, from the model."""
    return f"{S.__table__.c[column].type.compile(dialect=postgresql.dialect())}[]"


_UPSERT_SOURCES = text(
    "INSERT INTO source_documents ("
    + ", ".join(_ITEM_COLUMNS)
    + ", mirrored, first_run_id, record, loader_version) SELECT *, CAST(:mirrored AS boolean), "
    "CAST(:run_id AS bigint), CAST(NULL AS jsonb), CAST(:version AS integer) FROM unnest("
    + ", ".join(f"CAST(:{c} AS {_array_of(c)})" for c in _ITEM_COLUMNS)
    + ") ON CONFLICT (name) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ITEM_COLUMNS if c != "name")
    + ", mirrored = excluded.mirrored, record = excluded.record, "
    "loader_version = excluded.loader_version, loaded_at = now() RETURNING id, name"
)


def _upsert_sources(conn: Connection, items: list[SourceItem], ctx: WriteContext) -> dict:
    """Insert or update the items' source rows: name -> row id. A parsed source is
    ``superseded`` until settle() decides on it, in the same transaction."""
    columns = zip(*(_row(i) for i in items), strict=True)
    params = {c: list(values) for c, values in zip(_ITEM_COLUMNS, columns, strict=True)}
    params |= {"mirrored": ctx.mirrored, "run_id": ctx.run_id, "version": LOADER_VERSION}
    return {name: id_ for id_, name in conn.execute(_UPSERT_SOURCES, params)}


def _row(item: SourceItem) -> tuple:
    """An item's values in ``_ITEM_COLUMNS`` order."""
    rec = item.record
    return (
        item.name, item.origin, item.container, rec.source.layout if rec else None,
        item.sha256, item.key, "superseded" if rec else "failed", item.error, item.error_line,
        rec.nct_id if rec else None, _last_update(rec),
    )  # fmt: skip


def _last_update(rec: TrialRecord | None) -> dt.date | None:
    try:
        return first_day(rec.dates.last_update_posted) if rec else None
    except ValueError:
        return None


def settle(
    conn: Connection,
    nct_ids: Iterable[str],
    batch: dict[int, SourceItem],
    render: Render,
    *,
    bulk: bool = False,
) -> list[Outcome]:
    """Decide which source holds each of ``nct_ids`` (``precedence.decide``) and make the
    trials and statuses say so. ``batch``: the sources read in this transaction, by row id
    (their records are at hand). The caller holds the NCT ids' locks. Returns the outcomes of
    the batch's items and of every other source whose status changed. ``bulk``: the child
    rows' foreign keys are away, so a replaced trial's children are deleted by hand."""
    nct_ids = sorted(nct_ids)
    if not nct_ids:
        return []
    rows = conn.execute(
        select(
            S.id, S.name, S.container, S.nct_id, S.format, S.last_update, S.first_run_id,
            S.status, S.error, S.record.is_not(None).label("kept"),
        ).where(S.nct_id == _any(nct_ids), S.status.in_(["loaded", "superseded"]))
    ).all()  # fmt: skip
    trials = select(m.Trial.nct_id, m.Trial.source_document_id)
    holders = dict(conn.execute(trials.where(m.Trial.nct_id == _any(nct_ids))).all())
    by_nct = defaultdict(list)
    for row in rows:
        by_nct[row.nct_id].append(row)
    stale: list[str] = []  # NCT ids whose trial goes (replaced, or no source holds it)
    inserts: list[tuple[TrialRecord, int]] = []
    promoted: list[int] = []  # sources that hold their trial again, from their kept record
    changes: dict[str, list[dict]] = defaultdict(list)
    outcomes: list[Outcome] = []
    for nct_id in nct_ids:
        found = {row.id: row for row in by_nct[nct_id]}
        holder = holders.get(nct_id)
        decision = decide(
            nct_id,
            [
                Candidate(
                    r.id, r.name, r.format, r.last_update, r.first_run_id,
                    available=r.id in batch or r.kept or r.id == holder,
                )
                for r in found.values()
            ],
        )  # fmt: skip
        winner = decision.winner
        if winner is None or winner.id != holder or winner.id in batch:
            if holder is not None:
                stale.append(nct_id)
            if winner is not None and winner.id in batch:
                inserts.append((batch[winner.id].record, winner.id))
            elif winner is not None:
                promoted.append(winner.id)
        if winner is not None:
            row = found[winner.id]
            changes["loaded"].append({"i": winner.id})
            if winner.id in batch or winner.id != holder or row.status != "loaded":
                outcomes.append((row.name, row.container, "loaded", None))
        for c, reason in decision.superseded:
            row = found[c.id]
            if c.id in batch:
                record = encode_record(batch[c.id].record)
                changes["kept"].append({"i": c.id, "e": reason, "r": record})
            else:
                changes["superseded"].append({"i": c.id, "e": reason})
            if c.id in batch or row.status != "superseded" or row.error != reason:
                outcomes.append((row.name, row.container, "superseded", reason))
        for c, reason in decision.waiting:
            row = found[c.id]
            changes["waiting"].append({"i": c.id, "e": reason})
            outcomes.append((row.name, row.container, "superseded", reason))
    _apply(conn, changes)
    if stale:
        if bulk:
            gone = conn.scalars(select(m.Trial.id).where(m.Trial.nct_id == _any(stale)))
            delete_children(conn, list(gone))
        conn.execute(delete(m.Trial).where(m.Trial.nct_id == _any(stale)))
    if promoted:
        kept = conn.execute(select(S.id, S.record).where(S.id.in_(promoted))).all()
        inserts += [(decode_record(record), id_) for id_, record in kept]
    if inserts:
        insert_trials(conn, inserts, render)
    return outcomes


_STATUS = {
    "loaded": {"status": "loaded", "error": None, "error_line": None},
    "kept": {"status": "superseded", "error": bindparam("e"), "record": bindparam("r")},
    "superseded": {"status": "superseded", "error": bindparam("e")},
    # its record is not at hand: a NULL change key has it read again on the next run
    "waiting": {"status": "superseded", "error": bindparam("e"), "change_key": None},
}


def _apply(conn: Connection, changes: dict[str, list[dict]]) -> None:
    for kind, params in changes.items():
        if kind == "loaded":  # the same values for all: one statement
            ids = [p["i"] for p in params]  # = ANY(array): one parameter, however many
            any_ids = any_(bindparam(None, ids, type_=ARRAY(BigInteger)))
            conn.execute(update(S).where(S.id == any_ids).values(**_STATUS[kind]))
        else:
            conn.execute(update(S).where(S.id == bindparam("i")).values(**_STATUS[kind]), params)


def remove_sources(engine: Engine, names: list[str], render: Render) -> list[Outcome]:
    """Delete these sources with their trials; a superseded source of the same NCT id takes
    each trial over. Returns the outcomes of the sources whose status changed."""
    outcomes: list[Outcome] = []
    for i in range(0, len(names), 1000):
        with engine.begin() as conn:
            gone = conn.execute(
                delete(S).where(S.name == _any(names[i : i + 1000])).returning(S.nct_id)
            ).scalars()
            nct_ids = {n for n in gone if n}
            lock_keys(conn, TRIAL_LOCK_SPACE, nct_ids)
            outcomes += settle(conn, nct_ids, {}, render)
    return outcomes


def names_in(engine: Engine, containers: list[str]) -> dict[str, list[str]]:
    """container -> the names of its sources in the database."""
    found: dict[str, list[str]] = defaultdict(list)
    with engine.connect() as conn:
        for name, container in conn.execute(
            select(S.name, S.container).where(S.container == _any(containers))
        ):
            found[container].append(name)
    return found


def mirrored_containers(engine: Engine) -> set[str]:
    """The files a seed of SEED_DIR loaded sources from."""
    with engine.connect() as conn:
        return set(
            conn.scalars(
                select(S.container)
                .where(S.mirrored, S.origin.in_(["file", "archive"]), S.container.is_not(None))
                .distinct()
            )
        )


def containers_to_reread(engine: Engine) -> set[str]:
    """The files that hold a source waiting to be read again (see ``settle``)."""
    with engine.connect() as conn:
        return set(
            conn.scalars(
                select(S.container)
                .where(S.change_key.is_(None), S.status == "superseded")
                .where(S.container.is_not(None))
                .distinct()
            )
        )


def known_files(engine: Engine, containers: list[str], mirrored: bool) -> dict[str, tuple]:
    """container -> (change key, names) for files stored unchanged since, by this loader:
    such a file whose bytes hash to the key is skipped without being parsed."""
    rows = defaultdict(list)
    with engine.connect() as conn:
        for row in conn.execute(
            select(S.name, S.container, S.change_key, S.status, S.loader_version, S.mirrored).where(
                S.container == _any(containers)
            )
        ):
            rows[row.container].append(row)
    known = {}
    for container, found in rows.items():
        keys = {r.change_key for r in found}
        if len(keys) == 1 and None not in keys and all(_reusable(r, mirrored) for r in found):
            known[container] = (keys.pop(), tuple(r.name for r in found))
    return known


def known_members(engine: Engine, container: str, mirrored: bool) -> dict[str, str]:
    """name -> change key of an archive's members stored unchanged since, by this loader."""
    with engine.connect() as conn:
        return {
            r.name: r.change_key
            for r in conn.execute(
                select(S.name, S.change_key, S.status, S.loader_version, S.mirrored).where(
                    S.container == container, S.change_key.is_not(None)
                )
            )
            if _reusable(r, mirrored)
        }


def _reusable(row, mirrored: bool) -> bool:
    return (
        row.status != "failed"
        and row.loader_version == LOADER_VERSION
        and (row.mirrored or not mirrored)
    )


def current_statuses(engine: Engine, names: list[str]) -> dict[str, tuple[str, str | None]]:
    """name -> (status, reason) as stored now."""
    found = {}
    with engine.connect() as conn:
        for i in range(0, len(names), 1000):
            for name, status, error in conn.execute(
                select(S.name, S.status, S.error).where(S.name == _any(names[i : i + 1000]))
            ):
                found[name] = (status, error)
    return found
