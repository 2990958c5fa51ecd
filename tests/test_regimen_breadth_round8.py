"""Markup and phrase forms of the eighth breadth round, read on small pages, each with its near misses: label rows of
old layout tables ('HOW TO TAKE IT' | passage), a dose line naming no drug on a page titled by one drug, four weeks on
and two off across sentences, an open-ended 'as long as it keeps the cancer under control', a figure followed by an
aside, abbreviated and year-only page dates."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, reasons, small_blocks, small_page, texts
from regimen_fhir import parse
from regimen_fhir.model import YearDate


page, blocks = small_page, small_blocks


SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


# -- label rows of a layout table -----------------------------------------------------------------------------

LAYOUT = ("<table><tr><td bgcolor='#eee'><font size='2'><b>HOW TO TAKE IT</b></font></td><td><font size='2'>"
          "Take <b>50 mg</b> (one capsule) by mouth <b>once daily</b>, with or without food, for <b>4 weeks</b> in a row. "
          "Then take <u>no</u> sunitinib for <b>2 weeks</b>.<br><br>This 6-week pattern (4 weeks on / 2 weeks off) is "
          "one cycle. Cycles are repeated for as long as the medicine keeps the cancer under control.<br><br>"
          "Your doctor may lower the dose in 12.5 mg steps.</font></td></tr>"
          "<tr><td><font><b>SIDE EFFECTS</b></font></td><td><font>In the main study these were reported:<ul>"
          "<li>Diarrhea (66 %)<li>Bleeding (37 %), mostly nosebleeds</ul>"
          "About one person in five (20 %) had to stop taking sunitinib because of side effects.</font></td></tr>"
          "<tr><td colspan='2'>Orig. 02/2015 &nbsp;|&nbsp; Rev. 06/2021</td></tr></table>")


def test_label_cell_heads_the_passage_beside_it():
    bs = blocks(LAYOUT)
    by_text = {b.text[:20]: b for b in bs}
    assert by_text["Take 50 mg (one caps"].headings == ("HOW TO TAKE IT",)
    assert by_text["Diarrhea (66 %)"].headings == ("SIDE EFFECTS",)
    # the inline runs around the list are paragraphs of their own, in reading order, cut at <br><br>
    order = [b.text[:12] for b in bs]
    assert order.index("In the main ") < order.index("Diarrhea (66") < order.index("About one pe")
    assert "This 6-week " in order and "Your doctor " in order
    # the label ends with its row
    assert bs[-1].headings == ()


def test_label_row_near_misses():
    # a data row: a label with figures, or a short second cell, is no label row
    for row in ("<tr><td><b>Day 1</b></td><td>Cisplatin 75 mg/m2 IV over one hour, with fluids before and after it</td></tr>",
                "<tr><td><b>Nausea</b></td><td>58%</td></tr>",
                "<tr><td>Nausea</td><td>You may feel sick for a day or two after each treatment, which tablets help.</td></tr>"):
        bs = blocks(f"<table>{row}</table>")
        assert len(bs) == 1 and bs[0].tag == "tr", row


def test_one_drug_page_with_dose_lines_naming_no_drug():
    r = page(LAYOUT, title="Sunitinib (Sutent®) - Handout", h1=None)
    (a,) = adms(r)
    assert a.drug == "sunitinib" and a.dose.value == Decimal("50") and a.route == "oral"
    assert a.days == list(range(1, 29)) and (a.frequency.times, a.frequency.period, a.frequency.unit) == (1, 1, "d")
    (phase,) = r.phases
    assert (phase.length.value, phase.length.unit) == (Decimal("6"), "wk")
    assert phase.count is None and phase.stop_rule  # "is one cycle" defines the length, it is no count
    # the 12.5 mg steps are a dose change, reported, not a dose
    assert any("dose-adjustment" in x for x in reasons(r))
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Diarrhea", Decimal("66")), ("Bleeding", Decimal("37"))]
    assert "mostly nosebleeds" in texts(r)
    assert r.discontinuation.value == Decimal("20")
    assert (r.dates.created.isoformat(), r.dates.updated.isoformat()) == ("2015-02", "2021-06")


def test_title_drug_near_misses():
    # a title naming two drugs: the line naming none is not given to either
    r = page("<h2>Schedule</h2><p>Cisplatin 75 mg/m2 IV on day 1. Every 21 days.</p>"
             "<h2>How to take it</h2><p>Take 50 mg by mouth once daily.</p>", title="Cisplatin and etoposide", h1=None)
    assert [a.drug for a in adms(r)] == ["cisplatin"]
    # a page that names its drug with a dose elsewhere: a dose sentence without the name restates it, and is not read
    r = page("<h2>How is it given?</h2><p>The dose is 3.6 mg for each kilogram of your body weight.</p>"
             "<ul><li>Trastuzumab emtansine 3.6 mg/kg IV on day 1</li></ul><p>Every 21 days.</p>",
             title="Trastuzumab emtansine", h1=None)
    assert [(a.drug, a.dose.unit) for a in adms(r)] == [("trastuzumab emtansine", "mg/kg")]


def test_how_to_take_headings_are_the_schedule():
    from regimen_fhir.parse.rules import section_kind
    for h in ("How to take it", "HOW TO TAKE IT", "How do I take capecitabine?", "How should I take my tablets?"):
        assert section_kind(h) == "schedule", h
    assert section_kind("Taking other medicines") != "schedule"


def test_year_only_dates():
    r = page(SCHEDULE + "<p>Originally written 2015. Reviewed 2023.</p>")
    assert isinstance(r.dates.updated, YearDate) and r.dates.updated.isoformat() == "2023"
    assert r.dates.created.isoformat() == "2015"


# -- CMS records of labelled fields, one per drug -------------------------------------------------------------------

def _record(name: str, dose: str, given: str, days: str) -> str:
    field = ('<div class="field field--label-inline"><div class="field__label">{0}</div>'
             '<div class="field__item">{1}</div></div>')
    return (f'<div class="field__item"><div class="paragraph paragraph--type--regimen-drug">'
            f'<div class="field field--name-field-drug-name field__item">{name}</div>'
            + field.format("Dose", dose) + field.format("Given", given) + field.format("Days", days) + "</div></div>")


RECORDS = ('<div class="field"><div class="field__label">What to expect</div><div class="field__item"><p>Each cycle takes '
           '28 days. You will usually have 4 cycles.</p></div></div>'
           '<div class="field"><div class="field__label">Medicines in each cycle</div><div class="field__items">'
           + _record("Bortezomib (Velcade)", "1.3 mg/m²", "IV push, as a quick injection into a vein over 3&ndash;5 seconds",
                     "1, 4, 8 and 11")
           + _record("Dexamethasone", "40 mg", "PO, once a day in the morning", "1&ndash;4, 9&ndash;12 and 17&ndash;20")
           + "</div></div>"
           '<footer><div class="node__submitted">Submitted by webeditor on Tue, 03/07/2023 - 10:15</div></footer>')


def test_a_record_of_labelled_fields_is_one_dose():
    r = page(RECORDS)
    bortezomib, dex = adms(r)
    assert (bortezomib.drug, bortezomib.dose.value, bortezomib.dose.unit, bortezomib.route, bortezomib.days) == \
        ("bortezomib", Decimal("1.3"), "mg/m2", "intravenous", [1, 4, 8, 11])
    assert (bortezomib.infusion.low, bortezomib.infusion.high, bortezomib.infusion.unit) == (3, 5, "s")
    assert (dex.drug, dex.route, dex.days, dex.frequency.times) == ("dexamethasone", "oral",
                                                                     [1, 2, 3, 4, 9, 10, 11, 12, 17, 18, 19, 20], 1)
    (phase,) = r.phases
    assert (phase.length.value, phase.count) == (28, 4)
    assert r.dates.created.isoformat() == "2023-03-07"


def test_record_near_misses():
    # two drug names over one set of fields: which drug the dose is is not told; reported, nothing read
    field = ('<div class="field"><div class="field__label">{0}</div><div class="field__item">{1}</div></div>')
    two = ('<h2>Schedule</h2><div class="rec"><div>Bortezomib</div><div>Dexamethasone</div>'
           + field.format("Dose", "40 mg") + field.format("Days", "1 to 4") + "</div>"
           "<ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    r = page(two)
    assert [a.drug for a in adms(r)] == ["cisplatin"]
    # a field title that is no dose field ('Last updated') makes no record
    r = page(SCHEDULE + field.format("Last updated", "<time>7 March 2024</time>"))
    assert r.dates.updated.isoformat() == "2024-03-07"


# -- a drug per card, with a clause placing the dose after another drug's ---------------------------------------------

CARDS = ('<h2>How is it given?</h2><p>Treatment is repeated every 3 wks.</p>'
         '<div class="card"><div class="card-header">Gemcitabine</div><div class="card-body"><p>900 mg/m^2 IV over 90 min, '
         'on days one and eight.</p></div></div>'
         '<div class="card"><div class="card-header">Docetaxel</div><div class="card-body"><p>100 milligrams per square '
         "meter IV over 1 hr, on day eight only, right after that day's gemcitabine.</p></div></div>"
         '<div class="card"><div class="card-header">Pegfilgrastim (Neulasta)</div><div class="card-body"><p>6 mg by '
         'injection under the skin on day 9. Some centers use daily filgrastim shots instead.</p></div></div>'
         '<p>It is continued for as long as it is controlling the sarcoma.</p>')


def test_card_dose_lines_keep_their_drug_when_they_name_another_after_the_dose():
    r = page(CARDS)
    got = [(a.drug, a.dose.value, a.route, a.days) for a in adms(r)]
    assert got == [("gemcitabine", 900, "intravenous", [1, 8]), ("docetaxel", 100, "intravenous", [8]),
                   ("pegfilgrastim", 6, "subcutaneous", [9])]
    assert "right after that day's gemcitabine" in texts(r)
    assert "Some centers use daily filgrastim shots instead." in texts(r)  # an alternative, reported, not read
    assert r.phases[0].stop_rule


def test_drug_reference_near_misses():
    from regimen_fhir.parse.regimen import RegimenReader
    strip = RegimenReader.without_drug_references
    assert strip("100 mg/m2 IV on day 8, right after that day's gemcitabine.") == "100 mg/m2 IV on day 8."
    assert strip("50 mg IV, 30 minutes before the paclitaxel infusion") == "50 mg IV."
    # not a drug after 'after', or a drug that is the line's own: left whole
    assert strip("8 mg by mouth, after breakfast.") == "8 mg by mouth, after breakfast."
    assert strip("Cisplatin 75 mg/m2 IV on day 1") == "Cisplatin 75 mg/m2 IV on day 1"
    # a drug named before the dose is the line's drug: the card heading does not take it over
    r = page('<h2>Schedule</h2><div class="card"><div class="card-header">Docetaxel</div><div class="card-body">'
             '<p>Gemcitabine 900 mg/m2 IV on days 1 and 8.</p></div></div><p>Every 21 days.</p>')
    assert [a.drug for a in adms(r)] == ["gemcitabine"]


# -- a comparator column, an inline 'Other common side effects include ...', a pump's total time --------------------

TPF = ('<h2>How is it given?</h2><table><thead><tr><th>Drug</th><th>Dose</th><th>How</th><th>When</th></tr></thead><tbody>'
       '<tr><td>Docetaxel</td><td>75 mg/m2</td><td>drip into a vein, over 1 hr</td><td>d1</td></tr>'
       '<tr><td>Fluorouracil (5FU)</td><td>750 mg/m2 per day</td><td>continuous infusion from a small pump, 120 hours in '
       'total</td><td>d1–5</td></tr></tbody></table><p>Each cycle is q21d. Most people have four cycles.</p>'
       '<h2>Possible side effects</h2><table><thead><tr><th>Side effect</th><th>TPF</th><th>PF (comparison)</th></tr></thead>'
       '<tbody><tr><td>Low neutrophil count</td><td>76.9%</td><td>52.5%</td></tr></tbody></table>'
       '<p>Other common side effects include hair loss, a sore mouth, nausea and tiredness.</p>')


def test_comparator_column_inline_category_and_pump_time():
    r = page(TPF)
    fu = next(a for a in adms(r) if a.drug.startswith("fluorouracil"))
    assert (fu.infusion.value, fu.infusion.unit, fu.days) == (120, "h", [1, 2, 3, 4, 5])
    got = [(e.term, e.incidence.value, e.incidence.category_word) for e in r.side_effects]
    assert got == [("Low neutrophil count", Decimal("76.9"), None), ("Hair loss", None, "common"),
                   ("Sore mouth", None, "common"), ("Nausea", None, "common"), ("Tiredness", None, "common")]


def test_comparator_column_near_miss():
    # two figure columns, neither marked as the other arm: which is the regimen's is not said; none is read
    r = page(SCHEDULE + '<h2>Side effects</h2><table><thead><tr><th>Side effect</th><th>Study A</th><th>Study B</th></tr>'
             '</thead><tbody><tr><td>Nausea</td><td>40%</td><td>30%</td></tr></tbody></table>')
    assert r.side_effects == []


# -- days in a heading 'Day 1 and day 15 of every cycle', a cap 'never more than', a labelled other-arm figure -------

AAVD = ('<p>Each cycle lasts four weeks. You will have up to 6 cycles.</p><h2>Treatment days</h2>'
        '<h3>Day 1 and day 15 of every cycle</h3><ul><li><strong>Doxorubicin</strong> 25 mg/m² into a vein</li>'
        '<li><strong>Brentuximab vedotin</strong> (Adcetris) 1.2 mg/kg as a drip into a vein over 30 minutes. The dose is '
        'worked out from your weight, but is never more than 120 mg.</li></ul>'
        '<h2>Side effects</h2><ul><li>Nerve damage (numbness or tingling in the hands and feet) – 67% (ABVD: 43%)</li>'
        '<li>Low neutrophils – 58 in 100 people</li></ul><p>Other common side effects are:</p>'
        '<ul><li>nausea</li><li>hair loss</li></ul><ul><li>Fever</li></ul>')


def test_heading_days_cap_and_a_category_over_a_list():
    r = page(AAVD)
    assert [(a.drug, a.days) for a in adms(r)] == [("doxorubicin", [1, 15]), ("brentuximab vedotin", [1, 15])]
    assert adms(r)[1].cap.value == 120 and adms(r)[1].cap.unit == "mg"
    got = [(e.term.split(" (")[0], e.incidence.value, e.incidence.category_word) for e in r.side_effects]
    assert got[0] == ("Nerve damage", Decimal("67"), None)
    assert ("Nausea", None, "common") in [(t[:1].upper() + t[1:], v, c) for t, v, c in got]
    assert "ABVD: 43%" in texts(r)
    # the category belongs to the list right under its lead-in, not to a later one
    assert "Fever" in texts(r)


# -- the route of a heading naming the form, 'Common – a; b' lists with asides in brackets ---------------------------

CAPTEM = ('<h3>The tablets</h3><p><strong>Capecitabine</strong> – 750 mg/m² twice a day, on days 1 to 14.</p>'
          '<p><strong>Temozolomide</strong> – 200 mg/m² once a day at bedtime, on days 10 to 14.</p>'
          '<p>A new cycle begins every 28 days.</p>'
          '<h3>Side effects you might notice</h3><p><strong>Common</strong> – nausea; a low platelet count.</p>'
          '<p><strong>Less common</strong> – hand-foot syndrome (sore, red palms and soles); diarrhoea.</p>')


def test_heading_form_is_the_route_and_dash_category_lists():
    r = page(CAPTEM)
    assert [(a.drug, a.route) for a in adms(r)] == [("capecitabine", "oral"), ("temozolomide", "oral")]
    got = [(e.term, e.incidence.category_word) for e in r.side_effects]
    assert got == [("Nausea", "common"), ("Low platelet count", "common"),
                   ("Hand-foot syndrome (sore, red palms and soles)", "less common"), ("Diarrhoea", "less common")]


def test_heading_route_near_misses():
    # a heading naming two routes gives none; a line stating its own route keeps it
    r = page('<h3>Tablets and IV drugs</h3><p>Capecitabine 750 mg/m2 twice a day on days 1 to 14.</p>'
             '<p>Oxaliplatin 130 mg/m2 IV on day 1.</p><p>Every 21 days.</p>')
    assert [(a.drug, a.route) for a in adms(r)] == [("capecitabine", None), ("oxaliplatin", "intravenous")]
    r = page('<h3>The tablets</h3><p>Oxaliplatin 130 mg/m2 IV on day 1.</p><p>Every 21 days.</p>')
    assert adms(r)[0].route == "intravenous"


# -- siblings real authors write: who an effect affects, adverb categories, bands, monthly cycles ----------------------

def effects_of(body: str) -> list[tuple]:
    r = page(SCHEDULE + "<h2>Side effects</h2>" + body)
    return [(e.term, e.incidence.value, e.incidence.comparator, e.incidence.category_word) for e in r.side_effects]


def test_who_an_effect_affects():
    assert effects_of("<p>Hair loss affects almost everyone.</p>") == [("Hair loss", None, None, "very common")]
    assert effects_of("<p>Hair loss affects most people (around 80%).</p>") == [("Hair loss", 80, None, None)]
    assert effects_of("<p>Nausea affects more than 1 in 10 people.</p>") == [("Nausea", 10, ">", None)]
    # near misses: no incidence in what follows 'affects'; an elided list stays with its own reading
    assert effects_of("<p>The treatment affects the bone marrow.</p>") == []
    assert effects_of("<p>Diarrhoea affected 47% of people, tiredness 37%.</p>") == [("Diarrhoea", 47, None, None),
                                                                                  ("Tiredness", 37, None, None)]


def test_adverb_category_sentences():
    assert effects_of("<p>Less commonly, people get mouth sores or diarrhoea.</p>") == [
        ("Mouth sores", None, None, "less common"), ("Diarrhoea", None, None, "less common")]
    assert effects_of("<p>Rarely, some people may have a rash, itching or headaches.</p>") == [
        ("Rash", None, None, "rare"), ("Itching", None, None, "rare"), ("Headaches", None, None, "rare")]
    # near miss: an adverb that names no category of effects
    assert effects_of("<p>Usually, people get their results within a week.</p>") == []


def test_bands_of_ratios_in_items_and_headings():
    assert effects_of("<ul><li>Hair loss – almost everyone</li><li>Nausea: over 9 in 10 people</li>"
                      "<li>Rash (fewer than 1 in 100 people)</li><li>Itch – between 1 in 10 and 1 in 100 people</li></ul>") == [
        ("Hair loss", None, None, "very common"), ("Nausea", 90, ">", None), ("Rash", 1, "<", None),
        ("Itch", None, None, None)]
    assert effects_of("<h3>Very common (more than 1 in 10)</h3><ul><li>Nausea</li></ul>"
                      "<h3>Rare (fewer than 1 in 1,000 people)</h3><ul><li>Seizures</li></ul>") == [
        ("Nausea", 10, ">", "very common"), ("Seizures", Decimal("0.1"), "<", "rare")]  # the band with its word (round 10b)
    itch = page(SCHEDULE + "<h2>Side effects</h2><ul><li>Itch – between 1 in 10 and 1 in 100 people</li></ul>").side_effects
    assert [(e.term, e.incidence.low, e.incidence.high) for e in itch] == [("Itch", 1, 10)]
    # a band that is no exact percentage is reported, never rounded to a point
    r = page(SCHEDULE + "<h2>Side effects</h2><ul><li>Rash – more than 1 in 3 people</li></ul>")
    assert r.side_effects == [] and "Rash – more than 1 in 3 people" in texts(r)


def test_monthly_cycles():
    r = page("<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Cycles are repeated monthly, for 6 "
             "cycles. You have monthly blood tests.</p>")
    (phase,) = r.phases
    assert (phase.length.value, phase.length.unit, phase.count) == (1, "mo", 6)
    r = page("<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>You have monthly blood tests.</p>")
    assert r.phases[0].length is None


def test_a_dose_naming_no_known_drug_is_reported_not_dropped():
    r = page("<h2>How it is given</h2><p>Zorbatazine 3.2 mg/m2 IV over 60 minutes on day 1 of each 21-day cycle.</p>"
             "<ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul>")
    assert [a.drug for a in adms(r)] == ["cisplatin"]
    assert "Zorbatazine 3.2 mg/m2 IV over 60 minutes on day 1 of each 21-day cycle." in texts(r)
    assert r.phases[0].length.value == 21  # the cycle facts of that sentence are still read
    # a drug the tables lack but whose INN stem is known is read
    r = page("<h2>How it is given</h2><p>Lurbinectedin 3.2 mg/m2 IV over 60 minutes on day 1 of each 21-day cycle.</p>")
    assert [(a.drug, a.dose.value, a.infusion.value) for a in adms(r)] == [("lurbinectedin", Decimal("3.2"), 60)]


# -- layout siblings: <th> and class="label" label cells, title-bar rows inside a table, <br> lines ----------------------

def test_label_cells_as_th_or_by_class_naming_a_section():
    r = page('<table><tr><th scope="row">How it is given</th><td>Cisplatin 75 mg/m2 IV on day 1. Repeat every 21 days.'
             '</td></tr><tr><th scope="row">Side effects</th><td>Nausea (40%), hair loss (30%).</td></tr></table>')
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40), ("Hair loss", 30)]
    r = page('<table><tr><td class="label">Schedule</td><td>Cisplatin 75 mg/m2 IV on day 1. Repeat every 21 days.</td></tr>'
             '<tr><td class="label">Side effects</td><td><ul><li>Nausea (40%)</li></ul></td></tr></table>')
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40)]


def test_label_cell_near_misses():
    # a header row of <th> cells is no label row; a plain term | figure row stays a data row
    bs = blocks("<table><tr><th>Side effect</th><th>Patients affected (%)</th></tr><tr><td>Nausea</td><td>37</td></tr></table>")
    assert [b.tag for b in bs] == ["tr", "tr"]


def test_title_bar_rows_and_br_lines_in_a_layout_table():
    r = page('<table width="600"><tr><td bgcolor="#ccc"><b>TREATMENT</b></td></tr><tr><td>Cisplatin 75 mg/m2 IV on day 1. '
             'Repeat every 21 days.</td></tr><tr><td bgcolor="#ccc"><b>SIDE EFFECTS</b></td></tr>'
             '<tr><td>Nausea (40%)<br>Hair loss (30%)<br>Tiredness (20%)</td></tr></table>')
    assert [a.drug for a in adms(r)] == ["cisplatin"]
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40), ("Hair loss", 30), ("Tiredness", 20)]


def test_title_bar_near_miss_in_a_data_table():
    # a one-cell group row of a three-column table is the table's, not a heading of the page
    bs = blocks("<table><tr><th>Drug</th><th>Dose</th><th>Days</th></tr><tr><td colspan='3'><b>Induction</b></td></tr>"
                "<tr><td>Cisplatin</td><td>75 mg/m2</td><td>1</td></tr></table>")
    assert [b.text for b in bs] == ["Drug | Dose | Days", "Induction", "Cisplatin | 75 mg/m2 | 1"]


def test_br_lines_in_a_paragraph_are_items_and_a_bold_first_line_heads_them():
    r = page(SCHEDULE + "<p><b>Side effects</b><br>Nausea - 40%<br>Hair loss - 30%</p>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40), ("Hair loss", 30)]
    r = page("<h2>Schedule</h2><p>Drug: Cisplatin<br>Dose: 75 mg/m2<br>Route: IV<br>Days: 1</p><p>Repeat every 21 days.</p>")
    assert [(a.drug, a.dose.value, a.route, a.days) for a in adms(r)] == [("cisplatin", 75, "intravenous", [1])]
    # a label and one line stay one paragraph
    bs = blocks("<p><strong>Kidneys:</strong><br>5) BUN, 6) Serum creatinine</p>")
    assert len(bs) == 1 and bs[0].tag == "p"


def test_a_one_cell_row_is_no_header_row():
    # 'Nausea (40%) ...' in a side-effect table's only cell was taken for a header row and dropped unseen
    r = page(SCHEDULE + "<h2>Side effects</h2><table><tr><td>Nausea (40%)</td></tr><tr><td>Rash (10%)</td></tr></table>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40), ("Rash", 10)]


# -- labelled fields as paragraphs under a drug heading, or as a definition list ------------------------------------------

def test_labelled_paragraphs_under_a_drug_heading_are_one_dose():
    r = page("<h2>Your treatment</h2><h4>Cisplatin</h4><p>Dose: 75 mg/m²</p><p>Given: into a vein over 1 hour</p>"
             "<p>When: day 1</p><h4>Etoposide</h4><p>Dose: 100 mg/m²</p><p>Given: into a vein</p><p>When: days 1 to 3</p>"
             "<p>Each cycle is 21 days. You will have 4 cycles.</p>")
    got = [(a.drug, a.dose.value, a.route, a.days, a.infusion and a.infusion.value) for a in adms(r)]
    assert got == [("cisplatin", 75, "intravenous", [1], 1), ("etoposide", 100, "intravenous", [1, 2, 3], None)]
    # one field alone is read as the drug's dose line
    r = page("<h2>Schedule</h2><h4>Cisplatin</h4><p>Dose: 75 mg/m² IV on day 1</p><p>Every 21 days.</p>")
    assert [(a.drug, a.days) for a in adms(r)] == [("cisplatin", [1])]


def test_a_definition_list_of_dose_fields_is_no_glossary():
    r = page("<h2>Schedule</h2><div class='drug'><h3>Capecitabine (Xeloda)</h3><dl><dt>Dose</dt><dd>1,000 mg/m2 twice a "
             "day</dd><dt>How</dt><dd>tablets by mouth</dd><dt>When</dt><dd>days 1 to 14</dd></dl></div>"
             "<p>A new cycle starts every 21 days; 8 cycles in total.</p>")
    (a,) = adms(r)
    assert (a.drug, a.dose.value, a.route, a.days, a.frequency.times) == ("capecitabine", 1000, "oral", list(range(1, 15)), 2)
    assert r.glossary == []
    # near miss: a real glossary stays one
    r = page(SCHEDULE + "<h2>Words we use</h2><dl><dt>Neutropenia</dt><dd>A low number of neutrophils, white cells that "
             "fight infection.</dd><dt>Alopecia</dt><dd>Hair loss, on the head or the body.</dd></dl>")
    assert [t.term for t in r.glossary] == ["Neutropenia", "Alopecia"]


# -- an effect named in its heading (an accordion button), footnote markers, figure-first words ------------------------

def test_an_effect_named_in_its_heading_with_its_figure_in_the_text():
    acc = ('<div class="accordion"><div class="accordion-item"><h3><button>Nausea</button></h3><div class="accordion-body">'
           '<p>About 40% of people feel sick.</p></div></div><div class="accordion-item"><h3><button>Hair loss</button></h3>'
           '<div class="accordion-body"><p>This affects around 30 in 100 people.</p></div></div></div>')
    r = page(SCHEDULE + "<h2>Side effects</h2>" + acc)
    got = [(e.term, e.incidence.value, e.incidence.numerator, e.incidence.denominator) for e in r.side_effects]
    assert got == [("Nausea", 40, None, None), ("Hair loss", None, 30, 100)]


def test_heading_effect_near_misses():
    # the text names its own effects: the heading over them is a group, not an effect
    r = page(SCHEDULE + "<h2>Side effects</h2><h3>Blood problems</h3><p>Low neutrophils happen in 40% of people.</p>"
             "<p>Anaemia happens in 20% of people.</p>")
    assert [e.term for e in r.side_effects] == ["Low neutrophils", "Anaemia"]
    # a pronoun is never an effect's name
    r = page(SCHEDULE + "<h2>Side effects</h2><p>This affects around 30 in 100 people.</p>")
    assert r.side_effects == []
    # a second figure under the same heading is reported, not given to the heading twice
    r = page(SCHEDULE + "<h2>Side effects</h2><h3>Nausea</h3><p>About 40% of people feel sick.</p>"
             "<p>About 5% of people feel very sick.</p>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40)]


def test_footnote_markers_and_most_people_first():
    r = page(SCHEDULE + "<h2>Side effects</h2><ul><li>Nausea* (40%)</li><li>Hair loss† (30%)</li><li>Rash (10%)*</li></ul>"
             "<p>* mostly mild † temporary</p><p>Most people (around 80%) have some tiredness.</p>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40), ("Hair loss", 30), ("Rash", 10),
                                                                    ("Tiredness", 80)]
    assert "* mostly mild † temporary" in texts(r)


def test_produced_and_prepared_dates():
    r = page(SCHEDULE + "<p>Produced: June 2021 | Review: June 2024</p>")
    assert r.dates.created.isoformat() == "2021-06"


# -- the time off in the sentence after the dose line --------------------------------------------------------------

def test_time_off_in_the_next_sentence():
    r = page("<h2>How to take it</h2><p>Take 50 mg of sunitinib by mouth once daily, with or without food, for 4 weeks in "
             "a row. Then take no sunitinib for 2 weeks.</p>")
    (a,) = adms(r)
    assert a.days == list(range(1, 29)) and (r.phases[0].length.value, r.phases[0].length.unit) == (6, "wk")
    r = page("<h2>How to take it</h2><p>Take capecitabine 1,000 mg/m2 twice a day for 14 days. Then stop for 7 days.</p>")
    assert (r.phases[0].length.value, r.phases[0].length.unit) == (21, "d")
    r = page("<h2>How to take it</h2><p>Lenalidomide 25 mg by mouth once a day on days 1 to 21. Then you have a week "
             "off.</p>")
    assert (r.phases[0].length.value, r.phases[0].length.unit) == (28, "d")


def test_time_off_near_misses():
    # days with a gap (1, 8, 15): the time off after them is no cycle length; reported
    r = page("<h2>Schedule</h2><p>Paclitaxel 80 mg/m2 IV on days 1, 8 and 15. Then you have a week off.</p>")
    assert r.phases[0].length is None and "Then you have a week off." in texts(r)
    # a length stated on the page wins
    r = page("<h2>Schedule</h2><p>Capecitabine 1,000 mg/m2 twice a day for 14 days. Then stop for 7 days.</p>"
             "<p>Each cycle lasts 28 days.</p>")
    assert r.phases[0].length.value == 28


# -- day items over nested drug lists, day-labelled <br> lines --------------------------------------------------------

@pytest.mark.parametrize("schedule", [
    "<ol><li><p><strong>Day 1</strong></p><ul><li>Cisplatin 75 mg/m2 IV</li><li>Etoposide 100 mg/m2 IV</li></ul></li>"
    "<li><p><strong>Days 2 and 3</strong></p><ul><li>Etoposide 100 mg/m2 IV</li></ul></li></ol>",
    "<ul><li>Day 1<ul><li>Cisplatin 75 mg/m2 IV</li><li>Etoposide 100 mg/m2 IV</li></ul></li><li>Days 2 and 3:<ul>"
    "<li>Etoposide 100 mg/m2 IV</li></ul></li></ul>",
    "<p><b>Day 1:</b> cisplatin 75 mg/m2 IV and etoposide 100 mg/m2 IV<br><b>Days 2-3:</b> etoposide 100 mg/m2 IV</p>",
])
def test_days_over_nested_drug_lines(schedule):
    # the drug lines under a 'Day 1' item were taken for response-dependent nested doses and dropped unseen; two
    # day-labelled lines cut by <br> were glued into one ('... IVDays 2-3: ...')
    r = page("<h2>Schedule</h2>" + schedule + "<p>Every 21 days.</p>")
    assert [(a.drug, a.days) for a in adms(r)] == [("cisplatin", [1]), ("etoposide", [1, 2, 3])]
    assert not [t for t in texts(r) if "Day" in t]


def test_a_br_in_a_paragraph_is_a_space():
    bs = blocks("<p>Cisplatin 75 mg/m2 IV on day 1<br>every 21 days</p>")
    assert [b.text for b in bs] == ["Cisplatin 75 mg/m2 IV on day 1 every 21 days"]


def test_br_lines_that_run_on_stay_one_paragraph():
    bs = blocks("<p>Leaflet number: ONC-4 Version 2<br>Updated: 09.01.2024<br>This leaflet is for general information. "
                "Please ask your nurse.</p>")
    assert len(bs) == 1 and bs[0].tag == "p"


def test_lines_under_a_category_heading_that_are_no_effects():
    r = page(SCHEDULE + "<h2>Side effects</h2><h3>Rare side effects</h3><ul><li>Seizures</li><li>Print this page</li>"
             "<li>Tell your nurse if you feel unwell</li><li>Contact the unit | Privacy</li></ul>")
    assert [(e.term, e.incidence.category_word) for e in r.side_effects] == [("Seizures", "rare")]
    assert {"Print this page", "Tell your nurse if you feel unwell", "Contact the unit | Privacy"} <= set(texts(r))


def test_shared_bands_and_bare_numbers_under_percent_headers():
    r = page(SCHEDULE + "<h2>Side effects</h2><table><tr><th>How often</th><th>Side effects</th></tr><tr><td>More than 1 "
             "in 10 people</td><td>nausea, tiredness</td></tr><tr><td>Up to 1 in 100 people</td><td>rash</td></tr></table>")
    assert [(e.term, e.incidence.value, e.incidence.comparator) for e in r.side_effects] == [
        ("Nausea", 10, ">"), ("Tiredness", 10, ">"), ("Rash", 1, "<=")]
    r = page(SCHEDULE + "<h2>Side effects</h2><table><thead><tr><th>Adverse reaction</th><th>Any grade (%)</th>"
             "<th>Grade ≥3 (%)</th></tr></thead><tbody><tr><td>Nausea</td><td>40.2</td><td>3.1</td></tr></tbody></table>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", Decimal("40.2"))]
    r = page(SCHEDULE + "<h2>Side effects</h2><p>The most common side effects (affecting more than 20% of people) were "
             "nausea, tiredness and hair loss.</p><p>The most common side effects (20%) were nausea and rash.</p>")
    assert [(e.term, e.incidence.value, e.incidence.comparator) for e in r.side_effects] == [
        ("Nausea", 20, ">"), ("Tiredness", 20, ">"), ("Hair loss", 20, ">")]
    assert "The most common side effects (20%) were nausea and rash." in texts(r)  # one figure for a list: not read


def test_a_dose_ramp_with_arrows():
    r = page("<h2>Schedule</h2><table><tr><th>Drug</th><th>Dose</th><th>Days</th></tr><tr><td>Venetoclax</td>"
             "<td>100 mg → 200 mg → 400 mg</td><td>1-3</td></tr></table><p>28-day cycles.</p>")
    assert [(a.drug, a.dose.value, a.days) for a in adms(r)] == [("venetoclax", 100, [1]), ("venetoclax", 200, [2]),
                                                                 ("venetoclax", 400, [3])]
    # days that do not pair with the doses: reported, no dose picked
    r = page("<h2>Schedule</h2><ul><li>Venetoclax 20 mg -> 50 mg by mouth on days 1-5</li>"
             "<li>Azacitidine 75 mg/m2 SC on days 1-7</li></ul><p>28-day cycles.</p>")
    assert [a.drug for a in adms(r)] == ["azacitidine"]
    assert "Venetoclax 20 mg -> 50 mg by mouth on days 1-5" in texts(r)


@pytest.mark.parametrize("sentence, value", [
    ("Side effects led to stopping treatment in 12% of patients.", 12),
    ("Adverse reactions led to discontinuation in 9% of patients.", 9),
    ("About one person in five (20 %) had to stop taking sunitinib because of side effects.", 20),
])
def test_discontinuation_wordings(sentence, value):
    r = page(SCHEDULE + f"<h2>Side effects</h2><p>{sentence}</p>")
    assert r.discontinuation.value == value and r.side_effects == []  # never an effect named 'Side effects led ...'


def test_a_header_row_of_bold_cells_is_no_label_row():
    r = page(SCHEDULE + "<h2>Possible side effects</h2><table><tr><td><strong>Side effect</strong></td><td><strong>How "
             "many people get it</strong></td></tr><tr><td>Diarrhoea</td><td>20 in 100</td></tr></table>")
    assert [(e.term, e.incidence.numerator, e.incidence.denominator) for e in r.side_effects] == [("Diarrhoea", 20, 100)]
    assert "How many people get it" not in texts(r)


def test_two_drugs_joined_after_a_list_of_days():
    # the cut between the two drugs is the 'plus' before the second name, not the comma inside 'days 1, 8 and 15'
    r = page("<h2>Schedule</h2><p><strong>Gemcitabine</strong> 1,000 mg/m² IV over 30 minutes on days 1, 8 and 15 "
             "<strong>plus</strong> <strong>nab-paclitaxel</strong> 125 mg/m² IV on days 1, 8 and 15, every 28 days.</p>")
    assert [(a.drug, a.days) for a in adms(r)] == [("gemcitabine", [1, 8, 15]), ("nab-paclitaxel", [1, 8, 15])]


def test_field_titles_as_headings_in_a_grid():
    r = page("<section><h2>Treatment overview</h2><div class='grid'><div><h4>Drug</h4><p>Docetaxel</p></div><div><h4>Dose"
             "</h4><p>75 mg/m2</p></div><div><h4>When</h4><p>Day 1 every 3 weeks</p></div></div></section>")
    assert [(a.drug, a.dose.value, a.days) for a in adms(r)] == [("docetaxel", 75, [1])]
    assert (r.phases[0].length.value, r.phases[0].length.unit) == (3, "wk")


def test_text_of_a_layout_cell_beside_its_paragraphs_is_kept():
    bs = blocks("<table><tr><td><font size='5'><b>R-DHAP</b></font><br><font size='2'>Rituximab, dexamethasone, "
                "cytarabine and cisplatin</font><p>R-DHAP is used for lymphoma.</p></td></tr></table>")
    assert [b.text for b in bs] == ["R-DHAP Rituximab, dexamethasone, cytarabine and cisplatin", "R-DHAP is used for lymphoma."]


def test_inline_text_of_containers_beside_blocks_is_kept():
    bs = blocks("<div class='box'><span>Cisplatin 75 mg/m2 IV on day 1.</span><p>More text.</p></div>"
                "<div class='x'><b>Important note</b><ul><li>Item one</li></ul></div>"
                "<section><strong>Side effects</strong><p>Nausea (40%)</p></section>"
                "<article>Loose text in an article<p>para</p></article>")
    assert [(b.text, b.headings) for b in bs] == [
        ("Cisplatin 75 mg/m2 IV on day 1.", ()), ("More text.", ()), ("Item one", ("Important note",)),
        ("Nausea (40%)", ("Side effects",)), ("Loose text in an article", ()), ("para", ())]


def test_loose_list_items_are_read_once():
    # '<li><p>...</p></li>' (a loose list, as Markdown exports write it) was read twice: two phases, two effects
    r = page("<h2>Schedule</h2><ul><li><p>Cisplatin 75 mg/m2 IV on day 1</p></li><li><p>Etoposide 100 mg/m2 IV on days 1 "
             "to 3</p></li></ul><p>Every 21 days.</p><h2>Side effects</h2><ul><li><p>Nausea (40%)</p></li></ul>")
    assert [(p.label, [a.drug for a in p.administrations]) for p in r.phases] == [
        ("Treatment cycles", ["cisplatin", "etoposide"])]
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40)]
    # a list nested in a loose item is still read
    bs = blocks("<ul><li><div><p>Day 1</p><ul><li>Cisplatin 75 mg/m2</li></ul></div></li></ul>")
    assert [b.text for b in bs] == ["Day 1", "Cisplatin 75 mg/m2"]


def test_definitions_and_divs_with_paragraphs_are_read_once():
    bs = blocks("<dl><dt>Nausea</dt><dd><p>40%</p></dd></dl><div>Text direct<p>para in div</p></div><div>only text</div>")
    assert [(b.tag, b.text) for b in bs] == [("dd", "40%"), ("p", "Text direct"), ("p", "para in div"),
                                              ("div", "only text")]


def test_br_lines_in_an_inline_container():
    r = page(SCHEDULE + "<h2>Side effects</h2><div class='se'>Nausea (40%)<br>Hair loss (30%)<br>Rash (10%)</div>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 40), ("Hair loss", 30), ("Rash", 10)]
    assert [b.text for b in blocks("<div>Nausea<br>vomiting</div>")] == ["Nausea vomiting"]  # never glued


def test_a_br_in_a_table_cell_is_a_space():
    r = page("<h2>Schedule</h2><table><tr><th>Drug</th><th>Dose and route</th><th>Days</th></tr><tr><td>Cisplatin<br>"
             "(Platinol)</td><td>75 mg/m2<br>IV over 1 hour</td><td>Day 1</td></tr></table><p>Every 21 days.</p>")
    assert [(a.drug, a.route, a.infusion.value) for a in adms(r)] == [("cisplatin", "intravenous", 1)]


def test_boxes_without_space_between_are_words_apart():
    r = page(SCHEDULE + '<h2>Side effects</h2><ul><li class="d-flex"><span>Nausea</span><span class="badge">24%</span></li>'
             '<li>Rash<span class="badge">10%</span></li></ul>')
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", 24), ("Rash", 10)]
    # near misses: superscripts and letters split by markup stay joined
    assert [b.text for b in blocks("<ul><li>75 mg/m<sup>2</sup> of <b>T</b>axotere</li></ul>")] == ["75 mg/m2 of Taxotere"]


@pytest.mark.parametrize("sentence", ["Do not take more than 4 g of paracetamol a day.",
                                      "In the trial, some patients received 100 mg/m2 of cisplatin.",
                                      "Some centres give cisplatin 60 mg/m2 instead."])
def test_doses_that_are_no_administration(sentence):
    for markup in (f"<p>{sentence}</p>", f"<ul><li>{sentence}</li></ul>"):
        r = page("<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>" + markup)
        assert [(a.drug, a.dose.value) for a in adms(r)] == [("cisplatin", 75)]
        assert sentence in texts(r)


def test_efficacy_figures_are_no_side_effects():
    r = page(SCHEDULE + "<h2>Side effects</h2><p>About 60% of people had a good response.</p><p>Treatment shrank the "
             "cancer in 45% of patients.</p><p>Survival improved by 30%.</p><p>Allergic response (5%) can happen.</p>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Allergic response", 5)]
    assert "Good response (60%)" in texts(r)


def test_chance_and_risk_sentences_and_clauses_that_are_no_names():
    r = page(SCHEDULE + "<h2>Side effects</h2><p>There is a 1 in 3 chance of hair loss.</p><p>Your risk of getting an "
             "infection is about 1 in 5.</p><p>Hospital admission was needed in 15% of people.</p>"
             "<p>Around 1 in 4 people (25%) get diarrhoea.</p>")
    got = [(e.term, e.incidence.value, e.incidence.numerator, e.incidence.denominator) for e in r.side_effects]
    assert got == [("Hair loss", None, 1, 3), ("Infection", None, 1, 5), ("Diarrhoea", 25, None, None)]
    assert "Hospital admission was needed (15%)" in texts(r)


def test_the_title_is_the_pages_not_the_sites():
    body = "<h2>Schedule</h2><p>Irinotecan 165 mg/m2 IV on day 1. Every 14 days.</p>"
    two = (f"<html><head><title>FOLFOXIRI | Info</title></head><body><header><h1>Bowel Cancer Info</h1></header><main>"
           f"<h1>FOLFOXIRI</h1>{body}</main></body></html>")
    banner = (f"<html><head><title>Bowel Cancer Info | FOLFOXIRI</title></head><body><header class='site-header'><h1>"
              f"Bowel Cancer Info</h1></header><main>{body}</main></body></html>")
    article = (f"<html><head><title>TPF – Site</title></head><body><article><header class='entry-header'><h1>TPF "
               f"(docetaxel)</h1></header>{body}</article></body></html>")
    assert [parse.parse_bytes(h.encode(), "t.html").title for h in (two, banner, article)] == [
        "FOLFOXIRI", "FOLFOXIRI", "TPF (docetaxel)"]
