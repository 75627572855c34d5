"""Text templates: outcomes, summaries, titles, citations, cohorts, keywords and journals."""

from __future__ import annotations

from tools.synth.vocab import words

OUTCOME_MEASURES = words(
    """Overall survival|Progression-free survival|Objective response rate|Incidence of
    treatment-emergent adverse events|Change from baseline in HbA1c|Change in systolic blood
    pressure|Number of participants with dose-limiting toxicities|Maximum tolerated dose
    |Pathological complete response rate|Disease-free survival|Event-free survival|Duration of
    response|Time to progression|Change in body weight|Change in LDL cholesterol|All-cause
    mortality|Major adverse cardiovascular events|Hospital length of stay|Pain intensity on a
    visual analogue scale|Change in Hamilton Depression Rating Scale score|Change in PANSS total
    score|Change in Mini-Mental State Examination score|HIV-1 RNA below 50 copies/mL
    |Sustained virologic response 12 weeks after treatment|Time to clinical recovery|Rate of
    hospitalization|Change in FEV1|Annualized rate of severe exacerbations|ACR20 response
    |PASI 75 response|Clinical remission at week 52|Quality of life (EORTC QLQ-C30)|Health-
    related quality of life (SF-36)|Patient satisfaction score|Postoperative opioid consumption
    |Incidence of postoperative nausea and vomiting|Surgical site infection rate|Complete
    wound closure|Live birth rate|Clinical pregnancy rate|Seroconversion rate|Geometric mean
    titer of neutralizing antibodies|Incidence of solicited local reactions|Area under the
    concentration-time curve (AUC)|Maximum plasma concentration (Cmax)|Change in 6-minute
    walk distance|Adherence to study medication|Sleep quality (PSQI score)|Anxiety score
    (GAD-7)|Fatigue score|Feasibility of recruitment|Change in serum 25-hydroxyvitamin D
    |Change in eGFR|Time to first seizure|Abstinence from smoking verified by exhaled CO
    |Number of falls|Functional independence measure|Visual acuity (ETDRS letters)|Intraocular
    pressure|Change in HOMA-IR|Change in CRP|Glycemic time in range"""
)
TIME_FRAMES = words(
    """Up to 5 years|Up to 3 years|2 years|1 year|6 months|12 weeks|24 weeks|52 weeks|28 days
    |Baseline and 12 weeks|Baseline, 6 months and 12 months|Up to 30 days after the last dose
    |Through study completion, an average of 1 year|Day 1 to day 21 of cycle 1|48 hours
    |24 hours after surgery|Up to 90 days|Week 16|Week 26|Month 12|3 months|From randomization
    to death from any cause, assessed up to 60 months|Up to 24 months|8 weeks|Day 29|72 hours"""
)
OUTCOME_DESCRIPTIONS = words(
    """Assessed according to RECIST version 1.1.|Graded by CTCAE version 5.0.|Measured with a
    validated questionnaire at each visit.|Defined as the time from randomization to death
    from any cause.|Measured by a blinded central reader.|Proportion of participants meeting
    the criterion.|Assessed by the investigator at each scheduled visit.|Laboratory assessment
    at a central laboratory.|Recorded in the electronic patient diary.|Mean change from
    baseline, analysed by mixed model for repeated measures."""
)
SUMMARY_OPENERS = [
    "The purpose of this study is to evaluate the safety and efficacy of {drug} in patients"
    " with {cond}.",
    "This {phase}study will assess whether {drug} improves {outcome} in adults with {cond}.",
    "The goal of this clinical trial is to learn if {drug} works to treat {cond} in {pop}.",
    "This is a prospective, multicenter study of {pop} with {cond}.",
    "This randomized study compares {drug} with {comparator} in participants with {cond}.",
    "The aim of this observational study is to describe {outcome} in {pop} with {cond}.",
]
SUMMARY_SENTENCES = [
    "The main question it aims to answer is whether {drug} reduces {outcome} compared with"
    " {comparator}.",
    "Participants will receive {drug} for {w} weeks and will be followed for {m} months.",
    "Researchers will compare {outcome} between the study groups.",
    "Blood samples will be collected at baseline and at each follow-up visit.",
    "Secondary objectives include {outcome2} and safety.",
    "The study will enroll approximately {n} participants at {s} sites.",
    "Adverse events will be graded according to CTCAE version 5.0.",
    "Participants will complete questionnaires on quality of life, fatigue and sleep.",
    "Pharmacokinetic samples will be drawn before and after dosing.",
    "An independent data monitoring committee will review safety data periodically.",
    "Imaging with CT or MRI will be performed every 8 weeks to assess tumor response.",
    "Randomization will be stratified by center and disease severity.",
    "The intervention will be delivered by trained staff in the outpatient clinic.",
    "Patients will be contacted by telephone to record symptoms and medication use.",
]
CITATION_TITLES = (
    "Safety and efficacy of {drug} in patients with {cond}",
    "A {phase}study of {drug} in adults with {cond}",
    "{outcome} in {pop} with {cond}: a randomized trial",
    "Design and rationale of a trial of {drug} for {cond}",
)
POPULATIONS = words(
    """adults|older adults|children|adolescents|women|patients|hospitalized patients
    |outpatients|pregnant women|healthy volunteers|people living with HIV|nursing home
    residents|postmenopausal women|critically ill patients"""
)
COHORT_LABELS = words(
    """Patients with {cond}|Healthy controls|Cases|Controls|Exposed group|Unexposed group
    |Cohort A|Cohort B|Prospective cohort|Retrospective cohort|Treated patients
    |Untreated patients|Children with {cond}|Adults with {cond}|Responders|Non-responders
    |High-risk group|Low-risk group|Registry participants|Surgical patients"""
)
COHORT_DESCRIPTIONS = [
    "Participants diagnosed with {cond} followed at the study sites.",
    "Age- and sex-matched participants without {cond}.",
    "Consecutive patients seen in the outpatient clinic during the study period.",
    "Patients treated according to routine clinical practice.",
    "Participants enrolled in the national registry with at least one year of follow-up.",
]
KEYWORDS = words(
    """immunotherapy|chemotherapy|quality of life|biomarkers|randomized controlled trial
    |pharmacokinetics|safety|efficacy|real-world evidence|telemedicine|inflammation
    |microbiome|exercise|nutrition|adherence|prevention|screening|vaccine|mortality
    |machine learning|genetics|cost-effectiveness|elderly|pediatrics|rehabilitation
    |laparoscopy|anesthesia|analgesia|depression|anxiety|sleep|obesity
    |insulin resistance|cardiovascular risk|PD-1|EGFR mutation|HER2
    |neoadjuvant therapy|adjuvant therapy|radiotherapy|stem cells|CAR-T|cognitive function
    |ctDNA"""
)
JOURNALS = words(
    """N Engl J Med|Lancet|JAMA|BMJ|J Clin Oncol|Lancet Oncol|Ann Oncol|Circulation
    |Diabetes Care|Lancet Infect Dis|Clin Infect Dis|Am J Psychiatry|Neurology|Eur Heart J
    |Am J Respir Crit Care Med|Ann Rheum Dis|Gastroenterology|Pediatrics|Trials|BMJ Open
    |PLoS One|Contemp Clin Trials|Br J Anaesth|Ophthalmology|Hum Reprod"""
)
TITLES_OBSERVATIONAL = (
    "Registry of {Pop} With {cond}",
    "Observational Study of {cond} in {Pop}",
    "Risk Factors for {cond}",
    "Long-term Outcomes of {cond}",
)
TITLES = (
    "A Study of {Drug} in {Pop} With {cond}",
    "{Drug} for {cond}",
    "Efficacy and Safety of {Drug} in {cond}",
    "{Drug} Versus Standard Care in {cond}",
    "Trial of {Drug} in Patients With {cond}",
)
