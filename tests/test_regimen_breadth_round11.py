"""Forms read in round 11, each with its near misses. Every form is general (any page may use it), never a page's own
words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, small_page
from regimen_fhir.model import Amount
from regimen_fhir.parse import patterns as P

page = small_page


# --- a product label's strength field is no dose ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Brand name: Stivarga · Drug class: kinase inhibitor · Form: 40 mg tablets",
    "Strength: 250 mg capsules",
    "Dosage form: 5 mg film-coated tablets",
    "Presentation: 100 mg and 400 mg vials",
    # the strength in brackets after the form (round 19)
    "Drug class: BTK inhibitor · Form: capsules (80 mg) · Used for: chronic lymphocytic leukaemia",
    "Strength: tablets (100 mg and 150 mg)",
])
def test_a_label_field_of_the_product_form_is_tablet_strengths(text):
    assert P.is_tablet_strengths(text)


@pytest.mark.parametrize("text", [
    "Dose: 160 mg tablets once daily",  # a dose field
    "Form of treatment: 40 mg tablets once daily",  # no field of the product
    "160 mg (four 40 mg tablets) by mouth once daily",  # one dose, the tablets' strength in brackets
    "Capsules (80 mg): two by mouth twice a day",  # no field of the product (round 19 near miss)
])
def test_a_dose_is_no_tablet_strength(text):
    assert not P.is_tablet_strengths(text)


def test_the_form_line_under_the_title_gives_no_administration():
    r = page("<p>Brand name: Xyz · Form: 40 mg tablets</p><h2>Usual dose</h2>"
             "<p>Capecitabine 1000 mg/m2 by mouth twice daily on days 1 to 14 of each 21-day cycle.</p>")
    assert [(a.drug, a.dose.value) for a in adms(r)] == [("capecitabine", Decimal(1000))]


# --- the interval of tests is no cycle length ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "You will have liver blood tests before you start, every two weeks for the first two months.",
    "Scans are done every 12 weeks.",
    "Your heart is checked with an echocardiogram every 3 months; check-ups every 3 weeks after that.",
])
def test_an_interval_of_tests_is_no_cycle_length(text):
    assert P.cycle_length(text) is None


@pytest.mark.parametrize("text, expected", [
    ("You have blood tests before each cycle, which is repeated every 3 weeks.", Amount(Decimal(3), "wk")),
    ("Treatment is given every 2 weeks; blood tests are done before each dose.", Amount(Decimal(2), "wk")),
    ("Repeated every 21 days.", Amount(Decimal(21), "d")),
])
def test_an_interval_of_the_treatment_beside_tests_is_the_cycle_length(text, expected):
    assert P.cycle_length(text) == expected


def test_a_warning_about_test_intervals_keeps_the_cycle_the_dose_line_states():
    r = page("<h2>Usual dose</h2><p>Capecitabine 1000 mg/m2 by mouth twice daily on days 1 to 14 of each 28-day "
             "cycle.</p><h2>Warnings</h2><p>You will have blood tests every two weeks for the first two months.</p>")
    assert [p.length for p in r.phases] == [Amount(Decimal(28), "d")]


# --- 'A or B is common': one effect when both wordings are the same concept ---------------------------------------

SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


def effect_words(body: str) -> list[tuple[str, str | None]]:
    return [(e.wording, e.incidence.category_word) for e in page(SCHEDULE + "<h2>Side effects</h2>" + body).side_effects]


def test_two_wordings_of_one_coded_effect_joined_by_or_are_one_effect():
    assert effect_words("<p>Hair thinning or hair loss is common.</p>") == [("Hair thinning or hair loss", "common")]


@pytest.mark.parametrize("body, expected", [
    ("<p>Diarrhoea or constipation is common.</p>", [("Diarrhoea", "common"), ("Constipation", "common")]),
    ("<p>Nausea, vomiting or hair loss are common.</p>",
     [("Nausea", "common"), ("Vomiting", "common"), ("Hair loss", "common")]),
    ("<p>Hair loss and nausea are common.</p>", [("Hair loss", "common"), ("Nausea", "common")]),
])
def test_different_effects_joined_by_or_or_and_stay_apart(body, expected):
    assert effect_words(body) == expected


# --- 'Term: in up to 31%'; a coded effect's name may say 'your' ---------------------------------------------------


@pytest.mark.parametrize("text, term, value", [
    ("Hearing loss or ringing in the ears: in up to 31%", "Hearing loss or ringing in the ears", Decimal(31)),
    ("Rash - in up to 10%", "Rash", Decimal(10)),
    ("Rash - up to 10%", "Rash", Decimal(10)),
])
def test_in_before_up_to_is_no_part_of_the_name(text, term, value):
    got = P.split_incidence(text)
    assert got is not None and got[0] == term and (got[1].value, got[1].comparator) == (value, "<=")


def incidences(body: str) -> dict:
    return {e.wording: e.incidence for e in page(SCHEDULE + "<h2>Side effects</h2>" + body).side_effects}


def test_a_coded_effect_whose_name_says_your_is_read():
    got = incidences("<ul><li>Changes to how your kidneys work: 28 to 36%</li></ul>")
    assert (got["Changes to how your kidneys work"].low, got["Changes to how your kidneys work"].high) == (28, 36)


@pytest.mark.parametrize("item", [
    "Your risk of getting an infection is: 20%",  # a clause, not a name
    "Changes to how your diet tastes: 20%",  # says 'your' and is no effect the terminology knows
])
def test_an_uncoded_wording_that_says_your_is_no_effect(item):
    assert incidences(f"<ul><li>{item}</li></ul>") == {}


# --- given once a week, with the number of doses said apart ---------------------------------------------------------


@pytest.mark.parametrize("text, count", [
    ("Cisplatin 40 mg/m2 IV once a week during radiotherapy. Most people have 6 or 7 doses in total.", (6, 7)),
    ("Paclitaxel 80 mg/m2 IV, once every week; 12 doses in total.", (12, None)),
    ("Carboplatin AUC 2 IV each week, five to six infusions altogether.", (5, 6)),
])
def test_a_weekly_dose_with_its_number_of_doses_is_that_many_one_week_cycles(text, count):
    assert P.cycle_length(text) == Amount(Decimal(1), "wk")
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text", [
    "Dexamethasone 40 mg by mouth once a week on days 1, 8, 15 and 22.",  # a weekly dose in a longer cycle, no count
    "Cisplatin 40 mg/m2 IV on day 1. Most people have 6 or 7 doses in total.",  # no weekly wording
    "Paclitaxel 80 mg/m2 IV once a week; you will have 12 doses.",  # one number without 'in total'
])
def test_no_weekly_total_without_both_the_weekly_wording_and_the_count(text):
    assert P.weekly_total(text) is None


def test_the_weekly_dose_line_is_a_phase_of_one_week_cycles():
    r = page("<h2>Your treatment</h2><ol><li><strong>Cisplatin</strong> 40 mg/m<sup>2</sup> as an intravenous infusion, "
             "once a week while you are having radiotherapy. Most people have 6 or 7 doses in total.</li></ol>")
    assert [(p.length, p.count, p.count_max) for p in r.phases] == [(Amount(Decimal(1), "wk"), 6, 7)]


# --- a tab list by class or attribute titles the panels its links point to -------------------------------------------

from helpers import small_blocks  # noqa: E402

TABS = ('<ul class="tabs" data-tabs id="t"><li class="tabs-title"><a href="#a">How you take it</a></li>'
        '<li class="tabs-title"><a href="#b">Side effects</a></li></ul>'
        '<div class="tabs-content"><div class="tabs-panel" id="a"><p>Take it daily.</p></div>'
        '<div class="tabs-panel" id="b"><p>Nausea is common.</p></div></div>')


def test_a_foundation_tab_label_heads_its_panel():
    blocks = {b.text: b for b in small_blocks(TABS)}
    assert blocks["Take it daily."].headings[-1] == "How you take it"
    assert blocks["Nausea is common."].headings[-1] == "Side effects"
    assert blocks["Side effects"].chrome  # the tab list itself is no content


def test_side_effects_under_a_tab_label_are_read():
    r = page('<ul class="tabs" data-tabs><li><a href="#s">Schedule</a></li><li><a href="#e">Side effects</a></li></ul>'
             '<div id="s"><p>Capecitabine 1000 mg/m2 by mouth twice daily on days 1 to 14 every 21 days.</p></div>'
             '<div id="e"><ul><li>Diarrhoea (20%)</li><li>Hand-foot syndrome (30%)</li></ul></div>')
    assert [e.wording for e in r.side_effects] == ["Diarrhoea", "Hand-foot syndrome"]


@pytest.mark.parametrize("body", [
    # links to other pages, not to panels of this one
    '<ul class="tabs"><li><a href="/x">How you take it</a></li><li><a href="/y">Side effects</a></li></ul>'
    '<div id="x"><p>Take it daily.</p></div>',
    # a container called 'tabs' that holds the panels as well: not a tab list
    '<div class="tabs"><a href="#x">How you take it</a> <a href="#y">More</a><div id="x"><p>Take it daily.</p></div></div>',
    # a plain list of links to places in the page (a table of contents), no tabs marking
    '<ul><li><a href="#x">How you take it</a></li><li><a href="#y">Side effects</a></li></ul>'
    '<div id="x"><p>Take it daily.</p></div>',
])
def test_no_tab_title_without_a_tab_list_of_in_page_links(body):
    blocks = {b.text: b for b in small_blocks(body)}
    assert "How you take it" not in blocks["Take it daily."].headings


# --- 'cycles that each last 28 days'; 'one cycle of capsules at a time' is no count ----------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Treatment is given in cycles that each last 28 days (4 weeks):", Amount(Decimal(28), "d")),
    ("You have cycles which last 3 weeks.", Amount(Decimal(3), "wk")),
    ("Each cycle lasts 21 days.", Amount(Decimal(21), "d")),
])
def test_cycles_that_last_n_days(text, expected):
    assert P.cycle_length(text) == expected


@pytest.mark.parametrize("text", [
    "You will be given only one cycle of capsules at a time.",
    "The pharmacy gives you one cycle's supply at a time.",
    "You get two cycles worth of tablets at any one time.",
])
def test_an_amount_handed_out_at_a_time_is_no_count_of_cycles(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, count", [
    ("You will have one cycle of treatment.", (1, None)),
    ("Most people have 6 cycles. Take one tablet at a time.", (6, None)),
])
def test_counts_of_cycles_beside_at_a_time_wording_stay(text, count):
    assert P.cycle_count(text) == count


# --- 'once a week for 7 weeks in a row, followed by 1 week with no treatment' ----------------------------------------

WEEK_DAYS_8 = [1, 8, 15, 22, 29, 36, 43]


@pytest.mark.parametrize("text", [
    "Gemcitabine 1000 mg/m2 IV once a week for 7 weeks in a row, followed by 1 week with no treatment.",
    "Gemcitabine 1000 mg/m2 IV once a week for 7 weeks, then a 1-week break.",
    "Gemcitabine 1000 mg/m2 IV weekly for 7 weeks followed by 1 week without any treatment.",
])
def test_weekly_for_weeks_in_a_row_then_a_week_without_treatment_is_one_cycle(text):
    assert P.on_off_cycle(text) == (WEEK_DAYS_8, Amount(Decimal(8), "wk"))
    assert P.cycle_length(text) == Amount(Decimal(8), "wk")
    assert P.cycle_count(text) is None  # the seven weeks are the days of one cycle, not seven cycles


@pytest.mark.parametrize("text, count", [
    ("Paclitaxel 80 mg/m2 IV once a week for 12 weeks in a row.", (12, None)),  # no time off: twelve one-week cycles
    ("Paclitaxel 80 mg/m2 IV weekly for 12 weeks.", (12, None)),
])
def test_weekly_for_weeks_without_time_off_stays_that_many_one_week_cycles(text, count):
    assert P.on_off_cycle(text) is None
    assert P.cycle_length(text) == Amount(Decimal(1), "wk")
    assert P.cycle_count(text) == count


def test_the_first_phase_of_weekly_doses_then_a_week_off_is_one_cycle_of_eight_weeks():
    r = page("<h2>How is it given?</h2><p><strong>Cycle 1 (8 weeks):</strong> gemcitabine 1000 mg/m2 IV over 30 minutes "
             "once a week for 7 weeks in a row, followed by 1 week with no treatment.</p>"
             "<p><strong>Cycle 2 onwards (4 weeks each):</strong> gemcitabine 1000 mg/m2 IV on days 1, 8 and 15, then a "
             "week off.</p>")
    first = r.phases[0]
    assert (first.length, first.count) == (Amount(Decimal(8), "wk"), 1)
    assert first.administrations[0].days == WEEK_DAYS_8
