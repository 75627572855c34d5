"""A trial's conditions as concepts, worked out once at load time, and their one codec.

Each of a trial's names is resolved (``concepts.resolve``): its conditions as written and its
MeSH descriptors (``condition_meshes``: the registry's own reading of the conditions) are the
trial's *own* concepts; the descriptors' ancestors, and a text page's MeSH list (descriptors
and ancestors mixed, names only), are *context*: they let a broader diagnosis find the trial
("digestive system disease" -> a trial under "Digestive System Diseases"), never a narrower
one (a breast cancer is not a patient of a trial whose ancestors include "Neoplasms").

Stored (``seed.load.rows``) as ``condition_codes`` rows: the own concepts' codes (``own``)
and those with every code above them, the context's too (``closure``), indexed for the SQL
pre-filter; and ``trials.condition_concepts`` (this module's document), which names what each
code came from, for ``condition_match``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.conditions.concepts import Concept, Relation, closure, relate_codes, resolve

OWN, CONTEXT = "own", "context"


@dataclass(frozen=True, slots=True)
class TrialCondition:
    name: str  # as the trial or the registry writes it
    concept: Concept
    role: str  # own | context
    mesh_id: str | None = None


@dataclass(frozen=True, slots=True)
class ConditionMatch:
    relation: str
    patient: str
    trial: str
    via: str
    mesh_id: str | None = None

    @property
    def rank(self) -> int:
        return Relation(self.relation, self.via).rank


def trial_conditions(
    conditions: Iterable[str],
    meshes: Iterable[tuple[str, str | None]] = (),
    context: Iterable[tuple[str, str | None]] = (),
) -> tuple[TrialCondition, ...]:
    """Every name that resolves, own first; a name twice is kept once."""
    out: list[TrialCondition] = []
    seen: set[str] = set()
    named = [(c, None, OWN) for c in conditions]
    named += [(t, i, OWN) for t, i in meshes] + [(t, i, CONTEXT) for t, i in context]
    for name, mesh_id, role in named:
        key = name.strip().lower()
        if not key or key in seen:
            continue
        seen.add(key)
        if concept := resolve(name.strip()):
            out.append(TrialCondition(name.strip(), concept, role, mesh_id))
    return tuple(out)


def condition_arrays(items: tuple[TrialCondition, ...]) -> tuple[list[str], list[str]]:
    """(own codes, closure): the ``condition_codes`` rows of a trial."""
    own: dict[str, None] = {}
    every: dict[str, None] = {}
    for item in items:
        if item.role == OWN:
            own.update(dict.fromkeys(item.concept.codes))
        every.update(dict.fromkeys(closure(item.concept)))
    return sorted(own), sorted(every)


def encode_conditions(items: tuple[TrialCondition, ...]) -> list[list]:
    """The stored document: ``[[name, codes, histology, role, mesh id, broad], ...]``."""
    return [
        [i.name, list(i.concept.codes), i.concept.histology, i.role, i.mesh_id, i.concept.broad]
        for i in items
    ]


def decode_conditions(document: list[list] | None) -> tuple[TrialCondition, ...]:
    return tuple(
        TrialCondition(name, Concept(name, tuple(codes), histology, broad), role, mesh_id)
        for name, codes, histology, role, mesh_id, broad in document or ()
    )


def best_match(
    patients: Iterable[Concept], items: tuple[TrialCondition, ...]
) -> ConditionMatch | None:
    """The closest relation between any of the patient's concepts and the trial's: SAME before
    NARROWER before BROADER, then own conditions before MeSH, in the trial's order."""
    return best_document_match(patients, encode_conditions(items))


def best_document_match(
    patients: Iterable[Concept], document: list[list] | None
) -> ConditionMatch | None:
    """``best_match`` over a stored document's rows as they are (no objects built for the
    trial's conditions: a match relates thousands of trials)."""
    best: ConditionMatch | None = None
    for patient in patients:
        p_codes, p_broad, p_histology = patient.codes, patient.broad, patient.histology
        for name, codes, histology, role, mesh_id, broad in document or ():
            relation = relate_codes(p_codes, p_broad, p_histology, tuple(codes), broad, histology)
            # context (an ancestor, a page's MeSH list): only a diagnosis strictly above it; one
            # equal to it may be a sibling of the trial's own condition (MeSH's "Liver
            # Neoplasms" holds liver metastases, a hepatocellular carcinoma is not one)
            if relation is None or (role == CONTEXT and relation.relation != "BROADER"):
                continue
            found = ConditionMatch(relation.relation, patient.text, name, relation.via, mesh_id)
            if best is None or found.rank < best.rank:
                best = found
    return best


def patient_concepts(diagnoses: Iterable[str]) -> tuple[tuple[Concept, ...], tuple[str, ...]]:
    """The diagnoses that resolve to concepts, and those that do not (matched by their words)."""
    concepts: list[Concept] = []
    unresolved: list[str] = []
    for text in diagnoses:
        if not text.strip():
            continue
        if concept := resolve(text.strip()):
            concepts.append(concept)
        else:
            unresolved.append(text.strip())
    return tuple(concepts), tuple(unresolved)


def codes_at_or_above(concepts: Iterable[Concept]) -> list[str]:
    """Every code of the concepts and above them: a trial whose own codes overlap these is for
    the same disease or a broader one."""
    out: dict[str, None] = {}
    for concept in concepts:
        out.update(dict.fromkeys(closure(concept)))
    return sorted(out)


def word_match(diagnosis: str, names: Iterable[str]) -> ConditionMatch | None:
    """For a diagnosis no concept is known for: a trial condition holding all of its words (the
    SQL word filter's rule) is the same disease when the words are the same, else narrower
    than the diagnosis (the patient's is BROADER)."""
    wanted = _words(diagnosis)
    for name in names:
        have = _words(name)
        if wanted and wanted <= have:
            relation = "SAME" if wanted == have else "BROADER"
            return ConditionMatch(relation, diagnosis, name, "the words of the condition")
    return None


def _words(text: str) -> set[str]:
    return {w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split()}
