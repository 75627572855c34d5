"""bench/sync_bench.py runs against the sync as it is: stored synthetic trials drawn again with
another seed and a later update, served by the loopback registry and applied by
``seed.load.sync``; the figure printed next to its target."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from schemas.trial_json import render_trial_json
from seed.load import import_paths, inputs_for
from store import models as m
from tests.support.bench import run_bench
from tools.synth.studies import write_zip

pytestmark = pytest.mark.slow  # a subprocess, a registry on the loopback


def test_the_sync_benchmark_applies_changed_studies(fresh_engine, tmp_path):
    archive = tmp_path / "ctg-studies.json.zip"
    write_zip(archive, 30)
    import_paths(fresh_engine, inputs_for([archive]), render=render_trial_json, workers=1)
    with fresh_engine.connect() as conn:
        latest = conn.scalar(select(func.max(m.Trial.updated_key)))
    url = fresh_engine.url.render_as_string(hide_password=False)

    out = run_bench("sync_bench.py", url, "--changed", "10")
    assert re.search(r"sync: succeeded .*: 1 pages, 10 studies: loaded 10, unchanged 0", out)
    assert re.search(r"split: fetch [\d.]+ s, parse [\d.]+ s, .*insert trials [\d.]+ s", out)
    assert re.search(r"locks \(\d+ samples\): at most 0 reader\(s\) waiting on a lock; "
                     r"ACCESS EXCLUSIVE on tables: none", out)  # fmt: skip
    assert re.search(r"daily sync: 10 changed studies in [\d.]+ s \(target < 30 s\): (met|missed)",
                     out)  # fmt: skip
    with fresh_engine.connect() as conn:
        updated = conn.scalar(
            select(func.count()).select_from(m.Trial).where(m.Trial.updated_key > latest)
        )
        trials = conn.scalar(select(func.count()).select_from(m.Trial))
    assert (updated, trials) == (10, 30)
