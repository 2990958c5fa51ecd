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
