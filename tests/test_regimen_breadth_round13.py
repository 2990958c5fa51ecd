"""Forms read in round 13, each with its near misses. Every form is general (any page may use it), never a page's own
words."""
from __future__ import annotations

from decimal import Decimal

import pytest

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


@pytest.mark.parametrize("body", [
    # under a dose field or heading that would give the title's one known drug to a line naming no drug
    '<dl><dt>Dose</dt><dd>Zorbepilone 40 mg/m² IV over 3 hours on day 1, every 21 days.</dd></dl>',
    '<h2>Dose</h2><p>Zorbepilone 40 mg/m² IV over 3 hours on day 1, every 21 days.</p>',
])
def test_an_untabled_name_of_the_title_keeps_its_dose_under_a_dose_field(body):
    r = page(body, h1="Zorbepilone + capecitabine")
    assert [a.drug for p in r.phases for a in p.administrations] == []
    assert any(f.text.startswith("Zorbepilone 40") and f.reason.startswith("a dose naming no drug") for f in r.not_mapped)


def test_a_dose_field_naming_no_drug_still_takes_the_sole_title_drug():
    # near miss: the same field with no name before the dose is the title drug's, as before
    r = page('<h2>Dose</h2><p>40 mg/m² IV over 3 hours on day 1, every 21 days.</p>', h1="Capecitabine")
    assert [(a.drug, a.dose.value) for p in r.phases for a in p.administrations] == [("capecitabine", Decimal(40))]


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


# --- band headings ('Very common' / 'Less common') under a heading the converter does not know ----------------------

_BANDS = ('<h2>How is it given?</h2><p>Carboplatin AUC 5 as a drip into a vein over 30 minutes on day 1.</p>'
          '<p>Each cycle lasts 21 days.</p>'
          '<h2>{outer}</h2><h4>Very common</h4><ul><li>Hair loss</li><li>Tiredness</li></ul>'
          '<h4>Less common</h4><ul><li>Nosebleeds</li></ul>')


def test_band_headings_under_an_unknown_heading_are_side_effect_groups():
    r = page(_BANDS.format(outer="What to expect"))
    assert [(e.wording, e.incidence.category_word if e.incidence else None) for e in r.side_effects] == [
        ("Hair loss", "very common"), ("Tiredness", "very common"), ("Nosebleeds", "less common")]


def test_band_headings_under_a_known_section_of_another_kind_stay_in_it():
    # near miss: under 'Tips' (a known section) the band headings do not make side effects
    r = page(_BANDS.format(outer="Tips"))
    assert r.side_effects == []


def test_a_heading_that_only_mentions_common_is_no_band():
    # near miss: 'Common questions' / 'Rare cancers' are no incidence bands
    for outer in ("Common questions", "Rare cancers"):
        r = page(_BANDS.replace("Very common", outer).replace("Less common", outer).format(outer="What to expect"))
        assert r.side_effects == [], outer


# --- where an effect mostly comes from, between commas, is no part of its name --------------------------------------

_DOSE = '<h2>How is it given?</h2><p>Bevacizumab 15 mg/kg as a drip into a vein on day 1, every 21 days.</p>'


def test_where_it_mostly_comes_from_is_cut_from_the_effect():
    r = page(_DOSE + '<h2>Side effects</h2><p>Serious bleeding, mostly from the lungs, happened in 4.4% of people.</p>')
    assert [(e.wording, e.incidence.value) for e in r.side_effects] == [("Serious bleeding", Decimal("4.4"))]


def test_an_aside_that_says_no_where_is_kept():
    # near miss: ', mostly mild,' says how bad, not where from: the words stay as they are
    r = page(_DOSE + '<h2>Side effects</h2><p>Bleeding, mostly mild, happened in 30% of people.</p>')
    assert [e.wording for e in r.side_effects] == ["Bleeding, mostly mild,"]


# --- 'After cycle 6: ...' heads an open-ended phase from cycle 7 ----------------------------------------------------

def test_after_cycle_n_heads_an_open_ended_phase():
    r = page('<p>Each cycle lasts 21 days.</p><h2>How is it given?</h2><h3>Cycles 1 to 6: two drugs</h3>'
             '<ul><li><strong>Carboplatin</strong> AUC 6 as a drip into a vein over 30 minutes, on day 1</li>'
             '<li><strong>Bevacizumab</strong> 15 mg/kg as a drip into a vein, on day 1</li></ul>'
             '<h3>After cycle 6: bevacizumab on its own</h3>'
             '<ul><li><strong>Bevacizumab</strong> 15 mg/kg intravenously on day 1, every 21 days, for as long as it '
             'keeps working</li></ul>')
    assert [(p.label, p.count, p.first_cycle) for p in r.phases] == [
        ("Cycles 1 to 6: two drugs", 6, 1), ("After cycle 6: bevacizumab on its own", None, 7)]


# --- the lead paragraph's cycle rule, after the indication, is read -------------------------------------------------

def test_the_cycle_rule_in_an_indication_lead_is_read():
    r = page('<p>VMP is a treatment for newly diagnosed myeloma. Each cycle lasts 6 weeks (42 days), and there are 9 '
             'cycles in total.</p><h2>How is it given?</h2>'
             '<p>Melphalan 9 mg/m² tablets once a day on days 1 to 4.</p>')
    assert [i.name for i in r.indications] == ["newly diagnosed myeloma"]
    assert [(p.length.value, p.length.unit, p.count) for p in r.phases] == [(Decimal(42), "d", 9)]


def test_a_lead_sentence_naming_a_dose_is_no_cycle_rule():
    # near miss: a dose in the lead's other sentence is not read from the lead (the schedule gives the doses)
    r = page('<p>VMP is a treatment for newly diagnosed myeloma. Melphalan 9 mg/m² is given every 6 weeks.</p>'
             '<h2>How is it given?</h2><p>Melphalan 9 mg/m² tablets once a day on days 1 to 4.</p>'
             '<p>Each cycle lasts 42 days.</p>')
    assert [(p.length.value, p.length.unit) for p in r.phases] == [(Decimal(42), "d")]
