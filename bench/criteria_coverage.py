"""How much of the eligibility criteria the fact extractor understands, and how fast it reads.

    .venv/bin/python bench/criteria_coverage.py [DIR] [--rounds N] [--limit N]

Per document (the five seeds by default) or, for a directory of many documents, in total:
criteria, criteria understood (at least one fact read from them), the share understood, facts by
kind, and extraction speed in trials per second (median of N rounds). Speed is given twice: with
the per-text memo ``extract_facts`` uses at load time (repeated criteria are read once) and
without it (every criterion read from scratch).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.eligibility import facts as extractor  # noqa: E402
from domain.records import FACT_KINDS, EligibilityRecord, ParseError  # noqa: E402
from seed.parse import parse_document  # noqa: E402


def load(directory: Path, limit: int | None) -> list[tuple[str, EligibilityRecord]]:
    paths = sorted(directory.rglob("*.txt"))[:limit]
    out = []
    for path in paths:
        try:
            out.append((path.name, parse_document(path.name, path.read_bytes()).eligibility))
        except ParseError:
            continue
    return out


def speed(records: list[EligibilityRecord], rounds: int, memo: bool) -> float:
    """Trials per CPU second (process time: other processes on a busy machine do not count),
    median of ``rounds``; the memo is emptied before each round."""
    read = extractor._facts_of_text if memo else extractor._facts_of_text.__wrapped__
    rates = []
    for _ in range(rounds):
        extractor._facts_of_text.cache_clear()
        start = time.process_time()
        if memo:
            for record in records:
                extractor.extract_facts(record)
        else:
            for record in records:
                for list_, items in (
                    ("inclusion", record.inclusion),
                    ("exclusion", record.exclusion),
                ):
                    for item in items:
                        read(list_, item.text)
        rates.append(len(records) / (time.process_time() - start))
    return statistics.median(rates)


def report(label: str, records: list[EligibilityRecord]) -> tuple[int, int, Counter]:
    kinds: Counter = Counter()
    understood = total = 0
    for record in records:
        facts = extractor.extract_facts(record)
        done, count = extractor.understood(record, facts)
        understood += done
        total += count
        kinds.update(f.kind for f in facts)
    share = understood / total if total else 0.0
    by_kind = ", ".join(f"{k} {kinds[k]}" for k in FACT_KINDS if kinds[k])
    facts_count = sum(kinds.values())
    print(f"{label}: criteria {total}, understood {understood} ({share:.0%}); facts {facts_count}")
    print(f"    by kind: {by_kind or '-'}")
    return understood, total, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", default=str(ROOT / "seed" / "documents" / "pages"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="read at most N documents")
    args = parser.parse_args()
    documents = load(Path(args.directory), args.limit)
    if not documents:
        raise SystemExit(f"no trial documents in {args.directory}")
    records = [record for _, record in documents]
    extractor.extract_facts(records[0])  # warm up: pint's registry is built on first use
    if len(documents) <= 20:
        for name, record in documents:
            report(name, [record])
    understood, total, kinds = report(f"all {len(documents)} documents", records)
    repeat = max(1, 2000 // len(records))  # small sets are read several times per round
    timed = records * repeat
    memo = speed(timed, args.rounds, memo=True)
    fresh = speed(timed, args.rounds, memo=False)
    criteria_per_trial = total / len(records)
    print(
        f"speed in CPU time ({len(timed)} trials per round, "
        f"{criteria_per_trial:.1f} criteria per trial, "
        f"median of {args.rounds}): {memo:,.0f} trials/s with the memo "
        f"({1000 / memo:.3f} ms/trial), {fresh:,.0f} trials/s without "
        f"({1000 / fresh:.3f} ms/trial)"
    )


if __name__ == "__main__":
    main()
