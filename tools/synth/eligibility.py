"""A trial's eligibility: sex, ages, healthy volunteers and criteria, from its conditions."""

from __future__ import annotations

import random

from domain.dates import age_years
from domain.records import CriterionRecord, EligibilityRecord, InterventionRecord
from tools.synth.draw import choice, lognormal_int, pick, sample, weighted
from tools.synth.vocab.conditions import FEMALE, MALE, PEDIATRIC
from tools.synth.vocab.criteria import EXCLUSION, INCLUSION

_MIN_AGES = weighted(
    [(None, 10), ("18 Years", 62), ("12 Years", 2), ("16 Years", 2), ("19 Years", 2)]
    + [("20 Years", 3), ("21 Years", 3), ("40 Years", 4), ("45 Years", 3), ("50 Years", 4)]
    + [("60 Years", 3), ("65 Years", 2)]
)
_MAX_AGES = weighted(
    [(None, 55), ("65 Years", 12), ("75 Years", 8), ("80 Years", 7), ("70 Years", 6)]
    + [("85 Years", 3), ("60 Years", 4), ("50 Years", 2), ("55 Years", 2), ("90 Years", 1)]
    + [("99 Years", 1)]
)
_PEDIATRIC_MIN = (None, "28 Days", "1 Month", "6 Months", "2 Years", "3 Years", "6 Years")
_PEDIATRIC_MAX = ("17 Years", "18 Years", "12 Years", "5 Years", "21 Years")
_AGE_YEARS = {
    a: age_years(a) for a in (*_MIN_AGES[0], *_MAX_AGES[0], *_PEDIATRIC_MIN, *_PEDIATRIC_MAX)
}


def _ages(rng: random.Random, pediatric: bool) -> tuple[str | None, str | None]:
    if pediatric or rng.random() < 0.07:
        lo = choice(rng, _PEDIATRIC_MIN)
        hi = choice(rng, _PEDIATRIC_MAX)
        if lo is not None and _AGE_YEARS[lo] >= _AGE_YEARS[hi]:
            lo = None
        return lo, hi
    lo = pick(rng, *_MIN_AGES)
    hi = pick(rng, *_MAX_AGES)
    if lo is not None and hi is not None and _AGE_YEARS[lo] >= _AGE_YEARS[hi]:
        hi = None
    return lo, hi


NUMBERS = (  # the numbers criteria quote, by placeholder
    ("a", (18, 20, 40, 50)),
    ("b", (65, 70, 75, 80)),
    ("m", (3, 6, 12, 24)),
    ("p", (75, 100)),
    ("h", (8, 9, 10)),
    ("c", (30, 45, 50, 60)),
    ("x", (2.5, 3, 5)),
    ("hb", (9.5, 10, 10.5, 11)),
    ("bmi", (18.5, 25, 27, 30)),
    ("w", (4, 8, 12, 24, 52)),
    ("s", (10, 14, 16, 20)),
    ("d", (30, 60, 90)),
    ("y", (3, 5)),
)


def _numbers(rng: random.Random, fill: dict) -> None:
    """The numbers criteria and summaries quote, all from one ``random()`` call."""
    v = int(rng.random() * (1 << 50))
    for key, options in NUMBERS:
        v, k = divmod(v, len(options))
        fill[key] = options[k]


def _criteria(rng: random.Random, templates: list[str], n: int, values: dict) -> tuple:
    picked = sample(rng, templates, n)
    while len(picked) < n:
        picked.append(choice(rng, templates))
    return tuple(
        CriterionRecord(i, t.format_map(values) if "{" in t else t)
        for i, t in enumerate(picked, start=1)
    )


def draw_eligibility(
    rng: random.Random,
    conditions: list[str],
    first: str,
    study_type: str,
    interventions: tuple[InterventionRecord, ...],
) -> tuple[EligibilityRecord, dict]:
    """The eligibility record, and the values the criteria quote (``fill``: the condition, the
    drug and numbers) for the summaries and citations to quote too."""
    sex = "ALL"
    if any(c in FEMALE for c in conditions) and rng.random() < 0.65:
        sex = "FEMALE"
    elif any(c in MALE for c in conditions) and rng.random() < 0.95:
        sex = "MALE"
    elif (r := rng.random()) < 0.04:
        sex = "FEMALE"
    elif r < 0.07:
        sex = "MALE"
    minimum, maximum = _ages(rng, any(c in PEDIATRIC for c in conditions))
    healthy = "Healthy" in conditions or rng.random() < (
        0.25 if study_type == "OBSERVATIONAL" else 0.1
    )
    fill = {
        "cond": first.lower() if first != "Healthy" else "the study condition",
        "drug": interventions[0].name if interventions else "the study drug",
    }
    _numbers(rng, fill)
    inclusion = _criteria(rng, INCLUSION, lognormal_int(rng, 7, 0.45, 3, 25), fill)
    exclusion = _criteria(rng, EXCLUSION, lognormal_int(rng, 9, 0.5, 3, 25), fill)
    lo, hi = _AGE_YEARS[minimum], _AGE_YEARS[maximum]
    std = []
    if lo is None or lo < 18:
        std.append("CHILD")
    if (lo is None or lo < 65) and (hi is None or hi >= 18):
        std.append("ADULT")
    if hi is None or hi >= 65:
        std.append("OLDER_ADULT")
    eligibility = EligibilityRecord(
        minimum_age=minimum,
        maximum_age=maximum,
        minimum_age_years=lo,
        maximum_age_years=hi,
        sex=sex,
        healthy_volunteers=healthy,
        std_ages=tuple(std),
        inclusion=inclusion,
        exclusion=exclusion,
    )
    return eligibility, fill
