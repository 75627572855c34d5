"""The toolkit the criterion readers share: folding, numbers and comparisons, negation,
exception clauses, and the reader skeleton itself.

A reader (``readers/<kind>.py``) is a ``Reader``: a cheap guard on the folded text (words one
of which must occur), then a function that finds its matches and adds facts to the
``Criterion``. Most readers take the first match they can read (``first_fact``); every number
goes through ``number``, every comparison word through ``named_cmp`` and ``op``/``bound``.

The rule everywhere: a sentence that is not understood, or is ambiguous, gives no fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from domain.eligibility.criterion import Criterion

# --------------------------------------------------------------------------- folding

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


def fold(text: str) -> str:
    low = text.lower()
    if low.isascii():
        return low
    if len(low) != len(text):  # a few characters lower-case to two ("İ"): keep them as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for char, replacement in _FOLD_PAIRS:  # faster than str.translate for a few characters
        if char in low:
            low = low.replace(char, replacement)
    return low


# --------------------------------------------------------------------------- numbers, comparisons

WORD_NUMBERS = {
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
CMP_WORDS = {
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
OPS = tuple(CMP_WORDS)
SYMBOL = {"GTE": ">=", "LTE": "<=", "GT": ">", "LT": "<", "EQ": "="}

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?|\.\d+"


def number(text: str) -> float:
    text = text.replace(" ", "")
    if re.fullmatch(r"\d+,\d{1,2}", text):  # decimal comma: "1,5"
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def number_value(word: str) -> float | None:
    if word in WORD_NUMBERS:
        return float(WORD_NUMBERS[word])
    try:
        return number(word)
    except ValueError:
        return None


def op(match: re.Match[str], prefix: str = "") -> str | None:
    """Which comparison a match made with ``named_cmp(prefix)`` found, if any."""
    for name in OPS:
        if match.group(prefix + name) is not None:
            return name
    return None


def named_cmp(prefix: str) -> str:
    return (
        "(?:(?<![a-z])|(?=[<>≤≥=]))(?:"
        + "|".join(f"(?P<{prefix}{op}>{pattern})" for op, pattern in CMP_WORDS.items())
        + ")"
    )


DIGIT = re.compile(r"\d")
CLAUSE_BREAK = re.compile(r";|\.(?:\s|$)|\n")
SENTENCE_BREAK = re.compile(r"\.(?:\s|$)|\n")


def bound(match: re.Match[str], prefix: str) -> str | None:
    """The comparison of ``match`` as a bound, None without one or for "=": a criterion never
    asks a value to equal a number ("(= 1500/mm3)" restates a threshold)."""
    found = op(match, prefix)
    return None if found == "EQ" else found


# --------------------------------------------------------------------------- negation

NEGATION = re.compile(
    r"(?<![a-z])(?:no|not|without|absence\s+of|free\s+of|none|nor|neither"
    r"|negative(?=\s+(?:for|hiv|hbv|hcv|hbsag|hepatitis|serolog|test)))(?![a-z])"
)
NEGATIVE_AFTER = re.compile(r"\s*-?\s*(?:\([^)]{0,30}\)\s*)?(?:negative|seronegative)\b")


def negated(c: Criterion, start: int, end: int) -> bool:
    """A mention in a clause that starts with a negation ("No other tumors", "without HIV"),
    or followed by "negative" ("HIV-negative")."""
    if NEGATIVE_AFTER.match(c.low, end):
        return True
    clause_start = max(c.low.rfind(sep, 0, start) for sep in (";", ". ", ":")) + 1
    m = NEGATION.search(c.low, clause_start, start + 12)  # room for "negative HIV"
    return m is not None and m.start() < start


# --------------------------------------------------------------------------- exceptions

_ADMITS = re.compile(
    r"(?:are|is|will\s+be|may\s+be|can\s+be|be)\s+(?:eligible|allowed|permitted|acceptable|"
    r"enrolled|included)|may\s+(?:be\s+)?(?:enrol|particip|includ)|(?<![a-z])eligible\s+if"
    r"|(?<![a-z])(?:allowed|permitted)(?![a-z])"
)


def find_admitted(c: Criterion) -> None:
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
            stop = SENTENCE_BREAK.search(low, m.end())
            end = stop.start() if stop else len(low)
        c.admitted.append((start, end, c.text[start:end].strip(" .;,")))


_QUALIFIERS = re.compile(
    r"((?:(?:untreated|symptomatic|active|progressive|progressing|unstable|uncontrolled|severe"
    r"|clinically\s+significant)\s*(?:,|or|and|and/or)?\s*)+)$"
)


def qualifier(c: Criterion, start: int) -> str | None:
    """Adjectives before a mention that admit the other patients ("untreated or symptomatic")."""
    before = c.low[max(0, start - 60) : start]
    m = _QUALIFIERS.search(before)
    if m is None:
        return None
    if re.search(r"(?<![a-z])(?:known|history|any|suspected)(?![a-z])", before[m.start() :]):
        return None
    begin = start - len(before) + m.start()
    return c.text[begin:start].strip(" ,")


def join(a: str | None, b: str | None) -> str | None:
    """Two exception texts as one ("a; b"); one the other already contains is left out."""
    if not a:
        return b
    if not b or b in a:
        return a
    return f"{a}; {b}"


# --------------------------------------------------------------------------- the reader skeleton


@dataclass(frozen=True, slots=True)
class Reader:
    """One row of the reader table: the fact kinds a reader adds, its guard, and the reading.

    The guard is tried first, on the folded text: ``inclusion_only``, ``words`` (one of them
    must occur) and ``when`` (any further test). Most criteria pass one or two guards, so most
    readers never run their regular expressions. ``read`` adds facts to the criterion."""

    kinds: tuple[str, ...]
    read: Callable[[Criterion], None]
    words: tuple[str, ...] = ()
    when: Callable[[str], bool] | None = None
    inclusion_only: bool = False

    def __call__(self, c: Criterion) -> None:
        if self.inclusion_only and c.list != "inclusion":
            return
        low = c.low
        if self.words:
            for word in self.words:  # a loop is cheaper than any() over a generator here
                if word in low:
                    break
            else:
                return
        if self.when is not None and not self.when(low):
            return
        self.read(c)


def first_fact(
    c: Criterion,
    matches: Iterable[re.Match[str]],
    read: Callable[[Criterion, re.Match[str]], bool],
) -> bool:
    """Offers ``matches`` to ``read`` in order until it takes one (returns True): the first
    match that can be read gives the criterion's fact of that kind, and the rest are left."""
    return any(read(c, m) for m in matches)
