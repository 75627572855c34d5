"""Opaque keyset cursors: cheap at any depth, unlike OFFSET."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
from typing import Any

from domain.errors import InvalidCursor

_VERSION = 1


def encode_cursor(values: list[Any]) -> str:
    payload = json.dumps([_VERSION, values], separators=(",", ":"))
    check = hashlib.sha256(payload.encode()).hexdigest()[:8]
    return base64.urlsafe_b64encode(f"{check}{payload}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...], sort: str | None = None) -> list[Any]:
    """The keyset values in ``cursor``; ``InvalidCursor`` when it is not one of ours.

    With ``sort``, the cursor's first value must name that sort (and is not returned)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        check, payload = raw[:8], raw[8:]
        if hashlib.sha256(payload.encode()).hexdigest()[:8] != check:
            raise ValueError("checksum")
        version, values = json.loads(payload)
        if version != _VERSION or not isinstance(values, list):
            raise ValueError("shape")
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidCursor() from exc
    if sort is not None:
        if not values or not isinstance(values[0], str):  # e.g. a cursor of /v1/arms
            raise InvalidCursor()
        if values[0] != sort:
            raise InvalidCursor(f"This cursor belongs to sort={values[0]}, not sort={sort}.")
        values = values[1:]
    if len(values) != len(types) or not all(
        isinstance(v, t) and not isinstance(v, bool) and _storable(v)
        for v, t in zip(values, types, strict=True)
    ):
        raise InvalidCursor()
    return values


def _storable(value: Any) -> bool:
    """Whether PostgreSQL can take ``value`` as a bind parameter: the checksum keeps out typos,
    not forgeries, and a forged cursor must be a 400 too (not a DataError, a 500)."""
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def page(rows: list[Any], limit: int, key) -> tuple[list[Any], Any | None]:
    """The first ``limit`` rows, and ``key(last row)`` only when another row exists (so no
    cursor ever leads to an empty page)."""
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, key(rows[-1])
    return rows, None
