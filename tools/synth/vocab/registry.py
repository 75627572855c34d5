"""Texts only the registry's own format carries: long descriptions, qualified criteria, the
observational population and biospecimens, data-sharing statements, the submission extras."""

from __future__ import annotations

from tools.synth.vocab import words

# Sentences of long detailed descriptions ({n} a small number, {p} a percentage, {k} a count).
# Some hold characters CommonMark escapes (< > & * _ [ ]), as real descriptions do.
DESCRIPTION_SENTENCES = [
    "Participants will attend {k} study visits over {n} weeks.",
    "At each visit vital signs, concomitant medications and adverse events are recorded.",
    "Blood samples for safety laboratory tests are drawn at screening and at weeks 4 and {n}.",
    "The primary analysis uses a mixed model for repeated measures with treatment, visit and"
    " their interaction as fixed effects.",
    "A sample size of {n} participants per group gives {p}% power at a two-sided alpha of 0.05.",
    "Participants with a response of > {p}% at week {n} continue into the extension phase.",
    "Dose reductions are allowed for toxicity of grade >= 3 [CTCAE v5.0].",
    "Randomization is stratified by region & baseline severity (mild/moderate vs severe).",
    "Missing data are handled by multiple imputation under a missing-at-random assumption.",
    "An interim analysis is planned when {p}% of the primary events have occurred.",
    "The study drug is supplied as tablets of {n} mg, taken once daily with food.",
    "Adherence is assessed by pill counts and an electronic diary (the *e-diary*).",
    "Quality of life is measured with the EQ-5D-5L and the SF-36 at baseline and every {k} months.",
    "Patients with an eGFR < {n} mL/min/1.73 m2 receive a reduced dose.",
    "Imaging is read centrally by two independent reviewers blinded to treatment.",
    "Biomarker samples are stored for up to {k} years for exploratory analyses.",
    "Follow-up after the end of treatment continues for {n} months or until withdrawal.",
    "The data monitoring committee may recommend stopping early for efficacy or harm.",
    "Safety endpoints include treatment_emergent adverse events and laboratory shifts.",
    "Pharmacokinetic sampling is sparse: {k} samples per participant over the first cycle.",
]

# What a long criterion adds to a template ({n} a number, {k} a small one).
CRITERION_QUALIFIERS = words(
    """as documented in the medical record within {n} days before screening|confirmed by the
    central laboratory|assessed by the site investigator at the screening visit|unless approved
    by the medical monitor|at any time during the {k} months before enrollment|as defined in
    section {k} of the protocol|based on the most recent assessment before day 1|regardless of
    the treatment received|including participants enrolled in substudy {k}|in the opinion of
    the treating physician|per local standard of care|verified at two visits at least {n} days
    apart|for participants in cohort {k} only|according to the {n}th edition of the staging
    manual|with the exception of alopecia and grade {k} neuropathy"""
)

POPULATION_TEXTS = [
    "Adults with {cond} attending the participating clinics during the study period.",
    "Consecutive patients with {cond} referred to the study centres.",
    "Residents of the study area aged 18 years and over, with and without {cond}.",
    "Patients with {cond} registered in the national registry.",
    "Children and adolescents with {cond} followed at tertiary care hospitals.",
]
BIOSPEC_DESCRIPTIONS = [
    "Whole blood, serum and plasma.",
    "Tumour tissue and blood samples.",
    "Serum samples stored at -80 degrees.",
    "Saliva and urine.",
    "DNA extracted from whole blood.",
]
TARGET_DURATIONS = ["6 Months", "1 Year", "2 Years", "3 Years", "5 Years", "12 Weeks", "30 Days"]

IPD_DESCRIPTIONS = [
    "Individual participant data that underlie the results reported in the publication, after"
    " deidentification.",
    "Data will be shared with qualified researchers through a data access request process.",
    "The sponsor shares data according to its published data sharing policy.",
]
IPD_INFO_TYPES = ["STUDY_PROTOCOL", "SAP", "ICF", "CSR", "ANALYTIC_CODE"]
