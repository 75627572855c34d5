"""A trial's design, arms and interventions: study type by study type, comparators, masking."""

from __future__ import annotations

import random
from itertools import accumulate

from domain.records import ArmRecord, DesignRecord, InterventionRecord
from tools.synth.draw import choice, pick, randint, sample, weighted
from tools.synth.vocab import cap
from tools.synth.vocab.design import (
    OBSERVATIONAL_MODEL_CUM,
    OBSERVATIONAL_MODELS,
    PURPOSE_CUM,
    PURPOSES,
    TIME_PERSPECTIVE_CUM,
    TIME_PERSPECTIVES,
)
from tools.synth.vocab.interventions import (
    ARM_DESCRIPTIONS,
    CODE_PREFIXES,
    DRUG_CUM,
    DRUGS,
    INTERVENTION_DESCRIPTIONS,
    INTERVENTION_NAMES,
    INTERVENTION_TYPES,
)
from tools.synth.vocab.texts import COHORT_DESCRIPTIONS, COHORT_LABELS

_N_ARMS = weighted([(1, 30), (2, 50), (3, 12), (4, 8)])
_MODELS = weighted([("PARALLEL", 85), ("CROSSOVER", 9), ("FACTORIAL", 2), ("SEQUENTIAL", 4)])


def _intervention_name(rng: random.Random, itype: str, area: str) -> str:
    if itype == "DRUG":
        if rng.random() < 0.12:
            return f"{choice(rng, CODE_PREFIXES)}-{randint(rng, 100, 99999)}"
        name = pick(rng, DRUGS[area], DRUG_CUM[area])
        return name[0].upper() + name[1:] if rng.random() < 0.6 else name
    name = choice(rng, INTERVENTION_NAMES[itype])
    return name[0].upper() + name[1:] if rng.random() < 0.7 else name


def _idesc(rng: random.Random, name: str, itype: str = "DRUG") -> str:
    if name == "Placebo":
        return "Matching placebo administered on the same schedule."
    if itype not in ("DRUG", "BIOLOGICAL", "DIETARY_SUPPLEMENT"):
        templates = INTERVENTION_DESCRIPTIONS[3:6]  # no dose for a device, a procedure ...
    else:
        templates = INTERVENTION_DESCRIPTIONS
    dose = choice(rng, (1, 2.5, 5, 10, 20, 50, 100, 200, 400))
    return choice(rng, templates).format(i=name, I=cap(name), dose=dose)


def draw_design(rng, study_type, phases, area, conditions):
    """DesignRecord, arms and interventions (arm order; interventions in first-use order)."""
    if study_type == "EXPANDED_ACCESS":
        name = _intervention_name(rng, "DRUG", area)
        item = InterventionRecord(name, choice(rng, ["DRUG", "BIOLOGICAL"]), _idesc(rng, name))
        return DesignRecord(), (), (item,)
    items: dict[str, InterventionRecord] = {}

    taken: set[str] = set()

    def new_item(itype: str, name: str | None = None) -> str:
        for _ in range(8):
            candidate = name or _intervention_name(rng, itype, area)
            if candidate.lower() not in taken:
                break
        else:
            candidate = f"{candidate} {len(items) + 1}"
        name = candidate
        taken.add(name.lower())
        other = ()
        if itype == "DRUG" and rng.random() < 0.2:
            other = (f"{choice(rng, CODE_PREFIXES)}-{randint(rng, 100, 9999)}",)
        items[name] = InterventionRecord(name, itype, _idesc(rng, name, itype), other)
        return name

    arms: list[tuple[str, str | None, str, list[str]]] = []  # label, type, description, names
    if study_type == "OBSERVATIONAL":
        design = DesignRecord(
            observational_model=pick(
                rng, [m for m, _ in OBSERVATIONAL_MODELS], OBSERVATIONAL_MODEL_CUM
            ),
            time_perspective=pick(rng, [t for t, _ in TIME_PERSPECTIVES], TIME_PERSPECTIVE_CUM),
        )
        n = choice(rng, (0, 1, 1, 1, 2, 2, 3))
        cond = conditions[0] if conditions[0] != "Healthy" else "the condition"
        labels = sample(rng, COHORT_LABELS, n)
        for label in labels:
            label = label.format(cond=cond)
            names = []
            if rng.random() < 0.45:
                itype = choice(
                    rng,
                    [
                        "OTHER",
                        "OTHER",
                        "OTHER",
                        "PROCEDURE",
                        "DIAGNOSTIC_TEST",
                        "DRUG",
                        "BEHAVIORAL",
                    ],
                )
                existing = [k for k, v in items.items() if v.type == itype]
                names.append(existing[0] if existing and rng.random() < 0.5 else new_item(itype))
            desc = choice(rng, COHORT_DESCRIPTIONS).format(cond=cond)
            arms.append((label, None, desc, names))
    else:
        n_arms = pick(rng, *_N_ARMS)
        itype = pick(
            rng,
            [t for t, _ in INTERVENTION_TYPES],
            list(accumulate(w for _, w in INTERVENTION_TYPES)),
        )
        main = new_item(itype)
        extra = []
        if rng.random() < 0.25:  # a combination: a second intervention in the experimental arm
            extra.append(new_item("DRUG" if itype in ("DRUG", "BIOLOGICAL") else itype))
        comparator = None
        if n_arms >= 2:
            r = rng.random()
            if itype in ("DRUG", "BIOLOGICAL", "DIETARY_SUPPLEMENT") and r < 0.4:
                comparator = "PLACEBO_COMPARATOR"
            elif itype in ("DEVICE", "PROCEDURE") and r < 0.25:
                comparator = "SHAM_COMPARATOR"
            elif r < 0.75:
                comparator = "ACTIVE_COMPARATOR"
            elif r < 0.9:
                comparator = "NO_INTERVENTION"
            else:
                comparator = "EXPERIMENTAL"
        doses = sample(rng, [5, 10, 20, 40, 50, 100, 150, 200, 300, 400, 600], 4)
        n_exp = n_arms - (1 if comparator and comparator != "EXPERIMENTAL" else 0)
        for k in range(n_exp):
            label = main if n_exp == 1 and not extra else f"{main} {sorted(doses)[k]} mg"
            if extra and n_exp == 1:
                label = f"{main} plus {extra[0]}"
            if itype not in ("DRUG", "BIOLOGICAL") and n_exp > 1:
                label = f"{main} group {'ABCD'[k]}"
            if itype not in ("DRUG", "BIOLOGICAL") and n_exp == 1 and rng.random() < 0.5:
                label = choice(rng, ["Intervention group", "Treatment group", "Study group"])
            desc = choice(rng, ARM_DESCRIPTIONS["EXPERIMENTAL"]).format(i=main, I=cap(main))
            arms.append((label, "EXPERIMENTAL", desc, [main, *extra]))
        if comparator and comparator != "EXPERIMENTAL":
            names = []
            if comparator == "PLACEBO_COMPARATOR":
                names = [new_item(items[main].type, "Placebo")]
                label = "Placebo"
            elif comparator == "SHAM_COMPARATOR":
                sham_type = items[main].type
                names = [new_item(sham_type, f"Sham {items[main].name.lower()}")]
                label = "Sham"
            elif comparator == "ACTIVE_COMPARATOR":
                second = choice(rng, ["DRUG", itype]) if itype != "DRUG" else "DRUG"
                names = [new_item(second)]
                if rng.random() < 0.3:
                    names = [new_item("OTHER", choice(rng, ["Standard of care", "Usual care"]))]
                label = f"{names[0]} (control)" if rng.random() < 0.3 else names[0]
            else:
                label = choice(rng, ["Control", "Usual care", "Control group", "Waitlist"])
            if any(a[0] == label for a in arms):
                label = f"{label} arm"
            desc = choice(rng, ARM_DESCRIPTIONS[comparator]).format(
                i=names[0] if names else "", I=cap(names[0]) if names else ""
            )
            arms.append((label, comparator, desc, names))
        if n_arms == 1:
            allocation, model = "NA", "SINGLE_GROUP"
        else:
            allocation = "RANDOMIZED" if rng.random() < 0.85 else "NON_RANDOMIZED"
            model = pick(rng, *_MODELS)
        masking = "NONE"
        who: tuple[str, ...] = ()
        if comparator in ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR"):
            masking = choice(rng, ["DOUBLE", "TRIPLE", "QUADRUPLE", "QUADRUPLE"])
        elif n_arms > 1 and rng.random() < 0.35:
            masking = choice(rng, ["SINGLE", "DOUBLE", "TRIPLE"])
        if masking != "NONE":
            roles = ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]
            k = {"SINGLE": 1, "DOUBLE": 2, "TRIPLE": 3, "QUADRUPLE": 4}[masking]
            chosen = sample(rng, roles, k)
            who = tuple(r for r in roles if r in chosen)
        purpose = pick(rng, [p[0] for p in PURPOSES], PURPOSE_CUM)
        design = DesignRecord(
            allocation=allocation,
            intervention_model=model,
            masking=masking,
            who_masked=who,
            primary_purpose=purpose,
        )
    arm_records = tuple(ArmRecord(lb, t, d, tuple(ns)) for lb, t, d, ns in arms)
    used: list[str] = []
    for a in arm_records:
        used += [n for n in a.interventions if n not in used]
    interventions = tuple(
        InterventionRecord(
            items[n].name,
            items[n].type,
            items[n].description,
            items[n].other_names,
            tuple(a.label for a in arm_records if n in a.interventions),
        )
        for n in used
    )
    return design, arm_records, interventions
