"""bench/study_cost.py runs against the loader's code as it is: a small bulk ZIP's studies
parsed, their facts, rows and documents made, the CPU a study of each part printed, with a
worker's garbage collection and with Python's."""

from __future__ import annotations

import re

from tests.support.bench import run_bench
from tools.synth.__main__ import main as synth


def test_the_study_cost_benchmark_prints_each_part(tmp_path):
    archive = tmp_path / "ctg-studies.json.zip"
    assert synth(["--format", "ctgov-json", "--count", "30", "--zip", str(archive)]) == 0
    for mode in ("worker", "python"):
        out = run_bench("study_cost.py", "", "--zip", str(archive), "--studies", "30",
                        "--gc", mode)  # fmt: skip
        found = re.search(
            rf"30 studies, gc {mode}: ([\d.]+) ms CPU a study \(parse ([\d.]+), "
            r"facts ([\d.]+), rows ([\d.]+), document ([\d.]+)\)",
            out,
        )
        assert found, out
        total, *parts = map(float, found.groups())
        assert all(p > 0 for p in parts)
        assert abs(total - sum(parts)) < 0.01
