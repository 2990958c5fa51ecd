"""Forms read in round 14 (side effects, title, discontinuation), each with its near misses. Every form is general
(any page may use it), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

from helpers import small_page

_DOSE = "<h2>Treatment</h2><p>Oxaliplatin 85 mg/m² IV over 2 hours on day 1. Repeat every 14 days.</p>"


def page(body: str, **kw):
    return small_page(_DOSE + body, **kw)


def effects(r) -> list[tuple[str, object]]:
    return [(e.wording, e.incidence.value if e.incidence.value is not None else e.incidence.category_word)
            for e in r.side_effects]


# --- a bracketed list and a trailing aside inside a category sentence's item --------------------------------------

def test_a_bracketed_list_in_an_effect_is_no_list_of_effects():
    r = page("<h2>Side effects</h2><p><strong>Other common effects</strong> are feeling sick, tiredness, and a reaction "
             "during the antibody drip (shivering, fever or a rash), mostly with the first one.</p>")
    assert effects(r) == [("Feeling sick", "common"), ("Tiredness", "common"),
                          ("Reaction during the antibody drip (shivering, fever or a rash)", "common")]
    aside = [f for f in r.not_mapped if f.text == "mostly with the first one"]
    assert aside and "when the side effect mostly comes" in aside[0].reason and aside[0].location.path


def test_an_occasion_aside_after_an_effect_without_brackets_stays_with_it():
    r = page("<h2>Side effects</h2><p>Common side effects include hair loss, a reaction during the drip, usually after "
             "the first infusion, and diarrhoea.</p>")
    assert effects(r) == [("Hair loss", "common"), ("Reaction during the drip", "common"), ("Diarrhoea", "common")]


def test_near_miss_a_plain_list_still_splits_at_its_commas():
    # no brackets and no aside: three effects, as before
    r = page("<h2>Side effects</h2><p>Common side effects include nausea, mostly mild tiredness and a rash.</p>")
    assert [w for w, _ in effects(r)] == ["Nausea", "Mostly mild tiredness", "Rash"]


# --- 'X from the A or B': one effect in two places -----------------------------------------------------------------

def test_an_effect_in_one_of_two_places_is_one_effect():
    r = page("<h2>Side effects</h2><p>Bleeding from the stomach or bowel is less common, but tell us straight away if "
             "you vomit blood.</p>")
    assert effects(r) == [("Bleeding from the stomach or bowel", "less common")]


def test_near_miss_two_coded_effects_joined_by_or_stay_two():
    # 'nausea or vomiting': two effects, as the existing rules decide
    r = page("<h2>Side effects</h2><p>Nausea or vomiting is common.</p>")
    assert [w for w, _ in effects(r)] == ["Nausea", "Vomiting"]


def test_near_miss_a_second_effect_after_or_is_its_own():
    # after 'or' an article opens another effect: not a second place
    r = page("<h2>Side effects</h2><p>Pain in the joints or a rash is uncommon.</p>")
    assert len(effects(r)) == 2


# --- a lead-in running from 'reported' to the verb that opens the list ----------------------------------------------

def test_a_lead_in_with_how_often_and_with_what_is_no_effect_name():
    r = page("<h2>Side effects</h2><p>In the main study, the side effects reported most often with this combination "
             "were tiredness or weakness (57%), low neutrophils (54%) and a sore mouth (20%).</p>")
    assert effects(r) == [("Tiredness or weakness", Decimal(57)), ("Low neutrophils", Decimal(54)),
                          ("A sore mouth", Decimal(20))]


def test_near_miss_reported_alone_still_opens_the_list():
    r = page("<h2>Side effects</h2><p>Side effects reported: nausea (40%), hair loss (12%).</p>")
    assert effects(r) == [("Nausea", Decimal(40)), ("Hair loss", Decimal(12))]


# --- a side-effect table with the regimen's column and a comparator column ------------------------------------------

_ARMS = ("<h2>Side effects</h2><table><caption>How many people had each side effect</caption>"
         "<tr><th>Side effect</th><th>{mine}</th><th>{other}</th></tr>"
         "<tr><td>Acne-like rash</td><td>87%</td><td>10%</td></tr>"
         "<tr><td>Weight loss</td><td>84%</td><td>72%</td></tr></table>")


def arms_page(mine: str, other: str):
    body = ("<h2>Treatment</h2><p>Cetuximab 250 mg/m² IV over 1 hour every week.</p>"
            + _ARMS.format(mine=mine, other=other))
    return small_page(body, h1="Cetuximab with radiotherapy for head and neck cancer")


def test_the_column_naming_the_regimen_with_its_companion_treatment_is_the_incidence():
    r = arms_page("Cetuximab + radiotherapy", "Radiotherapy alone")
    assert effects(r) == [("Acne-like rash", Decimal(87)), ("Weight loss", Decimal(84))]
    # the comparator's figures are no facts, but are reported, never dropped silently
    other = [f for f in r.not_mapped if f.reason.startswith("another arm's or grade's figure, in a column")]
    assert [f.text for f in other] == ["Acne-like rash | Radiotherapy alone: 10%", "Weight loss | Radiotherapy alone: 72%"]
    assert all(f.location.path.endswith(("tr[2]", "tr[3]")) for f in other)


def test_near_miss_a_companion_the_title_does_not_name_is_no_regimen_column():
    # 'chemotherapy' is not in the title: which column is the regimen's is not said, nothing is read, each row reported
    r = arms_page("Cetuximab + chemotherapy", "Radiotherapy alone")
    assert effects(r) == []
    assert sum("several percentage columns" in f.reason for f in r.not_mapped) == 2


def test_near_miss_the_drug_alone_is_another_arm():
    # 'Cetuximab alone' beside 'Cetuximab + radiotherapy': the regimen's column is the second
    r = arms_page("Cetuximab alone", "Cetuximab + radiotherapy")
    assert effects(r) == [("Acne-like rash", Decimal(10)), ("Weight loss", Decimal(72))]


# --- a discontinuation figure with a decimal point ------------------------------------------------------------------

def test_a_decimal_discontinuation_figure_is_read():
    r = page("<h2>Side effects</h2><p>Nausea (48%) and vomiting (28%).</p>"
             "<p>Side effects caused 3.6% of patients to stop taking it for good.</p>")
    assert r.discontinuation is not None and r.discontinuation.value == Decimal("3.6")


def test_the_decimal_point_is_no_sentence_end_for_the_discontinuation_phrases():
    from regimen_fhir.parse.regimen import _DISCONTINUE
    assert _DISCONTINUE.search("Side effects caused 3.6% of patients to stop taking it.")
    assert _DISCONTINUE.search("Toxicity made 12.5 in 100 people stop.")
    # near misses: a full stop ends the sentence; a figure with no stop at all
    assert not _DISCONTINUE.search("Side effects caused problems. Stop the tablets if sick")
    assert not _DISCONTINUE.search("Side effects caused 3.6% of patients to need a lower dose.")


# --- a page with no <h1>: its first and highest heading titles it ---------------------------------------------------

def _no_h1(first: str, title: str = "FLOT chemotherapy before surgery - Pharmacy leaflets", more: str = ""):
    body = (f"<table><tr><td><a href='/'>Pharmacy home</a></td><td>{first}"
            "<h3>Your treatment</h3><p>Docetaxel 50 mg/m² IV over 1 hour on day 1. Repeat every 14 days.</p>"
            f"{more}<h3>Side effects</h3><p>Hair loss is common.</p></td></tr></table>")
    return small_page(body, title=title, h1=None)


def test_the_first_and_highest_heading_of_a_page_without_h1_is_its_title():
    assert _no_h1("<h2>FLOT chemotherapy for stomach cancer</h2>").title == "FLOT chemotherapy for stomach cancer"


def test_near_miss_a_heading_that_names_a_section_is_no_title():
    r = _no_h1("<h2>FLOT side effects</h2>")  # opens with the title's word, but names a section
    assert r.title == "FLOT chemotherapy before surgery"


def test_near_miss_a_heading_opening_with_another_word_than_the_title_is_no_title():
    # a site's or a leaflet series' heading: the <title> is read as before
    assert _no_h1("<h2>Oncology pharmacy leaflets</h2>").title == "FLOT chemotherapy before surgery"


def test_near_miss_the_first_of_several_headings_at_its_level_is_a_section():
    r = _no_h1("<h2>FLOT chemotherapy for stomach cancer</h2>", more="<h2>FLOT questions</h2>")
    assert r.title == "FLOT chemotherapy before surgery"


def test_the_bracketed_list_is_one_effect_in_the_other_category_sentences_too():
    r = page("<h2>Side effects</h2><p>Tiredness, a reaction during the drip (shivering, fever or a rash) and hair loss "
             "are common.</p>")
    assert [w for w, _ in effects(r)] == ["Tiredness", "A reaction during the drip (shivering, fever or a rash)",
                                          "Hair loss"]
    r = page("<h2>Side effects</h2><p>Less commonly, people get mouth sores, a reaction during the drip (shivering, "
             "fever or a rash), mostly with the first one, or diarrhoea.</p>")
    assert [w for w, _ in effects(r)] == ["Mouth sores", "Reaction during the drip (shivering, fever or a rash)",
                                          "Diarrhoea"]


def test_near_miss_or_outside_brackets_still_parts_two_effects():
    r = page("<h2>Side effects</h2><p>A rash (itchy skin) or diarrhoea is common.</p>")
    assert [w for w, _ in effects(r)] == ["A rash (itchy skin)", "Diarrhoea"]


def test_a_band_list_may_carry_a_bracket_without_figures_in_an_item():
    r = page("<h2>Side effects</h2><p>The most common side effects (affecting more than 20% of people) were nausea, a "
             "reaction (chills, fever), mostly with the first dose, and hair loss.</p>")
    assert [w for w, _ in effects(r)] == ["Nausea", "Reaction (chills, fever)", "Hair loss"]
    assert all(e.incidence.value == 20 and e.incidence.comparator == ">" for e in r.side_effects)


def test_near_miss_a_figure_inside_an_item_bracket_is_no_band_list():
    # 'nausea (45%)': the item's own figure; the band is not each item's, and the sentence is read another way
    r = page("<h2>Side effects</h2><p>The most common side effects (affecting more than 20% of people) were nausea "
             "(45%) and hair loss (30%).</p>")
    assert effects(r) == [("Nausea", Decimal(45)), ("Hair loss", Decimal(30))]
