"""The outcome sections of the modern page (Primary, Secondary, Other Outcomes)."""

from __future__ import annotations

from domain.records import OutcomeRecord
from seed.layouts.modern.lines import Line, paragraphs, tagged, text_of
from seed.layouts.values import value


def _parse_outcomes(body: list[Line], kind: str | None = None) -> list[OutcomeRecord]:
    """Outcome measures, each with a time frame; the description may come before or after it::

    Incidence of dose-limiting toxicity        measure
    <description paragraph(s)>                 optional
    Time Frame: 28 days
    """
    runs: list[list[list[Line]]] = [[]]
    frames: list[str] = []
    for para in paragraphs(body):
        for line in para:
            if (frame := tagged(line.text, "Time Frame", colon=True)) is not None:
                frames.append(frame)
                runs.append([])
            elif runs[-1] and runs[-1][-1][-1].n == line.n - 1:
                runs[-1][-1].append(line)
            else:
                runs[-1].append([line])
    out: list[dict] = []
    before = len(runs[0]) >= 2 or not runs[-1]  # description before the time frame
    for k, run in enumerate(runs):
        frame = frames[k] if k < len(frames) else None
        if not before:  # run: [the previous outcome's description...] <this measure>
            if out:
                out[-1]["description"] = run if k == len(frames) else run[:-1]
            run = run[-1:] if k < len(frames) else []
        if run:
            head = run[0]
            out.append({"measure": head[0].text, "time_frame": frame, "description": run})
            out[-1]["description"] = [head[1:], *run[1:]]
    return [
        OutcomeRecord(
            value(_strip_tag(o["measure"])) or "",
            kind,
            value(o["time_frame"]),
            text_of([[_untag(ln) for ln in p] for p in o["description"]]),
        )
        for o in out
    ]


def _strip_tag(text: str) -> str:
    return tagged(text, "Measure", "Outcome Measure", "Title", colon=True) or text


def _untag(line: Line) -> Line:
    return line._replace(text=tagged(line.text, "Description", colon=True) or line.text)
