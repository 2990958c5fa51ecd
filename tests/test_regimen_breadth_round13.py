"""Forms read in round 13, each with its near misses. Every form is general (any page may use it), never a page's own
words."""
from __future__ import annotations

from decimal import Decimal

from helpers import small_page

page = small_page


# --- a dose line opening with a name the vocabulary lacks keeps that name -------------------------------------------

_DL = ('<dl><dt>Dosing</dt><dd>\n<p>{first}</p>\n'
       '<p>Capecitabine 1,000 mg/m² PO twice daily on days 1 through 14.</p>\n</dd>'
       '<dt>Cycle</dt><dd><p>Repeat every 21 days.</p></dd></dl>')


def test_a_line_naming_an_untabled_drug_of_the_title_never_doses_the_tabled_one():
    # 'Zorbepilone' is in no table and has no INN stem the parser knows; the title names it beside capecitabine
    r = page(_DL.format(first="Zorbepilone 40 mg/m² IV over 3 hours on day 1."), h1="Zorbepilone + capecitabine")
    adms = [(a.drug, a.dose.value) for p in r.phases for a in p.administrations]
    assert adms == [("capecitabine", Decimal(1000))]
    lost = [f for f in r.not_mapped if f.text.startswith("Zorbepilone 40")]
    assert lost and lost[0].reason.startswith("a dose naming no drug") and lost[0].location.path


def test_a_colon_after_the_untabled_name_is_the_same_form():
    r = page(_DL.format(first="Zorbepilone: 40 mg/m² IV over 3 hours on day 1."), h1="Zorbepilone + capecitabine")
    assert [(a.drug, a.dose.value) for p in r.phases for a in p.administrations] == [("capecitabine", Decimal(1000))]


def test_a_line_naming_no_drug_still_takes_the_sole_title_drug():
    # near miss: the line opens with no name ('You take ...'): the title's one drug is the line's, as before
    r = page('<h2>How is it given?</h2><p>You take 1,250 mg/m² by mouth twice daily on days 1 to 14.</p>'
             '<p>Each cycle lasts 21 days.</p>', h1="Capecitabine")
    assert [(a.drug, a.dose.value) for p in r.phases for a in p.administrations] == [("capecitabine", Decimal(1250))]


def test_a_leading_word_the_title_does_not_name_is_no_drug_name():
    # near miss: 'Usually 1,250 mg/m² ...' opens with a word, but the title does not name it: the title drug's dose
    r = page('<h2>How is it given?</h2><p>Usually 1,250 mg/m² by mouth twice daily on days 1 to 14.</p>'
             '<p>Each cycle lasts 21 days.</p>', h1="Capecitabine")
    assert [(a.drug, a.dose.value) for p in r.phases for a in p.administrations] == [("capecitabine", Decimal(1250))]
