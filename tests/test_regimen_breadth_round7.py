"""Markup and phrase forms of the seventh breadth round, read on small pages, each with its near misses: phases
named "Part N" / "Cycles one to four", counts as "four times in all" and "twelve weekly doses", the days of a list
said in the sentence over it, drug names as headings over dose lines that name no drug, a ramp-up table with the
drug only in its header, an effect named in a bold lead-in with its figure in the prose, discontinuation worded
"led N % of people to stop", tablet strengths that are no dose, and headings in bold inside <font>."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, reasons, small_page
from regimen_fhir.model import Regimen


page = small_page


SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


def effects_page(body: str) -> Regimen:
    """A page with a one-line schedule and the side-effect markup under test."""
    return page(SCHEDULE + body)


# -- phases named "Part N", cycles in words ------------------------------------------------------------------

EC_P = ("<h2>How your treatment is planned</h2>"
        "<h3>Part 1: EC (cycles one to four)</h3><p>On day one of each cycle you have:</p>"
        "<ul><li>Epirubicin – 90 milligrams per square metre, as a slow injection into a vein</li>"
        "<li>Cyclophosphamide – 600 mg/m2 as a drip into a vein over about 30 minutes</li></ul>"
        "<p>You have EC every 3 wks, four times in all.</p>"
        "<h3>Part 2: weekly paclitaxel</h3><p>Then paclitaxel, 80 mg/m2 as a drip into a vein over one hour, on day one "
        "of each week. You have twelve weekly doses.</p>")


def test_part_headings_are_phases_with_their_own_cycles():
    r = page(EC_P)
    assert [p.label for p in r.phases] == ["Part 1: EC (cycles one to four)", "Part 2: weekly paclitaxel"]
    p1, p2 = r.phases
    assert (p1.length.value, p1.length.unit, p1.count, p1.first_cycle) == (3, "wk", 4, 1)
    assert (p2.length.value, p2.length.unit, p2.count) == (1, "wk", 12)
    assert [a.drug for a in p1.administrations] == ["epirubicin", "cyclophosphamide"]
    assert [a.drug for a in p2.administrations] == ["paclitaxel"]


def test_days_said_over_the_list_under_a_phase_heading_are_the_days_of_its_lines():
    r = page(EC_P)
    assert all(a.days == [1] for a in r.phases[0].administrations)
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


@pytest.mark.parametrize("heading", ["Part A: induction chemotherapy", "Block 2", "The second part", "Part II"])
def test_part_and_block_headings_name_phases(heading):
    r = page(f"<h2>Schedule</h2><h3>Part 1: first drugs</h3><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul>"
             f"<h3>{heading}</h3><ul><li>Etoposide 100 mg/m2 IV on days 1 to 3</li></ul><p>Every 21 days.</p>")
    assert [p.label for p in r.phases] == ["Part 1: first drugs", heading]


@pytest.mark.parametrize("heading", ["Partial response", "Parts of the body", "Part of your treatment"])
def test_part_near_misses_are_no_phase(heading):
    r = page(f"<h2>Schedule</h2><h3>{heading}</h3><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    assert [p.label for p in r.phases] == ["Treatment cycles"]


# -- drug names as headings over dose lines --------------------------------------------------------------------

IRD = ("<h2>What to expect</h2><p>A cycle is 28 days, and cycles carry on back to back.</p>"
       '<div class="row"><div class="card"><div class="card-body"><h5 class="card-title">Ixazomib</h5>'
       '<p class="card-text">One 4 mg capsule by mouth on days 1, 8 and 15. Take it on an empty stomach.</p></div></div>'
       '<div class="card"><div class="card-body"><h5 class="card-title">Lenalidomide (Revlimid®)</h5>'
       '<p class="card-text">25 mg capsule once daily on days 1–21, then 7 days off.</p></div></div>'
       '<div class="card"><div class="card-body"><h5 class="card-title">Dexamethasone tablets</h5>'
       '<p class="card-text">40 mg by mouth on days 1, 8, 15 and 22, with breakfast.</p></div></div></div>')


def test_card_titles_naming_a_drug_give_the_drug_of_the_lines_under_them():
    r = page(IRD)
    got = {a.drug: (a.dose.value, a.dose.unit, a.route, a.days) for a in adms(r)}
    assert got == {"ixazomib": (Decimal(4), "mg", "oral", [1, 8, 15]),
                   "lenalidomide": (Decimal(25), "mg", "oral", list(range(1, 22))),
                   "dexamethasone": (Decimal(40), "mg", "oral", [1, 8, 15, 22])}
    assert r.phases[0].length.value == 28
    ixa = next(a for a in adms(r) if a.drug == "ixazomib")
    assert ixa.instruction and "empty stomach" in ixa.instruction
    assert not [f for f in r.findings if f.code == "no-schedule"]


@pytest.mark.parametrize("heading", ["<h4>Ixazomib (Ninlaro)</h4>", "<p><strong>Ixazomib</strong></p>",
                                     '<div class="box-title">Ixazomib capsules</div>'])
def test_other_headings_naming_only_a_drug(heading):
    r = page(f"<h2>Schedule</h2>{heading}<p>4 mg by mouth on days 1, 8 and 15</p><p>Every 28 days.</p>")
    assert [(a.drug, a.days) for a in adms(r)] == [("ixazomib", [1, 8, 15])]


@pytest.mark.parametrize("heading", ["About ixazomib", "Side effects of ixazomib", "Ixazomib and lenalidomide",
                                     "How to store your capsules"])
def test_a_heading_that_is_not_only_a_drug_name_gives_no_drug(heading):
    r = page(f"<h2>What to expect</h2><h5>{heading}</h5><p>One 4 mg capsule on days 1, 8 and 15.</p>")
    assert adms(r) == []


def test_tablet_strengths_under_a_drug_heading_are_no_dose():
    r = page("<h2>What to expect</h2><h5>Ixazomib</h5><p>It comes as 2.3 mg, 3 mg and 4 mg capsules.</p>"
             "<p>One 4 mg capsule by mouth on days 1, 8 and 15.</p><p>Every 28 days.</p>")
    assert [(a.dose.value, a.days) for a in adms(r)] == [(Decimal(4), [1, 8, 15])]
    assert any("strengths" in x for x in reasons(r))


# -- a ramp-up table with the drug only in the header ----------------------------------------------------------

RAMP = ("<h2>Your treatment plan</h2><h3>Cycle 1 (ramp-up)</h3>"
        "<table><thead><tr><th>Day</th><th>Venetoclax (tablets, by mouth, with a meal)</th></tr></thead><tbody>"
        "<tr><td>Day 1</td><td>100 mg</td></tr><tr><td>Day 2</td><td>200 mg</td></tr>"
        "<tr><td>Day 3 to day 28</td><td>400 mg once a day</td></tr></tbody></table>"
        "<p>Azacitidine 75 mg/m2 by injection under the skin on days 1 to 7.</p><p>Every cycle lasts 28 days.</p>")


def test_a_ramp_up_table_with_the_drug_in_its_header():
    r = page(RAMP)
    ven = [(a.dose.value, a.route, a.days[0], a.days[-1]) for a in adms(r) if a.drug == "venetoclax"]
    assert ven == [(Decimal(100), "oral", 1, 1), (Decimal(200), "oral", 2, 2), (Decimal(400), "oral", 3, 28)]
    assert all(a.drug in ("venetoclax", "azacitidine") for a in adms(r))


def test_a_day_cell_is_never_taken_for_a_drug():
    # no header naming the drug: the rows are reported, not read with "Day 1" as the drug
    r = page("<h2>Schedule</h2><table><tr><td>Day 1</td><td>100 mg</td></tr><tr><td>Day 2</td><td>200 mg</td></tr></table>")
    assert adms(r) == []
    assert any("table row" in x for x in reasons(r))


def test_a_data_row_with_one_drug_cell_is_no_header():
    r = page("<h2>Schedule</h2><table><tr><th>Day</th><th>Drug</th><th>Dose</th></tr>"
             "<tr><td>1</td><td>Cisplatin</td><td>100 mg/m2 IV</td></tr>"
             "<tr><td>1 - 4</td><td>Dexamethasone</td><td>40 mg by mouth</td></tr></table><p>Every 21 days.</p>")
    assert {a.drug: a.days for a in adms(r)} == {"cisplatin": [1], "dexamethasone": [1, 2, 3, 4]}


# -- side effects ----------------------------------------------------------------------------------------------

def test_effect_named_in_a_bold_lead_in_with_one_figure_in_the_prose():
    r = effects_page("<h2>Possible side effects</h2><h4>Uncommon (up to 1 in 100 people)</h4><ul><li>Heart damage</li></ul>"
             "<p><b>Numbness or tingling in the hands and feet:</b> this comes from the paclitaxel. It becomes moderate "
             "or severe in about 27 in 100 people. Tell us early.</p>")
    e = next(e for e in r.side_effects if e.wording.startswith("Numbness"))
    assert (e.incidence.numerator, e.incidence.denominator, e.group) == (27, 100, None)
    assert "Tell us early." in [f.text for f in r.not_mapped]


@pytest.mark.parametrize("prose", ["it affects 27 % of people, against 12 % on the other arm.",
                                   "tell us if it happens.", "about 1 in 10 people, and 2 in 100 badly."])
def test_a_lead_in_without_exactly_one_figure_is_not_read_as_one_effect(prose):
    r = effects_page(f"<h2>Possible side effects</h2><p><b>Numbness:</b> {prose}</p>")
    assert not [f for f in r.understood if f.reason.startswith("side effect named in the lead-in")]
    assert not [e for e in r.side_effects if e.wording == "Numbness" and e.incidence.is_ratio]


def test_ratio_range_per_hundred_is_a_percent_range():
    r = effects_page("<h2>Side effects</h2><ul><li>Kidney damage – 28 to 36 in every 100 patients</li></ul>")
    e = r.side_effects[0]
    assert (e.wording, e.incidence.low, e.incidence.high) == ("Kidney damage", 28, 36)


def test_ratio_range_of_another_base_is_not_cut_to_one_end():
    r = effects_page("<h2>Side effects</h2><ul><li>Kidney damage – 2 to 3 in 10 people</li></ul>")
    assert not [e for e in r.side_effects if e.incidence.numerator == 3]
    assert r.side_effects == [] or r.side_effects[0].incidence.numerator is None


@pytest.mark.parametrize("sentence, value", [
    ("Side effects led 24 % of people to stop venetoclax for good.", 24),
    ("Toxicity made 8% of patients stop treatment.", 8),
    ("About 5% came off treatment because of side effects.", 5),
])
def test_discontinuation_wordings(sentence, value):
    r = effects_page(f"<h2>Side effects</h2><p>{sentence}</p>")
    assert r.discontinuation is not None and r.discontinuation.value == value


def test_discontinuation_near_miss_dose_reductions():
    r = effects_page("<h2>Side effects</h2><p>Side effects led to dose reductions in 30% of people.</p>")
    assert r.discontinuation is None


# -- tablet strengths, headings in <font>, dates ---------------------------------------------------------------

def test_tablet_strengths_in_a_schedule_are_no_dose():
    r = page("<h2>Your treatment plan</h2><ul><li>Capecitabine 830 mg/m2 tablets twice a day on days 1 to 21</li></ul>"
             "<p>Your dose is worked out from your size, so you may take a mix of 150 mg and 500 mg tablets.</p>"
             "<p>Every 28 days.</p>")
    assert [(a.drug, a.dose.value) for a in adms(r)] == [("capecitabine", Decimal(830))]
    assert any("strengths" in x for x in reasons(r))


def test_bold_text_inside_font_is_a_heading():
    r = effects_page('<p><font color="#003366" size="3"><b>Side effects</b></font></p><ul><li>Nausea – 40%</li></ul>'
             '<p><font size="3">Some <b>bold</b> words</font></p>')
    assert [(e.wording, e.incidence.value) for e in r.side_effects] == [("Nausea", 40)]
    # a paragraph with only some words in bold stays a paragraph (reported as text), not a heading
    assert any(f.text == "Some bold words" for f in r.not_mapped + r.understood)


@pytest.mark.parametrize("line, created, updated", [
    ("Leaflet ref. HAEM-117 | Issued: Aug 2017 | Last revised: 2023-02-14", "2017-08", "2023-02-14"),
    ("Issue date: 12.01.2023 | Review date: 12.01.2025", None, "2023-01-12"),
    ("Date of issue: 5 May 2020 · Updated: 1 June 2022", "2020-05-05", "2022-06-01"),
])
def test_issue_date_beside_a_revision_date_is_the_creation(line, created, updated):
    r = page(f"<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>{line}</p>")
    assert (r.dates.created.isoformat() if r.dates.created else None) == created
    assert r.dates.updated.isoformat() == updated


def test_a_heading_naming_the_drug_over_a_day_and_dose_table():
    r = page("<h2>Your treatment plan</h2><h3>Venetoclax ramp-up</h3>"
             "<table><tr><th>Day</th><th>Dose</th></tr><tr><td>1</td><td>100 mg</td></tr>"
             "<tr><td>2</td><td>200 mg</td></tr></table><p>Every 28 days.</p>")
    assert [(a.drug, a.dose.value, a.days) for a in adms(r)] == [("venetoclax", Decimal(100), [1]),
                                                                  ("venetoclax", Decimal(200), [2])]


# -- siblings: weekly ramp-up rows, routes in the heading, stage headings -----------------------------------

WEEKLY_RAMP = ("<h2>Treatment schedule</h2><table><caption>Venetoclax dose ramp-up (tablets by mouth{daily})</caption>"
               "<tr><th>Week</th><th>{dose}</th></tr><tr><td>Week 1</td><td>20 mg</td></tr>"
               "<tr><td>Week 2</td><td>50 mg</td></tr></table>"
               "<p>Obinutuzumab 1,000 mg IV on days 1, 8 and 15.</p><p>Cycles are 28 days.</p>")


def test_week_rows_of_a_daily_ramp_up_are_the_days_of_those_weeks():
    r = page(WEEKLY_RAMP.format(daily=", once a day", dose="Dose"))
    ven = [(a.dose.value, a.route, a.days) for a in adms(r) if a.drug == "venetoclax"]
    assert ven == [(Decimal(20), "oral", list(range(1, 8))), (Decimal(50), "oral", list(range(8, 15)))]
    r = page(WEEKLY_RAMP.format(daily="", dose="Daily dose"))
    assert [a.days[-1] for a in adms(r) if a.drug == "venetoclax"] == [7, 14]


def test_week_rows_without_daily_are_reported_not_placed_on_day_1():
    r = page(WEEKLY_RAMP.format(daily="", dose="Dose"))
    assert [a.drug for a in adms(r)] == ["obinutuzumab"]
    assert reasons(r).count("a week of treatment without saying on which days: not read") == 2
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_week_cell_is_never_a_drug():
    r = page("<h2>Schedule</h2><table><tr><th>Week</th><th>Dose</th></tr><tr><td>Week 1</td><td>20 mg daily</td></tr>"
             "</table><p>Cisplatin 75 mg/m2 IV on day 1.</p><p>Every 21 days.</p>")
    assert [a.drug for a in adms(r)] == ["cisplatin"]


@pytest.mark.parametrize("first, second", [("Stage 1 – AC (4 cycles)", "Stage 2 – paclitaxel"),
                                           ("Part A", "Part B")])
def test_stage_headings_are_phases(first, second):
    r = page(f"<h2>Your treatment</h2><h3>{first}</h3><ul><li>Doxorubicin 60 mg/m2 IV day 1</li></ul>"
             f"<h3>{second}</h3><ul><li>Paclitaxel 175 mg/m2 IV day 1</li></ul><p>Every 2 weeks.</p>")
    assert [p.label for p in r.phases] == [first, second]


def test_a_disease_stage_heading_is_no_phase():
    r = page("<h2>Your treatment</h2><h3>Stage 4 breast cancer</h3><ul><li>Paclitaxel 80 mg/m2 IV day 1</li></ul>"
             "<p>Every week.</p>")
    assert [p.label for p in r.phases] == ["Treatment cycles"]


def test_card_header_naming_a_drug_and_an_instruction_under_it():
    r = page('<h2>Your medicines</h2><div class="card"><div class="card-header">Lenalidomide (Revlimid)</div>'
             '<div class="card-body"><ul><li>25 mg capsule once daily, days 1 to 21</li><li>Swallow whole with water.</li>'
             '</ul></div></div><p>Each cycle lasts 4 weeks.</p>')
    (a,) = adms(r)
    assert (a.drug, a.days[-1], a.instruction) == ("lenalidomide", 21, "with water")
    assert not any("drug it speaks of is not told" in x for x in reasons(r))


def test_headings_stating_their_own_cycle_count_are_phases():
    r = page("<h2>Your treatment plan</h2><h3>EC – 4 cycles, every 3 weeks</h3>"
             "<ul><li>Epirubicin 90 mg/m2 IV on day 1</li><li>Cyclophosphamide 600 mg/m2 IV on day 1</li></ul>"
             "<h3>Then docetaxel (3 cycles)</h3><ul><li>Docetaxel 100 mg/m2 IV over 1 hour on day 1</li></ul>"
             "<p>Docetaxel is given every 21 days.</p>")
    got = [(p.label, p.count, p.length.value, p.length.unit, p.first_cycle) for p in r.phases]
    assert got == [("EC – 4 cycles, every 3 weeks", 4, 3, "wk", 1), ("Then docetaxel (3 cycles)", 3, 21, "d", 5)]


def test_a_section_heading_with_a_cycle_length_is_no_phase():
    r = page("<h2>Schedule (28-day cycles)</h2><ul><li>Lenalidomide 25 mg by mouth days 1-21</li></ul>")
    assert [(p.label, p.length.value) for p in r.phases] == [("Treatment cycles", 28)]


@pytest.mark.parametrize("line", ["Filgrastim 5 mcg/kg SC once daily from day 6 until recovery",
                                  "Filgrastim 5 mcg/kg SC from day 6 until the white count has recovered"])
def test_from_a_day_until_a_condition_maps_the_first_day_and_reports_the_open_end(line):
    r = page(f"<h2>Treatment</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li><li>{line}</li></ul><p>Every 21 days.</p>")
    fil = next(a for a in adms(r) if a.drug == "filgrastim")
    assert fil.days == [6] and fil.route == "subcutaneous"
    assert reasons(r).count("given from day 6 until a condition: only day 6 is mapped, the days after it are not fixed") == 1
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_from_a_day_to_a_day_is_a_day_range():
    r = page("<h2>Treatment</h2><ul><li>Filgrastim 5 mcg/kg SC once daily from day 6 to day 12</li></ul>"
             "<p>Every 21 days.</p>")
    assert adms(r)[0].days == list(range(6, 13))


@pytest.mark.parametrize("sentence, value", [("Twelve percent of patients stopped treatment early because of side effects.", 12),
                                             ("Twenty-one per cent of people stopped treatment.", 21)])
def test_percent_in_words(sentence, value):
    r = effects_page(f"<h2>Side effects</h2><p>{sentence}</p>")
    assert r.discontinuation.value == value


def test_labelled_dose_fields_under_a_heading_naming_the_drug():
    r = page('<h2>How it is given</h2><div class="card"><h5 class="card-title">Ixazomib</h5><ul><li>Dose: 4 mg</li>'
             '<li>How: by mouth</li><li>Days: 1, 8 and 15</li></ul></div>'
             '<div class="card"><h5 class="card-title">Lenalidomide</h5><ul><li>Dose: 25 mg</li>'
             '<li>How: by mouth, once a day</li><li>Days: 1 to 21</li></ul></div><p>Cycle length: 28 days</p>')
    assert [(a.drug, a.dose.value, a.route, a.days[-1]) for a in adms(r)] == [
        ("ixazomib", Decimal(4), "oral", 15), ("lenalidomide", Decimal(25), "oral", 21)]


@pytest.mark.parametrize("sentence, items, word", [
    ("Common side effects include diarrhoea, rash and flu-like symptoms.", ["Diarrhoea", "Rash", "Flu-like symptoms"],
     "common"),
    ("Rare side effects are sore or watery eyes and hiccups.", ["Sore or watery eyes", "Hiccups"], "rare"),
])
def test_a_category_word_leading_a_list_of_effects(sentence, items, word):
    r = effects_page(f"<h2>Side effects</h2><p>{sentence}</p>")
    assert [(e.wording, e.incidence.category_word) for e in r.side_effects] == [(i, word) for i in items]


def test_a_category_lead_with_figures_is_not_a_category_list():
    r = effects_page("<h2>Side effects</h2><p>Common side effects include nausea (40%) and rash (12%).</p>")
    assert {e.wording: e.incidence.value for e in r.side_effects} == {"Nausea": 40, "Rash": 12}


def test_the_drug_list_after_a_colon_is_no_part_of_the_indication():
    r = page('<p class="lead">An all-oral combination for multiple myeloma that has come back after at least one earlier '
             'treatment: ixazomib (Ninlaro®), lenalidomide (Revlimid®) and dexamethasone.</p>' + IRD)
    assert [i.name for i in r.indications] == ["multiple myeloma that has come back after at least one earlier treatment"]


@pytest.mark.parametrize("heading", ['<p><span style="font-weight: bold">Side effects</span></p>',
                                     '<p style="font-weight:700">Side effects</p>', "<p><u><b>Side effects</b></u></p>"])
def test_bold_by_style_or_inside_a_wrapper_is_a_heading(heading):
    r = effects_page(f"{heading}<ul><li>Nausea – 40%</li></ul>")
    assert [(e.wording, e.incidence.value) for e in r.side_effects] == [("Nausea", 40)]


def test_a_wrapper_with_plain_words_beside_the_bold_is_no_heading():
    r = effects_page("<p><u>See <b>Side effects</b></u></p><ul><li>Nausea – 40%</li></ul>")
    assert r.side_effects == []


@pytest.mark.parametrize("sentence", ["Treatment continues for as long as it is working and you are managing well.",
                                      "Cycles carry on for as long as the myeloma stays under control.",
                                      "Maintenance goes on while it keeps the cancer under control."])
def test_open_ended_wordings_are_the_stop_rule_of_the_open_ended_phase(sentence):
    r = page(f"<h2>Your treatment plan</h2><p>Every cycle lasts 28 days. {sentence}</p>"
             "<h3>Cycle 1</h3><ul><li>Venetoclax 100 mg by mouth on day 1</li></ul>"
             "<h3>Cycle 2 onwards</h3><ul><li>Venetoclax 400 mg by mouth on days 1-28</li></ul>")
    assert [(p.label, p.count, p.stop_rule) for p in r.phases] == [("Cycle 1", 1, None),
                                                                    ("Cycle 2 onwards", None, sentence)]


def test_a_stop_rule_near_miss():
    r = page("<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days for 4 cycles.</p>"
             "<p>Keep drinking plenty of fluid as long as you feel sick.</p>")
    assert r.phases[0].stop_rule is None


def test_a_definition_list_of_drugs_and_their_doses_is_the_schedule_not_a_glossary():
    r = page("<h2>Schedule</h2><dl><dt>Ixazomib</dt><dd>4 mg by mouth on days 1, 8 and 15</dd>"
             "<dt>Dexamethasone</dt><dd>40 mg by mouth on days 1, 8, 15 and 22</dd></dl><p>Every 28 days.</p>")
    assert [(a.drug, a.days) for a in adms(r)] == [("ixazomib", [1, 8, 15]), ("dexamethasone", [1, 8, 15, 22])]
    assert r.glossary == []


def test_a_glossary_with_one_dose_among_its_definitions_stays_a_glossary():
    from regimen_fhir.parse import glossary as G
    from lxml import html as lxml_html
    root = lxml_html.fromstring("<div><dl><dt>Neutropenia</dt><dd>A low number of neutrophils.</dd>"
                                "<dt>Dose-dense</dt><dd>Giving doses closer together, e.g. 175 mg/m2 every 2 weeks.</dd>"
                                "<dt>Cycle</dt><dd>A period of treatment and rest.</dd></dl></div>")
    terms, _, _ = G.from_definition_list(root, "g.html")
    assert len(terms) == 3


def test_a_ramp_up_header_naming_the_drug_in_a_phrase():
    r = page("<h2>Your treatment plan</h2><table><thead><tr><th>Day</th><th>Daily dose of venetoclax</th></tr></thead>"
             "<tr><td>Day 1</td><td>100 mg</td></tr><tr><td>Days 3–28</td><td>400 mg</td></tr></table>"
             "<p>Every cycle lasts 28 days.</p>")
    assert [(a.drug, a.dose.value, a.days[0], a.days[-1]) for a in adms(r)] == [
        ("venetoclax", Decimal(100), 1, 1), ("venetoclax", Decimal(400), 3, 28)]


def test_a_lead_in_effect_with_its_category_said_by_a_pronoun():
    r = effects_page("<h2>Side effects</h2><p><b>Allergic reactions.</b> These are rare but can be serious. "
                     "Tell the nurse at once.</p>")
    assert [(e.wording, e.incidence.category_word) for e in r.side_effects] == [("Allergic reactions", "rare")]
    assert "Tell the nurse at once." in [f.text for f in r.not_mapped]


def test_a_term_before_a_colon_with_a_ratio_and_its_percent():
    r = effects_page("<h2>Side effects</h2><p>Tiredness: about 1 in 4 people (25%).</p>")
    assert [(e.wording, e.incidence.value) for e in r.side_effects] == [("Tiredness", 25)]


def test_a_colon_intro_before_a_list_is_still_an_intro():
    r = effects_page("<h2>Side effects</h2><p>Seen in the trial: nausea (40%), rash (12%).</p>")
    assert {e.wording: e.incidence.value for e in r.side_effects} == {"Nausea": 40, "Rash": 12}
