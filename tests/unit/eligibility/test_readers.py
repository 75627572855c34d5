"""The reader table: one reader for each fact kind, none left out."""

from __future__ import annotations

from domain.eligibility.readers import READERS
from domain.records import FACT_KINDS


def test_every_fact_kind_has_exactly_one_reader():
    kinds = [kind for reader in READERS for kind in reader.kinds]
    assert sorted(kinds) == sorted(FACT_KINDS)
