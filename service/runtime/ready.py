"""The start-up's last line: where the docs and the API answer, said once per server by the
first gunicorn worker to have loaded the app (``gunicorn_conf.post_worker_init``)."""

from __future__ import annotations

import logging
import multiprocessing
import socket
from collections.abc import Iterable

log = logging.getLogger("service.runtime")

# Made in gunicorn's master when its config imports this module; its workers share it (fork).
_announced = multiprocessing.Value("b", 0)


def ready_line(addresses: Iterable) -> str:
    """``ready: http://localhost:8000/docs (API at http://localhost:8000/v1)`` for the first TCP
    listener (a wildcard address reads as localhost), else the listeners as they are."""
    addresses = list(addresses)
    for address in addresses:
        if isinstance(address, tuple):
            host, port = address[:2]
            host = "localhost" if host in ("0.0.0.0", "::", "") else host
            base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
            return f"ready: {base}/docs (API at {base}/v1)"
    return "ready: listening on " + ", ".join(f"unix:{a}" for a in addresses)


def announce_ready(sockets: Iterable[socket.socket]) -> None:
    """Log the ready line, unless another worker of this server already has."""
    with _announced.get_lock():
        if _announced.value:
            return
        _announced.value = 1
    log.info(ready_line(s.getsockname() for s in sockets))
