"""Markup and phrase forms of the side-effect round (six training pages: FOLFOXIRI, carboplatin + etoposide,
lurbinectedin, trastuzumab deruxtecan, VAC, ibrutinib + rituximab), read on small pages, each with its near misses:
an effect named by the heading over its text (accordion button, card title, definition term) with the figure at the
start of the text; comparison tables whose regimen column is told by its header; "figures are percentages" over a
table of bare numbers; footnote markers; frequency bands ("More than 1 in 10 people") beside comma lists; "Less
commonly, people get X, Y or Z"; a chemo calendar with ticks; a table with a column per drug and a row per phase;
drug cards whose route and days are on lines of their own; a route said once for all drugs; a dose line on a
page whose title names one drug."""
from __future__ import annotations

from decimal import Decimal

from helpers import adms, small_page
from regimen_fhir.model import Regimen


page = small_page


SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


def effects(body: str, h1: str = "X") -> Regimen:
    return page(SCHEDULE + body, h1=h1)


def found(r: Regimen) -> dict:
    return {e.term: (e.incidence.value if e.incidence.value is not None else e.incidence.category_word)
            for e in r.side_effects}


def not_mapped(r: Regimen) -> list[tuple[str, str]]:
    return [(f.reason, f.text) for f in r.not_mapped]


# -- an effect named by the heading over its text -----------------------------------------------------------------

ACCORDION = ('<h2>Side effects</h2><div class="acc">'
             '<div class="item"><h3><button aria-expanded="false">Tiredness (fatigue)<span aria-hidden="true">+</span>'
             '</button></h3><div role="region" hidden><p>Most people (around 77%) feel more tired than usual. '
             'Gentle exercise can help.</p></div></div>'
             '<div class="item"><h3><button>Cough<span aria-hidden="true">+</span></button></h3>'
             '<div role="region"><p>One in five (20%).</p></div></div>'
             '<div class="item"><h3><button>Constipation</button></h3><div role="region"><p>31%.</p></div></div></div>')


def test_accordion_button_names_the_effect_and_the_panel_gives_the_figure():
    r = effects(ACCORDION)
    assert found(r) == {"Tiredness (fatigue)": Decimal(77), "Cough": Decimal(20), "Constipation": Decimal(31)}
    # the rest of the panel is reported, with the heading it speaks of
    assert ("about the side effect named in the heading; no structured element", "Gentle exercise can help.") \
        in not_mapped(r)


def test_a_text_under_an_effect_heading_that_names_its_own_effect_is_read_as_before():
    r = effects('<h2>Side effects</h2><h3>Blood problems</h3><p>Low platelets affected 33% of people.</p>')
    assert found(r) == {"Low platelets": Decimal(33)}  # not 'Blood problems'


def test_a_frequency_heading_is_a_group_not_an_effect():
    r = effects('<h2>Side effects</h2><h3>Common</h3><p>Very common (more than 1 in 10).</p>')
    assert found(r) == {}  # and the line is reported
    assert ("side-effect text not understood", "Very common (more than 1 in 10).") in not_mapped(r)


def test_card_title_names_the_effect_and_the_text_opens_with_its_frequency():
    r = effects('<h2>Side effects</h2>'
                '<div class="card"><div class="card-body"><h4 class="card-title">Hair loss</h4>'
                '<p class="card-text"><strong>Very common.</strong> It grows back after treatment.</p></div></div>'
                '<div class="card"><div class="card-body"><h4 class="card-title">Blood in the urine</h4>'
                '<p class="card-text"><strong>Uncommon</strong> (up to 1 in 100), because mesna protects the '
                'bladder.</p></div></div>')
    assert found(r) == {"Hair loss": "very common", "Blood in the urine": 1}  # a bare word; the band it states
    blood = next(e.incidence for e in r.side_effects if e.term == "Blood in the urine")
    assert (blood.comparator, blood.category_word) == ("<=", "uncommon")


def test_definition_list_of_effects_is_no_glossary():
    r = effects('<h2>Side effects</h2><h3>Less common but important</h3><dl>'
                '<dt>Low neutrophil count</dt><dd>42.8% of people; it can make infections more likely.</dd>'
                '<dt>Lung inflammation (interstitial lung disease)</dt><dd>10.5% of people in the trial.</dd></dl>')
    assert found(r) == {"Low neutrophil count": Decimal("42.8"),
                        "Lung inflammation (interstitial lung disease)": Decimal("10.5")}
    assert r.glossary == []


def test_a_definition_list_of_words_stays_a_glossary():
    r = effects('<h2>Words we use</h2><dl><dt>Neutrophils</dt><dd>White blood cells that fight infection.</dd>'
                '<dt>Alopecia</dt><dd>Hair loss, which may be partial or complete.</dd></dl>')
    assert [t.term for t in r.glossary] == ["Neutrophils", "Alopecia"]


# -- comparison tables ----------------------------------------------------------------------------------------------

def test_the_column_named_after_the_regimen_is_its_figure():
    r = effects('<h2>Side effects</h2><table><thead><tr><th>Severe side effect</th><th>FOLFOXIRI</th><th>FOLFIRI</th>'
                '</tr></thead><tbody><tr><td>Low neutrophils*</td><td>50%</td><td>28%</td></tr>'
                '<tr><td>Nerve damage (numbness, tingling)&dagger;</td><td>2%</td><td>0%</td></tr></tbody></table>'
                '<p><small>* Your blood count is checked before every cycle.</small></p>', h1="FOLFOXIRI")
    assert found(r) == {"Low neutrophils": Decimal(50), "Nerve damage (numbness, tingling)": Decimal(2)}
    assert any(reason.startswith("a footnote") for reason, _ in not_mapped(r))


def test_two_arm_columns_neither_named_after_the_regimen_are_not_guessed():
    r = effects('<h2>Side effects</h2><table><tr><th>Side effect</th><th>Arm A</th><th>Arm B</th></tr>'
                '<tr><td>Nausea</td><td>50%</td><td>28%</td></tr></table>', h1="FOLFOXIRI")
    assert found(r) == {}
    assert any("several percentage columns" in reason for reason, _ in not_mapped(r))


TWO_ROW_HEADER = ('<h2>Side effects</h2><p>Figures are the percentage of people who had each side effect.</p>'
                  '<table><thead><tr><th rowspan="2">Side effect</th><th colspan="2">Trastuzumab deruxtecan (257 people)</th>'
                  '<th colspan="2">Trastuzumab emtansine (261 people)</th></tr>'
                  '<tr><th>All grades</th><th>Grade 3–4</th><th>All grades</th><th>Grade 3–4</th></tr></thead>'
                  '<tbody><tr><td>Nausea</td><td>76</td><td>7</td><td>30</td><td>0.4</td></tr>'
                  '<tr><td>Tiredness (fatigue)*</td><td>49</td><td>6</td><td>35</td><td>0.8</td></tr></tbody></table>')


def test_a_drug_header_spanning_all_grades_and_grade_3_4_and_bare_numbers_said_to_be_percentages():
    r = effects(TWO_ROW_HEADER, h1="Trastuzumab deruxtecan (Enhertu)")
    assert found(r) == {"Nausea": Decimal(76), "Tiredness (fatigue)": Decimal(49)}


def test_bare_numbers_without_a_word_that_they_are_percentages_are_not_read():
    r = effects(TWO_ROW_HEADER.replace("<p>Figures are the percentage of people who had each side effect.</p>", ""),
                h1="Trastuzumab deruxtecan (Enhertu)")
    assert found(r) == {}


# -- frequency bands and lists ---------------------------------------------------------------------------------------

def test_frequency_band_table_with_comma_lists():
    # a band is a bound ('more than 1 in 10' is > 10 %), given to each effect of the list beside it
    r = effects('<h2>Side effects</h2><table><thead><tr><th>How often</th><th>Side effects</th></tr></thead><tbody>'
                '<tr><td>More than 1 in 10 people</td><td>diarrhoea, aching muscles and joints and chest infections</td></tr>'
                '<tr><td>Up to 1 in 10 people</td><td>irregular heartbeat (atrial fibrillation), nosebleeds, blurred vision or skin cancers</td></tr>'
                '<tr><td>Up to 1 in 100 people</td><td>bleeding inside the head</td></tr></tbody></table>')
    got = {e.term: (e.incidence.value, e.incidence.comparator) for e in r.side_effects}
    assert got == {"Diarrhoea": (10, ">"), "Aching muscles and joints": (10, ">"), "Chest infections": (10, ">"),
                   "Irregular heartbeat (atrial fibrillation)": (10, "<="), "Nosebleeds": (10, "<="),
                   "Blurred vision": (10, "<="), "Skin cancers": (10, "<="), "Bleeding inside the head": (1, "<=")}


def test_a_comma_in_an_effect_beside_a_figure_is_no_list():
    r = effects('<h2>Side effects</h2><table><thead><tr><th>Side effect</th><th>%</th></tr></thead><tbody>'
                '<tr><td>Pain, redness or swelling where the needle went in</td><td>15</td></tr></tbody></table>')
    assert found(r) == {"Pain, redness or swelling where the needle went in": Decimal(15)}


def test_less_commonly_people_get_a_list():
    r = effects('<h2>Possible side effects</h2><p>Less commonly, people get ringing in the ears, changes in kidney '
                'function or skin rashes.</p>')
    assert found(r) == {"Ringing in the ears": "less common", "Changes in kidney function": "less common",
                        "Skin rashes": "less common"}


def test_a_list_item_with_or_stays_one_effect():
    r = effects('<h2>Possible side effects</h2><h3>Very common (more than 1 in 10 people)</h3>'
                '<ul><li>Feeling sick or being sick</li></ul>')
    assert found(r) == {"Feeling sick or being sick": 10}  # the heading's band, '> 10 %', with its word


def test_stopping_because_of_a_side_effect():
    r = effects('<h2>Side effects</h2><p>Only 2 of the 105 people (1.9%) had to stop lurbinectedin for good because '
                'of a side effect.</p>')
    assert r.discontinuation.value == Decimal("1.9") and found(r) == {}


# -- schedules -----------------------------------------------------------------------------------------------------

CALENDAR = ('<h2>Your treatment calendar</h2><p>Each cycle lasts a fortnight (14 days).</p><table>'
            '<tr><th>Medicine</th><th>Day 1</th><th>Day 2</th><th>Day 3</th><th>Days 4–14</th></tr>'
            '<tr><th>Irinotecan<br><small>165 mg/m<sup>2</sup>, drip into a vein over 60 minutes</small></th>'
            '<td>&#10003;</td><td></td><td></td><td></td></tr>'
            '<tr><th>Fluorouracil<br><small>3,200 mg/m<sup>2</sup> through the pump, running for 48 hours</small></th>'
            '<td>&#10003; pump on</td><td>&rarr;</td><td>pump off</td><td></td></tr></table>')


def test_chemo_calendar_with_ticks_and_a_pump():
    r = page(CALENDAR)
    (p,) = r.phases
    assert (p.length.value, p.length.unit) == (14, "d")
    got = [(a.drug, a.dose.value, a.route, a.days, a.infusion and (a.infusion.value, a.infusion.unit)) for a in adms(r)]
    assert got == [("irinotecan", 165, "intravenous", [1], (60, "min")),
                   ("fluorouracil", 3200, "intravenous", [1], (48, "h"))]
    # the arrow carries the pump on; 'pump off' is a note, reported
    assert ("a note in a day column of the grid (no dose, no mark): not read", "pump off") in not_mapped(r)


PHASE_ROWS = ('<h2>The plan, cycle by cycle</h2><p>Treatment is counted in cycles of 28 days.</p><table>'
              '<thead><tr><th></th><th>Ibrutinib (capsules by mouth)</th><th>Rituximab (drip into a vein)</th></tr></thead>'
              '<tbody><tr><th>Cycle 1</th><td>420 mg once a day, every day</td><td>&ndash;</td></tr>'
              '<tr><th>Cycle 2</th><td>420 mg once a day, every day</td><td>50 mg/m&sup2; on day 1, then 325 mg/m&sup2; on day 2</td></tr>'
              '<tr><th>Cycles 3 to 7</th><td>420 mg once a day, every day</td><td>500 mg/m&sup2; on day 1</td></tr>'
              '<tr><th>Cycle 8 onwards</th><td>420 mg once a day, for as long as it keeps the CLL under control</td>'
              '<td>&ndash;</td></tr></tbody></table>')


def test_table_with_a_column_per_drug_and_a_row_per_phase():
    r = page(PHASE_ROWS)
    assert [(p.label, p.count, p.length.value) for p in r.phases] == [
        ("Cycle 1", 1, 28), ("Cycle 2", 1, 28), ("Cycles 3 to 7", 5, 28), ("Cycle 8 onwards", None, 28)]
    c2 = r.phases[1].administrations
    assert [(a.drug, a.dose.value, a.route, a.days) for a in c2] == [
        ("ibrutinib", 420, "oral", list(range(1, 29))), ("rituximab", 50, "intravenous", [1]), ("rituximab", 325, "intravenous", [2])]
    assert r.phases[3].stop_rule and all(a.frequency.times == 1 for a in adms(r) if a.drug == "ibrutinib")


def test_a_row_of_such_a_table_that_names_no_phase_is_reported():
    r = page(PHASE_ROWS.replace("<th>Cycles 3 to 7</th>", "<th>Later</th>"))
    assert [p.label for p in r.phases] == ["Cycle 1", "Cycle 2", "Cycle 8 onwards"]
    assert any("names no phase" in reason for reason, _ in not_mapped(r))


DRUG_CARDS = ('<h2>The medicines</h2><p>VAC is given in cycles of 3 weeks.</p><div class="row">'
              '<div class="card"><div class="card-header">Vincristine</div><div class="card-body">'
              '<p>1.5 mg/m&sup2; (no more than 2 mg)</p><p>Injection into a vein, taking a few minutes</p>'
              '<p><span class="badge">Days 1, 8 and 15</span></p></div></div>'
              '<div class="card"><div class="card-header">Cyclophosphamide</div><div class="card-body">'
              '<p>1.2 g/m&sup2;</p><p>Drip into a vein over 1 hour, with mesna to protect the bladder</p>'
              '<p><span class="badge">Day 1</span></p></div></div></div>')


def test_drug_cards_with_route_and_days_on_lines_of_their_own():
    r = page(DRUG_CARDS)
    got = [(a.drug, a.dose.value, a.dose.unit, a.route, a.days, a.cap and a.cap.value,
            a.infusion and (a.infusion.value, a.infusion.unit)) for a in adms(r)]
    assert got == [("vincristine", Decimal("1.5"), "mg/m2", "intravenous", [1, 8, 15], 2, None),
                   ("cyclophosphamide", Decimal("1.2"), "g/m2", "intravenous", [1], None, (1, "h"))]
    assert any(reason.startswith("mesna named without a dose") for reason, _ in not_mapped(r))


def test_a_card_line_that_says_another_route_is_reported_not_taken():
    r = page(DRUG_CARDS.replace("<p>Injection into a vein, taking a few minutes</p>",
                                "<p>Injection into a vein</p><p>Into a muscle if a vein is hard to find</p>"))
    vin = next(a for a in adms(r) if a.drug == "vincristine")
    assert vin.route == "intravenous"
    assert any("route differs" in reason for reason, _ in not_mapped(r))


DAY_HEADINGS = ('<h2>How is it given?</h2><p>You have the drugs through a drip into a vein. Each cycle takes three weeks '
                '(21 days).</p><h4>Day 1</h4><p><strong>Carboplatin</strong> – AUC 5, given over 30 to 60 minutes</p>'
                '<h4>Day 1-3</h4><p><strong>Etoposide</strong> 100 mg/m&sup2; over 1 hour</p>')


def test_a_route_said_once_for_all_the_drugs_of_the_section():
    r = page(DAY_HEADINGS)
    assert [(a.drug, a.route, a.days) for a in adms(r)] == [("carboplatin", "intravenous", [1]),
                                                           ("etoposide", "intravenous", [1, 2, 3])]


def test_a_drug_with_its_own_route_keeps_it():
    r = page(DAY_HEADINGS.replace("100 mg/m&sup2; over 1 hour", "100 mg/m&sup2; capsules by mouth"))
    assert [(a.drug, a.route) for a in adms(r)] == [("carboplatin", "intravenous"), ("etoposide", "oral")]


def test_a_route_sentence_about_one_drug_is_not_shared():
    r = page(DAY_HEADINGS.replace("You have the drugs through a drip into a vein.", "You have it through a drip."))
    assert [(a.drug, a.route) for a in adms(r)] == [("carboplatin", None), ("etoposide", None)]


def test_a_dose_line_naming_no_drug_on_a_page_about_one_drug():
    r = page('<h2>Your treatment plan</h2><p>You receive <strong>3.2 mg/m&sup2;</strong> as an IV infusion over 60 '
             'minutes. This is repeated once every 21 days, for as long as it is controlling the cancer.</p>',
             h1="Lurbinectedin (Zepzelca&trade;)")
    (p,) = r.phases
    (a,) = p.administrations
    assert (a.drug, a.dose.value, a.route, a.infusion.value) == ("lurbinectedin", Decimal("3.2"), "intravenous", 60)
    assert (p.length.value, p.count) == (21, None) and p.stop_rule


def test_a_bare_dose_statement_or_a_title_with_two_drugs_gives_no_dose_line():
    r = page('<h2>Your treatment plan</h2><p>Lurbinectedin 3.2 mg/m2 IV on day 1 every 21 days. The dose is 3.2 mg '
             'for each square metre.</p>', h1="Lurbinectedin")
    assert len(adms(r)) == 1
    r = page('<h2>Your treatment plan</h2><p>Cisplatin 75 mg/m2 IV on day 1. You also have 100 mg/m2 as an IV '
             'infusion on days 1 to 3.</p>', h1="Cisplatin and etoposide")
    assert [a.drug for a in adms(r)] == ["cisplatin"]


def test_a_bar_of_links_with_a_title_class_is_no_heading():
    r = page('<div class="header"><a href="/">Trust</a> <a href="/search">Search</a> | <a href="#">Print</a></div>'
             + SCHEDULE + '<h2>Side effects</h2><p>Nausea (40%)</p>')
    assert all("Trust" not in (e.location.section or "") for e in r.side_effects)
    assert found(r) == {"Nausea": Decimal(40)}


def test_details_summary_names_the_effect_too():
    r = effects('<h2>Side effects</h2><details><summary>Feeling sick</summary><p>About 4 in 10 people (40%). Anti-sickness '
                'tablets help.</p></details><details><summary>How to get help</summary><p>Call the hotline.</p></details>')
    assert found(r) == {"Feeling sick": Decimal(40)}
    assert ("side-effect text not understood", "Call the hotline.") in not_mapped(r)


def test_the_regimen_column_may_be_worded_with_on_or_arm():
    for header in ("With FOLFOXIRI", "Patients on FOLFOXIRI", "FOLFOXIRI arm", "FOLFOXIRI (n=122)"):
        r = effects(f'<h2>Side effects</h2><table><tr><th>Side effect</th><th>{header}</th><th>With FOLFIRI</th></tr>'
                    '<tr><td>Diarrhoea</td><td>20%</td><td>12%</td></tr></table>', h1="FOLFOXIRI")
        assert found(r) == {"Diarrhoea": Decimal(20)}, header


def test_an_arrow_in_the_calendar_is_understood_not_dropped():
    r = page(CALENDAR)
    assert any(f.text == "→" for f in r.understood)
