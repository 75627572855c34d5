"""A synthetic ``resultsSection``: participant flow, baseline, outcome measures, adverse events.

No record field holds results (only ``has_results``): this is the bulk a reader has to get
through, sized like the registry's (tens of KB, a few studies' adverse event tables in MB).
Its shape follows API v2's: groups with ids (``FG000``, ``BG000``, ``OG000``, ``EG000``) and
per-group counts, measurements and event statistics.
"""

from __future__ import annotations

import random

from domain.records import OutcomeRecord, TrialRecord
from tools.synth.draw import choice, lognormal_int, randint, sample
from tools.synth.vocab.results import (
    AE_PAIRS,
    AE_QUALIFIERS,
    AGE_GROUPS,
    ETHNICITIES,
    PARAM_TYPES,
    RACES,
    STATISTICAL_METHODS,
    UNITS,
    WITHDRAWAL_REASONS,
)

SOURCE_VOCABULARY = "MedDRA 26.0"
_RESULT_TYPE = {"PRIMARY": "PRIMARY", "SECONDARY": "SECONDARY", "OTHER": "OTHER_PRE_SPECIFIED"}


def results_section(rec: TrialRecord, rng: random.Random) -> dict:
    """The results of ``rec`` (a study with ``has_results``), drawn from ``rng``."""
    titles = [a.label for a in rec.arms] or ["All Participants"]
    if len(titles) == 1 and rng.random() < 0.3:
        titles.append("Total")
    titles = titles[:8]
    descriptions = [a.description for a in rec.arms] or [None] * len(titles)
    total = rec.enrollment.count or randint(rng, 10, 400)
    per_group = [max(1, total // len(titles) + randint(rng, -3, 3)) for _ in titles]
    huge = rng.random() < 0.012  # a safety table of hundreds of terms in many groups

    def groups(prefix: str) -> list[dict]:
        out = []
        for k, title in enumerate(titles):
            group = {"id": f"{prefix}{k:03d}", "title": title}
            if k < len(descriptions) and descriptions[k]:
                group["description"] = descriptions[k]
            out.append(group)
        return out

    return {
        "participantFlowModule": _flow(rng, groups("FG"), per_group),
        "baselineCharacteristicsModule": _baseline(rng, groups("BG"), per_group),
        "outcomeMeasuresModule": {
            "outcomeMeasures": [
                _outcome(rng, _RESULT_TYPE[o.type or "PRIMARY"], o, groups("OG"), per_group)
                for o in rec.outcomes
            ]
        },
        "adverseEventsModule": _adverse_events(rng, groups("EG"), per_group, huge),
        "moreInfoModule": {
            "certainAgreement": {
                "piSponsorEmployee": rng.random() < 0.2,
                "restrictiveAgreement": rng.random() < 0.5,
            },
            "pointOfContact": {
                "title": "Clinical Trial Disclosure Office",
                "organization": rec.sponsors[0].name if rec.sponsors else "Sponsor",
                "email": "disclosure@example.org",
                "phone": f"{randint(rng, 200, 989)}-555-{randint(rng, 1000, 9999)}",
            },
        },
    }


def _counts(group_ids: list[str], values: list[int]) -> list[dict]:
    return [{"groupId": g, "value": str(v)} for g, v in zip(group_ids, values, strict=True)]


def _flow(rng: random.Random, groups: list[dict], per_group: list[int]) -> dict:
    ids = [g["id"] for g in groups]
    periods = []
    started = per_group
    for p in range(1 + (rng.random() < 0.3) + (rng.random() < 0.1)):
        completed = [max(0, n - randint(rng, 0, max(1, n // 5))) for n in started]
        reasons = sample(rng, WITHDRAWAL_REASONS, randint(rng, 0, 6))
        periods.append(
            {
                "title": "Overall Study" if p == 0 else f"Period {p + 1}",
                "milestones": [
                    {"type": "STARTED", "achievements": _flow_counts(ids, started)},
                    {"type": "COMPLETED", "achievements": _flow_counts(ids, completed)},
                    {
                        "type": "NOT COMPLETED",
                        "achievements": _flow_counts(
                            ids, [s - c for s, c in zip(started, completed, strict=True)]
                        ),
                    },
                ],
                "dropWithdraws": [
                    {"type": r, "reasons": _flow_counts(ids, [randint(rng, 0, 5) for _ in ids])}
                    for r in reasons
                ],
            }
        )
        started = completed
    return {
        "recruitmentDetails": "Participants were recruited at the study sites.",
        "groups": groups,
        "periods": periods,
    }


def _flow_counts(ids: list[str], values: list[int]) -> list[dict]:
    return [{"groupId": g, "numSubjects": str(v)} for g, v in zip(ids, values, strict=True)]


def _baseline(rng: random.Random, groups: list[dict], per_group: list[int]) -> dict:
    ids = [g["id"] for g in groups]

    def categories(titles: list[str]) -> list[dict]:
        return [
            {
                "title": t,
                "measurements": [
                    {"groupId": g, "value": str(randint(rng, 0, n))}
                    for g, n in zip(ids, per_group, strict=True)
                ],
            }
            for t in titles
        ]

    measures = [
        {
            "title": "Age, Continuous",
            "paramType": "MEAN",
            "dispersionType": "STANDARD_DEVIATION",
            "unitOfMeasure": "years",
            "classes": [
                {
                    "categories": [
                        {
                            "measurements": [
                                {
                                    "groupId": g,
                                    "value": f"{randint(rng, 30, 70)}.{randint(rng, 0, 9)}",
                                    "spread": f"{randint(rng, 5, 15)}.{randint(rng, 0, 9)}",
                                }
                                for g in ids
                            ]
                        }
                    ]
                }
            ],  # fmt: skip
        },
        {
            "title": "Sex: Female, Male",
            "paramType": "COUNT_OF_PARTICIPANTS",
            "unitOfMeasure": "Participants",
            "classes": [{"categories": categories(["Female", "Male"])}],
        },
    ]
    if rng.random() < 0.6:
        measures.append(
            {
                "title": "Race (NIH/OMB)",
                "paramType": "COUNT_OF_PARTICIPANTS",
                "unitOfMeasure": "Participants",
                "classes": [{"categories": categories(RACES)}],
            }
        )
    if rng.random() < 0.5:
        measures.append(
            {
                "title": "Ethnicity (NIH/OMB)",
                "paramType": "COUNT_OF_PARTICIPANTS",
                "unitOfMeasure": "Participants",
                "classes": [{"categories": categories(ETHNICITIES)}],
            }
        )
    if rng.random() < 0.3:
        measures.append(
            {
                "title": "Age, Categorical",
                "paramType": "COUNT_OF_PARTICIPANTS",
                "unitOfMeasure": "Participants",
                "classes": [{"categories": categories(AGE_GROUPS)}],
            }
        )
    return {
        "groups": groups,
        "denoms": [{"units": "Participants", "counts": _counts(ids, per_group)}],
        "measures": measures,
    }


def _outcome(
    rng: random.Random, kind: str, outcome: OutcomeRecord, groups: list[dict], per_group: list[int]
) -> dict:
    ids = [g["id"] for g in groups]
    param, dispersion = choice(rng, PARAM_TYPES)
    measure: dict = {"type": kind, "title": outcome.measure}
    if outcome.description:
        measure["description"] = outcome.description
    measure.update(
        populationDescription="All randomized participants who received at least one dose.",
        reportingStatus="POSTED",
        paramType=param,
    )
    if dispersion:
        measure["dispersionType"] = dispersion
    measure.update(
        unitOfMeasure=choice(rng, UNITS),
        timeFrame=outcome.time_frame or "Baseline to end of study",
        groups=groups,
        denoms=[{"units": "Participants", "counts": _counts(ids, per_group)}],
    )
    n_classes = 1 if rng.random() < 0.7 else randint(rng, 2, 6)
    classes = []
    for c in range(n_classes):
        points = []
        for g in ids:
            point = {"groupId": g, "value": f"{randint(rng, 0, 200)}.{randint(rng, 0, 99):02d}"}
            if dispersion:
                point["spread"] = f"{randint(rng, 0, 50)}.{randint(rng, 0, 99):02d}"
            points.append(point)
        item: dict = {"categories": [{"measurements": points}]}
        if n_classes > 1:
            item = {"title": f"Week {4 * (c + 1)}", **item}
        classes.append(item)
    measure["classes"] = classes
    if len(ids) > 1 and rng.random() < 0.4:
        measure["analyses"] = [
            {
                "groupIds": ids[:2],
                "nonInferiorityType": "SUPERIORITY",
                "pValue": f"0.{randint(rng, 1, 999):03d}",
                "statisticalMethod": choice(rng, STATISTICAL_METHODS),
                "paramType": "Mean Difference (Final Values)",
                "paramValue": f"{randint(rng, -20, 20)}.{randint(rng, 0, 99):02d}",
                "ciPctValue": "95",
                "ciNumSides": "TWO_SIDED",
                "ciLowerLimit": f"{randint(rng, -40, -21)}.{randint(rng, 0, 9)}",
                "ciUpperLimit": f"{randint(rng, 21, 40)}.{randint(rng, 0, 9)}",
            }
        ]
    return measure


def _adverse_events(
    rng: random.Random, groups: list[dict], per_group: list[int], huge: bool
) -> dict:
    ids = [g["id"] for g in groups]
    per_group = list(per_group)
    if huge:
        while len(ids) < 6:  # dose cohorts reported apart
            k = len(ids)
            groups.append({"id": f"EG{k:03d}", "title": f"Cohort {k + 1}"})
            ids.append(f"EG{k:03d}")
            per_group.append(randint(rng, 5, 60))
    event_groups = []
    for group, n in zip(groups, per_group, strict=True):
        serious = randint(rng, 0, max(1, n // 4))
        event_groups.append(
            {
                **group,
                "deathsNumAffected": randint(rng, 0, 2),
                "deathsNumAtRisk": n,
                "seriousNumAffected": serious,
                "seriousNumAtRisk": n,
                "otherNumAffected": randint(rng, serious, n),
                "otherNumAtRisk": n,
            }
        )
    n_serious = lognormal_int(rng, 600 if huge else 14, 0.6, 0, 2500)
    n_other = lognormal_int(rng, 300 if huge else 20, 0.6, 0, 1500)
    return {
        "frequencyThreshold": "5",
        "timeFrame": "From first dose to 30 days after the last dose.",
        "description": "Adverse events were collected at every visit.",
        "eventGroups": event_groups,
        "seriousEvents": _events(rng, ids, per_group, n_serious),
        "otherEvents": _events(rng, ids, per_group, n_other),
    }


def _events(rng: random.Random, ids: list[str], per_group: list[int], n: int) -> list[dict]:
    events = []
    pairs = sample(rng, AE_PAIRS, n)
    for k in range(n):
        system, term = pairs[k % len(pairs)]
        if k >= len(pairs):
            term = f"{term} ({AE_QUALIFIERS[(k // len(pairs) - 1) % len(AE_QUALIFIERS)]})"
        stats = []
        for g, at_risk in zip(ids, per_group, strict=True):
            affected = randint(rng, 0, max(1, at_risk // 10))
            stats.append(
                {
                    "groupId": g,
                    "numEvents": affected + randint(rng, 0, 2),
                    "numAffected": affected,
                    "numAtRisk": at_risk,
                }
            )
        events.append(
            {
                "term": term,
                "organSystem": system,
                "sourceVocabulary": SOURCE_VOCABULARY,
                "assessmentType": "SYSTEMATIC_ASSESSMENT",
                "stats": stats,
            }
        )
    return events
