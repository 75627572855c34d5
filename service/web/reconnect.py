"""A read that finds its pooled connection dropped runs once more, on a new connection.

A connection idle for more than ``store.engine.IDLE_PING_SECONDS`` is pinged at checkout and
replaced if dead; one used the moment before is not (a ping on every checkout would add a
round trip to every request). So when the database restarts, or a replica comes back, or an
operator terminates sessions, the next request on each connection the pool still holds fails
with a dropped connection, and SQLAlchemy invalidates the pool. For a request that only
reads, that failure says nothing about the request: it is run again, once, on a new
connection, and answers as it would have; only if that fails too (the server is still down)
is it a 503. A request that has taken the write engine (the admin API) is never run twice.

Only a statement that failed on a connection counts (``exc.statement`` set): a failed
connect is the server being unreachable, and trying it again would only double the wait
(``DB_CONNECT_TIMEOUT``) before the same 503.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy.exc import DBAPIError

from service import db

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Wrap every view registered so far; call it after the blueprints are."""
    for endpoint, view in app.view_functions.items():
        app.view_functions[endpoint] = _once_more_on_a_dropped_connection(view)


def _once_more_on_a_dropped_connection(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except DBAPIError as exc:
            if not (exc.connection_invalidated and exc.statement is not None) or db.wrote():
                raise
            log.warning("a pooled connection was dropped (%s); reading again on a new one",
                        type(exc.orig).__name__)  # fmt: skip
            db.release()
            return view(*args, **kwargs)

    return run
