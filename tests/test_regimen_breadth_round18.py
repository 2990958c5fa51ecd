"""Schedule forms met in held-out round 18 (measured once untouched), with their near misses. General forms (any page
may use them), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import small_page
from regimen_fhir.parse import patterns as P


def _doses(r) -> list[tuple[str, Decimal]]:
    return [(a.drug, a.dose.value) for ph in r.phases for a in ph.administrations]


# --- a step down the dose may take is a dose-adjustment rule, never an administration -----------------------------
@pytest.mark.parametrize("text", [
    "Your doctor may lower the dose to 100 mg and then 50 mg if side effects are troublesome.",
    "The dose can be reduced to 100 mg.",
    "Your team might reduce your erlotinib dose to 100 mg if the rash is severe.",
    "The daily dose may be decreased to 50 mg.",
    "If you have side effects, your doctor may decrease the dose to 400 mg.",
])
def test_a_possible_step_down_of_the_dose_is_a_dose_adjustment(text):
    assert P.is_dose_adjustment(text)


@pytest.mark.parametrize("text", [
    "Take 150 mg by mouth once daily; a lower dose is not needed with food.",
    "The dose is lowered to 100 mg from day 8.",  # a dose step of the schedule (no 'may'): stays a dose
    "Lower-dose cytarabine 20 mg/m2 under the skin twice daily on days 1 to 10.",
    "Erlotinib 150 mg once daily may lower the risk of the cancer growing.",
    "You may take 150 mg with water.",
])
def test_step_down_near_misses_stay_doses(text):
    assert not P.is_dose_adjustment(text)


_ORAL = ("<h2>How to take it</h2><p>The usual dose is <strong>150&nbsp;mg by mouth once daily</strong>.</p>"
         "<p>You take it every day, with no breaks.</p>")


def test_step_down_sentence_is_reported_not_mapped_and_adds_no_administration():
    r = small_page(_ORAL + "<p>Your doctor may lower the dose to 100&nbsp;mg and then 50&nbsp;mg if side effects "
                   "are troublesome.</p>", h1="Erlotinib")
    assert [d for _, d in _doses(r)] == [Decimal(150)]
    assert any("100" in f.text and "dose-adjustment" in f.reason for f in r.not_mapped)


def test_near_miss_a_real_dose_sentence_with_lower_is_still_read():
    r = small_page("<h2>How to take it</h2><p>Take 150 mg by mouth once daily, which may lower the level of "
                   "the cancer marker.</p>", h1="Erlotinib")
    assert [d for _, d in _doses(r)] == [Decimal(150)]


# --- a tablet leaflet's schedule tab: "Taking your tablets" -----------------------------------------------------------
@pytest.mark.parametrize("heading, kind", [
    ("Taking your tablets", "schedule"), ("Taking your capsules", "schedule"), ("Taking the tablets", "schedule"),
    ("Taking care of yourself", None), ("Taking other medicines", None),
])
def test_taking_your_tablets_heads_the_schedule(heading, kind):
    from regimen_fhir.parse.rules import section_kind
    assert section_kind(heading) == kind


def test_drugless_usual_dose_under_taking_your_tablets_is_read_and_the_step_down_is_not():
    r = small_page("<h2>Taking your tablets</h2><p>The usual dose is 100&nbsp;mg by mouth once a day.</p>"
                   "<p>You keep taking lorlatinib every day. Your doctor may lower the dose to 75&nbsp;mg or "
                   "50&nbsp;mg if side effects are a problem.</p>", h1="Lorlatinib")
    assert [d for _, d in _doses(r)] == [Decimal(100)]
