"""Wordings a new page is likely to use for the frequent side effects: each coded to the concept it names,
and the near misses (a longer wording that names something else, two findings in one) not coded to it."""
from __future__ import annotations

import pytest

from regimen_fhir import terminology as T


def code(text):
    found = T.primary("conditions", text)
    return found.code if found else None


# --- the matcher: plurals that add 'es' after sh / ss ---

@pytest.mark.parametrize("text,expected", [
    ("Rashes", "271807003"), ("skin rashes", "271807003"), ("Hot flush", "238810007"),
    ("hot flushes", "238810007"), ("Hot flashes", "238810007"),
])
def test_plural_es_after_sh(text, expected):
    assert code(text) == expected


def test_plural_rule_leaves_ache_words_alone():
    # 'aches' is 'ache' + 's': it must still meet 'muscle ache', and 'headaches' 'headache'
    assert code("Muscle aches") == code("muscle ache") == "68962001"
    assert code("Headaches") == "25064002"
    assert T.match_key("rashes") == T.match_key("rash") and T.match_key("patches") != T.match_key("patch")
    assert T.match_key("abscesses") == T.match_key("abscess")
    assert T.match_key("ashes") != T.match_key("ash")  # five letters or fewer: the new rule does not apply


# --- wordings of sources/ that name one concept (rows added with their public source) ---

@pytest.mark.parametrize("text,expected", [
    ("Changes in kidney function", "39539005"), ("abnormal kidney function", "39539005"),
    ("Painful swallowing", "30233002"), ("pain when swallowing", "30233002"), ("Odynophagia", "30233002"),
    ("Joint and muscle pain", "279069000"), ("Joint and muscle aches", "279069000"),
    ("Aching muscles and joints", "279069000"),
])
def test_one_concept_wordings_of_sources(text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Progressive multifocal leukoencephalopathy (PML)", "22255007"),  # now a row with its public source
    ("Swallowing", None), ("Difficulty swallowing", "40739000"),  # dysphagia stays dysphagia
    ("Joint pain", "57676002"), ("Muscle pain", "68962001"),  # each alone keeps its own concept
    ("Kidney damage", "236514003"), ("Kidney failure", "42399005"),  # not 'abnormal renal function'
])
def test_near_misses_of_the_new_rows(text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text", [
    "Confusion or drowsiness", "Constipation and tummy pain", "Red or itchy skin", "Tiredness and weakness",
    "Sore mouth or throat", "Sore or watery eyes", "Ringing in the ears or loss of hearing",
    "Hearing loss or ringing in the ears",  # (was a synonym of hearing disorder while its mirror stayed uncoded)
    "Tingling, numbness or jaw pain", "Infections and fever while blood counts are low",
    "Mood changes and a large appetite from dexamethasone",
    "Problems with balance or speech from high-dose cytarabine",
    "Confusion, seizures or trouble speaking [neurological toxicity]",
])
def test_two_findings_in_one_wording_stay_uncoded(text):
    """No single concept for two findings: a row would code one of them and drop the other."""
    assert code(text) is None


@pytest.mark.parametrize("text", [
    "Hepatitis B reactivation", "Skin cancers other than melanoma", "Reactions to the infusion",
    "Infusion-related reaction (fever, chills, flushing, breathlessness)", "Reactions to the daratumumab drip",
])
def test_concepts_without_a_confirmed_code_stay_uncoded(text):
    assert code(text) is None


# --- lay wordings of the frequent effects: one test per effect, its near misses beside it ---

FATIGUE, ASTHENIA = "84229001", "13791008"
NAUSEA, VOMITING, NAUSEA_AND_VOMITING = "422587007", "422400008", "16932000"
ALOPECIA = "56317004"
STOMATITIS, DRY_MOUTH, SORE_THROAT = "61170000", "87715008", "267102003"
APPETITE_LOSS = "79890006"
PARESTHESIA, PERIPHERAL_NEUROPATHY = "91019004", "302226006"
ANEMIA, THROMBOCYTOPENIA, WBC_LOW, MYELOSUPPRESSION = "271737000", "302215000", "419188005", "370569000"
HAND_FOOT = "403638003"
RASH = "271807003"
DIARRHEA, CONSTIPATION = "62315008", "14760008"
INFECTION, UTI, AT_RISK, HEMATURIA = "40733004", "68566005", "78648007", "34436003"
FEVER, FEBRILE_NEUTROPENIA = "386661006", "409089005"
BRUISING, BLEEDING = "125667009", "131148009"
DYSPNEA = "267036007"
PERIPHERAL_EDEMA, LEG_EDEMA, EDEMA = "424372002", "102574007", "267038008"
HYPERTENSION, HYPOTENSION = "38341003", "45007003"
HYPOKALEMIA, HYPERKALEMIA = "43339004", "14140009"
LIVER_FUNCTION, LIVER_FAILURE = "75183008", "59927004"
FLUSHING = "238810007"
WATERING_EYES, DRY_EYE = "193982009", "162290004"


def _check(cases):
    for text, expected in cases:
        assert code(text) == expected, (text, code(text), expected)


def test_tiredness():
    _check([("Feeling very tired", FATIGUE), ("Extreme tiredness", FATIGUE), ("Tiredness (fatigue)", FATIGUE),
            ("Weakness", ASTHENIA), ("Feeling tired and weak", None), ("Tired eyes", None)])


def test_feeling_or_being_sick():
    _check([("Nausea or vomiting", NAUSEA_AND_VOMITING), ("Feeling sick and vomiting", NAUSEA_AND_VOMITING),
            ("Nausea and being sick", NAUSEA_AND_VOMITING), ("Feeling sick (nausea)", NAUSEA),
            ("Being sick (vomiting)", VOMITING), ("Sickness", None), ("Travel sickness", None)])


def test_hair_loss_and_thinning():
    _check([("Loss of hair", ALOPECIA), ("Thinning of the hair", ALOPECIA), ("Hair falling out", ALOPECIA),
            ("Hair loss or thinning", ALOPECIA), ("Hair loss (alopecia)", ALOPECIA),
            ("Hair", None), ("Hair colour changes", None), ("Hair growth", None)])


def test_sore_mouth_and_mouth_ulcers():
    _check([("Ulcers in the mouth", STOMATITIS), ("Sore mouth or mouth ulcers", STOMATITIS),
            ("Sore mouth and ulcers", STOMATITIS), ("Mouth ulcers", STOMATITIS), ("Dry mouth", DRY_MOUTH),
            ("Sore throat", SORE_THROAT), ("Sore mouth or throat", None), ("Mouth", None)])


def test_loss_of_appetite():
    _check([("Lost appetite", APPETITE_LOSS), ("Lack of appetite", APPETITE_LOSS),
            ("Not wanting to eat", APPETITE_LOSS), ("Increased appetite", None), ("Appetite", None)])


def test_numbness_and_tingling_with_hands_and_feet_tails():
    _check([("Numbness or tingling in your hands and feet", PERIPHERAL_NEUROPATHY),
            ("Tingling in the hands and feet", PERIPHERAL_NEUROPATHY),
            ("Pins and needles in your hands and feet", PERIPHERAL_NEUROPATHY),
            ("Tingling in your fingers and toes", PERIPHERAL_NEUROPATHY),
            ("Numbness and tingling", PARESTHESIA), ("Tingling", PARESTHESIA),
            ("Numbness in hands and feet", None),  # numbness alone is not paraesthesia
            ("Cold hands and feet", None)])


def test_low_blood_counts():
    _check([("Low red cells", ANEMIA), ("Low haemoglobin", ANEMIA), ("Low hemoglobin", ANEMIA),
            ("Low number of platelets", THROMBOCYTOPENIA), ("Low number of white blood cells", WBC_LOW),
            ("Low blood counts", MYELOSUPPRESSION), ("Low number", None), ("High platelets", None)])


def test_hand_foot_syndrome():
    _check([("Palmar-plantar erythrodysaesthesia", HAND_FOOT), ("Palmar-plantar erythrodysesthesia", HAND_FOOT),
            ("Sore, red hands and feet", HAND_FOOT), ("Hand-foot syndrome", HAND_FOOT),
            ("Sore hands", None), ("Hand-foot skin reaction", None)])  # the kinase-inhibitor reaction is not PPE


def test_rash():
    _check([("Rash", RASH), ("Rashes", RASH), ("Skin rashes", RASH), ("Itchy rash", None), ("Skin changes", None)])


def test_diarrhoea_and_constipation():
    _check([("Loose or watery stools", DIARRHEA), ("Loose or watery poo", DIARRHEA), ("Diarrhoea", DIARRHEA),
            ("Constipated", CONSTIPATION), ("Being constipated", CONSTIPATION), ("Hard stools", CONSTIPATION),
            ("Diarrhoea and constipation", None)])


def test_infection():
    _check([("Urine infection", UTI), ("Urinary infections", UTI), ("Infection risk", AT_RISK),
            ("Infections", INFECTION), ("Urine", None), ("Blood in the urine", HEMATURIA)])


def test_fever():
    _check([("A high temperature", FEVER), ("High temperature (fever)", FEVER), ("Fevers", FEVER),
            ("Fever with neutropenia", FEBRILE_NEUTROPENIA), ("Temperature", None), ("Low temperature", None)])


def test_bruising_and_bleeding():
    _check([("Bruising easily", BRUISING), ("Bruise easily", BRUISING), ("Unusual bleeding", BLEEDING),
            ("Bruising or bleeding", None), ("Bleeding gums", None)])


def test_shortness_of_breath():
    _check([("Feeling breathless", DYSPNEA), ("Being short of breath", DYSPNEA), ("Breathlessness", DYSPNEA),
            ("Difficulty breathing", None),  # its own SNOMED CT finding, not confirmed here
            ("Breathing", None)])


def test_swelling():
    _check([("Swelling of the ankles", PERIPHERAL_EDEMA), ("Swollen hands and feet", PERIPHERAL_EDEMA),
            ("Swelling in the legs", LEG_EDEMA), ("Oedema", EDEMA), ("Swelling", None),
            ("Swelling of the face", None), ("Swelling where the injection was given", None)])


def test_blood_pressure():
    _check([("High blood pressure", HYPERTENSION), ("High blood pressure (hypertension)", HYPERTENSION),
            ("Low blood pressure", HYPOTENSION),
            ("Raised blood pressure", None)])  # a reading above range is its own SNOMED CT finding; not confirmed


def test_low_potassium():
    _check([("Low potassium levels", HYPOKALEMIA), ("Low levels of potassium", HYPOKALEMIA),
            ("Low potassium in your blood", HYPOKALEMIA), ("High potassium", HYPERKALEMIA),
            ("High potassium levels", None), ("Potassium", None)])


def test_raised_liver_enzymes():
    _check([("Increased liver enzymes", LIVER_FUNCTION), ("Changes in liver function", LIVER_FUNCTION),
            ("Abnormal liver blood tests", LIVER_FUNCTION), ("Raised liver enzymes", LIVER_FUNCTION),
            ("Liver failure", LIVER_FAILURE), ("Liver enzymes", None)])


def test_hot_flushes():
    _check([("Hot flush", FLUSHING), ("Hot flushes", FLUSHING), ("Hot flashes", FLUSHING),
            ("Night sweats", None), ("Hot flushes and sweating", None)])


def test_watery_eyes():
    _check([("Watery eyes", WATERING_EYES), ("Eyes watering", WATERING_EYES), ("Dry eyes", DRY_EYE),
            ("Sore eyes", None), ("Sore or watery eyes", None)])


def test_two_wordings_of_one_concept_joined_by_or_code_to_it():
    # round 11: an effect named twice ('Hair thinning or hair loss', 'Low red blood cell count, or anemia')
    _check([("Hair thinning or hair loss", "56317004"), ("Low red blood cell count, or anemia", "271737000"),
            ("Diarrhoea or constipation", None),  # two concepts: no single code
            ("Weakness or tiredness", None),  # asthenia and fatigue: two concepts
            ("Nausea or xyzzy", None)])  # one side unknown


def test_very_is_a_severity_word():
    # round 11: 'very' is a severity, kept apart from the finding (qualifiers.csv), as 'severe' is
    _check([("Very low neutrophil count (grade 4)", "165517008"), ("Very low platelet count", "302215000"),
            ("Very common", None)])


def test_a_spaced_dash_opens_a_gloss_as_brackets_do():
    _check([("Hand-foot syndrome – red, sore or peeling palms and soles", "403638003"),
            ("Hand-foot syndrome (red, sore or peeling palms and soles)", "403638003"),
            ("Hand-foot skin reaction", None),  # the hyphens of a compound are no dash
            ("Red, sore or peeling palms – on the hands", None)])  # an unknown head stays uncoded


# --- issue 3 margin: wordings of sources/ and of likely new pages (rows added with their sources) ---

LVEF_DECREASED, CARDIOMYOPATHY, HEART_FAILURE = "863932003", "85898001", "84114007"
LUNG_INFECTION, RESPIRATORY_INFECTION = "128601007", "275498002"
TINNITUS, PRURITUS = "60862001", "418363000"


def test_weaker_heart_pumping_is_a_decreased_ejection_fraction():
    # the lapatinib page's 'Weaker heart pumping' (checked by echo): CTCAE 'Ejection fraction decreased'
    _check([("Weaker heart pumping", LVEF_DECREASED), ("Reduced ejection fraction", LVEF_DECREASED),
            ("Ejection fraction decreased", LVEF_DECREASED), ("Decreased left ventricular ejection fraction",
                                                             LVEF_DECREASED),
            ("Heart failure", HEART_FAILURE), ("Weakening of the heart muscle", CARDIOMYOPATHY),  # each keeps its own
            ("Heart pumping", None), ("Ejection fraction", None), ("Weaker", None)])


def test_chest_and_other_infections_is_infection():
    # infections of any kind with the chest named first: the union is the parent concept, not a lung infection
    _check([("Chest and other infections", INFECTION), ("Chest infections", LUNG_INFECTION),
            ("Chest and airway infections", RESPIRATORY_INFECTION),
            ("Other infections", None), ("Chest and other problems", None)])


def test_temporary_is_a_course_word():
    _check([("Temporary hair loss", ALOPECIA), ("Temporary hair thinning", ALOPECIA),
            ("Temporary", None), ("Temporary numbness", None)])  # numbness alone is not paraesthesia


def test_fever_with_a_degree_sign():
    # '38°C' is read as '38 c': the wordings with the degree sign are rows of their own
    _check([("A temperature of 38°C or above", FEVER), ("A temperature of 38°C or higher", FEVER),
            ("High temperature of 38°C or above", FEVER), ("A temperature of 38C or above", FEVER),
            ("A temperature of 37.5°C or above", None),  # another threshold: not the row's wording
            ("A temperature of 38°C or below", None)])


def test_more_swelling_wordings():
    _check([("Swollen feet", PERIPHERAL_EDEMA), ("Swelling of the feet", PERIPHERAL_EDEMA),
            ("Swelling in your ankles", PERIPHERAL_EDEMA), ("Swelling in the ankles and feet", PERIPHERAL_EDEMA),
            ("Swollen hands or feet", PERIPHERAL_EDEMA), ("Swollen ankles, feet or legs", PERIPHERAL_EDEMA),
            ("Swollen glands", None), ("Swollen tummy", None), ("Swelling of the face", None)])


def test_more_sore_mouth_and_tingling_wordings():
    _check([("A sore mouth", STOMATITIS), ("Soreness of the mouth", STOMATITIS), ("Inflamed mouth", STOMATITIS),
            ("Mouth ulcers and sores", STOMATITIS), ("Sore gums", None), ("Sore mouth or throat", None),
            ("Tingling or numbness in your fingers and toes", PERIPHERAL_NEUROPATHY),
            ("Pins and needles in your fingers and toes", PERIPHERAL_NEUROPATHY),
            ("Numbness in fingers and toes", None)])  # numbness alone is not paraesthesia


def test_more_lay_wordings_of_frequent_effects():
    _check([("Feeling weak", ASTHENIA), ("Feeling more tired than usual", FATIGUE), ("Feeling weak and tired", None),
            ("Itchiness", PRURITUS), ("Itchy rash", None),
            ("Loose poo", DIARRHEA), ("Poo", None),
            ("Getting out of breath", DYSPNEA), ("Breathing difficulties", None),
            ("Low white count", WBC_LOW), ("Low white blood count", WBC_LOW), ("Low count", None),
            ("Fewer platelets", THROMBOCYTOPENIA), ("Low blood platelets", THROMBOCYTOPENIA),
            ("Low levels of potassium in the blood", HYPOKALEMIA), ("Levels of potassium in the blood", None),
            ("Loss of weight", "262285001"), ("Loss of taste", None),
            ("Thinning of your hair", ALOPECIA), ("Loss of your hair", ALOPECIA), ("Hair loss and thinning", ALOPECIA),
            ("Ringing in your ears", TINNITUS), ("Ringing in your ears or loss of hearing", None),
            ("Increased risk of getting an infection", AT_RISK), ("Getting an infection", None)])


# --- round 14 held-out wordings (issue 3 margin): what the five pages leave uncoded ---

HEMOLYTIC_ANEMIA, RITUXIMAB_INFUSION_REACTION = "61261009", "442108004"


def test_round14_lay_wording_of_autoimmune_haemolytic_anaemia():
    """'A type of anaemia where the immune system destroys red cells' (the FCR page) is autoimmune haemolytic
    anaemia, coded to its parent haemolytic anaemia: the autoimmune concept's code was not confirmed."""
    _check([("a type of anaemia where the immune system destroys red cells", HEMOLYTIC_ANEMIA),
            ("Type of anaemia where the immune system destroys red cells", HEMOLYTIC_ANEMIA),
            ("Type of anemia where the immune system destroys red blood cells", HEMOLYTIC_ANEMIA),
            ("Autoimmune haemolytic anaemia", HEMOLYTIC_ANEMIA), ("Haemolytic anaemia", HEMOLYTIC_ANEMIA),
            ("A type of anaemia", None), ("Anaemia", ANEMIA),  # plain anaemia keeps its own concept
            ("Haemolysis", None),  # the laboratory finding is not the anaemia
            ("A type of anaemia where the immune system destroys platelets", None)])


def test_round14_reaction_during_the_rituximab_drip():
    """The drug-named reaction has a concept (442108004); a reaction during an unnamed or another drug's
    drip has none confirmed (the MII CTCAE map: no generic infusion-related reaction concept)."""
    _check([("a reaction during the rituximab drip", RITUXIMAB_INFUSION_REACTION),
            ("Reaction during the rituximab drip", RITUXIMAB_INFUSION_REACTION),
            ("Reaction during the drip", None), ("Reaction during the cetuximab drip", None),
            ("a reaction during the drip", None), ("Rituximab", None)])


def test_round14_consequence_clause_with_a_higher_risk_of_infection():
    """', with a higher risk of infection' says what low white cells lead to: the effect before it is coded."""
    _check([("Low white blood cells, with a higher risk of infection", WBC_LOW),
            ("Low white blood cells with a higher risk of infection", WBC_LOW),
            ("Low platelets, with a higher risk of bleeding", None),  # another consequence: no rule for it
            ("Low white blood cells, with a higher risk of infection and bleeding", None),
            ("With a higher risk of infection", None), ("Higher risk of infection", AT_RISK)])


@pytest.mark.parametrize("text", [
    "Serious heart problems",  # too vague: failure, rhythm, muscle or arteries are all heart problems
    "Weakness and tiredness", "tiredness or weakness", "Weakness or tiredness",  # two findings each
])
def test_round14_wordings_left_uncoded(text):
    assert code(text) is None


HEPATITIS = "128241005"


def test_inflammation_of_the_liver_is_hepatitis():
    """'Inflammation of the liver' (the durvalumab page) is the SNOMED CT concept Inflammatory disease of liver
    (hepatitis); a named hepatitis, another organ's inflammation or liver damage in general is not it."""
    _check([("Inflammation of the liver", HEPATITIS), ("Liver inflammation", HEPATITIS),
            ("Inflamed liver", HEPATITIS), ("Hepatitis", HEPATITIS),
            ("Hepatitis B reactivation", None), ("Viral hepatitis", None),
            ("Inflammation of the bowel", "64226004"),  # colitis: another organ keeps its own concept
            ("Inflammation of the liver or kidneys", None),
            ("Liver damage", "235856003")])  # disorder of liver stays the wider concept


# --- indications (issue 3): the plain diseases the pages name, each beside its near misses ---

@pytest.mark.parametrize("text,expected", [
    ("hepatocellular carcinoma", "109841003"), ("Hepatocellular carcinoma (HCC)", "109841003"),
    ("HCC", "109841003"), ("liver cell carcinoma", "109841003"),
    ("hcc", None),  # an abbreviation only in capitals
    ("liver cancer", None),  # wider: cholangiocarcinoma and secondary tumours of the liver too
    ("rhabdomyosarcoma", "302847003"), ("Rhabdomyosarcomas", "302847003"),
    ("soft tissue sarcoma", "424952003"), ("Soft-tissue sarcomas", "424952003"),
    ("sarcoma", None),  # bone sarcomas too
    ("leiomyosarcoma", "443719001"),
    ("prostate cancer", "399068003"), ("cancer of the prostate", "399068003"),
    ("hormone refractory prostate cancer", "427492003"), ("hormone-refractory prostate cancer", "427492003"),
    ("castration-resistant prostate cancer", None),  # no source names it a synonym of 427492003
    ("stomach cancer", "363349007"), ("gastric cancer", "363349007"), ("cancer of the stomach", "363349007"),
    ("gastro-oesophageal junction cancer", "722533007"), ("gastroesophageal junction cancer", "722533007"),
    ("cancer of the junction between the gullet and the stomach", "722533007"),
    ("oesophageal cancer", None),  # the gullet alone is another site
    ("classical Hodgkin lymphoma", "762690000"), ("Hodgkin lymphoma", "118599009"),  # the subtype is not the disease
    ("endometrial carcinoma", "254878006"),
    ("endometrial cancer", None),  # carcinoma is the narrower morphology: not made a synonym
    ("myeloma", "109989006"), ("plasma cell myeloma", "109989006"), ("multiple myeloma", "109989006"),
    ("solitary myeloma", None),  # a plasmacytoma, another disease
    ("EGFR mutated non-small cell lung cancer", "703228009"),
    ("EGFR positive non-small cell lung cancer", None),  # receptor expression (426964009), not a mutation
    ("non-small cell lung cancer", "254637007"),
    ("squamous non-small cell lung cancer", "723301009"), ("Squamous NSCLC", "723301009"),
    ("non-squamous non-small cell lung cancer", None),  # the opposite histology, no confirmed concept
    ("triple-negative breast cancer", "706970001"), ("Triple negative breast cancer (TNBC)", "706970001"),
    ("triple-negative breast cancer that has spread", None),  # metastatic: no confirmed concept
    ("HER2-positive breast cancer", None),  # 427685000 is a carcinoma of breast: not made a synonym
])
def test_indication_diseases_and_their_near_misses(text, expected):
    assert code(text) == expected


# --- side-effect margin: PML, thyroid dysfunction, pain where the drip goes in, 'X such as Y' ---

PML, THYROID_DISORDER, INJECTION_SITE_PAIN = "22255007", "14304000", "95388000"
HYPERTHYROIDISM, HYPOTHYROIDISM, INFECTION = "34486009", "40930008", "40733004"


def test_progressive_multifocal_leukoencephalopathy():
    _check([("Progressive multifocal leukoencephalopathy (PML)", PML),
            ("progressive multifocal leukoencephalopathy", PML),
            ("PML", None),  # alone it also names the PML gene (PML-RARA): not a synonym
            ("Leukoencephalopathy", None),  # the wider finding has no row: not PML
            ("Multifocal leukoencephalopathy", None)])


def test_an_overactive_or_underactive_thyroid_is_a_thyroid_disorder():
    """Either direction is a disorder of the thyroid gland: the one concept the wording names. Each direction alone
    keeps its own, narrower concept."""
    _check([("An overactive or underactive thyroid", THYROID_DISORDER),
            ("overactive or underactive thyroid", THYROID_DISORDER),
            ("An underactive or overactive thyroid", THYROID_DISORDER),
            ("Thyroid problems", THYROID_DISORDER),
            ("Overactive thyroid", HYPERTHYROIDISM), ("Underactive thyroid", HYPOTHYROIDISM),
            ("Thyroid cancer", None), ("Thyroid", None),
            ("Problems with the hormone glands", "362969004")])  # the wider endocrine row is not taken over


def test_soreness_where_the_drip_goes_in_is_injection_site_pain():
    """SNOMED CT has one concept for pain at an injection or infusion site (the MII map treats the two sites alike)."""
    _check([("Soreness where the drip goes in", INJECTION_SITE_PAIN),
            ("Pain where the drip went in", INJECTION_SITE_PAIN),
            ("Infusion site pain", INJECTION_SITE_PAIN),
            ("Pain or redness where the drip went in", None),  # two findings: pain and redness
            ("Redness where the injection was given", "213338000"),  # erythema stays erythema
            ("Swelling where the drip goes in", None),  # another finding at the site: no row
            ("Soreness", None), ("Where the drip goes in", None), ("Pain", "22253000")])


def test_examples_after_such_as_or_including_are_narrower_than_the_effect():
    """'X such as Y' and 'X, including Y' name X; Y are examples, never the concept of the whole wording."""
    _check([("Infections such as colds and chest infections", INFECTION),
            ("Infections, including chest infections", INFECTION),
            ("Bleeding, including nosebleeds", "131148009"),
            ("Fluid retention, including fluid around the lungs", None),  # fluid retention has no confirmed code,
            ("Fluid around the lungs", "60046008"),  # and the pleural effusion it includes is not the whole
            ("Such as colds", None), ("Colds and chest infections", None),
            ("Skin reactions such as a rash", None)])  # 'skin reactions' has no row: not coded as a rash


@pytest.mark.parametrize("text", [
    # sorafenib/regorafenib/cabozantinib: the multikinase-inhibitor reaction is not the acral erythema 'due to
    # cytotoxic therapy' of 403638003 (hand-foot syndrome); no concept of its own was confirmed
    "Hand-foot skin reaction", "Hand–foot skin reaction",
    "Hepatitis B flare in people who carried the virus",  # hepatitis B reactivation: no confirmed concept
    "Reactions during the drip (chills, itching)",  # no generic infusion-related reaction concept (MII map)
    "Cough or a runny nose",  # two findings
])
def test_margin_wordings_left_uncoded(text):
    assert code(text) is None


def test_hand_foot_syndrome_keeps_its_code():
    assert code("Hand-foot syndrome") == "403638003" and code("Palmar-plantar erythrodysesthesia") == "403638003"


def test_a_bracket_naming_the_one_concept_codes_the_two_findings_it_covers():
    # 'ototoxicity' is the drug's damage to hearing, the hearing-disorder toxicity: the page names the concept itself
    assert code("Hearing loss or ringing in the ears [ototoxicity]") == "128540005"


@pytest.mark.parametrize("text, expected", [
    ("Slow heartbeat", "48867003"), ("Bradycardia", "48867003"), ("Slow heart rate", "48867003"),
    ("Sinus bradycardia", "49710005"),  # near miss: the specific rhythm keeps its own concept
    ("Fast heartbeat", None),  # near miss: the opposite finding is not this row's
])
def test_a_slow_heartbeat_is_bradycardia(text, expected):
    assert code(text) == expected


# --- a gloss in round brackets that names a coded term wins over the lay words before it ---

@pytest.mark.parametrize("text, expected", [
    ("Low white cells (neutropenia)", "165517008"),  # neutropenia, not the low white cell count of the lay words
    ("Low white blood cell count (neutropenia)", "165517008"),
    ("Low white cells [neutropenia]", "165517008"),  # as a square-bracketed term already did
    ("Low white cells", "419188005"),  # without the gloss: the lay words' own concept
    ("Low white cells (a blood count finding)", "419188005"),  # a gloss the tables do not know leaves the words
    ("Low neutrophils (risk of infection)", "165517008"),  # near miss: what it leads to is no name of the effect
    ("Low white blood cells (higher risk of infection)", "419188005"),
    ("fever (neutropenic)", "409089005"),  # a qualifier in brackets still makes the specific concept
])
def test_round_bracket_gloss_naming_a_coded_term_wins(text, expected):
    assert code(text) == expected


def test_candidates_try_a_known_round_gloss_before_the_plain_words():
    tried = T.candidates("Low white cells (neutropenia)")
    assert tried.index("neutropenia") < tried.index("Low white cells")
    tried = T.candidates("Low neutrophils (risk of infection)")
    assert tried.index("Low neutrophils") < tried.index("risk of infection")


# --- 'Sore mouth and throat' names two findings: no longer coded as stomatitis alone ---

@pytest.mark.parametrize("text, expected", [
    ("Sore mouth and throat", None), ("Sore mouth or throat", None),
    ("Sore mouth", "61170000"), ("Sore throat", "267102003"),
])
def test_sore_mouth_and_throat_is_two_findings(text, expected):
    assert code(text) == expected


# --- rows and lay synonyms from held-out round 19 (each with its public source in the table) ---

@pytest.mark.parametrize("text, expected", [
    ("falls", "161898004"), ("A fall", "161898004"),
    ("Falling asleep", None),  # near miss: no fall
    ("broken bones (fractures)", "125605004"), ("Fractures", "125605004"), ("Broken bone", "125605004"),
    ("Bronchitis", "32398004"), ("Chest infection", "128601007"),  # the broader chest infection keeps its row
    ("Coughs, colds and other infections of the nose and throat", "54150009"),
    ("Nerve damage causing numbness or tingling in the hands and feet", "302226006"),
    ("Numbness, tingling or weakness in the hands and feet", "302226006"),
    ("Swelling, often of the ankles, feet or hands", "267038008"),
    ("Problems with memory, attention or thinking", "386806002"),
    ("Problems with memory", None),  # near miss: memory alone is not the row's wording
    ("Acne-like rash on the face, chest and back", "402644006"),
    ("Irregular heartbeat (atrial fibrillation or flutter)", "698247007"), ("Irregular heartbeat", "698247007"),
    ("Atrial fibrillation", "49436004"),  # near miss: the named rhythm keeps its own concept
    ("Blurred vision or other changes in your eyesight", "63102001"), ("Changes in your eyesight", "63102001"),
    ("Blurred vision", "111516008"),  # near miss: blurred vision alone keeps its own concept
])
def test_round19_rows_and_synonyms(text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text", [
    "Tiredness or weakness",  # fatigue and asthenia: two concepts in SNOMED CT (kept as the table decided)
    "Reactions during the drip, such as chills, breathlessness or a rash",  # no generic infusion-reaction concept
    "Hepatitis B flaring up again",  # no code confirmed
    "Mood changes, such as anxiety or low mood",  # no single concept confirmed
])
def test_round19_wordings_left_uncoded(text):
    assert code(text) is None
