"""Forms met in sealed round 17 (measured once before these fixes), with their near misses. General (any page may use
them), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import small_page
from regimen_fhir.parse import patterns as P

page = small_page


# --- a later phase's cycle length, said with 'now' / 'still' between the verb and the length ------------------------

_PHASES = ('<h2>Your treatment</h2>'
           '<h3>Cycles 1 to 4</h3><p>Each cycle lasts 3 weeks (21 days).</p>'
           '<ul><li>Drugumab 10 mg/kg as a drip into a vein on days 1 and 8</li></ul>'
           '<h3>Cycle 5 onwards</h3><p>{later}</p>'
           '<ul><li>Drugumab 10 mg/kg as a drip into a vein on day 1 of each cycle</li></ul>')


@pytest.mark.parametrize("later, length", [
    ("Cycles are now 4 weeks (28 days) long, and you have drugumab on its own.", (Decimal(28), "d")),
    ("Each cycle is now 4 weeks long.", (Decimal(4), "wk")),
    ("Cycles are still 21 days.", (Decimal(21), "d")),
])
def test_a_later_phase_states_its_new_cycle_length(later, length):
    r = page(_PHASES.format(later=later), h1="Drugumab")
    last = r.phases[-1]
    assert last.label == "Cycle 5 onwards"
    assert (last.length.value, last.length.unit) == length


@pytest.mark.parametrize("text", [
    "Cycles are now finished; 4 weeks later you have a scan.",  # a time after the cycles, no length of one
    "Cycles are now given weekly.",
    "The cycles are now over and in 4 weeks you have a scan.",
])
def test_a_cycle_sentence_with_now_but_no_length_is_none(text):
    assert P.cycle_length(text) is None


# --- a leaflet's definition list of one drug's dose: 'Your <drug> dose' / 'Which days' / 'How long' ------------------

_DL = ('<h2>What to expect</h2><p>Radiotherapy is given every weekday for 5 to 6 weeks.</p>'
       '<dl><dt>{dose_label}</dt><dd>825 milligrams per square metre of body surface, taken twice a day (morning and '
       'evening, about 12 hours apart) within 30 minutes of a meal. Your pharmacist will work out how many tablets this '
       'is for you.</dd>'
       '<dt>Which days</dt><dd>{days}</dd>'
       '<dt>How long</dt><dd>{how_long}</dd></dl>')


def _one(r):
    [phase] = r.phases
    [a] = phase.administrations
    return phase, a


@pytest.mark.parametrize("dose_label, h1", [
    ("Your capecitabine dose", "Capecitabine with radiotherapy"),
    # the drug only in the field's label: the page's title names none
    ("Your capecitabine dose", "Chemoradiation for rectal cancer"),
    ("Your dose", "Capecitabine with radiotherapy"),
])
def test_a_definition_list_of_one_dose_with_weekly_days_and_how_long(dose_label, h1):
    r = page(_DL.format(dose_label=dose_label, days="Only on radiotherapy days, so days 1 to 5 of each week; no tablets "
                                                    "on Saturday or Sunday.",
                        how_long="Until your last radiotherapy treatment – 5 to 6 weeks."), h1=h1)
    phase, a = _one(r)
    assert (a.drug, a.dose.value, a.dose.unit, a.route, a.days) == ("capecitabine", Decimal(825), "mg/m2", "oral",
                                                                     [1, 2, 3, 4, 5])
    assert (a.frequency.times, a.frequency.period, a.frequency.unit) == (2, 1, "d")
    assert (phase.length.value, phase.length.unit, phase.count, phase.count_max) == (1, "wk", 5, 6)


@pytest.mark.parametrize("days, how_long, length, count", [
    # days of a cycle, not of each week: no one-week cycle, so the weeks are no count
    ("Days 1 to 14 of each cycle.", "5 to 6 weeks.", None, None),
    # a one-week cycle, but how long is not one span of weeks
    ("Days 1 to 5 of each week.", "6 weeks, or 8 weeks if your team advises it.", (1, "wk"), None),
    ("Days 1 to 5 of each week.", "Until your radiotherapy ends.", (1, "wk"), None),
])
def test_how_long_gives_a_count_only_for_one_span_of_weeks_over_a_one_week_cycle(days, how_long, length, count):
    r = page(_DL.format(dose_label="Your capecitabine dose", days=days, how_long=how_long), h1="Capecitabine")
    phase, _ = _one(r)
    assert ((phase.length.value, phase.length.unit) if phase.length else None) == length
    assert phase.count == count


@pytest.mark.parametrize("text, weekly", [
    ("days 1 to 5 of each week", True),
    ("on days 1-5 of every week", True),
    ("days 1, 3 and 5 in each week", True),
    ("days 1 to 14 of each week", False),  # no week has a day 14
    ("days 1 to 5 of each cycle", False),
    ("on days 1 to 5. Each week you see the nurse", False),
])
def test_days_of_each_week(text, weekly):
    assert (P.cycle_length(text) == P.Amount(Decimal(1), "wk")) is weekly


# --- lay wordings of round 17 added to existing coded rows (the same concept), and two-finding wordings left uncoded ---

def _code(text):
    from regimen_fhir import terminology as T
    found = T.primary("conditions", text)
    return found.code if found else None


@pytest.mark.parametrize("text, expected", [
    ("Raised blood sugar", "80394007"),  # hyperglycemia
    ("Colds and other upper airway infections", "54150009"),  # upper respiratory infection
    ("Diarrhoea and loose, frequent stools", "62315008"),  # diarrhoea
    ("Sore, red skin between the buttocks", "49084001"),  # radiation dermatitis, as 'sore red skin around the back passage'
    ("Infection because of a low white cell count", "40733004"),  # infection
    ("A burning feeling when you pass urine", "49650001"),  # dysuria, the round's new row
])
def test_round17_lay_wordings(text, expected):
    assert _code(text) == expected


@pytest.mark.parametrize("text", [
    "Needing to pass urine more often, or a burning feeling when you do",  # frequency and dysuria: two findings
    "Mood changes or difficulty sleeping",
    "Ringing in the ears or loss of hearing",
    "Reactions to the daratumumab drip",  # no confirmed code for an infusion reaction
])
def test_round17_wordings_left_uncoded(text):
    assert _code(text) is None
