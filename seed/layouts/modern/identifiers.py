"""The Other Identifiers section of the modern page: the org study id and secondary ids."""

from __future__ import annotations

from seed.layouts.modern.lines import Line, nonblank, norm, tagged
from seed.layouts.values import value


def _parse_identifiers(body: list[Line]) -> tuple[str | None, tuple[str, ...]]:
    """Identifiers, each followed by its type and source: ``(org_study_id, secondary_ids)``::

    HER2-E-CART
    Identifier Type: -
    Identifier Source: org_study_id

    An identifier without its source (a page cut off before it) is left out: which one it
    is, is not known.
    """
    ids: list[list] = []
    for line in nonblank(body):
        if (source := tagged(line.text, "Identifier Source", colon=True)) is not None:
            if ids:
                ids[-1][1] = source
        elif tagged(line.text, "Identifier Type", "Identifier Domain", "Link", colon=True) is None:
            ids.append([value(line.text), None])
    at = next(
        (k for k, (_, s) in enumerate(ids) if s and norm(s).replace(" ", "_") == "org_study_id"),
        None,
    )
    org = ids[at][0] if at is not None else None
    return org, tuple(i for k, (i, s) in enumerate(ids) if i and s and k != at)
