"""Forms read before round 11, each with its near misses: the one rule for frequency bands (a band the page states is
kept as it says it, a bound with its comparator or a range, with its category; a bare word stays a category), wherever
the band stands (a heading, a bold paragraph, a lead-in, a sentence, a table cell) ..."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, small_page
from regimen_fhir.map.clinicalusedefinition import frequency_code

page = small_page

SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


def effects(body: str) -> dict:
    return {e.wording: e.incidence for e in page(SCHEDULE + "<h2>Side effects</h2>" + body).side_effects}


def band(p) -> tuple:
    return (p.value, p.comparator, p.low, p.high, p.category_word)


# --- frequency bands: one rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "<h3>Very common (more than 1 in 10 men)</h3><ul><li>Nausea</li></ul>",  # a heading
    "<p><strong>Very common (more than 1 in 10 men)</strong></p><ul><li>Nausea</li></ul>",  # a bold paragraph
    "<p>Nausea is also very common (more than 1 in 10 men).</p>",  # a sentence
    "<p>Very common (more than 1 in 10 men): nausea and hair loss.</p>",  # a lead-in
    "<table><tr><th>How often</th><th>Side effect</th></tr><tr><td>Very common (more than 1 in 10 men)</td>"
    "<td>Nausea</td></tr></table>",  # a table cell
])
def test_a_band_with_its_word_is_a_bound_and_a_category_wherever_it_stands(body):
    nausea = effects(body)["Nausea"]
    assert band(nausea) == (Decimal(10), ">", None, None, "very common")
    assert frequency_code(nausea) == "Common"


@pytest.mark.parametrize("body", [
    "<h3>More than 1 in 10 people</h3><ul><li>Nausea</li></ul>",
    "<p><strong>More than 1 in 10 people</strong></p><ul><li>Nausea</li></ul>",
])
def test_a_heading_that_states_only_a_band_heads_a_group(body):
    assert band(effects(body)["Nausea"]) == (Decimal(10), ">", None, None, None)


def test_a_band_heading_over_an_effect_saying_when_it_happens():
    # 'while your ...' says when, it is no instruction to the reader
    e = effects("<p><strong>Up to 1 in 10 people</strong></p><ul><li>Serious infection while your white cell count "
                "is low (neutropenic sepsis)</li></ul>")
    assert band(e["Serious infection while your white cell count is low (neutropenic sepsis)"]) == \
        (Decimal(10), "<=", None, None, None)


def test_an_inline_band_lead_in_over_a_list():
    e = effects("<p>Less often (between 1 in 100 and 1 in 10 men): indigestion, blood in the urine, and skin rash.</p>")
    assert {k: band(v) for k, v in e.items()} == {
        k: (None, None, Decimal(1), Decimal(10), "less common") for k in ("Indigestion", "Blood in the urine", "Skin rash")}


def test_a_range_of_two_ratios_with_to():
    e = effects("<h3>Common (1 in 100 to 1 in 10 people)</h3><ul><li>Rash</li></ul>")
    assert band(e["Rash"]) == (None, None, Decimal(1), Decimal(10), "common")


@pytest.mark.parametrize("body, expected", [
    ("<h3>Common</h3><ul><li>Nausea</li></ul>", (None, None, None, None, "common")),  # a bare word: a category only
    ("<h3>Very common (9 in 10 people)</h3><ul><li>Nausea</li></ul>", (None, None, None, None, "very common")),  # a ratio is no band
    ("<p>Nausea is common.</p>", (None, None, None, None, "common")),
    ("<p>Often: nausea and hair loss.</p>", None),  # an adverb without a band leads nothing here
    ("<p>Nausea is very common (we see it in most men).</p>", (None, None, None, None, "very common")),  # no band in the brackets
])
def test_near_misses_of_bands(body, expected):
    e = effects(body)
    if expected is None:
        assert "Nausea" not in e
    else:
        assert band(e["Nausea"]) == expected


def test_near_miss_a_lead_in_word_under_a_band_heading_keeps_its_own_word():
    # 'Other rare side effects are:' names the list's category; the band heading above is not its band
    e = effects("<h3>More than 1 in 10 people</h3><ul><li>Nausea</li></ul><p>Other rare side effects are:</p>"
                "<ul><li>Seizures</li></ul>")
    assert band(e["Seizures"]) == (None, None, None, None, "rare")


# --- a CMS article's 'Details' list is no glossary ----------------------------------------------------------------


def test_an_article_details_list_is_no_glossary_and_is_reported():
    r = page(SCHEDULE + '<dl class="article-info"><dt>Details</dt><dd>Written by Jo Bloggs, clinical nurse specialist</dd>'
             '<dd>Category: Treatment</dd><dd>Hits: 10482</dd></dl>')
    assert r.glossary == []
    assert "Written by Jo Bloggs, clinical nurse specialist" in [f.text for f in r.not_mapped]


def test_near_miss_a_real_glossary_with_one_byline_is_still_a_glossary():
    r = page(SCHEDULE + "<dl><dt>Neutropenia</dt><dd>A low number of neutrophils, white cells that fight infection.</dd>"
             "<dt>Mucositis</dt><dd>Soreness and ulcers of the lining of the mouth.</dd>"
             "<dt>Note</dt><dd>Written by the pharmacy team.</dd></dl>")
    assert {g.term for g in r.glossary} >= {"Neutropenia", "Mucositis"}
