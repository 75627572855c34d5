"""bench/zip_load_bench.py runs against the loader as it is: a small bulk ZIP of synthetic API v2
studies loaded both ways (import_paths with workers, store_items in one process), every figure
printed next to its target."""

from __future__ import annotations

import re

from tests.support.bench import run_bench


def test_the_zip_load_benchmark_prints_every_figure(server_url, tmp_path):
    archive = tmp_path / "ctg-studies.json.zip"
    out = run_bench("zip_load_bench.py", server_url, "--count", "40", "--zip", str(archive),
                    "--sharded", "--workers", "2", "--mode", "bulk")  # fmt: skip
    assert "zip: -m tools.synth --format ctgov-json --count 40" in out
    assert "load: 40 loaded, 0 failed of 40" in out and "(2 worker processes)" in out
    assert re.search(r"rate +\d+ studies/s +target >= 834/s +(met|missed)", out)
    assert re.search(r"full load +500,000 in [\d.,]+ min \(projected\) +target < 10 min", out)
    assert re.search(r"peak RSS +[\d.]+ MB: this [\d.]+ MB .*workers <= [\d.]+ MB each", out)
    assert re.search(r"database +[\d.]+ MB, [\d.]+ GB at 500,000 \(projected\)", out)
    work = re.search(r"work +read/parse ([\d.]+) s .*facts .*document .*COPY ([\d.]+) s", out)
    assert work and float(work.group(1)) > 0 and float(work.group(2)) > 0
    assert re.search(r"bulk mode +indexes built after the load [\d.]+ s \(\d+% of the wall", out)

    again = run_bench("zip_load_bench.py", server_url, "--count", "40", "--zip", str(archive),
                      "--via", "items", "--workers", "1")  # fmt: skip
    assert f"zip: reusing {archive}" in again
    assert "load: 40 loaded, 0 failed of 40" in again and "(1 worker process)" in again
    assert re.search(r"time +read/parse .*facts .*document .*COPY .*other [\d.]+ s", again)
    assert re.search(r"bulk mode +off \(incremental", again)
