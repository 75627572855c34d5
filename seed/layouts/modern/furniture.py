"""Page furniture of the modern page: the one generic sentence printed under a section heading."""

from __future__ import annotations

import re

from seed.layouts.modern.lines import Para, norm

FURNITURE = frozenset(
    norm(s)
    for s in (
        "Get a concise snapshot of the trial, including recruitment status, study phase, "
        "enrollment targets, and key timeline milestones.",
        "Review the sponsor-provided synopsis that highlights what the study is about and why "
        "it is being conducted.",
        "Dive into the extended narrative that explains the scientific background, objectives, "
        "and procedures in greater depth.",
        "See the medical conditions and disease areas that this research is targeting or "
        "investigating.",
        "Understand how the trial is structured, including allocation methods, masking "
        "strategies, primary purpose, and other design elements.",
        "Review each arm or cohort in the study, along with the interventions and objectives "
        "associated with them.",
        "Learn about the drugs, procedures, or behavioral strategies being tested and how they "
        "are applied within this trial.",
        "Discover alternative or legacy names that may be used to describe the listed "
        "interventions across different sources.",
        "Check the participation requirements, including inclusion and exclusion rules, age "
        "limits, and whether healthy volunteers are accepted.",
        "Meet the organizations funding or collaborating on the study and learn about their roles.",
        "Identify the individual or organization who holds primary responsibility for the study "
        "information submitted to regulators.",
        "Learn about the lead researchers overseeing the trial and their institutional "
        "affiliations.",
        "Reach out to these primary contacts for questions about participation or study logistics.",
        "Explore where the study is taking place and check the recruitment status at each "
        "participating site.",
        "Review the countries where the study has at least one active or historical site.",
        "Explore related publications, articles, or registry entries linked to this study.",
        "Review additional registry numbers or institutional identifiers associated with this "
        "trial.",
        "Additional clinical trials that may be relevant based on similarity analysis.",
    )
)
_FURNITURE_LIKE = re.compile(
    r"^(?:get|review|dive|see|understand|learn|discover|check|meet|identify|explore|reach|find"
    r"|browse|view|track|compare|read)\s+(?:the|a|an|each|all|how|what|where|who|which|about"
    r"|into|out|additional|related|key|these|this|more|alternative)\b[^0-9]*\b(?:trials?|study"
    r"|studies|research|participa\w*|sites?|interventions?|investigators?|outcomes?|results?)\b"
    r"[^0-9]*\.$",
    re.IGNORECASE,
)


def is_furniture(para: Para, strict: bool = False) -> bool:
    """The one generic sentence a page prints under a section heading ("Get a concise …").

    Known sentences always; with ``strict`` false also any imperative one-sentence line about
    the study (no digits, 8 to 40 words) such as "Browse the key facts of this study."
    """
    if len(para) != 1:
        return False
    text = para[0].text
    return norm(text) in FURNITURE or (
        not strict and bool(_FURNITURE_LIKE.match(text)) and 6 <= len(text.split()) <= 40
    )
