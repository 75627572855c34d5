"""Real records through both text layouts: render each one as a page, parse the page back, and
compare with what the layout can show of the record (``tools.synth.shown``), field by field.

``python -m tools.synth.round_trip [FILE ...]`` prints the per-field tally (the registry
samples in ``tests/data/registry`` by default) and the first differences;
``python -m tools.synth.round_trip --pages DIR FILE ...`` writes the samples' pages into
``DIR/classic`` and ``DIR/modern`` instead (``tests/data/pages``).
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from domain.records import TrialRecord, to_dict
from seed.parse import parse_document
from tools.synth.classic import render_classic
from tools.synth.modern import render_modern
from tools.synth.shown import NOT_SHOWN, PARTLY_SHOWN, shown

SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "data" / "registry"
RENDERERS = {"classic": render_classic, "modern": render_modern}
_NESTED = ("enrollment", "design", "dates", "eligibility")  # one record: tallied field by field


def sample_files() -> list[Path]:
    """The registry samples: legacy XML (and its changed versions), API v2 JSON."""
    return [
        *sorted((SAMPLES / "xml").glob("*.xml")),
        *sorted((SAMPLES / "changed").glob("*.xml")),
        *sorted((SAMPLES / "json").glob("*.json")),
    ]


def read_record(path: Path) -> TrialRecord:
    """A sample in the registry's own format (XML or JSON), read by its reader."""
    return parse_document(path.name, path.read_bytes())


def field_values(rec: TrialRecord) -> dict[str, object]:
    """``{field: plain value}``; the one-record fields (``design`` ...) split into theirs."""
    out: dict[str, object] = {}
    for f in dataclasses.fields(rec):
        if f.name == "source":
            continue
        value = getattr(rec, f.name)
        if f.name in _NESTED:
            for sub in dataclasses.fields(value):
                out[f"{f.name}.{sub.name}"] = to_dict(getattr(value, sub.name))
        else:
            out[f.name] = to_dict(value)
    return out


@dataclasses.dataclass
class Outcome:
    name: str  # the sample's file name
    layout: str
    text: str  # the rendered page
    differences: dict[str, tuple[object, object]]  # field -> (shown, parsed)


def round_trip(name: str, rec: TrialRecord, layout: str) -> Outcome:
    text = RENDERERS[layout](rec)
    got = parse_document(f"{name}.{layout}.txt", text)
    want, have = field_values(shown(rec, layout)), field_values(got)
    diff = {k: (want[k], have[k]) for k in want if want[k] != have[k]}
    return Outcome(name, layout, text, diff)


def run(records: Iterable[tuple[str, TrialRecord]]) -> Iterator[Outcome]:
    for name, rec in records:
        for layout in RENDERERS:
            yield round_trip(name, rec, layout)


def tally(outcomes: list[Outcome]) -> str:
    """One line a field: how many pages of each layout gave it back exactly as the layout
    shows it; "not shown" where the layout never shows it, ``*`` where it shows it in part."""
    fields = list(field_values(TrialRecord("NCT00000000", None)))  # type: ignore[arg-type]
    total = Counter(o.layout for o in outcomes)
    wrong = Counter((o.layout, k) for o in outcomes for k in o.differences)
    width = max(len(f) for f in fields)

    def cell(layout: str, field: str) -> str:
        if field in NOT_SHOWN[layout]:
            return f"{'not shown':<11}"
        mark = "*" if field in PARTLY_SHOWN[layout] else " "
        return f"{total[layout] - wrong[layout, field]:>4}/{total[layout]:<4}{mark} "

    rows = [f"{'field':<{width}}  " + "  ".join(f"{lay:<11}" for lay in RENDERERS)]
    rows += [f"{f:<{width}}  " + "  ".join(cell(lay, f) for lay in RENDERERS) for f in fields]
    return "\n".join(rows) + "\n(* shown in part: tools/synth/shown.py, docs/layouts.md)"


def write_pages(paths: list[Path], out: Path) -> None:
    """Each sample's page in each layout, as ``out/<layout>/<sample>.txt``."""
    for layout, render in RENDERERS.items():
        (out / layout).mkdir(parents=True, exist_ok=True)
        for path in paths:
            text = render(read_record(path))
            (out / layout / f"{path.stem}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--pages"]:
        write_pages([Path(a) for a in argv[2:]], Path(argv[1]))
        return 0
    paths = [Path(a) for a in argv] or sample_files()
    outcomes = list(run((p.stem, read_record(p)) for p in paths))
    print(tally(outcomes))
    shown_diffs = 0
    for o in outcomes:
        for field, (want, have) in o.differences.items():
            if shown_diffs < 40:
                print(f"\n{o.name} {o.layout} {field}\n  want {want!r:.600}\n  have {have!r:.600}")
            shown_diffs += 1
    print(f"\n{shown_diffs} differences")
    return 1 if shown_diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
