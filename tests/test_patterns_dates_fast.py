"""parse_date skips a strptime format when the text cannot fit it (`_may_fit`): exact only if every skipped
format would have failed. Checked on the date wordings the parser meets and on random text."""
from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from regimen_fhir.parse import patterns as P

FORMATS = ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y", "%d-%B-%Y",
           "%d/%m/%Y", "%m/%d/%Y", "%B %Y", "%b %Y", "%m/%Y", "%Y-%m"]
WORDINGS = ["June 24 2019", "Jun 24 2019", "24 June 2019", "2019-06-24", "2019/06/24", "24-Jun-2019", "06/24/2019",
            "24/06/2019", "Sep 2024", "March 2020", "10/2023", "2023-10", "2023", "May 5 2020", "5 May 2020",
            "31/02/2020", "2021 March", "Mar 3", "12/2020x", "x12/2020"]


def _fails(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return True
    return False


def test_a_skipped_format_never_fits_a_wording_the_parser_meets():
    for text in WORDINGS:
        for fmt in FORMATS:
            if not P._may_fit(fmt, text):
                assert _fails(text, fmt), (text, fmt)


def test_a_format_that_fits_is_not_skipped():
    assert P._may_fit("%B %d %Y", "June 24 2019") and P._may_fit("%Y-%m-%d", "2019-06-24")
    assert P._may_fit("%d %b %Y", "5 May 2020") and P._may_fit("%m/%Y", "10/2023")


def test_near_misses_are_skipped():
    assert not P._may_fit("%Y-%m-%d", "2019-06-24x")  # a letter: no all-number format fits
    assert not P._may_fit("%B %Y", "2024 March")  # a month-name format needs the name first
    assert not P._may_fit("%d %B %Y", "2019-06-24")  # a month-name format needs a letter
    assert not P._may_fit("%Y-%m", "")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789/-. JunMaySeptbrchyAugO", max_size=14))
def test_skipping_never_changes_what_strptime_would_say(text):
    for fmt in FORMATS:
        if not P._may_fit(fmt, text):
            assert _fails(text, fmt), (text, fmt)


def test_parse_date_reads_each_form_as_before():
    assert str(P.parse_date("June 24, 2019")) == "2019-06-24"
    assert str(P.parse_date("24th June 2019")) == "2019-06-24"
    assert str(P.parse_date("24/06/2019")) == "2019-06-24"
    assert str(P.parse_date("07/03/2024", day_first=True)) == "2024-03-07"
    assert type(P.parse_date("Sept 2024")).__name__ == "MonthDate"
    assert type(P.parse_date("2023")).__name__ == "YearDate"
    assert P.parse_date("2019-13-45") is None
