"""Bulk ZIPs for the tests, built from bytes in memory (flat or sharded, like the registry's)."""

from __future__ import annotations

import zipfile
from pathlib import Path


def build_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """Write ``members`` (path in the archive -> bytes) as a ZIP at ``path``."""
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def sharded(members: dict[str, bytes]) -> dict[str, bytes]:
    """``NCT01234567.json`` -> ``67/NCT01234567.json``, as the registry's bulk ZIP shards."""
    return {f"{Path(name).stem[-2:]}/{name}": data for name, data in members.items()}
