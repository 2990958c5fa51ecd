"""The curated code tables: every code well-formed and sourced, matching tolerant but never fuzzy."""
from __future__ import annotations

from collections import defaultdict

import pytest

from regimen_fhir import terminology as T
from regimen_fhir.terminology import checks as C

ALL_ROWS = [(kind, row) for kind in T.KINDS for row in T.rows(kind)]
ROW_IDS = [f"{row.file}:{row.line}:{row.term}:{row.system}" for _, row in ALL_ROWS]
EXPECTED_SYSTEMS = {
    "drugs": {"rxnorm", "atc", "ncit"},
    "conditions": {"snomed"},
    "routes": {"snomed"},
    "tests": {"loinc", "snomed"},  # labs LOINC; imaging procedures SNOMED CT
    "units": {"ucum"},
}


# --- the check-digit rules themselves (so the table checks below can fail) ---

@pytest.mark.parametrize("code", ["409089005", "165517008", "91857003", "47625008", "1156294003", "22253000"])
def test_verhoeff_accepts_real_snomed_ids(code):
    assert C.snomed_valid(code)


@pytest.mark.parametrize("code", ["409089006", "165517007", "91857030", "4762508", "0409089005", "123"])
def test_verhoeff_rejects_a_changed_or_malformed_id(code):
    assert not C.snomed_valid(code)


def test_snomed_rejects_description_ids_by_partition():
    # a valid Verhoeff digit but partition '01' (a description id, not a concept)
    base = "10000001"
    digit = next(d for d in "0123456789" if C.verhoeff_valid(base + d))
    assert C.verhoeff_valid(base + digit) and not C.snomed_valid(base + digit)


@pytest.mark.parametrize("code,ok", [("58410-2", True), ("58410-3", False), ("2160-0", True), ("2160-9", False),
                                     ("718-7", True), ("718-8", False), ("24323-8", True), ("8636-3", True),
                                     ("8636", False), ("x-1", False)])
def test_loinc_mod10_check_digit(code, ok):
    assert C.loinc_valid(code) is ok


@pytest.mark.parametrize("code,ok", [("mg/m2", True), ("ug/kg", True), ("/mm3", True), ("10*3/uL", True),
                                     ("mg.min/mL", True), ("[iU]/m2", True), ("meq/L", True), ("%", True),
                                     ("mo", True), ("mg/m2/d", True), ("mcg", False), ("mg/m²", False),
                                     ("units", False), ("mg per day", False), ("IU", False), ("", False)])
def test_ucum_syntax(code, ok):
    assert C.ucum_valid(code) is ok


@pytest.mark.parametrize("system,code,ok", [("rxnorm", "1942950", True), ("rxnorm", "0161", False),
                                            ("rxnorm", "RX123", False), ("atc", "L01FB01", True),
                                            ("atc", "L01FB", False), ("ncit", "C1005", True),
                                            ("ncit", "1005", False), ("icd10", "C91.0", False)])
def test_other_systems(system, code, ok):
    assert C.code_valid(system, code) is ok


# --- every row of every table ---

@pytest.mark.parametrize("kind,row", ALL_ROWS, ids=ROW_IDS)
def test_row_is_complete_sourced_and_well_formed(kind, row):
    assert row.term and row.display, "term and display are required"
    assert len(row.source) >= 10, "a row without the public source where its code was confirmed is not allowed"
    assert row.system in EXPECTED_SYSTEMS[kind], f"{row.system} is not a code system for {kind}"
    assert C.code_valid(row.system, row.code), f"{row.system} code {row.code!r} fails its syntax/check-digit rule"


def test_no_name_maps_to_two_concepts_of_one_system():
    for kind in T.KINDS:
        names: dict[tuple[str, str], set[str]] = defaultdict(set)
        by_term: dict[str, list] = defaultdict(list)
        for row in T.rows(kind):
            by_term[T.match_key(row.term)].append(row)
        for term_key, rows_ in by_term.items():
            all_names = {n for r in rows_ for n in (r.term, *r.synonyms)}
            for r in rows_:
                for n in all_names:
                    key = T._case_key(n) if T.is_abbreviation(n) else T.match_key(n)
                    names[(key, r.system)].add(r.code)
        clashes = {k: v for k, v in names.items() if len(v) > 1}
        assert not clashes, f"{kind}: names mapping to two codes of one system: {clashes}"


def test_a_term_has_one_code_per_system():
    for kind in T.KINDS:
        seen: dict[tuple[str, str], str] = {}
        for row in T.rows(kind):
            key = (T.match_key(row.term), row.system)
            assert seen.setdefault(key, row.code) == row.code, f"{kind}: {row.term} has two {row.system} codes"


def test_table_sizes_cover_the_common_drugs_and_side_effects():
    rx = {r.term for r in T.rows("drugs") if r.system == "rxnorm"}
    side = [r for r in T.rows("conditions") if r.file == "side_effects.csv" and r.system == "snomed"]
    assert len(rx) >= 60, f"only {len(rx)} drugs with an RxNorm code"
    assert len(side) >= 80, f"only {len(side)} side effects with a SNOMED CT code"


def test_units_are_ucum_only_and_routes_snomed_only():
    assert {r.system for r in T.rows("units")} == {"ucum"}
    assert {r.system for r in T.rows("routes")} == {"snomed"}
    assert all(r.code == r.term for r in T.rows("units")), "a unit row's term is its UCUM code"


def test_canonical_system_uris():
    assert T.SYSTEMS["rxnorm"] == "http://www.nlm.nih.gov/research/umls/rxnorm"
    assert T.SYSTEMS["snomed"] == "http://snomed.info/sct"
    assert T.SYSTEMS["loinc"] == "http://loinc.org"
    assert T.SYSTEMS["ucum"] == "http://unitsofmeasure.org"
    assert T.SYSTEMS["atc"] == "http://www.whocc.no/atc"
    assert T.SYSTEMS["ncit"] == "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"


# --- matching ---

def codes(kind, text):
    return [c.code for c in T.lookup(kind, text)]


@pytest.mark.parametrize("kind,text,code", [
    ("drugs", "Inotuzumab Ozogamicin", "1942950"),
    ("drugs", "BESPONSA®", "1942950"),  # brand, case, trademark sign
    ("drugs", "Hydrea", "5552"),
    ("drugs", "5-FU", "4492"),
    ("drugs", "Oncovin™", "11202"),
    ("conditions", "Acute Lymphoid Leukemia (ALL)", "91857003"),  # brackets
    ("conditions", "acute lymphoblastic leukaemia", "91857003"),  # spelling
    ("conditions", "Nose-bleeds", "249366005"),  # punctuation, plural
    ("conditions", "Low white blood cells [neutropenia]", "165517008"),
    ("conditions", "Swollen arms or legs [peripheral edema]", "424372002"),
    ("conditions", "  NAUSEA.  ", "422587007"),
    ("routes", "intravenous (I.V.) infusion", "47625008"),
    ("routes", "I.V. infusion", "47625008"),
    ("tests", "BUN (blood urea nitrogen)", "3094-0"),
    ("tests", "Serum creatinine (Scr)", "2160-0"),
    ("tests", "Electrocardiograms", "11524-6"),
    ("units", "mg/m²", "mg/m2"),  # superscript
    ("units", "mcg/kg", "ug/kg"),
    ("units", "µg", "ug"),
    ("units", "Minutes", "min"),
])
def test_tolerant_matching(kind, text, code):
    assert codes(kind, text)[:1] == [code]


@pytest.mark.parametrize("kind,text", [
    ("conditions", "neutropenic"),  # an adjective is not the disorder
    ("conditions", "fevr"),  # no spelling guesses
    ("conditions", "nausea and headache"),  # no partial-phrase guesses: two findings are not one
    ("conditions", "severe nausea and headache"),  # nor once a severity qualifier is set aside
    ("drugs", "inotuzumab ozogamicin biosimilar"),
    ("drugs", "cyclophosphamid"),
    ("routes", "it"),  # the word 'it' is not intrathecal
    ("conditions", "all"),  # the word 'all' is not a leukemia
    ("tests", "ct"),
    ("units", "mgs/m2s/days"),
])
def test_no_fuzzy_guessing(kind, text):
    assert codes(kind, text) == []


def test_abbreviations_match_in_capitals():
    assert codes("routes", "IT") == ["72607000"]
    assert codes("conditions", "ALL") == ["91857003"]
    assert codes("tests", "CT") == ["77477000"]


@pytest.mark.parametrize("text", ["Neutropenic fever", "fever (neutropenic)", "Fever, neutropenic",
                                  "Fever while white cells are low [febrile neutropenia]", "febrile neutropenia"])
def test_specific_wording_wins_over_fever(text):
    assert codes("conditions", text) == ["409089005"]


def test_plain_fever_stays_fever():
    assert codes("conditions", "Fever") == ["386661006"]
    assert codes("conditions", "Raised temperature [fever]") == ["386661006"]


def test_find_in_prefers_the_longest_term_and_keeps_both_when_distinct():
    found = T.find_in("conditions", "Neutropenic fever is not the same as fever alone")
    assert [c.code for _, c in found] == ["409089005", "386661006"]
    found = T.find_in("routes", "give it by IV infusion over 60 minutes")
    assert [c.code for _, c in found] == ["47625008"]  # 'it' is no route
    found = T.find_in("drugs", "hydroxyurea (Hydrea®), vincristine (Oncovin®) or a corticosteroid such as dexamethasone")
    assert [c.term for _, c in found] == ["hydroxyurea", "vincristine", "dexamethasone"]


def test_brand_name_carries_every_code_of_the_ingredient():
    systems = [c.system for c in T.lookup("drugs", "Besponsa")]
    assert systems[0] == T.SYSTEMS["rxnorm"] and T.SYSTEMS["atc"] in systems


def _find_in_by_every_ngram(kind: str, text: str):
    """The plain reading of find_in's rule, as an oracle: every n-gram, longest first, left to right."""
    tab = T._table(kind)
    folded, cased = T.match_key(text).split(" "), T._case_key(text).split(" ")
    found, taken = [], [False] * len(folded)
    for n in range(min(tab.longest, len(folded)), 0, -1):
        for i in range(len(folded) - n + 1):
            if any(taken[i:i + n]):
                continue
            term = " ".join(folded[i:i + n])
            codes = tab.folded.get(term)
            if not codes and len(cased) == len(folded):
                term = " ".join(cased[i:i + n])
                codes = tab.exact.get(term)
            if codes:
                taken[i:i + n] = [True] * n
                if all(c != codes[0] for _, _, c in found):
                    found.append((i, term, codes[0]))
    return [(term, code) for _, term, code in sorted(found, key=lambda f: f[0])]


def test_find_in_tries_only_ngrams_a_key_starts_and_finds_what_every_ngram_would(sources):
    from regimen_fhir.parse.blocks import segment
    from regimen_fhir.parse.load import load_file

    texts = [b.text for p in sorted(sources.glob("*.html")) for b in segment(load_file(p).tree)]
    texts += ["5-FU and 5 FU then leucovorin calcium (folinic acid) with ALL and all", "AC then T", ""]
    checked = 0
    for kind in T.KINDS:
        for text in texts:
            assert T.find_in(kind, text) == _find_in_by_every_ngram(kind, text), (kind, text)
            checked += bool(_find_in_by_every_ngram(kind, text))
    assert checked > 300
