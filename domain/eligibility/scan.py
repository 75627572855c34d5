"""Finding named terms in folded criterion text: many alternatives, one pass, at word starts.

``Alternation`` is one regular expression of named alternatives; ``Terms`` indexes them by the
letters they can start with, which is several times faster for long lists (the lab analytes).
Both give ``(start, end, key)`` for each term found, left to right.
"""

from __future__ import annotations

import re


class Alternation:
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


class Terms:
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
