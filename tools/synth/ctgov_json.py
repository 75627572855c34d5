"""A ``TrialRecord`` written as a ClinicalTrials.gov API v2 study object.

``study_object(rec, rng)`` maps every field the record holds to its v2 path (the samples in the
registry's own JSON and its ``ctg-oas-v2.yaml`` data model): the ``protocolSection`` module by
module (``protocol``), the ``derivedSection`` MeSH browse modules (``derived``) and
``hasResults``; ``rng`` draws what no record field holds but a real study carries (submission
dates, oversight, data sharing, browse leaves, the ``resultsSection`` of a study with results:
``results``), so a reader gets through the registry's bulk, not only the fields it keeps.
``study_bytes`` writes it as the bulk ZIP's files hold it (UTF-8, 2-space indent).
"""

from __future__ import annotations

import json
import random

from domain.records import TrialRecord
from tools.synth.derived import derived_section
from tools.synth.draw import randint
from tools.synth.protocol import protocol_section, pruned
from tools.synth.results import results_section


def study_object(rec: TrialRecord, rng: random.Random) -> dict:
    """``rec`` as an API v2 study: ``protocolSection``, ``resultsSection`` (a study with
    results), ``documentSection`` (some of those), ``derivedSection`` and ``hasResults``."""
    study: dict = {"protocolSection": protocol_section(rec, rng)}
    if rec.has_results:
        study["resultsSection"] = results_section(rec, rng)
        if rng.random() < 0.5:
            study["documentSection"] = {
                "largeDocumentModule": {
                    "largeDocs": [
                        pruned(
                            {
                                "typeAbbrev": "Prot_SAP",
                                "hasProtocol": True,
                                "hasSap": True,
                                "hasIcf": False,
                                "label": "Study Protocol and Statistical Analysis Plan",
                                "date": rec.dates.start.date if rec.dates.start else None,
                                "uploadDate": f"{rec.dates.last_update_posted}T12:00",
                                "filename": "Prot_SAP_000.pdf",
                                "size": randint(rng, 200_000, 9_000_000),
                            }
                        )
                    ]
                }
            }
    study["derivedSection"] = derived_section(rec, rng)
    study["hasResults"] = bool(rec.has_results)
    return study


def study_bytes(study: dict, indent: int | None = 2) -> bytes:
    """A study as a file of the bulk ZIP holds it: UTF-8 JSON, ``indent`` spaces a level
    (``None``: one line, as JSON Lines and API pages hold it)."""
    if indent is None:
        return json.dumps(study, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return json.dumps(study, ensure_ascii=False, indent=indent).encode("utf-8")
