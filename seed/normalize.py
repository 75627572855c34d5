"""Pure helpers shared by both layouts: dates, ages, enums, markdown escapes, criteria, term lists.

Every function takes text and returns values; none of them guesses: input it does not
recognise gives ``None`` (or an empty result), never a default.
"""

from __future__ import annotations

import datetime
import re

from seed.records import CriterionRecord

# --------------------------------------------------------------------------- text

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^|~=])")


def unescape_markdown(text: str) -> str:
    r"""Undo markdown backslash escapes: ``\>`` -> ``>``, ``10\^9`` -> ``10^9``."""
    return _MD_ESCAPE.sub(r"\1", text) if "\\" in text else text


def clean(text: str | None) -> str | None:
    """Collapse runs of white space; ``None`` for an empty string."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def strip_cell(text: str) -> str:
    """A table cell without its trailing ``|`` separators and surrounding blanks.

    ``200438 | |`` -> ``200438``: every separator at either end goes, not only the last one.
    """
    return text.strip(" \t\r\n|")


# --------------------------------------------------------------------------- places

# Registry country names that contain a comma; an address is split on commas around them.
COMMA_COUNTRIES = (
    "Korea, Republic of",
    "Korea, Democratic People's Republic of",
    "Iran, Islamic Republic of",
    "Congo, The Democratic Republic of the",
    "Macedonia, The Former Yugoslav Republic of",
    "Moldova, Republic of",
    "Tanzania, United Republic of",
    "Taiwan, Province of China",
    "Micronesia, Federated States of",
    "Virgin Islands, U.S.",
    "Virgin Islands, British",
    "Palestinian Territory, occupied",
    "Bolivia, Plurinational State of",
    "Venezuela, Bolivarian Republic of",
)
_COMMA_COUNTRY = re.compile("|".join(re.escape(c) for c in COMMA_COUNTRIES), re.IGNORECASE)


def split_place(text: str) -> list[str]:
    """``Seoul, Korea, Republic of, 03080`` -> [Seoul, Korea, Republic of, 03080]: the parts of
    an address or a ``Country, State`` header, split on commas, country names kept whole."""
    keep = {f"\x00{i}\x00": m.group(0) for i, m in enumerate(_COMMA_COUNTRY.finditer(text))}
    for token, name in keep.items():
        text = text.replace(name, token, 1)
    return [keep.get(p.strip(), p.strip()) for p in text.split(",") if p.strip()]


# --------------------------------------------------------------------------- dates

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def parse_date(text: str | None) -> str | None:
    """An ISO date only as precise as written.

    ``March 2016`` -> ``2016-03``; ``March 21, 2016`` -> ``2016-03-21``; ``2023-02-28`` stays;
    ``2016`` -> ``2016``. Anything else (``Unknown``, ``TBD``, impossible days) -> ``None``.
    """
    if not text:
        return None
    text = " ".join(text.split()).strip(" .|")
    if m := _ISO.match(text):
        year, month, day = m.groups()
        return _iso(int(year), month and int(month), day and int(day))
    if m := _MONTH_DAY_YEAR.match(text):
        month = _MONTHS.get(m.group(1).lower())
        if month is None:
            return None
        return _iso(int(m.group(3)), month, m.group(2) and int(m.group(2)))
    if m := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(m.group(2).lower())
        if month is None:
            return None
        return _iso(int(m.group(3)), month, int(m.group(1)))
    return None


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def first_day(partial: str | None) -> datetime.date | None:
    """The first day of a partial ISO date: ``2016-03`` -> 2016-03-01 (``None`` for none)."""
    if not partial:
        return None
    parts = [int(p) for p in partial.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def last_day(partial: str) -> datetime.date:
    """The last day of a partial ISO date: ``2019`` -> 2019-12-31, ``2019-02`` -> 2019-02-28."""
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    if len(parts) == 2:
        following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date(parts[0], 12, 31)


# --------------------------------------------------------------------------- ages

_AGE = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(years?|months?|weeks?|days?|hours?|minutes?)$", re.IGNORECASE
)
_YEARS_PER_UNIT = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 1 / 52.18,
    "day": 1 / 365.25,
    "hour": 1 / (365.25 * 24),
    "minute": 1 / (365.25 * 24 * 60),
}


def age_years(text: str | None) -> float | None:
    """Years as a number from an age as written: ``18 Years`` -> 18.0, ``6 Months`` -> 0.5."""
    if not text:
        return None
    m = _AGE.match(" ".join(text.split()))
    if not m:
        return None
    unit = m.group(2).lower().rstrip("s")
    return round(float(m.group(1)) * _YEARS_PER_UNIT[unit], 4)


def normalize_age(text: str | None) -> str | None:
    """An age as written, tidied (``18 years`` -> ``18 Years``); ``None`` for N/A and the like."""
    if not text:
        return None
    text = " ".join(text.split())
    m = _AGE.match(text)
    if not m:
        return None
    return f"{m.group(1)} {m.group(2).capitalize()}"


# --------------------------------------------------------------------------- enums


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def enum_value(text: str | None, table: dict[str, str]) -> str | None:
    """Look ``text`` up in ``table`` (keys are lower-case words); v2 spellings map to themselves."""
    if not text:
        return None
    key = _key(text)
    if key in table:
        return table[key]
    upper = re.sub(r"[^A-Z0-9]+", "_", text.strip().upper()).strip("_")
    if upper in table.values():
        return upper
    return None


def _table(**values: str | tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for enum, spellings in values.items():
        if isinstance(spellings, str):
            spellings = (spellings,)
        out[_key(enum)] = enum
        for s in spellings:
            out[_key(s)] = enum
    return out


STATUS = _table(
    NOT_YET_RECRUITING="not yet recruiting",
    RECRUITING="recruiting",
    ENROLLING_BY_INVITATION="enrolling by invitation",
    ACTIVE_NOT_RECRUITING=("active, not recruiting", "active not recruiting"),
    SUSPENDED="suspended",
    TERMINATED="terminated",
    COMPLETED="completed",
    WITHDRAWN="withdrawn",
    UNKNOWN=("unknown", "unknown status"),
    AVAILABLE="available",
    NO_LONGER_AVAILABLE="no longer available",
    TEMPORARILY_NOT_AVAILABLE="temporarily not available",
    APPROVED_FOR_MARKETING="approved for marketing",
    WITHHELD="withheld",
)

PHASE = _table(
    EARLY_PHASE1=("early phase 1", "early phase i", "phase 0", "early_phase1"),
    PHASE1=("phase 1", "phase i"),
    PHASE2=("phase 2", "phase ii"),
    PHASE3=("phase 3", "phase iii"),
    PHASE4=("phase 4", "phase iv"),
    NA=("not applicable", "n/a", "na"),
)

STUDY_TYPE = _table(
    INTERVENTIONAL=("interventional", "interventional clinical trial"),
    OBSERVATIONAL=(
        "observational",
        "observational patient registry",
        "observational [patient registry]",
    ),
    EXPANDED_ACCESS="expanded access",
)

ALLOCATION = _table(
    RANDOMIZED="randomized",
    NON_RANDOMIZED=("non-randomized", "nonrandomized", "non randomized"),
    NA=("n/a", "na", "not applicable"),
)

INTERVENTION_MODEL = _table(
    SINGLE_GROUP="single group assignment",
    PARALLEL="parallel assignment",
    CROSSOVER="crossover assignment",
    FACTORIAL="factorial assignment",
    SEQUENTIAL="sequential assignment",
)

MASKING = _table(
    NONE=("none", "none open label", "open label"),
    SINGLE=("single", "single blind"),  # "... blind": legacy XML spellings (before 2017)
    DOUBLE=("double", "double blind"),
    TRIPLE=("triple", "triple blind"),
    QUADRUPLE=("quadruple", "quadruple blind"),
)

WHO_MASKED = _table(
    PARTICIPANT=("participant", "subject"),
    CARE_PROVIDER=("care provider", "caregiver"),
    INVESTIGATOR="investigator",
    OUTCOMES_ASSESSOR="outcomes assessor",
)

PRIMARY_PURPOSE = _table(
    TREATMENT="treatment",
    PREVENTION="prevention",
    DIAGNOSTIC="diagnostic",
    ECT="educational/counseling/training",
    SUPPORTIVE_CARE="supportive care",
    SCREENING="screening",
    HEALTH_SERVICES_RESEARCH="health services research",
    BASIC_SCIENCE="basic science",
    DEVICE_FEASIBILITY="device feasibility",
    OTHER="other",
)

OBSERVATIONAL_MODEL = _table(
    COHORT="cohort",
    CASE_CONTROL="case-control",
    CASE_ONLY="case-only",
    CASE_CROSSOVER="case-crossover",
    ECOLOGIC_OR_COMMUNITY=("ecologic or community", "ecologic or community studies"),
    FAMILY_BASED="family-based",
    DEFINED_POPULATION="defined population",
    NATURAL_HISTORY="natural history",
    OTHER="other",
)

TIME_PERSPECTIVE = _table(
    RETROSPECTIVE="retrospective",
    PROSPECTIVE="prospective",
    CROSS_SECTIONAL="cross-sectional",
    OTHER="other",
)

ARM_TYPE = _table(
    EXPERIMENTAL="experimental",
    ACTIVE_COMPARATOR="active comparator",
    PLACEBO_COMPARATOR="placebo comparator",
    SHAM_COMPARATOR="sham comparator",
    NO_INTERVENTION="no intervention",
    OTHER="other",
)

INTERVENTION_TYPE = _table(
    BEHAVIORAL="behavioral",
    BIOLOGICAL="biological",
    COMBINATION_PRODUCT="combination product",
    DEVICE="device",
    DIAGNOSTIC_TEST="diagnostic test",
    DIETARY_SUPPLEMENT="dietary supplement",
    DRUG="drug",
    GENETIC="genetic",
    PROCEDURE="procedure",
    RADIATION="radiation",
    OTHER="other",
)

SEX = _table(ALL=("all", "both"), FEMALE="female", MALE="male")

STD_AGE = _table(CHILD="child", ADULT="adult", OLDER_ADULT=("older adult", "senior"))

SPONSOR_CLASS = _table(
    NIH="nih",
    FED=("fed", "u.s. fed"),
    OTHER_GOV="other gov",
    INDIV="indiv",
    INDUSTRY="industry",
    NETWORK="network",
    AMBIG="ambig",
    OTHER="other",
    UNKNOWN="unknown",
)

OFFICIAL_ROLE = _table(
    PRINCIPAL_INVESTIGATOR="principal investigator",
    SUB_INVESTIGATOR="sub-investigator",
    STUDY_DIRECTOR="study director",
    STUDY_CHAIR="study chair",
)

RESPONSIBLE_PARTY_TYPE = _table(
    SPONSOR="sponsor",
    PRINCIPAL_INVESTIGATOR="principal investigator",
    SPONSOR_INVESTIGATOR="sponsor-investigator",
)

SAMPLING_METHOD = _table(PROBABILITY_SAMPLE=(), NON_PROBABILITY_SAMPLE=())

BIOSPEC_RETENTION = _table(NONE_RETAINED=(), SAMPLES_WITH_DNA=(), SAMPLES_WITHOUT_DNA=())

REFERENCE_TYPE = _table(BACKGROUND="background", RESULT="result", DERIVED="derived")

OUTCOME_TYPE = _table(
    PRIMARY="primary", SECONDARY="secondary", OTHER=("other", "other pre-specified")
)

ENUMS: dict[str, dict[str, str]] = {
    "overall_status": STATUS,
    "phase": PHASE,
    "study_type": STUDY_TYPE,
    "allocation": ALLOCATION,
    "intervention_model": INTERVENTION_MODEL,
    "masking": MASKING,
    "who_masked": WHO_MASKED,
    "primary_purpose": PRIMARY_PURPOSE,
    "observational_model": OBSERVATIONAL_MODEL,
    "time_perspective": TIME_PERSPECTIVE,
    "arm_type": ARM_TYPE,
    "intervention_type": INTERVENTION_TYPE,
    "sex": SEX,
    "std_age": STD_AGE,
    "sponsor_class": SPONSOR_CLASS,
    "official_role": OFFICIAL_ROLE,
    "responsible_party_type": RESPONSIBLE_PARTY_TYPE,
    "reference_type": REFERENCE_TYPE,
    "outcome_type": OUTCOME_TYPE,
}


def enum_values(name: str) -> list[str]:
    """Every value of one enum, in a stable order."""
    return list(dict.fromkeys(ENUMS[name].values()))


EXTRA_ENUMS = {
    "date_type": ["ACTUAL", "ESTIMATED"],
    "enrollment_type": ["ACTUAL", "ESTIMATED"],
    "sponsor_role": ["LEAD", "COLLABORATOR"],
    "criterion_kind": ["inclusion", "exclusion"],
    "source_layout": ["classic", "modern"],
}


def all_enums() -> dict[str, list[str]]:
    """Every enum the API serves, by name."""
    return {name: enum_values(name) for name in ENUMS} | EXTRA_ENUMS


_PHASE_IN_TEXT = re.compile(
    r"\b(?:early\s+phase\s*(?:1|i)\b|phase\s*(?:[1-4]|iv|i{1,3})\b|not\s+applicable|n/a\b)",
    re.IGNORECASE,
)


def parse_phases(text: str | None) -> tuple[str, ...]:
    """Phases named in a cell: ``Phase 1 Phase 2`` -> (PHASE1, PHASE2); ``Phase 1/Phase 2`` too."""
    if not text:
        return ()
    found = [enum_value(m.group(0), PHASE) for m in _PHASE_IN_TEXT.finditer(text)]
    if not found:
        # v2 spellings such as "PHASE1, PHASE2" or "EARLY_PHASE1"
        found = [enum_value(tok, PHASE) for tok in re.split(r"[\s,/|]+", text) if tok]
    return tuple(dict.fromkeys(p for p in found if p))


# --------------------------------------------------------------------------- criteria

_BULLET = re.compile(r"^\s*(?:[-*•·]\s*)?(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)](?=\s|$)\s*)?")
_IS_BULLET = re.compile(r"^\s*(?:[-*•·](?:\s|$)|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)](?:\s|$))")
_HEADING = re.compile(r"^[A-Z][^.;!?]{0,60}:$")


def parse_criteria(lines: list[str]) -> tuple[CriterionRecord, ...]:
    """One criterion per bullet, numbering stripped, sub-headings kept as ``section``.

    Input: the lines of one list (inclusion or exclusion) without its own heading::

        - 1. Age from 18 to 75 years.      bullets: "- ", "* ", "1.", "1)", "- 1.", "(a)"
        Hematology:                         a sub-heading: the section of the items below it
        - Platelet count \\> 50,000/mm^3.   markdown escapes are undone
        continued text                      a line that is not a bullet continues the item

    Empty bullets are dropped (their text, when it follows on the next line, is kept).
    """
    items: list[tuple[str, str | None]] = []
    section: str | None = None
    current: list[str] | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            text = clean(" ".join(current))
            if text:
                items.append((text, section))
        current = None

    for raw in lines:
        line = unescape_markdown(raw).strip()
        if not line:
            continue
        if _IS_BULLET.match(line):
            flush()
            current = [_BULLET.sub("", line, count=1)]
            continue
        if _HEADING.match(line):
            flush()
            section = line[:-1].strip()
            continue
        if current is None:
            current = [line]
        else:
            current.append(line)
    flush()
    return tuple(
        CriterionRecord(ordinal=i, text=text, section=sec)
        for i, (text, sec) in enumerate(items, start=1)
    )


# --------------------------------------------------------------------------- run-together terms

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


def split_terms(text: str | None, vocabulary: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Split a run-together list of terms by what the words are.

    ``Breast Cancer Ovarian Cancer Glioma`` -> (Breast Cancer, Ovarian Cancer, Glioma): a term
    ends after a head noun (cancer, tumors, agents, ...) when the next word starts a new
    capitalised term; ``vocabulary`` (names the document itself spells out, such as its
    intervention names) are kept whole wherever they occur. A text with no head noun is one term.
    Explicit separators (``;``, ``|``, new lines) always split.
    """
    if not text:
        return ()
    out: list[str] = []
    for chunk in re.split(r"[;|\n]+", text):
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
