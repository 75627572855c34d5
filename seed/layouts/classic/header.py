"""The header of the classic page: the page's own NCT id and the brief title above it."""

from __future__ import annotations

import re

from domain.records import ParseError
from seed.layouts.values import value

_NCT = re.compile(r"ClinicalTrials\.gov Identifier:\s*\|?\s*(NCT\d{8})\b")
# the lines that state the page's own id: the identifier under the title, the "More
# Information" row and the "Please refer to this study by ..." sentence
_OWN_NCT = re.compile(
    r"^\s*(?:ClinicalTrials\.gov Identifier:\s*\|?|Please refer to this study by its "
    r"ClinicalTrials\.gov identifier \(NCT number\):)\s*(NCT\d{8})\b"
)


def _parse_header(lines: list[str]) -> str | None:
    """The brief title: the first line of the header that is not the identifier::

    A Phase 1 Study of Anti-HER2 CAR-T in Relapsed HER2 Positive Cancers
    ClinicalTrials.gov Identifier: NCT02713984 |
    """
    header = [ln.strip() for ln in lines if ln.strip()]
    return value(next((ln for ln in header if not _NCT.search(ln)), None))


def _parse_identity(lines: list[str], document: str) -> str:
    """The page's own NCT id, from every line that states it::

    ClinicalTrials.gov Identifier: NCT02713984 |                       under the title
    Please refer to this study by its ClinicalTrials.gov identifier (NCT number): NCT02713984
    ClinicalTrials.gov Identifier: | NCT02713984 |                     More Information row

    Two different ids is a ``ParseError`` naming both: which trial the page is about is unknown.
    """
    own = [(n, m.group(1)) for n, ln in enumerate(lines, start=1) if (m := _OWN_NCT.match(ln))]
    if own:
        first_line, nct = own[0]
        for n, other in own:
            if other != nct:
                reason = f"two different NCT ids: {nct} (line {first_line}) and {other}"
                raise ParseError(document, reason, n)
        return nct
    found = next((m.group(1) for ln in lines if (m := _NCT.search(ln))), None)
    if found is None:
        raise ParseError(document, "no 'ClinicalTrials.gov Identifier: NCT…' line", None)
    return found
