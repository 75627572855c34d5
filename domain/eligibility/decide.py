"""Deciding one patient against one trial's criteria facts: pure functions, no database.

Every criterion gets a verdict from the patient's point of view:

- ``MET``: the patient satisfies what the criterion asks (for an exclusion criterion: the
  patient is not excluded by it);
- ``NOT_MET``: the criterion rules the patient out;
- ``UNKNOWN``: the profile does not say enough, the criterion admits exceptions the profile
  cannot speak to, or no fact could be read from the criterion at all.

A trial is ``INELIGIBLE`` when any criterion is NOT_MET, ``ELIGIBLE`` when every criterion is
MET, and ``POSSIBLY_ELIGIBLE`` otherwise. Nothing unknown is ever assumed. The reasons are
written by ``explain``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from domain.eligibility import explain as reasons
from domain.eligibility.explain import Why
from domain.eligibility.facts import stored_facts
from domain.eligibility.patient import Patient
from domain.records import FactRecord

MET, NOT_MET, UNKNOWN = "MET", "NOT_MET", "UNKNOWN"
ELIGIBLE, POSSIBLY_ELIGIBLE, INELIGIBLE = "ELIGIBLE", "POSSIBLY_ELIGIBLE", "INELIGIBLE"
VERDICT_RANK = {ELIGIBLE: 0, POSSIBLY_ELIGIBLE: 1, INELIGIBLE: 2}


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
    facts: Sequence[FactRecord],
    explain: bool = True,
) -> TrialVerdict:
    """Verdicts for every criterion ``(list, ordinal)`` of one trial, and the trial's.

    ``explain=False`` leaves the reasons empty: ranking thousands of candidates needs only
    the verdicts, and writing the reasons is most of the work."""
    by_criterion: dict[tuple[str, int], list[FactRecord]] = {}
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
    return _trial_verdict(counts, len(out), out)


def rank_trial(
    patient: Patient,
    criteria: Iterable[tuple[str, int]],
    stored: dict[tuple[str, int], str],
    memo: dict[str, str],
) -> TrialVerdict:
    """``decide_trial(explain=False)``'s verdict and counts (no criteria listed), from
    ``facts.decode_criteria``'s rows: enough to rank thousands of candidates. ``memo``, kept
    by the caller across the trials of one patient, holds each criterion's verdict by its
    rows (a verdict depends on nothing else, and the same criteria come back in trial after
    trial), so most are looked up rather than decided."""
    counts = {MET: 0, NOT_MET: 0, UNKNOWN: 0}
    n = 0
    for key in criteria:
        n += 1
        rows = stored.get(key)
        if not rows:
            counts[UNKNOWN] += 1
            continue
        verdict = memo.get(rows)
        if verdict is None:
            verdict = memo[rows] = decide_criterion(patient, stored_facts(key, rows))[0]
        counts[verdict] += 1
    return _trial_verdict(counts, n, [])


def _trial_verdict(counts: dict[str, int], n: int, out: list[CriterionVerdict]) -> TrialVerdict:
    if counts[NOT_MET]:
        verdict = INELIGIBLE
    elif counts[UNKNOWN] or not n:  # no criteria at all: nothing is known
        verdict = POSSIBLY_ELIGIBLE
    else:
        verdict = ELIGIBLE
    return TrialVerdict(verdict, counts[MET], counts[NOT_MET], counts[UNKNOWN], out)


_NOT_UNDERSTOOD = reasons.not_understood
_PROCEDURAL = reasons.procedural


def decide_criterion(patient: Patient, facts: Sequence[FactRecord]) -> tuple[str, Why]:
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
    return UNKNOWN, lambda: reasons.depends_on(open_flags, outcomes)


def _combine(
    patient: Patient, facts: Sequence[FactRecord], world: dict[str, bool]
) -> tuple[str, Why]:
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
        return MET, reasons.does_not_apply
    if len(terms) > 1:  # the procedural part of a clinical criterion goes without saying
        terms = [t for t in terms if t[0][1] is not _PROCEDURAL] or terms[:1]
    results = [_any(term) for term in terms]
    failing = [r for v, r in results if v == NOT_MET]
    if failing:  # the reasons that rule the patient out, alone
        return NOT_MET, reasons.join(failing)
    verdict = UNKNOWN if any(v == UNKNOWN for v, _ in results) else MET
    return verdict, reasons.join([r for _, r in results])


def _any(term: list[tuple[str, Why]]) -> tuple[str, Why]:
    """Alternatives: MET if one is met, NOT_MET if all fail, else UNKNOWN."""
    if len(term) == 1:
        return term[0]
    for verdict, sep in ((MET, " or "), (UNKNOWN, " or "), (NOT_MET, "; and ")):
        found = [r for v, r in term if v == verdict]
        if found and (verdict != NOT_MET or len(found) == len(term)):
            return verdict, reasons.join(found, sep)
    return UNKNOWN, reasons.join([r for _, r in term], " or ")


def decide_fact(patient: Patient, f: FactRecord) -> tuple[str, Why]:
    if f.kind == "PROCEDURAL":
        return MET, _PROCEDURAL
    holds, why = _predicate(patient, f)
    if holds is None:
        return UNKNOWN, why
    if f.exception and holds == (f.effect == "EXCLUDE"):
        return UNKNOWN, lambda: reasons.admits_exceptions(why, f.exception)
    if f.effect == "REQUIRE":
        return (MET if holds else NOT_MET), why
    return (NOT_MET, lambda: reasons.excluded(why)) if holds else (MET, why)


# --------------------------------------------------------------------------- predicates

Show = Callable[[float], str]


def _predicate(p: Patient, f: FactRecord) -> tuple[bool | None, Why]:
    kind = f.kind
    if kind == "AGE":
        return _compare("age", p.age, f, reasons.years)
    if kind == "WEIGHT":
        return _compare("weight", p.weight, f, reasons.kg)
    if kind == "KARNOFSKY":
        return _compare("Karnofsky", p.karnofsky, f, reasons.num)
    if kind == "ECOG":
        if p.ecog is not None and (gap := _scale_gap(f)):
            low, high = gap
            ok = low <= p.ecog <= high
            return ok, lambda: reasons.gap_range("ECOG", p.ecog, ok, low, high, f.values)
        return _compare("ECOG", p.ecog, f, reasons.num)
    if kind == "LIFE_EXPECTANCY":
        return _compare("life expectancy", p.life_expectancy, f, reasons.months)
    if kind == "PRIOR_THERAPY_LINES":
        return _compare("prior lines of therapy", p.prior_therapy_lines, f, reasons.num)
    if kind == "SEX":
        if p.sex is None:
            return None, lambda: reasons.not_given("sex")
        ok = p.sex in f.values
        return ok, lambda: reasons.one_of("sex", p.sex, ok, f.values)
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
            return _compare("steroid dose", 0.0, f, reasons.mg_per_day)
        return _compare("steroid dose", p.steroids, f, reasons.mg_per_day)
    if kind == "HISTORY" and f.name:
        label = reasons.label(f.name)
        if f.operator == "WITHIN":
            return _within(p, f, label)
        return _flag(p, f.name, label)
    return None, lambda: reasons.not_decided(kind)


def _scale_gap(f: FactRecord) -> tuple[int, int] | None:
    """A set with a gap on an ordered scale ("ECOG 0 or 2"): almost always a typo for the
    range, never a rule that a patient at 1 is out. The fact stays as written (values 0, 2);
    it is decided as the range, and the reason says so."""
    if f.operator != "IN" or not all(v.isdigit() for v in f.values) or len(f.values) < 2:
        return None
    steps = sorted(int(v) for v in f.values)
    if steps[-1] - steps[0] + 1 == len(set(steps)):
        return None
    return steps[0], steps[-1]


def _compare(label: str, given: float | None, f: FactRecord, show: Show) -> tuple[bool | None, Why]:
    if given is None:
        return None, lambda: reasons.not_given(label)
    return _test(given, f, show, label)


_COMPARE = {
    "GT": float.__gt__,
    "GTE": float.__ge__,
    "LT": float.__lt__,
    "LTE": float.__le__,
    "EQ": float.__eq__,
}


def _test(x: float, f: FactRecord, show: Show, label: str) -> tuple[bool | None, Why]:
    op = f.operator
    if op in _COMPARE and f.value is not None:
        ok = _COMPARE[op](float(x), f.value)
        return ok, lambda: reasons.compared(label, x, ok, f, show)
    if op == "IN":
        ok = any(float(v) == x for v in f.values if _NUMBER.fullmatch(v))
        return ok, lambda: reasons.one_of(label, show(x), ok, f.values)
    if op == "RANGE" and f.value is not None and f.value_max is not None:
        ok = f.value <= x <= f.value_max
        return ok, lambda: reasons.in_range(label, x, ok, f, show)
    return None, lambda: reasons.cannot_compare(label, op)


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _lab(p: Patient, f: FactRecord) -> tuple[bool | None, Why]:
    name = f.name or ""
    label = reasons.label(name)
    given = p.labs.get(name)
    if given is None:
        return None, lambda: reasons.not_given(label)
    if f.relative_to == "ULN":
        if given.uln_multiple is None:
            return None, lambda: reasons.without_uln(label)
        return _test(given.uln_multiple, f, reasons.times_uln, label)
    if given.absolute is None:
        return None, lambda: reasons.only_uln(label)
    return _test(given.absolute, f, lambda v: reasons.quantity(name, v), label)


def _flag(p: Patient, name: str, label: str) -> tuple[bool | None, Why]:
    present = p.flag(name)
    if present is None:
        return None, lambda: reasons.flag_not_given(label)
    return present, lambda: reasons.flag(label, present)


def _within(p: Patient, f: FactRecord, label: str) -> tuple[bool | None, Why]:
    present = p.flag(f.name or "")
    if present is False:
        return False, lambda: reasons.flag(label, False)
    days = p.days_since.get(f.name or "")
    if days is None:
        if present is None:
            return None, lambda: reasons.flag_not_given(label)
        return None, lambda: reasons.when_not_given(label, f.name)
    ok = f.value is not None and days <= f.value
    return ok, lambda: reasons.within(label, days, ok, f)


_IHC = {"0": 0, "1+": 1, "2+": 2, "3+": 3}


def _her2(h: dict[str, Any], definitions: Sequence[str]) -> tuple[bool | None, Why]:
    """Whether the patient is HER2-positive as the trial defines it (any one definition)."""
    if not h:
        return None, lambda: reasons.not_given("HER2")
    results = [_her2_one(h, d) for d in definitions]
    if any(r is True for r in results):
        holds: bool | None = True
    elif all(r is False for r in results):
        holds = False
    else:
        holds = None
    return holds, lambda: reasons.her2(h, holds, definitions)


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
        if membrane is not None:
            return membrane == "POSITIVE"
        return _membrane_from_ihc(ihc, ish)
    return None


def _membrane_from_ihc(ihc: int | None, ish: str | None) -> bool | None:
    """What an IHC score says of "positive cell membrane expression": the score grades the
    membrane staining itself (ASCO/CAP). 3+ is strong complete staining: positive; 0 is none
    (or faint in under 10 % of cells): not; 2+ with ISH-confirmed amplification is HER2-positive
    by the standard definition. 1+ and 2+ otherwise are staining that counts as positive only
    where the trial says so; a trial that does not leaves it unknown."""
    if ihc is None:
        return None
    if ihc == 3:
        return True
    if ihc == 0:
        return False
    if ihc == 2 and ish == "POSITIVE":
        return True
    return None
