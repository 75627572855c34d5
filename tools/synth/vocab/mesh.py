"""MeSH-like descriptors for the registry's ``derivedSection`` browse modules, by area.

The terms read like the registry's (a condition's descriptor, its ancestors, an intervention's
pharmacological classes); the ids are synthetic: ``D9`` and 8 digits drawn from the term, so
they look like API v2's ids (``D000013166``) and never clash with a real descriptor's, as the
generator's ``NCT9…`` ids never clash with real NCT ids. The same term always has the same id.
"""

from __future__ import annotations

from zlib import crc32

from tools.synth.vocab import words


def mesh_id(term: str) -> str:
    """A descriptor id for ``term``: ``D9`` and 8 digits, the same for the same term."""
    return f"D9{crc32(term.encode('utf-8')) % 100_000_000:08d}"


def leaf_id(term: str) -> str:
    """A browse leaf id (API v2's ``M`` ids) for ``term``."""
    return f"M9{crc32(term.encode('utf-8')) % 100_000:05d}"


def condition_term(condition: str) -> str:
    """The descriptor a condition is indexed under: ``Breast Cancer`` -> ``Breast Neoplasms``."""
    if condition.endswith(" Cancer"):
        return condition[: -len("Cancer")] + "Neoplasms"
    if condition == "Cancer":
        return "Neoplasms"
    return condition


# Ancestors of an area's conditions, broadest first: a study lists some of them.
CONDITION_ANCESTORS = {
    "onc": words(
        """Neoplasms|Neoplasms by Site|Neoplasms by Histologic Type|Neoplasms, Glandular and
        Epithelial|Carcinoma|Adenocarcinoma|Neoplasms, Germ Cell and Embryonal|Lymphoproliferative
        Disorders|Hematologic Neoplasms|Digestive System Neoplasms|Thoracic Neoplasms|Urogenital
        Neoplasms|Neoplasm Metastasis|Neoplastic Processes"""
    ),
    "cardio": words(
        """Cardiovascular Diseases|Heart Diseases|Vascular Diseases|Myocardial Ischemia
        |Arteriosclerosis|Arterial Occlusive Diseases|Cerebrovascular Disorders|Brain Diseases
        |Central Nervous System Diseases|Embolism and Thrombosis|Arrhythmias, Cardiac
        |Pathologic Processes|Hypertension"""
    ),
    "metab": words(
        """Metabolic Diseases|Endocrine System Diseases|Nutrition Disorders|Glucose Metabolism
        Disorders|Diabetes Mellitus|Overnutrition|Body Weight|Signs and Symptoms|Kidney Diseases
        |Urologic Diseases|Female Urogenital Diseases and Pregnancy Complications|Hematologic
        Diseases|Lipid Metabolism Disorders"""
    ),
    "inf": words(
        """Infections|Communicable Diseases|Virus Diseases|RNA Virus Infections|Bacterial
        Infections and Mycoses|Bacterial Infections|Respiratory Tract Infections|Sexually
        Transmitted Diseases|Lentivirus Infections|Retroviridae Infections|Immunologic
        Deficiency Syndromes|Pneumonia, Viral|Coronavirus Infections|Parasitic Diseases"""
    ),
    "neuro": words(
        """Mental Disorders|Nervous System Diseases|Behavior and Behavior Mechanisms|Mood
        Disorders|Neurodevelopmental Disorders|Neurodegenerative Diseases|Brain Diseases
        |Central Nervous System Diseases|Neurocognitive Disorders|Substance-Related Disorders
        |Chemically-Induced Disorders|Pain|Neurologic Manifestations|Sleep Wake Disorders"""
    ),
    "resp": words(
        """Respiratory Tract Diseases|Lung Diseases|Lung Diseases, Obstructive|Bronchial
        Diseases|Respiratory Hypersensitivity|Hypersensitivity|Hypersensitivity, Immediate
        |Respiration Disorders|Chronic Disease|Disease Attributes|Pathologic Processes"""
    ),
    "immuno": words(
        """Immune System Diseases|Autoimmune Diseases|Connective Tissue Diseases|Skin Diseases
        |Skin and Connective Tissue Diseases|Joint Diseases|Musculoskeletal Diseases|Rheumatic
        Diseases|Arthritis|Inflammatory Bowel Diseases|Gastroenteritis|Gastrointestinal
        Diseases|Digestive System Diseases|Intestinal Diseases"""
    ),
    "other": words(
        """Pathologic Processes|Disease Attributes|Signs and Symptoms|Wounds and Injuries
        |Postoperative Complications|Pregnancy Complications|Eye Diseases|Otorhinolaryngologic
        Diseases|Stomatognathic Diseases|Mouth Diseases|Tooth Diseases"""
    ),
}

# Pharmacological classes of an area's interventions (the intervention browse ancestors).
INTERVENTION_ANCESTORS = {
    "onc": words(
        """Antineoplastic Agents|Antineoplastic Agents, Immunological|Immune Checkpoint
        Inhibitors|Molecular Mechanisms of Pharmacological Action|Enzyme Inhibitors|Protein
        Kinase Inhibitors|Antimetabolites, Antineoplastic|Topoisomerase Inhibitors
        |Antibodies, Monoclonal|Immunologic Factors|Physiological Effects of Drugs"""
    ),
    "cardio": words(
        """Cardiovascular Agents|Antihypertensive Agents|Anticoagulants|Hematologic Agents
        |Platelet Aggregation Inhibitors|Anticholesteremic Agents|Hypolipidemic Agents|Lipid
        Regulating Agents|Diuretics|Natriuretic Agents|Molecular Mechanisms of Pharmacological
        Action"""
    ),
    "metab": words(
        """Hypoglycemic Agents|Physiological Effects of Drugs|Incretins|Hormones|Hormones,
        Hormone Substitutes, and Hormone Antagonists|Glucagon-Like Peptide-1 Receptor Agonists
        |Sodium-Glucose Transporter 2 Inhibitors|Vitamins|Micronutrients|Bone Density
        Conservation Agents"""
    ),
    "inf": words(
        """Anti-Infective Agents|Antiviral Agents|Anti-Bacterial Agents|Anti-HIV Agents
        |Anti-Retroviral Agents|Reverse Transcriptase Inhibitors|Nucleic Acid Synthesis
        Inhibitors|Antimalarials|Antiprotozoal Agents|Vaccines|Immunologic Factors"""
    ),
    "neuro": words(
        """Central Nervous System Agents|Psychotropic Drugs|Antidepressive Agents
        |Antipsychotic Agents|Tranquilizing Agents|Central Nervous System Depressants
        |Analgesics|Sensory System Agents|Peripheral Nervous System Agents|Anticonvulsants
        |Neurotransmitter Agents|Serotonin Uptake Inhibitors"""
    ),
    "resp": words(
        """Respiratory System Agents|Anti-Asthmatic Agents|Bronchodilator Agents|Autonomic
        Agents|Adrenergic beta-2 Receptor Agonists|Glucocorticoids|Anti-Inflammatory Agents
        |Hormones|Muscarinic Antagonists|Cholinergic Antagonists"""
    ),
    "immuno": words(
        """Immunosuppressive Agents|Immunologic Factors|Antirheumatic Agents|Anti-Inflammatory
        Agents|Tumor Necrosis Factor Inhibitors|Dermatologic Agents|Gastrointestinal Agents
        |Antibodies, Monoclonal|Janus Kinase Inhibitors|Protein Kinase Inhibitors"""
    ),
    "other": words(
        """Physiological Effects of Drugs|Molecular Mechanisms of Pharmacological Action
        |Anesthetics|Analgesics|Sensory System Agents|Central Nervous System Agents|Vitamins
        |Antioxidants|Protective Agents"""
    ),
}

# Browse branches (abbreviation, name) an area's studies are filed under.
CONDITION_BRANCHES = {
    "onc": [("BC04", "Neoplasms"), ("BC23", "Symptoms and General Pathology")],
    "cardio": [("BC14", "Heart and Blood Diseases"), ("BC10", "Nervous System Diseases")],
    "metab": [
        ("BC18", "Nutritional and Metabolic Diseases"),
        ("BC19", "Gland and Hormone Related Diseases"),
    ],
    "inf": [("BC01", "Infections"), ("BC02", "Viral Diseases"), ("BC20", "Immune System Diseases")],
    "neuro": [("BXM", "Behaviors and Mental Disorders"), ("BC10", "Nervous System Diseases")],
    "resp": [
        ("BC08", "Respiratory Tract (Lung and Bronchial) Diseases"),
        ("BC20", "Immune System Diseases"),
    ],
    "immuno": [("BC20", "Immune System Diseases"), ("BC17", "Skin and Connective Tissue Diseases")],
    "other": [("BC23", "Symptoms and General Pathology"), ("BC26", "Wounds and Injuries")],
}
INTERVENTION_BRANCHES = {
    "onc": [("ANeo", "Antineoplastic Agents"), ("Infl", "Anti-Inflammatory Agents")],
    "cardio": [("CVA", "Cardiovascular Agents"), ("Hemat", "Hematologic Agents")],
    "metab": [("Vi", "Vitamins"), ("HB", "Hormones, Hormone Substitutes, and Hormone Antagonists")],
    "inf": [("Infe", "Anti-Infective Agents"), ("AnAg", "Antiviral Agents")],
    "neuro": [("CNSDep", "Central Nervous System Depressants"), ("Analg", "Analgesics")],
    "resp": [("Resp", "Respiratory System Agents"), ("ANAsth", "Anti-Asthmatic Agents")],
    "immuno": [("ARhu", "Antirheumatic Agents"), ("Infl", "Anti-Inflammatory Agents")],
    "other": [("Analg", "Analgesics"), ("Vi", "Vitamins")],
}
ALL_CONDITIONS = ("All", "All Conditions")
ALL_DRUGS = ("All", "All Drugs and Chemicals")
