"""How a condition is written, reduced to the words that name the disease: a hand-written table,
small and tested (tests/unit/test_conditions.py), for what ICD-10-CM's tabular list does not
say itself. Both sides go through it: the patient's diagnosis, a trial's condition or MeSH term,
and every ICD-10-CM title and inclusion term, so "gastric" meets "stomach" from either side.

- spelling: British forms (tumour, oesophagus, haematological) to the list's American ones;
- abbreviations clinicians write (NSCLC, CRC, HCC, GBM, COPD, CAD ...);
- organ adjectives to the organ the list names (gastric -> stomach, hepatic -> liver);
- malignancy nouns: cancer, carcinoma, malignancy, tumour, neoplasm are one disease word,
  "malignant neoplasm" (what ICD-10-CM calls them) unless the text says benign, in situ or
  of uncertain behaviour; metastasis is a secondary malignant neoplasm;
- histologies, which ICD-10-CM codes do not carry (the list codes by site): adenocarcinoma,
  squamous cell, small cell, non-small cell, glioma, glioblastoma, kept as a second axis;
- qualifiers the criteria decide (HER2-positive, metastatic, advanced, stage IV, recurrent)
  and words that name no disease ("NOS", "unspecified") are dropped.
The ICD-10-CM alphabetic index (which maps "coronary artery disease" to I25.1) is not shipped
by any offline package; ``NAMED`` holds the few common names whose title differs.
"""

from __future__ import annotations

import re

SPELLING = {
    "tumour": "tumor",
    "tumours": "tumors",
    "oesophagus": "esophagus",
    "oesophageal": "esophageal",
    "haematological": "hematologic",
    "haematologic": "hematologic",
    "leukaemia": "leukemia",
    "leukaemias": "leukemias",
    "anaemia": "anemia",
    "oestrogen": "estrogen",
    "haemorrhage": "hemorrhage",
}

ABBREVIATIONS = {
    "nsclc": "non small cell lung cancer",
    "sclc": "small cell lung cancer",
    "crc": "colorectal cancer",
    "hcc": "hepatocellular carcinoma",
    "gbm": "glioblastoma",
    "tnbc": "breast cancer",
    "copd": "chronic obstructive pulmonary disease",
    "cad": "coronary artery disease",
    "aml": "acute myeloid leukemia",
    "cml": "chronic myeloid leukemia",
    "cll": "chronic lymphocytic leukemia",
    "t1d": "type 1 diabetes mellitus",
    "t2d": "type 2 diabetes mellitus",
    "t2dm": "type 2 diabetes mellitus",
    "hiv": "human immunodeficiency virus",
    "gej": "gastroesophageal junction",
}

# organ adjective -> the organ as ICD-10-CM names it in "Malignant neoplasm of <organ>"
ORGANS = {
    "gastric": "stomach",
    "hepatic": "liver",
    "pulmonary": "lung",
    "bronchial": "bronchus",
    "renal": "kidney",
    "mammary": "breast",
    "ovarian": "ovary",
    "pancreatic": "pancreas",
    "colonic": "colon",
    "rectal": "rectum",
    "esophageal": "esophagus",
    "cerebral": "brain",
    "prostatic": "prostate",
    "thyroidal": "thyroid",
    "vesical": "bladder",
    "uterine": "uterus",
    "endometrial": "endometrium",
    "hepatocellular": "liver",
    "gastroesophageal": "esophagus stomach",
}

# one word or a phrase (already lower-case, spelling mended) -> a replacement
PHRASES = (
    (r"\bsolid (?:malignant )?(?:tumou?rs?|neoplasms?|cancers?|malignanc(?:y|ies))\b", "@solid"),
    (r"\bnon[- ]small[- ]cell\b", "@nonsmallcell"),
    (r"\bsmall[- ]cell\b", "@smallcell"),
    (r"\bsquamous[- ]cell\b", "@squamous"),
    (r"\bcolorectal\b", "@colorectal"),
    (r"\bdiabetes(?! (?:mellitus|insipidus))\b", "diabetes mellitus"),
    (r"\b(?:metastasis|metastases)\b", "secondary neoplasm"),
    (r"\bstage (?:[0iv]+|[1-4])[abc]?\b", " "),
    (r"\bher2[- ]?(?:positive|negative|low|\+|-)?", " "),
    (r"\bin situ\b", "@insitu"),
)

CANCER_NOUNS = frozenset(
    (
        "cancer",
        "cancers",
        "carcinoma",
        "carcinomas",
        "malignancy",
        "malignancies",
        "tumor",
        "tumors",
        "neoplasm",
        "neoplasms",
        "neoplasia",
    )
)
# histology word -> the histology it names (itself a malignancy word)
HISTOLOGY = {
    "adenocarcinoma": "adenocarcinoma",
    "adenocarcinomas": "adenocarcinoma",
    "@squamous": "squamous cell carcinoma",
    "@smallcell": "small cell carcinoma",
    "@nonsmallcell": "non-small cell carcinoma",
    "glioma": "glioma",
    "gliomas": "glioma",
    "glioblastoma": "glioblastoma",
    "glioblastomas": "glioblastoma",
    "carcinoid": "neuroendocrine tumor",
    "neuroendocrine": "neuroendocrine tumor",
}
# histology -> its broader histology (a small tree; None: a root)
HISTOLOGY_PARENT = {
    "adenocarcinoma": "non-small cell carcinoma",
    "squamous cell carcinoma": "non-small cell carcinoma",
    "non-small cell carcinoma": None,
    "small cell carcinoma": None,
    "glioblastoma": "glioma",
    "glioma": None,
    "neuroendocrine tumor": None,
}
# a histology that names its organ when the text names none
HISTOLOGY_SITE = {"glioma": "brain", "glioblastoma": "brain"}

QUALIFIERS = frozenset(
    (
        "advanced",
        "metastatic",
        "recurrent",
        "refractory",
        "relapsed",
        "locally",
        "unresectable",
        "inoperable",
        "progressive",
        "persistent",
        "newly",
        "diagnosed",
        "positive",
        "negative",
        "primary",
        "nos",
        "unspecified",
        "triple",
        "stage",
        "grade",
        "high",
        "low",
        "early",
        "late",
        "histologically",
        "confirmed",
        "ii",
        "iii",
        "iv",
        "resectable",
        "borderline",
        "previously",
        "untreated",
        "treated",
        "adult",
        "adults",
        "pediatric",
    )
)
STOP = frozenset(
    (
        "of",
        "the",
        "and",
        "or",
        "with",
        "in",
        "a",
        "an",
        "to",
        "by",
        "at",
        "on",
        "for",
        "other",
        "site",
        "sites",
        "part",
        "parts",
    )
)
NOT_MALIGNANT = frozenset({"benign", "@insitu", "uncertain"})

# common names -> ICD-10-CM code, where the tabular list words them otherwise
NAMED = {
    "coronary artery disease": "I25.1",
    "coronary heart disease": "I25.1",
    "heart attack": "I21",
    "stroke": "I63",
    "alcoholism": "F10.2",
    "alcohol use disorder": "F10",
    "brain injury": "S06",
    "brain injuries": "S06",
    "traumatic brain injury": "S06",
    "depression": "F32",
    "hypertension": "I10",
    "high blood pressure": "I10",
    "melanoma": "C43",
    "human immunodeficiency virus": "B20",
    "human immunodeficiency virus infection": "B20",
    "human immunodeficiency virus infections": "B20",
    "solid tumor": "C00-C80",
    "colorectal cancer": "C18 C19 C20",
    "malignant neoplasm": "C00-C96",
}

_WORD = re.compile(r"[a-z0-9@+]+")
# each phrase compiled, with a word it cannot match without (most texts skip most phrases)
_PHRASES = tuple(
    (trigger, re.compile(pattern), repl)
    for trigger, (pattern, repl) in zip(
        ("solid", "small", "small", "squamous", "colorectal", "diabetes", "metasta", "stage",
         "her2", "situ"),
        PHRASES,
        strict=True,
    )
)  # fmt: skip


def words(text: str) -> tuple[tuple[str, ...], str | None]:
    """The disease words of ``text`` (sorted, deduplicated) and its histology, if named."""
    s = text.lower().replace("’", "'")
    s = " ".join(SPELLING.get(w, w) for w in re.split(r"\s+", s))
    s = re.sub(r"[^\w@+\- ]", " ", s)
    s = " ".join(ABBREVIATIONS.get(w, w) for w in s.split())
    for trigger, pattern, repl in _PHRASES:
        if trigger in s:
            s = pattern.sub(repl, s)
    out: list[str] = []
    histology: str | None = None
    malignant_word = False
    for w in _WORD.findall(s.replace("-", " ")):
        w = ORGANS.get(w, w)
        if w in HISTOLOGY:
            h = HISTOLOGY[w]
            if histology is None or _under(h, histology):
                histology = h
            malignant_word = True
            if h in HISTOLOGY_SITE:
                out.append("@site:" + HISTOLOGY_SITE[h])
            continue
        if w in CANCER_NOUNS:
            malignant_word = malignant_word or w.startswith(("canc", "carc", "malig"))
            out.append("neoplasm")
            continue
        if w in QUALIFIERS or w in STOP:
            continue
        out.extend(_singular(part) for part in w.split())
    if histology and "neoplasm" not in out:
        out.append("neoplasm")
    if "neoplasm" in out and not NOT_MALIGNANT & set(out):
        out.append("malignant")
    if malignant_word and "benign" in out:
        out.remove("benign")
    sites = [w for w in out if w.startswith("@site:")]
    rest = [w for w in out if not w.startswith("@site:")]
    if sites and len(set(rest) - {"neoplasm", "malignant"}) == 0:
        rest.extend(s.split(":", 1)[1] for s in sites)
    return tuple(sorted(set(rest))), histology


NOT_PLURAL = frozenset(
    ("diabetes", "herpes", "rabies", "scabies", "caries", "measles", "mumps", "rickets", "shingles")
)


def _singular(w: str) -> str:
    """A plain plural's singular ("diseases", "injuries"), so that a MeSH heading's plural
    meets a title's singular (both sides go through it)."""
    if w in NOT_PLURAL:
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is", "@")):
        return w[:-1]
    return w


def _under(narrow: str, broad: str) -> bool:
    h: str | None = narrow
    while h is not None:
        if h == broad:
            return True
        h = HISTOLOGY_PARENT.get(h)
    return False


def histology_relation(patient: str | None, trial: str | None) -> str | None:
    """SAME, NARROWER (the patient's is narrower), BROADER, or None (different histologies)."""
    if patient == trial:
        return "SAME"
    if trial is None:
        return "NARROWER"
    if patient is None:
        return "BROADER"
    if _under(patient, trial):
        return "NARROWER"
    if _under(trial, patient):
        return "BROADER"
    return None
