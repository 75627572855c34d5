"""The documents a worker served last, kept in its memory: a lookup of one of them
(``GET /v1/trials/{id}`` and its parts) costs no database round trip.

Kept only while they cannot be stale: a ``store.changes.ChangeListener`` listens on the
primary for the notification migration 0019's trigger sends when a transaction that changed
served documents commits, whoever wrote, and every copy is dropped when it arrives. A copy is
served at most the time that notification takes to arrive after the commit (milliseconds: a
request racing the commit). While the listener is not connected (it has not yet connected,
or lost its connection) nothing is kept and every lookup reads the database, so an outage or
a restart of the database is never hidden behind old copies.

A copy read from the database is kept only if nothing changed while it was read (the
``generation`` the read started at is still current): a notification that arrives between
the read and its keeping would otherwise leave the old document kept after the change.

Least recently used copies go first once their bodies pass ``TRIAL_CACHE_MB``; documents
over ``MAX_ENTRY_BYTES`` are never kept. Off (``TRIAL_CACHE_MB=0``, or reads on a replica or
through a pooler, where LISTEN is not possible or would run ahead of the replica's replay:
docs/operations.md). The listener starts with the first lookup of each process, so each
gunicorn worker has its own after the fork.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy import Engine

from store.changes import ChangeListener

MAX_ENTRY_BYTES = 256 * 1024

Document = tuple[bytes, str]  # (the body as UTF-8, its etag)


class TrialCache:
    def __init__(self, engine: Engine, max_bytes: int, connect_timeout_s: int = 5) -> None:
        self.max_bytes = max_bytes
        self._engine = engine
        self._connect_timeout_s = connect_timeout_s
        self._entries: OrderedDict[str, Document] = OrderedDict()
        self._bytes = 0
        self._generation = 0
        self._live = False  # the listener is connected: copies may be kept and served
        self._lock = threading.Lock()
        self._listener: ChangeListener | None = None
        self._pid: int | None = None  # the process whose listener that is
        # told "hit", "miss" or "off" (not listening) at each lookup: service.web.metrics
        self.on_lookup: Callable[[str], None] = _nothing

    def get(self, nct_id: str) -> Document | None:
        """The kept copy of ``nct_id``'s document, if any."""
        if self._pid != os.getpid():
            self._start()
        if not self._live:
            self.on_lookup("off")
            return None
        with self._lock:
            found = self._entries.get(nct_id)
            if found is not None:
                self._entries.move_to_end(nct_id)
        self.on_lookup("miss" if found is None else "hit")
        return found

    @property
    def live(self) -> bool:
        """The listener is connected: copies are kept and served."""
        return self._live

    @property
    def generation(self) -> int:
        """Read before reading a document from the database, for ``keep``."""
        return self._generation

    def keep(self, nct_id: str, document: Document, generation: int) -> None:
        """Keep ``document`` if nothing changed since ``generation`` was read."""
        size = len(document[0])
        if size > MAX_ENTRY_BYTES or size > self.max_bytes:
            return
        with self._lock:
            if not self._live or generation != self._generation:
                return
            old = self._entries.pop(nct_id, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._entries[nct_id] = document
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[0])

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"documents": len(self._entries), "bytes": self._bytes}

    def changed(self) -> None:
        """Drop every copy (documents changed, or may have); reads in flight keep none."""
        with self._lock:
            self._drop_all()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop()

    def _listening(self) -> None:
        with self._lock:  # whatever changed before went unheard: start from nothing
            self._live = True
            self._drop_all()

    def _lost(self) -> None:
        with self._lock:
            self._live = False
            self._drop_all()

    def _drop_all(self) -> None:
        """Under the lock: every copy gone, and reads in flight keep none (``keep``)."""
        self._generation += 1
        self._entries.clear()
        self._bytes = 0

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            # a fork (a gunicorn worker) copies the parent's copies but not its thread
            self._pid, self._live = os.getpid(), False
            self._drop_all()
            self._listener = ChangeListener(
                self._engine,
                changed=self.changed,
                listening=self._listening,
                lost=self._lost,
                connect_timeout_s=self._connect_timeout_s,
            ).start()


def _nothing(_result: str) -> None:
    pass
