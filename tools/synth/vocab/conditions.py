"""Conditions by therapeutic area, ranked for a Zipf-like draw; who each applies to."""

from __future__ import annotations

from itertools import accumulate

from seed.terms import HEAD_NOUNS
from tools.synth.vocab import words

# Conditions by therapeutic area, most frequent first inside each area; ``CONDITIONS`` below
# interleaves them into one ranked list drawn with a Zipf-like law. Every name is one term to
# ``seed.terms.split_terms`` (the seed pages run a trial's conditions together in one line);
# a record lists the names that end in a head noun first.
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


CONDITIONS = _ranked_conditions()
# Zipf-Mandelbrot: the first name ~4% of draws, the top ten ~28%, the rarer half ~15%
CONDITION_CUM = list(accumulate(1.0 / (r + 7) ** 1.1 for r in range(len(CONDITIONS))))
BY_AREA: dict[str, list[str]] = {}
for _name, _area in CONDITIONS:
    BY_AREA.setdefault(_area, []).append(_name)
AREA_CUM = {a: list(accumulate(1.0 / (r + 1) for r in range(len(v)))) for a, v in BY_AREA.items()}
FEMALE = set(
    words(
        """Breast Cancer|Ovarian Cancer|Cervical Cancer|Endometrial Cancer|Vulvar Cancer
        |Triple Negative Breast Cancer|HER2-positive Breast Cancer|Pregnancy|Preterm Birth
        |Postpartum Hemorrhage|Preeclampsia|Endometriosis|Menopause|Polycystic Ovary Syndrome
        |Gestational Diabetes|Bacterial Vaginosis|Infertility"""
    )
)
MALE = {
    "Prostate Cancer",
    "Castration-resistant Prostate Cancer",
    "Benign Prostatic Hyperplasia",
    "Erectile Dysfunction",
    "Testicular Cancer",
    "Penile Cancer",
}
PEDIATRIC = {
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
MESH_BY_AREA = {
    "onc": ["Neoplasms", "Neoplasms by Site", "Antineoplastic Agents"],
    "cardio": ["Cardiovascular Diseases", "Heart Diseases", "Vascular Diseases"],
    "metab": ["Metabolic Diseases", "Endocrine System Diseases", "Nutrition Disorders"],
    "inf": ["Infections", "Communicable Diseases", "Anti-Infective Agents"],
    "neuro": ["Mental Disorders", "Nervous System Diseases", "Central Nervous System Agents"],
    "resp": ["Respiratory Tract Diseases", "Lung Diseases", "Respiratory System Agents"],
    "immuno": ["Immune System Diseases", "Autoimmune Diseases", "Immunosuppressive Agents"],
    "other": ["Pathologic Processes", "Physiological Effects of Drugs"],
}


def ends_in_head_noun(name: str) -> bool:
    """The condition ends in a word after which ``split_terms`` starts a new term."""
    return name.rsplit(None, 1)[-1].lower() in HEAD_NOUNS
