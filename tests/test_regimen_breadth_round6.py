"""Phrase and markup forms of the sixth breadth round, read on small pages, each with its near misses:
every-other-day dosing, continuous daily dosing ("without a break"), phase start conditions, dose-adjustment
rules (not side effects), age-dependent doses (reported, none picked), superscript powers of ten, and how to
take a drug with respect to food (Dosage.patientInstruction)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from regimen_fhir import parse
from regimen_fhir.map.activitydefinition import medication_activity
from regimen_fhir.map.common import MapContext
from regimen_fhir.model import Regimen


def page(body: str, title: str = "Test regimen | Site") -> Regimen:
    html = f"<html><head><title>{title}</title></head><body><h1>X</h1>{body}</body></html>"
    r = parse.parse_bytes(html.encode("utf-8"), "t.html")
    assert isinstance(r, Regimen)
    return r


def adm(r: Regimen, drug: str, phase: int = 0):
    return next(a for a in r.phases[phase].administrations if a.drug == drug)


def reasons(r: Regimen) -> list[str]:
    return [f.reason for f in r.not_mapped]


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
