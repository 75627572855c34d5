"""A trial's prose: titles, summaries and citations, from templates filled with its values."""

from __future__ import annotations

import random

from domain.records import ReferenceRecord
from tools.synth.draw import choice, randint, sample
from tools.synth.vocab import cap, titled
from tools.synth.vocab.design import CLASSIC_LABELS, CLASSIC_PHASE
from tools.synth.vocab.people import LAST_NAMES
from tools.synth.vocab.texts import (
    CITATION_TITLES,
    JOURNALS,
    SUMMARY_OPENERS,
    SUMMARY_SENTENCES,
    TITLES,
    TITLES_OBSERVATIONAL,
)


def draw_title(rng, study_type, phases, drug, cond, pop) -> str:
    titles = TITLES_OBSERVATIONAL if study_type == "OBSERVATIONAL" else TITLES
    return choice(rng, titles).format(Drug=cap(drug), Pop=titled(pop), cond=cond)


def draw_official_title(rng, study_type, phases, drug, cond, design, pop) -> str:
    if study_type == "OBSERVATIONAL":
        perspective = CLASSIC_LABELS.get(design.time_perspective, "Prospective")
        return f"A {perspective} Study of {cond} in {pop}"
    phase = "/".join(CLASSIC_PHASE[p] for p in phases if p != "NA")
    phase = f"{phase}, " if phase else ""
    kind = "Randomized" if design.allocation == "RANDOMIZED" else "Open-label"
    return f"A {phase}{kind} Study to Evaluate {cap(drug)} in {titled(pop)} With {cond}"


def draw_summary(rng: random.Random, fill: dict) -> tuple[str, str | None]:
    """The brief summary and, for some trials, a detailed description."""
    summary = [choice(rng, SUMMARY_OPENERS).format_map(fill)]
    summary += [s.format_map(fill) for s in sample(rng, SUMMARY_SENTENCES, randint(rng, 1, 3))]
    detailed = None
    if rng.random() < 0.6:
        detailed = " ".join(
            s.format_map(fill) for s in sample(rng, SUMMARY_SENTENCES, randint(rng, 3, 7))
        )
    return " ".join(summary), detailed


def draw_references(rng: random.Random, fill: dict, classic: bool) -> list[ReferenceRecord]:
    """Zero to three citations, some with a PubMed id (printed in the citation on classic pages)."""
    references = []
    for _ in range(int(rng.random() < 0.25) + (rng.random() < 0.1) + (rng.random() < 0.05)):
        authors = ", ".join(
            f"{choice(rng, LAST_NAMES)} {choice(rng, 'ABCDEFGHJKLMNPRSTWY')}"
            for _ in range(randint(rng, 1, 6))
        )
        year = randint(rng, 1995, 2025)
        cite = (
            f"{authors}. {choice(rng, CITATION_TITLES).format_map(fill)}."
            f" {choice(rng, JOURNALS)}. {year};{randint(rng, 1, 400)}({randint(rng, 1, 12)})"
            f":{randint(rng, 1, 900)}-{randint(rng, 901, 999)}."
        )
        pmid = str(randint(rng, 10_000_000, 39_999_999)) if rng.random() < 0.6 else None
        if classic and pmid:
            cite = f"{cite} PubMed ID: {pmid}"  # as the record page prints it
        references.append(
            ReferenceRecord(cite, pmid, choice(rng, ["BACKGROUND", "BACKGROUND", "RESULT"]))
        )
    return references
