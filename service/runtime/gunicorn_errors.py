"""Gunicorn's own error responses as RFC 9457 problem+json, like every error of the app.

Gunicorn answers some requests before the app sees them: a request line longer than
``limit_request_line`` (414), header fields too large (431), a malformed request line or
header (400). It writes those as a small HTML page; ``install()`` (run in each worker, see
``gunicorn_conf.post_worker_init``) makes it write problem+json instead.
"""

from __future__ import annotations

import json
import re

from gunicorn import util

PROBLEM_JSON = "application/problem+json"


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for ``gunicorn.util.write_error``."""
    detail = mesg or reason
    if status_int == 414 and (sizes := re.search(r"\((\d+) > (\d+)\)", mesg)):
        detail = f"The request line is {sizes[1]} bytes, over the limit of {sizes[2]}."
    body = json.dumps(
        {"type": "about:blank", "title": reason, "status": status_int, "detail": detail}
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\n"
        "Cache-Control: no-store\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


def install() -> None:
    util.write_error = write_problem
