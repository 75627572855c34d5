"""Listening for committed changes to the served documents: migration 0019's trigger sends a
notification on ``CHANNEL`` when a transaction that changed ``trial_json`` commits.

``ChangeListener`` is a daemon thread with a connection of its own (not one of the pool's) in
LISTEN, that calls back on every notification, and says when it is listening and when it has
lost the connection (a server restart, a dropped session, a network that stopped answering),
after which it connects again every ``RETRY_SECONDS``. While it is not listening nothing tells
it what changed: a caller keeping copies of documents must drop them and keep none
(service.trial_cache).

LISTEN needs a session on the primary itself: a hot standby refuses it, and a pooler in
transaction mode gives no session to keep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Engine

log = logging.getLogger(__name__)

CHANNEL = "trial_json_changed"
CHECK_SECONDS = 5.0  # a round trip after this long without a notification: is it still there?
RETRY_SECONDS = 1.0
# TCP keepalives: a server that stopped answering (not one that closed the connection, which
# is seen at once) is given up after about idle + interval x count seconds
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 2,
              "keepalives_count": 3}  # fmt: skip


class ChangeListener:
    """Calls ``changed()`` for each notification on ``CHANNEL``, ``listening()`` once LISTEN
    is in place (and again after each reconnection), ``lost()`` when the connection is gone;
    all on its own thread, which ``start`` starts and ``stop`` ends."""

    def __init__(
        self,
        engine: Engine,
        *,
        changed: Callable[[], None],
        listening: Callable[[], None],
        lost: Callable[[], None],
        connect_timeout_s: int = 5,
    ) -> None:
        # the engine's server and credentials, on a connection outside its pool
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        self._connect_args = (args, {**kwargs, **KEEPALIVES, "connect_timeout": connect_timeout_s})
        self._changed, self._listening, self._lost = changed, listening, lost
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trial-changes", daemon=True)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except psycopg.Error as exc:
                log.warning("not listening for changed trials (%s); trying again", exc)
            except Exception:  # a bug in a callback: say so, never leave copies unwatched
                log.exception("the listener for changed trials failed; trying again")
            self._lost()
            self._stopping.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        args, kwargs = self._connect_args
        with psycopg.connect(*args, **kwargs, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self._listening()
            while not self._stopping.is_set():
                for _notify in conn.notifies(timeout=CHECK_SECONDS):
                    self._changed()
                    if self._stopping.is_set():
                        return
                conn.execute("SELECT 1")  # quiet for a while: is the server still there?
