"""Typed facts from eligibility criteria text: pure functions, no database, no Flask.

``extract_facts(eligibility)`` reads every criterion of both lists and returns ``FactRecord``
tuples (see ``seed.records.FactRecord`` for the encoding). Each reader below handles one fact
kind; they run over a lower-cased copy of the criterion whose characters line up one to one
with the original, so every ``span`` is cut verbatim from the criterion text.

The rule everywhere: a sentence that is not understood, or is ambiguous, gives no fact. A
criterion without facts counts as not understood (``understood``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from domain import units
from domain.records import CriterionRecord, EligibilityRecord, FactRecord

# --------------------------------------------------------------------------- text

# One character for one character, so positions in the normalised copy are positions in the
# original text.
_FOLD = str.maketrans(
    {
        "μ": "µ",
        "–": "-",
        "—": "-",
        "−": "-",
        "‐": "-",
        "＞": ">",
        "＜": "<",
        "≧": "≥",
        "⩾": "≥",
        "≦": "≤",
        "⩽": "≤",
        "，": ",",
        "；": ";",
        "：": ":",
        "（": "(",
        "）": ")",
        "～": "~",
        "\u00a0": " ",
        "\u2009": " ",
        "’": "'",
    }
)


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())


def _fold(text: str) -> str:
    low = text.lower()
    if low.isascii():
        return low
    if len(low) != len(text):  # a few characters lower-case to two ("İ"): keep them as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for char, replacement in _FOLD_PAIRS:  # faster than str.translate for a few characters
        if char in low:
            low = low.replace(char, replacement)
    return low


_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
}

# Comparison words, longest first inside each operator; ``(?<![a-z])`` keeps "moreover" out.
_CMP_WORDS = {
    "GTE": r"greater\s+than\s+or\s+equal(?:\s+to)?|more\s+than\s+or\s+equal(?:\s+to)?"
    r"|higher\s+than\s+or\s+equal(?:\s+to)?|equal\s+to\s+or\s+(?:greater|more|higher)\s+than"
    r"|greater\s+or\s+equal(?:\s+to)?|not\s+less\s+than|no\s+less\s+than|not\s+lower\s+than"
    r"|not\s+below|at\s+least|a\s+minimum\s+of|minimum\s+of|≥|>\s*/?\s*=|=\s*>|>\s*or\s*=",
    "LTE": r"less\s+than\s+or\s+equal(?:\s+to)?|less\s+or\s+equal(?:\s+to)?"
    r"|lower\s+than\s+or\s+equal(?:\s+to)?|equal\s+to\s+or\s+(?:less|lower)\s+than"
    r"|not\s+more\s+than|no\s+more\s+than|not\s+greater\s+than|no\s+greater\s+than"
    r"|not\s+higher\s+than|no\s+higher\s+than|not\s+exceeding|not\s+to\s+exceed"
    r"|does\s+not\s+exceed|a\s+maximum\s+of|maximum\s+of|up\s+to|≤|<\s*/?\s*=|=\s*<|<\s*or\s*=",
    "GT": r"greater\s+than|more\s+than|higher\s+than|older\s+than|in\s+excess\s+of"
    r"|exceeding|exceeds"
    r"|over|above|>",
    "LT": r"less\s+than|lower\s+than|fewer\s+than|younger\s+than|below|under|<",
    "EQ": r"=",
}
_OPS = tuple(_CMP_WORDS)
_SYMBOL = {"GTE": ">=", "LTE": "<=", "GT": ">", "LT": "<", "EQ": "="}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?|\.\d+"


def _number(text: str) -> float:
    text = text.replace(" ", "")
    if re.fullmatch(r"\d+,\d{1,2}", text):  # decimal comma: "1,5"
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def _op(match: re.Match[str], prefix: str = "") -> str | None:
    for op in _OPS:
        if match.group(prefix + op) is not None:
            return op
    return None


def _named_cmp(prefix: str) -> str:
    return (
        "(?:(?<![a-z])|(?=[<>≤≥=]))(?:"
        + "|".join(f"(?P<{prefix}{op}>{pattern})" for op, pattern in _CMP_WORDS.items())
        + ")"
    )


_DIGIT = re.compile(r"\d")
_CLAUSE_BREAK = re.compile(r";|\.(?:\s|$)|\n")
_SENTENCE_BREAK = re.compile(r"\.(?:\s|$)|\n")


class _Alternation:
    """Named alternatives as one regex, matched at word starts: ``scan`` gives (start, end, key)."""

    def __init__(self, terms: tuple[tuple[str, str], ...], word: str = "a-z"):
        self.keys = [key for key, _ in terms]
        alternatives = "|".join(f"(?P<t{i}>{p})" for i, (_, p) in enumerate(terms))
        self.regex = re.compile(f"(?<![{word}])(?:{alternatives})(?![{word}])")

    def scan(self, low: str):
        keys = self.keys
        for m in self.regex.finditer(low):
            yield m.start(), m.end(), keys[int(m.lastgroup[1:])]


def _first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with; None when that cannot be told."""
    try:
        import re._constants as sre
        import re._parser as parser
    except ImportError:  # pragma: no cover - the parser is private; do without the index
        return None

    def walk(items) -> tuple[set[str] | None, bool]:  # (first characters, may match empty)
        out: set[str] = set()
        for op, av in items:
            if op is sre.LITERAL:
                return out | {chr(av)}, False
            if op is sre.IN:
                for o, a in av:
                    if o is sre.LITERAL:
                        out.add(chr(a))
                    elif o is sre.RANGE:
                        out.update(chr(c) for c in range(a[0], a[1] + 1))
                    else:
                        return None, False
                return out, False
            if op is sre.BRANCH:
                empty = False
                for branch in av[1]:
                    chars, e = walk(branch)
                    if chars is None:
                        return None, False
                    out |= chars
                    empty |= e
                if not empty:
                    return out, False
            elif op is sre.SUBPATTERN or op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                chars, e = walk(av[3] if op is sre.SUBPATTERN else av[2])
                if chars is None:
                    return None, False
                out |= chars
                if not e and (op is sre.SUBPATTERN or av[0] > 0):
                    return out, False
            elif op not in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
                return None, False
        return out, True

    try:
        chars, empty = walk(list(parser.parse(pattern)))
    except Exception:  # pragma: no cover
        return None
    return frozenset(chars) if chars is not None and not empty else None


class _Terms:
    """Named alternatives found at word starts, tried only where their first letter is.

    One big alternation tries every term at every word; indexing the terms by first letter
    makes the scan several times faster. Earlier terms win at one position, as in ``a|b``.
    """

    def __init__(self, terms: tuple[tuple[str | None, str], ...], word: str = "a-z0-9"):
        self.keys = [key for key, _ in terms]
        firsts = [_first_chars(p) for _, p in terms]
        alphabet = set().union(*(f for f in firsts if f is not None))
        if any(f is None for f in firsts):
            alphabet |= set("abcdefghijklmnopqrstuvwxyz0123456789")
        self.by_char = {}
        for ch in alphabet:
            parts = [
                f"(?P<t{i}>{p})"
                for i, (_, p) in enumerate(terms)
                if firsts[i] is None or ch in firsts[i]
            ]
            self.by_char[ch] = re.compile("(?:" + "|".join(parts) + f")(?![{word}])")
        self.starts = re.compile(f"(?<![{word}])[" + re.escape("".join(sorted(alphabet))) + "]")

    def scan(self, low: str):
        """(start, end, key) of each term, left to right, not overlapping."""
        pos, n = 0, len(low)
        search, by_char, keys = self.starts.search, self.by_char, self.keys
        while pos < n:
            s = search(low, pos)
            if s is None:
                return
            at = s.start()
            m = by_char[low[at]].match(low, at)
            if m is None:
                pos = at + 1
                continue
            yield at, m.end(), keys[int(m.lastgroup[1:])]
            pos = max(m.end(), at + 1)


# --------------------------------------------------------------------------- context


@dataclass(slots=True)
class _Criterion:
    """One criterion being read: its text, the folded copy, and what has been found so far."""

    text: str
    low: str
    list: str
    ordinal: int
    facts: list[FactRecord] = field(default_factory=list)
    consumed: list[tuple[int, int]] = field(default_factory=list)  # read as part of a fact
    admitted: list[tuple[int, int, str]] = field(default_factory=list)  # exception clauses
    alternatives: int = 0

    @property
    def inclusion(self) -> bool:
        return self.list == "inclusion"

    def span(self, start: int, end: int) -> str:
        return self.text[start:end].strip(" ,;:(")

    def is_consumed(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.consumed)

    def in_admitted(self, start: int) -> bool:
        return any(s <= start < e for s, e, _ in self.admitted)

    def next_alternative(self) -> int:
        self.alternatives += 1
        return self.alternatives

    def add(self, kind: str, start: int, end: int, effect: str, operator: str, **kw) -> None:
        self.facts.append(
            FactRecord(
                kind=kind,
                list=self.list,
                ordinal=self.ordinal,
                span=self.span(start, end),
                effect=effect,
                operator=operator,
                **kw,
            )
        )

    def effect(self, negated: bool = False) -> str:
        return "REQUIRE" if self.inclusion and not negated else "EXCLUDE"


_NEGATION = re.compile(
    r"(?<![a-z])(?:no|not|without|absence\s+of|free\s+of|none|nor|neither"
    r"|negative(?=\s+(?:for|hiv|hbv|hcv|hbsag|hepatitis|serolog|test)))(?![a-z])"
)
_NEGATIVE_AFTER = re.compile(r"\s*-?\s*(?:\([^)]{0,30}\)\s*)?(?:negative|seronegative)\b")


def _negated(c: _Criterion, start: int, end: int) -> bool:
    """A mention in a clause that starts with a negation ("No other tumors", "without HIV"),
    or followed by "negative" ("HIV-negative")."""
    if _NEGATIVE_AFTER.match(c.low, end):
        return True
    clause_start = max(c.low.rfind(sep, 0, start) for sep in (";", ". ", ":")) + 1
    m = _NEGATION.search(c.low, clause_start, start + 12)  # room for "negative HIV"
    return m is not None and m.start() < start


def _number_value(word: str) -> float | None:
    if word in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[word])
    try:
        return _number(word)
    except ValueError:
        return None


# --------------------------------------------------------------------------- exceptions

_ADMITS = re.compile(
    r"(?:are|is|will\s+be|may\s+be|can\s+be|be)\s+(?:eligible|allowed|permitted|acceptable|"
    r"enrolled|included)|may\s+(?:be\s+)?(?:enrol|particip|includ)|(?<![a-z])eligible\s+if"
    r"|(?<![a-z])(?:allowed|permitted)(?![a-z])"
)


def _find_admitted(c: _Criterion) -> None:
    """Sentences and parentheses that let some patients in ("... are eligible")."""
    low = c.low
    if not ("eligib" in low or "allow" in low or "permit" in low or "may" in low):
        return
    for m in _ADMITS.finditer(low):
        paren = low.rfind("(", 0, m.start())
        if (
            paren != -1
            and low.find(")", paren) >= m.end()
            or (paren != -1 and low.find(")", paren) == -1)
        ):
            close = low.find(")", m.end())
            start, end = paren + 1, close if close != -1 else len(low)
        else:
            start = max(low.rfind(". ", 0, m.start()) + 2, low.rfind(";", 0, m.start()) + 1, 0)
            stop = _SENTENCE_BREAK.search(low, m.end())
            end = stop.start() if stop else len(low)
        c.admitted.append((start, end, c.text[start:end].strip(" .;,")))


def _exception_after(c: _Criterion, start: int, words: Iterable[str] = ()) -> str | None:
    """The first admitted clause after ``start`` (or one mentioning any of ``words``)."""
    for s, _e, text in c.admitted:
        if s >= start or any(w in c.low[s:_e] for w in words):
            return text
    return None


# --------------------------------------------------------------------------- LAB

_LAB_TERMS: tuple[tuple[str | None, str], ...] = (
    # blockers first: other analytes whose thresholds must not attach to a neighbour
    (None, r"(?:direct|conjugated|indirect|unconjugated)\s+bilirubin"),
    (None, r"ha?emoglobin\s+a1c|glycated\s+ha?emoglobin|glycosylated\s+ha?emoglobin|hba1c"),
    (None, r"e?gfr|glomerular\s+filtration\s+rate|albumin|alkaline\s+phosphatase|alp|ggt"),
    (None, r"lymphocytes?(?:\s+count)?|cd4\+?(?:\s+count)?|potassium|sodium|calcium|magnesium"),
    (None, r"lipase|amylase|troponin|glucose|tsh|ldh|qtc|qt|bmi|body\s+mass\s+index"),
    (None, r"prothrombin\s+time|pt|hcv[\s-]*rna|hiv[\s-]*(?:1\s+)?rna|proteinuria|urine\s+protein"),
    (None, r"systolic|diastolic|blood\s+pressure|uric\s+acid|blood\s+urea\s+nitrogen|bun"),
    ("hbv_dna", r"hbv[\s-]*dna|hepatitis\s+b\s+virus\s+(?:\(hbv\)\s+)?dna|hbv\s+viral\s+load"),
    (
        "creatinine_clearance",
        r"(?:calculated\s+|measured\s+|estimated\s+)?creatinine\s+clearance(?:\s+rate)?"
        r"|crcl|ccr|clearance\s+of\s+creatinine",
    ),
    ("creatinine", r"(?:serum\s+)?creatinine|scr|cr"),
    (
        "anc",
        r"absolute\s+neutrophils?(?:\s+counts?)?(?:\s+\(anc\))?|absolute\s+granulocytes?"
        r"(?:\s+counts?)?|neutrophils?(?:\s+counts?)?|neutrophile?\s+granulocytes?|anc|agc",
    ),
    (
        "wbc",
        r"white\s+blood\s+cells?(?:\s+counts?)?|white\s+cell\s+counts?|wbc|leu[ck]ocytes?"
        r"(?:\s+counts?)?",
    ),
    ("platelets", r"platelets?(?:\s+counts?)?|plt|thrombocytes?(?:\s+counts?)?"),
    ("hemoglobin", r"ha?emoglobin|hgb|hb"),
    (
        "alt",
        r"(?:serum\s+)?alanine\s+(?:amino)?transferase|alanine\s+(?:amino)?transaminase"
        r"|alat|alt|sgpt|(?:serum\s+)?glutamic[\s-]+pyruvic\s+transaminase",
    ),
    (
        "ast",
        r"(?:serum\s+)?aspartate\s+(?:amino)?transferase|aspartate\s+(?:amino)?transaminase"
        r"|asat|ast|sgot|(?:serum\s+)?glutamic[\s-]+oxal(?:o)?acetic\s+transaminase",
    ),
    ("transaminases", r"(?:serum\s+)?(?:transaminases?|aminotransferases?)"),
    ("bilirubin", r"(?:total\s+|serum\s+)?bilirubin|tbil|tbili"),
    (
        "lvef",
        r"left\s+ventricular\s+ejection\s+fraction|lvef|lv\s+ejection\s+fraction"
        r"|ejection\s+fraction",
    ),
    ("inr", r"international\s+normali[sz]ed\s+ratio|inr|pt[\s-]inr"),
    ("aptt", r"(?:activated\s+)?partial\s+thromboplastin\s+time|aptt|ptt"),
)
_LAB_MENTION = _Terms(_LAB_TERMS)
_LAB_GUARD = (
    "neutro",
    "white",
    "leuko",
    "leuco",
    "platelet",
    "thrombocyt",
    "hemoglobin",
    "haemoglobin",
    "alanine",
    "aspartate",
    "transamin",
    "aminotrans",
    "bilirubin",
    "tbil",
    "creatinine",
    "ejection",
    "lvef",
    "normalized",
    "normalised",
    "thromboplastin",
    "hbv",
    "hepatitis b virus",
    "granulocyt",
    "glutamic",
    "sgot",
    "sgpt",
    "crcl",
)
_LAB_SHORT = re.compile(
    r"(?<![a-z])(?:anc|agc|alt|ast|hb|hgb|cr|scr|ccr|inr|plt|wbc|a?ptt)(?![a-z])"
)
_LAB_WHOLE = re.compile(r"\s*\(\s*(?:alt|ast|anc|wbc|plt|hb|hgb|inr|aptt|tbil|sgpt|sgot)\s*\)")

_POWER = (
    r"(?:(?:[x×*·]\s*)10\s*(?:\^|\*\*?|e)?\s*(?P<exp>\d{1,2})|10\s*(?:\^|\*\*?|e)\s*(?P<exp2>\d{1,2})"
    r"|(?:[x×*·]\s*)?10(?P<exp3>[⁰¹²³⁴⁵⁶⁷⁸⁹]+))\s*(?:cells?\s*)?/\s*"
    r"(?P<den>l|µl|ul|mm\s*\^?\s*3|mm³|cmm|liter|litre)(?![a-z])"
)
_LAB_UNIT = (
    r"(?:cells?\s*)?/\s*(?:mm\s*\^?\s*3|mm³|µl|ul|cmm|cu\.?\s*mm)(?![a-z])"
    r"|(?:cells?|counts?)\s*(?:per|/)\s*(?:mm\s*\^?\s*3|mm³|µl|ul)(?![a-z])"
    r"|k\s*/\s*(?:µl|ul)(?![a-z])|g\s*/\s*(?:dl|l)(?![a-z])|mg\s*/\s*(?:dl|l)(?![a-z])"
    r"|(?:µ|u|m)mol\s*/\s*l(?![a-z])|i?u\s*/\s*(?:l|ml)(?![a-z])|copies\s*/\s*ml(?![a-z])"
    r"|ml\s*/\s*min(?:ute)?(?:\s*/\s*1\.73\s*m(?:2|²|\^2))?(?![a-z])|%|percent(?![a-z])"
    r"|seconds?(?![a-z])|secs?(?![a-z])|s(?![a-z])"
)
_ULN_NOUN = (
    r"(?:the\s+)?(?:institutional\s+|normal\s+|local\s+|laboratory\s+|lab\s+)?"
    r"(?:uln|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+(?:range|values?|limits?))?"
    r"|upper\s+normal\s+(?:limits?|values?|range)|normal\s+upper\s+limits?"
    r"|upper\s+limits?\s+of\s+(?:the\s+)?(?:normal\s+)?(?:reference\s+)?range|upper\s+limits?)"
    r"(?:\s*\(\s*uln\s*\))?"
)
_ULN = (
    rf"(?:[x×*]|-?\s*times|-?\s*fold)?\s*(?:of\s+)?{_ULN_NOUN}"
    r"|(?:[x×*]|times|fold)\s*(?:of\s+)?(?:the\s+)?normal(?:\s+(?:values?|range|levels?))?"
    r"(?![a-z])"
)
_THRESHOLD = re.compile(
    rf"(?:{_named_cmp('c')}\s*)?(?:(?<![a-z\d.,])(?P<num>{_NUM})\s*(?:(?P<uln>{_ULN})|(?P<pow>{_POWER})"
    rf"|(?P<unit>{_LAB_UNIT}))?|(?P<uln1>{_ULN_NOUN}))"
)
# Where a threshold can start: a symbol, a digit, or a word that starts a comparison or "ULN".
_THRESHOLD_START = re.compile(
    r"[<>≤≥=]|(?<![a-z\d.,])(?:[\d.]|(?:greater|more|higher|less|lower|fewer|not|no|at|a"
    r"|minimum|maximum|up|over|above|under|below|exceed\w*|in|equal|does|upper|uln|the"
    r"|institutional|normal|local|laboratory|lab)(?![a-z]))"
)


def _thresholds(low: str, start: int, stop: int) -> list[re.Match[str]]:
    """``_THRESHOLD.finditer`` over ``low[start:stop]``, tried only where one can start."""
    out = []
    pos = start
    while (s := _THRESHOLD_START.search(low, pos, stop)) is not None:
        m = _THRESHOLD.match(low, s.start(), stop)
        if m is not None and (m.group("num") or m.group("uln1")):
            out.append(m)
            pos = max(m.end(), s.start() + 1)
        else:
            pos = s.start() + 1
    return out


_POSTFIX = re.compile(
    r"\s*(?:or|and)\s+(?:(?P<GTE>higher|more|greater|above|over)|(?P<LTE>less|lower|below))\b"
)
_CONNECTOR = re.compile(
    r"(?:[\s/(),&+-]|and|or|both|levels?|counts?|values?|serum|total|the|of|respectively)*"
)
_OR_GAP = re.compile(r"[\s,;(]*(?:or|and/or)[\s(]*")
_LIVER = re.compile(
    r"liver\s+metasta|hepatic\s+metasta|metasta\w*\s+(?:to|in|of)\s+(?:the\s+)?liver"
    r"|(?:liver|hepatic)\s+(?:involvement|infiltration)"
)  # tumour in the liver; a primary liver cancer (HCC) is not this flag: its condition is unknown
_GILBERT = re.compile(r"gilbert")
_WITHOUT = re.compile(r"(?<![a-z])(?:without|no|non|absence|not)(?![a-z])")


@dataclass(slots=True)
class _Threshold:
    start: int
    end: int
    op: str | None
    value: float | None  # canonical, or a multiple of ULN
    unit_text: str | None
    uln: bool
    as_written: str
    when: str | None = None
    unknown_condition: bool = False


def _threshold(c: _Criterion, m: re.Match[str], key: str | None) -> _Threshold | None:
    """One matched threshold in ``key``'s canonical unit; None when it cannot be read."""
    op = _op(m, "c")
    if op == "EQ":
        op = None  # "(= 1500/mm3)" restates a threshold; a lab is never required to equal one
    if m.group("uln1") is not None:
        if op is None:
            return None
        return _Threshold(
            m.start(), m.end(), op, 1.0, None, True, c.text[m.start("uln1") : m.end()]
        )
    number = m.group("num")
    if number is None:
        return None
    value = _number(number)
    written = c.text[m.start("num") : m.end()].rstrip()
    if m.group("uln") is not None:
        return _Threshold(m.start(), m.end(), op, value, None, True, written)
    if m.group("pow") is not None:
        exp = m.group("exp") or m.group("exp2") or m.group("exp3")
        den = c.text[m.start("den") : m.end("den")]
        unit_text: str | None = f"10{exp}/{den}" if m.group("exp3") else f"10^{exp}/{den}"
    elif m.group("unit") is not None:
        unit_text = c.text[m.start("unit") : m.end("unit")]
    else:
        unit_text = None
    if key is None:
        return _Threshold(m.start(), m.end(), op, value, unit_text, False, written)
    try:
        canonical = units.to_canonical(key, value, unit_text)
    except units.UnitError:
        return None
    return _Threshold(m.start(), m.end(), op, canonical, unit_text, False, written)


def _condition(text: str) -> tuple[str | None, bool]:
    """(profile flag, negated) named by a condition such as "(patients without liver
    metastasis)"; (None, True) for a condition that is not understood, (None, False) for none."""
    for pattern, flag in ((_LIVER, "liver_metastases"), (_GILBERT, "gilbert_syndrome")):
        if m := pattern.search(text):
            return (f"!{flag}" if _WITHOUT.search(text, 0, m.start()) else flag), False
    if re.search(r"(?<![a-z])(?:patients?|subjects?|if|for|in\s+case|when|unless)(?![a-z])", text):
        return None, True
    return None, False


def _read_labs(c: _Criterion) -> None:
    low = c.low
    if _DIGIT.search(low) is None and "normal" not in low and "uln" not in low:
        return
    if not any(k in low for k in _LAB_GUARD) and not _LAB_SHORT.search(low):
        return
    mentions = list(_LAB_MENTION.scan(low))
    if not mentions:
        return
    groups: list[tuple[int, int, list[str | None]]] = []
    i = 0
    while i < len(mentions):
        start, end, key = mentions[i]
        keys = [key]
        j = i + 1
        while j < len(mentions) and _CONNECTOR.fullmatch(low, end, mentions[j][0]):
            end = mentions[j][1]
            keys.append(mentions[j][2])
            j += 1
        if m := _LAB_WHOLE.match(low, end):
            end = m.end()
        groups.append((start, end, keys))
        i = j
    # facts as field dicts until the end, so that "or" can still mark them as alternatives;
    # the group before this one: (end, index of its first fact, number of facts, its text)
    pending: list[dict] = []
    previous: tuple[int, int, int, str] | None = None
    for g, (start, end, keys) in enumerate(groups):
        limit = groups[g + 1][0] if g + 1 < len(groups) else len(low)
        brk = _CLAUSE_BREAK.search(low, end, limit)
        stop = brk.start() if brk else limit
        mine = _thresholds(low, end, stop)
        first = next(
            (t for t in mine if _op(t, "c") not in (None, "EQ") or _POSTFIX.match(low, t.end())),
            None,
        )
        if first is None or first.start() - end > 80:
            previous = None
            continue
        names = [k for k in dict.fromkeys(keys) if k is not None]
        names = [n for k in names for n in (("alt", "ast") if k == "transaminases" else (k,))]
        names = list(dict.fromkeys(names))
        key0 = names[0] if names else None
        read = _read_group_thresholds(c, mine[mine.index(first) :], key0, stop)
        if read is None:
            previous = None
            continue
        found, exception, last_end = read
        c.consumed.append((start, last_end))
        facts = _lab_facts(c, start, names, found, exception)
        text = c.text[start:last_end].strip()
        if previous is not None and c.inclusion and _OR_GAP.fullmatch(low, previous[0], start):
            _or_groups(c, pending, previous, facts, text)
        previous = (last_end, len(pending), len(facts), text)
        pending.extend(facts)
    c.facts.extend(FactRecord(**fields) for fields in pending)


def _lab_facts(
    c: _Criterion, start: int, names: list[str], found: list[_Threshold], exception: str | None
) -> list[dict]:
    """One fact per analyte and threshold ("AST and ALT ≤ 3 × ULN" gives two)."""
    facts = []
    for name in names:
        for t in found:
            value = t.value
            if name != names[0] and not t.uln:  # "A and B ≥ n unit": each in its own unit
                try:
                    value = units.to_canonical(name, _number_value_of(t), t.unit_text)
                except units.UnitError:
                    continue
            facts.append(
                {
                    "kind": "LAB",
                    "list": c.list,
                    "ordinal": c.ordinal,
                    "span": c.span(start, t.end),
                    "effect": c.effect(),
                    "operator": t.op or "GTE",
                    "name": name,
                    "value": value,
                    "unit": None if t.uln else units.canonical_unit(name),
                    "relative_to": "ULN" if t.uln else None,
                    "as_written": t.as_written,
                    "when": t.when,
                    "exception": exception,
                }
            )
    return facts


def _or_groups(
    c: _Criterion,
    pending: list[dict],
    previous: tuple[int, int, int, str],
    facts: list[dict],
    text: str,
) -> None:
    """Two analyte groups joined by "or" in an inclusion criterion: alternatives, or, when one
    side names an analyte without facts (eGFR), an exception quoting that side."""
    _end, first, count, previous_text = previous
    before = pending[first : first + count]
    if facts and before:
        alt = before[0].get("alternative") or c.next_alternative()
        for fields in before + facts:
            fields["alternative"] = alt
    elif facts:  # "eGFR ≥ 60 or creatinine ≤ 1.5 × ULN"
        for fields in facts:
            fields["exception"] = _join(fields["exception"], previous_text)
    else:  # "creatinine ≤ 1.5 × ULN or eGFR ≥ 60 mL/min"
        for fields in before:
            fields["exception"] = _join(fields["exception"], text)


def _join(a: str | None, b: str | None) -> str | None:
    if not a:
        return b
    if not b or b in a:
        return a
    return f"{a}; {b}"


def _number_value_of(t: _Threshold) -> float:
    return _number(re.match(_NUM, t.as_written.strip()).group(0))


def _read_group_thresholds(
    c: _Criterion, mine: list[re.Match[str]], key: str | None, stop: int
) -> tuple[list[_Threshold], str | None, int] | None:
    """The thresholds of one analyte group, with their conditions; None when unreadable."""
    low = c.low
    first = _threshold(c, mine[0], key)
    if first is None:
        return None
    if first.op is None:
        post = _POSTFIX.match(low, first.end)
        first.op = "GTE" if post and post.group("GTE") else "LTE"
        first.end = post.end()
    found = [first]
    exception: str | None = None
    # conditions: text between thresholds splits at "or" (or "(") into after / before parts
    bounds = [first]
    rest = [t for t in mine[1:] if t.start() >= first.end]
    for m in rest:
        t = _threshold(c, m, key)
        if t is None or (t.uln != first.uln):
            if t is None and (m.group("uln") or m.group("unit") or m.group("pow")):
                break
            continue
        between = low[bounds[-1].end : t.start]
        if len(between) > 80:
            break
        if t.op is None and not re.search(r"(?<![a-z])or(?![a-z])", between):
            # "1.5 × 10^9/L (1500/mm^3)": the same value restated in another unit
            if (
                first.value
                and t.value is not None
                and abs(t.value - first.value) <= 0.02 * abs(first.value)
            ):
                continue
            if "(" not in between:
                break
        t.op = t.op or first.op
        bounds.append(t)
    for k, t in enumerate(bounds):
        before = low[bounds[k - 1].end : t.start] if k else ""
        after_end = bounds[k + 1].start if k + 1 < len(bounds) else _condition_end(low, t.end, stop)
        after = low[t.end : after_end]
        split = re.search(r"(?<![a-z])or(?![a-z])", after)
        if k + 1 < len(bounds):
            after = (
                after[: split.start()] if split else after[: max(after.find("("), 0) or len(after)]
            )
        if k:
            cut = re.search(r"(?<![a-z])or(?![a-z])", before)
            before = before[cut.end() :] if cut else before
        t.when, unknown = _condition(before + " " + after)
        t.unknown_condition = unknown
        if k + 1 == len(bounds):
            t.end = max(t.end, after_end if t.when and after.rstrip().endswith(")") else t.end)
    last_end = max(t.end for t in bounds)
    if len(bounds) > 1:
        conditions = [t.when for t in bounds]
        if any(t.unknown_condition for t in bounds[1:]) or all(w is None for w in conditions[1:]):
            exception = c.text[bounds[1].start : _condition_end(low, bounds[-1].end, stop)].strip(
                " ;,()"
            )
            bounds = bounds[:1]
            bounds[0].when = None if bounds[0].unknown_condition else bounds[0].when
        elif bounds[0].when is None and bounds[1].when and not bounds[1].when.startswith("!"):
            bounds[0].when = "!" + bounds[1].when
        found = bounds
    else:
        if first.unknown_condition:
            exception = c.text[first.end : _condition_end(low, first.end, stop)].strip(" ;,()")
            first.when = None
        found = [first]
    return found, exception or None, last_end


def _condition_end(low: str, start: int, stop: int) -> int:
    """End of the condition after a threshold: the closing parenthesis, or the clause end."""
    depth = 0
    for i in range(start, stop):
        ch = low[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i + 1
            depth -= 1
    return stop


# --------------------------------------------------------------------------- AGE, SEX, WEIGHT

_AU = r"(?:years?|yrs?|months?|y)(?:\s*old)?(?:\s+of\s+age)?"
_AGE_EXPR = (
    rf"(?:{_named_cmp('p')}\s*(?P<pa>\d{{1,3}}(?:\.\d)?)\s*(?P<pau1>{_AU})?\s*(?:,|and|but|to|&)?"
    rf"\s*{_named_cmp('q')}\s*(?P<pb>\d{{1,3}}(?:\.\d)?)\s*(?P<pau2>{_AU})?"
    rf"|(?:between\s+|from\s+)?(?P<ra>\d{{1,3}})\s*(?P<rau1>{_AU})?\s*(?:-|~|to|and|until)\s*"
    rf"(?P<rb>\d{{1,3}})\s*(?P<rau2>{_AU})?"
    rf"|(?P<oa>\d{{1,3}})\s*(?P<oau>{_AU})\s*(?:or|and)\s*(?:(?P<old>older|above|over|more|elder"
    rf"|greater)|(?P<young>younger|below|under|less))"
    rf"|{_named_cmp('s')}\s*(?P<sa>\d{{1,3}}(?:\.\d)?)\s*(?P<sau>{_AU})?)"
)
_AGE = re.compile(
    rf"(?<![a-z])(?:age[ds]?|ages?\s+of)(?![a-z])[^\d.;]{{0,25}}?(?P<expr>{_AGE_EXPR})"
)
_AGE_DEFINES = re.compile(r"defined\s+as|such\s+as|e\.g\.|i\.e\.")
_AGE_OR = re.compile(r"\s*,?\s*or\s+(?!older|above|over|younger|more|less|elder|greater)[a-z]")
_AGE_BARE = re.compile(rf"(?<![a-z\d.])(?P<expr>{_AGE_EXPR})")
_AGE_BARE_OK = re.compile(r"old|of\s+age|years?\s+(?:or|and)\s+\w+$")


def _read_age(c: _Criterion) -> None:
    low = c.low
    if "age" not in low and "old" not in low:
        return
    for m in _AGE.finditer(low):
        if _read_age_match(c, m):
            return
    for m in _AGE_BARE.finditer(low):
        if _AGE_BARE_OK.search(m.group("expr")) and _read_age_match(c, m):
            return


def _age_years(value: str, unit: str | None) -> float | None:
    unit_text = "months" if unit and unit.startswith("month") else "years"
    years = units.to_canonical("age", float(value), unit_text)
    return years if 0 <= years <= 120 else None


def _read_age_match(c: _Criterion, m: re.Match[str], group: str = "expr") -> bool:
    if _AGE_DEFINES.search(c.low, max(0, m.start() - 30), m.start()) or _AGE_OR.match(
        c.low, m.end()
    ):
        return True  # "menopause defined as age ≥ 60 or ...": one way among others, no fact
    effect = c.effect()
    written = c.text[m.start(group) : m.end(group)].strip()
    span = (m.start(), m.end())
    if m.group("pa") is not None:
        op1, op2 = _op(m, "p"), _op(m, "q")
        unit2 = m.group("pau2") or m.group("pau1")
        a = _age_years(m.group("pa"), m.group("pau1") or unit2)
        b = _age_years(m.group("pb"), unit2)
        if a is None or b is None or op1 not in ("GT", "GTE") or op2 not in ("LT", "LTE"):
            return False
        if op1 == "GTE" and op2 == "LTE":
            c.add(
                "AGE", *span, effect, "RANGE", value=a, value_max=b, unit="year", as_written=written
            )
        else:
            c.add("AGE", *span, effect, op1, value=a, unit="year", as_written=written)
            c.add("AGE", *span, effect, op2, value=b, unit="year", as_written=written)
        return True
    if m.group("ra") is not None:
        unit2 = m.group("rau2") or m.group("rau1")
        a = _age_years(m.group("ra"), m.group("rau1") or unit2)
        b = _age_years(m.group("rb"), unit2)
        if a is None or b is None or a >= b:
            return False
        c.add("AGE", *span, effect, "RANGE", value=a, value_max=b, unit="year", as_written=written)
        return True
    if m.group("oa") is not None:
        a = _age_years(m.group("oa"), m.group("oau"))
        if a is None:
            return False
        op = "GTE" if m.group("old") else "LTE"
        c.add("AGE", *span, effect, op, value=a, unit="year", as_written=written)
        return True
    if m.group("sa") is not None:
        op = _op(m, "s")
        a = _age_years(m.group("sa"), m.group("sau"))
        if a is None or op is None or op == "EQ":
            return False
        c.add("AGE", *span, effect, op, value=a, unit="year", as_written=written)
        return True
    return False


_BOTH_SEXES = re.compile(
    r"(?<![a-z])(?:(?:male|female)s?\s*(?:or|and|and/or|&|/)\s*(?:fe)?males?(?![a-z])"
    r"|(?:men|women)\s+(?:or|and|and/or|&)\s+(?:wo)?men(?![a-z])"
    r"|both\s+(?:sexes|genders|men\s+and\s+women|males?\s+and\s+females?)"
    r"|(?:regardless|irrespective)\s+of\s+(?:gender|sex)"
    r"|(?:gender|sex)\s*:?\s*(?:is\s+)?(?:unlimited|not\s+limited|no\s+limit\w*|unrestricted)"
    r"|(?:any|either|all)\s+(?:genders?|sex|sexes)(?![a-z])"
    r"|no\s+(?:gender|sex)\s+(?:restriction|limit)\w*)"
)
_NOT_POPULATION = re.compile(
    r"\s*(?:of\s+(?:child|reproductive|fertile)|who\s+(?:are\s+)?(?:sexually|of|fertile|could|can)"
    r"|with\s+(?:child|reproductive|fertility|a\s+partner)|must|should|partners?|capable|able"
    r"|participants?\s+of|patients?\s+of|subjects?\s+of|who\s+(?:have|are)\s+not)"
)
_ONE_SEX = re.compile(
    r"(?:(?:patients?|subjects?|participants?)\s+(?:must\s+be|should\s+be|are|is)\s+)?"
    r"(?:(?:post|pre|peri)-?\s*menopausal\s+)?(?P<sex>female|females|women|woman|male|males|men)"
    r"(?:\s+(?:patients?|subjects?|participants?|only))?(?![a-z])"
)
_SEX_WORD = re.compile(r"(?<![a-z])(?:sex|gender)\s*:\s*(?P<sex>female|male)(?![a-z])")


def _read_sex(c: _Criterion) -> None:
    if not c.inclusion:
        return
    low = c.low
    if not ("male" in low or "men" in low or "gender" in low or "sex" in low):
        return
    if m := _BOTH_SEXES.search(low):
        if not _NOT_POPULATION.match(low, m.end()):
            c.add("SEX", m.start(), m.end(), "REQUIRE", "IN", values=("MALE", "FEMALE"))
        return
    if m := _SEX_WORD.search(low):
        sex = "FEMALE" if m.group("sex") == "female" else "MALE"
        c.add("SEX", m.start(), m.end(), "REQUIRE", "IN", values=(sex,))
        return
    for start in _clause_starts(low):
        m = _ONE_SEX.match(low, start)
        if m is None or _NOT_POPULATION.match(low, m.end()):
            continue
        sex = "FEMALE" if m.group("sex").startswith(("f", "w")) else "MALE"
        c.add("SEX", m.start(), m.end(), "REQUIRE", "IN", values=(sex,))
        return


def _clause_starts(low: str) -> list[int]:
    starts = [len(low) - len(low.lstrip(" -*•"))]
    starts += [m.end() for m in re.finditer(r"[,;]\s*", low)]
    return starts


_WEIGHT = re.compile(
    rf"(?<![a-z])(?<!molecular\s)(?:body\s+)?(?:weight|weighing|weighs)(?![a-z])"
    rf"(?!\s+(?:loss|gain|change|reduction|bearing|-bearing|based))[^\d;.]{{0,20}}?"
    rf"{_named_cmp('c')}\s*(?P<num>{_NUM})\s*(?P<unit>kg|kilograms?|lbs?|pounds?|g)(?![a-z])"
)


def _read_weight(c: _Criterion) -> None:
    if "weigh" not in c.low:
        return
    for m in _WEIGHT.finditer(c.low):
        op = _op(m, "c")
        if op is None or op == "EQ":
            continue
        unit = c.text[m.start("unit") : m.end("unit")]
        try:
            value = units.to_canonical("weight", _number(m.group("num")), unit)
        except units.UnitError:
            continue
        written = c.text[m.start("num") : m.end()]
        c.add(
            "WEIGHT", m.start(), m.end(), c.effect(), op, value=value, unit="kg", as_written=written
        )
        return


# --------------------------------------------------------------------------- ECOG, KPS, survival

_ECOG = re.compile(
    r"(?<![a-z])(?:ecog|eastern\s+cooperative\s+oncology\s+group|zubrod|who\s+performance"
    r"|who\s+ps|performance\s+status)(?![a-z])[^\d;]{0,60}?"
    rf"(?:{_named_cmp('c')}\s*(?P<cv>[0-5])(?![\d.%])"
    r"|(?P<ra>[0-5])\s*(?:-|to|~)\s*(?P<rb>[0-5])(?![\d.%])"
    r"|(?P<list>[0-5](?:\s*,\s*[0-5])*\s*,?\s*(?:or|and|/)\s*[0-5])(?![\d.%])"
    r"|(?P<pv>[0-5])\s*(?:or|and)\s*(?P<pdir>less|lower|below|better|under|more|higher|above|worse)"
    r"|(?P<one>[0-5])(?![\d.%-]))"
)
_KPS = re.compile(
    r"(?<![a-z])(?:karnofsky|kps)(?![a-z])[^\d;]{0,50}?"
    rf"(?:{_named_cmp('c')}\s*(?P<cv>\d{{2,3}})\s*%?"
    r"|(?P<ra>\d{2,3})\s*%?\s*(?:-|to|~)\s*(?P<rb>\d{2,3})\s*%?"
    r"|(?P<pv>\d{2,3})\s*%?\s*(?:or|and)\s*(?P<pdir>higher|more|greater|above|over|better))"
)


def _read_performance(c: _Criterion) -> None:
    low = c.low
    effect = c.effect()
    has_kps = "karnofsky" in low or "kps" in low
    if has_kps:
        for m in _KPS.finditer(low):
            written = c.text[m.start() : m.end()]
            if m.group("cv") is not None:
                op, value = _op(m, "c"), float(m.group("cv"))
                if op is None or op == "EQ" or value > 100:
                    continue
                c.add(
                    "KARNOFSKY",
                    m.start(),
                    m.end(),
                    effect,
                    op,
                    value=value,
                    as_written=_from_digit(written),
                )
            elif m.group("ra") is not None:
                a, b = float(m.group("ra")), float(m.group("rb"))
                if not a < b <= 100:
                    continue
                c.add(
                    "KARNOFSKY",
                    m.start(),
                    m.end(),
                    effect,
                    "RANGE",
                    value=a,
                    value_max=b,
                    as_written=_from_digit(written),
                )
            else:
                c.add(
                    "KARNOFSKY",
                    m.start(),
                    m.end(),
                    effect,
                    "GTE",
                    value=float(m.group("pv")),
                    as_written=_from_digit(written),
                )
            break
    if not ("ecog" in low or "eastern" in low or "performance" in low or "zubrod" in low):
        return
    for m in _ECOG.finditer(low):
        if has_kps and (
            "karnofsky" in low[m.start() : m.end()] or "kps" in low[m.start() : m.end()]
        ):
            continue
        if (
            "performance status" in low[m.start() : m.start() + 20]
            and has_kps
            and "ecog" not in low
        ):
            continue
        written = _from_digit(c.text[m.start() : m.end()])
        if m.group("cv") is not None:
            op = _op(m, "c")
            if op is None or op == "EQ":
                continue
            c.add(
                "ECOG",
                m.start(),
                m.end(),
                effect,
                op,
                value=float(m.group("cv")),
                as_written=written,
            )
        elif m.group("ra") is not None:
            a, b = int(m.group("ra")), int(m.group("rb"))
            if a >= b:
                continue
            values = tuple(str(v) for v in range(a, b + 1))
            c.add("ECOG", m.start(), m.end(), effect, "IN", values=values, as_written=written)
        elif m.group("list") is not None:
            values = tuple(dict.fromkeys(re.findall(r"[0-5]", m.group("list"))))
            c.add("ECOG", m.start(), m.end(), effect, "IN", values=values, as_written=written)
        elif m.group("pv") is not None:
            worse = m.group("pdir") in ("more", "higher", "above", "worse")
            op = "GTE" if worse else "LTE"
            c.add(
                "ECOG",
                m.start(),
                m.end(),
                effect,
                op,
                value=float(m.group("pv")),
                as_written=written,
            )
        else:
            c.add(
                "ECOG",
                m.start(),
                m.end(),
                effect,
                "IN",
                values=(m.group("one"),),
                as_written=written,
            )
        break
    kinds = {f.kind: f for f in c.facts}
    if "ECOG" in kinds and "KARNOFSKY" in kinds and c.inclusion and re.search(r"\bor\b", low):
        alt = c.next_alternative()
        c.facts[:] = [
            dataclasses.replace(f, alternative=alt) if f.kind in ("ECOG", "KARNOFSKY") else f
            for f in c.facts
        ]


def _from_digit(text: str) -> str:
    """The threshold part of a match: from its comparison or first digit on."""
    m = re.search(r"[<>≤≥=]|\d|(?:at\s+least|greater|more|less|no\s+more|not\s+more)", text, re.I)
    return text[m.start() :].strip() if m else text.strip()


_TU = r"(?P<tu>years?|yrs?|months?|mos?|weeks?|wks?|days?)(?![a-z])"
_LIFE = re.compile(
    r"(?<![a-z])(?:life\s+expectancy|(?:expected|estimated|anticipated|predicted)\s+"
    r"(?:overall\s+)?(?:survival|life\s+expectancy|life\s+span)|survival\s+expectancy"
    r"|expected\s+to\s+(?:live|survive))(?![a-z])[^\d;.]{0,30}?"
    rf"(?:{_named_cmp('c')}\s*(?P<num>{_NUM})\s*{_TU}"
    rf"|(?P<pnum>{_NUM})\s*(?P<ptu>years?|months?|weeks?|days?)\s*(?:or|and)\s*"
    r"(?:more|longer|greater|above|over))"
)


def _read_life_expectancy(c: _Criterion) -> None:
    low = c.low
    if "surviv" not in low and "expectancy" not in low and "expected to live" not in low:
        return
    for m in _LIFE.finditer(low):
        if m.group("num") is not None:
            op, number, unit = _op(m, "c"), m.group("num"), m.group("tu")
            written = c.text[m.start("num") : m.end()]
        else:
            op, number, unit = "GTE", m.group("pnum"), m.group("ptu")
            written = c.text[m.start("pnum") : m.end("ptu")]
        if op is None or op == "EQ":
            continue
        unit = {
            "yr": "year",
            "yrs": "year",
            "mo": "month",
            "mos": "month",
            "wk": "week",
            "wks": "week",
        }.get(unit, unit)
        value = units.to_canonical("life_expectancy", _number(number), unit)
        c.add(
            "LIFE_EXPECTANCY",
            m.start(),
            m.end(),
            c.effect(),
            op,
            value=value,
            unit="month",
            as_written=written,
        )
        return


# --------------------------------------------------------------------------- HER2, lesions

_HER2 = re.compile(r"(?<![a-z])(?:her[\s-]?2(?:/neu)?|erbb2|c-erbb-?2)(?![a-z0-9])")
_HER2_IHC3 = re.compile(r"(?:immunohisto\w*\s*)?\(?ihc\)?\s*:?\s*3\s*\+|immunohisto\w*\s*3\s*\+")
_HER2_IHC2_ISH = re.compile(
    r"(?:(?:immunohisto\w*\s*)?\(?ihc\)?|immunohisto\w*)\s*:?\s*2\s*\+\s*(?:with|and|plus|/|,)?"
    r"[^.;]{0,40}?(?:\(?(?:f|c|s|d)?ish\)?|in\s+situ\s+hybridi[sz]ation)\s*(?:\(?(?:f|c|s|d)?ish\)?)?"
    r"\s*(?:\+|positive|amplified|amplification|-positive)"
)
_HER2_IHC_GE2 = re.compile(
    rf"(?:ihc|immunohisto\w*)[^.;]{{0,60}}?(?:{_named_cmp('c')})\s*(?:level\s+)?2\s*(?:\+|levels?)"
    r"|(?:ihc|immunohisto\w*)\s*:?\s*2\s*\+\s*(?:or|/|and)\s*3\s*\+"
)
_HER2_EXPR = re.compile(
    rf"expression[^.;]{{0,30}}?{_named_cmp('c')}\s*(?P<num>\d{{1,3}}(?:\.\d+)?)\s*%"
)
_HER2_MEMBRANE = re.compile(
    r"positive\s+her[\s-]?2\s+(?:cell\s+)?membrane|her[\s-]?2[^.;]{0,25}membrane[^.;]{0,25}positiv"
)
_HER2_ISH = re.compile(
    r"(?<![a-z])(?:(?:f|c|s|d)?ish|in\s+situ\s+hybridi[sz]ation)\)?\s*(?:\+|positive|amplified"
    r"|amplification)"
)
_HER2_POSITIVE = re.compile(
    r"(?<![a-z])(?:her[\s-]?2(?:/neu)?|erbb2)[\s-]*(?:\(\s*\+\s*\)|\+|positive|positivity"
    r"|over-?expressi\w+|amplified|amplification)|(?:positive|overexpressed|amplified)\s+her[\s-]?2"
    r"(?![a-z0-9])"
)
_HER2_NEGATIVE = re.compile(r"(?<![a-z])her[\s-]?2(?:/neu)?[\s-]*(?:negative|\(\s*-\s*\)|-(?!\w))")


def _read_her2(c: _Criterion) -> None:
    low = c.low
    if "her" not in low and "erbb" not in low:
        return
    mention = _HER2.search(low)
    if mention is None:
        return
    values: list[str] = []
    spans: list[tuple[int, int]] = []
    for pattern, value in (
        (_HER2_IHC3, "ihc:3+"),
        (_HER2_IHC2_ISH, "ihc:2+&ish:POSITIVE"),
        (_HER2_IHC_GE2, "ihc>=2+"),
        (_HER2_MEMBRANE, "membrane:POSITIVE"),
    ):
        if m := pattern.search(low):
            values.append(value)
            spans.append((m.start(), m.end()))
    ish = _HER2_ISH.search(low)
    if ish and not any(s <= ish.start() < e for s, e in spans):
        values.append("ish:POSITIVE")  # "IHC 3+ or ISH amplified": ISH alone suffices
        spans.append((ish.start(), ish.end()))
    if m := _HER2_EXPR.search(low, mention.start()):
        op = _op(m, "c")
        if op in ("GTE", "GT"):
            values.append(f"expression{_SYMBOL[op]}{_format(float(m.group('num')))}")
            spans.append((m.start(), m.end()))
    if "ihc>=2+" in values and "ihc:3+" in values:
        values.remove("ihc:3+")  # "IHC 2+ or 3+" is one definition
    if values:
        start = min(mention.start(), *(s for s, _ in spans))
        if start < mention.start() or low.find(";", mention.start(), spans[0][0]) != -1:
            start = min(s for s, _ in spans)
        # the sentence that defines HER2-positive, when it names HER2 itself
        define = low.rfind("her", 0, min(s for s, _ in spans))
        if define != -1 and low.find(";", define, min(s for s, _ in spans)) == -1:
            start = min(start, _HER2.search(low, max(define - 4, 0)).start())
        end = max(e for _, e in spans)
        c.add(
            "HER2",
            start,
            end,
            c.effect(_negated(c, start, start)),
            "IN",
            name="her2",
            values=tuple(values),
        )
        return
    if m := _HER2_POSITIVE.search(low):
        c.add(
            "HER2",
            m.start(),
            m.end(),
            c.effect(_negated(c, m.start(), m.end())),
            "IN",
            name="her2",
            values=("status:POSITIVE",),
        )
        return
    if (m := _HER2_NEGATIVE.search(low)) and not _negated(c, m.start(), m.start()):
        # a HER2-negative requirement rules HER2-positive patients out, and vice versa
        effect = "EXCLUDE" if c.inclusion else "REQUIRE"
        c.add("HER2", m.start(), m.end(), effect, "IN", name="her2", values=("status:POSITIVE",))


def _format(value: float) -> str:
    return f"{value:g}"


_MEASURABLE = re.compile(
    r"(?<![a-z-])(?<!non-)(?<!non\s)(?<!not\s)(?:measurable|assessable|evaluable)"
    r"(?:\s+(?:and|or|and/or)\s+(?:measurable|assessable|evaluable))?\s+(?:target\s+)?"
    r"(?:tumou?r\s+)?(?:lesions?|disease|tumou?rs?)(?![a-z])"
    r"|(?<![a-z])lesions?\s+(?:that\s+(?:is|are|can\s+be)\s+)?measurable(?![a-z])"
)


def _read_measurable(c: _Criterion) -> None:
    low = c.low
    if not c.inclusion or not ("measurable" in low or "assessable" in low or "evaluable" in low):
        return
    m = _MEASURABLE.search(low)
    if m is None or _negated(c, m.start(), m.end()):
        return
    c.add("MEASURABLE_DISEASE", m.start(), m.end(), "REQUIRE", "PRESENT")


# --------------------------------------------------------------------------- metastases

_SITES = (
    ("liver", r"liver|hepatic"),
    ("peritoneal", r"peritoneal|peritoneum"),
    (
        "brain",
        r"brain|cerebral|intracranial|leptomeningeal|meningeal|cns"
        r"|central\s+nervous\s+system(?:\s*\(cns\))?",
    ),
)
_METASTASIS = re.compile(
    "|".join(
        rf"(?P<{site}>(?<![a-z])(?:{terms})\s+(?:and/or\s+\w+\s+)?metasta\w*"
        rf"|metasta\w*\s+(?:to|in|of|involving)\s+(?:the\s+)?(?:{terms})(?![a-z]))"
        for site, terms in _SITES
    )
    + r"|(?P<brain2>carcinomatous\s+meningitis|leptomeningeal\s+(?:disease|carcinomatosis))"
    + r"|(?P<peritoneal2>peritoneal\s+carcinomatosis)"
)
_QUALIFIERS = re.compile(
    r"((?:(?:untreated|symptomatic|active|progressive|progressing|unstable|uncontrolled|severe"
    r"|clinically\s+significant)\s*(?:,|or|and|and/or)?\s*)+)$"
)


def _qualifier(c: _Criterion, start: int) -> str | None:
    """Adjectives before a mention that admit the other patients ("untreated or symptomatic")."""
    before = c.low[max(0, start - 60) : start]
    m = _QUALIFIERS.search(before)
    if m is None:
        return None
    if re.search(r"(?<![a-z])(?:known|history|any|suspected)(?![a-z])", before[m.start() :]):
        return None
    begin = start - len(before) + m.start()
    return c.text[begin:start].strip(" ,")


def _read_metastases(c: _Criterion) -> None:
    low = c.low
    if "metasta" not in low and "mening" not in low and "carcinomatosis" not in low:
        return
    has_lab = any(f.kind == "LAB" for f in c.facts)
    seen: dict[str, int] = {}
    for m in _METASTASIS.finditer(low):
        site = m.lastgroup.rstrip("2")
        if c.is_consumed(m.start(), m.end()) or c.in_admitted(m.start()):
            continue
        if has_lab and re.search(
            r"(?:with|without|if|for|in)\s+(?:\w+\s+){0,2}$", low[: m.start()]
        ):
            continue  # a condition of a lab threshold ("patients with liver metastasis")
        negated = _negated(c, m.start(), m.end())
        if not c.inclusion and negated:
            continue
        exception = None
        if not c.inclusion or negated:
            exception = _join(
                _qualifier(c, m.start()), _exception_after(c, m.start(), ("metasta",))
            )
        if site in seen:
            k = seen[site]
            c.facts[k] = dataclasses.replace(
                c.facts[k], exception=_join(c.facts[k].exception, exception)
            )
            continue
        start = m.start()
        q = _qualifier(c, m.start()) if exception else None
        if q and c.text[: m.start()].rstrip().endswith(q):
            start = c.text.rfind(q, 0, m.start())
        seen[site] = len(c.facts)
        c.add(
            "METASTASIS",
            start,
            m.end(),
            c.effect(negated),
            "PRESENT",
            name=site,
            exception=exception,
        )


# --------------------------------------------------------------------------- prior lines

_ORD = r"first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|one|two|three|four|\d"
_LINES = re.compile(
    rf"(?:failed|failure|progress\w*|refractory|relapsed|after|following|intoleran\w*"
    rf"|resistant)[^.;]{{0,40}}?(?<![a-z])(?:at\s+least\s+)?(?P<ord>{_ORD})[\s-]+line"
    r"(?:\s+or\s+(?:higher|more|later|above|beyond|subsequent)|\s+and\s+(?:above|beyond|later))?"
    r"(?:\s+(?:systemic\s+|standard\s+)?(?:anti-?cancer\s+|antitumou?r\s+)?(?:therapy|therapies"
    r"|treatments?|chemotherapy|regimens?))?"
    rf"|(?<![a-z])at\s+least\s+(?P<ra>{_ORD})\s+(?:but|and)\s+(?:no|not)\s+more\s+than\s+"
    rf"(?P<rb>{_ORD})\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy))?"
    rf"|(?<![a-z])at\s+least\s+(?P<n>{_ORD})\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:prior\s+)?(?:systemic\s+|standard\s+)?(?:anti-?cancer\s+|antitumou?r\s+)?"
    r"(?:therapy|therapies|treatments?|chemotherapy))?"
    rf"|(?<![a-z])(?P<m>{_ORD})\s+or\s+more\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy))?"
    rf"|(?<![a-z]){_named_cmp('c')}\s*(?P<cn>{_ORD})\s+(?:prior\s+|previous\s+)?(?:lines?|regimens?)"
    r"(?:\s+of\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy))?"
)


def _read_prior_lines(c: _Criterion) -> None:
    low = c.low
    if "line" not in low and "regimen" not in low:
        return
    for m in _LINES.finditer(low):
        if m.group("ra") is not None:
            low_n, high_n = _number_value(m.group("ra")), _number_value(m.group("rb"))
            if low_n is None or high_n is None or not low_n < high_n <= 10:
                continue
            c.add(
                "PRIOR_THERAPY_LINES",
                m.start(),
                m.end(),
                c.effect(),
                "RANGE",
                value=low_n,
                value_max=high_n,
                as_written=c.text[m.start() : m.end()].strip(),
            )
            return
        if m.group("ord") is not None:
            op, word = "GTE", m.group("ord")
        elif m.group("n") is not None:
            op, word = "GTE", m.group("n")
        elif m.group("m") is not None:
            op, word = "GTE", m.group("m")
        else:
            op, word = _op(m, "c"), m.group("cn")
        value = _number_value(word)
        if value is None or op is None or op == "EQ" or value > 10:
            continue
        start = m.start()
        if m.group("ord") is not None:  # the failure verb starts the span
            start = m.start()
        exception = None
        if alt := re.match(r"\s*,?\s*or\s+(?!more|higher|later)[^.;]+", low[m.end() :]):
            exception = c.text[m.end() : m.end() + alt.end()].strip(" ,")
        c.add(
            "PRIOR_THERAPY_LINES",
            start,
            m.end(),
            c.effect(),
            op,
            value=value,
            as_written=c.text[start : m.end()].strip(),
            exception=exception,
        )
        return


# --------------------------------------------------------------------------- history

_HISTORY: tuple[tuple[str, str], ...] = (
    (
        "hiv",
        r"hiv(?:-?[12])?|human\s+immunodeficiency\s+virus|aids"
        r"|acquired\s+immun\w*\s*deficiency\s+syndrome",
    ),
    ("hepatitis_c", r"hepatitis\s+(?:b\s*(?:,|or|and|and/or|/)\s*)?c(?:\s+virus)?|hcv"),
    (
        "hepatitis_b",
        r"hepatitis\s+b(?:\s+virus)?(?:\s*\(hbv\))?(?!\s+(?:virus\s+)?(?:\(hbv\)\s+)?dna)"
        r"|hbv(?![\s-]*dna)|hbsag|hepatitis\s+b\s+surface\s+antigen",
    ),
    (
        "active_infection",
        r"(?:active|uncontrolled|ongoing|serious)\s+(?:(?:or\s+)?(?:active|systemic|bacterial"
        r"|viral|fungal|serious|clinically\s+significant)\s+)*infections?"
        r"|infections?\s+(?:requiring|that\s+requires?|which\s+requires?)\s+(?:\w+\s+)?"
        r"(?:antibiotics?|antivirals?|antifungals?|intravenous|iv|systemic)"
        r"|(?:uncontrolled|active)\s+infectious\s+diseases?",
    ),
    ("autoimmune_disease", r"auto-?immune"),
    (
        "pregnant",
        r"pregnant|pregnancy(?=\s*(?:,|or|and|/)\s*(?:breast|lactat|nursing))"
        r"|(?<=during\s)pregnancy|(?<=in\s)pregnancy",
    ),
    (
        "breastfeeding",
        r"breast[\s-]?feed\w*|lactat\w*|nursing(?=\s+(?:women|mothers|females|patients))"
        r"|(?<=or\s)nursing|(?<=are\s)nursing",
    ),
    (
        "organ_transplant",
        r"(?:solid[\s-]+)?organ\s+(?:allo)?transplant\w*|(?:kidney|renal|liver|hepatic|heart"
        r"|cardiac|lung|pancreas|allogeneic\s+organ)\s+transplant\w*"
        r"|transplantation\s+of\s+(?:an?\s+)?(?:solid\s+)?organs?",
    ),
    ("gvhd", r"gvhd|graft[\s-]+(?:versus|vs\.?)[\s-]+host"),
    (
        "other_malignancy",
        r"(?:other|another|second|additional|concurrent|concomitant)\s+(?:active\s+|primary\s+"
        r"|prior\s+|previous\s+|invasive\s+|types\s+of\s+)*(?:malignant\s+(?:tumou?rs?"
        r"|neoplasms?|diseases?)|malignan\w+|cancers?|tumou?rs?"
        r"|neoplasms?|carcinomas?)(?![a-z])"
        r"|(?:previous|prior|history\s+of)\s+(?:or\s+(?:concurrent|current|concomitant)\s+)?"
        r"(?:other\s+)?(?:malignan\w+|cancers?)(?![a-z])",
    ),
    (
        "vaccination",
        r"live\s+(?:or\s+(?:live[\s-]+)?attenuated\s+|attenuated\s+|viral\s+)?vaccin\w*"
        r"|attenuated\s+vaccin\w*|vaccinat\w+|vaccines?",
    ),
    (
        "other_trial",
        r"(?:participat\w*|enrol\w*|involved|taking\s+part)\s+(?:in\s+)?(?:any\s+)?(?:an?other"
        r"|other|concurrent|another)\s+(?:\w+\s+){0,2}?(?:trials?|stud(?:y|ies))(?![a-z])",
    ),
)
_HISTORY_MENTION = _Alternation(_HISTORY)
_HISTORY_GUARD = (
    "hiv",
    "immunodef",
    "aids",
    "hepatitis",
    "hbv",
    "hbsag",
    "hcv",
    "infect",
    "autoimmun",
    "auto-immun",
    "pregnan",
    "breast",
    "lactat",
    "nursing",
    "transplant",
    "gvhd",
    "graft",
    "vaccin",
    "particip",
    "enrol",
    "involved",
    "taking part",
)
_OTHER_WORDS = (
    "other",
    "another",
    "second",
    "additional",
    "concurrent",
    "concomitant",
    "previous",
    "prior",
    "history",
)
_CANCER_WORDS = ("malignan", "cancer", "tumor", "tumour", "neoplasm", "carcinoma")
_WINDOW = re.compile(
    r"(?:within|in|during|over|for)\s+(?:the\s+)?(?:(?:past|last|previous|prior|preceding)\s+)?"
    rf"(?P<num>{_NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*"
    r"(?P<unit>years?|months?|weeks?|days?)(?![a-z])"
    r"|(?:within|in|during)\s+the\s+(?:past|last|previous|preceding)\s+(?P<one>year|month|week)"
)
_WINDOWED = frozenset({"other_malignancy", "vaccination", "other_trial"})
_QUALIFIED = frozenset({"autoimmune_disease", "other_malignancy"})
_EXCEPT = re.compile(
    r"(?<![a-z])(?:except|excluding|other\s+than|with\s+the\s+exception\s+of|apart\s+from"
    r"|unless)(?![a-z])[^.;]*"
    r"|(?<![a-z])such\s+as\s+[^.;]*(?:cured|curatively|adequately\s+treated|in\s+situ)[^.;]*"
)
_REQUIRING = re.compile(r"\s*(?:that\s+|which\s+)?(?:requiring|requires?|required)\s+[^.;,]*")


def _read_history(c: _Criterion) -> None:
    low = c.low
    if not any(k in low for k in _HISTORY_GUARD) and not (
        any(k in low for k in _OTHER_WORDS) and any(k in low for k in _CANCER_WORDS)
    ):
        return
    found: dict[str, int] = {}
    for start, end, name in _HISTORY_MENTION.scan(low):
        mention = low[start:end]
        if c.is_consumed(start, end) or c.in_admitted(start):
            continue
        if name == "pregnant" and re.search(
            r"(?:become|becoming|get|getting)\s+$", low[max(0, start - 12) : start]
        ):
            continue
        negated = _negated(c, start, end)
        if not c.inclusion and _NEGATIVE_AFTER.match(low, end):
            continue
        live = "live" in mention or "attenuated" in mention
        if (
            name == "vaccination"
            and not live
            and (c.inclusion or not _WINDOW.search(low, end, end + 60))
        ):
            continue  # any vaccine: only a recent one in an exclusion says something
        if name in found:
            continue
        window = None
        if name in _WINDOWED:
            stop = _SENTENCE_BREAK.search(low, end)
            limit = min(stop.start() if stop else len(low), end + 80)
            for s, _e, _t in c.admitted:
                if s > end:
                    limit = min(limit, s)
            ex = _EXCEPT.search(low, end, limit)
            window = _WINDOW.search(low, end, ex.start() if ex else limit)
        exception = None
        if not c.inclusion or negated:
            if name in _QUALIFIED:
                exception = _qualifier(c, start)
                if name == "autoimmune_disease" and (
                    r := _REQUIRING.match(low, _word_end(low, end))
                ):
                    exception = _join(exception, c.text[r.start() : r.end()].strip())
            if name == "other_malignancy" and (ex := _EXCEPT.search(low, end)):
                exception = _join(exception, c.text[ex.start() : ex.end()].strip(" ,"))
            exception = _join(
                exception, _exception_after(c, end) if name != "other_malignancy" else None
            )
        found[name] = len(c.facts)
        effect = c.effect(negated)
        if window is not None:
            if window.group("one") is not None:
                number, unit = 1.0, window.group("one")
                written = c.text[window.start("one") : window.end()]
            else:
                number = _number_value(window.group("num"))
                unit = window.group("unit")
                written = c.text[window.start("num") : window.end()]
            days = float(round(units.to_canonical("duration", number, unit)))
            c.add(
                "HISTORY",
                start,
                window.end(),
                effect,
                "WITHIN",
                name=name,
                value=days,
                unit="day",
                as_written=written,
                exception=exception,
            )
        else:
            c.add("HISTORY", start, end, effect, "PRESENT", name=name, exception=exception)
        if (
            name == "hepatitis_c"
            and "hepatitis_b" not in found
            and re.match(r"hepatitis\s+b", mention)
        ):
            found["hepatitis_b"] = len(c.facts)
            c.add("HISTORY", start, start + 11, effect, "PRESENT", name="hepatitis_b")


def _word_end(low: str, end: int) -> int:
    m = re.match(r"\s*(?:diseases?|disorders?|conditions?|illness\w*)", low[end:])
    return end + (m.end() if m else 0)


# --------------------------------------------------------------------------- steroids

_STEROID = r"(?:systemic\s+)?(?:cortico)?steroids?|prednison\w*|prednisolone|dexamethasone"
_STEROID_DOSE = re.compile(
    rf"(?<![a-z])(?:{_STEROID})(?![a-z])[^.;]{{0,30}}?{_named_cmp('c')}\s*(?P<num>{_NUM})\s*"
    r"(?P<unit>mg(?:\s+(?:of\s+)?(?:prednisone|prednisolone)(?:\s+or\s+(?:an\s+)?equivalent"
    r"|\s+equivalents?)?)?\s*(?:/\s*(?:day|d)|daily|per\s+day|a\s+day)(?![a-z]))"
)
_STEROID_ANY_DOSE = re.compile(
    rf"(?<![a-z])(?:{_STEROID})(?![a-z])[^.;]{{0,40}}?\d+(?:\.\d+)?\s*mg"
)
_STEROID_PRESENT = re.compile(
    r"(?<![a-z])(?:systemic\s+(?:cortico)?steroids?|(?:cortico)?steroid\s+inhalers?"
    r"|inhaled\s+(?:cortico)?steroids?|(?:cortico)?steroids?\s+(?:therapy|treatment|use)"
    r"|(?:treated|treatment|receiving|use|using|undergoing|taking|on)\s+(?:with\s+|of\s+)?"
    r"(?:either\s+|chronic\s+|long-term\s+)?(?:systemic\s+)?(?:cortico)?steroids?)(?![a-z])"
    r"(?:\s*(?:,|or|and|and/or)\s*(?:systemic\s+|inhaled\s+)?(?:cortico)?steroids?"
    r"(?:\s+inhalers?)?(?![a-z]))*"
)


def _read_steroids(c: _Criterion) -> None:
    low = c.low
    if "steroid" not in low and "predniso" not in low and "dexameth" not in low:
        return
    effect = c.effect()
    for m in _STEROID_DOSE.finditer(low):
        if c.in_admitted(m.start()) or _steroid_negated(low, m.start()) or _excepted(c, m.start()):
            continue
        op = _op(m, "c")
        if op is None or op == "EQ":
            continue
        value = units.to_canonical("steroids", _number(m.group("num")), "mg/day")
        c.add(
            "STEROIDS",
            m.start(),
            m.end(),
            effect,
            op,
            value=value,
            unit="mg/day",
            as_written=c.text[m.start("num") : m.end()],
            exception=_exception_after(c, m.end()),
        )
        return
    if _STEROID_ANY_DOSE.search(low):
        return  # a dose this reader cannot read: no fact rather than "any dose"
    for m in _STEROID_PRESENT.finditer(low):
        if c.in_admitted(m.start()) or _steroid_negated(low, m.start()) or _excepted(c, m.start()):
            continue
        if re.search(r"requir\w*\s+(?:\w+\s+){0,3}$", low[: m.start()]) and re.search(
            r"disease|infection|condition|disorder", low[: m.start()]
        ):
            continue  # "autoimmune disease requiring systemic steroids": the disease's qualifier
        if not c.inclusion or _negated(c, m.start(), m.end()):
            c.add(
                "STEROIDS",
                m.start(),
                m.end(),
                "EXCLUDE",
                "PRESENT",
                exception=_exception_after(c, m.end()),
            )
        return


_EXCEPT_WORD = re.compile(
    r"(?<![a-z])(?:except|exception|excluding|other\s+than|unless|apart\s+from)(?![a-z])"
)


def _excepted(c: _Criterion, start: int) -> bool:
    """Whether ``start`` follows "except ..." in its sentence: the text names what is allowed."""
    sentence = max(c.low.rfind(". ", 0, start), c.low.rfind(";", 0, start), 0)
    return _EXCEPT_WORD.search(c.low, sentence, start) is not None


def _steroid_negated(low: str, start: int) -> bool:
    return bool(
        re.search(
            r"(?:off|stopped|discontinued|no\s+longer|not\s+(?:on|receiving))\s+(?:\w+\s+){0,2}$",
            low[max(0, start - 40) : start],
        )
    )


# --------------------------------------------------------------------------- procedural

_PROCEDURAL: tuple[tuple[str, str], ...] = (
    ("consent", r"informed\s+consent|consent\s+(?:form|document)|consent"),
    (
        "contraception",
        r"contracept\w*|birth\s+control|pregnancy\s+tests?|child[\s-]?bearing|reproductive\s+"
        r"potential|pregnancy\s+plan\w*|plan\w*\s+to\s+(?:become|get)\s+pregnant|fertility"
        r"|barrier\s+method|abstinence",
    ),
    (
        "investigator_judgement",
        r"(?:opinion|judge?ment|discretion|assessment)\s+of\s+(?:the\s+)?(?:investigators?"
        r"|physicians?|doctors?|study\s+doctor|sponsor)|investigators?(?:'s|')?\s+(?:opinion"
        r"|judge?ment|discretion)|judged\s+by\s+the\s+investigator|(?:investigators?|physicians?)"
        r"\s+(?:considers?|judges?|deems?|believes?)|(?:considered|deemed|judged)\s+(?:\w+\s+){0,3}?"
        r"(?:unsuitable|inappropriate|ineligible|not\s+suitable|not\s+appropriate)|unsuitable"
        r"|inappropriate\s+for|improper\s+for|not\s+suitable\s+for|interfere\s+with",
    ),
    ("voluntary", r"voluntar\w*|volunteers?\s+to|volunteered"),
    (
        "compliance",
        r"(?:able|ability|unable|inability|willing(?:ness)?|capable)\s+(?:and\s+(?:able|willing)\s+)?"
        r"to\s+(?:comply|follow|complete|attend|adhere|understand|cooperate)|comply|compliance"
        r"|adhere\s+to|follow[\s-]+up\s+(?:visits|procedures|examinations)"
        r"|willing(?:ness)?\s+(?:and\s+able\s+)?to",
    ),
)
_CONSENT_TIME = re.compile(
    r"(?:time\s+of|before|prior\s+to)\s+(?:signing\s+)?(?:the\s+)?(?:written\s+)?\Z"
)
_PROCEDURAL_MENTION = _Alternation(_PROCEDURAL)
_PROCEDURAL_GUARD = (
    "consent",
    "plan",
    "contracep",
    "birth control",
    "pregnancy",
    "bearing",
    "reproductive",
    "fertility",
    "barrier",
    "abstinence",
    "investigator",
    "judg",
    "opinion",
    "discretion",
    "physician",
    "suitable",
    "inappropriate",
    "improper",
    "interfere",
    "volunt",
    "able to",
    "ability",
    "willing",
    "comply",
    "complian",
    "adhere",
    "follow",
)


def _read_procedural(c: _Criterion) -> None:
    low = c.low
    if not any(k in low for k in _PROCEDURAL_GUARD):
        return
    found: dict[str, tuple[int, int]] = {}
    for start, end, name in _PROCEDURAL_MENTION.scan(low):
        if name == "consent" and _CONSENT_TIME.search(low, max(0, start - 45), start):
            continue  # "at the time of signing informed consent": a point in time
        found.setdefault(name, (start, end))
    if (
        "compliance" in found
        and len(found) > 1
        and low.startswith("willing", found["compliance"][0])
    ):
        del found["compliance"]  # "willing to use contraception": contraception alone
    effect = "REQUIRE" if c.inclusion else "EXCLUDE"
    for name, (start, end) in found.items():
        c.add("PROCEDURAL", start, end, effect, "PRESENT", name=name)


# --------------------------------------------------------------------------- entry points

_READERS = (
    _read_labs,
    _read_age,
    _read_sex,
    _read_weight,
    _read_performance,
    _read_life_expectancy,
    _read_her2,
    _read_measurable,
    _read_metastases,
    _read_prior_lines,
    _read_history,
    _read_steroids,
    _read_procedural,
)


_FIELDS = tuple(f.name for f in dataclasses.fields(FactRecord))
assert _FIELDS[2] == "ordinal"


@functools.lru_cache(maxsize=65536)
def _facts_of_text(list_: str, text: str) -> tuple[tuple, ...]:
    """Facts of one criterion text as field values without the ordinal (memoised: the same
    criteria come back in trial after trial)."""
    c = _Criterion(text=text, low=_fold(text), list=list_, ordinal=0)
    _find_admitted(c)
    for read in _READERS:
        read(c)
    return tuple(
        (tuple(getattr(f, n) for n in _FIELDS[:2]), tuple(getattr(f, n) for n in _FIELDS[3:]))
        for f in c.facts
    )


def criterion_facts(criterion: CriterionRecord, list_: str) -> tuple[FactRecord, ...]:
    """The facts of one criterion of ``list_`` ("inclusion" or "exclusion")."""
    ordinal = criterion.ordinal
    return tuple(
        FactRecord(*head, ordinal, *tail) for head, tail in _facts_of_text(list_, criterion.text)
    )


def extract_facts(eligibility: EligibilityRecord) -> tuple[FactRecord, ...]:
    """Every fact read from the inclusion and exclusion criteria, in criterion order."""
    out: list[FactRecord] = []
    for list_, criteria in (
        ("inclusion", eligibility.inclusion),
        ("exclusion", eligibility.exclusion),
    ):
        for criterion in criteria:
            out.extend(criterion_facts(criterion, list_))
    return tuple(out)


def understood(
    eligibility: EligibilityRecord, facts: Iterable[FactRecord] | None = None
) -> tuple[int, int]:
    """(criteria with at least one fact, all criteria) of one eligibility record."""
    if facts is None:
        facts = extract_facts(eligibility)
    read = {(f.list, f.ordinal) for f in facts}
    total = len(eligibility.inclusion) + len(eligibility.exclusion)
    count = sum(1 for c in eligibility.inclusion if ("inclusion", c.ordinal) in read)
    count += sum(1 for c in eligibility.exclusion if ("exclusion", c.ordinal) in read)
    return count, total
