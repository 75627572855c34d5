"""What a study costs a loader worker's Python, without a database: the first ``--studies``
members of a bulk ZIP parsed, their criteria facts extracted, their rows built and their
served document rendered, in batches, as ``seed.load.worker`` does them (its garbage
collection too, or Python's own with ``--gc python``).

Instruction counts do not move with the machine or its load, wall time does (two machines of
one kind have differed 2-3x), so run it under callgrind twice, with and without the studies,
and divide the difference:

    export PYTHONHASHSEED=0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python -m bench.study_cost --zip ctg.zip --studies 0      # I refs: A
    ... --studies 1000                                                       # I refs: B
    (B - A) / 1000 = instructions a study

Without callgrind it prints the CPU seconds a study of each part (parse, facts, rows,
document). The memo caches start empty, as in a load's first studies: a change is compared
with the same ``--studies`` on the same ZIP.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.eligibility.facts import extract_facts  # noqa: E402
from schemas.trial_json import render_trial_json  # noqa: E402
from seed.load import rows  # noqa: E402
from seed.load.documents import parse_items  # noqa: E402
from seed.load.worker import collect, collect_by_batch  # noqa: E402

BATCH = 500  # seed.load's batch size


def batch_cost(members: list[tuple[str, bytes]], seconds: Counter) -> None:
    """One batch: every study parsed first, then its facts, rows and document, as a worker
    stores a batch (the parsed studies alive until the batch is done)."""
    started = time.process_time()
    records = [
        item.record
        for name, data in members
        for item in parse_items(name, data, origin="archive", container="zip", change_key="")
        if item.record is not None
    ]
    seconds["parse"] += time.process_time() - started
    table = {name: [] for name in rows.COPY_COLUMNS}
    ids = itertools.count(1)
    loaded_at = dt.datetime.now(dt.UTC)
    for record in records:
        started = time.process_time()
        facts = extract_facts(record.eligibility)
        done = time.process_time()
        seconds["facts"] += done - started
        conditions = rows._conditions(record)
        rows._child_rows(record, 1, table, ids, ids, ids, facts)
        rows._trial_row(record, 1, conditions)
        rows._search_texts(record)
        started = time.process_time()
        seconds["rows"] += started - done
        render_trial_json(record, loaded_at, facts)
        seconds["document"] += time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip", required=True, help="a bulk ZIP (python -m tools.synth --zip)")
    parser.add_argument("--studies", type=int, default=1000)
    parser.add_argument(
        "--gc", choices=("worker", "python"), default="worker",
        help="collect as a loader worker does (default), or by Python's automatic collection",
    )  # fmt: skip
    args = parser.parse_args()

    rows.warm()  # built before a load forks its workers
    if args.gc == "worker":
        collect_by_batch()
    else:
        gc.freeze()
    seconds: Counter = Counter()
    with zipfile.ZipFile(args.zip) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()][: args.studies]
        for start in range(0, len(infos), BATCH):
            members = [(i.filename, archive.read(i)) for i in infos[start : start + BATCH]]
            batch_cost(members, seconds)
            if args.gc == "worker":
                collect()
    if infos:
        parts = ", ".join(f"{p} {s / len(infos) * 1e3:.3f}" for p, s in seconds.items())
        total = sum(seconds.values()) / len(infos) * 1e3
        print(f"{len(infos)} studies, gc {args.gc}: {total:.3f} ms CPU a study ({parts})")


if __name__ == "__main__":
    main()
