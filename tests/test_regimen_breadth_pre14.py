"""Forms read before round 14, each a form any page of this kind may use (not one page's wording), with near misses."""
from __future__ import annotations

from decimal import Decimal

from helpers import small_blocks, small_page

SCHEDULE = "<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li></ul><p>Every 21 days.</p>"


# h. two paragraphs touching inside an item or definition are two lines, never one glued word
def test_touching_paragraphs_in_a_definition_are_two_lines():
    texts = [b.text for b in small_blocks("<dl><dt>Oxaliplatin</dt><dd><p>Oxaliplatin 85 mg/m2 IV over 2 hours</p>"
                                          "<p>Day 1</p></dd></dl>")]
    assert "Oxaliplatin 85 mg/m2 IV over 2 hours Day 1" in texts


def test_touching_paragraphs_in_a_list_item_keep_the_dose_and_its_day():
    r = small_page("<h2>Schedule</h2><ul><li><p>Oxaliplatin 85 mg/m2 IV over 2 hours</p><p>Day 1</p></li></ul>"
                   "<p>Every 14 days.</p>")
    (a,) = r.phases[0].administrations
    assert (a.dose.value, a.dose.unit, a.days, a.infusion.value, a.infusion.unit) == (Decimal("85"), "mg/m2", [1],
                                                                                     Decimal("2"), "h")


def test_text_after_a_touching_paragraph_is_a_word_of_its_own():
    texts = [b.text for b in small_blocks("<ul><li><div>Cisplatin 75 mg/m2</div>on day 1</li></ul>")]
    assert texts == ["Cisplatin 75 mg/m2 on day 1"]


def test_inline_boxes_are_not_lines():  # near miss: '<b>Cis</b>platin' is one word
    texts = [b.text for b in small_blocks("<ul><li><b>Cis</b>platin 75 mg/m<sup>2</sup></li></ul>")]
    assert texts[0].startswith("Cisplatin 75 mg/m")
