"""Statuses, phases and design values with their registry frequencies, and the words the record
page (and the titles) use for them."""

from __future__ import annotations

from itertools import accumulate

from tools.synth.vocab import words

_STATUS = [
    ("COMPLETED", 45),
    ("RECRUITING", 15),
    ("UNKNOWN", 12),
    ("TERMINATED", 6),
    ("NOT_YET_RECRUITING", 5),
    ("ACTIVE_NOT_RECRUITING", 5),
    ("WITHDRAWN", 3),
    ("ENROLLING_BY_INVITATION", 1.6),
    ("SUSPENDED", 0.4),
]
STATUS_NAMES = [s for s, _ in _STATUS]
STATUS_CUM = list(accumulate(w for _, w in _STATUS))
WHY_STOPPED = words(
    """Slow accrual|Low recruitment|Sponsor decision|Lack of funding|Business decision
    |Study drug no longer available|Futility at interim analysis|Safety concerns
    |PI left the institution|COVID-19 pandemic|The study was terminated early by the sponsor
    |Company decision not related to safety|Insufficient enrollment|Drug supply issues
    |Funding withdrawn|Logistical reasons|Enrollment target could not be met|Regulatory reasons
    |Investigator decision|Study was not initiated|No participants enrolled|Strategic reasons
    |Efficacy endpoint met at interim analysis|Reform CAR structure due to safety consideration"""
)
LAST_KNOWN = [
    "RECRUITING",
    "RECRUITING",
    "RECRUITING",
    "NOT_YET_RECRUITING",
    "ACTIVE_NOT_RECRUITING",
    "ENROLLING_BY_INVITATION",
]
CLASSIC_PHASE = {
    "NA": "Not Applicable",
    "EARLY_PHASE1": "Early Phase 1",
    "PHASE1": "Phase 1",
    "PHASE2": "Phase 2",
    "PHASE3": "Phase 3",
    "PHASE4": "Phase 4",
}
PHASES = [
    (("NA",), 33),
    (("EARLY_PHASE1",), 2),
    (("PHASE1",), 12),
    (("PHASE1", "PHASE2"), 4),
    (("PHASE2",), 17),
    (("PHASE2", "PHASE3"), 2),
    (("PHASE3",), 11),
    (("PHASE4",), 13),
]
PHASE_CUM = list(accumulate(w for _, w in PHASES))
PURPOSES = [
    ("TREATMENT", "Treatment", 58),
    ("PREVENTION", "Prevention", 10),
    ("SUPPORTIVE_CARE", "Supportive Care", 7),
    ("BASIC_SCIENCE", "Basic Science", 6),
    ("OTHER", "Other", 6),
    ("DIAGNOSTIC", "Diagnostic", 5),
    ("HEALTH_SERVICES_RESEARCH", "Health Services Research", 4),
    ("SCREENING", "Screening", 1.5),
    ("DEVICE_FEASIBILITY", "Device Feasibility", 1.5),
    ("ECT", "Educational/Counseling/Training", 1),
]
PURPOSE_CUM = list(accumulate(p[2] for p in PURPOSES))
CLASSIC_LABELS = {
    "RANDOMIZED": "Randomized",
    "NON_RANDOMIZED": "Non-Randomized",
    "NA": "N/A",
    "SINGLE_GROUP": "Single Group Assignment",
    "PARALLEL": "Parallel Assignment",
    "CROSSOVER": "Crossover Assignment",
    "FACTORIAL": "Factorial Assignment",
    "SEQUENTIAL": "Sequential Assignment",
    "NONE": "None (Open Label)",
    "SINGLE": "Single",
    "DOUBLE": "Double",
    "TRIPLE": "Triple",
    "QUADRUPLE": "Quadruple",
    "PARTICIPANT": "Participant",
    "CARE_PROVIDER": "Care Provider",
    "INVESTIGATOR": "Investigator",
    "OUTCOMES_ASSESSOR": "Outcomes Assessor",
    "COHORT": "Cohort",
    "CASE_CONTROL": "Case-Control",
    "CASE_ONLY": "Case-Only",
    "CASE_CROSSOVER": "Case-Crossover",
    "ECOLOGIC_OR_COMMUNITY": "Ecologic or Community",
    "FAMILY_BASED": "Family-Based",
    "DEFINED_POPULATION": "Defined Population",
    "NATURAL_HISTORY": "Natural History",
    "OTHER": "Other",
    "PROSPECTIVE": "Prospective",
    "RETROSPECTIVE": "Retrospective",
    "CROSS_SECTIONAL": "Cross-Sectional",
    "EXPERIMENTAL": "Experimental",
    "ACTIVE_COMPARATOR": "Active Comparator",
    "PLACEBO_COMPARATOR": "Placebo Comparator",
    "SHAM_COMPARATOR": "Sham Comparator",
    "NO_INTERVENTION": "No Intervention",
    "PRINCIPAL_INVESTIGATOR": "Principal Investigator",
    "STUDY_DIRECTOR": "Study Director",
    "STUDY_CHAIR": "Study Chair",
    "SUB_INVESTIGATOR": "Sub-Investigator",
    "ALL": "All",
    "FEMALE": "Female",
    "MALE": "Male",
}
OBSERVATIONAL_MODELS = [
    ("COHORT", 60),
    ("CASE_CONTROL", 12),
    ("CASE_ONLY", 10),
    ("OTHER", 8),
    ("ECOLOGIC_OR_COMMUNITY", 2),
    ("FAMILY_BASED", 1),
    ("CASE_CROSSOVER", 1),
    ("DEFINED_POPULATION", 2),
    ("NATURAL_HISTORY", 2),
]
OBSERVATIONAL_MODEL_CUM = list(accumulate(w for _, w in OBSERVATIONAL_MODELS))
TIME_PERSPECTIVES = [("PROSPECTIVE", 60), ("RETROSPECTIVE", 25), ("CROSS_SECTIONAL", 12)]
TIME_PERSPECTIVES += [("OTHER", 3)]
TIME_PERSPECTIVE_CUM = list(accumulate(w for _, w in TIME_PERSPECTIVES))
