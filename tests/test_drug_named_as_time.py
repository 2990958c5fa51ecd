"""A drug named as the time of another's dose ('before each paclitaxel dose', 'with your rituximab infusion') is not
the dose's own drug (regimen.py _DRUG_AS_TIME): the dose goes to the drug named with it, never invented for the other."""
from __future__ import annotations

import pytest

from helpers import small_page

SCHEDULE = "<h2>Schedule</h2><p>Paclitaxel 175 mg/m2 IV over 3 hours on day 1, every 21 days.</p><h2>Premedication</h2>"


def _premedication(text: str) -> list[tuple[str, str]]:
    r = small_page(SCHEDULE + f"<p>{text}</p>")
    return [(a.drug, str(a.dose.value)) for ph in r.phases[1:] for a in ph.administrations]


@pytest.mark.parametrize("text,expected", [
    ("Before each paclitaxel dose you have dexamethasone 20 mg IV 30 minutes before.", [("dexamethasone", "20")]),
    ("With your paclitaxel infusion you have paracetamol 1000 mg by mouth.", [("acetaminophen", "1000")]),
    ("Before every paclitaxel treatment: dexamethasone 20 mg IV.", [("dexamethasone", "20")]),
])
def test_the_dose_goes_to_the_drug_named_with_it(text, expected):
    assert _premedication(text) == expected


@pytest.mark.parametrize("text,expected", [
    # near misses: the first drug is not named as a time, so the rule does not apply
    ("You have dexamethasone 20 mg IV 30 minutes before each dose.", [("dexamethasone", "20")]),
    ("Dexamethasone 20 mg IV 30 minutes before paclitaxel.", [("dexamethasone", "20")]),
])
def test_near_misses_keep_the_drug_named_first(text, expected):
    assert _premedication(text) == expected
