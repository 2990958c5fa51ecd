"""Round 20 forms, each with near misses: a numeric date whose second number cannot be a month is month first even
on a page whose language writes dates day first."""
from datetime import date

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
