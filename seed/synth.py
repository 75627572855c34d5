"""Synthetic trial documents for benchmarks: ``python -m seed synth --count N --out DIR``.

Each document is built in two steps: ``build_record(index, seed)`` draws an intended
``TrialRecord`` (distributions roughly like the ClinicalTrials.gov registry), then
``render_classic`` / ``render_modern`` write it out as the layout's text, so that
``seed.parse.parse_document`` reads the same record back (``tests/unit/test_synth.py``).

Pure standard library, one ``random.Random`` per document (seeded from ``--seed`` and the
document's index, so any range of indices can be generated on its own and gives the same
bytes), streamed: nothing but the current document is held in memory.
Even indices use the classic layout, odd ones the modern layout. NCT ids are ``NCT9`` + the
index on 7 digits, so they never clash with real ids.

Forms kept simpler than the registry because the parser cannot read them back (gaps):

* classic keywords run together on one line cannot be split (no head nouns): one per line.
* classic pages carry no sponsor class, no responsible-party type and no BACKUP contact role:
  the intended record leaves them out for that layout.
"""

from __future__ import annotations

import os
import random
from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate
from math import gcd
from pathlib import Path

from domain.dates import age_years
from domain.records import (
    ArmRecord,
    ContactRecord,
    CriterionRecord,
    DateRecord,
    DatesRecord,
    DesignRecord,
    EligibilityRecord,
    EnrollmentRecord,
    InterventionRecord,
    InvestigatorRecord,
    LocationRecord,
    OfficialRecord,
    OutcomeRecord,
    ReferenceRecord,
    ResponsiblePartyRecord,
    SourceRecord,
    SponsorRecord,
    TrialRecord,
)
from seed.terms import HEAD_NOUNS

MAX_INDEX = 9_999_999
TODAY = (2025, 6)  # (year, month): dates after it are estimates

# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> list[str]:
    """``"a|b\n |c"`` -> [a, b, c]: word lists are written as ``|``-separated text."""
    return [" ".join(w.split()) for w in text.split("|") if w.strip()]


# Conditions by therapeutic area, most frequent first inside each area; ``_CONDITIONS`` below
# interleaves them into one ranked list drawn with a Zipf-like law. Every name is one term to
# ``seed.normalize.split_terms``; names that do not end in a head noun are put last in the
# classic layout's run-together cell (see ``_condition_cell``).
_AREA_CONDITIONS = {
    "onc": """Breast Cancer|Prostate Cancer|Non-small Cell Lung Cancer|Colorectal Cancer
        |Gastric Cancer|Hepatocellular Carcinoma|Pancreatic Cancer|Lung Cancer|Ovarian Cancer
        |Multiple Myeloma|Acute Myeloid Leukemia|Lymphoma|Melanoma|Solid Tumor|Cervical Cancer
        |Head and Neck Squamous Cell Carcinoma|Esophageal Cancer|Bladder Cancer
        |Renal Cell Carcinoma|Diffuse Large B-Cell Lymphoma|Acute Lymphoblastic Leukemia
        |Chronic Lymphocytic Leukemia|Glioma|Endometrial Cancer|Thyroid Cancer|Rectal Cancer
        |Nasopharyngeal Carcinoma|Small Cell Lung Cancer|Myelodysplastic Syndromes
        |Hodgkin Lymphoma|Non-Hodgkin Lymphoma|Follicular Lymphoma|Mantle Cell Lymphoma
        |Chronic Myeloid Leukemia|Triple Negative Breast Cancer|Colon Cancer|Liver Cancer
        |Biliary Tract Cancer|Cholangiocarcinoma|Soft Tissue Sarcoma|Osteosarcoma|Neuroblastoma
        |Glioblastoma|Mesothelioma|Neuroendocrine Tumors|Gastrointestinal Stromal Tumor
        |Brain Metastases|Liver Metastases|Oral Cancer|Skin Cancer|Basal Cell Carcinoma
        |Cutaneous T-Cell Lymphoma|Myelofibrosis|Waldenstrom Macroglobulinemia|Anal Cancer
        |Vulvar Cancer|Penile Cancer|Testicular Cancer|Urothelial Carcinoma|Kidney Cancer
        |Advanced Solid Tumors|HER2-positive Breast Cancer|Castration-resistant Prostate Cancer
        |Advanced Colorectal Cancer|Squamous Cell Carcinoma|Adenocarcinoma|Ewing Sarcoma
        |Rhabdomyosarcoma|Wilms Tumor|Retinoblastoma|Medulloblastoma|Merkel Cell Carcinoma
        |Uveal Melanoma|Peritoneal Carcinomatosis|Cancer""",
    "cardio": """Hypertension|Heart Failure|Coronary Artery Disease|Atrial Fibrillation
        |Acute Myocardial Infarction|Stroke|Hypercholesterolemia|Cardiovascular Diseases
        |Peripheral Arterial Disease|Acute Coronary Syndrome|Pulmonary Arterial Hypertension
        |Aortic Stenosis|Venous Thromboembolism|Deep Vein Thrombosis|Ischemic Stroke
        |Cardiac Arrest|Dyslipidemia|Atherosclerosis|Heart Diseases|Cardiomyopathy
        |Intracerebral Hemorrhage|Subarachnoid Hemorrhage|Aortic Aneurysm
        |Congenital Heart Disease|Ventricular Tachycardia""",
    "metab": """Obesity|Diabetes Mellitus, Type 2|Type 1 Diabetes|Diabetes Mellitus
        |Chronic Kidney Disease|Non-alcoholic Fatty Liver Disease|Overweight|Metabolic Syndrome
        |Prediabetes|Insulin Resistance|Gestational Diabetes|Osteoporosis|Gout
        |End Stage Renal Disease|Diabetic Nephropathy|Diabetic Foot Ulcer|Hypothyroidism
        |Polycystic Ovary Syndrome|Vitamin D Deficiency|Malnutrition|Anemia
        |Iron Deficiency Anemia|Acute Kidney Injury|Hyperkalemia|Cystic Fibrosis""",
    "inf": """HIV Infections|COVID-19|Hepatitis C|Hepatitis B|Influenza|Tuberculosis
        |Malaria|Sepsis|Pneumonia|Respiratory Syncytial Virus Infections
        |Urinary Tract Infections|Human Papillomavirus Infection|Septic Shock
        |Chronic Hepatitis B|Clostridium Difficile Infection|Helicobacter Pylori Infection
        |Periodontitis|Bacterial Infections|Fungal Infections|Cytomegalovirus Infection
        |Herpes Zoster|Dengue|Cholera|Meningococcal Disease|Pneumococcal Infections
        |Surgical Site Infection|Ventilator Associated Pneumonia|Bacterial Vaginosis""",
    "neuro": """Depression|Schizophrenia|Alzheimer Disease|Parkinson Disease|Pain
        |Major Depressive Disorder|Anxiety|Multiple Sclerosis|Bipolar Disorder|Epilepsy
        |Insomnia|Migraine|Autism Spectrum Disorder|Chronic Pain|Dementia
        |Attention Deficit Hyperactivity Disorder|Post Traumatic Stress Disorder
        |Alcohol Use Disorder|Opioid Use Disorder|Smoking Cessation|Postoperative Pain
        |Amyotrophic Lateral Sclerosis|Traumatic Brain Injury|Spinal Cord Injuries
        |Neuropathic Pain|Low Back Pain|Mild Cognitive Impairment|Obsessive-Compulsive Disorder
        |Huntington Disease|Cerebral Palsy|Delirium|Fibromyalgia|Anorexia Nervosa
        |Cocaine Use Disorder|Generalized Anxiety Disorder|Restless Legs Syndrome""",
    "resp": """Asthma|Chronic Obstructive Pulmonary Disease|Obstructive Sleep Apnea
        |Idiopathic Pulmonary Fibrosis|Acute Respiratory Distress Syndrome|Bronchiectasis
        |Allergic Rhinitis|Respiratory Failure|Interstitial Lung Disease|Bronchopulmonary Dysplasia
        |Chronic Cough|Sarcoidosis|Pulmonary Embolism""",
    "immuno": """Rheumatoid Arthritis|Psoriasis|Crohn Disease|Ulcerative Colitis|Atopic Dermatitis
        |Systemic Lupus Erythematosus|Osteoarthritis|Knee Osteoarthritis|Ankylosing Spondylitis
        |Psoriatic Arthritis|Inflammatory Bowel Diseases|Sjogren Syndrome|Graft Versus Host Disease
        |Celiac Disease|Chronic Urticaria|Alopecia Areata|Vitiligo|Hidradenitis Suppurativa
        |Systemic Sclerosis|Myasthenia Gravis|Kidney Transplant Failure|Lupus Nephritis
        |Juvenile Idiopathic Arthritis|Irritable Bowel Syndrome|Gastroesophageal Reflux Disease
        |Sickle Cell Disease|Hemophilia A|Thalassemia|Immune Thrombocytopenia""",
    "other": """Healthy|Pregnancy|Infertility|Preterm Birth|Cataract|Glaucoma
        |Age-Related Macular Degeneration|Diabetic Retinopathy|Dry Eye Disease|Myopia
        |Dental Caries|Anesthesia|Surgery|Hip Fractures|Rotator Cuff Tears|Wound Healing
        |Burns|Postpartum Hemorrhage|Preeclampsia|Endometriosis|Menopause|Urinary Incontinence
        |Benign Prostatic Hyperplasia|Erectile Dysfunction|Critical Illness|Frailty|Aging
        |Sarcopenia|Hearing Loss|Tinnitus|Acne Vulgaris|Chronic Rhinosinusitis
        |Postoperative Nausea and Vomiting|Neonatal Sepsis|Bronchiolitis|Physical Activity
        |Quality of Life|Caregiver Burden|Sedentary Behavior""",
}
_AREA_TOP = {  # the registry's most frequent conditions: ranked ahead of everything else
    "Healthy": "other",
    "Breast Cancer": "onc",
    "COVID-19": "inf",
    "Obesity": "metab",
    "Prostate Cancer": "onc",
    "Diabetes Mellitus, Type 2": "metab",
    "HIV Infections": "inf",
    "Hypertension": "cardio",
    "Asthma": "resp",
    "Depression": "neuro",
    "Non-small Cell Lung Cancer": "onc",
    "Colorectal Cancer": "onc",
    "Gastric Cancer": "onc",
    "Schizophrenia": "neuro",
    "Heart Failure": "cardio",
    "Pain": "neuro",
    "Stroke": "cardio",
    "Coronary Artery Disease": "cardio",
    "Rheumatoid Arthritis": "immuno",
    "Hepatocellular Carcinoma": "onc",
}


def _ranked_conditions() -> list[tuple[str, str]]:
    lists = {
        area: [c.strip() for c in text.split("|") if c.strip()]
        for area, text in _AREA_CONDITIONS.items()
    }
    ranked = list(_AREA_TOP.items())
    seen = set(_AREA_TOP)
    # area weights: oncology is about a quarter of the registry
    order = ["onc", "onc", "neuro", "cardio", "metab", "inf", "onc", "immuno", "other", "resp"]
    k = 0
    while any(lists.values()):
        area = order[k % len(order)]
        k += 1
        while lists[area] and lists[area][0] in seen:
            lists[area].pop(0)
        if lists[area]:
            name = lists[area].pop(0)
            ranked.append((name, area))
            seen.add(name)
    return ranked


_CONDITIONS = _ranked_conditions()
# Zipf-Mandelbrot: the first name ~4% of draws, the top ten ~28%, the rarer half ~15%
_CONDITION_CUM = list(accumulate(1.0 / (r + 7) ** 1.1 for r in range(len(_CONDITIONS))))
_BY_AREA: dict[str, list[str]] = {}
for _name, _area in _CONDITIONS:
    _BY_AREA.setdefault(_area, []).append(_name)
_AREA_CUM = {a: list(accumulate(1.0 / (r + 1) for r in range(len(v)))) for a, v in _BY_AREA.items()}
_FEMALE = set(
    _words(
        """Breast Cancer|Ovarian Cancer|Cervical Cancer|Endometrial Cancer|Vulvar Cancer
        |Triple Negative Breast Cancer|HER2-positive Breast Cancer|Pregnancy|Preterm Birth
        |Postpartum Hemorrhage|Preeclampsia|Endometriosis|Menopause|Polycystic Ovary Syndrome
        |Gestational Diabetes|Bacterial Vaginosis|Infertility"""
    )
)
_MALE = {
    "Prostate Cancer",
    "Castration-resistant Prostate Cancer",
    "Benign Prostatic Hyperplasia",
    "Erectile Dysfunction",
    "Testicular Cancer",
    "Penile Cancer",
}
_PEDIATRIC = {
    "Neuroblastoma",
    "Wilms Tumor",
    "Retinoblastoma",
    "Medulloblastoma",
    "Bronchopulmonary Dysplasia",
    "Neonatal Sepsis",
    "Bronchiolitis",
    "Cerebral Palsy",
    "Autism Spectrum Disorder",
    "Attention Deficit Hyperactivity Disorder",
    "Juvenile Idiopathic Arthritis",
    "Rhabdomyosarcoma",
    "Ewing Sarcoma",
    "Dental Caries",
    "Myopia",
}


# Drugs by area (a few shared): DRUG interventions; Placebo is added by the arm builder.
_DRUGS = {
    "onc": _words(
        """pembrolizumab|paclitaxel|nivolumab|carboplatin|cisplatin|docetaxel|gemcitabine
        |oxaliplatin|capecitabine|cyclophosphamide|doxorubicin|trastuzumab|bevacizumab
        |atezolizumab|durvalumab|osimertinib|lenalidomide|bortezomib|ibrutinib|venetoclax
        |rituximab|fluorouracil|irinotecan|temozolomide|sorafenib|lenvatinib|olaparib
        |palbociclib|letrozole|tamoxifen|enzalutamide|abiraterone acetate|cabozantinib
        |sintilimab|camrelizumab|tislelizumab|toripalimab|etoposide|pemetrexed|azacitidine
        |decitabine|cytarabine|fludarabine|dexamethasone|daratumumab|carfilzomib|regorafenib
        |nab-paclitaxel|eribulin|fulvestrant|anlotinib|apatinib"""
    ),
    "cardio": _words(
        """atorvastatin|rosuvastatin|aspirin|clopidogrel|ticagrelor|rivaroxaban|apixaban
        |dabigatran|warfarin|heparin|enoxaparin|amlodipine|losartan|valsartan|lisinopril
        |metoprolol|bisoprolol|carvedilol|spironolactone|furosemide|sacubitril/valsartan
        |empagliflozin|dapagliflozin|ezetimibe|evolocumab|colchicine|tranexamic acid|alteplase
        |tenecteplase|ivabradine|nitroglycerin"""
    ),
    "metab": _words(
        """metformin|insulin glargine|semaglutide|liraglutide|dulaglutide|tirzepatide
        |sitagliptin|empagliflozin|dapagliflozin|canagliflozin|pioglitazone|glimepiride
        |insulin aspart|insulin degludec|vitamin D3|calcitriol|denosumab|zoledronic acid
        |alendronate|allopurinol|febuxostat|levothyroxine|orlistat|ferric carboxymaltose
        |finerenone|sodium bicarbonate"""
    ),
    "inf": _words(
        """dolutegravir|tenofovir alafenamide|emtricitabine|efavirenz|bictegravir|lamivudine
        |sofosbuvir|ledipasvir|glecaprevir/pibrentasvir|entecavir|remdesivir|nirmatrelvir
        |molnupiravir|ivermectin|hydroxychloroquine|azithromycin|amoxicillin|ceftriaxone
        |vancomycin|meropenem|piperacillin/tazobactam|doxycycline|rifampicin|isoniazid
        |bedaquiline|artemether-lumefantrine|dihydroartemisinin-piperaquine|oseltamivir
        |fluconazole|valganciclovir|fidaxomicin|metronidazole"""
    ),
    "neuro": _words(
        """sertraline|escitalopram|fluoxetine|venlafaxine|duloxetine|bupropion|ketamine
        |esketamine|quetiapine|aripiprazole|olanzapine|risperidone|paliperidone|clozapine
        |lithium|lamotrigine|levetiracetam|valproate|donepezil|memantine|levodopa
        |pramipexole|gabapentin|pregabalin|morphine|oxycodone|fentanyl|buprenorphine
        |methadone|naltrexone|naloxone|varenicline|melatonin|zolpidem|ocrelizumab
        |natalizumab|dexmedetomidine|propofol|ropivacaine|bupivacaine|lidocaine|ibuprofen
        |acetaminophen|ketorolac|celecoxib|botulinum toxin type A|psilocybin"""
    ),
    "resp": _words(
        """budesonide|fluticasone|salmeterol|formoterol|tiotropium|montelukast|omalizumab
        |mepolizumab|benralizumab|dupilumab|prednisone|methylprednisolone|azithromycin
        |nintedanib|pirfenidone|roflumilast|albuterol|ipratropium|indacaterol"""
    ),
    "immuno": _words(
        """adalimumab|infliximab|etanercept|tofacitinib|upadacitinib|baricitinib|methotrexate
        |ustekinumab|secukinumab|ixekizumab|vedolizumab|dupilumab|tacrolimus|cyclosporine
        |mycophenolate mofetil|hydroxychloroquine|prednisolone|rituximab|belimumab
        |mesalamine|budesonide|hydroxyurea|emicizumab|eltrombopag|risankizumab|guselkumab"""
    ),
    "other": _words(
        """oxytocin|misoprostol|progesterone|letrozole|estradiol|dexmedetomidine|propofol
        |sevoflurane|remifentanil|ondansetron|dexamethasone|tranexamic acid|bupivacaine
        |atropine|latanoprost|ranibizumab|aflibercept|bevacizumab|tamsulosin|mirabegron
        |sildenafil|tadalafil|chlorhexidine|fluoride varnish|cefazolin|midazolam|ketamine"""
    ),
}
_DRUG_CUM = {
    a: list(accumulate(1.0 / (r + 1) ** 0.8 for r in range(len(v)))) for a, v in _DRUGS.items()
}
_CODE_PREFIXES = _words("MK|BMS|ABT|LY|JNJ|GSK|PF|SHR|BGB|AZD|RO|BAY|TAK|AMG|IBI|HLX|ONO|ALXN|REGN")
_BIOLOGICALS = _words(
    """CAR-T cells|mRNA-1273|BNT162b2|influenza vaccine|HPV vaccine|pneumococcal conjugate
    vaccine|hepatitis B vaccine|BCG vaccine|autologous stem cell transplantation|mesenchymal
    stem cells|fecal microbiota transplantation|convalescent plasma|platelet-rich plasma
    |dendritic cell vaccine|tumor-infiltrating lymphocytes|allogeneic hematopoietic stem cell
    transplantation|RSV vaccine|rotavirus vaccine|NK cells|oncolytic virus|probiotic
    Lactobacillus rhamnosus GG|intravenous immunoglobulin|measles vaccine|malaria vaccine
    RTS,S/AS01|tuberculosis vaccine M72/AS01E|botulinum toxin|anti-CD19 CAR-T cells
    |BCMA CAR-T cells|cord blood transplantation"""
)
_DEVICES = _words(
    """continuous glucose monitor|insulin pump|transcranial magnetic stimulation
    |transcranial direct current stimulation|drug-eluting stent|left atrial appendage occluder
    |CPAP|wearable activity tracker|smartphone application|virtual reality headset
    |negative pressure wound therapy|intraocular lens|hearing aid|cochlear implant
    |spinal cord stimulator|high-flow nasal cannula|photobiomodulation|extracorporeal shockwave
    therapy|knee brace|compression stockings|laser therapy|electrical muscle stimulation
    |transcutaneous electrical nerve stimulation|robotic gait trainer|mobile health app
    |contact lens|dental implant|vagus nerve stimulation|deep brain stimulation|pulse oximeter"""
)
_PROCEDURES = _words(
    """laparoscopic surgery|robotic-assisted surgery|radical prostatectomy|mastectomy
    |lumpectomy|gastrectomy|esophagectomy|hepatectomy|total knee arthroplasty|total hip
    arthroplasty|percutaneous coronary intervention|catheter ablation|cesarean section
    |bariatric surgery|sleeve gastrectomy|colonoscopy|endoscopic ultrasound|nerve block
    |epidural analgesia|spinal anesthesia|general anesthesia|physiotherapy|acupuncture
    |hemodialysis|liver transplantation|kidney transplantation|thrombectomy|biopsy
    |sentinel lymph node biopsy|prehabilitation|dry needling|manual therapy|cryoablation
    |radiofrequency ablation|hyperthermic intraperitoneal chemotherapy|blood sampling"""
)
_BEHAVIORALS = _words(
    """cognitive behavioral therapy|mindfulness-based stress reduction|motivational
    interviewing|exercise training|aerobic exercise|resistance training|yoga|health education
    |text message reminders|peer support|nutrition counseling|lifestyle intervention
    |smoking cessation counseling|sleep hygiene education|problem-solving therapy
    |psychoeducation|school-based intervention|financial incentives|telehealth coaching
    |high-intensity interval training|tai chi|music therapy|parenting program
    |self-management program|brief alcohol intervention|dance therapy|walking program"""
)
_RADIATIONS = _words(
    """stereotactic body radiation therapy|intensity-modulated radiation therapy|proton beam
    therapy|whole brain radiotherapy|hypofractionated radiotherapy|brachytherapy
    |stereotactic radiosurgery|chemoradiotherapy|low-dose radiation therapy|radioiodine
    therapy|total body irradiation|lutetium Lu 177 dotatate"""
)
_SUPPLEMENTS = _words(
    """vitamin D|omega-3 fatty acids|probiotics|vitamin C|zinc|iron supplementation
    |folic acid|curcumin|magnesium|oral nutritional supplement|whey protein|creatine
    |melatonin supplement|coenzyme Q10|vitamin B12|calcium|green tea extract|beta-alanine
    |fiber supplement|multivitamin"""
)
_OTHERS = _words(
    """standard of care|usual care|questionnaire|blood sample collection|no intervention
    |best supportive care|observation|saline|data collection|MRI|PET-CT|quality of life
    assessment|wait-list control|educational booklet|telephone follow-up|standard diet
    |interview|ultrasound assessment|biomarker analysis|routine care"""
)
_DIAGNOSTICS = _words(
    """rapid antigen test|PCR testing|liquid biopsy|genomic profiling|low-dose CT screening
    |point-of-care ultrasound|HPV self-sampling|FIT test|circulating tumor DNA assay"""
)
_ITYPES = [
    ("DRUG", 46),
    ("OTHER", 12),
    ("DEVICE", 10),
    ("BEHAVIORAL", 10),
    ("PROCEDURE", 9),
    ("BIOLOGICAL", 6),
    ("DIETARY_SUPPLEMENT", 3),
    ("RADIATION", 2),
    ("DIAGNOSTIC_TEST", 2),
]
_ITYPE_NAMES = {
    "BIOLOGICAL": _BIOLOGICALS,
    "DEVICE": _DEVICES,
    "PROCEDURE": _PROCEDURES,
    "BEHAVIORAL": _BEHAVIORALS,
    "RADIATION": _RADIATIONS,
    "DIETARY_SUPPLEMENT": _SUPPLEMENTS,
    "OTHER": _OTHERS,
    "DIAGNOSTIC_TEST": _DIAGNOSTICS,
}
_CLASSIC_ITYPE = {
    "DRUG": "Drug",
    "BIOLOGICAL": "Biological",
    "DEVICE": "Device",
    "PROCEDURE": "Procedure",
    "BEHAVIORAL": "Behavioral",
    "RADIATION": "Radiation",
    "DIETARY_SUPPLEMENT": "Dietary Supplement",
    "OTHER": "Other",
    "DIAGNOSTIC_TEST": "Diagnostic Test",
}

# --------------------------------------------------------------------------- places

_US_CITIES = [
    ("New York", "New York", "100"),
    ("Boston", "Massachusetts", "021"),
    ("Houston", "Texas", "770"),
    ("Los Angeles", "California", "900"),
    ("Chicago", "Illinois", "606"),
    ("Philadelphia", "Pennsylvania", "191"),
    ("Baltimore", "Maryland", "212"),
    ("Rochester", "Minnesota", "559"),
    ("Seattle", "Washington", "981"),
    ("Nashville", "Tennessee", "372"),
    ("Atlanta", "Georgia", "303"),
    ("San Francisco", "California", "941"),
    ("Ann Arbor", "Michigan", "481"),
    ("Pittsburgh", "Pennsylvania", "152"),
    ("Cleveland", "Ohio", "441"),
    ("Durham", "North Carolina", "277"),
    ("Miami", "Florida", "331"),
    ("Denver", "Colorado", "802"),
    ("Saint Louis", "Missouri", "631"),
    ("Bethesda", "Maryland", "208"),
    ("Dallas", "Texas", "752"),
    ("Phoenix", "Arizona", "850"),
    ("Portland", "Oregon", "972"),
    ("Salt Lake City", "Utah", "841"),
    ("Birmingham", "Alabama", "352"),
    ("Madison", "Wisconsin", "537"),
    ("Iowa City", "Iowa", "522"),
    ("New Haven", "Connecticut", "065"),
    ("Columbus", "Ohio", "432"),
    ("Minneapolis", "Minnesota", "554"),
    ("Indianapolis", "Indiana", "462"),
    ("Charlottesville", "Virginia", "229"),
    ("San Diego", "California", "921"),
    ("Aurora", "Colorado", "800"),
    ("Omaha", "Nebraska", "681"),
]
# country: (weight, cities, zip style) -- zip styles: "5" digits, "6", "4", "uk", "ca", ""
_COUNTRIES: dict[str, tuple[float, list[str], str]] = {
    "China": (14, _words("Beijing|Shanghai|Guangzhou|Chengdu|Wuhan|Hangzhou|Chongqing"), "6"),
    "France": (6, _words("Paris|Lyon|Marseille|Toulouse|Lille|Bordeaux|Nantes"), "5"),
    "Egypt": (4, _words("Cairo|Assiut|Alexandria|Mansoura|Giza"), ""),
    "Canada": (3.5, _words("Toronto|Montreal|Vancouver|Calgary|Ottawa|Edmonton"), "ca"),
    "United Kingdom": (3.5, _words("London|Manchester|Birmingham|Oxford|Glasgow|Leeds"), "uk"),
    "Germany": (3.5, _words("Berlin|Munich|Hamburg|Heidelberg|Frankfurt|Cologne"), "5"),
    "Spain": (3, _words("Madrid|Barcelona|Valencia|Sevilla|Pamplona"), "5"),
    "Italy": (3, _words("Milan|Rome|Naples|Bologna|Padova|Torino"), "5"),
    "Korea, Republic of": (3, _words("Seoul|Busan|Incheon|Daegu|Seongnam"), "5"),
    "Turkey": (3, _words("Istanbul|Ankara|Izmir|Konya"), "5"),
    "Japan": (2, _words("Tokyo|Osaka|Nagoya|Fukuoka|Sapporo|Kyoto"), ""),
    "Denmark": (1.5, _words("Copenhagen|Aarhus|Odense|Aalborg"), "4"),
    "Netherlands": (1.5, _words("Amsterdam|Rotterdam|Utrecht|Leiden|Nijmegen"), ""),
    "Belgium": (1.2, _words("Brussels|Leuven|Ghent|Antwerp|Liege"), "4"),
    "Australia": (1.2, _words("Melbourne|Sydney|Brisbane|Perth|Adelaide"), "4"),
    "Brazil": (1.2, _words("Sao Paulo|Rio de Janeiro|Porto Alegre|Belo Horizonte"), ""),
    "Switzerland": (1, _words("Zurich|Geneva|Basel|Bern|Lausanne"), "4"),
    "Sweden": (1, _words("Stockholm|Gothenburg|Uppsala|Lund"), ""),
    "Israel": (1, _words("Tel Aviv|Jerusalem|Haifa|Petah Tikva"), ""),
    "Iran, Islamic Republic of": (1, _words("Tehran|Shiraz|Mashhad|Tabriz"), ""),
    "Taiwan": (1, _words("Taipei|Kaohsiung|Taichung|Tainan"), ""),
    "Pakistan": (1, _words("Lahore|Karachi|Rawalpindi|Peshawar"), ""),
    "India": (1, _words("New Delhi|Mumbai|Chennai|Bangalore|Vellore"), "6"),
    "Norway": (0.8, _words("Oslo|Bergen|Trondheim"), "4"),
    "Poland": (0.8, _words("Warsaw|Krakow|Gdansk|Lodz"), ""),
    "Austria": (0.7, _words("Vienna|Graz|Innsbruck|Salzburg"), "4"),
    "Mexico": (0.7, _words("Mexico City|Guadalajara|Monterrey"), "5"),
    "Greece": (0.5, _words("Athens|Thessaloniki|Heraklion"), ""),
    "Finland": (0.5, _words("Helsinki|Tampere|Turku|Oulu"), "5"),
    "Hong Kong": (0.5, _words("Hong Kong|Shatin|Kowloon"), ""),
    "Thailand": (0.5, _words("Bangkok|Chiang Mai|Khon Kaen"), "5"),
    "Russian Federation": (0.5, _words("Moscow|Saint Petersburg|Kazan|Novosibirsk"), "6"),
    "Argentina": (0.5, _words("Buenos Aires|Cordoba|Rosario"), ""),
    "Czechia": (0.4, _words("Prague|Brno|Olomouc"), ""),
    "Hungary": (0.4, _words("Budapest|Debrecen|Szeged|Pecs"), "4"),
    "Portugal": (0.4, _words("Lisbon|Porto|Coimbra"), ""),
    "Ireland": (0.4, _words("Dublin|Cork|Galway"), ""),
    "Saudi Arabia": (0.4, _words("Riyadh|Jeddah|Dammam"), ""),
    "Singapore": (0.3, _words("Singapore"), "6"),
    "South Africa": (0.4, _words("Johannesburg|Cape Town|Durban|Soweto"), "4"),
    "Romania": (0.3, _words("Bucharest|Cluj-Napoca|Iasi"), ""),
    "Tunisia": (0.3, _words("Tunis|Sfax|Sousse|Monastir"), ""),
    "Chile": (0.3, _words("Santiago|Valparaiso|Temuco"), ""),
    "Colombia": (0.3, _words("Bogota|Medellin|Cali"), ""),
    "Bulgaria": (0.2, _words("Sofia|Plovdiv|Varna"), ""),
    "Peru": (0.2, _words("Lima|Arequipa|Cusco"), ""),
    "Ukraine": (0.2, _words("Kyiv|Lviv|Kharkiv|Odesa"), ""),
    "Nigeria": (0.2, _words("Lagos|Ibadan|Abuja"), ""),
    "Kenya": (0.2, _words("Nairobi|Kisumu|Kilifi"), ""),
    "Uganda": (0.2, _words("Kampala|Mbarara|Gulu"), ""),
    "Vietnam": (0.2, _words("Hanoi|Ho Chi Minh City|Hue"), ""),
    "Malaysia": (0.2, _words("Kuala Lumpur|Penang|Johor Bahru"), "5"),
    "Indonesia": (0.2, _words("Jakarta|Bandung|Surabaya"), ""),
    "Serbia": (0.15, _words("Belgrade|Novi Sad|Nis"), ""),
    "New Zealand": (0.15, _words("Auckland|Christchurch|Wellington"), "4"),
    "Lebanon": (0.15, _words("Beirut|Tripoli"), ""),
    "Jordan": (0.15, _words("Amman|Irbid"), ""),
    "Bangladesh": (0.15, _words("Dhaka|Chittagong"), ""),
    "Malawi": (0.1, _words("Lilongwe|Blantyre"), ""),
    "Puerto Rico": (0.1, _words("San Juan|Ponce"), "5"),
}
_US_WEIGHT = 33.0
_COUNTRY_NAMES = ["United States", *_COUNTRIES]
_COUNTRY_CUM = list(accumulate([_US_WEIGHT, *(v[0] for v in _COUNTRIES.values())]))
_FACILITY_TEMPLATES = [
    "{city} University Hospital",
    "University Hospital of {city}",
    "{city} General Hospital",
    "{city} Medical Center",
    "{city} Cancer Center",
    "{city} Children's Hospital",
    "{city} Clinical Research Center",
    "Research Site",
    "Local Institution",
    "{city} Institute of Medical Sciences",
    "{city} Regional Hospital",
    "First Affiliated Hospital of {city} Medical University",
    "{city} University Medical School",
    "Investigational Site Number {n}",
]
_FACILITY_CUM = list(accumulate([12, 10, 10, 10, 6, 4, 6, 8, 3, 4, 5, 4, 4, 5]))

# --------------------------------------------------------------------------- people, orgs

_FIRST = _words(
    """James|Mary|John|Patricia|Robert|Jennifer|Michael|Linda|David|Elizabeth|William
    |Susan|Richard|Jessica|Thomas|Sarah|Daniel|Karen|Wei|Jing|Li|Xiaoming|Yan|Hui|Jun
    |Mohamed|Ahmed|Fatma|Mona|Ali|Hassan|Yuki|Hiroshi|Kenji|Ji-Hoon|Min-jung|Seung
    |Pierre|Marie|Jean|Sophie|Camille|Hans|Anna|Klaus|Maria|Giovanni|Francesca|Luca
    |Carlos|Ana|Javier|Lucia|Lars|Ingrid|Anders|Priya|Rahul|Amit|Olga|Ivan|Fernanda
    |Paulo|Emre|Ayse|Noa|Yosef|Kwame|Amina|Chinedu|Lukas|Eva|Jan|Katarzyna|Mehmet"""
)
_LAST = _words(
    """Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Wilson
    |Anderson|Taylor|Thomas|Moore|Jackson|Martin|Lee|Thompson|White|Harris|Clark|Lewis
    |Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Lin
    |Kim|Park|Choi|Jung|Kang|Tanaka|Suzuki|Sato|Takahashi|Watanabe|Ibrahim|Hassan|Mahmoud
    |Abdelrahman|Elsayed|Mostafa|Dubois|Martin|Bernard|Petit|Durand|Leroy|Muller|Schmidt
    |Schneider|Fischer|Weber|Rossi|Russo|Ferrari|Esposito|Bianchi|Fernandez|Lopez|Gonzalez
    |Sanchez|Perez|Hansen|Nielsen|Jensen|Andersen|Larsen|Sharma|Patel|Singh|Kumar|Ivanov
    |Smirnov|Silva|Santos|Oliveira|Yilmaz|Kaya|Demir|Cohen|Levi|Mensah|Okafor|Novak|Kowalski"""
)
_DEGREES = ["MD", "MD", "MD", "MD, PhD", "PhD", "MD, MPH", "MSc", "RN", "PharmD", "MBBS", "Prof"]
_INDUSTRY = _words(
    """Pfizer|Novartis Pharmaceuticals|Hoffmann-La Roche|AstraZeneca|Merck Sharp & Dohme LLC
    |GlaxoSmithKline|Sanofi|Bristol-Myers Squibb|Eli Lilly and Company|Janssen Research &
    Development, LLC|Boehringer Ingelheim|Bayer|Novo Nordisk A/S|AbbVie|Amgen|Gilead Sciences
    |Takeda|Daiichi Sankyo|Astellas Pharma Inc|Jiangsu HengRui Medicine Co., Ltd.|BeiGene
    |Regeneron Pharmaceuticals|Medtronic|Boston Scientific Corporation|Abbott Medical Devices
    |Moderna|BioNTech SE|Vertex Pharmaceuticals|Biogen|Otsuka Pharmaceutical Co., Ltd.
    |Innovent Biologics (Suzhou) Co. Ltd.|Chia Tai Tianqing Pharmaceutical Group Co., Ltd.
    |Teva Pharmaceutical Industries|Allergan|Alcon Research|Ipsen|Servier|UCB Pharma
    |Incyte Corporation|Seagen Inc.|Ferring Pharmaceuticals|Celltrion|Hanmi Pharmaceutical
    Company Limited|Zai Lab (Shanghai) Co., Ltd.|Dexcom, Inc.|Philips Respironics"""
)
_NIH = _words(
    """National Cancer Institute (NCI)|National Institute of Allergy and Infectious Diseases
    (NIAID)|National Heart, Lung, and Blood Institute (NHLBI)|National Institute of Mental
    Health (NIMH)|National Institute on Drug Abuse (NIDA)|National Institute on Aging (NIA)
    |National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK)|Eunice Kennedy
    Shriver National Institute of Child Health and Human Development (NICHD)"""
)
_FED = _words(
    """VA Office of Research and Development|Centers for Disease Control and Prevention
    |Walter Reed Army Institute of Research (WRAIR)|U.S. Army Medical Research and Development
    Command|Agency for Healthcare Research and Quality (AHRQ)"""
)
_NETWORK = _words(
    """Children's Oncology Group|ECOG-ACRIN Cancer Research Group|SWOG Cancer Research Network
    |Alliance for Clinical Trials in Oncology|NRG Oncology|European Organisation for Research
    and Treatment of Cancer - EORTC|AIDS Clinical Trials Group|HIV Vaccine Trials Network
    |Canadian Cancer Trials Group|UNICANCER"""
)
_OTHER_GOV = _words(
    """Assistance Publique - Hopitaux de Paris|Hospices Civils de Lyon|Medical Research Council
    |Agence Nationale de Recherches sur le SIDA|Fondazione IRCCS Istituto Nazionale dei Tumori
    |Instituto de Salud Carlos III|Japan Agency for Medical Research and Development"""
)
_SPONSOR_CLASS_CUM = list(accumulate([36, 56, 2, 1, 2, 2, 1]))
_SPONSOR_CLASSES = ["INDUSTRY", "OTHER", "NIH", "FED", "NETWORK", "OTHER_GOV", "INDIV"]
_OTHER_ORG = [
    "University of {city}",
    "{city} University Hospital",
    "{city} Medical University",
    "{city} University",
    "{city} Cancer Hospital",
    "{city} Children's Hospital",
    "{city} Heart Institute",
    "University Hospital, {city}",
]

# --------------------------------------------------------------------------- statuses

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
_STATUS_NAMES = [s for s, _ in _STATUS]
_STATUS_CUM = list(accumulate(w for _, w in _STATUS))
_CLASSIC_STATUS = {
    "COMPLETED": "Completed",
    "RECRUITING": "Recruiting",
    "UNKNOWN": "Unknown",
    "TERMINATED": "Terminated",
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "WITHDRAWN": "Withdrawn",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "SUSPENDED": "Suspended",
    "AVAILABLE": "Available",
    "NO_LONGER_AVAILABLE": "No longer available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
}
_WHY_STOPPED = _words(
    """Slow accrual|Low recruitment|Sponsor decision|Lack of funding|Business decision
    |Study drug no longer available|Futility at interim analysis|Safety concerns
    |PI left the institution|COVID-19 pandemic|The study was terminated early by the sponsor
    |Company decision not related to safety|Insufficient enrollment|Drug supply issues
    |Funding withdrawn|Logistical reasons|Enrollment target could not be met|Regulatory reasons
    |Investigator decision|Study was not initiated|No participants enrolled|Strategic reasons
    |Efficacy endpoint met at interim analysis|Reform CAR structure due to safety consideration"""
)
_LAST_KNOWN = [
    "RECRUITING",
    "RECRUITING",
    "RECRUITING",
    "NOT_YET_RECRUITING",
    "ACTIVE_NOT_RECRUITING",
    "ENROLLING_BY_INVITATION",
]

# --------------------------------------------------------------------------- design enums

_CLASSIC_PHASE = {
    "NA": "Not Applicable",
    "EARLY_PHASE1": "Early Phase 1",
    "PHASE1": "Phase 1",
    "PHASE2": "Phase 2",
    "PHASE3": "Phase 3",
    "PHASE4": "Phase 4",
}
_PHASES = [
    (("NA",), 33),
    (("EARLY_PHASE1",), 2),
    (("PHASE1",), 12),
    (("PHASE1", "PHASE2"), 4),
    (("PHASE2",), 17),
    (("PHASE2", "PHASE3"), 2),
    (("PHASE3",), 11),
    (("PHASE4",), 13),
]
_PHASE_CUM = list(accumulate(w for _, w in _PHASES))
_PURPOSES = [
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
_PURPOSE_CUM = list(accumulate(p[2] for p in _PURPOSES))
_CLASSIC = {
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
_OBS_MODELS = [
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
_OBS_CUM = list(accumulate(w for _, w in _OBS_MODELS))
_TIME_PERSPECTIVES = [("PROSPECTIVE", 60), ("RETROSPECTIVE", 25), ("CROSS_SECTIONAL", 12)]
_TIME_PERSPECTIVES += [("OTHER", 3)]
_TP_CUM = list(accumulate(w for _, w in _TIME_PERSPECTIVES))

_MONTHS = _words(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# --------------------------------------------------------------------------- text templates

_OUTCOME_MEASURES = _words(
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
_TIME_FRAMES = _words(
    """Up to 5 years|Up to 3 years|2 years|1 year|6 months|12 weeks|24 weeks|52 weeks|28 days
    |Baseline and 12 weeks|Baseline, 6 months and 12 months|Up to 30 days after the last dose
    |Through study completion, an average of 1 year|Day 1 to day 21 of cycle 1|48 hours
    |24 hours after surgery|Up to 90 days|Week 16|Week 26|Month 12|3 months|From randomization
    to death from any cause, assessed up to 60 months|Up to 24 months|8 weeks|Day 29|72 hours"""
)
_OUTCOME_DESCRIPTIONS = _words(
    """Assessed according to RECIST version 1.1.|Graded by CTCAE version 5.0.|Measured with a
    validated questionnaire at each visit.|Defined as the time from randomization to death
    from any cause.|Measured by a blinded central reader.|Proportion of participants meeting
    the criterion.|Assessed by the investigator at each scheduled visit.|Laboratory assessment
    at a central laboratory.|Recorded in the electronic patient diary.|Mean change from
    baseline, analysed by mixed model for repeated measures."""
)
_INCLUSION = _words(
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
_EXCLUSION = _words(
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
_SUMMARY_OPENERS = [
    "The purpose of this study is to evaluate the safety and efficacy of {drug} in patients"
    " with {cond}.",
    "This {phase}study will assess whether {drug} improves {outcome} in adults with {cond}.",
    "The goal of this clinical trial is to learn if {drug} works to treat {cond} in {pop}.",
    "This is a prospective, multicenter study of {pop} with {cond}.",
    "This randomized study compares {drug} with {comparator} in participants with {cond}.",
    "The aim of this observational study is to describe {outcome} in {pop} with {cond}.",
]
_SUMMARY_SENTENCES = [
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
_CITATION_TITLES = (
    "Safety and efficacy of {drug} in patients with {cond}",
    "A {phase}study of {drug} in adults with {cond}",
    "{outcome} in {pop} with {cond}: a randomized trial",
    "Design and rationale of a trial of {drug} for {cond}",
)
_POPULATIONS = _words(
    """adults|older adults|children|adolescents|women|patients|hospitalized patients
    |outpatients|pregnant women|healthy volunteers|people living with HIV|nursing home
    residents|postmenopausal women|critically ill patients"""
)
_COHORT_LABELS = _words(
    """Patients with {cond}|Healthy controls|Cases|Controls|Exposed group|Unexposed group
    |Cohort A|Cohort B|Prospective cohort|Retrospective cohort|Treated patients
    |Untreated patients|Children with {cond}|Adults with {cond}|Responders|Non-responders
    |High-risk group|Low-risk group|Registry participants|Surgical patients"""
)
_COHORT_DESCRIPTIONS = [
    "Participants diagnosed with {cond} followed at the study sites.",
    "Age- and sex-matched participants without {cond}.",
    "Consecutive patients seen in the outpatient clinic during the study period.",
    "Patients treated according to routine clinical practice.",
    "Participants enrolled in the national registry with at least one year of follow-up.",
]
_KEYWORDS = _words(
    """immunotherapy|chemotherapy|quality of life|biomarkers|randomized controlled trial
    |pharmacokinetics|safety|efficacy|real-world evidence|telemedicine|inflammation
    |microbiome|exercise|nutrition|adherence|prevention|screening|vaccine|mortality
    |machine learning|genetics|cost-effectiveness|elderly|pediatrics|rehabilitation
    |laparoscopy|anesthesia|analgesia|depression|anxiety|sleep|obesity
    |insulin resistance|cardiovascular risk|PD-1|EGFR mutation|HER2
    |neoadjuvant therapy|adjuvant therapy|radiotherapy|stem cells|CAR-T|cognitive function
    |ctDNA"""
)
_MESH_BY_AREA = {
    "onc": ["Neoplasms", "Neoplasms by Site", "Antineoplastic Agents"],
    "cardio": ["Cardiovascular Diseases", "Heart Diseases", "Vascular Diseases"],
    "metab": ["Metabolic Diseases", "Endocrine System Diseases", "Nutrition Disorders"],
    "inf": ["Infections", "Communicable Diseases", "Anti-Infective Agents"],
    "neuro": ["Mental Disorders", "Nervous System Diseases", "Central Nervous System Agents"],
    "resp": ["Respiratory Tract Diseases", "Lung Diseases", "Respiratory System Agents"],
    "immuno": ["Immune System Diseases", "Autoimmune Diseases", "Immunosuppressive Agents"],
    "other": ["Pathologic Processes", "Physiological Effects of Drugs"],
}
_JOURNALS = _words(
    """N Engl J Med|Lancet|JAMA|BMJ|J Clin Oncol|Lancet Oncol|Ann Oncol|Circulation
    |Diabetes Care|Lancet Infect Dis|Clin Infect Dis|Am J Psychiatry|Neurology|Eur Heart J
    |Am J Respir Crit Care Med|Ann Rheum Dis|Gastroenterology|Pediatrics|Trials|BMJ Open
    |PLoS One|Contemp Clin Trials|Br J Anaesth|Ophthalmology|Hum Reprod"""
)


# --------------------------------------------------------------------------- drawing helpers


def _pick(rng: random.Random, items, cum):
    return items[bisect(cum, rng.random() * cum[-1])]


def _choice(rng: random.Random, items):
    """``rng.choice`` at a fraction of its cost (one ``random()`` call)."""
    return items[int(rng.random() * len(items))]


def _randint(rng: random.Random, a: int, b: int) -> int:
    return a + int(rng.random() * (b - a + 1))


_RNG = random.Random()  # re-seeded for each document: cheaper than a new instance
_STEPS: dict[int, list[int]] = {}


def _sample(rng: random.Random, items, k: int) -> list:
    """``k`` distinct items (fewer if there are not enough): a random start and a random step
    coprime with the length, i.e. two ``random()`` calls instead of ``rng.sample``'s ``k``."""
    n = len(items)
    steps = _STEPS.get(n)
    if steps is None:
        steps = _STEPS[n] = [d for d in range(1, max(2, n)) if gcd(d, n) == 1] or [1]
    at = int(rng.random() * n)
    step = steps[int(rng.random() * len(steps))]
    return [items[(at + j * step) % n] for j in range(min(k, n))]


def _lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(round(rng.lognormvariate(0.0, sigma) * median))))


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _ym(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _date(rng: random.Random, mi: int, full: bool) -> str:
    year, month = _ym(mi)
    if not full:
        return f"{year:04d}-{month:02d}"
    days = _DAYS_IN_MONTH[month - 1] + (month == 2 and year % 4 == 0)
    return f"{year:04d}-{month:02d}-{_randint(rng, 1, days):02d}"


def _person(rng: random.Random) -> str:
    return f"{_choice(rng, _FIRST)} {_choice(rng, _LAST)}"


def ends_in_head_noun(name: str) -> bool:
    """The condition ends in a word after which ``split_terms`` starts a new term."""
    return name.rsplit(None, 1)[-1].lower() in HEAD_NOUNS


def document_name(index: int) -> str:
    return f"synth_{index:07d}.txt"


def nct_id(index: int) -> str:
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"index {index} out of range 0..{MAX_INDEX}")
    return f"NCT9{index:07d}"


def layout_of(index: int) -> str:
    return "classic" if index % 2 == 0 else "modern"


# --------------------------------------------------------------------------- the record


def build_record(index: int, seed: int = 0) -> TrialRecord:
    """The intended record of document ``index``: what ``parse_document`` should read back."""
    rng = _RNG
    rng.seed(seed * 10_000_019 + index)
    layout = layout_of(index)
    classic = layout == "classic"

    # -- study type, status, phases
    r = rng.random()
    study_type = (
        "INTERVENTIONAL" if r < 0.77 else "OBSERVATIONAL" if r < 0.992 else "EXPANDED_ACCESS"
    )
    last_known = why = None
    if study_type == "EXPANDED_ACCESS":
        status = _choice(
            rng, ["AVAILABLE", "NO_LONGER_AVAILABLE", "APPROVED_FOR_MARKETING", "AVAILABLE"]
        )
    else:
        status = _pick(rng, _STATUS_NAMES, _STATUS_CUM)
    if status == "UNKNOWN":
        last_known = _choice(rng, _LAST_KNOWN)
    elif status in ("TERMINATED", "WITHDRAWN", "SUSPENDED"):
        why = _choice(rng, _WHY_STOPPED)
    phases: tuple[str, ...] = ()
    if study_type == "INTERVENTIONAL":
        phases = _pick(rng, _PHASES, _PHASE_CUM)[0]

    # -- conditions: a Zipf draw, more from the same area
    first, area = _CONDITIONS[bisect(_CONDITION_CUM, rng.random() * _CONDITION_CUM[-1])]
    conditions = [first]
    n_cond = 1 + (rng.random() < 0.35) + (rng.random() < 0.12) + (rng.random() < 0.05)
    if first == "Healthy":
        n_cond = 1 + (rng.random() < 0.3)
    for _ in range(n_cond - 1):
        if rng.random() < 0.8:
            name = _pick(rng, _BY_AREA[area], _AREA_CUM[area])
        else:
            name = _CONDITIONS[bisect(_CONDITION_CUM, rng.random() * _CONDITION_CUM[-1])][0]
        if name not in conditions:
            conditions.append(name)
    # the classic cell runs them together: names that end in a head noun first
    conditions.sort(key=lambda c: not ends_in_head_noun(c))
    cond_text = conditions[0]

    # -- dates (month indices), consistent with the status
    now = _month_index(*TODAY)
    if status in ("RECRUITING", "ENROLLING_BY_INVITATION"):
        start = now - int(rng.expovariate(1 / 20))
    elif status == "NOT_YET_RECRUITING":
        start = now + _randint(rng, 0, 14)
    elif status in ("ACTIVE_NOT_RECRUITING", "SUSPENDED"):
        start = now - _randint(rng, 12, 84)
    elif status == "UNKNOWN":
        start = _month_index(2006, 1) + _randint(rng, 0, 16 * 12)
    else:  # completed, terminated, withdrawn, expanded access: more trials in recent years
        start = _month_index(1999, 1) + int((rng.random() ** 0.7) * (now - 18 - 1999 * 12))
    start = max(_month_index(1999, 1), min(start, _month_index(2026, 12)))
    primary = start + _lognormal_int(rng, 24, 0.6, 3, 120)
    if status == "COMPLETED":
        primary = min(primary, now - 1)
        primary = max(primary, start)
    completion = primary + (0 if rng.random() < 0.4 else _randint(rng, 1, 24))
    if status == "COMPLETED":
        completion = max(primary, min(completion, now - 1))
    start_year = _ym(start)[0]
    full = rng.random() < (0.8 if start_year >= 2017 else 0.15)
    typed = start_year >= 2011 or rng.random() < 0.3

    def kind(mi: int) -> str | None:
        if not typed:
            return None
        return (
            "ESTIMATED"
            if mi > now or status in ("RECRUITING", "NOT_YET_RECRUITING") and mi >= now
            else "ACTUAL"
        )

    first_posted = max(start - _randint(rng, 0, 6), _month_index(1999, 9))
    if rng.random() < 0.3:
        first_posted = start + _randint(rng, 0, 24)
    first_posted = min(first_posted, now)
    last_update = min(now, max(first_posted, completion + _randint(rng, -6, 18)))
    if status in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"):
        last_update = now - _randint(rng, 0, 10)
        last_update = max(last_update, first_posted)
    last_verified = last_update - (_randint(rng, 0, 3) if rng.random() < 0.5 else 0)
    posted, updated = _date(rng, first_posted, True), _date(rng, last_update, True)
    if updated < posted:  # the same month: days drawn apart
        posted, updated = updated, posted
    dates = DatesRecord(
        start=DateRecord(_date(rng, start, full), kind(start)),
        primary_completion=DateRecord(_date(rng, primary, full), kind(primary)),
        completion=DateRecord(_date(rng, completion, full), kind(completion)),
        first_posted=posted,
        last_update_posted=updated,
        last_verified=_date(rng, last_verified, False),
    )
    if study_type == "EXPANDED_ACCESS":
        dates = DatesRecord(
            first_posted=dates.first_posted,
            last_update_posted=dates.last_update_posted,
            last_verified=dates.last_verified,
        )

    # -- enrollment
    enrollment = EnrollmentRecord()
    if study_type != "EXPANDED_ACCESS":
        if status == "WITHDRAWN":
            count = 0
        elif study_type == "OBSERVATIONAL":
            count = _lognormal_int(rng, 180, 1.7, 1, 5_000_000)
        else:
            median = {"PHASE1": 30, "EARLY_PHASE1": 20, "PHASE3": 400, "PHASE2": 70}
            count = _lognormal_int(rng, median.get(phases[-1] if phases else "", 60), 1.0, 1, 60000)
        closed = status in ("COMPLETED", "TERMINATED", "WITHDRAWN")
        closed = closed or status == "ACTIVE_NOT_RECRUITING" and rng.random() < 0.6
        etype = ("ACTUAL" if closed else "ESTIMATED") if typed else None
        enrollment = EnrollmentRecord(count, etype)

    # -- sponsors (classic pages print no class)
    lead_class = _pick(rng, _SPONSOR_CLASSES, _SPONSOR_CLASS_CUM)
    home = _pick(rng, _COUNTRY_NAMES, _COUNTRY_CUM)
    while classic and "," in home:
        home = _pick(rng, _COUNTRY_NAMES, _COUNTRY_CUM)
    lead = _org(rng, lead_class, home)
    sponsors = [SponsorRecord(lead, "LEAD", None if classic else lead_class)]
    for _ in range(int(rng.random() < 0.3) + (rng.random() < 0.1) + (rng.random() < 0.04)):
        cls = _pick(rng, _SPONSOR_CLASSES, _SPONSOR_CLASS_CUM)
        name = _org(rng, cls, home)
        if all(s.name != name for s in sponsors):
            sponsors.append(SponsorRecord(name, "COLLABORATOR", None if classic else cls))

    # -- design, arms, interventions
    drug_area = area
    design, arms, interventions = _design(rng, study_type, phases, drug_area, conditions)
    if classic and not arms:  # the record page describes interventions in the arms table only
        interventions = tuple(InterventionRecord(i.name, i.type) for i in interventions)

    # -- eligibility
    sex = "ALL"
    if any(c in _FEMALE for c in conditions) and rng.random() < 0.65:
        sex = "FEMALE"
    elif any(c in _MALE for c in conditions) and rng.random() < 0.95:
        sex = "MALE"
    elif (r := rng.random()) < 0.04:
        sex = "FEMALE"
    elif r < 0.07:
        sex = "MALE"
    minimum, maximum = _ages(rng, any(c in _PEDIATRIC for c in conditions))
    healthy = "Healthy" in conditions or rng.random() < (
        0.25 if study_type == "OBSERVATIONAL" else 0.1
    )
    fill = {
        "cond": first.lower() if first != "Healthy" else "the study condition",
        "drug": interventions[0].name if interventions else "the study drug",
    }
    _numbers(rng, fill)
    inclusion = _criteria(rng, _INCLUSION, _lognormal_int(rng, 7, 0.45, 3, 25), fill)
    exclusion = _criteria(rng, _EXCLUSION, _lognormal_int(rng, 9, 0.5, 3, 25), fill)
    lo, hi = _AGE_YEARS[minimum], _AGE_YEARS[maximum]
    std = []
    if lo is None or lo < 18:
        std.append("CHILD")
    if (lo is None or lo < 65) and (hi is None or hi >= 18):
        std.append("ADULT")
    if hi is None or hi >= 65:
        std.append("OLDER_ADULT")
    eligibility = EligibilityRecord(
        minimum_age=minimum,
        maximum_age=maximum,
        minimum_age_years=lo,
        maximum_age_years=hi,
        sex=sex,
        healthy_volunteers=healthy,
        std_ages=tuple(std),
        inclusion=inclusion,
        exclusion=exclusion,
    )

    # -- outcomes
    outcomes = []
    if study_type != "EXPANDED_ACCESS":
        n_primary = 1 + (rng.random() < 0.25)
        n_secondary = min(6 - n_primary, int(rng.expovariate(1 / 1.8)))
        n_other = int(rng.random() < 0.05) if n_primary + n_secondary < 6 else 0
        measures = _sample(rng, _OUTCOME_MEASURES, n_primary + n_secondary + n_other)
        kinds = ["PRIMARY"] * n_primary + ["SECONDARY"] * n_secondary + ["OTHER"] * n_other
        for measure, kind_ in zip(measures, kinds, strict=True):
            desc = _choice(rng, _OUTCOME_DESCRIPTIONS) if rng.random() < 0.6 else None
            outcomes.append(OutcomeRecord(measure, kind_, _choice(rng, _TIME_FRAMES), desc))

    # -- sites
    locations = _sites(rng, status, lead_class, phases, home, classic)

    # -- people
    officials = []
    for _ in range(int(rng.random() < 0.7) + (rng.random() < 0.1)):
        role = _choice(
            rng, ["PRINCIPAL_INVESTIGATOR"] * 5 + ["STUDY_DIRECTOR"] * 3 + ["STUDY_CHAIR"]
        )
        where = locations[0].facility if locations and rng.random() < 0.7 else lead
        officials.append(OfficialRecord(_person(rng), _choice(rng, _DEGREES), role, where))
    contacts = []
    if status in ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"):
        for k in range(1 + (rng.random() < 0.5)):
            role = "CONTACT" if k == 0 or classic else "BACKUP"  # the record page has no role
            contacts.append(_contact(rng, role, home))
    if rng.random() < 0.3:
        party = ResponsiblePartyRecord(type="SPONSOR")
    else:
        who = officials[0].name if officials else _person(rng)
        party = ResponsiblePartyRecord(
            type=None
            if classic  # the record page prints "name, title, affiliation" only
            else "PRINCIPAL_INVESTIGATOR"
            if rng.random() < 0.8
            else "SPONSOR_INVESTIGATOR",
            name=who,
            title=_choice(
                rng,
                [
                    "Professor",
                    "Principal Investigator",
                    "Associate Professor",
                    "Head of Department",
                    "Clinical Research Fellow",
                    "Chief Physician",
                ],
            ),
            affiliation=lead,
        )

    # -- texts, ids, references
    outcome_name = outcomes[0].measure.lower() if outcomes else "clinical outcomes"
    comparator = next((a.label for a in arms[1:]), "standard care")
    fill.update(
        outcome=outcome_name,
        outcome2=outcomes[-1].measure.lower() if outcomes else "tolerability",
        comparator=comparator.lower(),
        pop=_choice(rng, _POPULATIONS),
        phase=(_CLASSIC_PHASE[phases[-1]] + " ") if phases and phases[-1] != "NA" else "",
        n=enrollment.count or 100,
        s=max(1, len(locations)),
    )
    summary = [_choice(rng, _SUMMARY_OPENERS).format_map(fill)]
    summary += [s.format_map(fill) for s in _sample(rng, _SUMMARY_SENTENCES, _randint(rng, 1, 3))]
    detailed = None
    if rng.random() < 0.6:
        detailed = " ".join(
            s.format_map(fill) for s in _sample(rng, _SUMMARY_SENTENCES, _randint(rng, 3, 7))
        )
    drug_word = interventions[0].name if interventions else "Standard Care"
    title = _title(rng, study_type, phases, drug_word, cond_text, fill["pop"])
    official = _official_title(rng, study_type, phases, drug_word, cond_text, design, fill["pop"])
    references = []
    for _ in range(int(rng.random() < 0.25) + (rng.random() < 0.1) + (rng.random() < 0.05)):
        authors = ", ".join(
            f"{_choice(rng, _LAST)} {_choice(rng, 'ABCDEFGHJKLMNPRSTWY')}"
            for _ in range(_randint(rng, 1, 6))
        )
        year = _randint(rng, 1995, 2025)
        cite = (
            f"{authors}. {_choice(rng, _CITATION_TITLES).format_map(fill)}."
            f" {_choice(rng, _JOURNALS)}. {year};{_randint(rng, 1, 400)}({_randint(rng, 1, 12)})"
            f":{_randint(rng, 1, 900)}-{_randint(rng, 901, 999)}."
        )
        pmid = str(_randint(rng, 10_000_000, 39_999_999)) if rng.random() < 0.6 else None
        if classic and pmid:
            cite = f"{cite} PubMed ID: {pmid}"  # as the record page prints it
        references.append(
            ReferenceRecord(cite, pmid, _choice(rng, ["BACKGROUND", "BACKGROUND", "RESULT"]))
        )
    keywords = tuple(_sample(rng, _KEYWORDS, _randint(rng, 0, 4))) if rng.random() < 0.55 else ()
    mesh = tuple(_MESH_BY_AREA[area][: _randint(rng, 0, 3)])
    acronym = None
    if rng.random() < 0.15:
        acronym = "".join(
            _choice(rng, "ABCDEFGHIKLMNOPRSTUVXZ") for _ in range(_randint(rng, 3, 7))
        )
    org_id = _org_study_id(rng, lead, start_year)
    secondary_ids = (
        (f"{start_year}-{_randint(rng, 0, 999999):06d}-{_randint(rng, 10, 99)}",)
        if (rng.random() < 0.15)
        else ()
    )

    return TrialRecord(
        nct_id=nct_id(index),
        source=SourceRecord(document=document_name(index), layout=layout, sha256=""),
        org_study_id=org_id,
        secondary_ids=secondary_ids,
        brief_title=title,
        official_title=official,
        acronym=acronym,
        overall_status=status,
        last_known_status=last_known,
        why_stopped=why,
        study_type=study_type,
        phases=phases,
        enrollment=enrollment,
        design=design,
        dates=dates,
        conditions=tuple(conditions),
        keywords=keywords,
        mesh_terms=mesh,
        brief_summary=" ".join(summary),
        detailed_description=detailed,
        sponsors=tuple(sponsors),
        responsible_party=party,
        officials=tuple(officials),
        contacts=tuple(contacts),
        locations=locations,
        references=tuple(references),
        arms=arms,
        interventions=interventions,
        eligibility=eligibility,
        outcomes=tuple(outcomes),
    )


def _org(rng: random.Random, cls: str, country: str) -> str:
    if cls == "INDUSTRY":
        return _choice(rng, _INDUSTRY)
    if cls == "NIH":
        return _choice(rng, _NIH)
    if cls == "FED":
        return _choice(rng, _FED)
    if cls == "NETWORK":
        return _choice(rng, _NETWORK)
    if cls == "OTHER_GOV":
        return _choice(rng, _OTHER_GOV)
    if cls == "INDIV":
        return _person(rng)
    city = (
        _choice(rng, _US_CITIES)[0]
        if country == "United States"
        else _choice(rng, _COUNTRIES[country][1])
    )
    return _choice(rng, _OTHER_ORG).format(city=city)


def _org_study_id(rng: random.Random, lead: str, year: int) -> str:
    letters = "".join(w[0] for w in lead.split() if w[:1].isalpha()).upper()[:4] or "STUDY"
    form = rng.random()
    if form < 0.4:
        return f"{letters}-{year}-{_randint(rng, 1, 999):03d}"
    if form < 0.7:
        return (
            f"{_choice(rng, _CODE_PREFIXES)}{_randint(rng, 1000, 9999)}-{_randint(rng, 1, 399):03d}"
        )
    if form < 0.85:
        return f"{year}{_randint(rng, 100, 9999)}"
    return f"IRB{_randint(rng, 10000, 99999)}"


def _contact(rng: random.Random, role: str, country: str) -> ContactRecord:
    first, last = _choice(rng, _FIRST), _choice(rng, _LAST)
    phone = (
        f"{_randint(rng, 200, 989)}-{_randint(rng, 200, 989)}-{_randint(rng, 1000, 9999)}"
        if country == "United States"
        else f"+{_randint(rng, 20, 98)} {_randint(rng, 10, 99)} {_randint(rng, 1000, 9999)} "
        f"{_randint(rng, 1000, 9999)}"
    )
    domain = _choice(rng, ("example.org", "hospital.org", "uni.edu"))
    email = f"{first[0].lower()}.{last.lower()}@{domain}"
    degrees = _choice(rng, _DEGREES) if rng.random() < 0.7 else None
    return ContactRecord(
        f"{first} {last}",
        degrees,
        role,
        phone if rng.random() < 0.9 else None,
        email if rng.random() < 0.8 else None,
    )


def _weighted(pairs: list[tuple[object, float]]) -> tuple[list, list[float]]:
    """(items, cumulative weights) for ``_pick``."""
    return [p[0] for p in pairs], list(accumulate(p[1] for p in pairs))


_MIN_AGES = _weighted(
    [(None, 10), ("18 Years", 62), ("12 Years", 2), ("16 Years", 2), ("19 Years", 2)]
    + [("20 Years", 3), ("21 Years", 3), ("40 Years", 4), ("45 Years", 3), ("50 Years", 4)]
    + [("60 Years", 3), ("65 Years", 2)]
)
_MAX_AGES = _weighted(
    [(None, 55), ("65 Years", 12), ("75 Years", 8), ("80 Years", 7), ("70 Years", 6)]
    + [("85 Years", 3), ("60 Years", 4), ("50 Years", 2), ("55 Years", 2), ("90 Years", 1)]
    + [("99 Years", 1)]
)
_PEDIATRIC_MIN = (None, "28 Days", "1 Month", "6 Months", "2 Years", "3 Years", "6 Years")
_PEDIATRIC_MAX = ("17 Years", "18 Years", "12 Years", "5 Years", "21 Years")
_AGE_YEARS = {
    a: age_years(a) for a in (*_MIN_AGES[0], *_MAX_AGES[0], *_PEDIATRIC_MIN, *_PEDIATRIC_MAX)
}
_N_ARMS = _weighted([(1, 30), (2, 50), (3, 12), (4, 8)])
_MODELS = _weighted([("PARALLEL", 85), ("CROSSOVER", 9), ("FACTORIAL", 2), ("SEQUENTIAL", 4)])
_SITE_STATUS = _weighted(
    [("RECRUITING", 70), ("NOT_YET_RECRUITING", 12), ("ACTIVE_NOT_RECRUITING", 8)]
    + [("COMPLETED", 5), ("WITHDRAWN", 5)]
)


def _ages(rng: random.Random, pediatric: bool) -> tuple[str | None, str | None]:
    if pediatric or rng.random() < 0.07:
        lo = _choice(rng, _PEDIATRIC_MIN)
        hi = _choice(rng, _PEDIATRIC_MAX)
        if lo is not None and _AGE_YEARS[lo] >= _AGE_YEARS[hi]:
            lo = None
        return lo, hi
    lo = _pick(rng, *_MIN_AGES)
    hi = _pick(rng, *_MAX_AGES)
    if lo is not None and hi is not None and _AGE_YEARS[lo] >= _AGE_YEARS[hi]:
        hi = None
    return lo, hi


_NUMBERS = (
    ("a", (18, 20, 40, 50)),
    ("b", (65, 70, 75, 80)),
    ("m", (3, 6, 12, 24)),
    ("p", (75, 100)),
    ("h", (8, 9, 10)),
    ("c", (30, 45, 50, 60)),
    ("x", (2.5, 3, 5)),
    ("hb", (9.5, 10, 10.5, 11)),
    ("bmi", (18.5, 25, 27, 30)),
    ("w", (4, 8, 12, 24, 52)),
    ("s", (10, 14, 16, 20)),
    ("d", (30, 60, 90)),
    ("y", (3, 5)),
)


def _numbers(rng: random.Random, fill: dict) -> None:
    """The numbers criteria and summaries quote, all from one ``random()`` call."""
    v = int(rng.random() * (1 << 50))
    for key, options in _NUMBERS:
        v, k = divmod(v, len(options))
        fill[key] = options[k]


def _criteria(rng: random.Random, templates: list[str], n: int, values: dict) -> tuple:
    picked = _sample(rng, templates, n)
    while len(picked) < n:
        picked.append(_choice(rng, templates))
    return tuple(
        CriterionRecord(i, t.format_map(values) if "{" in t else t)
        for i, t in enumerate(picked, start=1)
    )


def _intervention_name(rng: random.Random, itype: str, area: str) -> str:
    if itype == "DRUG":
        if rng.random() < 0.12:
            return f"{_choice(rng, _CODE_PREFIXES)}-{_randint(rng, 100, 99999)}"
        name = _pick(rng, _DRUGS[area], _DRUG_CUM[area])
        return name[0].upper() + name[1:] if rng.random() < 0.6 else name
    name = _choice(rng, _ITYPE_NAMES[itype])
    return name[0].upper() + name[1:] if rng.random() < 0.7 else name


_ARM_DESCRIPTIONS = {
    "EXPERIMENTAL": [
        "Participants receive {i} as described in the protocol.",
        "Patients will receive {i} every 3 weeks until disease progression or unacceptable"
        " toxicity.",
        "{I} once daily for 12 weeks.",
        "Participants randomized to this arm receive {i} in addition to standard care.",
    ],
    "ACTIVE_COMPARATOR": [
        "Participants receive {i}, the current standard treatment.",
        "{I} given according to local guidelines.",
    ],
    "PLACEBO_COMPARATOR": [
        "Participants receive a matching placebo on the same schedule.",
        "Placebo tablets identical in appearance to the study drug.",
    ],
    "SHAM_COMPARATOR": ["A sham procedure identical in duration but without active treatment."],
    "NO_INTERVENTION": [
        "Participants continue usual care without additional intervention.",
        "No study intervention is given; participants are followed up as usual.",
    ],
    "OTHER": ["Participants receive {i} according to the protocol."],
}
_INTERVENTION_DESCRIPTIONS = [
    "{I} {dose} mg orally once daily.",
    "{I} {dose} mg/m2 intravenously on day 1 of each 21-day cycle.",
    "{I} administered subcutaneously every 2 weeks.",
    "{I} given according to the manufacturer's instructions.",
    "Sessions of {i} lasting 45 minutes, twice a week for 8 weeks.",
    "{I} delivered by trained study staff.",
    "{I} at a dose of {dose} mg twice daily for 14 days.",
]


def _design(rng, study_type, phases, area, conditions):
    """DesignRecord, arms and interventions (arm order; interventions in first-use order)."""
    if study_type == "EXPANDED_ACCESS":
        name = _intervention_name(rng, "DRUG", area)
        item = InterventionRecord(name, _choice(rng, ["DRUG", "BIOLOGICAL"]), _idesc(rng, name))
        return DesignRecord(), (), (item,)
    items: dict[str, InterventionRecord] = {}

    taken: set[str] = set()

    def new_item(itype: str, name: str | None = None) -> str:
        for _ in range(8):
            candidate = name or _intervention_name(rng, itype, area)
            if candidate.lower() not in taken:
                break
        else:
            candidate = f"{candidate} {len(items) + 1}"
        name = candidate
        taken.add(name.lower())
        other = ()
        if itype == "DRUG" and rng.random() < 0.2:
            other = (f"{_choice(rng, _CODE_PREFIXES)}-{_randint(rng, 100, 9999)}",)
        items[name] = InterventionRecord(name, itype, _idesc(rng, name, itype), other)
        return name

    arms: list[tuple[str, str | None, str, list[str]]] = []  # label, type, description, names
    if study_type == "OBSERVATIONAL":
        design = DesignRecord(
            observational_model=_pick(rng, [m for m, _ in _OBS_MODELS], _OBS_CUM),
            time_perspective=_pick(rng, [t for t, _ in _TIME_PERSPECTIVES], _TP_CUM),
        )
        n = _choice(rng, (0, 1, 1, 1, 2, 2, 3))
        cond = conditions[0] if conditions[0] != "Healthy" else "the condition"
        labels = _sample(rng, _COHORT_LABELS, n)
        for label in labels:
            label = label.format(cond=cond)
            names = []
            if rng.random() < 0.45:
                itype = _choice(
                    rng,
                    [
                        "OTHER",
                        "OTHER",
                        "OTHER",
                        "PROCEDURE",
                        "DIAGNOSTIC_TEST",
                        "DRUG",
                        "BEHAVIORAL",
                    ],
                )
                existing = [k for k, v in items.items() if v.type == itype]
                names.append(existing[0] if existing and rng.random() < 0.5 else new_item(itype))
            desc = _choice(rng, _COHORT_DESCRIPTIONS).format(cond=cond)
            arms.append((label, None, desc, names))
    else:
        n_arms = _pick(rng, *_N_ARMS)
        itype = _pick(rng, [t for t, _ in _ITYPES], list(accumulate(w for _, w in _ITYPES)))
        main = new_item(itype)
        extra = []
        if rng.random() < 0.25:  # a combination: a second intervention in the experimental arm
            extra.append(new_item("DRUG" if itype in ("DRUG", "BIOLOGICAL") else itype))
        comparator = None
        if n_arms >= 2:
            r = rng.random()
            if itype in ("DRUG", "BIOLOGICAL", "DIETARY_SUPPLEMENT") and r < 0.4:
                comparator = "PLACEBO_COMPARATOR"
            elif itype in ("DEVICE", "PROCEDURE") and r < 0.25:
                comparator = "SHAM_COMPARATOR"
            elif r < 0.75:
                comparator = "ACTIVE_COMPARATOR"
            elif r < 0.9:
                comparator = "NO_INTERVENTION"
            else:
                comparator = "EXPERIMENTAL"
        doses = _sample(rng, [5, 10, 20, 40, 50, 100, 150, 200, 300, 400, 600], 4)
        n_exp = n_arms - (1 if comparator and comparator != "EXPERIMENTAL" else 0)
        for k in range(n_exp):
            label = main if n_exp == 1 and not extra else f"{main} {sorted(doses)[k]} mg"
            if extra and n_exp == 1:
                label = f"{main} plus {extra[0]}"
            if itype not in ("DRUG", "BIOLOGICAL") and n_exp > 1:
                label = f"{main} group {'ABCD'[k]}"
            if itype not in ("DRUG", "BIOLOGICAL") and n_exp == 1 and rng.random() < 0.5:
                label = _choice(rng, ["Intervention group", "Treatment group", "Study group"])
            desc = _choice(rng, _ARM_DESCRIPTIONS["EXPERIMENTAL"]).format(i=main, I=_cap(main))
            arms.append((label, "EXPERIMENTAL", desc, [main, *extra]))
        if comparator and comparator != "EXPERIMENTAL":
            names = []
            if comparator == "PLACEBO_COMPARATOR":
                names = [new_item(items[main].type, "Placebo")]
                label = "Placebo"
            elif comparator == "SHAM_COMPARATOR":
                sham_type = items[main].type
                names = [new_item(sham_type, f"Sham {items[main].name.lower()}")]
                label = "Sham"
            elif comparator == "ACTIVE_COMPARATOR":
                second = _choice(rng, ["DRUG", itype]) if itype != "DRUG" else "DRUG"
                names = [new_item(second)]
                if rng.random() < 0.3:
                    names = [new_item("OTHER", _choice(rng, ["Standard of care", "Usual care"]))]
                label = f"{names[0]} (control)" if rng.random() < 0.3 else names[0]
            else:
                label = _choice(rng, ["Control", "Usual care", "Control group", "Waitlist"])
            if any(a[0] == label for a in arms):
                label = f"{label} arm"
            desc = _choice(rng, _ARM_DESCRIPTIONS[comparator]).format(
                i=names[0] if names else "", I=_cap(names[0]) if names else ""
            )
            arms.append((label, comparator, desc, names))
        if n_arms == 1:
            allocation, model = "NA", "SINGLE_GROUP"
        else:
            allocation = "RANDOMIZED" if rng.random() < 0.85 else "NON_RANDOMIZED"
            model = _pick(rng, *_MODELS)
        masking = "NONE"
        who: tuple[str, ...] = ()
        if comparator in ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR"):
            masking = _choice(rng, ["DOUBLE", "TRIPLE", "QUADRUPLE", "QUADRUPLE"])
        elif n_arms > 1 and rng.random() < 0.35:
            masking = _choice(rng, ["SINGLE", "DOUBLE", "TRIPLE"])
        if masking != "NONE":
            roles = ["PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]
            k = {"SINGLE": 1, "DOUBLE": 2, "TRIPLE": 3, "QUADRUPLE": 4}[masking]
            chosen = _sample(rng, roles, k)
            who = tuple(r for r in roles if r in chosen)
        purpose = _pick(rng, [p[0] for p in _PURPOSES], _PURPOSE_CUM)
        design = DesignRecord(
            allocation=allocation,
            intervention_model=model,
            masking=masking,
            who_masked=who,
            primary_purpose=purpose,
        )
    arm_records = tuple(ArmRecord(lb, t, d, tuple(ns)) for lb, t, d, ns in arms)
    used: list[str] = []
    for a in arm_records:
        used += [n for n in a.interventions if n not in used]
    interventions = tuple(
        InterventionRecord(
            items[n].name,
            items[n].type,
            items[n].description,
            items[n].other_names,
            tuple(a.label for a in arm_records if n in a.interventions),
        )
        for n in used
    )
    return design, arm_records, interventions


def _titled(text: str) -> str:
    """Title case that leaves acronyms alone: ``people living with HIV`` -> ``People Living
    With HIV``."""
    return " ".join(w if w.isupper() else w.capitalize() for w in text.split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _idesc(rng: random.Random, name: str, itype: str = "DRUG") -> str:
    if name == "Placebo":
        return "Matching placebo administered on the same schedule."
    if itype not in ("DRUG", "BIOLOGICAL", "DIETARY_SUPPLEMENT"):
        templates = _INTERVENTION_DESCRIPTIONS[3:6]  # no dose for a device, a procedure ...
    else:
        templates = _INTERVENTION_DESCRIPTIONS
    dose = _choice(rng, (1, 2.5, 5, 10, 20, 50, 100, 200, 400))
    return _choice(rng, templates).format(i=name, I=_cap(name), dose=dose)


def _sites(rng, status, lead_class, phases, home, classic) -> tuple[LocationRecord, ...]:
    r = rng.random()
    if status == "WITHDRAWN" and r < 0.5 or r < 0.1:
        n = 0
    elif r < 0.62:
        n = 1
    elif r < 0.8:
        n = _randint(rng, 2, 3)
    else:
        big = lead_class in ("INDUSTRY", "NETWORK") or "PHASE3" in phases
        n = _lognormal_int(rng, 12 if big else 6, 0.7, 4, 40)
    if n == 0:
        return ()
    international = n > 3 and rng.random() < 0.5
    countries = [home]
    if international:
        for _ in range(min(n - 1, _randint(rng, 1, 12))):
            c = _pick(rng, _COUNTRY_NAMES, _COUNTRY_CUM)
            if c not in countries:
                countries.append(c)
    site_status = None
    open_status = status in (
        "RECRUITING",
        "NOT_YET_RECRUITING",
        "ENROLLING_BY_INVITATION",
        "ACTIVE_NOT_RECRUITING",
        "SUSPENDED",
    )
    sites = []
    for k in range(n):
        country = countries[0] if k < n // 2 or len(countries) == 1 else _choice(rng, countries)
        state = zip_ = None
        if country == "United States":
            city, state, prefix = _choice(rng, _US_CITIES)
            zip_ = f"{prefix}{_randint(rng, 0, 99):02d}"
        else:
            _, cities, style = _COUNTRIES[country]
            city = _choice(rng, cities)
            zip_ = _zip(rng, style)
            if rng.random() < 0.3:
                zip_ = None
        facility = _pick(rng, _FACILITY_TEMPLATES, _FACILITY_CUM).format(
            city=city, n=_randint(rng, 100, 999)
        )
        if open_status:
            site_status = _pick(rng, *_SITE_STATUS)
            if status == "NOT_YET_RECRUITING":
                site_status = "NOT_YET_RECRUITING"
        contacts = ()
        investigators = ()
        if site_status in ("RECRUITING", "NOT_YET_RECRUITING") and rng.random() < 0.5:
            contacts = (_contact(rng, "CONTACT", country),)
            if rng.random() < 0.6:
                investigators = (
                    InvestigatorRecord(
                        _person(rng), _choice(rng, _DEGREES), "PRINCIPAL_INVESTIGATOR"
                    ),
                )
        sites.append(
            LocationRecord(
                facility, city, state, zip_, country, site_status, contacts, investigators
            )
        )
    # both layouts group sites by country (and US state)
    sites.sort(key=lambda s: (s.country != "United States", s.country, s.state or "", s.city))
    return tuple(sites)


def _zip(rng: random.Random, style: str) -> str | None:
    if style == "5":
        return str(_randint(rng, 10000, 99999))
    if style == "6":
        return str(_randint(rng, 100000, 999999))
    if style == "4":
        return str(_randint(rng, 1000, 9999))
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    if style == "uk":
        area = _choice(rng, ("SW1", "M13", "OX3", "G12", "LS9"))
        return f"{area} {_randint(rng, 1, 9)}{_choice(rng, letters)}{_choice(rng, letters)}"
    if style == "ca":
        return (
            f"{_choice(rng, 'MHTVK')}{_randint(rng, 1, 9)}{_choice(rng, 'ABCEGH')} "
            f"{_randint(rng, 1, 9)}{_choice(rng, 'ABCEGH')}{_randint(rng, 1, 9)}"
        )
    return None


_TITLES_OBSERVATIONAL = (
    "Registry of {Pop} With {cond}",
    "Observational Study of {cond} in {Pop}",
    "Risk Factors for {cond}",
    "Long-term Outcomes of {cond}",
)
_TITLES = (
    "A Study of {Drug} in {Pop} With {cond}",
    "{Drug} for {cond}",
    "Efficacy and Safety of {Drug} in {cond}",
    "{Drug} Versus Standard Care in {cond}",
    "Trial of {Drug} in Patients With {cond}",
)


def _title(rng, study_type, phases, drug, cond, pop) -> str:
    titles = _TITLES_OBSERVATIONAL if study_type == "OBSERVATIONAL" else _TITLES
    return _choice(rng, titles).format(Drug=_cap(drug), Pop=_titled(pop), cond=cond)


def _official_title(rng, study_type, phases, drug, cond, design, pop) -> str:
    if study_type == "OBSERVATIONAL":
        return f"A {_CLASSIC.get(design.time_perspective, 'Prospective')} Study of {cond} in {pop}"
    phase = "/".join(_CLASSIC_PHASE[p] for p in phases if p != "NA")
    phase = f"{phase}, " if phase else ""
    kind = "Randomized" if design.allocation == "RANDOMIZED" else "Open-label"
    return f"A {phase}{kind} Study to Evaluate {_cap(drug)} in {_titled(pop)} With {cond}"


# --------------------------------------------------------------------------- dates as text


def _classic_date(iso: str) -> str:
    parts = iso.split("-")
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 3:
        return f"{month} {int(parts[2])}, {parts[0]}"
    return f"{month} {parts[0]}"


def _classic_age(e: EligibilityRecord) -> str:
    std = ", ".join(
        {"CHILD": "Child", "ADULT": "Adult", "OLDER_ADULT": "Older Adult"}[s] for s in e.std_ages
    )
    if e.minimum_age and e.maximum_age:
        return f"{e.minimum_age} to {e.maximum_age} ({std})"
    if e.minimum_age:
        return f"{e.minimum_age} and older ({std})"
    if e.maximum_age:
        return f"up to {e.maximum_age} ({std})"
    return std


# --------------------------------------------------------------------------- classic layout

_CLASSIC_HEAD = (
    "![]() |\nThe safety and scientific validity of this study is the responsibility of the "
    "study sponsor and investigators. Listing a study does not mean it has been evaluated by "
    "the U.S. Federal Government. Know the risks and potential benefits of clinical studies and "
    "talk to your health care provider before participating. Read our disclaimer for details. |"
)
_CLASSIC_TABS = (
    "|\n- Study Details\n- Tabular View\n- No Results Posted\n- Disclaimer\n"
    "- How to Read a Study Record"
)
_CLASSIC_CHOOSING = (
    "Choosing to participate in a study is an important personal decision. Talk with your "
    "doctor and family members or friends about deciding to join a study. To learn more about "
    "this study, you or your doctor may contact the study research staff using the contacts "
    "provided below. For general information, Learn About Clinical Studies."
)
_CLASSIC_LEARN = (
    "To learn more about this study, you or your doctor may contact the study research staff "
    "using the contact information provided by the sponsor."
)


def _condition_cell(conditions: tuple[str, ...]) -> str:
    """Run together as the record page prints them; a name that does not end in a head noun
    is followed by a line break (the row wraps) unless it is the last."""
    out = []
    for k, name in enumerate(conditions):
        out.append(name)
        if k + 1 < len(conditions):
            out.append(" " if ends_in_head_noun(name) else "\n")
    return "".join(out)


def _classic_contact(c: ContactRecord, central: bool) -> str:
    name = f"{c.name}, {c.degrees}" if c.degrees else c.name
    if central:
        cells = [name, *(v for v in (c.phone, c.email) if v)]
        return "Contact: " + " | ".join(cells) + " | |"
    return "Contact: " + " ".join(v for v in (name, c.phone, c.email) if v) + " | |"


def render_classic(rec: TrialRecord) -> str:
    """The record as the classic study record page (``seed/layouts/classic.py`` reads it)."""
    out = [rec.brief_title or "", _CLASSIC_HEAD, f"ClinicalTrials.gov Identifier: {rec.nct_id} |"]
    status = _CLASSIC_STATUS[rec.overall_status]
    if rec.overall_status == "UNKNOWN":
        lead = rec.sponsors[0].name if rec.sponsors else "the sponsor"
        out.append(f"Recruitment Status : {status}")
        out.append(f"Verified {_classic_date(rec.dates.last_verified)} by {lead}.")
        out.append(f"Recruitment status was: {_CLASSIC_STATUS[rec.last_known_status]}")
    elif rec.why_stopped:
        out += ["Recruitment Status :", status, f"({rec.why_stopped})"]
    else:
        out.append(f"Recruitment Status : {status}")
    out.append(f"First Posted : {_classic_date(rec.dates.first_posted)}")
    out.append(f"Last Update Posted : {_classic_date(rec.dates.last_update_posted)}")
    out.append(_CLASSIC_TABS)

    # conditions table
    heads = ["Condition or disease"]
    row = [_condition_cell(rec.conditions)]
    if rec.interventions:
        heads.append("Intervention/treatment")
        row.append(" ".join(f"{_CLASSIC_ITYPE[i.type]}: {i.name}" for i in rec.interventions))
    if rec.study_type == "INTERVENTIONAL":
        heads.append("Phase")
        row.append(" ".join(_CLASSIC_PHASE[p] for p in rec.phases))
    out.append(" | ".join(heads) + " |")
    out.append("---|" * len(heads))
    out.append(" | ".join(row) + " |")

    out.append("Brief Summary:")
    out.append(rec.brief_summary or "")
    if rec.detailed_description:
        out.append("Detailed Description:")
        out.append(rec.detailed_description)

    # design
    study_type = {
        "INTERVENTIONAL": "Interventional (Clinical Trial)",
        "OBSERVATIONAL": "Observational",
        "EXPANDED_ACCESS": "Expanded Access",
    }[rec.study_type]
    if rec.study_type == "OBSERVATIONAL" and len(rec.nct_id) and rec.nct_id[-1] in "07":
        study_type = "Observational [Patient Registry]"
    out.append(f"Study Type : | {study_type} |")
    e = rec.enrollment
    if e.count is not None:
        label = {"ACTUAL": "Actual ", "ESTIMATED": "Estimated ", None: ""}[e.type]
        out.append(f"{label}Enrollment : | {e.count:,} participants |")
    d = rec.design
    if rec.study_type == "OBSERVATIONAL":
        out.append(f"Observational Model: | {_CLASSIC[d.observational_model]} |")
        out.append(f"Time Perspective: | {_CLASSIC[d.time_perspective]} |")
    elif rec.study_type == "INTERVENTIONAL":
        out.append(f"Allocation: | {_CLASSIC[d.allocation]} |")
        out.append(f"Intervention Model: | {_CLASSIC[d.intervention_model]} |")
        masking = _CLASSIC[d.masking]
        if d.who_masked:
            masking += " (" + ", ".join(_CLASSIC[w] for w in d.who_masked) + ")"
        out.append(f"Masking: | {masking} |")
        purpose = next(p[1] for p in _PURPOSES if p[0] == d.primary_purpose)
        out.append(f"Primary Purpose: | {purpose} |")
    out.append(f"Official Title: | {rec.official_title} |")
    if rec.acronym:
        out.append(f"Acronym: | {rec.acronym} |")
    for label, date in (
        ("Study Start Date", rec.dates.start),
        ("Primary Completion Date", rec.dates.primary_completion),
        ("Study Completion Date", rec.dates.completion),
    ):
        if date:
            prefix = {"ACTUAL": "Actual ", "ESTIMATED": "Estimated ", None: ""}[date.type]
            out.append(f"{prefix}{label} : | {_classic_date(date.date)} |")
    out.append("")

    # arms
    if rec.arms:
        types = {i.name: i for i in rec.interventions}
        observational = rec.study_type == "OBSERVATIONAL"
        out.append(
            "Group/Cohort | Intervention/treatment |"
            if observational
            else "Arm | Intervention/treatment |"
        )
        out.append("---|---|")
        for arm in rec.arms:
            out.append(f"{_CLASSIC[arm.type]}: {arm.label}" if arm.type else arm.label)
            if arm.description:
                out.append(arm.description)
            out.append("|")
            cell = []
            for name in arm.interventions:
                item = types[name]
                cell.append(f"{_CLASSIC_ITYPE[item.type]}: {item.name}")
                if item.description:
                    cell.append(item.description)
                if item.other_names:
                    cell.append("Other Names:")
                    cell += [f"- {n}" for n in item.other_names]
            out.append("\n".join(cell) + " |" if cell else "|")

    # outcomes
    heading = {
        "PRIMARY": "Primary Outcome Measures :",
        "SECONDARY": "Secondary Outcome Measures :",
        "OTHER": "Other Outcome Measures:",
    }
    kind = None
    for o in rec.outcomes:
        if o.type != kind:
            kind = o.type
            out.append(heading[kind])
        out.append(f"- {o.measure} [ Time Frame: {o.time_frame} ]{o.description or ''}")
    out.append("")

    # eligibility
    el = rec.eligibility
    out.append(_CLASSIC_CHOOSING)
    out.append(f"Ages Eligible for Study: | {_classic_age(el)} |")
    out.append(f"Sexes Eligible for Study: | {_CLASSIC[el.sex]} |")
    out.append(f"Accepts Healthy Volunteers: | {'Yes' if el.healthy_volunteers else 'No'} |")
    if rec.study_type == "OBSERVATIONAL":
        out.append("Sampling Method: | Non-Probability Sample |")
    out.append("Inclusion Criteria:")
    out += [f"- {c.text}" for c in el.inclusion]
    out.append("Exclusion Criteria:")
    out += [f"- {c.text}" for c in el.exclusion]
    out.append("")

    # contacts and locations
    out.append(_CLASSIC_LEARN)
    out.append(
        "Please refer to this study by its ClinicalTrials.gov identifier (NCT number): "
        + rec.nct_id
    )
    out += [_classic_contact(c, True) for c in rec.contacts]
    group = None
    for s in rec.locations:
        if (s.country, s.state) != group:
            group = (s.country, s.state)
            out.append(f"{s.country}, {s.state} | |" if s.state else f"{s.country} | |")
        out.append(
            f"{s.facility} | {_CLASSIC_STATUS[s.status]} |" if s.status else f"{s.facility} | |"
        )
        address = ", ".join(v for v in (s.city, s.state, s.country, s.zip) if v)
        out.append(f"{address} |")
        out += [_classic_contact(c, False) for c in s.contacts]
        for inv in s.investigators:
            name = f"{inv.name}, {inv.degrees}" if inv.degrees else inv.name
            out.append(f"{_CLASSIC[inv.role]}: {name} | |")

    # sponsors, officials, publications, more information
    for s in rec.sponsors:
        if s.role == "LEAD":
            out.append(f"Sponsor: | {s.name} |")
    collaborators = [s.name for s in rec.sponsors if s.role == "COLLABORATOR"]
    if collaborators:
        out.append("Collaborators: |")
        out += [f"{name} |" for name in collaborators]
    for o in rec.officials:
        name = f"{o.name}, {o.degrees}" if o.degrees else o.name
        out.append(f"{_CLASSIC[o.role]}: | {name} | {o.affiliation} |")
    kind = None
    for ref in rec.references:
        if ref.type != kind:
            kind = ref.type
            out.append("Publications of Results:" if kind == "RESULT" else "Publications:")
        out.append(f"{ref.citation} |")
    party = rec.responsible_party
    if party is not None:
        text = f"{party.name}, {party.title}, {party.affiliation}" if party.name else "Sponsor"
        out.append(f"Responsible Party: | {text} |")
    out.append(f"ClinicalTrials.gov Identifier: | {rec.nct_id} |")
    out.append("Other Study ID Numbers: |")
    out += [f"{i} |" for i in (rec.org_study_id, *rec.secondary_ids) if i]
    out.append(f"First Posted: | {_classic_date(rec.dates.first_posted)} Key Record Dates |")
    out.append(f"Last Update Posted: | {_classic_date(rec.dates.last_update_posted)} |")
    out.append(f"Last Verified: | {_classic_date(rec.dates.last_verified)} |")
    out.append("Individual Participant Data (IPD) Sharing Statement: | |")
    out.append(
        f"Plan to Share IPD: | {'No' if len(rec.brief_summary or '') % 3 else 'Undecided'} |"
    )
    if rec.keywords:
        lead = rec.sponsors[0].name if rec.sponsors else "the sponsor"
        out.append(f"Keywords provided by {lead}: |")
        out += [f"{k} |" for k in rec.keywords]
    if rec.mesh_terms:
        out.append("Additional relevant MeSH terms: |")
        out.append(" ".join(rec.mesh_terms) + " |")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- modern layout

_F = {
    "basic": "Get a concise snapshot of the trial, including recruitment status, study phase, "
    "enrollment targets, and key timeline milestones.",
    "summary": "Review the sponsor-provided synopsis that highlights what the study is about "
    "and why it is being conducted.",
    "detailed": "Dive into the extended narrative that explains the scientific background, "
    "objectives, and procedures in greater depth.",
    "conditions": "See the medical conditions and disease areas that this research is "
    "targeting or investigating.",
    "design": "Understand how the trial is structured, including allocation methods, masking "
    "strategies, primary purpose, and other design elements.",
    "groups": "Review each arm or cohort in the study, along with the interventions and "
    "objectives associated with them.",
    "interventions": "Learn about the drugs, procedures, or behavioral strategies being tested "
    "and how they are applied within this trial.",
    "other_names": "Discover alternative or legacy names that may be used to describe the "
    "listed interventions across different sources.",
    "eligibility": "Check the participation requirements, including inclusion and exclusion "
    "rules, age limits, and whether healthy volunteers are accepted.",
    "sponsors": "Meet the organizations funding or collaborating on the study and learn about "
    "their roles.",
    "party": "Identify the individual or organization who holds primary responsibility for the "
    "study information submitted to regulators.",
    "officials": "Learn about the lead researchers overseeing the trial and their institutional "
    "affiliations.",
    "contacts": "Reach out to these primary contacts for questions about participation or study "
    "logistics.",
    "locations": "Explore where the study is taking place and check the recruitment status at "
    "each participating site.",
    "countries": "Review the countries where the study has at least one active or historical site.",
    "references": "Explore related publications, articles, or registry entries linked to this "
    "study.",
    "identifiers": "Review additional registry numbers or institutional identifiers associated "
    "with this trial.",
    "related": "Additional clinical trials that may be relevant based on similarity analysis.",
    "primary": "Review the main measurements used to judge whether this study met its goals.",
    "secondary": "Explore the additional measurements the study team tracks beyond the primary "
    "outcomes.",
}
_RESULTS_PENDING = (
    "Study Results\n\nResults pending\n\nThe study team has not published outcome "
    "measurements, participant flow, or safety data for this trial yet. Check back later for "
    "updates."
)


def _md(text: str) -> str:
    """Markdown escapes as the modern pages write them: ``\\>``, ``\\<``, ``10\\^9``."""
    if ">" in text or "<" in text or "^" in text:
        return text.replace(">", "\\>").replace("<", "\\<").replace("^", "\\^")
    return text


def _modern_date(date: DateRecord | None) -> str | None:
    if date is None:
        return None
    suffix = {"ACTUAL": " (Actual)", "ESTIMATED": " (Estimated)", None: ""}[date.type]
    return date.date + suffix


def render_modern(rec: TrialRecord) -> str:
    """The record as the modern study detail page (``seed/layouts/modern.py`` reads it)."""
    b: list[str] = [rec.brief_title or "", f"NCT ID: {rec.nct_id}"]
    b.append(f"Last Updated: {rec.dates.last_update_posted}")
    b.append(_RESULTS_PENDING)

    def section(title: str, furniture: str | None) -> None:
        b.append(title)
        if furniture:
            b.append(_F[furniture])

    section("Basic Information", "basic")
    b += ["Recruitment Status", rec.overall_status]
    if rec.last_known_status:
        b += ["Last Known Status", rec.last_known_status]
    if rec.why_stopped:
        b += ["Why Stopped", rec.why_stopped]
    if rec.phases:
        b += ["Clinical Phase", ", ".join(rec.phases)]
    e = rec.enrollment
    if e.count is not None:
        suffix = {"ACTUAL": " (Actual)", "ESTIMATED": " (Estimated)", None: ""}[e.type]
        b += ["Total Enrollment", f"{e.count} participants{suffix}"]
    b += ["Study Classification", rec.study_type]
    for label, date in (
        ("Study Start Date", rec.dates.start),
        ("Primary Completion Date", rec.dates.primary_completion),
        ("Study Completion Date", rec.dates.completion),
    ):
        if date:
            b += [label, _modern_date(date)]
    b += ["First Posted", rec.dates.first_posted]
    b += ["Last Verified", rec.dates.last_verified]
    if rec.official_title:
        b += ["Official Title", rec.official_title]
    if rec.acronym:
        b += ["Acronym", rec.acronym]

    section("Brief Summary", "summary")
    b.append(_md(rec.brief_summary or ""))
    if rec.detailed_description:
        section("Detailed Description", "detailed")
        b.append(_md(rec.detailed_description))
    section("Conditions", "conditions")
    b.append("\n".join(rec.conditions))
    if rec.keywords:
        b += ["Keywords", "\n".join(rec.keywords)]
    if rec.mesh_terms:
        b += ["MeSH Terms", "\n".join(rec.mesh_terms)]

    d = rec.design
    if rec.study_type != "EXPANDED_ACCESS":
        section("Study Design", "design")
        if rec.study_type == "OBSERVATIONAL":
            b += ["Observational Model", d.observational_model]
            b += ["Time Perspective", d.time_perspective]
        else:
            b += ["Allocation Method", d.allocation, "Intervention Model", d.intervention_model]
            b += ["Primary Study Purpose", d.primary_purpose, "Blinding Strategy", d.masking]
            if d.who_masked:
                b += ["Who Is Blinded", ", ".join(d.who_masked)]

    items = {i.name: i for i in rec.interventions}
    if rec.arms:
        section("Study Groups", "groups")
        for arm in rec.arms:
            b.append(arm.label)
            if arm.description:
                b.append(_md(arm.description))
            if arm.type:
                b.append(f"Group Type {arm.type}")
            for name in arm.interventions:
                item = items[name]
                b += [item.name, f"Intervention Type {item.type}"]
                if item.description:
                    b.append(_md(item.description))
    if rec.interventions:
        section("Interventions", "interventions")
        for item in rec.interventions:
            b.append(item.name)
            if item.description:
                b.append(_md(item.description))
            b.append(f"Intervention Type {item.type}")
            if item.other_names:
                b += ["Other Intervention Names", _F["other_names"], "\n".join(item.other_names)]

    for kind, title, furniture in (
        ("PRIMARY", "Primary Outcomes", "primary"),
        ("SECONDARY", "Secondary Outcomes", "secondary"),
        ("OTHER", "Other Outcomes", None),
    ):
        found = [o for o in rec.outcomes if o.type == kind]
        if found:
            section(title, furniture)
            for o in found:
                b.append(o.measure)
                if o.description:
                    b.append(o.description)
                b.append(f"Time Frame: {o.time_frame}")

    el = rec.eligibility
    section("Eligibility Criteria", "eligibility")
    b.append("Inclusion Criteria")
    b.append("\n".join(f"{c.ordinal}. {_md(c.text)}" for c in el.inclusion))
    b.append("Exclusion Criteria")
    labels = []
    if el.minimum_age:
        labels += ["Minimum Eligible Age", el.minimum_age]
    if el.maximum_age:
        labels += ["Maximum Eligible Age", el.maximum_age]
    labels += ["Eligible Sex", el.sex, "Accepts Healthy Volunteers"]
    labels += ["Yes" if el.healthy_volunteers else "No"]
    if el.std_ages:
        labels += ["Standard Ages", ", ".join(el.std_ages)]
    # the first label follows the last criterion with no blank line, as the pages print it
    b.append("\n".join(f"{c.ordinal}. {_md(c.text)}" for c in el.exclusion) + "\n" + labels[0])
    b += labels[1:]

    if rec.sponsors:
        section("Sponsors", "sponsors")
        for s in rec.sponsors:
            b.append(s.name)
            if s.class_:
                b.append(s.class_)
            b.append(f"Sponsor Role {s.role.lower()}")
    party = rec.responsible_party
    if party is not None:
        section("Responsible Party", "party")
        if party.name:
            b += [party.name, party.title]
        b.append(f"Responsibility Role {party.type}")
        if party.affiliation:
            b.append(party.affiliation)
    if rec.officials:
        section("Principal Investigators", "officials")
        for o in rec.officials:
            b += [f"{o.name}, {o.degrees}" if o.degrees else o.name, f"Role: {o.role}"]
            if o.affiliation:
                b.append(o.affiliation)
    if rec.locations:
        section("Locations", "locations")
        for s in rec.locations:
            b.append(s.facility)
            b.append(", ".join(v for v in (s.city, s.state, s.zip, s.country) if v))
            b.append(f"Site Status {s.status}" if s.status else "Site Status")
            for c in s.contacts:
                b += _modern_person(c.name, c.degrees, c.role, c.phone, c.email)
            for inv in s.investigators:
                b += _modern_person(inv.name, inv.degrees, inv.role, None, None)
        section("Countries", "countries")
        b.append("\n\n".join(dict.fromkeys(s.country for s in rec.locations)))
    if rec.contacts:
        section("Central Contacts", "contacts")
        for c in rec.contacts:
            b += _modern_person(c.name, c.degrees, c.role, c.phone, c.email)
    if rec.references:
        section("References", "references")
        for ref in rec.references:
            b.append(ref.citation)
            tail = f"Reference Type {ref.type}"
            if ref.pmid:
                tail += f"\nPMID: {ref.pmid} (View on PubMed)"
            b.append(tail)
    section("Other Identifiers", "identifiers")
    if rec.org_study_id:
        b += [rec.org_study_id, "Identifier Type: -", "Identifier Source: org_study_id"]
    for other in rec.secondary_ids:
        b += [other, "Identifier Type: EUDRACT_NUMBER", "Identifier Source: secondary_id"]
    section("More Related Trials", "related")
    return "\n\n".join(b) + "\n"


def _modern_person(name, degrees, role, phone, email) -> list[str]:
    out = [f"{name}, {degrees}" if degrees else name, f"Role: {role}"]
    return out + [v for v in (phone, email) if v]


def render(rec: TrialRecord) -> str:
    return render_classic(rec) if rec.source.layout == "classic" else render_modern(rec)


# --------------------------------------------------------------------------- streaming


def generate(count: int, start: int = 1, seed: int = 0) -> Iterator[tuple[str, TrialRecord, str]]:
    """``(file name, intended record, text)`` for indices ``start`` .. ``start + count - 1``."""
    if count < 0 or start < 0 or start + count - 1 > MAX_INDEX:
        raise ValueError(f"indices {start}..{start + count - 1} out of range 0..{MAX_INDEX}")
    for index in range(start, start + count):
        rec = build_record(index, seed)
        yield rec.source.document, rec, render(rec)


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_documents(
    out_dir: str | os.PathLike[str], count: int, start: int = 1, seed: int = 0
) -> int:
    """Write ``count`` documents into ``out_dir`` (created if needed); returns bytes written."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, _, text in generate(count, start, seed):
        data = text.encode("utf-8")
        fd = os.open(os.path.join(root, name), _FLAGS, 0o644)
        try:
            done = os.write(fd, data)
            while done < len(data):  # a short write: rare, but allowed
                done += os.write(fd, data[done:])
        finally:
            os.close(fd)
        total += len(data)
    return total
