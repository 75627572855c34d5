"""Where the tests find the repository, the seed documents and the golden files."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "seed" / "documents" / "pages"  # the five text pages
REGISTRY = ROOT / "tests" / "data" / "registry"  # real records in the registry's formats
GOLDEN = ROOT / "tests" / "golden"  # each seed document's parsed record (to_dict), by hand
GOLDEN_FACTS = GOLDEN / "facts"  # and its criterion facts


def copy_documents(dest: Path, names: Iterable[str] | None = None) -> Path:
    """Copy the seed documents (all, or only ``names``) into ``dest``, made if missing."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(DOCUMENTS.iterdir()) if names is None else (DOCUMENTS / n for n in names):
        shutil.copy(path, dest / path.name)
    return dest
