"""Deciding one patient against one trial's criteria facts: pure functions, no database.

Every criterion gets a verdict from the patient's point of view:

- ``MET``: the patient satisfies what the criterion asks (for an exclusion criterion: the
  patient is not excluded by it);
- ``NOT_MET``: the criterion rules the patient out;
- ``UNKNOWN``: the profile does not say enough, the criterion admits exceptions the profile
  cannot speak to, or no fact could be read from the criterion at all.

A trial is ``INELIGIBLE`` when any criterion is NOT_MET, ``ELIGIBLE`` when every criterion is
MET, and ``POSSIBLY_ELIGIBLE`` otherwise. Nothing unknown is ever assumed.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from domain import units

MET, NOT_MET, UNKNOWN = "MET", "NOT_MET", "UNKNOWN"
ELIGIBLE, POSSIBLY_ELIGIBLE, INELIGIBLE = "ELIGIBLE", "POSSIBLY_ELIGIBLE", "INELIGIBLE"
VERDICT_RANK = {ELIGIBLE: 0, POSSIBLY_ELIGIBLE: 1, INELIGIBLE: 2}

LABS = tuple(units.LABS)
HISTORY_FLAGS = (
    "hiv",
    "hepatitis_b",
    "hepatitis_c",
    "active_infection",
    "autoimmune_disease",
    "pregnant",
    "breastfeeding",
    "organ_transplant",
    "gvhd",
    "other_malignancy",
    "vaccination",
    "other_trial",
    "systemic_steroids",
    "measurable_disease",
    "brain_metastases",
    "liver_metastases",
    "peritoneal_metastases",
    "gilbert_syndrome",
)
TIMED_EVENTS = ("other_malignancy", "vaccination", "other_trial")
ULN_UNITS = {"uln", "×uln", "xuln", "x uln", "× uln", "times uln"}

PROCEDURAL_REASON = "procedural: checked by the study team at enrolment, not from a profile"
_SYMBOL = {"GT": ">", "GTE": "≥", "LT": "<", "LTE": "≤", "EQ": "="}
_LABEL = {
    "anc": "ANC",
    "wbc": "WBC",
    "alt": "ALT",
    "ast": "AST",
    "lvef": "LVEF",
    "inr": "INR",
    "aptt": "APTT",
    "hbv_dna": "HBV DNA",
    "creatinine_clearance": "creatinine clearance",
    "hiv": "HIV",
    "hepatitis_b": "hepatitis B",
    "hepatitis_c": "hepatitis C",
    "gvhd": "GVHD",
}


class ProfileError(ValueError):
    """A profile field that cannot be used: ``field`` is its dotted path in the body."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


# --------------------------------------------------------------------------- the patient


@dataclass(frozen=True)
class Lab:
    absolute: float | None  # in the analyte's canonical unit
    uln_multiple: float | None  # value ÷ upper limit of normal


@dataclass(frozen=True)
class Patient:
    """A profile with every quantity in its canonical unit."""

    age: float | None = None
    sex: str | None = None
    ecog: int | None = None
    karnofsky: float | None = None
    life_expectancy: float | None = None  # months
    weight: float | None = None  # kg
    her2: dict[str, Any] = field(default_factory=dict)
    labs: dict[str, Lab] = field(default_factory=dict)
    prior_therapy_lines: int | None = None
    history: dict[str, bool] = field(default_factory=dict)
    days_since: dict[str, float] = field(default_factory=dict)
    steroids: float | None = None  # mg/day prednisone equivalent

    def flag(self, name: str) -> bool | None:
        if name in self.history:
            return self.history[name]
        if name in ("pregnant", "breastfeeding") and self.sex == "MALE":
            return False
        if name == "systemic_steroids" and self.steroids is not None:
            return self.steroids > 0
        return None


def patient_from_profile(profile: dict[str, Any]) -> Patient:
    """Canonical units for a profile loaded by ``schemas.match.MatchRequestSchema``.

    Raises ProfileError naming the field for an unknown or unfit unit."""

    def quantity(path: str, name: str, q: dict | None) -> float | None:
        if q is None:
            return None
        try:
            return units.to_canonical(name, q["value"], q.get("unit"))
        except units.UnitError as exc:
            raise ProfileError(f"{path}.unit", str(exc)) from None

    labs: dict[str, Lab] = {}
    for name, given in (profile.get("labs") or {}).items():
        if given is None:
            continue
        unit = given.get("unit")
        if unit is not None and unit.strip().lower() in ULN_UNITS:
            labs[name] = Lab(None, given["value"])
            continue
        absolute = quantity(f"labs.{name}", name, given)
        multiple = None
        if given.get("uln"):
            multiple = given["value"] / given["uln"]
        labs[name] = Lab(absolute, multiple)
    days_since = {
        event: quantity(f"time_since.{event}", "duration", q)
        for event, q in (profile.get("time_since") or {}).items()
        if q is not None
    }
    return Patient(
        age=profile.get("age"),
        sex=profile.get("sex"),
        ecog=profile.get("ecog"),
        karnofsky=profile.get("karnofsky"),
        life_expectancy=quantity(
            "life_expectancy", "life_expectancy", profile.get("life_expectancy")
        ),
        weight=quantity("weight", "weight", profile.get("weight")),
        her2=dict(profile.get("her2") or {}),
        labs=labs,
        prior_therapy_lines=profile.get("prior_therapy_lines"),
        history={k: v for k, v in (profile.get("history") or {}).items() if v is not None},
        days_since=days_since,  # type: ignore[arg-type]
        steroids=quantity("steroids", "steroids", profile.get("steroids")),
    )


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Fact:
    """A stored fact, as the matcher needs it (see ``seed.records.FactRecord``)."""

    list: str
    ordinal: int
    kind: str
    name: str | None
    effect: str
    operator: str
    value: float | None
    value_max: float | None
    unit: str | None
    relative_to: str | None
    values: tuple[str, ...]
    as_written: str | None
    when: str | None
    exception: str | None
    alternative: int


@dataclass
class CriterionVerdict:
    list: str
    ordinal: int
    verdict: str
    reason: str


@dataclass
class TrialVerdict:
    verdict: str
    met: int
    not_met: int
    unknown: int
    criteria: list[CriterionVerdict]

    @property
    def sort_key(self) -> tuple:
        return (VERDICT_RANK[self.verdict], self.not_met, self.unknown, -self.met)


def decide_trial(
    patient: Patient,
    criteria: Iterable[tuple[str, int]],
    facts: Sequence[Fact],
    explain: bool = True,
) -> TrialVerdict:
    """Verdicts for every criterion ``(list, ordinal)`` of one trial, and the trial's.

    ``explain=False`` leaves the reasons empty: ranking thousands of candidates needs only
    the verdicts, and writing the reasons is most of the work."""
    by_criterion: dict[tuple[str, int], list[Fact]] = {}
    for f in facts:
        by_criterion.setdefault((f.list, f.ordinal), []).append(f)
    out = []
    counts = {MET: 0, NOT_MET: 0, UNKNOWN: 0}
    for key in criteria:
        found = by_criterion.get(key)
        if found:
            verdict, why = decide_criterion(patient, found)
        else:
            verdict, why = UNKNOWN, _NOT_UNDERSTOOD
        counts[verdict] += 1
        out.append(CriterionVerdict(key[0], key[1], verdict, why() if explain else ""))
    if counts[NOT_MET]:
        verdict = INELIGIBLE
    elif counts[UNKNOWN] or not out:  # no criteria at all: nothing is known
        verdict = POSSIBLY_ELIGIBLE
    else:
        verdict = ELIGIBLE
    return TrialVerdict(verdict, counts[MET], counts[NOT_MET], counts[UNKNOWN], out)


Why = Callable[[], str]  # a reason, written only when asked for


def _NOT_UNDERSTOOD() -> str:
    return "not understood: no fact read from it"


def _PROCEDURAL() -> str:
    return PROCEDURAL_REASON


def _join(whys: Sequence[Why], sep: str = "; ") -> Why:
    return lambda: sep.join(w() for w in whys)


def decide_criterion(patient: Patient, facts: Sequence[Fact]) -> tuple[str, Why]:
    """One criterion: its facts combined (alternatives by OR, the rest by AND); a fact that
    applies only when a flag the profile leaves open is decided in both worlds."""
    open_flags = sorted({f.when.lstrip("!") for f in facts if f.when} - patient.history.keys())
    if not open_flags:
        return _combine(patient, facts, {})
    outcomes = {}
    for world in itertools.product((True, False), repeat=len(open_flags)):
        outcomes[world] = _combine(patient, facts, dict(zip(open_flags, world, strict=True)))
    verdicts = {v for v, _ in outcomes.values()}
    if len(verdicts) == 1:
        return next(iter(outcomes.values()))

    def why() -> str:
        names = " or ".join(f.replace("_", " ") for f in open_flags)
        parts = "; ".join(
            f"with{'' if w[0] else 'out'} {open_flags[0].replace('_', ' ')}: {r()}"
            for w, (_, r) in outcomes.items()
        )
        return f"depends on {names}, which the profile does not give ({parts})"

    return UNKNOWN, why


def _combine(patient: Patient, facts: Sequence[Fact], world: dict[str, bool]) -> tuple[str, Why]:
    terms: list[list[tuple[str, Why]]] = []
    groups: dict[int, list[tuple[str, Why]]] = {}
    for f in facts:
        if f.when:
            flag = f.when.lstrip("!")
            present = world.get(flag, patient.history.get(flag))
            if present is not None and present == f.when.startswith("!"):
                continue  # does not apply to this patient
        decided = decide_fact(patient, f)
        if f.alternative:
            groups.setdefault(f.alternative, []).append(decided)
        else:
            terms.append([decided])
    terms.extend(groups.values())
    if not terms:
        return MET, lambda: "does not apply to this patient"
    if len(terms) > 1:  # the procedural part of a clinical criterion goes without saying
        terms = [t for t in terms if t[0][1] is not _PROCEDURAL] or terms[:1]
    results = [_any(term) for term in terms]
    failing = [r for v, r in results if v == NOT_MET]
    if failing:  # the reasons that rule the patient out, alone
        return NOT_MET, _join(failing)
    verdict = UNKNOWN if any(v == UNKNOWN for v, _ in results) else MET
    return verdict, _join([r for _, r in results])


def _any(term: list[tuple[str, Why]]) -> tuple[str, Why]:
    """Alternatives: MET if one is met, NOT_MET if all fail, else UNKNOWN."""
    if len(term) == 1:
        return term[0]
    for verdict, sep in ((MET, " or "), (UNKNOWN, " or "), (NOT_MET, "; and ")):
        found = [r for v, r in term if v == verdict]
        if found and (verdict != NOT_MET or len(found) == len(term)):
            return verdict, _join(found, sep)
    return UNKNOWN, _join([r for _, r in term], " or ")


def decide_fact(patient: Patient, f: Fact) -> tuple[str, Why]:
    if f.kind == "PROCEDURAL":
        return MET, _PROCEDURAL
    holds, why = _predicate(patient, f)
    if holds is None:
        return UNKNOWN, why
    if f.exception and holds == (f.effect == "EXCLUDE"):
        return UNKNOWN, lambda: f"{why()}, but the criterion admits exceptions: {f.exception}"
    if f.effect == "REQUIRE":
        return (MET if holds else NOT_MET), why
    return (NOT_MET, lambda: f"excluded: {why()}") if holds else (MET, why)


# --------------------------------------------------------------------------- predicates


def _predicate(p: Patient, f: Fact) -> tuple[bool | None, Why]:
    kind = f.kind
    if kind == "AGE":
        return _compare("age", p.age, f, _years)
    if kind == "WEIGHT":
        return _compare("weight", p.weight, f, _kg)
    if kind == "KARNOFSKY":
        return _compare("Karnofsky", p.karnofsky, f, _num)
    if kind == "ECOG":
        return _compare("ECOG", p.ecog, f, _num)
    if kind == "LIFE_EXPECTANCY":
        return _compare("life expectancy", p.life_expectancy, f, _months)
    if kind == "PRIOR_THERAPY_LINES":
        return _compare("prior lines of therapy", p.prior_therapy_lines, f, _num)
    if kind == "SEX":
        if p.sex is None:
            return None, lambda: "sex not given in the profile"
        ok = p.sex in f.values
        return ok, lambda: f"sex {p.sex} {'is' if ok else 'is not'} one of {', '.join(f.values)}"
    if kind == "LAB":
        return _lab(p, f)
    if kind == "HER2":
        return _her2(p.her2, f.values)
    if kind == "MEASURABLE_DISEASE":
        return _flag(p, "measurable_disease", "measurable disease")
    if kind == "METASTASIS":
        return _flag(p, f"{f.name}_metastases", f"{f.name} metastases")
    if kind == "STEROIDS":
        if f.operator == "PRESENT" or f.value is None:
            return _flag(p, "systemic_steroids", "systemic steroids")
        if p.steroids is None and p.history.get("systemic_steroids") is False:
            return _compare("steroid dose", 0.0, f, _mg_per_day)
        return _compare("steroid dose", p.steroids, f, _mg_per_day)
    if kind == "HISTORY" and f.name:
        label = _LABEL.get(f.name, f.name.replace("_", " "))
        if f.operator == "WITHIN":
            return _within(p, f, label)
        return _flag(p, f.name, label)
    return None, lambda: f"{kind.lower()} facts are not decided by the matcher"


def _compare(label: str, given: float | None, f: Fact, show) -> tuple[bool | None, Why]:
    if given is None:
        return None, lambda: f"{label} not given in the profile"
    return _test(given, f, show, label)


_COMPARE = {
    "GT": float.__gt__,
    "GTE": float.__ge__,
    "LT": float.__lt__,
    "LTE": float.__le__,
    "EQ": float.__eq__,
}


def _test(x: float, f: Fact, show, label: str) -> tuple[bool | None, Why]:
    op = f.operator

    def written() -> str:
        return f" ({f.as_written})" if f.as_written and f.as_written != show(f.value) else ""

    if op in _COMPARE and f.value is not None:
        ok = _COMPARE[op](float(x), f.value)
        sym = _SYMBOL[op]
        return (
            ok,
            lambda: f"{label} {show(x)} {sym if ok else 'not ' + sym} {show(f.value)}{written()}",
        )
    if op == "IN":
        ok = any(float(v) == x for v in f.values if _NUMBER.fullmatch(v))
        return (
            ok,
            lambda: f"{label} {show(x)} {'is' if ok else 'is not'} one of {', '.join(f.values)}",
        )
    if op == "RANGE" and f.value is not None and f.value_max is not None:
        ok = f.value <= x <= f.value_max
        return (
            ok,
            lambda: (
                f"{label} {show(x)} {'within' if ok else 'outside'} "
                f"{_num(f.value)}–{show(f.value_max)}{written()}"
            ),
        )
    return None, lambda: f"{label}: cannot compare with {op}"


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _lab(p: Patient, f: Fact) -> tuple[bool | None, Why]:
    name = f.name or ""
    label = _LABEL.get(name, name.replace("_", " "))
    given = p.labs.get(name)
    if given is None:
        return None, lambda: f"{label} not given in the profile"
    if f.relative_to == "ULN":
        if given.uln_multiple is None:
            return None, lambda: f"{label} given without its upper limit of normal (uln)"
        return _test(given.uln_multiple, f, _times_uln, label)
    if given.absolute is None:
        return None, lambda: f"{label} given only as a multiple of ULN; the criterion is absolute"
    return _test(given.absolute, f, lambda v: _quantity(name, v), label)


def _flag(p: Patient, name: str, label: str) -> tuple[bool | None, Why]:
    present = p.flag(name)
    if present is None:
        return None, lambda: f"{label}: not given in the profile"
    return present, lambda: f"{label}: {'yes' if present else 'no'}"


def _within(p: Patient, f: Fact, label: str) -> tuple[bool | None, Why]:
    present = p.flag(f.name or "")
    if present is False:
        return False, lambda: f"{label}: no"
    days = p.days_since.get(f.name or "")
    if days is None:
        if present is None:
            return None, lambda: f"{label}: not given in the profile"
        return None, lambda: f"{label}: yes, but how long ago is not given (time_since.{f.name})"
    ok = f.value is not None and days <= f.value

    def why() -> str:
        window = f"{_num(f.value)} days" + (f" ({f.as_written})" if f.as_written else "")
        return f"{label} {_num(days)} days ago, {'within' if ok else 'not within'} {window}"

    return ok, why


_IHC = {"0": 0, "1+": 1, "2+": 2, "3+": 3}


def _her2(h: dict[str, Any], definitions: Sequence[str]) -> tuple[bool | None, Why]:
    """Whether the patient is HER2-positive as the trial defines it (any one definition)."""
    if not h:
        return None, lambda: "HER2 not given in the profile"
    results = [_her2_one(h, d) for d in definitions]
    if any(r is True for r in results):
        holds, how = True, "positive as defined"
    elif all(r is False for r in results):
        holds, how = False, "not positive as defined"
    else:
        holds, how = None, "does not decide the trial's definition"

    def why() -> str:
        given = ", ".join(f"{k} {v}" for k, v in h.items())
        return f"HER2 ({given}) {how}: {' or '.join(definitions)}"

    return holds, why


def _her2_one(h: dict[str, Any], definition: str) -> bool | None:
    status, ihc, ish = h.get("status"), _IHC.get(h.get("ihc") or ""), h.get("ish")
    if definition == "status:POSITIVE":
        if status is not None:
            return status == "POSITIVE"
        if ihc is not None:
            if ihc == 3:
                return True
            if ihc <= 1:
                return False
            return None if ish is None else ish == "POSITIVE"
        return None
    if m := re.fullmatch(r"ihc(:|>=)([0-3])\+(?:&ish:(POSITIVE|NEGATIVE))?", definition):
        want, need_ish = int(m.group(2)), m.group(3)
        if ihc is None:
            # a standard status answers the standard definitions only
            if status == "NEGATIVE" and (want == 3 or need_ish == "POSITIVE"):
                return False
            return None
        ok = ihc >= want if m.group(1) == ">=" else ihc == want
        if not ok or need_ish is None:
            return ok
        return None if ish is None else ish == need_ish
    if m := re.fullmatch(r"expression>=(\d+(?:\.\d+)?)", definition):
        pct = h.get("expression_percent")
        return None if pct is None else pct >= float(m.group(1))
    if definition == "ish:POSITIVE":
        return None if ish is None else ish == "POSITIVE"
    if definition == "membrane:POSITIVE":
        membrane = h.get("membrane")
        return None if membrane is None else membrane == "POSITIVE"
    return None


def _num(v: float | None) -> str:
    """Three significant digits, never in exponent form: 39.9161 -> 39.9, 1826.0 -> 1826."""
    if v is None:
        return "?"
    if v == int(v):
        return str(int(v))
    digits = max(0, 2 - math.floor(math.log10(abs(v))))
    return f"{v:.{digits}f}".rstrip("0").rstrip(".")


def _years(v: float) -> str:
    return f"{_num(v)} years"


def _months(v: float) -> str:
    return f"{_num(v)} months"


def _kg(v: float) -> str:
    return f"{_num(v)} kg"


def _mg_per_day(v: float) -> str:
    return f"{_num(v)} mg/day"


def _times_uln(v: float) -> str:
    return f"{_num(v)} × ULN"


def _quantity(name: str, v: float) -> str:
    unit = units.canonical_unit(name)
    return f"{_num(v)} {unit}" if unit else _num(v)
