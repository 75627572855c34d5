"""ECOG and KARNOFSKY facts: performance status bounds, ranges and lists ("ECOG 0-1",
"Karnofsky ≥ 70%"); both in one inclusion criterion joined by "or" are alternatives."""

from __future__ import annotations

import dataclasses
import re

from domain.eligibility.criterion import Criterion
from domain.eligibility.text import Reader, bound, first_fact, named_cmp

_ECOG = re.compile(
    r"(?<![a-z])(?:ecog|eastern\s+cooperative\s+oncology\s+group|zubrod|who\s+performance"
    r"|who\s+ps|performance\s+status)(?![a-z])[^\d;]{0,60}?"
    rf"(?:{named_cmp('c')}\s*(?P<cv>[0-5])(?![\d.%])"
    r"|(?P<ra>[0-5])\s*(?:-|to|~)\s*(?P<rb>[0-5])(?![\d.%])"
    r"|(?P<list>[0-5](?:\s*,\s*[0-5])*\s*,?\s*(?:or|and|/)\s*[0-5])(?![\d.%])"
    r"|(?P<pv>[0-5])\s*(?:or|and)\s*(?P<pdir>less|lower|below|better|under|more|higher|above|worse)"
    r"|(?P<one>[0-5])(?![\d.%-]))"
)
_KPS = re.compile(
    r"(?<![a-z])(?:karnofsky|kps)(?![a-z])[^\d;]{0,50}?"
    rf"(?:{named_cmp('c')}\s*(?P<cv>\d{{2,3}})\s*%?"
    r"|(?P<ra>\d{2,3})\s*%?\s*(?:-|to|~)\s*(?P<rb>\d{2,3})\s*%?"
    r"|(?P<pv>\d{2,3})\s*%?\s*(?:or|and)\s*(?P<pdir>higher|more|greater|above|over|better))"
)


def _read_performance(c: Criterion) -> None:
    low = c.low
    if "karnofsky" in low or "kps" in low:
        first_fact(c, _KPS.finditer(low), _karnofsky)
    if "ecog" in low or "eastern" in low or "performance" in low or "zubrod" in low:
        first_fact(c, _ECOG.finditer(low), _ecog)
    kinds = {f.kind for f in c.facts}
    if "ECOG" in kinds and "KARNOFSKY" in kinds and c.inclusion and re.search(r"\bor\b", low):
        alt = c.next_alternative()
        c.facts[:] = [
            dataclasses.replace(f, alternative=alt) if f.kind in ("ECOG", "KARNOFSKY") else f
            for f in c.facts
        ]


def _karnofsky(c: Criterion, m: re.Match[str]) -> bool:
    written = _from_digit(c.text[m.start() : m.end()])
    if m.group("cv") is not None:
        cmp, value = bound(m, "c"), float(m.group("cv"))
        if cmp is None or value > 100:
            return False
        c.add("KARNOFSKY", m.start(), m.end(), c.effect(), cmp, value=value, as_written=written)
    elif m.group("ra") is not None:
        a, b = float(m.group("ra")), float(m.group("rb"))
        if not a < b <= 100:
            return False
        c.add(
            "KARNOFSKY",
            m.start(),
            m.end(),
            c.effect(),
            "RANGE",
            value=a,
            value_max=b,
            as_written=written,
        )
    else:
        value = float(m.group("pv"))
        c.add("KARNOFSKY", m.start(), m.end(), c.effect(), "GTE", value=value, as_written=written)
    return True


def _ecog(c: Criterion, m: re.Match[str]) -> bool:
    low = c.low
    has_kps = "karnofsky" in low or "kps" in low
    mention = low[m.start() : m.end()]
    if has_kps and ("karnofsky" in mention or "kps" in mention):
        return False
    if "performance status" in low[m.start() : m.start() + 20] and has_kps and "ecog" not in low:
        return False  # "performance status" names the Karnofsky scale there
    effect = c.effect()
    written = _from_digit(c.text[m.start() : m.end()])
    if m.group("cv") is not None:
        cmp = bound(m, "c")
        if cmp is None:
            return False
        value = float(m.group("cv"))
        c.add("ECOG", m.start(), m.end(), effect, cmp, value=value, as_written=written)
    elif m.group("ra") is not None:
        a, b = int(m.group("ra")), int(m.group("rb"))
        if a >= b:
            return False
        values = tuple(str(v) for v in range(a, b + 1))
        c.add("ECOG", m.start(), m.end(), effect, "IN", values=values, as_written=written)
    elif m.group("list") is not None:
        values = tuple(dict.fromkeys(re.findall(r"[0-5]", m.group("list"))))
        c.add("ECOG", m.start(), m.end(), effect, "IN", values=values, as_written=written)
    elif m.group("pv") is not None:
        worse = m.group("pdir") in ("more", "higher", "above", "worse")
        value = float(m.group("pv"))
        cmp = "GTE" if worse else "LTE"
        c.add("ECOG", m.start(), m.end(), effect, cmp, value=value, as_written=written)
    else:
        values = (m.group("one"),)
        c.add("ECOG", m.start(), m.end(), effect, "IN", values=values, as_written=written)
    return True


def _from_digit(text: str) -> str:
    """The threshold part of a match: from its comparison or first digit on."""
    m = re.search(r"[<>≤≥=]|\d|(?:at\s+least|greater|more|less|no\s+more|not\s+more)", text, re.I)
    return text[m.start() :].strip() if m else text.strip()


READER = Reader(
    kinds=("ECOG", "KARNOFSKY"),
    read=_read_performance,
    words=("karnofsky", "kps", "ecog", "eastern", "performance", "zubrod"),
)
