"""Free TCP ports for the servers the tests start."""

from __future__ import annotations

import socket


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (the OS picks it; a server started next can bind it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
