"""Eligibility criteria templates (``{cond}``, ``{drug}`` and numbers are filled in)."""

from __future__ import annotations

from tools.synth.vocab import words

INCLUSION = words(
    """Age 18 years or older at the time of signing informed consent|Age {a} to {b} years,
    male or female|Histologically or cytologically confirmed {cond}|Diagnosis of {cond}
    according to current guidelines|Eastern Cooperative Oncology Group (ECOG) performance
    status of 0 or 1|ECOG performance status 0-2|Life expectancy of at least {m} months
    |At least one measurable lesion according to RECIST 1.1|Absolute neutrophil count ≥
    1.5 × 10^9/L|Platelet count ≥ {p} × 10^9/L|Hemoglobin ≥ {h} g/dL|Serum creatinine ≤ 1.5 ×
    upper limit of normal (ULN) or creatinine clearance ≥ {c} mL/min|Total bilirubin ≤ 1.5 ×
    ULN|AST and ALT ≤ {x} × ULN|HbA1c between 7.0% and {hb}%|Body mass index between {bmi}
    and 40 kg/m2|Stable dose of {drug} for at least {w} weeks|Women of childbearing potential
    must have a negative pregnancy test within 7 days before enrollment|Willing to use
    effective contraception during the study and for {m} months after the last dose|Able to
    understand and sign the written informed consent form|Able to comply with the study
    visits and procedures|Adequate organ and bone marrow function|Previously treated with at
    least one line of systemic therapy|Left ventricular ejection fraction ≥ 50%|Systolic
    blood pressure ≥ 140 mmHg on two visits|Scheduled for elective surgery under general
    anesthesia|American Society of Anesthesiologists physical status I-III|Fluent in the
    local language|Owns a smartphone|Resident in the study area for at least {m} months
    |Documented HIV-1 infection|Hospitalized with laboratory-confirmed SARS-CoV-2 infection
    |Healthy volunteers with no clinically significant medical history|Score of at least
    {s} on the screening questionnaire|Baseline pain intensity of at least 4 on a 0-10
    numeric rating scale"""
)
EXCLUSION = words(
    """Pregnant or breastfeeding women|Known hypersensitivity to {drug} or any of its
    excipients|Active hepatitis B or hepatitis C infection|Known HIV infection|Active
    autoimmune disease requiring systemic treatment in the past 2 years|Untreated or
    symptomatic brain metastases|Prior treatment with {drug}|Participation in another
    interventional study within the last {d} days|History of another malignancy within
    {y} years, except adequately treated basal cell carcinoma of the skin|Uncontrolled
    hypertension (systolic > 160 mmHg or diastolic > 100 mmHg)|Myocardial infarction or
    unstable angina within 6 months|New York Heart Association class III or IV heart failure
    |QTcF > 470 ms|Estimated glomerular filtration rate < {c} mL/min/1.73 m2|Severe hepatic
    impairment (Child-Pugh C)|Active infection requiring systemic antibiotics|Major surgery
    within 4 weeks before the first dose|Use of systemic corticosteroids > 10 mg/day of
    prednisone equivalent|History of organ transplantation|Alcohol or drug abuse within the
    past year|Psychiatric illness that would limit compliance|Known bleeding disorder or
    anticoagulant treatment|Interstitial lung disease or pneumonitis|Live vaccine within 30
    days before enrollment|Body mass index > 40 kg/m2|Type 1 diabetes|Diabetic ketoacidosis
    within 6 months|Current smoker|Cognitive impairment preventing informed consent|Any
    condition that, in the opinion of the investigator, would interfere with the study
    |Inability to attend follow-up visits|Contraindication to MRI|Previous surgery on the
    study knee|Allergy to local anesthetics|Hemoglobin < 9 g/dL|Platelet count < 100,000/mm^3"""
)
