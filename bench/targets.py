"""Issue 14's targets as one table: each target with the figure measured and ``met``/``missed``
(or ``printed`` where the issue asks for a figure without a bound, ``not run`` where a step was
skipped)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Row:
    section: str
    what: str
    figure: str
    target: str
    met: bool | None  # None: printed only, or not measured

    @property
    def verdict(self) -> str:
        if self.met is None:
            return "printed" if self.figure != "not run" else "not run"
        return "met" if self.met else "missed"


@dataclass
class Targets:
    rows: list[Row] = field(default_factory=list)

    def add(self, section: str, what: str, figure: str, target: str, met: bool | None) -> None:
        self.rows.append(Row(section, what, figure, target, met))

    def skipped(self, section: str, what: str, target: str, why: str = "not run") -> None:
        self.rows.append(Row(section, what, "not run", f"{target} ({why})", None))

    def lines(self) -> list[str]:
        widths = [
            max([len(h), *(len(getattr(r, a)) for r in self.rows)])
            for h, a in (("target", "what"), ("figure", "figure"), ("bound", "target"))
        ]
        head = f"{'target':<{widths[0]}}  {'figure':<{widths[1]}}  {'bound':<{widths[2]}}  verdict"
        out, section = [head, "-" * len(head)], None
        for r in self.rows:
            if r.section != section:
                section = r.section
                out.append(f"[{section}]")
            out.append(
                f"{r.what:<{widths[0]}}  {r.figure:<{widths[1]}}  {r.target:<{widths[2]}}  "
                f"{r.verdict}"
            )
        counted = [r for r in self.rows if r.met is not None]
        missed = [r for r in counted if not r.met]
        out.append(f"{len(counted) - len(missed)} of {len(counted)} bounded targets met" + (
            ": missed " + "; ".join(r.what for r in missed) if missed else ""
        ))  # fmt: skip
        return out

    def print(self) -> None:
        print("\nissue 14 targets:")
        for line in self.lines():
            print(line)
