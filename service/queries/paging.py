"""Opaque keyset cursors: cheap at any depth, unlike OFFSET."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from service.errors import bad_request

_VERSION = 1


def encode_cursor(values: list[Any]) -> str:
    payload = json.dumps([_VERSION, values], separators=(",", ":"))
    check = hashlib.sha256(payload.encode()).hexdigest()[:8]
    return base64.urlsafe_b64encode(f"{check}{payload}".encode()).decode().rstrip("=")


INVALID = "Not a valid cursor: pass a page's next_cursor unchanged."


def decode_cursor(cursor: str, types: tuple[type, ...], sort: str | None = None) -> list[Any]:
    """The keyset values in ``cursor``; a 400 naming ``cursor`` when it is not one of ours.

    With ``sort``, the cursor's first value must name that sort (and is not returned)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        check, payload = raw[:8], raw[8:]
        if hashlib.sha256(payload.encode()).hexdigest()[:8] != check:
            raise ValueError("checksum")
        version, values = json.loads(payload)
        if version != _VERSION or not isinstance(values, list):
            raise ValueError("shape")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        bad_request("cursor", INVALID)
    if sort is not None:
        if not values or values[0] != sort:
            named = values[0] if values and isinstance(values[0], str) else "another order"
            bad_request("cursor", f"This cursor belongs to sort={named}, not sort={sort}.")
        values = values[1:]
    if len(values) != len(types) or not all(
        isinstance(v, t) and not isinstance(v, bool) for v, t in zip(values, types, strict=True)
    ):
        bad_request("cursor", INVALID)
    return values


def page(rows: list[Any], limit: int, key) -> tuple[list[Any], Any | None]:
    """The first ``limit`` rows, and ``key(last row)`` only when another row exists (so no
    cursor ever leads to an empty page)."""
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, key(rows[-1])
    return rows, None
