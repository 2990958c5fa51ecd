"""Phrase and markup forms of the sixth breadth round, read on small pages, each with its near misses:
every-other-day dosing, continuous daily dosing ("without a break"), phase start conditions, dose-adjustment
rules (not side effects), age-dependent doses (reported, none picked), superscript powers of ten, and how to
take a drug with respect to food (Dosage.patientInstruction)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import reasons, small_page
from regimen_fhir import parse
from regimen_fhir.map.activitydefinition import medication_activity
from regimen_fhir.map.common import MapContext
from regimen_fhir.model import Regimen


page = small_page


def titled_page(h1: str, body: str) -> Regimen:
    html = f"<html><head><title>T | Site</title></head><body><h1>{h1}</h1>{body}</body></html>"
    r = parse.parse_bytes(html.encode("utf-8"), "t.html")
    assert isinstance(r, Regimen)
    return r


def adm(r: Regimen, drug: str, phase: int = 0):
    return next(a for a in r.phases[phase].administrations if a.drug == drug)


def effects(r: Regimen) -> dict[str, object]:
    return {e.wording: e.incidence for e in r.side_effects}


# -- every other day ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, days", [
    ("Lenalidomide 10 mg by mouth every other day, days 1-14", [1, 3, 5, 7, 9, 11, 13]),
    ("Lenalidomide 10 mg by mouth on alternate days for 14 days", [1, 3, 5, 7, 9, 11, 13]),
    ("Lenalidomide 10 mg by mouth every second day for 5 doses", [1, 3, 5, 7, 9]),
    # no end stated: to the end of the 28-day cycle
    ("Lenalidomide 10 mg by mouth every other day", list(range(1, 29, 2))),
])
def test_every_other_day(line, days):
    r = page(f"<h2>Schedule</h2><ul><li>{line}</li></ul><p>Repeat every 28 days.</p>")
    assert adm(r, "lenalidomide").days == days
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_every_other_day_without_end_or_cycle_is_reported_not_guessed():
    r = page("<h2>Schedule</h2><ul><li>Lenalidomide 10 mg by mouth every other day</li></ul>")
    assert adm(r, "lenalidomide").days == []
    assert any("every other day" in x for x in reasons(r))
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_other_days_near_miss_is_not_every_other_day():
    r = page("<h2>Schedule</h2><ul><li>Lenalidomide 10 mg by mouth days 1-14; other days no treatment</li></ul>"
             "<p>Repeat every 28 days.</p>")
    assert adm(r, "lenalidomide").days == list(range(1, 15))


# -- continuous daily dosing -----------------------------------------------------------------------------

def test_daily_without_a_break_fills_every_day_of_the_cycle():
    r = page("<h2>Schedule</h2><ul><li>Thalidomide 100 mg by mouth once daily, every day without a break</li>"
             "<li>Melphalan 4 mg/m2 by mouth days 1-7</li></ul><p>Cycles of 4 weeks.</p>")
    assert adm(r, "thalidomide").days == list(range(1, 29))
    assert adm(r, "melphalan").days == list(range(1, 8))


def test_continuous_sentence_applies_to_the_drug_it_names():
    r = page("<h2>Schedule</h2><ul><li>Thalidomide 100 mg by mouth once daily</li>"
             "<li>Melphalan 4 mg/m2 by mouth days 1-7</li></ul><p>Thalidomide is taken without a break.</p>"
             "<p>Each cycle lasts 28 days.</p>")
    assert adm(r, "thalidomide").days == list(range(1, 29))
    assert "schedule sentence not understood" not in reasons(r)


def test_continuous_without_cycle_length_keeps_no_days():
    # imatinib-style: taken every day with no cycles: no days of a cycle are made up
    r = page("<h2>Schedule</h2><ol><li>Imatinib 400 mg PO once a day, every day without a break</li></ol>")
    assert adm(r, "imatinib").days == []


def test_once_daily_for_days_is_not_continuous():
    r = page("<h2>Schedule</h2><ul><li>Temozolomide 150 mg/m2 by mouth once daily on days 1-5</li></ul>"
             "<p>Every 28 days.</p>")
    assert adm(r, "temozolomide").days == [1, 2, 3, 4, 5]


# -- phase start conditions ---------------------------------------------------------------------------------

def test_start_condition_is_kept_as_text_on_its_phase():
    r = page("""<h2>Part 1: induction (1 cycle)</h2><p>Cytarabine 100 mg/m2 per day IV days 1 to 7.</p>
        <h2>Part 2: consolidation (4 cycles, every 28 days)</h2><p>Starts once blood counts have recovered.</p>
        <p>Cytarabine 3 g/m2 IV over 3 hours on days 1, 3 and 5.</p>""")
    induction, consolidation = r.phases
    assert not induction.conditions
    (cond,) = consolidation.conditions
    assert cond.kind == "start" and cond.key == "counts-recovered"
    assert cond.text == "Starts once blood counts have recovered."
    assert cond.threshold is None  # no number is made up


def test_start_condition_reaches_the_plan_definition_as_a_start_condition():
    from regimen_fhir.map.plandefinition import condition
    r = page("<h2>Schedule</h2><p>Cytarabine 100 mg/m2 IV days 1-7.</p><p>Every 28 days.</p>"
             "<p>Start each cycle once the neutrophil count has recovered.</p>")
    c = condition(r.phases[0].conditions[0])
    assert c["kind"] == "start"
    assert c["expression"]["description"] == "Start each cycle once the neutrophil count has recovered."


@pytest.mark.parametrize("sentence", ["Blood counts are checked before each cycle.",
                                      "Recovery after treatment takes a few weeks."])
def test_start_condition_near_misses(sentence):
    r = page(f"<h2>Schedule</h2><p>Cytarabine 100 mg/m2 IV days 1-7.</p><p>Every 28 days.</p><p>{sentence}</p>")
    assert not r.phases[0].conditions


# -- dose-adjustment rules are not side effects -------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "If the lowest neutrophil count stays above 0.5 x 10<sup>9</sup>/L, increase etoposide and doxorubicin by 20%.",
    "Etoposide, doxorubicin and cyclophosphamide go up by 20% each cycle.",
    "Doses are adjusted ±20% from cycle to cycle.",
    "A 25% dose reduction is made after grade 4 neutropenia.",
])
def test_dose_adjustment_percent_is_not_a_side_effect(sentence):
    r = page("<h2>Schedule</h2><p>Etoposide 50 mg/m2/day IV days 1-4.</p><p>Every 21 days.</p>"
             f"<h2>Side effects</h2><p>Nausea (30%). {sentence}</p><ul><li>Hair loss (60%)</li></ul>")
    assert set(effects(r)) == {"Nausea", "Hair loss"}
    assert any(x.startswith("dose-adjustment rule") for x in reasons(r))


@pytest.mark.parametrize("sentence, term", [("Decreased appetite in 20% of patients.", "Decreased appetite"),
                                            ("Reduced blood counts (45%).", "Reduced blood counts")])
def test_dose_adjustment_near_misses_stay_side_effects(sentence, term):
    r = page("<h2>Schedule</h2><p>Etoposide 50 mg/m2/day IV days 1-4.</p><p>Every 21 days.</p>"
             f"<h2>Side effects</h2><p>{sentence}</p>")
    assert term in effects(r)


# -- age-dependent doses --------------------------------------------------------------------------------------

def test_age_dependent_intrathecal_doses_are_reported_and_none_picked():
    r = page("<h2>Schedule</h2><ul><li>Methotrexate intrathecal: 8 mg (age 1-2 years), 10 mg (age 2-3 years), "
             "12 mg (age 3 and older), day 1</li><li>Vincristine 1.5 mg/m2 IV days 1, 8, 15</li></ul>")
    assert [a.drug for a in r.phases[0].administrations] == ["vincristine"]  # no methotrexate dose of our choosing
    assert any("age" in x and "Methotrexate" in f.text for x, f in zip(reasons(r), r.not_mapped))
    assert adm(r, "vincristine").dose.value == Decimal("1.5")


def test_dose_range_without_ages_is_a_range_not_age_bands():
    r = page("<h2>Schedule</h2><ul><li>Cisplatin 60-75 mg/m2 IV day 1</li></ul><p>Every 21 days.</p>")
    d = adm(r, "cisplatin").dose
    assert (d.low, d.high) == (Decimal(60), Decimal(75))


# -- superscript powers of ten ---------------------------------------------------------------------------------

@pytest.mark.parametrize("markup, text", [
    ("above 1.0 x 10<sup>9</sup>/L", "above 1.0 x 10^9/L"),
    ("above 1.0 × 10⁹/L", "above 1.0 × 10^9/L"),
    ("100 x 10<sup>3</sup>/µL", "100 x 10^3/µL"),
])
def test_superscript_power_reads_as_a_power(markup, text):
    r = page(f"<h2>Schedule</h2><p>Cytarabine 100 mg/m2 IV days 1-7.</p><p>Every 28 days.</p><p>Wait for counts {markup} "
             "before the next dose is given.</p>")
    assert any(text in f.text for f in r.not_mapped)


def test_superscript_after_a_unit_letter_stays_a_plain_digit():
    r = page("<h2>Schedule</h2><p>Cytarabine 100 mg/m<sup>2</sup> IV days 1-7.</p><p>Every 28 days.</p>")
    assert adm(r, "cytarabine").dose.unit == "mg/m2"


# -- food and drink: Dosage.patientInstruction ---------------------------------------------------------------

def _dosage(r: Regimen, drug: str) -> dict:
    return medication_activity(r, adm(r, drug), "x", "1.0.0", None, "P", MapContext())["dosage"][0]


def test_meal_words_in_the_dose_line_become_the_patient_instruction():
    r = page("<h2>Schedule</h2><ol><li>Imatinib 400 mg tablet PO once a day with a meal and a large glass of water"
             "</li></ol>")
    assert adm(r, "imatinib").instruction == "with a meal and a large glass of water"
    assert _dosage(r, "imatinib")["patientInstruction"] == "with a meal and a large glass of water"


def test_meal_sentence_applies_to_the_only_oral_drug():
    r = page("<h2>Schedule</h2><ul><li>Capecitabine 1,000 mg/m2 by mouth twice daily, days 1-14</li>"
             "<li>Oxaliplatin 130 mg/m2 IV day 1</li></ul><p>The tablets are taken within 30 minutes after a meal.</p>"
             "<p>Every 21 days.</p>")
    assert adm(r, "capecitabine").instruction == "within 30 minutes after a meal"
    assert adm(r, "oxaliplatin").instruction is None


def test_meal_sentence_with_two_oral_drugs_and_no_name_is_reported():
    r = page("<h2>Schedule</h2><ul><li>Capecitabine 1,000 mg/m2 by mouth twice daily, days 1-14</li>"
             "<li>Temozolomide 150 mg/m2 by mouth days 10-14</li></ul><p>Take the tablets on an empty stomach.</p>"
             "<p>Every 28 days.</p>")
    assert all(a.instruction is None for a in r.phases[0].administrations)
    assert any("how to take a drug" in x for x in reasons(r))


@pytest.mark.parametrize("line", ["Cisplatin 75 mg/m2 IV day 1 with hydration", "Prednisone 100 mg PO days 1-5"])
def test_meal_instruction_near_misses(line):
    r = page(f"<h2>Schedule</h2><ul><li>{line}</li></ul><p>Every 21 days.</p>")
    assert r.phases[0].administrations[0].instruction is None


# -- markup and phrase forms met on the round 6 held-out pages (each as a form, with its near miss) --------------

def test_title_bar_table_heads_the_tables_after_it():
    r = page("""<table><tr><td class="bar">YOUR TREATMENT PLAN</td></tr></table>
        <table border="1"><tr><td><b>Drug</b></td><td><b>Dose</b></td><td><b>Route</b></td><td><b>Days</b></td></tr>
        <tr><td>Etoposide</td><td>200 mg/m2</td><td>i.v.</td><td>d1-3</td></tr></table>
        <p>Cycles are repeated q21d.</p>
        <table><tr><td class="bar">SIDE EFFECTS</td></tr></table>
        <table border="1"><tr><td><b>Problem</b></td><td><b>Patients affected</b></td></tr>
        <tr><td>Infection</td><td>22%</td></tr></table>""")
    assert adm(r, "etoposide").days == [1, 2, 3]
    assert r.phases[0].length.value == 21
    assert effects(r)["Infection"].value == 22


def test_one_cell_table_with_a_number_is_data_not_a_title_bar():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p>"
             "<table><tr><td>Total: 3 doses</td></tr></table><h2>Side effects</h2><p>Nausea (20%).</p>")
    assert "Nausea" in effects(r)


def test_cms_field_labels_name_sections_and_dates():
    r = page("""<div class="field"><div class="field__label">How is it given?</div><div class="field__item">
        <p>Pemetrexed 500 mg per square metre of body surface as a drip into a vein on day 1, which takes about ten
        minutes.</p><p>Each cycle lasts three weeks (21 days).</p></div></div>
        <div class="field"><div class="field__label">Possible side effects</div><div class="field__item"><ul>
        <li>Being sick (vomiting) &ndash; 57%</li><li>Tiredness &ndash; nearly half of people (48%)</li>
        <li>Feeling sick (nausea) &ndash; 82 out of every 100 people</li></ul></div></div>
        <div class="field"><div class="field__label">Reviewed</div><div class="field__item">
        <time datetime="2024-03-07T10:15:00Z">7 March 2024</time></div></div>""")
    a = adm(r, "pemetrexed")
    assert (a.dose.value, a.dose.unit, a.infusion.value, a.infusion.unit) == (500, "mg/m2", 10, "min")
    assert (r.phases[0].length.value, r.phases[0].length.unit) == (21, "d")
    e = effects(r)
    assert e["Tiredness"].value == 48 and e["Being sick (vomiting)"].value == 57
    assert (e["Feeling sick (nausea)"].numerator, e["Feeling sick (nausea)"].denominator) == (82, 100)
    assert str(r.dates.updated) == "2024-03-07"


def test_a_bare_label_class_is_a_badge_not_a_heading():
    r = page('<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. <span class="label">New</span> Every 21 days.</p>')
    assert r.phases[0].length.value == 21


def test_dose_written_as_labelled_fields():
    r = titled_page("Decitabine (5-day schedule)", """<h2>What to expect</h2><ul>
        <li><strong>Dose:</strong> 20 mg/m^2 (your pharmacist works out the exact amount)</li>
        <li><strong>How:</strong> IV over 1 hr, through a cannula or line</li>
        <li><strong>When:</strong> once a day for five days in a row (d1-5)</li>
        <li><strong>Then:</strong> a rest of just over three weeks; a new cycle starts every 4 wks</li></ul>
        <p>You will normally have at least four cycles.</p>""")
    (a,) = r.phases[0].administrations
    assert (a.drug, a.dose.value, a.dose.unit, a.route, a.days) == ("decitabine", 20, "mg/m2", "intravenous", [1, 2, 3, 4, 5])
    assert (a.infusion.value, a.infusion.unit, a.frequency.times) == (1, "h", 1)
    assert (r.phases[0].length.value, r.phases[0].length.unit, r.phases[0].count) == (4, "wk", 4)


def test_labelled_fields_without_a_drug_anywhere_are_reported():
    r = page("""<h2>What to expect</h2><ul><li><strong>Dose:</strong> 20 mg/m2</li>
        <li><strong>How:</strong> IV over 1 hr</li></ul><h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1.</p>""",
             title="Two drugs | Site")
    assert [a.drug for p in r.phases for a in p.administrations] == ["etoposide"]
    assert any("which drug" in x for x in reasons(r))


def test_dosing_interval_in_a_day_cell_is_not_the_cycle_length():
    r = page("""<p>Cycles of 4 weeks (28 days).</p><h3>Cycles 3 to 6</h3><table>
        <tr><th>Medicine</th><th>Dose</th><th>How</th><th>Days</th></tr>
        <tr><td>Daratumumab</td><td>16 mg/kg</td><td>drip into a vein</td><td>every 2 weeks: days 1 and 15</td></tr>
        </table>""")
    assert (r.phases[0].length.value, r.phases[0].length.unit) == (28, "d")
    assert adm(r, "daratumumab").days == [1, 15]


def test_dose_for_a_group_of_patients_is_not_an_extra_administration():
    r = page("<h2>Schedule</h2><ul><li>Dexamethasone 40 mg by mouth on days 1, 8, 15 and 22</li></ul>"
             "<p>Every 28 days.</p><p>If you are over 75, the dexamethasone dose is usually 20 mg.</p>")
    assert [(a.drug, a.dose.value) for a in r.phases[0].administrations] == [("dexamethasone", 40)]
    assert any("group of patients" in x for x in reasons(r))


def test_medicines_taken_alongside_form_a_phase_without_cycle_days():
    r = page("""<h2>How is it given?</h2><p>Pemetrexed 500 mg/m2 IV on day 1. Each cycle lasts 21 days.</p>
        <h2>Medicines you take alongside</h2><ul>
        <li>Folic acid: 400 to 1,000 micrograms by mouth once a day, from the week before the first treatment</li>
        <li>Vitamin B12: a 1,000 microgram injection into a muscle, then once every three cycles</li></ul>""")
    treatment, supportive = r.phases
    assert not treatment.supportive and supportive.supportive
    assert supportive.length is None and supportive.count is None
    folic = adm(r, "folic acid", 1)
    assert (folic.dose.low, folic.dose.high, folic.dose.unit, folic.days) == (400, 1000, "ug", [])
    assert adm(r, "cyanocobalamin", 1).route == "intramuscular"
    assert not [f for f in r.findings if f.code == "day-1-assumed" and "cyanocobalamin" in f.message]


def test_supportive_phase_runs_with_the_treatment_in_the_plan():
    from regimen_fhir.map.activitydefinition import administration_key
    from regimen_fhir.map.plandefinition import plan_definition
    r = page("""<h2>How is it given?</h2><p>Pemetrexed 500 mg/m2 IV on day 1. Each cycle lasts 21 days.</p>
        <h2>Medicines you take alongside</h2><ul><li>Folic acid: 400 micrograms by mouth once a day</li></ul>""")
    urls = {administration_key(a): f"http://x/{i}" for i, a in enumerate(a for p in r.phases for a in p.administrations)}
    plan = plan_definition(r, "x", "1.0.0", None, "P", urls, [], None, MapContext())
    treatment, supportive = plan["action"][0]["action"]
    assert "timingTiming" in treatment and "timingTiming" not in supportive
    (rel,) = supportive["relatedAction"]
    assert rel["relationship"] == "concurrent-with-start" and rel["actionId"] == treatment["id"]


@pytest.mark.parametrize("item, term, value", [
    ("a drop in neutrophils (the white cells that fight infection) – 51% (against 39% with the older treatment)",
     "a drop in neutrophils (the white cells that fight infection)", 51),
    ("Tiredness – nearly half of people (48%)", "Tiredness", 48),
    ("Hair loss – about 1 in 3 people (33%)", "Hair loss", 33),
])
def test_effect_items_keep_the_regimens_figure_and_a_clean_name(item, term, value):
    r = page(f"<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2><ul><li>{item}</li></ul>")
    assert effects(r)[term].value == value


def test_dash_aside_leaves_the_effect_name():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             "<p>Reactions to the drip – such as a blocked nose, cough or chills – happened in about 4 in 10 people.</p>")
    e = effects(r)["Reactions to the drip"]
    assert (e.numerator, e.denominator) == (4, 10)


def test_stopping_because_of_side_effects_in_other_words_is_the_discontinuation_rate():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             "<p>Seven in every hundred people (7%) stopped etoposide early because of side effects.</p>")
    assert r.discontinuation.value == 7


@pytest.mark.parametrize("header, row, expected", [
    ("<th>Side effect</th><th>Grade 3–4</th><th>All grades</th><th>Placebo</th>",
     "<td>Nausea</td><td>5%</td><td>34%</td><td>12%</td>", 34),
    ("<th>Side effect</th><th>This regimen</th><th>Placebo</th>", "<td>Nausea</td><td>15%</td><td>4%</td>", 15),
    ("<th>Side effect</th><th>Arm A</th><th>Arm B</th>", "<td>Nausea</td><td>5%</td><td>34%</td>", None),
])
def test_side_effect_table_with_several_percent_columns(header, row, expected):
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             f"<table><tr>{header}</tr><tr>{row}</tr></table>")
    if expected is None:
        assert "Nausea" not in effects(r) and any("several percentage columns" in x for x in reasons(r))
    else:
        assert effects(r)["Nausea"].value == expected


@pytest.mark.parametrize("item, expected", [("Diarrhoea (all grades 34%, grade 3-4 5%)", 34),
                                            ("Diarrhoea (grade 3-4 5%, all grades 20%)", 20),
                                            ("Diarrhoea (34%, 5%)", None)])
def test_inline_grade_figures(item, expected):
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             f"<ul><li>{item}</li></ul>")
    assert (effects(r)["Diarrhoea"].value if expected else effects(r).get("Diarrhoea")) == expected


def test_dates_inside_a_long_footer_line_and_the_rest_reported():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p>"
             "<p>Leaflet HAEM-041 · version 3 · last revised 14/03/2017 Please ask a member of staff if you need this "
             "leaflet in large print or another language.</p>")
    assert str(r.dates.updated) == "2017-03-14"
    assert any(f.reason == "text around the page dates" for f in r.not_mapped)


def test_t_dm1_is_named_by_its_short_name():
    r = page("<h2>Cycle 1</h2><p>T-DM1 3.6 mg/kg IV, infused over 90 minutes on day 1.</p>"
             "<p>Once every three weeks – each 21-day period is one cycle.</p>")
    a = adm(r, "trastuzumab emtansine")
    assert (a.dose.value, a.dose.unit, a.infusion.value) == (Decimal("3.6"), "mg/kg", 90)


# -- further forms of leaflets and protocols (day headings, field lists, dose-modification sections) --------------

def test_day_headings_give_the_days_and_a_later_line_repeats_the_earlier_dose():
    r = page("""<h2>How you have it</h2><p>Each cycle of treatment lasts 3 weeks (21 days). You usually have between
        4 and 6 cycles.</p><h3>Day 1</h3><ul><li>gemcitabine 1,250 mg per m² as a drip over 30 minutes</li>
        <li>carboplatin AUC 5 as a drip over 1 hour</li></ul><h3>Day 8</h3><ul><li>gemcitabine as a drip over 30
        minutes</li></ul><h3>Days 9 to 21</h3><p>You have no treatment.</p>""")
    ph = r.phases[0]
    assert (ph.length.value, ph.length.unit, ph.count, ph.count_max) == (21, "d", 4, 6)
    gem = adm(r, "gemcitabine")
    assert (gem.dose.value, gem.days) == (1250, [1, 8])
    assert adm(r, "carboplatin").days == [1]
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_a_doseless_line_with_no_earlier_dose_gets_no_dose_of_our_choosing():
    r = page("<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV</li></ul><h3>Day 8</h3><ul><li>gemcitabine as a drip</li></ul>"
             "<p>Every 21 days.</p>")
    gem = adm(r, "gemcitabine")
    assert gem.dose.value is None and gem.days == [8]  # the validator then names the missing dose


@pytest.mark.parametrize("heading, days", [("Day 8", [8]), ("Days 9 to 21", list(range(9, 22))), ("D1", [1]),
                                           ("Day 1 treatment plan", None), ("Day care unit", None)])
def test_day_heading(heading, days):
    from regimen_fhir.parse import patterns as P
    assert P.heading_days(heading) == days


def test_group_definition_sentence_is_not_an_effect():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side-effects</h2>"
             "<h3>Occasional side effects</h3><p>Each of these effects happens in between 1 and 10 in 100 people.</p>"
             "<ul><li>rash</li></ul>")
    assert list(effects(r)) == ["rash"] and effects(r)["rash"].category_word == "less common"


def test_definition_list_of_fields_is_read_not_taken_for_a_glossary():
    r = page("""<dl><dt>Indication</dt><dd>Adjuvant therapy for early breast cancer</dd><dt>Frequency</dt>
        <dd>Every 21 days</dd><dt>Cycles</dt><dd>4</dd></dl><h2>Treatment schedule</h2><table>
        <tr><th>Drug</th><th>Dose</th><th>Route</th><th>Day(s)</th></tr>
        <tr><td>Docetaxel</td><td>75 mg/m<sup>2</sup></td><td>IV infusion over 60 min</td><td>1</td></tr></table>""")
    assert not r.glossary
    ph = r.phases[0]
    assert (ph.length.value, ph.count) == (21, 4)
    assert r.indications[0].name == "Adjuvant therapy for early breast cancer"


def test_dose_modification_section_gives_no_administration():
    r = page("<h2>Schedule</h2><p>Docetaxel 75 mg/m2 IV on day 1. Every 21 days.</p><h2>Dose modifications</h2>"
             "<p>Reduce docetaxel to 60 mg/m2 for febrile neutropenia.</p><ul><li>Docetaxel 55 mg/m2 if the bilirubin "
             "is raised</li></ul>")
    assert [(a.drug, a.dose.value) for a in r.phases[0].administrations] == [("docetaxel", 75)]


def test_days_counted_from_another_dose_are_not_cycle_days():
    r = page("<h2>Schedule</h2><p>Docetaxel 75 mg/m2 IV on day 1. Every 21 days.</p><h2>Premedications</h2>"
             "<p>Dexamethasone 8 mg PO BID for 3 days starting the day before docetaxel.</p>")
    dex = adm(r, "dexamethasone", 1)
    assert dex.days == [] and dex.frequency.times == 2
    assert any("counted from another drug" in x for x in reasons(r))


def test_either_of_two_routes_is_reported_and_none_picked():
    r = page("<h2>Regimen</h2><table><tr><th>Agent</th><th>Dose</th><th>Route</th><th>Days</th></tr>"
             "<tr><td>Dexamethasone</td><td>40 mg</td><td>PO or IV</td><td>1–4 and 11–14</td></tr></table>"
             "<p>Course A alternates with course B every 21 days, for a total of 8 courses (4 of each).</p>")
    dex = adm(r, "dexamethasone")
    assert dex.route is None and dex.days == [1, 2, 3, 4, 11, 12, 13, 14]
    assert r.phases[0].count == 8
    assert any("either of two routes" in x for x in reasons(r))


@pytest.mark.parametrize("line, expected", [
    ("Cisplatin 75 mg/m2 and etoposide 100 mg/m2 IV on day 1", [("cisplatin", 75, "intravenous", [1]),
                                                                ("etoposide", 100, "intravenous", [1])]),
    ("Cisplatin 75 mg/m2 IV day 1, etoposide 100 mg/m2 IV days 1-3", [("cisplatin", 75, "intravenous", [1]),
                                                                      ("etoposide", 100, "intravenous", [1, 2, 3])]),
    ("Cisplatin 75 mg/m2 or carboplatin AUC 5 IV day 1", [("cisplatin", 75, "intravenous", [1])]),
    # one drug, two doses joined by 'then': the segment reader keeps them (no split by drug)
    ("Fluorouracil 400 mg/m2 IV bolus then 2,400 mg/m2 over 46 hours, day 1", [("fluorouracil", 400, "intravenous", [1]),
                                                                              ("fluorouracil", 2400, "intravenous", [1])]),
])
def test_two_drugs_with_their_own_doses_in_one_line(line, expected):
    r = page(f"<h2>Regimen</h2><ul><li>{line}</li></ul><p>Every 21 days.</p>")
    got = [(a.drug, a.dose.value, a.route, a.days) for a in r.phases[0].administrations]
    assert got == [(d, Decimal(v), rt, days) for d, v, rt, days in expected]
    if " or " in line:
        assert any("alternative drug" in x for x in reasons(r))


def test_an_alternative_dose_is_reported_and_the_first_read():
    r = page("<h2>Regimen</h2><p>Pembrolizumab 200 mg IV over 30 min q3w for up to 35 cycles, or 400 mg q6w.</p>")
    (a,) = r.phases[0].administrations
    assert (a.dose.value, a.infusion.value) == (200, 30)
    assert (r.phases[0].length.value, r.phases[0].length.unit, r.phases[0].count_max) == (3, "wk", 35)
    assert any("alternative dose" in x and "or 400 mg q6w" in x for x in reasons(r))


@pytest.mark.parametrize("sentence, expected", [
    ("Nausea and vomiting occurred in 45% and 30% of patients, respectively.", {"Nausea": 45, "Vomiting": 30}),
    ("Fatigue, rash and cough occurred in 40%, 20% and 10%, respectively.", {"Fatigue": 40, "Rash": 20, "Cough": 10}),
    ("Up to 30% of patients experience numbness in the hands and feet.", {"Numbness in the hands and feet": 30}),
    ("Diarrhoea was reported by 12% of people.", {"Diarrhoea": 12}),
])
def test_effect_sentence_forms(sentence, expected):
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             f"<p>{sentence}</p>")
    assert {k: v.value for k, v in effects(r).items()} == {k: Decimal(v) for k, v in expected.items()}


def test_figure_first_ratio():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             "<p>About 1 in 10 people get a sore mouth.</p>")
    e = effects(r)["Sore mouth"]
    assert (e.numerator, e.denominator) == (1, 10)


@pytest.mark.parametrize("sentence", ["Fever and chills were seen in 30% and 20% of patients and cough in 5%, respectively.",
                                      "Nausea, vomiting and rash occurred in 45% and 30%, respectively.",
                                      # round 8 reads "Hair loss affects almost everyone." as very common (no number)
                                      "Hair loss affects some of the people who have it."])
def test_effect_sentences_that_do_not_pair_up_are_reported(sentence):
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             f"<p>{sentence}</p>")
    assert effects(r) == {} and r.not_mapped


def test_a_drug_cell_spanning_two_rows_heads_both():
    r = page("""<h2>Regimen</h2><table><tr><th>Drug</th><th>Dose</th><th>Route</th><th>Days</th></tr>
        <tr><td rowspan="2">Fluorouracil</td><td>400 mg/m2</td><td>IV bolus</td><td>1</td></tr>
        <tr><td>2,400 mg/m2</td><td>CIV over 46 hours</td><td>1-2</td></tr>
        <tr><td>Oxaliplatin</td><td>85 mg/m2</td><td>IV over 2 hours</td><td>1</td></tr></table><p>Every 14 days.</p>""")
    got = [(a.drug, a.dose.value, a.days) for a in r.phases[0].administrations]
    assert got == [("fluorouracil", 400, [1]), ("fluorouracil", 2400, [1, 2]), ("oxaliplatin", 85, [1])]
    assert not r.not_mapped


def test_a_header_cell_spanning_columns_keeps_the_columns_in_place():
    r = page("""<h2>Regimen</h2><table><tr><th>Drug</th><th colspan="2">Dose and route</th><th>Days</th></tr>
        <tr><td>Oxaliplatin</td><td>85 mg/m2</td><td>IV</td><td>1</td></tr></table><p>Every 14 days.</p>""")
    a = adm(r, "oxaliplatin")
    assert (a.dose.value, a.route, a.days) == (85, "intravenous", [1])


def test_a_fixed_width_table_in_pre_is_read_as_a_table():
    r = page("""<h2>Regimen</h2><pre>
Drug          Dose        Route   Days
Cisplatin     75 mg/m2    IV      1
Etoposide     100 mg/m2   IV      1-3
</pre><p>Repeat every 21 days.</p>""")
    assert [(a.drug, a.days) for a in r.phases[0].administrations] == [("cisplatin", [1]), ("etoposide", [1, 2, 3])]


def test_pre_text_that_is_not_a_table_stays_text():
    from regimen_fhir.parse.blocks import _pre_table
    from lxml import html
    assert _pre_table(html.fromstring("<pre>Cisplatin 75 mg/m2 IV on day 1.\nRepeat every 21 days.</pre>")) is None


def test_a_table_with_a_column_per_drug_and_a_row_per_day():
    r = page("""<h2>Regimen</h2><table><tr><th>Day</th><th>Cisplatin (IV)</th><th>Etoposide (IV)</th></tr>
        <tr><td>1</td><td>75 mg/m2</td><td>100 mg/m2</td></tr><tr><td>2</td><td></td><td>100 mg/m2</td></tr>
        <tr><td>3</td><td></td><td>100 mg/m2</td></tr><tr><td>4-21</td><td></td><td></td></tr></table>
        <p>Repeat every 21 days.</p>""")
    assert [(a.drug, a.dose.value, a.route, a.days) for a in r.phases[0].administrations] == [
        ("cisplatin", 75, "intravenous", [1]), ("etoposide", 100, "intravenous", [1, 2, 3])]
    assert not r.not_mapped


def test_dot_leaders_are_no_part_of_an_effect():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             "<ul><li>Nausea ........ 45%</li><li>Hair loss . . . 60 %</li></ul>")
    assert {k: v.value for k, v in effects(r).items()} == {"Nausea": 45, "Hair loss": 60}


def test_side_effect_tables_whose_effect_is_not_the_first_column():
    r = page("""<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>
        <table><tr><th>How often</th><th>Side effects</th></tr><tr><td>Very common</td><td>Nausea, hair loss, tiredness</td></tr>
        <tr><td>Rare</td><td>Heart problems</td></tr></table>
        <table><tr><th>%</th><th>Effect</th></tr><tr><td>45</td><td>Vomiting</td></tr></table>""")
    e = effects(r)
    assert {k: (v.category_word, v.value) for k, v in e.items()} == {
        "Nausea": ("very common", None), "Hair loss": ("very common", None), "Tiredness": ("very common", None),
        "Heart problems": ("rare", None), "Vomiting": (None, 45)}


def test_subsequent_cycles_heading_is_a_phase_and_shares_the_one_stated_length():
    r = page("""<h2>Schedule</h2><h3>Cycle 1</h3><ul><li>Trastuzumab 8 mg/kg IV over 90 minutes on day 1</li></ul>
        <h3>Subsequent cycles</h3><ul><li>Trastuzumab 6 mg/kg IV over 30 minutes on day 1</li></ul><p>Every 21 days.</p>""")
    first, later = r.phases
    assert (first.label, later.label, later.first_cycle) == ("Cycle 1", "Subsequent cycles", 2)
    assert first.length.value == later.length.value == 21
    assert any(f.code == "cycle-length-from-other-phase" for f in r.findings)


def test_a_treatment_part_does_not_take_another_parts_length():
    r = page("""<h2>Induction</h2><p>Cytarabine 100 mg/m2 per day IV days 1 to 7.</p>
        <h2>Consolidation</h2><p>Cytarabine 3 g/m2 IV over 3 hours on days 1, 3 and 5.</p><p>Every 28 days.</p>""")
    induction, consolidation = r.phases
    assert induction.length is None and consolidation.length.value == 28


def test_sentences_that_start_with_a_figure_are_sentences_of_their_own():
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             "<p>In clinical trials, 45 out of 100 people had nausea. Around 1 in 4 people will have hair loss. "
             "12% of patients developed a rash.</p>")
    e = effects(r)
    assert (e["Nausea"].numerator, e["Nausea"].denominator) == (45, 100)
    assert (e["Hair loss"].numerator, e["Hair loss"].denominator) == (1, 4)
    assert e["Rash"].value == 12


def test_a_band_in_words_first_is_a_bound_not_a_ratio():
    # round 8: a band of a ratio is a bound with its comparator (below 1 %), never a ratio or a point
    r = page("<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><h2>Side effects</h2>"
             "<p>Fewer than 1 in 100 people get heart problems.</p>")
    pct = effects(r)["Heart problems"]
    assert (pct.value, pct.comparator, pct.is_ratio) == (1, "<", False)


def test_a_loading_dose_then_a_later_dose_gives_a_first_cycle_and_the_cycles_after():
    r = page("""<h2>Regimen</h2><ul><li>Docetaxel 75 mg/m2 IV day 1</li><li>Trastuzumab 8 mg/kg IV over 90 minutes
        (loading dose), then 6 mg/kg IV over 30 minutes, day 1</li></ul><p>Every 21 days for 6 cycles.</p>""")
    first, later = r.phases
    assert (first.label, first.count, first.first_cycle) == ("Cycle 1", 1, 1)
    assert (later.label, later.count, later.first_cycle) == ("From cycle 2", 5, 2)
    assert first.length.value == later.length.value == 21
    assert [(a.drug, a.dose.value) for a in first.administrations] == [("docetaxel", 75), ("trastuzumab", 8)]
    assert [(a.drug, a.dose.value) for a in later.administrations] == [("docetaxel", 75), ("trastuzumab", 6)]


@pytest.mark.parametrize("line", ["Rituximab 375 mg/m2 IV day 1 (the first dose is given slowly)",
                                  "Rituximab 375 mg/m2 IV day 1, then 500 mg/m2 of cyclophosphamide"])
def test_first_dose_words_without_a_later_dose_keep_one_phase(line):
    r = page(f"<h2>Regimen</h2><ul><li>{line}</li></ul><p>Every 21 days.</p>")
    assert len(r.phases) == 1


def test_bootstrap_heading_classes_are_headings_and_a_class_h1_is_the_title():
    html = ('<html><head><title>T | Site</title></head><body><p class="h1">X regimen</p><div class="h3">How it is given'
            '</div><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><p class="h4 fw-bold">Side effects</p>'
            '<p>Nausea (30%).</p></body></html>')
    r = parse.parse_bytes(html.encode(), "t.html")
    assert r.title == "X regimen"
    assert effects(r)["Nausea"].value == 30 and not r.not_mapped


def test_a_class_that_merely_starts_with_h_is_no_heading():
    r = page('<h2>Schedule</h2><p>Etoposide 100 mg/m2 IV day 1. Every 21 days.</p><p class="h10 hint">Side effects</p>'
             '<h2>Side effects</h2><p>Nausea (30%).</p>')
    assert r.phases[0].length.value == 21 and effects(r)["Nausea"].value == 30


def test_dose_fields_nested_under_the_drug_name():
    r = page("""<h2>Schedule</h2><ul><li><strong>Cisplatin</strong><ul><li>Dose: 75 mg/m2</li><li>Route: IV over 1 hour</li>
        <li>Day: 1</li></ul></li><li><strong>Etoposide</strong><ul><li>Dose: 100 mg/m2</li><li>Route: IV over 1 hour</li>
        <li>Days: 1 to 3</li></ul></li></ul><p>Every 21 days.</p>""")
    got = [(a.drug, a.dose.value, a.route, a.days, a.infusion.value) for a in r.phases[0].administrations]
    assert got == [("cisplatin", 75, "intravenous", [1], 1), ("etoposide", 100, "intravenous", [1, 2, 3], 1)]
    assert not r.not_mapped and not r.findings


@pytest.mark.parametrize("markup", [
    "<table><tr><th>Drug</th><th>Dose</th><th>Route</th></tr><tr><td>Gemcitabine</td>"
    "<td>1,000 mg/m2 (day 1) / 800 mg/m2 (day 8)</td><td>IV</td></tr></table>",
    "<ul><li>Gemcitabine 1,000 mg/m2 IV on day 1 and 800 mg/m2 IV on day 8</li></ul>",
])
def test_a_dose_step_with_its_own_days(markup):
    r = page(f"<h2>Regimen</h2>{markup}<p>Every 21 days.</p>")
    got = [(a.drug, a.dose.value, a.route, a.days) for a in r.phases[0].administrations]
    assert got == [("gemcitabine", 1000, "intravenous", [1]), ("gemcitabine", 800, "intravenous", [8])]


def test_a_route_said_once_after_then_applies_to_the_earlier_dose():
    r = page("<h2>Regimen</h2><ul><li>Blinatumomab 9 mcg/day on days 1-7, then 28 mcg/day on days 8-28 by continuous IV "
             "infusion</li></ul><p>Every 42 days.</p>")
    assert [(a.dose.value, a.route, a.days[0]) for a in r.phases[0].administrations] == [
        (9, "intravenous", 1), (28, "intravenous", 8)]


def test_a_dose_range_is_no_dose_step():
    r = page("<h2>Regimen</h2><ul><li>Cisplatin 60 to 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    (a,) = r.phases[0].administrations
    assert (a.dose.low, a.dose.high, a.days) == (60, 75, [1])
