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
    ("Progressive multifocal leukoencephalopathy (PML)", "22255007"), ("PML", "22255007"),
    ("Joint and muscle pain", "279069000"), ("Joint and muscle aches", "279069000"),
    ("Aching muscles and joints", "279069000"),
])
def test_one_concept_wordings_of_sources(text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("pml", None),  # the abbreviation only in capitals
    ("Swallowing", None), ("Difficulty swallowing", "40739000"),  # dysphagia stays dysphagia
    ("Joint pain", "57676002"), ("Muscle pain", "68962001"),  # each alone keeps its own concept
    ("Kidney damage", "236514003"), ("Kidney failure", "42399005"),  # not 'abnormal renal function'
])
def test_near_misses_of_the_new_rows(text, expected):
    assert code(text) == expected


@pytest.mark.parametrize("text", [
    "Confusion or drowsiness", "Constipation and tummy pain", "Red or itchy skin", "Tiredness and weakness",
    "Sore mouth or throat", "Sore or watery eyes", "Ringing in the ears or loss of hearing",
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
