"""People and organisations: names, degrees, sponsors by class."""

from __future__ import annotations

from itertools import accumulate

from tools.synth.vocab import words

FIRST_NAMES = words(
    """James|Mary|John|Patricia|Robert|Jennifer|Michael|Linda|David|Elizabeth|William
    |Susan|Richard|Jessica|Thomas|Sarah|Daniel|Karen|Wei|Jing|Li|Xiaoming|Yan|Hui|Jun
    |Mohamed|Ahmed|Fatma|Mona|Ali|Hassan|Yuki|Hiroshi|Kenji|Ji-Hoon|Min-jung|Seung
    |Pierre|Marie|Jean|Sophie|Camille|Hans|Anna|Klaus|Maria|Giovanni|Francesca|Luca
    |Carlos|Ana|Javier|Lucia|Lars|Ingrid|Anders|Priya|Rahul|Amit|Olga|Ivan|Fernanda
    |Paulo|Emre|Ayse|Noa|Yosef|Kwame|Amina|Chinedu|Lukas|Eva|Jan|Katarzyna|Mehmet"""
)
LAST_NAMES = words(
    """Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Wilson
    |Anderson|Taylor|Thomas|Moore|Jackson|Martin|Lee|Thompson|White|Harris|Clark|Lewis
    |Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Ma|Zhu|Hu|Guo|He|Lin
    |Kim|Park|Choi|Jung|Kang|Tanaka|Suzuki|Sato|Takahashi|Watanabe|Ibrahim|Hassan|Mahmoud
    |Abdelrahman|Elsayed|Mostafa|Dubois|Martin|Bernard|Petit|Durand|Leroy|Muller|Schmidt
    |Schneider|Fischer|Weber|Rossi|Russo|Ferrari|Esposito|Bianchi|Fernandez|Lopez|Gonzalez
    |Sanchez|Perez|Hansen|Nielsen|Jensen|Andersen|Larsen|Sharma|Patel|Singh|Kumar|Ivanov
    |Smirnov|Silva|Santos|Oliveira|Yilmaz|Kaya|Demir|Cohen|Levi|Mensah|Okafor|Novak|Kowalski"""
)
DEGREES = ["MD", "MD", "MD", "MD, PhD", "PhD", "MD, MPH", "MSc", "RN", "PharmD", "MBBS", "Prof"]
INDUSTRY = words(
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
NIH = words(
    """National Cancer Institute (NCI)|National Institute of Allergy and Infectious Diseases
    (NIAID)|National Heart, Lung, and Blood Institute (NHLBI)|National Institute of Mental
    Health (NIMH)|National Institute on Drug Abuse (NIDA)|National Institute on Aging (NIA)
    |National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK)|Eunice Kennedy
    Shriver National Institute of Child Health and Human Development (NICHD)"""
)
FED = words(
    """VA Office of Research and Development|Centers for Disease Control and Prevention
    |Walter Reed Army Institute of Research (WRAIR)|U.S. Army Medical Research and Development
    Command|Agency for Healthcare Research and Quality (AHRQ)"""
)
NETWORK = words(
    """Children's Oncology Group|ECOG-ACRIN Cancer Research Group|SWOG Cancer Research Network
    |Alliance for Clinical Trials in Oncology|NRG Oncology|European Organisation for Research
    and Treatment of Cancer - EORTC|AIDS Clinical Trials Group|HIV Vaccine Trials Network
    |Canadian Cancer Trials Group|UNICANCER"""
)
OTHER_GOV = words(
    """Assistance Publique - Hopitaux de Paris|Hospices Civils de Lyon|Medical Research Council
    |Agence Nationale de Recherches sur le SIDA|Fondazione IRCCS Istituto Nazionale dei Tumori
    |Instituto de Salud Carlos III|Japan Agency for Medical Research and Development"""
)
SPONSOR_CLASS_CUM = list(accumulate([36, 56, 2, 1, 2, 2, 1]))
SPONSOR_CLASSES = ["INDUSTRY", "OTHER", "NIH", "FED", "NETWORK", "OTHER_GOV", "INDIV"]
OTHER_ORG = [
    "University of {city}",
    "{city} University Hospital",
    "{city} Medical University",
    "{city} University",
    "{city} Cancer Hospital",
    "{city} Children's Hospital",
    "{city} Heart Institute",
    "University Hospital, {city}",
]
