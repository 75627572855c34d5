"""Words of the registry's posted results: adverse event terms by organ system, baseline
measures, participant flow milestones and withdrawal reasons, statistical methods."""

from __future__ import annotations

from tools.synth.vocab import words

ADVERSE_EVENTS = {
    "Blood and lymphatic system disorders": words(
        "Anaemia|Neutropenia|Thrombocytopenia|Febrile neutropenia|Leukopenia|Lymphopenia"
    ),
    "Cardiac disorders": words(
        "Atrial fibrillation|Cardiac failure|Myocardial infarction|Palpitations|Tachycardia"
        "|Angina pectoris|Bradycardia"
    ),
    "Gastrointestinal disorders": words(
        "Nausea|Vomiting|Diarrhoea|Constipation|Abdominal pain|Dyspepsia|Stomatitis"
        "|Abdominal pain upper|Gastrooesophageal reflux disease|Dry mouth|Pancreatitis"
    ),
    "General disorders and administration site conditions": words(
        "Fatigue|Pyrexia|Oedema peripheral|Asthenia|Injection site reaction|Chest pain"
        "|Influenza like illness|Chills|Pain"
    ),
    "Hepatobiliary disorders": words("Cholelithiasis|Hepatic function abnormal|Cholecystitis"),
    "Infections and infestations": words(
        "Nasopharyngitis|Upper respiratory tract infection|Urinary tract infection|Pneumonia"
        "|Bronchitis|Sinusitis|Influenza|Sepsis|Cellulitis|Herpes zoster|COVID-19"
    ),
    "Investigations": words(
        "Alanine aminotransferase increased|Aspartate aminotransferase increased|Weight"
        " decreased|Blood creatinine increased|Neutrophil count decreased|Lipase increased"
    ),
    "Metabolism and nutrition disorders": words(
        "Decreased appetite|Hypokalaemia|Hyperglycaemia|Dehydration|Hyponatraemia|Hypomagnesaemia"
    ),
    "Musculoskeletal and connective tissue disorders": words(
        "Arthralgia|Back pain|Myalgia|Pain in extremity|Muscle spasms|Osteoarthritis"
    ),
    "Nervous system disorders": words(
        "Headache|Dizziness|Neuropathy peripheral|Dysgeusia|Paraesthesia|Syncope|Somnolence"
    ),
    "Psychiatric disorders": words("Insomnia|Anxiety|Depression|Confusional state"),
    "Renal and urinary disorders": words("Acute kidney injury|Haematuria|Dysuria"),
    "Respiratory, thoracic and mediastinal disorders": words(
        "Cough|Dyspnoea|Oropharyngeal pain|Pulmonary embolism|Epistaxis|Pneumonitis"
    ),
    "Skin and subcutaneous tissue disorders": words(
        "Rash|Pruritus|Alopecia|Dry skin|Erythema|Palmar-plantar erythrodysaesthesia syndrome"
    ),
    "Vascular disorders": words("Hypertension|Hypotension|Deep vein thrombosis|Flushing"),
}
AE_PAIRS = [(system, term) for system, terms in ADVERSE_EVENTS.items() for term in terms]
AE_QUALIFIERS = words(
    "grade 1|grade 2|grade 3|serious|non-serious|treatment-related|during follow-up|at cycle 1"
)

WITHDRAWAL_REASONS = words(
    """Adverse Event|Withdrawal by Subject|Lost to Follow-up|Physician Decision|Lack of Efficacy
    |Protocol Violation|Death|Progressive Disease|Sponsor Decision|Pregnancy"""
)
RACES = words(
    """American Indian or Alaska Native|Asian|Native Hawaiian or Other Pacific Islander|Black or
    African American|White|More than one race|Unknown or Not Reported"""
)
ETHNICITIES = words("Hispanic or Latino|Not Hispanic or Latino|Unknown or Not Reported")
AGE_GROUPS = words("<=18 years|Between 18 and 65 years|>=65 years")
STATISTICAL_METHODS = words(
    """ANCOVA|Mixed Models Analysis|Cochran-Mantel-Haenszel|Regression, Logistic|Log Rank
    |Regression, Cox|t-Test, 2 Sided|Wilcoxon (Mann-Whitney)|Chi-squared|Fisher Exact"""
)
PARAM_TYPES = [
    ("MEAN", "STANDARD_DEVIATION"),
    ("LEAST_SQUARES_MEAN", "STANDARD_ERROR"),
    ("MEDIAN", "FULL_RANGE"),
    ("NUMBER", None),
    ("COUNT_OF_PARTICIPANTS", None),
]
UNITS = words(
    """participants|percentage of participants|units on a scale|mg/dL|mmHg|months|days|ng/mL
    |score on a scale|events per participant-year"""
)
