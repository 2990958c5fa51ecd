"""Schedule forms met in sealed round 19 (measured once before these fixes), with their near misses: a bold lead-in
naming a phase over the list of its doses ('<strong>Cycles 1 to 4</strong> – every 21 days, for 4 cycles ...' then a
list), and a phase named by what follows the part before it ('<strong>After that: pembrolizumab alone</strong> – ...').
General (any page may use them), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import small_page

from regimen_fhir.parse.regimen import RegimenReader


def _phases(r):
    return {p.label: p for p in r.phases}


def _drugs(phase):
    return [(a.drug, a.dose.value, a.dose.unit, a.days) for a in phase.administrations]


# --- a phase lead-in over the list of its doses ----------------------------------------------------------------------
_TWO_PARTS = """<h2>Your treatment schedule</h2>
<p><strong>Cycles 1 to 4</strong> – every 21 days, for 4 cycles. All three drugs are given on day 1, in this order:</p>
<ul><li>Pembrolizumab 200 mg as a drip into a vein over 30 minutes</li>
<li>Paclitaxel 200 mg/m² as a drip into a vein over 3 hours</li>
<li>Carboplatin AUC 6 as a drip into a vein over 30 to 60 minutes</li></ul>
<p><strong>After that: pembrolizumab alone</strong> – pembrolizumab 200 mg IV over 30 minutes on day 1, every 3 weeks,
for up to 2 years in all.</p>"""


def test_a_phase_lead_in_heads_the_list_after_it():
    ph = _phases(small_page(_TWO_PARTS, h1="Carboplatin, paclitaxel and pembrolizumab"))
    assert list(ph) == ["Cycles 1 to 4", "After that: pembrolizumab alone"]
    first = ph["Cycles 1 to 4"]
    assert (first.length.value, first.length.unit, first.count) == (Decimal(21), "d", 4)
    assert _drugs(first) == [("pembrolizumab", Decimal(200), "mg", [1]), ("paclitaxel", Decimal(200), "mg/m2", [1]),
                             ("carboplatin", Decimal(6), "mg.min/mL", [1])]
    then = ph["After that: pembrolizumab alone"]
    assert (then.length.value, then.length.unit, then.count) == (Decimal(3), "wk", None)
    assert _drugs(then) == [("pembrolizumab", Decimal(200), "mg", [1])]
    assert then.administrations[0].infusion.value == Decimal(30)


def test_the_lead_in_heads_only_up_to_the_next_lead_in():
    body = """<h2>Your treatment</h2>
<p><b>Cycles 1 to 4:</b> every 14 days.</p><ul><li>Doxorubicin 60 mg/m2 IV on day 1</li></ul>
<p><b>Cycles 5 to 8:</b> every 14 days.</p><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li></ul>"""
    ph = _phases(small_page(body, h1="Dose-dense AC-T"))
    assert [d for d, *_ in _drugs(ph["Cycles 1 to 4"])] == ["doxorubicin"]
    assert [d for d, *_ in _drugs(ph["Cycles 5 to 8"])] == ["paclitaxel"]


def test_near_miss_a_lead_in_naming_no_phase_heads_nothing():
    # 'Important:' names no phase: the doses after it are the one treatment's, no phase 'Important'
    body = """<h2>Your treatment</h2><p>Each cycle is 21 days.</p><p><strong>Important:</strong> take them in this order.</p>
<ul><li>Docetaxel 75 mg/m2 IV over 1 hour on day 1</li></ul>"""
    r = small_page(body, h1="Docetaxel")
    assert "Important" not in _phases(r)
    assert [d for p in r.phases for d, *_ in _drugs(p)] == ["docetaxel"]


def test_near_miss_a_lead_in_with_its_own_doses_heads_nothing_after_it():
    # the paragraph's doses are its phase's; the paragraph after it, under no lead-in, is not pulled into that phase
    body = """<h2>Your treatment</h2>
<p><b>First cycle:</b> temozolomide 150 mg/m2 by mouth once a day on days 1 to 5. The cycle is 28 days long.</p>
<p><b>Cycles 2 to 6:</b> temozolomide 200 mg/m2 by mouth once a day on days 1 to 5, every 28 days.</p>"""
    ph = _phases(small_page(body, h1="Temozolomide"))
    assert _drugs(ph["First cycle"]) == [("temozolomide", Decimal(150), "mg/m2", [1, 2, 3, 4, 5])]
    assert _drugs(ph["Cycles 2 to 6"]) == [("temozolomide", Decimal(200), "mg/m2", [1, 2, 3, 4, 5])]


def test_what_follows_the_part_before_it_names_a_phase():
    for label in ("After that: pembrolizumab alone", "Afterwards – maintenance letrozole",
                  "Thereafter: nivolumab on its own", "From then on: trastuzumab alone"):
        assert RegimenReader.is_phase_label(label), label
    for near in ("After that, you rest for a week", "After that day's gemcitabine", "After this", "Afterwards"):
        assert not RegimenReader.is_phase_label(near), near


# --- a lowered dose for a group of patients, said without a comma after the condition --------------------------------
def test_an_age_lowered_dose_is_reported_never_a_second_administration():
    body = """<h2>Your treatment plan</h2><p>Cycles of 4 weeks (28 days).</p>
<p>Dexamethasone 40 mg tablets by mouth on days 1, 8, 15 and 22.</p>
<p>If you are 75 or older your team will usually lower the dexamethasone to 20 mg on the same days.</p>"""
    r = small_page(body, h1="Dexamethasone")
    assert [(a.drug, a.dose.value) for p in r.phases for a in p.administrations] == [("dexamethasone", Decimal(40))]
    assert any("in place of the usual one" in n.reason and "75 or older" in n.text for n in r.not_mapped)


# --- a dose section headed by how the tablets are taken; a possible lowering is no dose -------------------------------
@pytest.mark.parametrize("heading", ["Taking your tablets", "How much do I take?", "Taking your capsules"])
def test_a_heading_on_taking_the_tablets_heads_the_dose(heading):
    body = f"""<h2>{heading}</h2><p>The usual dose is 100 mg by mouth once a day, at about the same time each day.</p>
<p>You keep taking lorlatinib every day. Your doctor may lower the dose to 75 mg or 50 mg if side effects are a problem.</p>"""
    r = small_page(body, h1="Lorlatinib (Lorbrena)")
    adms = [a for p in r.phases for a in p.administrations]
    assert [(a.drug, a.dose.value, a.route, a.frequency.times) for a in adms] == [("lorlatinib", Decimal(100), "oral", 1)]
    assert any("dose-adjustment" in n.reason and "75 mg" in n.text for n in r.not_mapped)


def test_near_miss_taking_other_medicines_is_no_dose_section():
    from regimen_fhir.parse.rules import section_kind
    assert section_kind("Taking other medicines") is None
    assert section_kind("Taking your tablets") == "schedule"


# --- doses of one drug offered in place of each other: schedules of their own, exactly one given ----------------------
_FOR_WHOM = """<h2>How much do I take?</h2><p>Your starting dose depends on your weight and your platelet count:</p>
<ul><li><strong>200 mg</strong> (two 100 mg tablets) by mouth once daily — the usual starting dose</li>
<li><strong>300 mg</strong> (three 100 mg tablets) by mouth once daily — if you weigh 77 kg or more <em>and</em> your
platelets are 150,000/µL or more</li></ul>"""


def test_dose_lines_each_for_the_patients_its_clause_names_are_alternative_schedules():
    r = small_page(_FOR_WHOM, h1="Niraparib maintenance")
    assert [(p.label, p.alternative, _drugs(p)) for p in r.phases] == [
        ("the usual starting dose", True, [("niraparib", Decimal(200), "mg", [])]),
        ("if you weigh 77 kg or more and your platelets are 150,000/µL or more", True,
         [("niraparib", Decimal(300), "mg", [])])]
    assert all(p.administrations[0].frequency.times == 1 and p.after is None for p in r.phases)


@pytest.mark.parametrize("second", [
    "300 mg (three 100 mg tablets) by mouth once daily — take with food",  # the clause names no patients
    "200 mg (two 100 mg tablets) by mouth once daily — if you weigh 77 kg or more",  # the same dose
])
def test_near_miss_dose_lines_without_a_condition_or_of_one_dose_are_no_alternatives(second):
    body = f"""<h2>How much do I take?</h2><ul><li>200 mg (two 100 mg tablets) by mouth once daily — the usual
starting dose</li><li>{second}</li></ul>"""
    r = small_page(body, h1="Niraparib maintenance")
    assert not any(p.alternative for p in r.phases)


def test_near_miss_two_drugs_with_clauses_are_no_alternatives():
    body = """<h2>How is it given?</h2><ul><li>Docetaxel 75 mg/m2 IV on day 1 — if you have had no earlier taxane</li>
<li>Ramucirumab 10 mg/kg IV on day 1 — the usual dose</li></ul>"""
    r = small_page(body, h1="Docetaxel and ramucirumab")
    assert not any(p.alternative for p in r.phases)


_RECORD = """<h2>Dosing at a glance</h2><dl><dt>Usual adult dose</dt>
<dd>160 mg (two 80 mg capsules) by mouth twice a day, about 12 hours apart</dd>
<dt>Alternative</dt><dd>320 mg (four capsules) by mouth once daily</dd>
<dt>How long</dt><dd>Taken every day, without breaks, until the disease progresses</dd></dl>"""


def test_an_alternative_field_of_a_dose_record_is_a_schedule_of_its_own():
    r = small_page(_RECORD, h1="Zanubrutinib (Brukinsa)")
    got = [(p.label, p.alternative, [(a.drug, a.dose.value, a.route, a.frequency.times) for a in p.administrations])
           for p in r.phases]
    assert got == [("Usual adult dose", True, [("zanubrutinib", Decimal(160), "oral", 2)]),
                   ("Alternative", True, [("zanubrutinib", Decimal(320), "oral", 1)])]


def test_near_miss_a_record_without_an_alternative_field_is_one_schedule():
    body = _RECORD.replace("<dt>Alternative</dt><dd>320 mg (four capsules) by mouth once daily</dd>", "")
    r = small_page(body, h1="Zanubrutinib (Brukinsa)")
    assert [(p.alternative, len(p.administrations)) for p in r.phases] == [(False, 1)]


def test_the_product_form_line_under_the_title_gives_no_dose():
    body = "<p>Drug class: BTK inhibitor · Form: capsules (80 mg) · Used for: CLL</p>" + _RECORD
    r = small_page(body, h1="Zanubrutinib (Brukinsa)")
    assert sorted(a.dose.value for p in r.phases for a in p.administrations) == [Decimal(160), Decimal(320)]
