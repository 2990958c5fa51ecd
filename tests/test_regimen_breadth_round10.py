"""Markup and phrase forms of the tenth breadth round, read on small pages, each with its near misses: bold set by a
class of the page's own stylesheet (a published Google Docs export), table cells that each wrap their text in one
paragraph (a word processor's export) ..."""
from __future__ import annotations

from decimal import Decimal

from helpers import adms, small_blocks, small_page
from regimen_fhir import parse
from regimen_fhir.model import Regimen
from regimen_fhir.parse.blocks import segment
from regimen_fhir.parse.load import load_bytes


page, blocks = small_page, small_blocks


SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"
GDOCS_CSS = ".c0{color:#000000;font-weight:400;font-size:11pt}.c2{font-weight:700;font-size:13pt}.c8{font-weight:700}"


# --- bold by a stylesheet class ----------------------------------------------------------------------------------


def test_a_paragraph_in_a_class_the_stylesheet_makes_bold_is_a_heading():
    b = blocks('<p><span class="c2">Side effects</span></p><p><span class="c0">Nausea (40%)</span></p>', GDOCS_CSS)
    assert [(x.headings, x.text) for x in b] == [(("Side effects",), "Nausea (40%)")]


def test_the_class_declared_last_sets_the_weight():
    # 'c0 c8': .c0 (400) before .c8 (700) -> bold; 'c8 c0' in the attribute changes nothing, the stylesheet's order counts
    b = blocks('<p><span class="c8 c0">Side effects</span></p><p>Nausea (40%)</p>', GDOCS_CSS)
    assert b[-1].headings == ("Side effects",)
    # .c9 declared after .c8 with a normal weight: not bold
    b = blocks('<p><span class="c8 c9">Side effects</span></p><p>Nausea (40%)</p>', GDOCS_CSS + ".c9{font-weight:400}")
    assert [x.text for x in b] == ["Side effects", "Nausea (40%)"] and b[-1].headings == ()


def test_near_misses_of_class_bold_are_not_headings():
    # a class the stylesheet does not make bold; a bold rule under a compound selector; a bold class inside a sentence
    for body, css in (('<p><span class="c0">Side effects</span></p>', GDOCS_CSS),
                      ('<p><span class="c5">Side effects</span></p>', "p .c5{font-weight:700}"),
                      ('<p><span class="c5">Side effects</span></p>', "table td,.c5{font-weight:700}"),
                      ('<p><span class="c5">Side effects</span></p>', ".c5:hover{font-weight:700}")):
        b = blocks(body + "<p>Nausea (40%)</p>", css)
        assert b[-1].headings == (), (body, css)
    b = blocks('<p><span class="c0">The dose is </span><span class="c8">1.4 mg/m2</span>.</p><p>More</p>', GDOCS_CSS)
    assert b[-1].headings == () and b[0].text == "The dose is 1.4 mg/m2."


def test_class_bold_reads_a_whole_google_docs_page():
    css = GDOCS_CSS
    r = page('<p><span class="c2">Your treatment plan</span></p>'
             '<p><span class="c0">Cisplatin </span><span class="c8">75 mg/m2</span><span class="c0"> IV on day 1.</span></p>'
             '<p><span class="c0">A new cycle starts every 21 days.</span></p>'
             '<p><span class="c2">Side effects</span></p>'
             '<p><span class="c0">Other common ones were nausea (40%) and hair loss (30%).</span></p>', style=css)
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Nausea", Decimal("40")), ("Hair loss", Decimal("30"))]


# --- a word processor's table: each cell's text in one paragraph ----------------------------------------------------


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td><p><span>{c}</span></p></td>" for c in cells) + "</tr>"


def test_cells_each_wrapping_one_paragraph_are_a_row_of_data():
    b = blocks("<table>" + _row("Side effect", "How many people had it") + _row("Hair loss", "45%") +
               _row("Nausea", "35%") + "</table>")
    assert [(x.tag, x.cells) for x in b] == [("tr", ("Side effect", "How many people had it")), ("tr", ("Hair loss", "45%")),
                                             ("tr", ("Nausea", "35%"))]
    # near miss: two rows of two paragraph cells are no grid (a two-column layout), read paragraph by paragraph
    b = blocks("<table>" + _row("Side effect", "How many people had it") + _row("Hair loss", "45%") + "</table>")
    assert all(x.tag != "tr" for x in b)


def test_paragraph_cells_read_as_a_side_effect_table():
    r = page(SCHEDULE + "<h2>Side effects</h2><table>" + _row("Side effect", "How many people had it") +
             _row("Hair loss", "45%") + _row("Constipation", "25%") + "</table>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Hair loss", Decimal("45")), ("Constipation", Decimal("25"))]


def test_near_misses_of_paragraph_cells_stay_layout():
    # two paragraphs in a cell, a list in a cell, a heading in a cell, a one-cell row: page layout, read block by block
    for row in ("<tr><td><p>Hair loss</p><p>Nausea</p></td><td><p>45%</p></td></tr>",
                "<tr><td><ul><li>Hair loss</li></ul></td><td><p>45%</p></td></tr>",
                "<tr><td><h3>Hair loss</h3></td><td><p>45%</p></td></tr>",
                "<tr><td><p>Hair loss 45%</p></td></tr>"):
        b = blocks(f"<table>{row}</table>")
        assert all(x.tag != "tr" for x in b), row


# --- a dose line without days, then day lines naming the drug without a dose ---------------------------------------


def test_day_lines_after_a_dayless_dose_line_give_its_days():
    r = page("<h2>Your treatment plan</h2><p>The dose is 1.4 mg/m2.</p>"
             "<ul><li>Day one: eribulin</li><li>Day eight: eribulin</li><li>Days 9 to 21: no treatment</li></ul>"
             "<p>A new cycle starts every 21 days.</p>", h1="Eribulin")
    got = [(a.drug, a.dose.value, a.days) for p in r.phases for a in p.administrations]
    assert got == [("eribulin", Decimal("1.4"), [1, 8])]


def test_near_miss_a_dose_line_with_its_own_day_stays():
    r = page("<h2>Your treatment plan</h2><p>Eribulin 1.4 mg/m2 IV on day 1.</p>"
             "<ul><li>Day eight: eribulin</li></ul><p>A new cycle starts every 21 days.</p>", h1="Eribulin")
    got = [a.days for p in r.phases for a in p.administrations]
    assert got == [[1, 8]]  # its day 1 kept beside day 8 (the same dose on two lines is one administration)


# --- 'make up one cycle' is what a cycle is; 'is keeping the cancer under control' is open-ended -------------------


def test_make_up_one_cycle_is_no_count_and_keeping_under_control_is_open_ended():
    r = page(SCHEDULE + "<p>These three weeks make up one cycle, and a new cycle starts every 21 days. There is no fixed "
             "number of cycles: you keep going for as long as the treatment is keeping the cancer under control.</p>")
    (phase,) = r.phases
    assert phase.count is None and phase.stop_rule and "keeping the cancer under control" in phase.stop_rule
    # near miss: 'you have one cycle' is a count
    r = page(SCHEDULE + "<p>You have one cycle only.</p>")
    assert r.phases[0].count == 1


# --- an aside after a bracketed gloss --------------------------------------------------------------------------------


def test_an_aside_after_a_bracketed_gloss_is_no_part_of_the_effect():
    r = page(SCHEDULE + "<h2>Side effects</h2><table><tr><th>Side effect</th><th>How many people had it</th></tr>"
             "<tr><td>Low white blood cells (neutropenia) – risk of infection</td><td>82%</td></tr>"
             "<tr><td>Nausea – severe</td><td>5%</td></tr></table>")
    assert [e.wording for e in r.side_effects] == ["Low white blood cells (neutropenia)", "Nausea – severe"]


# --- a paragraph about one drug: dose, days and route in separate sentences -----------------------------------------


def test_a_one_drug_paragraph_is_read_as_one_dose_line():
    r = page("<h2>The chemotherapy</h2><p><strong>Mitomycin</strong> is given once only, on day 1, as an injection into "
             "a vein. The dose is 12 mg/m<sup>2</sup>, up to a maximum of 20 mg.</p>"
             "<p><strong>5-FU (fluorouracil)</strong> is given as a continuous infusion into a vein. You have 1,000 "
             "mg/m<sup>2</sup> per day, and each pump runs for 96 hours. You have it twice: on days 1 to 4 (week 1) and "
             "days 29 to 32 (week 5).</p>")
    got = [(a.drug, a.dose.value, a.dose.unit, a.route, a.days, a.cap and a.cap.value, a.infusion and a.infusion.value)
           for a in adms(r)]
    assert got == [("mitomycin", Decimal("12"), "mg/m2", "intravenous", [1], Decimal("20"), None),
                   ("fluorouracil", Decimal("1000"), "mg/m2/d", "intravenous", [1, 2, 3, 4, 29, 30, 31, 32], None,
                    Decimal("96"))]


def test_near_misses_of_the_one_drug_paragraph():
    # the paragraph restates a dose given in a dose line of its own: the dose line alone is read
    r = page("<h2>Schedule</h2><p>You have mitomycin as a drip into a vein on day 1. The dose is 12 mg/m2.</p>"
             "<ul><li>Mitomycin 12 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    assert len(adms(r)) == 1 and adms(r)[0].text.startswith("Mitomycin 12")
    # two drugs named: not one drug's paragraph
    r = page("<h2>Schedule</h2><p>You have mitomycin and cisplatin into a vein on day 1. The dose is 12 mg/m2.</p>")
    assert adms(r) == []
    # a dose change, not a dose
    r = page(SCHEDULE + "<h2>More</h2><p>Mitomycin is given on day 1. If side effects are hard going, your team may "
             "lower the dose to 10 mg/m2.</p>")
    assert [a.drug.lower() for a in adms(r)] == ["cisplatin"]


# --- Confluence: a 'How' column, a camelCase 'panelHeader' title --------------------------------------------------


def _bold_row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td><strong>{c}</strong></td>" for c in cells) + "</tr>"


def test_a_how_column_is_the_route_and_the_days_column_is_read():
    r = page("<h2>Schedule</h2><p>28-day cycles.</p><table>" + _bold_row("Drug", "Dose", "How", "Days") +
             "<tr><td>Carfilzomib</td><td>20 mg/m²</td><td>IV infusion over 30 min</td><td>1, 2</td></tr>"
             "<tr><td>Dexamethasone</td><td>20 mg</td><td>PO</td><td>1, 2, 8, 9</td></tr></table>")
    assert [(a.drug, a.route, a.days) for a in adms(r)] == [("carfilzomib", "intravenous", [1, 2]),
                                                            ("dexamethasone", "oral", [1, 2, 8, 9])]


def test_near_miss_how_inside_a_longer_header_is_not_the_route():
    from regimen_fhir.parse.regimen import _COLUMN_ROLES
    route = dict(_COLUMN_ROLES)["route"]
    assert route.search("How") and route.search(" how ")
    assert not route.search("How often") and not route.search("How many people had it")


def test_a_camel_case_panel_header_is_a_heading():
    b = blocks('<div class="panel"><div class="panelHeader"><b>Side effects</b></div>'
               '<div class="panelContent"><p>Nausea (40%)</p></div></div>')
    assert [(x.headings, x.text) for x in b] == [(("Side effects",), "Nausea (40%)")]
    # near misses: 'subheader' (no capital), 'panelheader' in a class list of a long paragraph
    b = blocks('<div class="subheader">Side effects</div><p>Nausea (40%)</p>')
    assert b[-1].headings == ()


# --- a category lead with its band in brackets; the last 'and' of the list -------------------------------------------


def test_a_category_lead_with_a_bracketed_band_and_a_last_and_of_two_effects():
    r = page(SCHEDULE + "<h2>Side effects</h2><p>Very common (more than 1 in 10): tiredness, diarrhoea, headache and "
             "chest infections.</p>")
    assert [(e.term, e.incidence.category_word) for e in r.side_effects] == [
        ("Tiredness", "very common"), ("Diarrhoea", "very common"), ("Headache", "very common"),
        ("Chest infections", "very common")]


def test_near_miss_joint_and_muscle_pain_stays_one_effect():
    r = page(SCHEDULE + "<h2>Side effects</h2><p>Common: tiredness, joint and muscle pain.</p>")
    assert [e.term for e in r.side_effects] == ["Tiredness", "Joint and muscle pain"]


# --- a bold title line over prose lines in one paragraph --------------------------------------------------------------


def test_a_bold_title_line_heads_the_prose_lines_of_its_paragraph():
    b = blocks("<p><strong>What side effects should I look out for?</strong><br>In the trial, the commonest were "
               "tiredness (39%) and cough (17%). Most are mild.</p>")
    assert [(x.headings, x.text) for x in b] == [(("What side effects should I look out for?",),
                                                  "In the trial, the commonest were tiredness (39%) and cough (17%). Most are mild.")]
    r = page(SCHEDULE + "<p><strong>What side effects should I look out for?</strong><br>The commonest problems were "
             "tiredness (39%) and joint pain (30%). Cough affected 17%.</p>")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [
        ("Tiredness", Decimal("39")), ("Joint pain", Decimal("30")), ("Cough", Decimal("17"))]


def test_near_misses_of_the_bold_title_line():
    # a bold label with its text on the same line; a paragraph of one line; a bold word inside the first line
    for body in ("<p><strong>Dose:</strong> 5 mg<br>Take it with food. It is best in the morning.</p>",
                 "<p><strong>Side effects</strong></p><p>Nausea (40%)</p>",
                 "<p>The <strong>dose</strong> is 5 mg<br>Take it with food. It is best in the morning.</p>"):
        b = blocks(body)
        assert all(x.headings != ("Dose",) for x in b)
    b = blocks("<p>The <strong>dose</strong> is 5 mg<br>Take it with food. It is best in the morning.</p>")
    assert [x.headings for x in b] == [()]


# --- FAQ: an accordion's question button heads its answer --------------------------------------------------------


def _faq(q: str, a: str, attrs: str = 'aria-expanded="false"') -> str:
    return (f'<div class="faq-item"><button class="faq-q" {attrs}>{q}</button>'
            f'<div class="faq-a"><div><p>{a}</p></div></div></div>')


def test_a_question_button_heads_its_answer():
    b = blocks(_faq("What side effects might I get?", "Nausea (40%)"))
    assert [(x.headings, x.text) for x in b] == [(("What side effects might I get?",), "Nausea (40%)")]
    # the name of a schema.org Question, without aria-expanded
    b = blocks('<div itemscope itemtype="https://schema.org/Question"><button itemprop="name">Side effects?</button>'
               '<div><p>Nausea (40%)</p></div></div>')
    assert b[-1].headings == ("Side effects?",)


def test_near_misses_of_the_question_button():
    # a form's button; a tab's toggle (it names its pane, see the tab tests)
    for attrs in ('type="submit"', 'data-toggle="tab" aria-expanded="false"'):
        b = blocks(_faq("Search", "Nausea (40%)", attrs))
        assert b[-1].headings == (), attrs


def test_faq_answers_read_as_schedule_and_side_effects():
    r = page(_faq("How is it given?", "Both drugs go into a vein through a drip, one after the other: atezolizumab "
                  "first, then bevacizumab. You get 1,200 mg of atezolizumab. The bevacizumab dose is 15 mg/kg.") +
             _faq("How often will I have it?", "Once every three weeks.") +
             _faq("What side effects might I get?", "Bleeding from the upper gut, for example from varices, affected "
                  "about 7 in 100 people."))
    assert [(a.drug, a.route) for a in adms(r)] == [("atezolizumab", "intravenous"), ("bevacizumab", "intravenous")]
    assert [e.wording for e in r.side_effects] == ["Bleeding from the upper gut"]


def test_near_miss_a_route_sentence_naming_one_drug_is_not_shared():
    r = page("<h2>Schedule</h2><p>Both drugs are important, and cisplatin goes into a vein. Cisplatin 75 mg/m2 on day 1. "
             "Etoposide 100 mg/m2 on day 1.</p><p>Every 21 days.</p>")
    assert {a.drug.lower(): a.route for a in adms(r)}.get("etoposide") is None


# --- pdftohtml: a PDF converted line by line ---------------------------------------------------------------------

PDF_HEAD = ('<meta name="generator" content="pdftohtml 0.86.1"/><style type="text/css">.ft10{font-size:10px}'
            '.ft11{font-size:22px}.ft12{font-size:15px}.ft13{font-size:12px}.ft14{font-size:12px;font-weight:bold}</style>')


def _at(top: int, left: int, cls: str, text: str) -> str:
    return f'<p style="position:absolute;top:{top}px;left:{left}px;white-space:nowrap" class="{cls}">{text}</p>'


def pdf_page(*pages: str) -> Regimen:
    divs = "".join(f'<div id="page{i + 1}-div" style="position:relative">{p}</div>' for i, p in enumerate(pages))
    html = f"<html><head><title>T</title>{PDF_HEAD}</head><body>{divs}</body></html>"
    r = parse.parse_bytes(html.encode("utf-8"), "t.html")
    assert isinstance(r, Regimen)
    return r


def test_a_pdftohtml_page_is_rebuilt_into_headings_paragraphs_lists_and_rows():
    header = _at(48, 108, "ft10", "Northfield Cancer Centre") + _at(1200, 740, "ft10", "Page 1 of 2")
    r = pdf_page(header + _at(104, 108, "ft11", "Cetuximab") + _at(280, 108, "ft12", "How is it given?") +
                 _at(322, 126, "ft13", "•&#160;&#160;Cetuximab 400 mg/m") + _at(318, 251, "ft10", "2") +
                 _at(322, 259, "ft13", "as a drip into a vein over 2 hours.") +
                 _at(350, 108, "ft13", "You have it once a week, and you carry on for as long as the") +
                 _at(366, 108, "ft13", "treatment is working."),
                 header.replace("Page 1", "Page 2") + _at(96, 108, "ft12", "Possible side effects") +
                 _at(184, 108, "ft14", "Side effect") + _at(184, 520, "ft14", "People affected") +
                 _at(204, 108, "ft13", "Diarrhoea") + _at(204, 520, "ft13", "21.2%"))
    assert r.title == "Cetuximab"
    assert [(a.drug, a.dose.value, a.dose.unit, a.route, a.infusion.value) for a in adms(r)] == [
        ("cetuximab", Decimal("400"), "mg/m2", "intravenous", Decimal("2"))]
    assert r.phases[0].stop_rule and "treatment is working" in r.phases[0].stop_rule
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Diarrhoea", Decimal("21.2"))]
    # the running header, repeated on page 2, is read once; 'Page N of M' never
    texts = [f.text for f in r.not_mapped]
    assert texts.count("Northfield Cancer Centre") <= 1 and not any("Page 1 of 2" in (t or "") for t in texts)


def test_near_miss_positioned_paragraphs_without_the_pdftohtml_generator_are_left_alone():
    html = ('<html><head><title>T</title></head><body><div id="page1-div">' + _at(10, 108, "x", "Side effects") +
            _at(30, 108, "x", "Nausea (40%)") + "</div></body></html>")
    b = segment(load_bytes(html.encode("utf-8"), "t.html").tree)
    assert [x.text for x in b] == ["Side effects", "Nausea (40%)"]


# --- 'Week 1 – ...' / 'Week 2 onwards – ...' headings are phases; 'happen to about 3 in 100 people, most often ...' ---


def test_week_headings_are_phases():
    r = page("<h2>How is it given?</h2><p><b>Week 1 – first (loading) dose</b></p><ul><li>Cetuximab 400 mg/m2 IV over "
             "2 hours</li></ul><p><b>Week 2 onwards – every week</b></p><ul><li>Cetuximab 250 mg/m2 IV over 1 hour, once "
             "a week</li></ul>")
    assert [(p.label, [a.dose.value for a in p.administrations]) for p in r.phases] == [
        ("Week 1 – first (loading) dose", [Decimal("400")]), ("Week 2 onwards – every week", [Decimal("250")])]
    # near miss: 'Week 1' without a dash after it is no phase title ('Week 1 of the cycle')
    from regimen_fhir.parse.regimen import _PHASE_WORDS
    assert not _PHASE_WORDS.search("Week 1 of the cycle") and not _PHASE_WORDS.search("Weekly")


def test_an_effect_that_happens_to_a_ratio_of_people_with_a_when_aside():
    r = page(SCHEDULE + "<h2>Side effects</h2><p>Serious reactions during the drip happen to about 3 in 100 people, "
             "most often with the first dose.</p>")
    (e,) = r.side_effects
    assert e.term == "Serious reactions during the drip" and (e.incidence.numerator, e.incidence.denominator) == (3, 100)


# --- Confluence: 'Space : Page' titles ---------------------------------------------------------------------------


def test_a_confluence_title_drops_the_space_named_by_the_first_breadcrumb():
    crumbs = '<ol id="breadcrumbs"><li><a>Haematology Handbook</a></li><li><a>Myeloma</a></li></ol>'
    r = page(crumbs + SCHEDULE, h1="Haematology Handbook : Kd56 - carfilzomib and dexamethasone")
    assert r.title == "Kd56 - carfilzomib and dexamethasone"
    # near miss: the part before ' : ' is no breadcrumb
    r = page(crumbs + SCHEDULE, h1="Myeloma regimens : Kd56")
    assert r.title == "Myeloma regimens : Kd56"
    r = page(SCHEDULE, h1="Haematology Handbook : Kd56")
    assert r.title == "Haematology Handbook : Kd56"


# --- a sentence without a dose giving one drug's route or infusion time ---------------------------------------------


def test_a_route_and_an_injection_time_said_apart_from_the_dose():
    r = page("<h2>Your treatment plan</h2><p>You have eribulin as a short injection into a vein, through a cannula in "
             "your arm or through a central line. The injection itself only takes 2 to 5 minutes.</p>"
             "<p>The dose is 1.4 mg/m2 on days 1 and 8.</p><p>A new cycle starts every 21 days.</p>", h1="Eribulin")
    (a,) = adms(r)
    assert (a.route, a.infusion.low, a.infusion.high, a.infusion.unit) == ("intravenous", 2, 5, "min")


def test_near_misses_of_the_drug_note():
    # a hedge ('may be given IV on days ...') never sets a route; a dose's own route is kept
    r = page("<h2>Schedule</h2><p>Dexamethasone may be given into a vein on days you cannot take tablets.</p>"
             "<ul><li>Dexamethasone 20 mg on days 1 and 2</li><li>Cisplatin 75 mg/m2 by mouth on day 1</li></ul>"
             "<p>You have cisplatin into a vein.</p><p>Every 21 days.</p>")
    assert {a.drug.lower(): a.route for a in adms(r)} == {"dexamethasone": None, "cisplatin": "oral"}


# --- a side-effect table comparing arms by their short names ('Event | Kd | Vd') ---------------------------------


def test_the_column_named_by_the_regimens_short_name_is_read():
    table = ("<table>" + _bold_row("Event", "Kd", "Vd") +
             "<tr><td>Anaemia</td><td>14%</td><td>10%</td></tr><tr><td>Pneumonia</td><td>7%</td><td>8%</td></tr></table>")
    r = page(SCHEDULE + "<h2>Side effects</h2>" + table, h1="Kd56 - carfilzomib and dexamethasone")
    assert [(e.term, e.incidence.value) for e in r.side_effects] == [("Anaemia", Decimal("14")), ("Pneumonia", Decimal("7"))]
    # near miss: a page whose title names neither column: which figure is the regimen's is not told
    r = page(SCHEDULE + "<h2>Side effects</h2>" + table, h1="Carfilzomib and dexamethasone")
    assert r.side_effects == []


def test_phase_headings_of_one_dose_and_of_every_week():
    r = page("<h2>How is it given?</h2><p><b>Week 1 – first (loading) dose</b></p><ul><li>Cetuximab 400 mg/m2 IV over "
             "2 hours</li></ul><p><b>Week 2 onwards – every week</b></p><ul><li>Cetuximab 250 mg/m2 IV over 1 hour</li>"
             "</ul><p>You carry on for as long as the treatment is working.</p>")
    (first, later) = r.phases
    assert (first.count, first.length) == (1, None)
    assert (later.length.value, later.length.unit, later.count) == (1, "wk", None)
    # near misses: 'every week for 12 weeks' is the pattern's own (12 one-week cycles); '3-weekly' is no 'weekly'
    from regimen_fhir.parse.regimen import _EVERY_WEEK_HEADING, _ONE_DOSE_HEADING
    assert not _EVERY_WEEK_HEADING.search("Part 2 – every week for 12 weeks")
    assert not _EVERY_WEEK_HEADING.search("Part 2 – 3-weekly")
    assert not _ONE_DOSE_HEADING.search("Part 1 – the dose is lowered")
