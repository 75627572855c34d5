"""Intervention names by type (drugs by area), and how arms and interventions are described."""

from __future__ import annotations

from itertools import accumulate

from tools.synth.vocab import words

# Drugs by area (a few shared): DRUG interventions; Placebo is added by the arm builder.
DRUGS = {
    "onc": words(
        """pembrolizumab|paclitaxel|nivolumab|carboplatin|cisplatin|docetaxel|gemcitabine
        |oxaliplatin|capecitabine|cyclophosphamide|doxorubicin|trastuzumab|bevacizumab
        |atezolizumab|durvalumab|osimertinib|lenalidomide|bortezomib|ibrutinib|venetoclax
        |rituximab|fluorouracil|irinotecan|temozolomide|sorafenib|lenvatinib|olaparib
        |palbociclib|letrozole|tamoxifen|enzalutamide|abiraterone acetate|cabozantinib
        |sintilimab|camrelizumab|tislelizumab|toripalimab|etoposide|pemetrexed|azacitidine
        |decitabine|cytarabine|fludarabine|dexamethasone|daratumumab|carfilzomib|regorafenib
        |nab-paclitaxel|eribulin|fulvestrant|anlotinib|apatinib"""
    ),
    "cardio": words(
        """atorvastatin|rosuvastatin|aspirin|clopidogrel|ticagrelor|rivaroxaban|apixaban
        |dabigatran|warfarin|heparin|enoxaparin|amlodipine|losartan|valsartan|lisinopril
        |metoprolol|bisoprolol|carvedilol|spironolactone|furosemide|sacubitril/valsartan
        |empagliflozin|dapagliflozin|ezetimibe|evolocumab|colchicine|tranexamic acid|alteplase
        |tenecteplase|ivabradine|nitroglycerin"""
    ),
    "metab": words(
        """metformin|insulin glargine|semaglutide|liraglutide|dulaglutide|tirzepatide
        |sitagliptin|empagliflozin|dapagliflozin|canagliflozin|pioglitazone|glimepiride
        |insulin aspart|insulin degludec|vitamin D3|calcitriol|denosumab|zoledronic acid
        |alendronate|allopurinol|febuxostat|levothyroxine|orlistat|ferric carboxymaltose
        |finerenone|sodium bicarbonate"""
    ),
    "inf": words(
        """dolutegravir|tenofovir alafenamide|emtricitabine|efavirenz|bictegravir|lamivudine
        |sofosbuvir|ledipasvir|glecaprevir/pibrentasvir|entecavir|remdesivir|nirmatrelvir
        |molnupiravir|ivermectin|hydroxychloroquine|azithromycin|amoxicillin|ceftriaxone
        |vancomycin|meropenem|piperacillin/tazobactam|doxycycline|rifampicin|isoniazid
        |bedaquiline|artemether-lumefantrine|dihydroartemisinin-piperaquine|oseltamivir
        |fluconazole|valganciclovir|fidaxomicin|metronidazole"""
    ),
    "neuro": words(
        """sertraline|escitalopram|fluoxetine|venlafaxine|duloxetine|bupropion|ketamine
        |esketamine|quetiapine|aripiprazole|olanzapine|risperidone|paliperidone|clozapine
        |lithium|lamotrigine|levetiracetam|valproate|donepezil|memantine|levodopa
        |pramipexole|gabapentin|pregabalin|morphine|oxycodone|fentanyl|buprenorphine
        |methadone|naltrexone|naloxone|varenicline|melatonin|zolpidem|ocrelizumab
        |natalizumab|dexmedetomidine|propofol|ropivacaine|bupivacaine|lidocaine|ibuprofen
        |acetaminophen|ketorolac|celecoxib|botulinum toxin type A|psilocybin"""
    ),
    "resp": words(
        """budesonide|fluticasone|salmeterol|formoterol|tiotropium|montelukast|omalizumab
        |mepolizumab|benralizumab|dupilumab|prednisone|methylprednisolone|azithromycin
        |nintedanib|pirfenidone|roflumilast|albuterol|ipratropium|indacaterol"""
    ),
    "immuno": words(
        """adalimumab|infliximab|etanercept|tofacitinib|upadacitinib|baricitinib|methotrexate
        |ustekinumab|secukinumab|ixekizumab|vedolizumab|dupilumab|tacrolimus|cyclosporine
        |mycophenolate mofetil|hydroxychloroquine|prednisolone|rituximab|belimumab
        |mesalamine|budesonide|hydroxyurea|emicizumab|eltrombopag|risankizumab|guselkumab"""
    ),
    "other": words(
        """oxytocin|misoprostol|progesterone|letrozole|estradiol|dexmedetomidine|propofol
        |sevoflurane|remifentanil|ondansetron|dexamethasone|tranexamic acid|bupivacaine
        |atropine|latanoprost|ranibizumab|aflibercept|bevacizumab|tamsulosin|mirabegron
        |sildenafil|tadalafil|chlorhexidine|fluoride varnish|cefazolin|midazolam|ketamine"""
    ),
}
DRUG_CUM = {
    a: list(accumulate(1.0 / (r + 1) ** 0.8 for r in range(len(v)))) for a, v in DRUGS.items()
}
CODE_PREFIXES = words("MK|BMS|ABT|LY|JNJ|GSK|PF|SHR|BGB|AZD|RO|BAY|TAK|AMG|IBI|HLX|ONO|ALXN|REGN")
_BIOLOGICALS = words(
    """CAR-T cells|mRNA-1273|BNT162b2|influenza vaccine|HPV vaccine|pneumococcal conjugate
    vaccine|hepatitis B vaccine|BCG vaccine|autologous stem cell transplantation|mesenchymal
    stem cells|fecal microbiota transplantation|convalescent plasma|platelet-rich plasma
    |dendritic cell vaccine|tumor-infiltrating lymphocytes|allogeneic hematopoietic stem cell
    transplantation|RSV vaccine|rotavirus vaccine|NK cells|oncolytic virus|probiotic
    Lactobacillus rhamnosus GG|intravenous immunoglobulin|measles vaccine|malaria vaccine
    RTS,S/AS01|tuberculosis vaccine M72/AS01E|botulinum toxin|anti-CD19 CAR-T cells
    |BCMA CAR-T cells|cord blood transplantation"""
)
_DEVICES = words(
    """continuous glucose monitor|insulin pump|transcranial magnetic stimulation
    |transcranial direct current stimulation|drug-eluting stent|left atrial appendage occluder
    |CPAP|wearable activity tracker|smartphone application|virtual reality headset
    |negative pressure wound therapy|intraocular lens|hearing aid|cochlear implant
    |spinal cord stimulator|high-flow nasal cannula|photobiomodulation|extracorporeal shockwave
    therapy|knee brace|compression stockings|laser therapy|electrical muscle stimulation
    |transcutaneous electrical nerve stimulation|robotic gait trainer|mobile health app
    |contact lens|dental implant|vagus nerve stimulation|deep brain stimulation|pulse oximeter"""
)
_PROCEDURES = words(
    """laparoscopic surgery|robotic-assisted surgery|radical prostatectomy|mastectomy
    |lumpectomy|gastrectomy|esophagectomy|hepatectomy|total knee arthroplasty|total hip
    arthroplasty|percutaneous coronary intervention|catheter ablation|cesarean section
    |bariatric surgery|sleeve gastrectomy|colonoscopy|endoscopic ultrasound|nerve block
    |epidural analgesia|spinal anesthesia|general anesthesia|physiotherapy|acupuncture
    |hemodialysis|liver transplantation|kidney transplantation|thrombectomy|biopsy
    |sentinel lymph node biopsy|prehabilitation|dry needling|manual therapy|cryoablation
    |radiofrequency ablation|hyperthermic intraperitoneal chemotherapy|blood sampling"""
)
_BEHAVIORALS = words(
    """cognitive behavioral therapy|mindfulness-based stress reduction|motivational
    interviewing|exercise training|aerobic exercise|resistance training|yoga|health education
    |text message reminders|peer support|nutrition counseling|lifestyle intervention
    |smoking cessation counseling|sleep hygiene education|problem-solving therapy
    |psychoeducation|school-based intervention|financial incentives|telehealth coaching
    |high-intensity interval training|tai chi|music therapy|parenting program
    |self-management program|brief alcohol intervention|dance therapy|walking program"""
)
_RADIATIONS = words(
    """stereotactic body radiation therapy|intensity-modulated radiation therapy|proton beam
    therapy|whole brain radiotherapy|hypofractionated radiotherapy|brachytherapy
    |stereotactic radiosurgery|chemoradiotherapy|low-dose radiation therapy|radioiodine
    therapy|total body irradiation|lutetium Lu 177 dotatate"""
)
_SUPPLEMENTS = words(
    """vitamin D|omega-3 fatty acids|probiotics|vitamin C|zinc|iron supplementation
    |folic acid|curcumin|magnesium|oral nutritional supplement|whey protein|creatine
    |melatonin supplement|coenzyme Q10|vitamin B12|calcium|green tea extract|beta-alanine
    |fiber supplement|multivitamin"""
)
_OTHERS = words(
    """standard of care|usual care|questionnaire|blood sample collection|no intervention
    |best supportive care|observation|saline|data collection|MRI|PET-CT|quality of life
    assessment|wait-list control|educational booklet|telephone follow-up|standard diet
    |interview|ultrasound assessment|biomarker analysis|routine care"""
)
_DIAGNOSTICS = words(
    """rapid antigen test|PCR testing|liquid biopsy|genomic profiling|low-dose CT screening
    |point-of-care ultrasound|HPV self-sampling|FIT test|circulating tumor DNA assay"""
)
INTERVENTION_TYPES = [
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
INTERVENTION_NAMES = {
    "BIOLOGICAL": _BIOLOGICALS,
    "DEVICE": _DEVICES,
    "PROCEDURE": _PROCEDURES,
    "BEHAVIORAL": _BEHAVIORALS,
    "RADIATION": _RADIATIONS,
    "DIETARY_SUPPLEMENT": _SUPPLEMENTS,
    "OTHER": _OTHERS,
    "DIAGNOSTIC_TEST": _DIAGNOSTICS,
}
ARM_DESCRIPTIONS = {
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
INTERVENTION_DESCRIPTIONS = [
    "{I} {dose} mg orally once daily.",
    "{I} {dose} mg/m2 intravenously on day 1 of each 21-day cycle.",
    "{I} administered subcutaneously every 2 weeks.",
    "{I} given according to the manufacturer's instructions.",
    "Sessions of {i} lasting 45 minutes, twice a week for 8 weeks.",
    "{I} delivered by trained study staff.",
    "{I} at a dose of {dose} mg twice daily for 14 days.",
]
