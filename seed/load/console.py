"""How a load job talks on the console: its progress (a tqdm bar on a terminal, else a line
every few seconds, for logs) and its report (every failed and superseded source, then a summary).
Used by the ``python -m seed`` commands and by the service's start-up seed."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from seed.load import LoadReport, Render, load_directory


class ProgressDisplay:
    """``progress(done, total)`` for a load: a tqdm bar (documents, rate, ETA) on a terminal,
    otherwise a line every ``every`` seconds, for logs."""

    def __init__(self, desc: str, stream: TextIO | None = None, every: float = 10.0):
        self.desc, self.stream, self.every = desc, stream or sys.stderr, every
        self.bar = None
        self.started = self.last = time.monotonic()
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", desc=desc, file=self.stream, unit_scale=True)

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.total = total
            self.bar.update(done - self.bar.n)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(done, total, now - self.started), file=self.stream, flush=True)

    def line(self, done: int, total: int, seconds: float) -> str:
        rate = done / seconds if seconds > 0 else 0.0
        eta = _clock((total - done) / rate) if rate > 0 and total > done else "-"
        return f"{self.desc}: {done:,}/{total:,} documents, {rate:,.0f}/s, ETA {eta}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def report_load(desc: str, run: Callable[[ProgressDisplay], LoadReport]) -> int:
    display = ProgressDisplay(desc)
    try:
        report = run(display)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        display.close()
    for name, reason in report.failed:
        print(f"failed: {name}: {reason}", file=sys.stderr)
    for name, reason in report.superseded:
        print(f"superseded: {name}: {reason}", file=sys.stderr)
    print(f"{desc}: {report.summary()}", file=sys.stderr)
    return 0


def run_load(engine, seed_dir: str, render: Render, workers: int | None = None) -> int:
    """Mirror ``seed_dir`` into the database, showing progress, then report; ``render`` makes
    each trial's served JSON (see ``seed.load.Render``)."""
    return report_load(
        "seed",
        lambda progress: load_directory(
            engine, seed_dir, render=render, workers=workers, progress=progress
        ),
    )
