"""A form met in sealed round 16 (measured once before this fix), with its near misses: a line that only says how
doses read above are used is no dose of its own. General (any page may use it), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import small_page

page = small_page

_TABLE = ('<h2>Schedule</h2><p>One cycle = 21 days.</p>'
          '<table><tr><td>oral</td><td>capecitabine</td><td>1,000 mg/m² twice daily</td><td>days 1–14</td></tr>'
          '<tr><td>IV</td><td>trastuzumab</td><td>8 mg/kg loading dose, then 6 mg/kg</td><td>day 1</td></tr></table>'
          '<p>{after}</p>')


def _doses(r):
    return {p.label: sorted(((a.drug, a.dose.value, a.route) for a in p.administrations), key=str) for p in r.phases}


@pytest.mark.parametrize("after", [
    "The 8 mg/kg trastuzumab dose is given only once, at the very first visit; every later cycle uses 6 mg/kg.",
    "Trastuzumab 8 mg/kg is the first dose only. After that, trastuzumab 6 mg/kg.",
])
def test_a_line_restating_doses_read_with_their_route_is_no_dose_of_its_own(after):
    r = page(_TABLE.format(after=after), h1="Capecitabine and trastuzumab")
    assert _doses(r) == {
        "Cycle 1": [("capecitabine", Decimal(1000), "oral"), ("trastuzumab", Decimal(8), "intravenous")],
        "From cycle 2": [("capecitabine", Decimal(1000), "oral"), ("trastuzumab", Decimal(6), "intravenous")],
    }


@pytest.mark.parametrize("after, extra", [
    # a day of its own: a dose, as before
    ("Trastuzumab 6 mg/kg is also given on day 8.", ("trastuzumab", Decimal(6), None)),
    # a dose the schedule did not give: a dose, as before
    ("Trastuzumab 4 mg/kg on day 1.", ("trastuzumab", Decimal(4), None)),
])
def test_a_line_adding_a_day_or_another_dose_is_still_read(after, extra):
    r = page(_TABLE.format(after=after), h1="Capecitabine and trastuzumab")
    assert any(extra in doses for doses in _doses(r).values()), _doses(r)


# --- a dose line with no days, then a line whose pronoun stands for it and gives the days ---------------------------

_DOSE = "Take one 10 mg capsule of lenalidomide by mouth, once a day."


def _one(r):
    return [(p.label, p.length, [(a.drug, a.days) for a in p.administrations]) for p in r.phases]


@pytest.mark.parametrize("heading", ["Dosing schedule", "How it is given"])
@pytest.mark.parametrize("wrap", ["<ol><li>{a}</li><li>{b}</li></ol>", "<p>{a}</p><p>{b}</p>"])
@pytest.mark.parametrize("days", ["Take it every day, on days 1 to 28 of each 28-day cycle – there is no rest week.",
                                  "It is taken on days 1 to 28 of a 28-day cycle."])
def test_a_pronoun_line_gives_the_days_of_the_dose_above(heading, wrap, days):
    from regimen_fhir.model import Amount
    r = page(f"<h2>{heading}</h2>" + wrap.format(a=_DOSE, b=days), h1="Lenalidomide")
    assert _one(r) == [("Treatment cycles", Amount(Decimal(28), "d"), [("lenalidomide", list(range(1, 29)))])]


def test_a_cycle_rule_in_a_dose_list_item_is_read():
    from regimen_fhir.model import Amount
    r = page(f"<h2>Dosing schedule</h2><ol><li>{_DOSE}</li><li>Each cycle is 28 days.</li></ol>", h1="Lenalidomide")
    assert _one(r) == [("Treatment cycles", Amount(Decimal(28), "d"), [("lenalidomide", [])])]


@pytest.mark.parametrize("first, second, kept", [
    # no pronoun standing for the dose: a cycle rule only, no days given to the dose above
    (_DOSE, "Each cycle starts on day 1 and lasts 28 days.", {"lenalidomide": []}),
    # the dose above gave its own days: kept
    ("Take one 10 mg capsule of lenalidomide by mouth, once a day on days 1 to 21.",
     "Take it on days 1 to 28 of each 28-day cycle.", {"lenalidomide": list(range(1, 22))}),
    # two doses above: which one the pronoun stands for is not said, neither takes its days
    ("Lenalidomide 10 mg by mouth once a day and dexamethasone 40 mg by mouth once a day.",
     "Take them on days 1 to 28 of each 28-day cycle.", {"lenalidomide": [], "dexamethasone": []}),
])
def test_near_misses_keep_the_dose_above_as_it_was(first, second, kept):
    r = page(f"<h2>Dosing schedule</h2><p>{first}</p><p>{second}</p>", h1="Lenalidomide")
    assert {a.drug: a.days for p in r.phases for a in p.administrations} == kept


# --- the number of doses in total, one dose a cycle: the number of cycles ------------------------------------------

def _counts(r):
    return [(p.label, p.count, p.count_max) for p in r.phases]


@pytest.mark.parametrize("total, expected", [
    ("Maintenance lasts two years, which means 12 doses in total.", (12, None)),
    ("Most people have 6 or 7 infusions in all.", (6, 7)),
])
def test_doses_in_total_count_the_cycles_of_a_one_dose_cycle(total, expected):
    r = page("<h2>How is it given?</h2><p>Rituximab 375 mg/m2 is given as an intravenous infusion once every 8 weeks. "
             f"{total}</p>", h1="Rituximab maintenance")
    assert _counts(r) == [("Treatment cycles", *expected)]


@pytest.mark.parametrize("body", [
    # a daily drug: its doses are not its cycles
    "<p>Lenalidomide 10 mg by mouth once a day, every 28 days. That is 336 doses in total.</p>",
    # two drugs each cycle: which doses are counted is not said
    "<p>Rituximab 375 mg/m2 IV on day 1 and bendamustine 90 mg/m2 IV on day 1, every 28 days. "
    "That is 12 doses in total.</p>",
    # several doses a cycle
    "<p>Gemcitabine 1000 mg/m2 IV on days 1, 8 and 15, every 28 days. That is 18 doses in total.</p>",
    # no cycle length stated
    "<p>Rituximab 375 mg/m2 IV. That is 12 doses in total.</p>",
])
def test_doses_in_total_near_misses_give_no_count(body):
    r = page("<h2>How is it given?</h2>" + body, h1="Treatment")
    assert all(p.count is None for p in r.phases), _counts(r)


def test_a_course_is_normally_n_cycles():
    r = page("<h2>Schedule</h2><p>Both medicines are given into a vein. A course is normally 6 cycles; each cycle is 21 "
             "days long.</p><table><tr><th>Day(s)</th><th>Medicine</th><th>Dose</th><th>How</th></tr>"
             "<tr><td>1</td><td>carboplatin</td><td>AUC 6</td><td>IV infusion over 30–60 minutes</td></tr></table>",
             h1="Carboplatin")
    assert _counts(r) == [("Treatment cycles", 6, None)]


def test_a_bold_lead_in_cycle_n_and_onwards_is_an_open_phase():
    r = page('<h2>Dosing schedule (28-day cycles)</h2><p><strong>Cycle 1</strong></p>'
             '<ul><li>Abemaciclib 150 mg by mouth twice a day, every day (days 1 to 28)</li>'
             '<li>Fulvestrant 500 mg intramuscular injection on days 1 and 15</li></ul>'
             '<p><strong>Cycle 2 and onwards</strong></p>'
             '<ul><li>Abemaciclib 150 mg by mouth twice a day, every day (days 1 to 28)</li>'
             '<li>Fulvestrant 500 mg intramuscular injection on day 1</li></ul>'
             '<p>Cycles carry on for as long as the treatment is working.</p>', h1="Abemaciclib and fulvestrant")
    assert _counts(r) == [("Cycle 1", 1, None), ("Cycle 2 and onwards", None, None)]
