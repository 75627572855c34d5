"""What the ICD-10-CM tree lacks and trials name: a hand-written table, kept small.

Trials are often for "solid tumours" or "cancer" at large. ICD-10-CM's chapter 2 has a block
"Malignant neoplasms" (C00-C96) but keeps every block beside it, flat; it has no node for solid
tumours at all. Here the blocks of malignant neoplasms of solid sites (C00-C80, C7A, C7B) go
under "Malignant solid neoplasms" (C00-C80, the one node made here), and that and the lymphoid
and haematopoietic block (C81-C96) under "Malignant neoplasms" (C00-C96), so that "gastric
adenocarcinoma" is narrower than "Solid Tumor" and "breast cancer" is not under "Leukemia".
No offline library ships this grouping (ICD-O and NCIt are not packaged); the block ids are
ICD-10-CM's own.
"""

from __future__ import annotations

MALIGNANT = "C00-C96"
SOLID = "C00-C80"

SOLID_BLOCKS = (
    "C00-C14",
    "C15-C26",
    "C30-C39",
    "C40-C41",
    "C43-C44",
    "C45-C49",
    "C50-C50",
    "C51-C58",
    "C60-C63",
    "C64-C68",
    "C69-C72",
    "C73-C75",
    "C7A-C7A",
    "C7B-C7B",
    "C76-C80",
)

# code -> (label, parent, the blocks reparented under it); a code the list has keeps its label
GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    MALIGNANT: ("Malignant neoplasms", "CH02", ("C81-C96", SOLID)),
    SOLID: ("Malignant solid neoplasms", MALIGNANT, SOLID_BLOCKS),
}
