"""The % -> frequencyOfOccurrence rule of map/clinicalusedefinition.py (CIOMS bands folded into the three FHIR
codes), one case per rule and its edges."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from regimen_fhir.map.clinicalusedefinition import frequency_code
from regimen_fhir.model import Percent


@pytest.mark.parametrize("pct,code", [
    (Percent(value=D(40)), "Common"),
    (Percent(value=D(1)), "Common"),  # exactly 1 %: the lower edge of common
    (Percent(value=D("0.5")), "Uncommon"),
    (Percent(value=D("0.1")), "Uncommon"),  # exactly 0.1 %: the lower edge of uncommon
    (Percent(value=D("0.05")), "Rare"),
    # one-ended bounds, read as the bands are written
    (Percent(value=D(10), comparator=">"), "Common"),  # 'more than 1 in 10'
    (Percent(value=D(10), comparator="<="), "Common"),  # 'up to 1 in 10'
    (Percent(value=D(1), comparator="<="), "Uncommon"),  # 'up to 1 in 100'
    (Percent(value=D(1), comparator="<"), "Uncommon"),  # '<1%'
    (Percent(value=D("0.1"), comparator="<="), "Rare"),  # 'up to 1 in 1,000'
    (Percent(value=D(1), comparator=">="), "Common"),
    # ranges: the upper end, exclusive
    (Percent(low=D(1), high=D(10)), "Common"),  # 'between 1 in 100 and 1 in 10'
    (Percent(low=D("0.1"), high=D(1)), "Uncommon"),  # 'between 1 in 1,000 and 1 in 100'
    (Percent(low=D("0.5"), high=D(2)), "Common"),
    # ratios pick the band only
    (Percent(numerator=1, denominator=3), "Common"),
    (Percent(numerator=1, denominator=1000), "Uncommon"),
    (Percent(numerator=1, denominator=10000), "Rare"),
    # words
    (Percent(category_word="very common"), "Common"),
    (Percent(category_word="less common"), "Uncommon"),
    (Percent(category_word="very rare"), "Rare"),
    (Percent(category_word="sometimes"), None),  # no rule for it: no code, never a guess
    (Percent(), None),
])
def test_frequency_code(pct, code):
    assert frequency_code(pct) == code


def test_a_word_beside_a_band_is_the_category_the_page_states():
    # 'Uncommon (up to 1 in 100 people)' and a contradicting one: the page's word is kept
    assert frequency_code(Percent(value=D(1), comparator="<=", category_word="uncommon")) == "Uncommon"
    assert frequency_code(Percent(value=D(10), comparator=">", category_word="very common")) == "Common"
    assert frequency_code(Percent(value=D(5), category_word="rare")) == "Rare"
