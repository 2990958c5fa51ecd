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
