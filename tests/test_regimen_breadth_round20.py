"""Round 20 forms, each with near misses: a numeric date whose second number cannot be a month is month first even
on a page whose language writes dates day first; a table caption 'One cycle = 14 days' says the cycles' length and is
no phase of one cycle; a time after a day list's comma ('on days 1 and 15, 3 to 24 hours before') is no day."""
from datetime import date
from decimal import Decimal

import pytest

from helpers import small_page as page
from regimen_fhir.model import Amount
from regimen_fhir.parse import patterns as P


def test_a_date_whose_second_number_cannot_be_a_month_is_month_first_on_a_day_first_page():
    assert P.parse_date("03/14/2025", day_first=True) == date(2025, 3, 14)
    assert P.find_dates("Page last reviewed 03/14/2025", day_first=True) == {"updated": date(2025, 3, 14)}


def test_near_misses_ambiguous_and_impossible_dates_keep_their_reading():
    assert P.parse_date("03/04/2025", day_first=True) == date(2025, 4, 3)  # ambiguous: the page's order
    assert P.parse_date("03/04/2025") == date(2025, 3, 4)
    assert P.parse_date("14/03/2025") == date(2025, 3, 14)  # first number cannot be a month
    assert P.parse_date("14/13/2025", day_first=True) is None  # neither order is a date


def test_a_page_last_reviewed_field_label_heads_its_bare_date():
    assert P.DATE_HEADING.match("Page last reviewed")
    assert P.DATE_HEADING.match("Page last updated:")
    assert P.DATE_HEADING.match("Last reviewed")
    # near misses: a label that names no date, or more words than the label
    assert not P.DATE_HEADING.match("Page last")
    assert not P.DATE_HEADING.match("Page last reviewed by the pharmacy team")


# --- a caption saying what one cycle is: 'One cycle = 14 days' --------------------------------------------------------

_CAPTION = ("<h2>Your treatment plan</h2><table><caption>{caption}</caption><tr><th>Day</th><th>Medicine</th>"
            "<th>How it is given</th><th>Dose</th></tr><tr><td>Day 1</td><td>Nivolumab</td>"
            "<td>IV infusion over 30 minutes</td><td>240 mg</td></tr><tr><td>Day 1</td><td>Oxaliplatin</td>"
            "<td>IV infusion over 2 hours</td><td>85 mg/m2</td></tr></table>{after}")
def _days(length: Amount | None) -> Decimal | None:
    return None if length is None else length.value * {"d": 1, "wk": 7}[length.unit]


_REPEATED = "<p>Cycles are repeated every 2 weeks for as long as the treatment is working.</p>"


def test_a_caption_giving_the_length_of_one_cycle_is_no_phase_of_one_cycle():
    r = page(_CAPTION.format(caption="One cycle = 14 days", after=_REPEATED))
    assert [(p.label, _days(p.length), p.count) for p in r.phases] == [("Treatment cycles", 14, None)]
    assert [(a.drug, a.days) for a in r.phases[0].administrations] == [("nivolumab", [1]), ("oxaliplatin", [1])]


@pytest.mark.parametrize("caption, days", [("One cycle = 14 days", 14), ("Each cycle lasts 3 weeks (21 days)", 21),
                                           ("One cycle is 28 days", 28)])
def test_the_caption_alone_gives_the_cycle_length(caption, days):
    r = page(_CAPTION.format(caption=caption, after=""))
    assert len(r.phases) == 1 and r.phases[0].label == "Treatment cycles"
    assert _days(r.phases[0].length) == days


def test_near_miss_a_caption_naming_cycle_one_with_its_length_stays_a_phase():
    r = page(_CAPTION.format(caption="Cycle 1 = 14 days", after=_REPEATED))
    assert [p.label for p in r.phases] == ["Cycle 1 = 14 days"]


# --- a time after a day list's comma is no day --------------------------------------------------------------------

@pytest.mark.parametrize("text, days", [
    ("Dexamethasone 28 mg by mouth on days 1 and 15, 3 to 24 hours before elotuzumab", [1, 15]),
    ("Dexamethasone 8 mg IV on days 1, 8 and 15, 30 minutes before the drip", [1, 8, 15]),
    ("on days 1 and 15, 2 hours before", [1, 15]),
    ("days 1 to 5, 2 weeks off", [1, 2, 3, 4, 5]),
])
def test_a_time_after_a_day_lists_comma_is_no_day(text, days):
    assert P.parse_days(text) == days


@pytest.mark.parametrize("text, days", [
    ("on days 1 and 15, 22", [1, 15, 22]),  # near miss: a bare number after the comma is still a day
    ("days 1 to 3, 8 to 10", [1, 2, 3, 8, 9, 10]),
    ("on days 1, 8, 15 and 22, taken 3 to 24 hours before", [1, 8, 15, 22]),
])
def test_near_misses_days_after_a_comma_stay_days(text, days):
    assert P.parse_days(text) == days


# --- 'after two or three cycles you have a scan': when, not how many (noticed on round 18's mosunetuzumab) -----------

@pytest.mark.parametrize("text", ["After two or three cycles you have a scan to see how the cancer is responding.",
                                  "after 2-3 cycles you have a scan"])
def test_a_range_of_cycles_after_which_something_happens_is_no_count(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, count", [("You usually have two or three cycles.", (2, 3)),
                                         ("You usually have between 4 and 6 cycles.", (4, 6)),
                                         ("Treatment is given for 4 to 6 cycles.", (4, 6))])
def test_near_misses_a_range_of_cycles_given_is_still_a_count(text, count):
    assert P.cycle_count(text) == count


# --- a modal's '×' and 'Close' buttons are controls of the page, not sentences the parser failed to read ------------

_MODAL = ('<h2>How is it given?</h2><p>Nivolumab 240 mg IV over 30 minutes on day 1, every 2 weeks.</p>'
          '<div class="modal" id="m"><div class="modal-dialog"><div class="modal-content"><div class="modal-header">'
          '<h5 class="modal-title">Your treatment schedule</h5><button type="button" class="close" aria-label="Close">'
          '<span aria-hidden="true">&times;</span></button></div><div class="modal-body"><p>{body}</p></div>'
          '<div class="modal-footer"><button type="button" class="btn">Close</button></div></div></div></div>')


def test_a_modals_close_buttons_are_reported_as_controls_of_the_page():
    r = page(_MODAL.format(body="Repeat every 2 weeks."))
    reasons = {f.text: f.reason for f in r.not_mapped}
    assert reasons.get("×") == reasons.get("Close") == "a control of the page (button), no text of the regimen"


def test_near_miss_a_sentence_beside_a_button_is_still_not_understood():
    # the words of a block that are not all on buttons keep the reason the reading gave them
    r = page(_MODAL.format(body="Close monitoring of your heart <button>More</button>"))
    assert not any(f.reason.startswith("a control of the page") and "monitoring" in f.text for f in r.not_mapped)
    assert any("Close monitoring" in f.text for f in r.not_mapped)
