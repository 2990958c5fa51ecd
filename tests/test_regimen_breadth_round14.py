"""Forms read in round 14 (schedule side), each with its near misses. Every form is general (any page may use it),
never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, small_page

page = small_page

# --- a rest after the days, cut off by 'then', stays with those days ------------------------------------------------

_TABLE = ('<p>Treatment runs in 28-day cycles.</p><table><thead><tr><th>How</th><th>Medicine</th><th>Days</th>'
          '<th>Dose</th></tr></thead><tbody><tr><td>Capsule by mouth</td><td>Palbociclib</td><td>{days}</td>'
          '<td>125 mg once a day</td></tr></tbody></table>')


@pytest.mark.parametrize("days", ["Days 1 to 21, then 7 days off", "Days 1 to 21, followed by a 7-day break",
                                  "Days 1 to 21, then a week without treatment", "Days 1 to 21 then 7 days of rest"])
def test_a_rest_after_the_days_is_no_dose_line_of_its_own(days):
    r = page(_TABLE.format(days=days), h1="Palbociclib")
    got = [(a.drug, a.dose.value, a.dose.unit, a.days) for a in adms(r)]
    assert got == [("palbociclib", Decimal(125), "mg", list(range(1, 22)))]


def test_a_dose_after_then_is_still_a_dose_step():
    # near miss: 'then 7 days of 50 mg' names no rest; the second dose stays a dose of its own
    r = page("<p>Prednisone 60 mg by mouth on days 1 to 7, then 30 mg on days 8 to 14. Repeat every 28 days.</p>",
             h1="Prednisone")
    assert [(a.dose.value, a.days[0]) for a in adms(r)] == [(Decimal(60), 1), (Decimal(30), 8)]


# --- a rounding step is no dose -------------------------------------------------------------------------------------

def test_a_rounding_note_is_no_administration():
    r = page("<h2>Dose</h2><p>Capecitabine 1,000 mg/m² by mouth twice daily on days 1 to 14, every 21 days.</p>"
             "<p>Your dose is rounded to the nearest 150 mg.</p>", h1="Capecitabine")
    assert [(a.dose.value, a.dose.unit) for a in adms(r)] == [(Decimal(1000), "mg/m2")]


# --- a drug-information dosing card: 'Usual adult dose' / 'Which days' ----------------------------------------------

_CARD = ('<h2>Dosage</h2><dl><dt>{dose_term}</dt><dd>35 mg/m2 by mouth twice daily, with a maximum of 80 mg per dose.</dd>'
         '<dt>Which days</dt><dd>Days 1 through 5 and days 8 through 12 of each 28-day cycle.{off}</dd>'
         '<dt>How to take it</dt><dd>Swallow the tablets whole with water after a meal.</dd>'
         '<dt>How long</dt><dd>Cycles continue until the cancer grows.</dd></dl>')


@pytest.mark.parametrize("dose_term", ["Usual adult dose", "Recommended dose", "Usual dose"])
@pytest.mark.parametrize("off", ["", " Days 6 and 7, and days 13 to 28, are tablet-free.",
                                 " Days 13 to 28 are rest days."])
def test_a_dosing_card_gives_the_title_drug_its_dose_and_days(dose_term, off):
    r = page(_CARD.format(dose_term=dose_term, off=off), h1="Capecitabine for bowel cancer")
    (a,) = adms(r)
    assert (a.drug, a.dose.value, a.route, a.cap.value) == ("capecitabine", Decimal(35), "oral", Decimal(80))
    assert a.days == [1, 2, 3, 4, 5, 8, 9, 10, 11, 12]
    assert r.phases[0].length.value == 28
    assert not r.glossary  # the card's fields are no glossary


def test_a_definition_list_of_words_stays_a_glossary():
    # near miss: terms that are no dose fields, one definition naming an amount
    r = page('<p>Cisplatin 75 mg/m2 IV on day 1, every 21 days.</p><dl><dt>Neutropenia</dt><dd>Few neutrophils.</dd>'
             '<dt>Bolus</dt><dd>A quick injection, often of 5 mg or more.</dd><dt>Cycle</dt><dd>A round of treatment.</dd>'
             '</dl>', h1="Cisplatin")
    assert {t.term for t in r.glossary} >= {"Neutropenia", "Bolus"}


# --- a dose summary in the schedule's lead, restated by the phases below it -----------------------------------------

_SUMMARY = ('<h2>How is it given?</h2><p>You have it as a drip into a vein. The dose is {dose} for each kilogram of your '
            'body weight, given on day 1 and day 8 of a 21-day cycle.</p><h3>Cycle 1</h3>'
            '<p>Day 1: trastuzumab deruxtecan 10 mg/kg IV over 3 hours.</p>'
            '<p>Day 8: trastuzumab deruxtecan 10 mg/kg IV over 1 hour.</p><h3>Cycle 2 onwards</h3>'
            '<p>Trastuzumab deruxtecan 10 mg/kg IV over 1 hour on days 1 and 8, every 21 days.</p>')


def test_a_lead_summary_restated_by_the_phases_is_no_phase_of_its_own():
    r = page(_SUMMARY.format(dose="10 mg"), h1="Trastuzumab deruxtecan")
    assert [p.label for p in r.phases] == ["Cycle 1", "Cycle 2 onwards"]
    assert any(f.reason.startswith("a summary of the doses") for f in r.understood)


def test_a_lead_dose_the_phases_do_not_give_stays():
    # near miss: the lead's dose differs from every phase's, so it is no restatement; it stays read (and the
    # disagreement is there for a reader to see), never dropped
    r = page(_SUMMARY.format(dose="8 mg"), h1="Trastuzumab deruxtecan")
    assert Decimal(8) in {a.dose.value for a in adms(r)}


# --- interval headings side by side: the page's alternative schedules -----------------------------------------------

_TWO = ('<h2>How you have it</h2><p>Your specialist will offer you one of the two schedules below.</p>'
        '<h3>Every 2 weeks</h3><p>{first}</p><h3>Every 4 weeks</h3><p>{second}</p>')


@pytest.mark.parametrize("second", ["A fixed dose of 1,500 mg as an IV infusion over 60 minutes, on day 1 of each 4-week "
                                    "cycle.",
                                    "Durvalumab 1,500 mg as an IV infusion over 60 minutes on day 1."])
def test_interval_headings_side_by_side_are_alternative_schedules(second):
    r = page(_TWO.format(first="Durvalumab 10 mg/kg as an IV infusion over 60 minutes on day 1 of each 2-week cycle.",
                         second=second), h1="Durvalumab")
    got = [(p.label, p.alternative, p.length.value, p.length.unit, [a.dose.value for a in p.administrations])
           for p in r.phases]
    assert got == [("Every 2 weeks", True, 2, "wk", [Decimal(10)]), ("Every 4 weeks", True, 4, "wk", [Decimal(1500)])]


def test_one_interval_heading_is_no_alternative():
    # near miss: a single 'Every 3 weeks' heading is the schedule's only interval, not one of several
    r = page("<h2>How you have it</h2><h3>Every 3 weeks</h3><p>Durvalumab 1,500 mg IV over 60 minutes on day 1.</p>",
             h1="Durvalumab")
    assert not any(p.alternative for p in r.phases)


def test_interval_headings_over_different_drugs_are_no_alternatives():
    # near miss: each heading gives another drug (two timings of one regimen, not a choice between schedules)
    r = page(_TWO.format(first="Nivolumab 240 mg IV over 30 minutes on day 1.",
                         second="Ipilimumab 1 mg/kg IV over 30 minutes on day 1."), h1="Nivolumab and ipilimumab")
    assert not any(p.alternative for p in r.phases)


# --- bold lead-ins naming a part of the treatment head its phase ----------------------------------------------------

_LEADS = ('<h2>Your treatment plan</h2><p><b>{first}.</b> One week before your radiotherapy starts, you have a first, '
          'larger dose of cetuximab: 400 mg/m² as a drip into a vein over 2 hours.</p>'
          '<p><b>{second}.</b> After that you have 250 mg/m² of cetuximab as a drip into a vein over 1 hour, once a week, '
          'for as long as your radiotherapy lasts – 6 to 7 weeks.</p>')


@pytest.mark.parametrize("first, second", [("The loading dose", "Weekly doses during radiotherapy"),
                                           ("Your first dose", "Weekly doses")])
def test_bold_lead_ins_naming_a_loading_dose_and_weekly_doses_are_phases(first, second):
    r = page(_LEADS.format(first=first, second=second), h1="Cetuximab with radiotherapy")
    got = [(p.label, p.count, p.count_max, p.length and (p.length.value, p.length.unit),
            [(a.dose.value, a.infusion.value, a.infusion.unit) for a in p.administrations]) for p in r.phases]
    assert got == [(first, 1, None, None, [(Decimal(400), Decimal(2), "h")]),
                   (second, 6, 7, (Decimal(1), "wk"), [(Decimal(250), Decimal(1), "h")])]
    assert not [f for f in r.not_mapped if f.text.rstrip(".") in (first, second)]  # the lead-ins are understood


@pytest.mark.parametrize("lead", ["Important", "Your dose", "Missed doses", "Dose changes"])
def test_other_bold_lead_ins_head_no_phase(lead):
    # near misses: a lead-in that names no part of the treatment
    r = page(f"<h2>Your treatment plan</h2><p><b>{lead}.</b> You have cetuximab 250 mg/m² IV over 1 hour once a week.</p>",
             h1="Cetuximab")
    assert lead not in [p.label for p in r.phases]  # ('Dose changes' names a section of its own: no dose read there)
    assert all(p.count is None for p in r.phases)


def test_the_first_drip_time_said_of_it_in_the_next_sentence_is_that_doses():
    r = page("<h2>Your treatment plan</h2><p>Each cycle lasts 28 days.</p><h3>Cycle 1</h3><ul><li>Rituximab 375 mg/m² as "
             "a drip into a vein on day 1. Because it is your first dose, it runs slowly and takes about 4 to 6 hours.</li>"
             "</ul><h3>Cycles 2 to 6</h3><ul><li>Rituximab 500 mg/m² as a drip into a vein on day 1.</li></ul>",
             h1="Rituximab")
    first, later = r.phases
    (a,) = first.administrations
    assert (a.infusion.low, a.infusion.high, a.infusion.unit) == (Decimal(4), Decimal(6), "h")
    assert later.administrations[0].infusion is None  # the later drips' time is not said: never the first one's


def test_a_dose_of_a_named_drug_per_kilogram_keeps_its_words_and_its_bracketed_restatement_is_no_other_dose():
    line = ("10 mg of durvalumab for every kilogram you weigh (10 mg/kg), as an IV infusion over 60 minutes, on day 1 of "
            "each 2-week cycle.")
    r = page(f"<h2>How you have it</h2><p>{line}</p>", h1="Durvalumab")
    (a,) = adms(r)
    assert (a.drug, a.dose.value, a.dose.unit, a.text) == ("durvalumab", Decimal(10), "mg/kg", line)
    assert not any("not read as given" in f.reason for f in r.not_mapped)


def test_a_bracketed_other_dose_is_still_reported():
    # near miss: a bracketed amount that is not the dose read is reported, never silently dropped
    r = page("<h2>How you have it</h2><p>Durvalumab 10 mg/kg (1500 mg) IV over 60 minutes on day 1 of each 2-week "
             "cycle.</p>", h1="Durvalumab")
    assert any("not read as given (1500 mg)" in f.reason for f in r.not_mapped)


def test_interval_headings_with_no_choice_said_are_no_alternatives():
    # near miss (as round 12's): the same headings without a lead saying one of the schedules is offered
    r = page(_TWO.replace("<p>Your specialist will offer you one of the two schedules below.</p>", "").format(
        first="Durvalumab 10 mg/kg IV over 60 minutes on day 1.", second="Durvalumab 1,500 mg IV over 60 minutes on day 1."),
        h1="Durvalumab")
    assert not any(p.alternative for p in r.phases)
