"""Compact JSON text: ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, byte for
byte, written by orjson (several times faster) whenever the two would write the same.

They differ only on floats and on what orjson refuses: both write a float's shortest repr, but
below 1e-4 orjson writes ``0.00005`` for ``5e-05``, and NaN and the infinities as ``null``
(``plain_float`` also leaves out what is 1e16 or more, where the two agree today); orjson
refuses an integer past 64 bits, a lone surrogate and a key that is not a string
(``TypeError``). The caller says whether every float is plain; what orjson refuses goes to
``json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import orjson


def plain_float(value: float) -> bool:
    """Whether ``json.dumps`` and ``orjson.dumps`` write ``value`` alike."""
    return value == 0.0 or 1e-4 <= abs(value) < 1e16


def all_plain(values: Iterable[Any]) -> bool:
    """Whether every float among ``values`` is a ``plain_float`` (other values do not count)."""
    return all(type(v) is not float or plain_float(v) for v in values)


def dumps(value: Any, *, floats_plain: bool) -> str:
    """``value`` as compact JSON text; ``floats_plain``: every float in it is a
    ``plain_float`` (else ``json`` writes it all)."""
    if floats_plain:
        try:
            return orjson.dumps(value).decode()
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
