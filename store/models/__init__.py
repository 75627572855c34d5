"""SQLAlchemy 2 models: storage only. The schema itself is built by Alembic migrations.

Keys are sized for the real registry (~600,000 trials, tens of millions of child rows):
trials have a bigint surrogate key that every child table references (cheaper than the text
NCT id in child indexes), ``nct_id`` is unique, and child rows are keyed by
``(trial_id, ordinal)`` so reading one trial's children is one index range scan in order.

One module per resource; every model is importable from here (``from store import models as
m``; ``m.Trial``), and importing this package registers every table on ``Base.metadata``.
"""

from store.models.arms import Arm, ArmIntervention, Intervention, Outcome
from store.models.base import Base
from store.models.eligibility import Criterion, CriterionFact, Eligibility
from store.models.facets import GENERATION, FacetAnswer, FacetCount
from store.models.sites import Location, LocationContact, LocationInvestigator
from store.models.sources import SeedRun, SourceDocument, SyncRun
from store.models.trials import (
    Condition,
    ConditionCode,
    Contact,
    Keyword,
    MeshDescriptor,
    MeshTerm,
    Official,
    Reference,
    Sponsor,
    Trial,
    TrialAlias,
    TrialJson,
)

__all__ = [
    "Arm",
    "ArmIntervention",
    "Base",
    "Condition",
    "ConditionCode",
    "Contact",
    "Criterion",
    "CriterionFact",
    "Eligibility",
    "FacetAnswer",
    "FacetCount",
    "GENERATION",
    "Intervention",
    "Keyword",
    "Location",
    "LocationContact",
    "LocationInvestigator",
    "MeshDescriptor",
    "MeshTerm",
    "Official",
    "Outcome",
    "Reference",
    "SeedRun",
    "SourceDocument",
    "SyncRun",
    "Sponsor",
    "Trial",
    "TrialAlias",
    "TrialJson",
]
