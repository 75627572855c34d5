"""Run-together term lists (conditions, keywords, MeSH terms) split by what the words are."""

from __future__ import annotations

import re

# Head nouns that end a disease, drug-class or keyword term. A capitalised word after one of
# these starts a new term ("Breast Cancer Ovarian Cancer" is two), a lower-case word or a comma
# does not ("Neoplasms by Site", "Neoplasms, Second Primary").
HEAD_NOUNS = frozenset(
    """
    cancer cancers carcinoma carcinomas tumor tumors tumour tumours neoplasm neoplasms
    glioma gliomas lymphoma lymphomas leukemia leukemias leukaemia myeloma sarcoma sarcomas
    melanoma melanomas blastoma mesothelioma metastasis metastases disease diseases disorder
    disorders syndrome syndromes infection infections failure processes process agents agent
    modulators inhibitors antagonists agonists factors action drugs effects cells lesions
    adenocarcinoma adenocarcinomas neoplasia insufficiency injury injuries
    """.split()  # noqa: SIM905
)
_JOINERS = frozenset("of by and or in with the to for from on at".split())  # noqa: SIM905
# Nouns that end a term only after a joiner: "Neoplasms by Site", "Neoplasms by Histologic Type".
_AFTER_JOINER_HEADS = frozenset({"site", "sites", "type", "types"})
# Words that extend a name the document spells out: "PIK-HER2 cells" (vocabulary "PIK-HER2").
_NAME_EXTENDERS = frozenset(
    "cell cells therapy vaccine vaccines infusion antibody antibodies".split()  # noqa: SIM905
)


def split_terms(
    text: str | None, vocabulary: tuple[str, ...] = (), separators: str = ";|\n"
) -> tuple[str, ...]:
    """Split a run-together list of terms by what the words are.

    ``Breast Cancer Ovarian Cancer Glioma`` -> (Breast Cancer, Ovarian Cancer, Glioma): a term
    ends after a head noun (cancer, tumors, agents, ...) when the next word starts a new
    capitalised term; ``vocabulary`` (names the document itself spells out, such as its
    intervention names) are kept whole wherever they occur. A text with no head noun is one term.
    Explicit ``separators`` (``;``, ``|``, new lines) always split.
    """
    if not text:
        return ()
    out: list[str] = []
    for chunk in re.split(f"[{re.escape(separators)}]+", text):
        out.extend(_split_chunk(chunk.strip(), vocabulary))
    return tuple(dict.fromkeys(t for t in out if t))


def _split_chunk(chunk: str, vocabulary: tuple[str, ...]) -> list[str]:
    words = chunk.split()
    if not words:
        return []
    vocab = sorted(
        {tuple(v.lower().split()) for v in vocabulary if v.strip()}, key=len, reverse=True
    )
    terms: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(words):
        matched = next(
            (v for v in vocab if tuple(w.lower() for w in words[i : i + len(v)]) == v), None
        )
        if matched:  # a name the document spells out elsewhere is a term of its own
            if current:
                terms.append(" ".join(current))
                current = []
            end = i + len(matched)
            while end < len(words) and words[end].lower() in _NAME_EXTENDERS:
                end += 1  # "PIK-HER2 cells": the name goes on with a word such as "cells"
            terms.append(" ".join(words[i:end]))
            i = end
            continue
        word = words[i]
        current.append(word)
        i += 1
        bare = word.rstrip(",").lower()
        if word.endswith(","):
            # "Neoplasms, Second Primary": an inverted name goes on with its qualifier; when a
            # term ending in a head noun follows ("... Primary Stomach Neoplasms"), the word
            # before that head noun starts it, so the qualifier is the words up to there.
            j = i
            while j < len(words) and not words[j].endswith(",") and not _is_head(words[j]):
                j += 1
            between = words[i : j - 1]
            titled = all(w[:1].isupper() or w[:1].isdigit() for w in between)
            if j < len(words) and _is_head(words[j]) and between and titled:
                terms.append(" ".join([*current, *between]))
                current = []
                i = j - 1
            continue
        if (
            bare in _AFTER_JOINER_HEADS
            and any(w.lower() in _JOINERS for w in current)
            and i < len(words)
            and words[i][:1].isupper()
        ):
            terms.append(" ".join(current))  # "Neoplasms by Site" ends here
            current = []
            continue
        if bare in HEAD_NOUNS and i < len(words):
            nxt = words[i]
            if nxt.lower().startswith("metasta"):
                continue  # "Neoplasm Metastasis", "Liver Cancer Metastases": one term
            lower_term = word[:1].islower()  # keywords are often all lower case
            starts_term = nxt[:1].isupper() or nxt[:1].isdigit() or lower_term
            if starts_term and nxt.lower() not in _JOINERS:
                terms.append(" ".join(current))
                current = []
    if current:
        terms.append(" ".join(current))
    return terms


def _is_head(word: str) -> bool:
    return word.rstrip(",").lower() in HEAD_NOUNS
