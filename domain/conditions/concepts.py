"""Conditions as concepts: a text (a patient's diagnosis, a trial's condition, a MeSH term)
resolved to ICD-10-CM codes and a histology, and how two concepts relate.

Resolving: the text's disease words (``words.words``) are looked up among the words of every
ICD-10-CM title and inclusion term. An exact match wins; else the titles holding all of the
text's words and the fewest others (at most ``MAX_EXTRA``), e.g. "lung cancer" -> C34
"Malignant neoplasm of bronchus and lung". An "unspecified" subcategory stands for its
category (C34.90 -> C34). Several codes tied: all of them (up to ``MAX_CODES``; past that
their nearest common ancestor, unless it is a whole chapter: the text is too vague).

Relating (the patient's concept P to a trial's T):
- SAME: P and T are the same code (and histology); a name broader than each of its codes
  ("Spondylitis") is above them, as if it were their parent;
- NARROWER: the patient's is narrower: T's code is P's or above it in the tree, and T's
  histology is P's, broader or not given ("gastric adenocarcinoma" -> "Gastric Cancer");
- BROADER: the patient's is broader: the reverse ("gastric cancer" -> "Gastric
  Adenocarcinoma"; "cancer" -> "Breast Cancer");
- nothing: another organ (C50 vs C16), another disease, another histology.
"""

from __future__ import annotations

import functools
import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass

from domain.conditions.icd10cm import Tabular, tabular
from domain.conditions.words import NAMED, histology_relation, words

MAX_EXTRA = 3
MAX_CODES = 6
# not diseases: external causes (V-Y) and factors influencing health status (Z)
NOT_DISEASES = ("V", "W", "X", "Y", "Z")
RELATIONS = ("SAME", "NARROWER", "BROADER")  # closest first


@dataclass(frozen=True, slots=True)
class Concept:
    text: str  # as written
    codes: tuple[str, ...]  # ICD-10-CM codes (or the groups of ``groups``)
    histology: str | None = None
    # the text is less specific than each code: a name shared by several titles' longer names
    # ("Spondylitis": tuberculous, psoriatic, ankylosing), so it is above each, not each
    broad: bool = False


@dataclass(frozen=True, slots=True)
class Relation:
    relation: str  # SAME | NARROWER | BROADER
    via: str  # the code it holds through, with its title: "Malignant solid neoplasms (C00-C80)"

    @property
    def rank(self) -> int:
        return RELATIONS.index(self.relation)


@dataclass(frozen=True, slots=True)
class _Index:
    exact: dict[tuple[str, ...], tuple[str, ...]]
    postings: dict[str, array]  # a word: the entries holding it, ascending
    # (number of words, code) of the titles a name may be part of
    entries: tuple[tuple[int, str], ...]


@functools.cache
def _index() -> _Index:
    tree = tabular()
    exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
    postings: dict[str, array] = defaultdict(lambda: array("i"))
    entries: list[tuple[int, str]] = []
    # Compact, as every worker holds it: words shared (interned), postings as arrays, an
    # entry's words as their number (all a lookup needs of them).
    for code, text in tree.terms:
        if code.startswith(NOT_DISEASES) or _single_block(code):
            continue
        key, histology = words(text)
        if not key or histology:
            continue
        key = tuple(map(sys.intern, key))
        exact[key].add(code)
        if text.startswith("Other") or code.startswith("O"):
            continue  # residual categories, pregnancy's: never what a shorter name means
        for w in key:
            postings[w].append(len(entries))
        entries.append((len(key), code))
    return _Index(
        exact={k: tuple(sorted(v)) for k, v in exact.items()},
        postings=dict(postings),
        entries=tuple(entries),
    )


@functools.cache
def _named() -> dict[tuple[str, ...], str]:
    """``words.NAMED`` by disease words, as a text is looked up."""
    return {words(name)[0]: codes for name, codes in NAMED.items()}


def warm() -> None:
    """Parse the vocabulary and build its word index now (~2-3 s, kept for the process)
    rather than in the first request that resolves a diagnosis: a server calls this once
    before it forks its workers, which then share it."""
    tabular()
    _named()
    _index()


def _single_block(code: str) -> bool:
    """A block of one category ("C50-C50"): its title repeats the category's."""
    first, _, last = code.partition("-")
    return first == last


def _specified(tree: Tabular, code: str) -> str:
    """An "unspecified" subcategory stands for its category as a whole: C34.90 -> C34."""
    node = tree.nodes.get(code)
    while (
        node is not None
        and node.parent
        and "-" not in node.parent
        and not node.parent.startswith("CH")
        and "unspecified" in node.label.lower()
    ):
        node = tree.nodes.get(node.parent)
    return node.code if node else code


def _common(tree: Tabular, codes: set[str]) -> str | None:
    """The nearest code at or above every one of ``codes`` (None: only a chapter is)."""
    lines = [(c, *tree.ancestors(c)) for c in sorted(codes)]
    shared = set(lines[0]).intersection(*lines[1:])
    for code in lines[0]:
        if code in shared:
            return None if code.startswith("CH") and len(codes) > 1 else code
    return None


def _highest(tree: Tabular, codes: set[str]) -> set[str]:
    """Drop every code that has another of ``codes`` above it."""
    return {c for c in codes if not codes.intersection(tree.ancestors(c))}


@functools.lru_cache(maxsize=65536)
def resolve(text: str) -> Concept | None:
    """``text`` as an ICD-10-CM concept, or None when no title matches it."""
    key, histology = words(text)
    if not key:
        return None
    tree = tabular()
    if named := _named().get(key):
        return Concept(text, tuple(named.split()), histology)
    index = _index()
    found = set(index.exact.get(key, ()))
    exact = bool(found)
    if not found:
        sets = [index.postings.get(w) for w in key]
        hits = set(sets[0]).intersection(*sets[1:]) if all(sets) else set()
        best = MAX_EXTRA + 1
        for i in hits:
            size, code = index.entries[i]
            extra = size - len(key)
            if extra < best:
                best, found = extra, {code}
            elif extra == best:
                found.add(code)
    if not found:
        return None
    found = _highest(tree, {_specified(tree, c) for c in found})
    if len(found) > MAX_CODES:
        common = _common(tree, found)
        if common is None:
            return None
        found = {common}
    return Concept(text, tuple(sorted(found)), histology, broad=not exact and len(found) > 1)


def closure(concept: Concept) -> tuple[str, ...]:
    """The concept's codes and every code above them."""
    tree = tabular()
    out: dict[str, None] = {}
    for code in concept.codes:
        out[code] = None
        out.update(dict.fromkeys(tree.ancestors(code)))
    return tuple(out)


def _via(code: str) -> str:
    return f"{tabular().label(code)} ({code})"


def relate(patient: Concept, trial: Concept) -> Relation | None:
    """How the patient's concept relates to a trial's: the closest relation, or None."""
    return relate_codes(
        patient.codes, patient.broad, patient.histology, trial.codes, trial.broad, trial.histology
    )


@functools.lru_cache(maxsize=16384)  # a match relates one diagnosis to thousands of trials'
def relate_codes(
    p_codes: tuple[str, ...],
    p_broad: bool,
    p_histology: str | None,
    t_codes: tuple[str, ...],
    t_broad: bool,
    t_histology: str | None,
) -> Relation | None:
    tree = tabular()
    best: Relation | None = None
    for p in p_codes:
        p_up = tree.ancestors(p)
        for t in t_codes:
            if p == t:
                site, via = _same(p_broad, t_broad), t
            elif t in p_up:
                site, via = "NARROWER", t
            elif p in tree.ancestors(t):
                site, via = "BROADER", p
            else:
                continue
            relation = _combine(site, histology_relation(p_histology, t_histology))
            if relation and (best is None or RELATIONS.index(relation) < best.rank):
                best = Relation(relation, _via(via))
    return best


def _same(patient_broad: bool, trial_broad: bool) -> str:
    if patient_broad == trial_broad:
        return "SAME"
    return "BROADER" if patient_broad else "NARROWER"


def _combine(site: str, histology: str | None) -> str | None:
    if histology is None:
        return None
    if site == histology or histology == "SAME":
        return site
    if site == "SAME":
        return histology
    return "BROADER"  # each narrower on one axis: they overlap, neither holds the other
