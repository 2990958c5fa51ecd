"""Markup and phrase forms of the ninth breadth round, read on small pages, each with its near misses: a word
processor's table (every cell one paragraph), Word's Title style as the page title, a discontinuation rate out of a
hundred, a clause with no dose after a ';' inside a table cell."""
from __future__ import annotations

from decimal import Decimal

from helpers import adms, small_blocks, small_page
from regimen_fhir.model import Regimen


page, blocks = small_page, small_blocks


SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


# -- a word processor's table: every cell one paragraph -----------------------------------------------------------

def _cell(text: str, bold: bool = False) -> str:
    inner = f"<b><span>{text}</span></b>" if bold else f"<span>{text}</span>"
    return f"<td class=cell><p class=MsoNormal>{inner}<o:p></o:p></p></td>"


WORD_TABLE = ("<h2>Your treatment plan</h2><p class=MsoNormal>Each cycle is <b>21&nbsp;days</b>.</p>"
              "<p class=MsoNormal><b><span>Cycles 1 to 6</span></b></p><table class=MsoTableGrid>"
              "<tr>" + "".join(_cell(c, True) for c in ("Medicine", "Dose", "How", "When")) + "</tr>"
              "<tr>" + "".join(_cell(c) for c in ("Rituximab", "375&nbsp;mg/m<sup>2</sup>", "IV drip", "Day&nbsp;1")) + "</tr>"
              "<tr>" + "".join(_cell(c) for c in ("Prednisone", "100&nbsp;mg", "Tablets by mouth", "Days&nbsp;1&#8211;5"))
              + "</tr></table>")


def test_word_table_cells_of_one_paragraph_are_rows_of_data():
    rows = [b for b in blocks(WORD_TABLE) if b.tag == "tr"]
    assert [b.cells for b in rows][:2] == [("Medicine", "Dose", "How", "When"),
                                           ("Rituximab", "375 mg/m2", "IV drip", "Day 1")]
    r = page(WORD_TABLE)
    got = {a.drug: (a.dose.value, a.dose.unit, a.route, a.days) for a in adms(r)}
    assert got["rituximab"] == (Decimal("375"), "mg/m2", "intravenous", [1])
    assert got["prednisone"] == (Decimal("100"), "mg", "oral", [1, 2, 3, 4, 5])
    assert [p.label for p in r.phases] == ["Cycles 1 to 6"] and r.phases[0].count == 6


def test_near_miss_a_layout_table_of_two_columns_stays_layout():
    # two cells, paragraphs in each: page layout, its paragraphs read one by one
    body = ("<table><tr><td><p>Cisplatin 75 mg/m2 IV on day 1</p></td><td><p>Every 21 days.</p></td></tr></table>")
    assert not [b for b in blocks(body) if b.tag == "tr"]


def test_near_miss_a_cell_with_two_paragraphs_is_layout():
    body = ("<table><tr><td><p>Cisplatin</p><p>75 mg/m2</p></td><td><p>IV</p></td><td><p>Day 1</p></td></tr></table>")
    assert not [b for b in blocks(body) if b.tag == "tr"]


def test_near_miss_a_cell_holding_a_list_is_layout():
    body = ("<table><tr><td><p>Drugs</p></td><td><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul></td>"
            "<td><p>Note</p></td></tr></table>")
    assert not [b for b in blocks(body) if b.tag == "tr"]


# -- Word's Title style --------------------------------------------------------------------------------------------

def test_word_title_paragraph_is_the_page_title():
    r = page("<p class=MsoTitle><span>Polatuzumab with R-CHP (Pola-R-CHP)<o:p></o:p></span></p>" + SCHEDULE,
             title="Pola-R-CHP patient information", h1=None)
    assert r.title == "Polatuzumab with R-CHP (Pola-R-CHP)"


def test_near_miss_an_h1_wins_over_a_word_title():
    r = page("<p class=MsoTitle>Leaflet series</p>" + SCHEDULE, h1="Cisplatin")
    assert r.title == "Cisplatin"


def test_near_miss_an_ordinary_word_paragraph_is_no_title():
    r = page("<p class=MsoNormal>Leaflet series</p>" + SCHEDULE, title="Cisplatin leaflet", h1=None)
    assert r.title == "Cisplatin leaflet"


# -- a discontinuation rate out of a hundred ------------------------------------------------------------------------

def _stopped(sentence: str) -> Regimen:
    return page(SCHEDULE + f"<h2>Side effects</h2><ul><li>Nausea (40%)</li></ul><p>{sentence}</p>")


def test_n_in_100_people_stopping_is_n_percent():
    d = _stopped("About 6 in 100 people had to stop one of the medicines early because of side effects.").discontinuation
    assert d.value == Decimal("6") and not d.is_ratio


def test_near_miss_1_in_10_stopping_stays_a_ratio():
    d = _stopped("About 1 in 10 people had to stop treatment because of side effects.").discontinuation
    assert d.is_ratio and (d.numerator, d.denominator) == (1, 10) and d.value is None


# -- a clause with no dose after a ';' inside a table cell ----------------------------------------------------------

def test_clause_after_a_semicolon_in_a_cell_is_no_dose_of_its_own():
    body = ("<h2>Schedule</h2><table><tr><th>Drug</th><th>Dose</th><th>How</th><th>Day</th></tr>"
            "<tr><td>Rituximab</td><td>375 mg/m2</td><td>IV drip; if it goes well, later ones are quicker.</td>"
            "<td>Day 1</td></tr></table><p>Every 21 days.</p>")
    got = adms(page(body))
    assert [(a.drug, a.dose.value, a.days) for a in got] == [("rituximab", Decimal("375"), [1])]


def test_near_miss_a_second_dose_after_a_semicolon_is_read():
    body = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1; cisplatin 50 mg/m2 IV on day 8</li></ul>"
    got = adms(page(body + "<p>Every 21 days.</p>"))
    assert [(a.dose.value, a.days) for a in got] == [(Decimal("75"), [1]), (Decimal("50"), [8])]


# -- an NHS protocol's 'Treatment summary' table: a title row, a 'Cycle' column, a note pointing to another row -------

NHS = ("<h2>Treatment summary</h2><table><thead>"
       "<tr><th colspan='5'>Cycle length: 28 days &nbsp;·&nbsp; Number of cycles: 6</th></tr>"
       "<tr><th>Cycle</th><th>Day</th><th>Drug</th><th>Dose</th><th>Administration details</th></tr></thead><tbody>"
       "<tr><td rowspan='2'>Cycle 1</td><td>1</td><td>Obinutuzumab</td><td>100 mg IV</td><td>Over 4 hours.</td></tr>"
       "<tr><td>8 and 15</td><td>Obinutuzumab</td><td>1000 mg IV</td><td>Start at 100 mg/hour.</td></tr>"
       "<tr><td>Cycles 2 to 6</td><td>1</td><td>Obinutuzumab</td><td>1000 mg IV</td><td>As for day 8 of cycle 1.</td></tr>"
       "</tbody></table>")


def test_treatment_summary_table_with_title_row_and_cycle_column():
    r = page(NHS)
    got = {(p.label, a.dose.value, tuple(a.days)) for p in r.phases for a in p.administrations}
    assert got == {("Cycle 1", Decimal("100"), (1,)), ("Cycle 1", Decimal("1000"), (8, 15)),
                   ("Cycles 2 to 6", Decimal("1000"), (1,))}
    phases = {p.label: p for p in r.phases}
    assert phases["Cycle 1"].length.value == 28 and phases["Cycles 2 to 6"].length.value == 28
    assert (phases["Cycle 1"].count, phases["Cycles 2 to 6"].count) == (1, 5)
    assert "As for day 8 of cycle 1." in [f.text for f in r.not_mapped]
    assert "As for day 8 of cycle 1." not in [p.label for p in r.phases]


def test_near_miss_a_one_cell_row_naming_no_cycle_rule_is_no_title_row():
    body = NHS.replace("Cycle length: 28 days &nbsp;·&nbsp; Number of cycles: 6", "Obinutuzumab protocol")
    r = page(body)
    assert all(p.length is None for p in r.phases)


def test_near_miss_a_day_column_still_gives_its_days():
    body = NHS.replace("<td>1</td><td>Obinutuzumab</td><td>1000 mg IV</td>", "<td>1 and 8</td><td>Obinutuzumab</td>"
                       "<td>1000 mg IV</td>")
    r = page(body)
    later = next(p for p in r.phases if p.label == "Cycles 2 to 6")
    assert later.administrations[0].days == [1, 8]


def test_near_miss_a_phase_label_in_an_unheaded_column_is_read():
    body = ("<h2>Schedule</h2><table><tr><td>Cycle 1</td><td>Cisplatin 75 mg/m2 IV</td><td>Day 1</td></tr>"
            "<tr><td>Cycles 2 to 4</td><td>Cisplatin 50 mg/m2 IV</td><td>Day 1</td></tr></table><p>Every 21 days.</p>")
    assert {p.label for p in page(body).phases} == {"Cycle 1", "Cycles 2 to 4"}


# -- a side-effect table: 'Very common (more than 1 in 10)' rows, an effect with its own figure ----------------------

EFFECTS = (SCHEDULE + "<h2>Side effects</h2><table><thead><tr><th>How often</th><th>Side effect</th></tr></thead><tbody>"
           "<tr><td rowspan='2'>Very common (more than 1 in 10)</td><td>Infusion-related reaction (fever, chills) – about "
           "2 in 3 patients, mostly with the first infusion</td></tr><tr><td>Cough</td></tr>"
           "<tr><td>Common (1 in 100 to 1 in 10)</td><td>Tumour lysis syndrome</td></tr></tbody></table>")


def test_frequency_word_with_its_band_in_brackets_keeps_both():
    # the one rule for bands (round 10b): the band the page states is kept (a bound, a range) with its word's category
    effects = {e.term: e.incidence for e in page(EFFECTS).side_effects}
    cough = effects["Cough"]
    assert (cough.category_word, cough.value, cough.comparator) == ("very common", 10, ">")
    tls = effects["Tumour lysis syndrome"]
    assert (tls.category_word, tls.low, tls.high, tls.value) == ("common", 1, 10, None)


def test_effect_cell_with_its_own_figure_after_a_dash():
    effects = {e.term: e.incidence for e in page(EFFECTS).side_effects}
    own = effects["Infusion-related reaction (fever, chills)"]
    assert (own.numerator, own.denominator) == (2, 3) and own.category_word is None


def test_near_miss_a_band_without_a_word_stays_a_bound():
    body = EFFECTS.replace("Very common (more than 1 in 10)", "More than 1 in 10 people")
    cough = next(e for e in page(body).side_effects if e.term == "Cough").incidence
    assert cough.value == 10 and cough.comparator == ">"


def test_near_miss_a_dash_followed_by_words_is_part_of_the_effect():
    body = EFFECTS.replace("about 2 in 3 patients, mostly with the first infusion", "mostly with the first infusion")
    terms = [e.term for e in page(body).side_effects]
    assert "Infusion-related reaction (fever, chills) – mostly with the first infusion" in terms


# -- a charity's drug page: an accordion of bare buttons, a fact box, category lead-ins over a list ------------------

ACCORDION = ("<div class='accordion'><div class='accordion__item'>"
             "<button class='accordion__trigger' aria-expanded='false' aria-controls='a1'>How do I take it?</button>"
             "<div class='accordion__panel' id='a1' hidden><p>Cisplatin 75 mg/m2 IV on day 1, every 21 days.</p></div>"
             "</div><div class='accordion__item'>"
             "<button class='accordion__trigger' aria-expanded='false' aria-controls='a2'>What side effects can it cause?"
             "</button><div class='accordion__panel' id='a2' hidden><p>Nausea (40%).</p></div></div></div>")


def test_accordion_button_heads_its_panel():
    bs = {b.text: b.headings for b in blocks(ACCORDION)}
    assert bs["Nausea (40%)."][-1] == "What side effects can it cause?"
    assert "How do I take it?" not in bs  # a heading, not a paragraph
    r = page(ACCORDION)
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", Decimal("40"))]


def test_near_miss_a_tab_button_or_a_plain_button_heads_nothing():
    tab = ACCORDION.replace("class='accordion__trigger'", "class='accordion__trigger' role='tab'", 1)
    assert "How do I take it?" in {b.text for b in blocks(tab)}
    plain = ACCORDION.replace(" aria-expanded='false' aria-controls='a2'", "")
    assert "What side effects can it cause?" in {b.text for b in blocks(plain)}


FACT_BOX = ("<aside><h2>At a glance</h2><dl><dt>Type of drug</dt><dd>Targeted therapy</dd>"
            "<dt>Taken as</dt><dd>One 80 mg tablet by mouth, once a day</dd>"
            "<dt>With food?</dt><dd>With or without food</dd><dt>How long for</dt>"
            "<dd>As long as it keeps the cancer under control</dd></dl></aside>")


def test_fact_box_taken_as_is_the_title_drugs_dose():
    r = page(FACT_BOX, h1="Osimertinib (Tagrisso)")
    (a,) = adms(r)
    assert (a.drug, a.dose.value, a.dose.unit, a.route) == ("osimertinib", Decimal("80"), "mg", "oral")
    assert (a.frequency.times, a.frequency.period, a.frequency.unit) == (1, 1, "d")
    assert not r.glossary  # a fact box, not a glossary


def test_near_miss_a_fact_box_on_a_page_titled_by_two_drugs_gives_no_dose():
    r = page(FACT_BOX + SCHEDULE, h1="Osimertinib and cisplatin")
    assert {a.drug for a in adms(r)} == {"cisplatin"}


def test_near_miss_a_glossary_list_stays_a_glossary():
    body = SCHEDULE + ("<h2>Words we use</h2><dl><dt>Neutropenia</dt><dd>A low number of neutrophils, white cells that "
                       "fight infection.</dd><dt>Alopecia</dt><dd>Hair loss.</dd></dl>")
    assert len(page(body).glossary) == 2


CALLOUT = (SCHEDULE + "<h2>Side effects</h2><div class='callout'>"
           "<p><strong>Very common (more than 1 in 10 people):</strong> low white blood cell count and low platelet count, "
           "which usually cause no symptoms.</p>"
           "<p><strong>Uncommon (up to 1 in 100 people):</strong> inflammation of the cornea (keratitis) – red, painful "
           "or watery eyes.</p>"
           "<p><strong>Common (up to 1 in 10 people):</strong> numbness and tingling in the hands, which may last.</p></div>")


def test_category_with_its_band_over_a_list_before_an_aside():
    effects = {e.term: e.incidence.category_word for e in page(CALLOUT).side_effects}
    assert effects["Low white blood cell count"] == "very common"
    assert effects["Low platelet count"] == "very common"
    assert effects["Inflammation of the cornea (keratitis)"] == "uncommon"
    assert not any("watery" in t or "symptoms" in t for t in effects)


def test_near_miss_an_and_inside_one_effect_is_not_split():
    effects = {e.term for e in page(CALLOUT).side_effects}
    assert "Numbness and tingling in the hands" in effects


# -- a pharmacy chemo calendar: a single course, a route cell with its duration, effects under 'What to expect' -------

from regimen_fhir.parse import patterns as P  # noqa: E402

CALENDAR = ("<p>The whole programme is a single 5-week course (35 days); it is not repeated.</p>"
            "<h2>Your calendar</h2><table><thead><tr><th>Medicine</th><th>Dose</th><th>How it is given</th>"
            "<th>Day 1</th><th>Day 8</th></tr></thead><tbody>"
            "<tr><td>Paclitaxel</td><td>50 mg/m2</td><td>drip into a vein, 1 hour</td><td>✔</td><td>✔</td></tr>"
            "<tr><td>Carboplatin</td><td>AUC 2</td><td>drip into a vein</td><td>✔</td><td>✔</td></tr></tbody></table>"
            "<h2>What to expect</h2><p>Most people manage well. Common effects, usually mild: painful swallowing, nausea, "
            "and hair thinning.</p><p>In the trial behind this treatment, serious (grade 3 or worse) problems were "
            "uncommon: a low white cell count in 6 out of 100 people, loss of appetite in 5 out of 100 and tiredness in "
            "3 out of 100.</p><p>Calendar prepared: 02/2021 · Checked by oncology pharmacist: 17 Oct 2024.</p>")


def test_single_course_is_one_cycle_of_its_length():
    assert P.cycle_length("The whole programme is a single 5-week course (35 days).") .value == 35
    assert P.cycle_count("It is a single 5-week course; it is not repeated.") == (1, None)
    assert P.cycle_length("It is a single 6-week course.") == P.cycle_length("every 6 weeks")
    (phase,) = page(CALENDAR).phases
    assert (phase.length.value, phase.length.unit, phase.count) == (Decimal("35"), "d", 1)


def test_near_miss_a_course_without_single_gives_no_count():
    assert P.cycle_count("Radiotherapy is a 5-week course alongside.") is None


def test_route_cell_with_a_bare_duration():
    got = {a.drug: a.infusion for a in adms(page(CALENDAR))}
    assert (got["paclitaxel"].value, got["paclitaxel"].unit) == (Decimal("1"), "h")
    assert got["carboplatin"] is None


def test_near_miss_a_duration_in_a_cell_naming_no_route_is_no_infusion():
    body = CALENDAR.replace("drip into a vein, 1 hour", "on the unit, 1 hour")
    assert {a.drug: a.infusion for a in adms(page(body))}["paclitaxel"] is None


def test_effects_outside_a_known_section_read_by_their_lead():
    effects = {e.term: e.incidence for e in page(CALENDAR).side_effects}
    assert {t for t, i in effects.items() if i.category_word == "common"} == {"Painful swallowing", "Nausea",
                                                                               "Hair thinning"}
    assert (effects["Low white cell count"].numerator, effects["Low white cell count"].denominator) == (6, 100)
    assert (effects["Tiredness"].numerator, effects["Tiredness"].denominator) == (3, 100)


def test_near_miss_a_figured_list_with_an_item_lacking_its_figure_is_not_read():
    body = CALENDAR.replace("loss of appetite in 5 out of 100", "loss of appetite")
    terms = {e.term for e in page(body).side_effects}
    assert "Tiredness" not in terms and "Low white cell count" not in terms


def test_near_miss_a_what_to_expect_paragraph_without_effects_stays_unread():
    r = page(SCHEDULE + "<h2>What to expect</h2><p>Most people manage this treatment well.</p>")
    assert not r.side_effects
    assert "Most people manage this treatment well." in [f.text for f in r.not_mapped]


def test_checked_by_someone_is_the_update_date():
    dates = P.find_dates("Calendar prepared: 02/2021 · Checked by oncology pharmacist: 17 Oct 2024.")
    assert str(dates["updated"]) == "2024-10-17"


def test_near_miss_checked_without_a_colon_and_date_is_no_date():
    assert P.find_dates("Checked by the nurse before each cycle.") == {}


# -- a static-site post: "How it's given", a Markdown table, a cap tip, a byline date, advice after an effect ----------

POST = ("<article><header class='post-header'><h1>EV and P</h1><p class='post-meta'><time datetime='2024-04-22T00:00:00+00:00'>"
        "April 22, 2024</time> · 4 min read</p></header>"
        "<h2>How it’s given</h2><p>A cycle lasts 3 weeks.</p><table><thead><tr><th>Drug</th><th>Dose</th><th>Infusion</th>"
        "<th>Cycle day(s)</th></tr></thead><tbody><tr><td>Enfortumab vedotin</td><td>1.25 mg/kg (max 125 mg)</td>"
        "<td>IV, 30 min</td><td>1 &amp; 8</td></tr></tbody></table>"
        "<blockquote><p><strong>Tip:</strong> people weighing more than 100 kg still get 125 mg of enfortumab vedotin – "
        "that is the cap.</p></blockquote>"
        "<h2>Side effects</h2><h3>Rare but serious</h3><ul><li>severe blistering skin reactions – call your team the same "
        "day if your skin blisters</li><li>skin reactions – sometimes severe</li></ul></article>")


def test_how_its_given_table_with_infusion_and_ampersand_days():
    (a,) = adms(page(POST, h1=None))
    assert (a.drug, a.dose.value, a.days, a.cap.value) == ("enfortumab vedotin", Decimal("1.25"), [1, 8], Decimal("125"))
    assert (a.infusion.value, a.infusion.unit) == (Decimal("30"), "min")


def test_cap_sentence_is_no_administration():
    assert P.is_not_an_administration("people over 100 kg still get 125 mg of enfortumab vedotin – that is the cap.")
    assert not P.is_not_an_administration("You get 125 mg of enfortumab vedotin on day 1.")


def test_post_byline_time_is_the_creation_date():
    r = page(POST, h1=None)
    assert str(r.dates.created) == "2024-04-22"


def test_near_miss_a_time_outside_a_byline_is_no_date():
    body = POST.replace("class='post-meta'", "class='reading'")
    assert page(body, h1=None).dates.created is None


def test_advice_after_an_effect_under_a_frequency_heading_is_cut():
    effects = {e.term: e.incidence.category_word for e in page(POST, h1=None).side_effects}
    assert effects.get("severe blistering skin reactions") == "rare"


def test_near_miss_a_dash_followed_by_a_description_is_no_advice():
    terms = {e.term for e in page(POST, h1=None).side_effects}
    assert not any(t.startswith("skin reactions") and "call" in t for t in terms)
    assert "call your team the same day if your skin blisters" in [f.text for f in page(POST, h1=None).not_mapped]


# -- a FrontPage-era page: a big bold font line as title, a daily rate, a serial-comma list, a 'while your ...' clause --

FRONTPAGE = ("<p align='center'><font face='Verdana' size='5' color='#800000'><b>Hyper-CVAD (Course A)</b></font><br>"
             "<font size='2'><i>Information for patients</i></font></p>"
             "<p><font size='3'><b>The medicines in Course A</b></font></p><p><font size='2'>"
             "<b>Days 1 to 3</b> – <u>Mesna</u> 600 mg/m² a day as a continuous drip into a vein.<br>"
             "<b>Days 1–4</b> – <u>Dexamethasone</u> 40 mg by mouth once a day (tablets).</font></p>"
             "<p><font size='3'><b>Side effects</b></font></p><p><font size='2'>Common side effects include infection "
             "while your blood counts are low, hair loss, and tingling or numbness in the fingers and toes.</font></p>")


def test_big_bold_font_line_is_the_title_without_h1():
    assert page(FRONTPAGE, title="Unit - Patient Info - Hyper-CVAD A", h1=None).title == "Hyper-CVAD (Course A)"


def test_near_miss_a_big_font_that_is_not_bold_is_no_title():
    body = FRONTPAGE.replace("<b>Hyper-CVAD (Course A)</b>", "Hyper-CVAD (Course A)")
    assert page(body, title="Hyper-CVAD A | Unit", h1=None).title == "Hyper-CVAD A"


def test_near_miss_an_h1_wins_over_a_big_font():
    assert page(FRONTPAGE, h1="Hyper-CVAD").title == "Hyper-CVAD"


def test_a_day_in_a_continuous_drip_is_a_daily_rate():
    got = {a.drug: a.dose for a in adms(page(FRONTPAGE, h1=None))}
    assert (got["mesna"].value, got["mesna"].unit) == (Decimal("600"), "mg/m2/d")


def test_near_miss_tablets_once_a_day_stay_a_dose():
    got = {a.drug: a.dose for a in adms(page(FRONTPAGE, h1=None))}
    assert (got["dexamethasone"].value, got["dexamethasone"].unit) == (Decimal("40"), "mg")


def test_serial_comma_list_keeps_an_and_inside_its_last_item():
    terms = {e.term for e in page(FRONTPAGE, h1=None).side_effects}
    assert "Tingling or numbness in the fingers and toes" in terms and "Toes" not in terms


def test_near_miss_a_list_without_serial_comma_still_splits_at_its_last_and():
    body = FRONTPAGE.replace("hair loss, and tingling or numbness in the fingers and toes", "hair loss and nausea")
    assert {"Hair loss", "Nausea"} <= {e.term for e in page(body, h1=None).side_effects}


def test_an_effect_with_a_clause_saying_when_may_say_your():
    terms = {e.term for e in page(FRONTPAGE, h1=None).side_effects}
    assert "Infection while your blood counts are low" in terms


def test_near_miss_a_clause_of_your_own_is_still_no_effect_name():
    body = FRONTPAGE.replace("Common side effects include infection while your blood counts are low, hair loss, and",
                             "Common side effects include your risk of infection, hair loss, and")
    assert not any("risk" in e.term for e in page(body, h1=None).side_effects)
