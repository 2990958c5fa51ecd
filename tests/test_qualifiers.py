"""Qualifier phrases on condition wordings: set aside when they leave the concept as it is,
never dropped when they make it a different concept (data/qualifiers.csv)."""
from __future__ import annotations

import pytest

from regimen_fhir import terminology as T
from regimen_fhir.terminology import qualifiers as Q


def codes(text: str) -> list[str]:
    return [c.code for c in T.lookup("conditions", text)]


@pytest.mark.parametrize("q", Q.qualifiers(), ids=lambda q: f"{q.line}:{q.phrase}")
def test_qualifier_row_is_sourced_and_well_formed(q):
    assert len(q.source) >= 10, "a qualifier row needs the public source of its rule"
    assert q.position in Q.POSITIONS and q.effect in Q.EFFECTS and q.kind
    assert ("{term}" in q.rewrite) is (q.effect == "specific"), "only a specific qualifier rewrites the wording"
    assert all(t in ("{drug}", "{any}", "{roman}") for t in q.tokens if t.startswith("{"))
    # a hyphenated word folds to two words, which a single token never meets ('non-squamous' must be 'non squamous')
    assert all(" " not in t for t in q.tokens), f"split the hyphenated word of {q.phrase!r} into words"


@pytest.mark.parametrize("text,code", [
    ("Severe diarrhoea", "62315008"),  # severity: the concept stays diarrhoea
    ("Lasting nerve damage", "386033004"),  # course: still neuropathy
    ("Allergic reactions to pegaspargase", "419076005"),  # attributed to a drug the project knows
    ("acute lymphoblastic leukemia in children", "91857003"),  # population
    ("breast cancer, usually after AC", "254837009"),  # treatment sequence
    ("Allergic reaction during the paclitaxel drip", "419076005"),  # the infusion it happens in
    ("Allergic reaction during the docetaxel infusion", "419076005"),
])
def test_a_qualifier_that_keeps_the_concept_is_set_aside(text, code):
    assert codes(text) == [code]


def test_attribution_needs_a_known_drug():
    assert codes("Allergic reactions to pollen") == []  # not a drug: not set aside
    assert codes("Allergic reactions to Oncaspar") == ["419076005"]  # a brand name of the parser's drug list


@pytest.mark.parametrize("text", [
    "colorectal cancer that has spread",
    "bowel (colorectal) cancer that has spread",
    "Colorectal cancer (metastatic)",  # the bracket form must not fall back to the disease either
    "metastatic colorectal cancer",
    "early breast cancer",
    "colon cancer after surgery (stage III)",
    "relapsed or refractory B-cell acute lymphoblastic leukemia",
    "pancreatic cancer that has spread",
])
def test_a_qualifier_that_changes_the_concept_never_falls_back_to_the_disease(text):
    assert codes(text) == []


def test_the_diseases_alone_are_coded():
    assert codes("colorectal cancer") == ["781382000"]
    assert codes("breast cancer") == ["254837009"]
    assert codes("colon cancer") == ["363406005"]
    assert codes("B-cell acute lymphoblastic leukemia") == ["277571004"]
    assert codes("pancreatic cancer") == ["363418001"]


@pytest.mark.parametrize("text,specific", [
    ("colorectal cancer that has spread", "metastatic colorectal cancer"),
    ("bladder cancer that has spread", "metastatic bladder cancer"),
    ("early breast cancer", "early breast cancer"),
    ("colon cancer after surgery (stage III)", "stage iii colon cancer"),
    ("relapsed or refractory B-cell acute lymphoblastic leukemia",
     "relapsed or refractory B cell acute lymphoblastic leukemia"),
])
def test_specific_wording_that_a_confirmed_row_would_need(text, specific):
    assert Q.analyse(text, T._is_indication).specific == specific


def test_a_specific_word_on_a_non_indication_is_no_qualifier():
    found = Q.analyse("early satiety", T._is_indication)
    assert found.specific is None and found.kept == () and found.base == "early satiety"
    assert codes("early satiety") == []  # and 'satiety' alone is not tried


def test_a_specific_row_is_used_when_the_table_holds_one(monkeypatch):
    tab = T._table("conditions")
    code = T.Code(T.SYSTEMS["snomed"], "999999999", "test only", "metastatic colorectal cancer", "test")
    folded = dict(tab.folded)
    folded[T.match_key("metastatic colorectal cancer")] = (code,)
    original = T._table
    monkeypatch.setattr(T, "_table", lambda kind: T._Table(folded, tab.exact, tab.longest)
                        if kind == "conditions" else original(kind))
    T.lookup.cache_clear()  # lookups are cached over the real tables
    try:
        assert [c.code for c in T.lookup("conditions", "colorectal cancer that has spread")] == ["999999999"]
    finally:
        T.lookup.cache_clear()  # the test-only row must not outlive the patch


@pytest.mark.parametrize("text,code", [
    ("Nausea and vomiting", "16932000"),  # the combined concept, not nausea alone
    ("Sickness with vomiting", "16932000"),
    ("testicular cancer (germ cell tumors)", "713646001"),  # the germ cell tumour of the testis
    ("testicular cancer", "363449006"),
    ("Low white cells", "419188005"),
    ("Low white cells [neutropenia]", "165517008"),  # the page's bracketed term names the concept
    ("Swelling of the legs", "102574007"),
    ("Swelling of the legs [edema]", "267038008"),
    ("Kidney problems [renal failure]", "42399005"),
    ("Kidney problems [nephrotoxicity]", "236514003"),
    ("Reactions during the first rituximab infusion", "442108004"),
    ("Numbness or tingling of the hands and feet (grade 2 or higher)", "302226006"),
    # the held-out pages of rounds 3-4
    ("A later leukemia or myelodysplasia", "721306009"),  # one concept: therapy-related AML and MDS
    ("Bleeding in the bladder (haemorrhagic cystitis)", "87696004"),
    ("Muscle cramps", "55300003"),
    ("Blood clots in the legs or lungs", "429098002"),  # venous: more specific than 'Blood clots'
    ("Blood clots", "371039008"),
    ("Serious drop in blood counts during radiotherapy", "370569000"),  # severity and timing set aside
    ("Serious drop in blood counts during the adjuvant cycles", "370569000"),
    ("newly diagnosed glioblastoma", "393563007"),  # line of treatment set aside
    ("bowel cancer", "781382000"),
    ("melanoma that has spread", "443493003"),  # the confirmed metastatic concept
])
def test_page_wordings_of_the_new_pages(text, code):
    assert codes(text) == [code]


@pytest.mark.parametrize("text", [
    "Kidney problems",  # vague: neither renal failure nor nephrotoxicity
    "Reactions to the infusion",  # SNOMED CT has no generic infusion reaction (only per substance)
    "Tiredness and weakness",  # two findings ('Joint and muscle aches' names musculoskeletal pain: test_terms_variants.py)
    "Red or itchy skin",  # two findings
    "Sore or watery eyes",
    "Mood changes and a large appetite from dexamethasone",
    "melanoma that has spread or cannot be removed by surgery",  # metastatic OR unresectable: wider than metastatic
    "drop in",  # a qualifier-like fragment alone is no wording
    "during radiotherapy",
    "Pain during urination",  # only named treatment phases are set aside: not coded as pain
])
def test_vague_or_combined_wordings_stay_uncoded(text):
    assert codes(text) == []


# --- indications of sources/ (issue 3): lay phrasings of disease status, population and treatment sequence ---

@pytest.mark.parametrize("text,code", [
    ("rhabdomyosarcoma in children", "302847003"),  # population set aside
    ("newly diagnosed myeloma in people who are not having a stem cell transplant", "109989006"),
    ("acute myeloid leukaemia in people who are 75 or older", "91861009"),  # no bracketed 'AML' needed
    ("non-small cell lung cancer with an EGFR mutation", "703228009"),  # the mutated NSCLC, not NSCLC
    ("prostate cancer that is no longer controlled by hormone therapy", "427492003"),  # hormone refractory
    ("breast cancer after earlier treatment", "254837009"),  # treatment sequence set aside
])
def test_indication_phrasings_coded_to_the_concept_they_name(text, code):
    assert codes(text) == [code]


@pytest.mark.parametrize("text", [
    # a specific qualifier with no confirmed concept for the result: never the disease alone
    "hepatocellular carcinoma (HCC) that cannot be removed with surgery",  # not via the bracketed 'HCC'
    "hepatocellular carcinoma that cannot be removed by surgery",
    "advanced prostate cancer that is no longer controlled by hormone therapy",  # advanced + hormone refractory
    "non-small cell lung cancer with an EGFR mutation that has spread",
    "non-small cell lung cancer that is not squamous",
    "non-squamous non-small cell lung cancer",
    "lymphoma that has come back",
    "lymphoma that has come back or not responded to first treatment",
    "multiple myeloma that has come back after at least one earlier treatment",
    "myeloma that has come back after at least two earlier treatments",
    "myeloma that has come back after earlier treatment",
    "soft tissue sarcomas that have spread",
    "prostate cancer that has spread and has kept growing after docetaxel",
    "bowel (colorectal) cancer that has spread and has already been treated with other chemotherapy",
    # two diseases, two stages, or a treatment-sequence phrase that is not a known one
    "cancer of the stomach or of the junction between the gullet and the stomach",
    "stage 3 or stage 4 classical Hodgkin lymphoma",
    "prostate cancer and has kept growing after pollen",  # not a drug: the phrase is not set aside
    "advanced endometrial cancer that has grown after platinum chemotherapy and is not MSI-high or dMMR",
])
def test_indication_phrasings_that_stay_uncoded(text):
    assert codes(text) == []


@pytest.mark.parametrize("text,specific", [
    ("lymphoma that has come back", "relapsed lymphoma"),
    ("lymphoma that has come back or not responded to first treatment", "relapsed or refractory lymphoma"),
    ("multiple myeloma that has come back after at least one earlier treatment", "relapsed multiple myeloma"),
    ("hepatocellular carcinoma that cannot be removed with surgery", "unresectable hepatocellular carcinoma"),
    ("non-small cell lung cancer that is not squamous", "non-squamous non small cell lung cancer"),
    ("non-squamous non-small cell lung cancer", "non-squamous non small cell lung cancer"),  # hyphen folds to two words
    ("advanced non-squamous non-small cell lung cancer", "advanced non-squamous non small cell lung cancer"),
    ("prostate cancer that has spread and has kept growing after docetaxel", "metastatic prostate cancer"),
    ("breast cancer that has spread and has already been treated with other chemotherapy", "metastatic breast cancer"),
    ("soft tissue sarcomas that have spread", "metastatic soft tissue sarcomas"),
    ("advanced prostate cancer that is no longer controlled by hormone therapy",
     "advanced hormone refractory prostate cancer"),
])
def test_specific_wordings_of_the_indication_phrasings(text, specific):
    assert Q.analyse(text, T._is_indication).specific == specific


def test_an_indication_qualifier_on_a_side_effect_is_no_qualifier():
    # 'that has come back' on a finding the indication table does not know: nothing is set aside
    found = Q.analyse("rash that has come back", T._is_indication)
    assert found.specific is None and found.base == "rash that has come back"
    assert codes("rash that has come back") == []
