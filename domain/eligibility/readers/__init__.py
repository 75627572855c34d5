"""The reader table: every fact kind's reader, in the order they run over a criterion.

Order matters: labs run first and mark the spans they read (``Criterion.consumed``), so the
readers after them do not take "patients with liver metastases" in a lab condition for an
exclusion of their own; performance status marks ECOG and Karnofsky as alternatives only when
both are read. A new fact kind is a new module here with its ``Reader``, and one row below.
"""

from __future__ import annotations

from domain.eligibility.readers import (
    age,
    disease,
    her2,
    history,
    labs,
    life_expectancy,
    performance,
    prior_lines,
    procedural,
    sex,
    steroids,
    weight,
)
from domain.eligibility.text import Reader

READERS: tuple[Reader, ...] = (
    labs.READER,
    age.READER,
    sex.READER,
    weight.READER,
    performance.READER,
    life_expectancy.READER,
    her2.READER,
    disease.MEASURABLE,
    disease.METASTASES,
    prior_lines.READER,
    history.READER,
    steroids.READER,
    procedural.READER,
)
